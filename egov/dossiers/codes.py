"""Dossier codes (DOMAIN §1.8, rule 6): `<prefix>-YYMMDD-NNNN`, NNNN restarting at 0001 each day per
prefix. The generator is pluggable (Circular 03/2025 may re-specify the string): the setting
EGOV_DOSSIER_CODE_GENERATOR holds the dotted path of a class implementing `DossierCodeGenerator`
(default "egov.dossiers.codes.SequenceCodeGenerator").

Call `next_code` inside the transaction that creates the dossier, as late as possible before the
INSERT: the counter row stays locked until commit and a rollback gives the number back, so codes are
unique *and* gapless.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Any, Protocol

from django.conf import settings
from django.db import connection
from django.utils.module_loading import import_string

from egov.dossiers.models import DossierCodeSequence

DEFAULT_GENERATOR = "egov.dossiers.codes.SequenceCodeGenerator"


class DossierCodeGenerator(Protocol):
    def next_code(self, *, prefix: str, day: date) -> str: ...


class SequenceCodeGenerator:
    """Daily counter per prefix in DossierCodeSequence, bumped by one upsert statement.

    `INSERT … ON CONFLICT (prefix, day) DO UPDATE SET last = last + 1 RETURNING last` creates the
    day's row or increments it atomically; the row stays locked until the caller's transaction ends
    (concurrent intakes of the same prefix wait, then see the committed value), and a rollback gives
    the number back. PostgreSQL and SQLite ≥ 3.35 (RETURNING) run the same statement.
    """

    def next_code(self, *, prefix: str, day: date) -> str:
        table = connection.ops.quote_name(DossierCodeSequence._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (prefix, day, last) VALUES (%s, %s, 1) "  # noqa: S608 - model table
                f"ON CONFLICT (prefix, day) DO UPDATE SET last = {table}.last + 1 RETURNING last",
                [prefix, connection.ops.adapt_datefield_value(day)],
            )
            last = cursor.fetchone()[0]
        return f"{prefix}-{day:%y%m%d}-{last:04d}"


@lru_cache(maxsize=8)
def _load(path: str) -> Any:
    return import_string(path)


def get_code_generator() -> DossierCodeGenerator:
    path = getattr(settings, "EGOV_DOSSIER_CODE_GENERATOR", DEFAULT_GENERATOR)
    generator: DossierCodeGenerator = _load(path)()
    return generator


def code_prefix_for(*, receiving_agency: Any, competent_agency: Any, interagency: bool) -> str:
    """The competent agency's code; for a liên thông group, the receiving one-stop unit's code."""
    agency = receiving_agency if interagency else competent_agency
    return str(agency.agency_code)
