"""Reads for the public procedure catalogue pages: result cards and the procedure page."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from egov.catalog.models import Procedure, ProcedureComponent, ProcedureVersion
from egov.catalog.selectors import fees_total, version_in_force_detail
from egov.core.files.models import StoredFile
from egov.dossiers.deadlines import dossier_due

ONLINE_LEVELS_WITH_SUBMISSION = (ProcedureVersion.OnlineLevel.FULL, ProcedureVersion.OnlineLevel.PARTIAL)


def hours_per_day() -> Decimal:
    return Decimal(str(getattr(settings, "EGOV_HOURS_PER_WORKING_DAY", 8.0)))


@dataclass(frozen=True)
class Deadline:
    same_day: bool
    cutoff: time | None
    days: int  # whole working days
    hours: Decimal  # working hours left over (0 for whole days)


def deadline_of(version: ProcedureVersion) -> Deadline:
    if version.same_day:
        return Deadline(same_day=True, cutoff=version.cutoff, days=0, hours=Decimal(0))
    whole, rest = divmod(Decimal(version.deadline_hours), hours_per_day())
    return Deadline(same_day=False, cutoff=None, days=int(whole), hours=rest.normalize())


def apply_url(code: str) -> str | None:
    """The online application page (built by the portal's e-form pages); None until it exists."""
    try:
        return reverse("portal:apply", args=[code])
    except NoReverseMatch:
        return None


@dataclass(frozen=True)
class Card:
    """One result of the public catalogue."""

    version: ProcedureVersion
    deadline: Deadline
    fee_total: Decimal

    @property
    def procedure(self) -> Procedure:
        return self.version.procedure


def catalog_cards(versions: Iterable[ProcedureVersion]) -> list[Card]:
    """Cards for a page of `catalog_public_search` rows (no further queries)."""
    return [
        Card(version=v, deadline=deadline_of(v), fee_total=getattr(v, "fee_total", Decimal(0)) or Decimal(0))
        for v in versions
    ]


@dataclass(frozen=True)
class SampleField:
    label: str
    value: str


@dataclass(frozen=True)
class SampleSection:
    title: str
    fields: list[SampleField]


def _sample_value(spec: dict[str, Any]) -> str:
    example = spec.get("example")
    if example is None or example == "":
        return "—"
    kind = spec.get("type", "text")
    choices = {str(pair[0]): str(pair[1]) for pair in spec.get("choices") or [] if len(pair) >= 2}
    if isinstance(example, bool) or kind in ("boolean", "checkbox"):
        return _("Yes") if example else _("No")
    if isinstance(example, list):
        return ", ".join(choices.get(str(item), str(item)) for item in example)
    if choices:
        return choices.get(str(example), str(example))
    if kind == "date" and isinstance(example, str):
        try:
            return date.fromisoformat(example).strftime("%d/%m/%Y")
        except ValueError:
            return example
    return str(example)


def eform_sample(schema: Any) -> list[SampleSection]:
    """A sample filled dossier from an e-form schema ({"sections": [{"title", "fields": [...]}]}, or an
    older flat {"fields": [...]}): each field's label with its example value (the label of the chosen
    option for choices). Empty when there is no schema or no field has an example; malformed parts
    are skipped, never fatal."""
    if not isinstance(schema, dict):
        return []
    raw = schema.get("sections")
    if not isinstance(raw, list):
        raw = [{"title": "", "fields": schema.get("fields")}]
    sections = []
    for section in raw:
        if not isinstance(section, dict) or not isinstance(section.get("fields"), list):
            continue
        fields = [
            SampleField(label=str(spec.get("label") or spec.get("name") or ""), value=_sample_value(spec))
            for spec in section["fields"]
            if isinstance(spec, dict) and (spec.get("label") or spec.get("name"))
        ]
        if fields:
            sections.append(SampleSection(title=str(section.get("title") or ""), fields=fields))
    if not any(f.value != "—" for section in sections for f in section.fields):
        return []
    return sections


@dataclass(frozen=True)
class ComponentRow:
    component: ProcedureComponent
    blank_form: StoredFile | None


@dataclass
class ProcedurePage:
    procedure: Procedure
    version: ProcedureVersion | None
    components: list[ComponentRow] = field(default_factory=list)
    fees_total: Decimal = Decimal(0)
    deadline: Deadline | None = None
    due_at: datetime | None = None
    sample: list[SampleSection] = field(default_factory=list)
    apply_url: str | None = None


def procedure_page(*, code: str, now: datetime | None = None) -> ProcedurePage:
    """Everything the public procedure page shows, from the version in force today.
    Raises Procedure.DoesNotExist for an unknown code."""
    moment = now or timezone.now()
    procedure, version = version_in_force_detail(code=code, on=timezone.localdate(moment))
    if version is None:
        return ProcedurePage(procedure=procedure, version=None)
    components = list(version.components.all())
    file_ids = [c.blank_form_id for c in components if c.blank_form_id]
    files = {f.pk: f for f in StoredFile.objects.filter(pk__in=file_ids)} if file_ids else {}
    return ProcedurePage(
        procedure=procedure,
        version=version,
        components=[
            ComponentRow(component=c, blank_form=files.get(c.blank_form_id) if c.blank_form_id else None)
            for c in components
        ],
        fees_total=fees_total(version),
        deadline=deadline_of(version),
        due_at=timezone.localtime(dossier_due(version=version, start=moment)),
        sample=eform_sample(version.eform_schema),
        apply_url=apply_url(procedure.code)
        if version.online_level in ONLINE_LEVELS_WITH_SUBMISSION
        else None,
    )
