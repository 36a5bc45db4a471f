"""Reception of dossiers submitted on the national public service portal (DVCQG; DOMAIN §0, §0.1).

The portal acknowledges the submission itself. Here the dossier enters the provincial system in
status SUBMITTED, waiting for a reception officer of the receiving unit to accept it (form 01:
`dossier_accept_online`, the processing clock starts then) or ask for corrections, within 8 working
hours. Three times are kept apart: `submitted_at` (on the portal), `received_at` (by this system)
and `accepted_at` (valid acceptance, empty until then).

Dossier code (Decree 118 Art. 28, DOMAIN §1.8): the portal's code is adopted when it has the
shape DDD.CC.BB.AXX-YYMMDD-NNNN and is not in use here; the daily counter of its prefix is then
raised to at least NNNN, so codes issued here later never collide with it. Otherwise a code is
generated with `code_prefix` (the national portal's electronic ID: the prefix for online
dossiers of a liên thông group), dated the day of receipt here.

Called by egov.nationalportal (the pull job); this module does not know the portal's wire format.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from egov.core.files.models import StoredFile
from egov.core.files.services import file_attach
from egov.core.text import fold
from egov.dossiers.codes import SequenceCodeGenerator, get_code_generator
from egov.dossiers.models import Dossier, DossierCodeSequence
from egov.dossiers.services._common import audit, require
from egov.dossiers.services.intake import _prepare, _save_components
from egov.dossiers.types import IntakeData
from egov.org.models import Agency

CODE_SHAPE = re.compile(r"^(\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2})-(\d{6})-(\d{4})$")
_GENERATE_ATTEMPTS = 20


def _reserve(*, prefix: str, day: date, number: int) -> None:
    """Raise the daily counter of `prefix` to at least `number` (locked until commit)."""
    table = connection.ops.quote_name(DossierCodeSequence._meta.db_table)
    greatest = "GREATEST" if connection.vendor == "postgresql" else "MAX"
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (prefix, day, last) VALUES (%s, %s, %s) "  # noqa: S608 - model table
            f"ON CONFLICT (prefix, day) DO UPDATE SET last = {greatest}({table}.last, excluded.last)",
            [prefix, connection.ops.adapt_datefield_value(day), number],
        )


def _adoptable(remote_code: str) -> tuple[str, date, int] | None:
    match = CODE_SHAPE.match(remote_code)
    if match is None:
        return None
    try:
        day = datetime.strptime(match[2], "%y%m%d").date()  # noqa: DTZ007 - a calendar date only
    except ValueError:
        return None
    number = int(match[3])
    return (match[1], day, number) if number > 0 else None


def national_code(*, remote_code: str, code_prefix: str, now: datetime) -> str:
    """The code of a dossier received from the portal (see the module docstring)."""
    generator = get_code_generator()
    adoptable = _adoptable(remote_code)
    if adoptable is not None:
        prefix, day, number = adoptable
        if isinstance(generator, SequenceCodeGenerator):
            _reserve(prefix=prefix, day=day, number=number)
        if not Dossier.objects.filter(code=remote_code).exists():
            return remote_code
    for _attempt in range(_GENERATE_ATTEMPTS):
        code = generator.next_code(prefix=code_prefix, day=timezone.localdate(now))
        if not Dossier.objects.filter(code=code).exists():
            return code
    raise ValidationError(_("No free dossier code could be issued."), code="code_conflict")


@transaction.atomic
def dossier_receive_from_national_portal(
    *,
    data: IntakeData,
    remote_code: str,
    submitted_at: datetime,
    code_prefix: str,
    receiving_agency: Agency | None = None,
    eform_data: dict[str, Any] | None = None,
    now: datetime | None = None,
) -> Dossier:
    """Create a SUBMITTED dossier (channel national_portal) from a portal submission.

    `data.competent_agency_id` is required; the receiving unit is `receiving_agency` (default: the
    competent agency itself). Mandatory components are not enforced here (the portal checked the
    submission; the reception officer checks it again and may ask for corrections). Files named
    by `data.components[].file_id` (stored without an owner) are attached to the dossier. Raises
    ValidationError (unknown or not-in-force procedure, agency not implementing it, no published
    process, invalid applicant data). The caller keeps the link to the portal's code.
    """
    now = now or timezone.now()
    agency_id = data.competent_agency_id
    require(agency_id is not None, _("The competent agency is missing."), "required", "competent_agency_id")
    competent = Agency.objects.filter(pk=agency_id or 0).first()
    if competent is None:
        raise ValidationError(
            {"competent_agency_id": ValidationError(_("This agency does not exist."), code="unknown_agency")}
        )
    data = replace(data, channel=Dossier.Channel.NATIONAL_PORTAL)
    dossier, components, _shape = _prepare(
        actor=None,
        receiving_agency=receiving_agency or competent,
        data=data,
        now=now,
        status=Dossier.Status.SUBMITTED,
        check_components=False,
    )
    dossier.submitted_at = submitted_at
    dossier.received_at = now
    dossier.received_by = None
    dossier.online_alerted_at = None  # the reception alert job notifies the officers (rule 5a)
    dossier.eform_data = eform_data or {}
    dossier.code = national_code(remote_code=remote_code, code_prefix=code_prefix, now=now)
    dossier.search_text = fold(
        f"{dossier.code} {dossier.applicant_name} {data.applicant.id_number} {remote_code}"
    )[:400]
    dossier.save(force_insert=True)
    _save_components(dossier, components)
    file_ids = [c.file_id for c in components if c.file_id is not None]
    for stored in StoredFile.objects.filter(pk__in=file_ids).order_by("pk"):
        file_attach(stored=stored, owner=dossier, user=None)
    audit(
        actor=None,
        action="dossier.receive",
        dossier=dossier,
        to_state=dossier.status,
        data={
            "channel": dossier.channel,
            "remote_code": remote_code,
            "submitted_at": submitted_at.isoformat(),
        },
    )
    return dossier
