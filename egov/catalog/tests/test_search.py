"""Accent-insensitive search (egov.catalog.search) and the public catalogue selector, on SQLite and
PostgreSQL alike."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection

from egov.catalog import services
from egov.catalog.models import Field, Procedure, ProcedureVersion
from egov.catalog.search import MAX_QUERY_LENGTH, search_parse
from egov.catalog.selectors import catalog_public_agencies, catalog_public_search, procedure_search
from egov.catalog.tests.factories import FieldFactory, draft, published
from egov.org.tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 2)


def _procedure(code: str, name: str, *, field: Field | None = None, level: str = "commune") -> Procedure:
    return services.procedure_create(
        code=code, name=name, field=field or FieldFactory.create(code="HT", name="Hộ tịch"), level=level
    )


def _codes(query: str, **filters: object) -> list[str]:
    return [v.procedure.code for v in catalog_public_search(query=query, on=TODAY, **filters)]  # type: ignore[arg-type]


@pytest.fixture
def ho_tich() -> dict[str, Procedure]:
    return {
        "khai_sinh": _procedure("1.001193", "Đăng ký khai sinh"),
        "luu_dong": _procedure("1.000001", "Đăng ký khai sinh lưu động"),
        "no_accents": _procedure("1.000002", "Dang ky khai sinh"),
        "lai": _procedure("1.004884", "Đăng ký lại khai sinh"),
        "khai_tu": _procedure("1.000656", "Đăng ký khai tử"),
        "chung_thuc": _procedure("2.000815", "Chứng thực bản sao từ bản chính"),
    }


def test_parse_caps_strips_punctuation_and_folds() -> None:
    parsed = search_parse("  «Đăng  ký», khai-sinh!  ")
    assert parsed.text == "Đăng ký khai-sinh"
    assert parsed.words == ("dang", "ky", "khai-sinh")
    assert search_parse("%%% ___ ''' ... …").is_empty
    assert search_parse(None).is_empty
    long = search_parse("khai sinh " * 100)
    assert len(long.text) <= MAX_QUERY_LENGTH and long.words == ("khai", "sinh")
    assert search_parse("ĐĂNG KÝ").folded == "dang ky"
    # Decomposed input (NFD, as some keyboards send it) is the same query.
    assert search_parse("Đăng ký").text == search_parse("Đăng ký").text


def test_folded_query_finds_accented_names(ho_tich: dict[str, Procedure]) -> None:
    found = {p.code for p in procedure_search(query="dang ky khai sinh")}
    assert found == {"1.001193", "1.000001", "1.000002", "1.004884"}  # token AND, not a phrase
    # Every word must match, in any order: "lại" sits between the words.
    assert {p.code for p in procedure_search(query="khai sinh dang ky")} == found
    assert {p.code for p in procedure_search(query="dang ky lai khai sinh")} == {"1.004884"}
    assert [p.code for p in procedure_search(query="ĐĂNG KÝ KHAI TỬ")] == ["1.000656"]
    assert [p.code for p in procedure_search(query="chung thuc ban sao")] == ["2.000815"]


def test_exact_accents_rank_first(ho_tich: dict[str, Procedure]) -> None:
    ranked = [p.code for p in procedure_search(query="Đăng ký khai sinh")]
    assert ranked[:2] == ["1.000001", "1.001193"]  # exact phrase, then by code (staff search)
    assert set(ranked[2:]) == {"1.000002", "1.004884"}  # folded-only matches after
    lowercase = [p.code for p in procedure_search(query="đăng ký khai sinh")]
    assert lowercase[:2] == ["1.000001", "1.001193"]  # case does not matter, accents do
    assert _codes("") == []  # nothing published yet: the public catalogue is empty


def test_public_ranking_exact_then_whole_words_then_closeness(ho_tich: dict[str, Procedure]) -> None:
    for procedure in ho_tich.values():
        published(procedure)
    # Exact accents first, the closest (shortest) name first among them; then the folded matches.
    assert _codes("Đăng ký khai sinh") == ["1.001193", "1.000001", "1.000002", "1.004884"]
    # The unaccented name is the exact match for an unaccented query; then the closest names.
    assert _codes("dang ky khai sinh") == ["1.000002", "1.001193", "1.000001", "1.004884"]
    assert set(_codes("khai sinh")[:2]) == {"1.001193", "1.000002"}
    # Search as you type: a half-typed last word already matches, whole-word matches first.
    assert set(_codes("khai si")) == {"1.001193", "1.000001", "1.000002", "1.004884"}
    assert _codes("sinh dang")[:1] in (["1.001193"], ["1.000002"])


def test_code_search(ho_tich: dict[str, Procedure]) -> None:
    assert [p.code for p in procedure_search(query="1.001193")] == ["1.001193"]
    assert [p.code for p in procedure_search(query="1.0011")] == ["1.001193"]
    ranked = [p.code for p in procedure_search(query="1.00")]
    assert set(ranked) == {"1.001193", "1.000001", "1.000002", "1.004884", "1.000656"}
    assert ranked == sorted(ranked)


def test_empty_and_punctuation_only_queries(ho_tich: dict[str, Procedure]) -> None:
    assert procedure_search(query="") == []
    assert procedure_search(query=" ... !!! ") == []
    for procedure in ho_tich.values():
        published(procedure)
    everything = _codes("")
    assert everything == sorted(everything) and len(everything) == 6
    assert _codes("?!") == everything


def test_sql_special_characters_are_literal(ho_tich: dict[str, Procedure]) -> None:
    for query in ("%", "_", "'", "kh%i", "khai_sinh", "dang' OR 1=1 --", "\\", "100%", "d_ng"):
        assert procedure_search(query=query) == [], query
    _procedure("1.000100", "Miễn 100% lệ phí cho hộ nghèo (thử nghiệm)")
    assert [p.code for p in procedure_search(query="100%")] == ["1.000100"]
    assert [p.code for p in procedure_search(query="(thử nghiệm)")] == ["1.000100"]
    assert [p.code for p in procedure_search(query="Miễn 100% lệ phí")] == ["1.000100"]


def test_very_long_query_is_capped_without_error(ho_tich: dict[str, Procedure]) -> None:
    assert procedure_search(query="khai sinh " * 1000) != []
    assert procedure_search(query="x" * 10_000) == []
    assert _codes("đăng ký " * 500) == []  # nothing published: still no error


def test_public_filters(ho_tich: dict[str, Procedure]) -> None:
    chung_thuc_field = FieldFactory.create(code="CT", name="Chứng thực")
    tinh = _procedure("1.009994", "Cấp giấy phép xây dựng", field=chung_thuc_field, level="province")
    agency, other = AgencyFactory.create(), AgencyFactory.create()
    full = published(ho_tich["khai_sinh"], online_level=ProcedureVersion.OnlineLevel.FULL)
    full.implementing_agencies.add(agency)
    published(ho_tich["khai_tu"], online_level=ProcedureVersion.OnlineLevel.PARTIAL)
    province = published(tinh)
    province.implementing_agencies.add(other)
    services.procedure_version_create_draft(procedure=ho_tich["lai"], valid_from=date(2025, 1, 1))  # draft
    published(ho_tich["chung_thuc"], valid_from=date(2027, 1, 1))  # not yet in force

    assert _codes("") == ["1.000656", "1.001193", "1.009994"]
    assert _codes("", online_level="full") == ["1.001193"]
    assert _codes("", online_level="partial") == ["1.000656"]
    assert _codes("", level="province") == ["1.009994"]
    assert _codes("", field_code="CT") == ["1.009994"]
    assert _codes("", agency_id=agency.pk) == ["1.001193"]
    assert _codes("dang ky", agency_id=other.pk) == []
    assert _codes("dang ky", field_code="HT", online_level="full") == ["1.001193"]
    assert list(catalog_public_agencies(on=TODAY)) == sorted([agency, other], key=lambda a: a.name)


def test_public_search_annotates_fee_total(ho_tich: dict[str, Procedure]) -> None:
    version = published(ho_tich["khai_sinh"])
    free = services.procedure_version_publish(
        version=services.procedure_version_set_items(
            version=draft(ho_tich["khai_tu"]),
            components=[{"order": 1, "name": "Tờ khai", "form": "original", "copies": 1, "mandatory": True}],
            fees=[],
            result_types=[{"code": "KQ", "name": "Trích lục"}],
        )
    )
    rows = {v.pk: v.fee_total for v in catalog_public_search(on=TODAY)}  # type: ignore[attr-defined]
    assert rows == {version.pk: Decimal(10000), free.pk: Decimal(0)}


def test_postgres_search_objects_exist() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_tsvector('vn', 'Đăng ký khai sinh')::text, egov_unaccent('Đức')")
        vector, folded = cursor.fetchone()
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'catalog_procedure_search_trgm'")
        (indexdef,) = cursor.fetchone()
    assert vector == "'dang':1 'khai':3 'ky':2 'sinh':4"
    assert folded == "Duc"
    assert "gin_trgm_ops" in indexdef
