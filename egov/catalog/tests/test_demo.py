"""The demo catalogue."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.core.management import call_command

from egov.catalog.demo import catalog_demo_seed
from egov.catalog.models import Procedure, ProcedureVersion
from egov.catalog.selectors import fees_total, procedures_for_agency, version_in_force
from egov.org.tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db


def test_demo_seed_is_idempotent_and_published() -> None:
    commune = AgencyFactory.create(agency_code="000.01.00.H59")
    created = catalog_demo_seed()
    assert created >= 20
    assert catalog_demo_seed() == 0
    call_command("catalog_demo")
    assert Procedure.objects.count() == created
    assert all(re.fullmatch(r"\d\.\d{6}", code) for code in Procedure.objects.values_list("code", flat=True))
    assert not ProcedureVersion.objects.exclude(status="published").exists()
    birth = version_in_force(procedure=Procedure.objects.get(code="1.001193"), on=date(2025, 7, 1))
    assert birth is not None and birth.same_day and fees_total(birth) == 8000
    assert birth.eform_schema["version"] == 1 and birth.requires_assurance_level == 1
    death = version_in_force(procedure=Procedure.objects.get(code="1.000656"), on=date(2025, 7, 1))
    assert death is not None and death.requires_assurance_level == 2
    copy = version_in_force(procedure=Procedure.objects.get(code="2.000815"), on=date(2026, 1, 1))
    assert copy is not None and copy.cutoff is not None and copy.cutoff.hour == 15
    assert fees_total(copy) == 2000
    codes = set(procedures_for_agency(agency=commune).values_list("procedure__code", flat=True))
    assert {"1.001193", "1.000894", "1.000656"} <= codes
    assert "1.009974" not in codes  # a provincial procedure
