"""Dossier codes (DOMAIN §1.8, rule 6): `<prefix>-YYMMDD-NNNN`, NNNN restarting at 0001 each day per
prefix. The generator is pluggable (Circular 03/2025 may re-specify the string): the setting
EGOV_DOSSIER_CODE_GENERATOR holds the dotted path of a class implementing `DossierCodeGenerator`
(default "egov.dossiers.codes.SequenceCodeGenerator").

Call `next_code` inside the transaction that creates the dossier: the counter row stays locked until
commit and a rollback gives the number back, so codes are unique *and* gapless.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Any, Protocol

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.module_loading import import_string

from egov.dossiers.models import DossierCodeSequence

DEFAULT_GENERATOR = "egov.dossiers.codes.SequenceCodeGenerator"


class DossierCodeGenerator(Protocol):
    def next_code(self, *, prefix: str, day: date) -> str: ...


class SequenceCodeGenerator:
    """Daily counter per prefix in DossierCodeSequence, locked with SELECT … FOR UPDATE."""

    def next_code(self, *, prefix: str, day: date) -> str:
        with transaction.atomic():
            if not DossierCodeSequence.objects.filter(prefix=prefix, day=day).exists():
                try:
                    with transaction.atomic():  # savepoint: a concurrent insert may win
                        DossierCodeSequence.objects.get_or_create(prefix=prefix, day=day)
                except IntegrityError:
                    pass
            row = DossierCodeSequence.objects.select_for_update().get(prefix=prefix, day=day)
            row.last += 1
            row.save(update_fields=["last"])
        return f"{prefix}-{day:%y%m%d}-{row.last:04d}"


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
