"""Numbering (Decree 30/2020 Art. 15 and Art. 22; rule 7).

A gapless counter per agency, year and series, bumped by one upsert
(`INSERT … ON CONFLICT … DO UPDATE SET last = last + 1 RETURNING last`, as egov.dossiers.codes): the
counter row stays locked until the caller's transaction ends, so concurrent issuances queue and a
rollback gives the number back. Call inside the transaction that stores the document.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from egov.core.audit.services import audit_record
from egov.core.text import nfc
from egov.documents.models import DocumentType, IssuedNumber, NumberCounter, NumberSeries
from egov.org.models import Agency

# One abbreviation group: letters (Vietnamese included) and digits, no space, "/" or "-".
ABBR_RE = re.compile(r"^[^\W_]{1,15}$")


def counter_next(*, agency: Agency, year: int, series: str) -> int:
    """The next number of one series (1 for the first of the year). Locks the counter row until the
    end of the current transaction."""
    if series not in NumberSeries.values:
        raise ValueError(f"unknown series {series!r}")
    table = connection.ops.quote_name(NumberCounter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (agency_id, year, series, last) VALUES (%s, %s, %s, 1) "  # noqa: S608
            f"ON CONFLICT (agency_id, year, series) DO UPDATE SET last = {table}.last + 1 RETURNING last",
            [agency.pk, year, series],
        )
        row = cursor.fetchone()
    return int(row[0])


def number_display(number: int) -> str:
    """Numbers below 10 take a leading 0 (01 … 09, 10, 123)."""
    return f"{number:02d}"


def local_year(value: date | datetime | None = None) -> int:
    """The year of a date, or of an instant taken in Asia/Ho_Chi_Minh: 31/12 23:59 there is still
    that year, 01/01 00:00 there is the new one although UTC is still on 31/12."""
    if value is None:
        return timezone.localdate().year
    if isinstance(value, datetime):
        return timezone.localtime(value).year
    return value.year


def _abbr(value: str, *, label: str, required: bool) -> str:
    cleaned = nfc(value or "").strip()
    if not cleaned:
        if required:
            raise ValidationError(_("Enter the %(label)s.") % {"label": label}, code="abbr_required")
        return ""
    if not ABBR_RE.match(cleaned):
        raise ValidationError(
            _("The %(label)s “%(value)s” may contain only letters and digits (no spaces, “/” or “-”).")
            % {"label": label, "value": cleaned},
            code="abbr_invalid",
        )
    return cleaned


def document_symbol(*, doc_type: DocumentType, issuing_abbr: str, unit_abbr: str = "") -> str:
    """`QĐ-UBND` for typed documents; `UBND-VP` for a Công văn (and other types without an
    abbreviation): issuing body, then the drafting unit or field. Case is kept as given."""
    issuing = _abbr(issuing_abbr, label=_("abbreviation of the issuing body"), required=True)
    if doc_type.has_abbreviation:
        return f"{doc_type.abbreviation}-{issuing}"
    unit = _abbr(unit_abbr, label=_("abbreviation of the drafting unit"), required=True)
    return f"{issuing}-{unit}"


@transaction.atomic
def document_number_issue(
    *,
    agency: Agency,
    doc_type: DocumentType,
    year: int | None = None,
    secret: bool = False,
    issuing_abbr: str,
    unit_abbr: str = "",
    actor: Any = None,
    now: datetime | None = None,
) -> tuple[int, str]:
    """Give the next number of the agency's outgoing series for `year` (default: the year of `now`,
    in Vietnam time) and return `(number, "05/QĐ-UBND")`. Secret documents use their own series.
    A ledger row (IssuedNumber) holds number + symbol, unique per agency, year and series."""
    issued = document_number_issue_row(
        agency=agency,
        doc_type=doc_type,
        year=year,
        secret=secret,
        issuing_abbr=issuing_abbr,
        unit_abbr=unit_abbr,
        actor=actor,
        now=now,
    )
    return issued.number, issued.text


@transaction.atomic
def document_number_issue_row(
    *,
    agency: Agency,
    doc_type: DocumentType,
    year: int | None = None,
    secret: bool = False,
    issuing_abbr: str,
    unit_abbr: str = "",
    actor: Any = None,
    now: datetime | None = None,
) -> IssuedNumber:
    """As `document_number_issue`, returning the IssuedNumber row (to link an OutgoingDocument)."""
    moment = now or timezone.now()
    symbol = document_symbol(doc_type=doc_type, issuing_abbr=issuing_abbr, unit_abbr=unit_abbr)
    the_year = year if year is not None else local_year(moment)
    series = NumberSeries.OUTGOING_SECRET if secret else NumberSeries.OUTGOING_NORMAL
    number = counter_next(agency=agency, year=the_year, series=series)
    text = f"{number_display(number)}/{symbol}"
    issued = IssuedNumber.objects.create(
        agency=agency,
        year=the_year,
        series=series,
        number=number,
        symbol=symbol,
        text=text,
        doc_type=doc_type,
        issued_at=moment,
        issued_by=actor if getattr(actor, "pk", None) else None,
    )
    audit_record(
        actor=actor,
        action="documents.number_issue",
        target=issued,
        to_state=text,
        data={"agency": agency.pk, "year": the_year, "series": str(series), "number": number},
    )
    return issued
