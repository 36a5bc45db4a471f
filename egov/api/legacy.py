"""Legacy import: dossiers from the previous one-stop software, with their ORIGINAL codes, statuses
and timestamps. An import path, not a lifecycle action: rows are created directly, without a
process (no tasks are opened), all-or-nothing, one audit record per dossier."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from egov.catalog.models import Procedure, ProcedureVersion
from egov.catalog.selectors import version_in_force
from egov.core.audit.services import audit_record
from egov.core.text import fold, nfc
from egov.dossiers.models import Dossier
from egov.org.models import Agency

MAX_ROWS = 1000
NOT_IMPORTABLE = (Dossier.Status.DRAFT, Dossier.Status.SUBMITTED)
FINISHED = (Dossier.Status.RESOLVED, Dossier.Status.RETURNED, Dossier.Status.CLOSED)


@dataclass(frozen=True)
class LegacyDossier:
    code: str
    procedure_code: str
    receiving_agency_code: str
    applicant_name: str
    status: str
    received_at: datetime
    competent_agency_code: str = ""  # default: the receiving agency
    applicant_kind: str = "person"
    applicant_id_number: str = ""
    applicant_phone: str = ""
    applicant_address: str = ""
    channel: str = "counter"
    accepted_at: datetime | None = None
    due_at: datetime | None = None
    resolved_at: datetime | None = None
    returned_at: datetime | None = None


@dataclass
class _Lookups:
    existing_codes: set[str]
    agencies: dict[str, Agency]
    procedures: dict[str, Procedure]


def _lookups(rows: list[LegacyDossier]) -> _Lookups:
    codes = {r.code.strip() for r in rows}
    agency_codes = {r.receiving_agency_code.strip() for r in rows} | {
        r.competent_agency_code.strip() for r in rows if r.competent_agency_code
    }
    return _Lookups(
        existing_codes=set(Dossier.objects.filter(code__in=codes).values_list("code", flat=True)),
        agencies={a.agency_code: a for a in Agency.objects.filter(agency_code__in=agency_codes)},
        procedures={
            p.code: p for p in Procedure.objects.filter(code__in={r.procedure_code.strip() for r in rows})
        },
    )


def _check_times(row: LegacyDossier, add: Any) -> None:
    for name in ("received_at", "accepted_at", "due_at", "resolved_at", "returned_at"):
        value = getattr(row, name)
        if value is not None and timezone.is_naive(value):
            add(name, _("Give the time with its time zone."))
            return
    if row.accepted_at and row.accepted_at < row.received_at:
        add("accepted_at", _("Accepted before it was received."))
    if row.due_at and row.due_at < row.received_at:
        add("due_at", _("Due before it was received."))
    if row.resolved_at and row.resolved_at < row.received_at:
        add("resolved_at", _("Resolved before it was received."))
    if row.returned_at and row.resolved_at and row.returned_at < row.resolved_at:
        add("returned_at", _("Returned before it was resolved."))
    if row.status in (Dossier.Status.RESOLVED, Dossier.Status.RETURNED) and row.resolved_at is None:
        add("resolved_at", _("A resolved dossier needs its resolution time."))
    if row.status == Dossier.Status.RETURNED and row.returned_at is None:
        add("returned_at", _("A returned dossier needs its return time."))


def _validate_row(
    index: int, row: LegacyDossier, lookups: _Lookups, seen: set[str], errors: dict[str, list[str]]
) -> ProcedureVersion | None:
    def add(field: str, message: str) -> None:
        errors.setdefault(f"{index}.{field}", []).append(str(message))

    code = row.code.strip()
    if not code:
        add("code", _("Enter the dossier code."))
    elif code in lookups.existing_codes:
        add("code", _("A dossier with this code already exists."))
    elif code in seen:
        add("code", _("This code appears twice in the import."))
    seen.add(code)
    if row.status not in Dossier.Status.values or row.status in NOT_IMPORTABLE:
        add("status", _("This status cannot be imported."))
    if row.channel not in Dossier.Channel.values:
        add("channel", _("Unknown channel."))
    if row.applicant_kind not in Dossier.ApplicantKind.values:
        add("applicant_kind", _("Unknown applicant kind."))
    if not nfc(row.applicant_name).strip():
        add("applicant_name", _("Enter the applicant's name."))
    if row.receiving_agency_code.strip() not in lookups.agencies:
        add("receiving_agency_code", _("Unknown agency code."))
    if row.competent_agency_code and row.competent_agency_code.strip() not in lookups.agencies:
        add("competent_agency_code", _("Unknown agency code."))
    _check_times(row, add)
    procedure = lookups.procedures.get(row.procedure_code.strip())
    if procedure is None:
        add("procedure_code", _("This procedure does not exist."))
        return None
    version = version_in_force(procedure=procedure, on=timezone.localdate(row.received_at))
    if version is None:
        add("procedure_code", _("The procedure had no version in force on the day it was received."))
    return version


def _timeliness(row: LegacyDossier) -> str:
    if row.resolved_at is None or row.due_at is None:
        return ""
    return Dossier.Timeliness.ON_TIME if row.resolved_at <= row.due_at else Dossier.Timeliness.LATE


def _build(row: LegacyDossier, version: ProcedureVersion, agencies: dict[str, Agency]) -> Dossier:
    code = row.code.strip()
    name = nfc(row.applicant_name).strip()
    receiving = agencies[row.receiving_agency_code.strip()]
    competent = agencies.get(row.competent_agency_code.strip(), receiving)
    return Dossier(
        code=code,
        procedure_version=version,
        process=None,
        status=row.status,
        channel=row.channel,
        receiving_agency=receiving,
        competent_agency=competent,
        applicant_kind=row.applicant_kind,
        applicant_name=name,
        applicant_id_number=row.applicant_id_number.strip(),
        applicant_phone=row.applicant_phone.strip(),
        applicant_address=nfc(row.applicant_address).strip(),
        received_at=row.received_at,
        accepted_at=row.accepted_at,
        clock_started_at=row.accepted_at,
        due_at=row.due_at,
        original_due_at=row.due_at,
        resolved_at=row.resolved_at,
        returned_at=row.returned_at,
        timeliness=_timeliness(row),
        search_text=fold(f"{code} {name} {row.applicant_id_number}")[:400],
    )


def dossier_import_legacy(*, actor: Any, rows: list[LegacyDossier]) -> list[Dossier]:
    """Validate every row first (errors keyed "<row>.<field>"), then create all of them in one
    transaction with an audit record each; raises ValidationError and writes nothing otherwise."""
    if not rows:
        raise ValidationError({"dossiers": [_("Nothing to import.")]})
    if len(rows) > MAX_ROWS:
        raise ValidationError({"dossiers": [_("Import at most %(n)d dossiers at a time.") % {"n": MAX_ROWS}]})
    lookups = _lookups(rows)
    errors: dict[str, list[str]] = {}
    seen: set[str] = set()
    versions = [_validate_row(i, row, lookups, seen, errors) for i, row in enumerate(rows)]
    if errors:
        raise ValidationError(errors)
    created: list[Dossier] = []
    try:
        with transaction.atomic():
            for row, version in zip(rows, versions, strict=True):
                assert version is not None  # noqa: S101 - validated above
                dossier = _build(row, version, lookups.agencies)
                dossier.save(force_insert=True)
                audit_record(
                    actor=actor,
                    action="dossier.import_legacy",
                    target=dossier,
                    to_state=dossier.status,
                    data={"code": dossier.code, "received_at": row.received_at.isoformat()},
                )
                created.append(dossier)
    except IntegrityError as exc:  # a code taken by a concurrent import or intake
        raise ValidationError(
            {"dossiers": [_("A dossier code was taken while importing; nothing was imported.")]}
        ) from exc
    return created
