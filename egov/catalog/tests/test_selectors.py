"""Search, version in force, procedures of an agency, fee totals."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from egov.catalog import services
from egov.catalog.selectors import fees_total, procedure_search, procedures_for_agency, version_in_force
from egov.catalog.tests.factories import FieldFactory, ProcedureFactory, published
from egov.core.text import fold
from egov.org.tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db


def _procedure(code: str, name: str) -> object:
    return services.procedure_create(code=code, name=name, field=FieldFactory.create(), level="commune")


def test_search_is_accent_insensitive_and_ranks_exact_accents_first() -> None:
    _procedure("1.000001", "Đăng ký khai sinh lưu động")
    _procedure("1.000002", "Dang ky khai sinh")  # no accents: a folded match only
    _procedure("1.001193", "Đăng ký khai sinh")
    _procedure("2.000815", "Chứng thực bản sao từ bản chính")
    found = procedure_search(query="dang ky khai sinh")
    assert {p.code for p in found} == {"1.000001", "1.000002", "1.001193"}
    exact = procedure_search(query="Đăng ký khai sinh")
    assert [p.code for p in exact][:2] == ["1.000001", "1.001193"]
    assert exact[-1].code == "1.000002"
    assert [p.code for p in procedure_search(query="chung thuc")] == ["2.000815"]


def test_search_every_word_must_match_and_code_prefix() -> None:
    _procedure("1.001193", "Đăng ký khai sinh")
    _procedure("1.000656", "Đăng ký khai tử")
    assert [p.code for p in procedure_search(query="khai tu")] == ["1.000656"]
    assert [p.code for p in procedure_search(query="1.0011")] == ["1.001193"]
    assert procedure_search(query="  ") == []
    assert len(procedure_search(query="dang ky", limit=1)) == 1


def test_folded_search_text() -> None:
    assert fold("ĐĂNG KÝ") == "dang ky"


def test_version_in_force_across_dates() -> None:
    first = published()
    procedure = first.procedure
    second = services.procedure_version_create_draft(procedure=procedure, valid_from=date(2026, 1, 1))
    services.procedure_version_publish(version=second)
    assert version_in_force(procedure=procedure, on=date(2025, 6, 30)) is None
    assert version_in_force(procedure=procedure, on=date(2025, 7, 1)) == first
    assert version_in_force(procedure=procedure, on=date(2025, 12, 31)) == first
    assert version_in_force(procedure=procedure, on=date(2026, 1, 1)) == second
    assert version_in_force(procedure=procedure, on=date(2030, 1, 1)) == second


def test_draft_is_never_in_force() -> None:
    procedure = ProcedureFactory.create()
    services.procedure_version_create_draft(procedure=procedure, valid_from=date(2025, 1, 1))
    assert version_in_force(procedure=procedure, on=date(2026, 1, 1)) is None


def test_procedures_for_agency_and_fees_total() -> None:
    agency, other = AgencyFactory.create(), AgencyFactory.create()
    version = published()
    version.implementing_agencies.add(agency)
    published()
    assert list(procedures_for_agency(agency=agency, on=date(2026, 1, 1))) == [version]
    assert list(procedures_for_agency(agency=other, on=date(2026, 1, 1))) == []
    assert list(procedures_for_agency(agency=agency, on=date(2025, 1, 1))) == []
    assert fees_total(version) == Decimal(10000)
