"""Rule 7: Decree 30/2020 numbering."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from egov.documents.models import DocumentType, IssuedNumber, NumberSeries
from egov.documents.services import document_number_issue, document_symbol, number_display
from egov.documents.tests.conftest import Office, vn

pytestmark = pytest.mark.django_db


def t(code: str) -> DocumentType:
    return DocumentType.objects.get(code=code)


def test_numbers_below_10_are_zero_padded() -> None:
    assert [number_display(n) for n in (1, 9, 10, 123)] == ["01", "09", "10", "123"]


def test_typed_document_symbol_and_first_number(office: Office) -> None:
    number, text = document_number_issue(
        agency=office.agency, doc_type=t("quyet_dinh"), issuing_abbr="UBND", now=vn(2026, 3, 2, 9)
    )
    assert (number, text) == (1, "01/QĐ-UBND")
    _, second = document_number_issue(
        agency=office.agency, doc_type=t("ke_hoach"), issuing_abbr="UBND", now=vn(2026, 3, 2, 9)
    )
    assert second == "02/KH-UBND"  # one series for all types of the agency


def test_symbols_keep_their_case(office: Office) -> None:
    texts = [
        document_number_issue(agency=office.agency, doc_type=t(code), issuing_abbr="UBND", year=2026)[1]
        for code in ("quy_dinh", "chuong_trinh", "to_trinh", "quyet_dinh")
    ]
    assert texts == ["01/QyĐ-UBND", "02/CTr-UBND", "03/TTr-UBND", "04/QĐ-UBND"]


def test_cong_van_has_no_type_abbreviation(office: Office) -> None:
    for _ in range(122):
        document_number_issue(agency=office.agency, doc_type=t("quyet_dinh"), issuing_abbr="UBND", year=2026)
    number, text = document_number_issue(
        agency=office.agency, doc_type=t("cong_van"), issuing_abbr="UBND", unit_abbr="VP", year=2026
    )
    assert (number, text) == (123, "123/UBND-VP")
    assert "CV" not in text


def test_cong_van_needs_the_unit_abbreviation(office: Office) -> None:
    with pytest.raises(ValidationError) as exc:
        document_number_issue(agency=office.agency, doc_type=t("cong_van"), issuing_abbr="UBND", year=2026)
    assert exc.value.code == "abbr_required"
    assert IssuedNumber.objects.count() == 0


@pytest.mark.parametrize("bad", ["UB ND", "UBND-VP", "UB/ND", ""])
def test_bad_issuing_abbreviation_is_refused(office: Office, bad: str) -> None:
    with pytest.raises(ValidationError):
        document_symbol(doc_type=t("quyet_dinh"), issuing_abbr=bad)


def test_restart_on_1_january_in_vietnam_time(office: Office) -> None:
    qd = t("quyet_dinh")
    last_2025 = document_number_issue(
        agency=office.agency, doc_type=qd, issuing_abbr="UBND", now=vn(2025, 12, 31, 23, 58)
    )
    again_2025 = document_number_issue(
        agency=office.agency, doc_type=qd, issuing_abbr="UBND", now=vn(2025, 12, 31, 23, 59)
    )
    # 1 Jan 00:00 in Hà Nội is still 31 Dec 17:00 UTC: the new year's series starts anyway.
    first_2026 = document_number_issue(
        agency=office.agency, doc_type=qd, issuing_abbr="UBND", now=vn(2026, 1, 1, 0, 0)
    )
    assert (last_2025, again_2025, first_2026) == ((1, "01/QĐ-UBND"), (2, "02/QĐ-UBND"), (1, "01/QĐ-UBND"))
    years = list(IssuedNumber.objects.order_by("pk").values_list("year", flat=True))
    assert years == [2025, 2025, 2026]


def test_secret_documents_use_a_separate_series(office: Office) -> None:
    qd = t("quyet_dinh")
    document_number_issue(agency=office.agency, doc_type=qd, issuing_abbr="UBND", year=2026)
    document_number_issue(agency=office.agency, doc_type=qd, issuing_abbr="UBND", year=2026)
    secret = document_number_issue(
        agency=office.agency, doc_type=qd, issuing_abbr="UBND", year=2026, secret=True
    )
    normal = document_number_issue(agency=office.agency, doc_type=qd, issuing_abbr="UBND", year=2026)
    assert secret == (1, "01/QĐ-UBND")
    assert normal == (3, "03/QĐ-UBND")
    assert IssuedNumber.objects.get(number=1, series=NumberSeries.OUTGOING_SECRET).year == 2026


def test_series_are_per_agency(office: Office) -> None:
    qd = t("quyet_dinh")
    document_number_issue(agency=office.agency, doc_type=qd, issuing_abbr="UBND", year=2026)
    assert document_number_issue(agency=office.other, doc_type=qd, issuing_abbr="STP", year=2026) == (
        1,
        "01/QĐ-STP",
    )


def test_number_and_symbol_unique_per_agency_year_in_the_database(office: Office) -> None:
    document_number_issue(agency=office.agency, doc_type=t("quyet_dinh"), issuing_abbr="UBND", year=2026)
    row = IssuedNumber.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        IssuedNumber.objects.create(
            agency=row.agency, year=2026, series=row.series, number=99, symbol=row.symbol, text=row.text,
            doc_type=row.doc_type, issued_at=row.issued_at,
        )  # fmt: skip
    with pytest.raises(IntegrityError), transaction.atomic():
        IssuedNumber.objects.create(
            agency=row.agency, year=2026, series=row.series, number=1, symbol="KH-UBND", text="01/KH-UBND",
            doc_type=row.doc_type, issued_at=row.issued_at,
        )  # fmt: skip
    # the next year may use it again
    IssuedNumber.objects.create(
        agency=row.agency, year=2027, series=row.series, number=1, symbol=row.symbol, text=row.text,
        doc_type=row.doc_type, issued_at=row.issued_at,
    )  # fmt: skip


def test_rollback_gives_the_number_back(office: Office) -> None:
    qd = t("quyet_dinh")
    with pytest.raises(RuntimeError), transaction.atomic():
        document_number_issue(agency=office.agency, doc_type=qd, issuing_abbr="UBND", year=2026)
        raise RuntimeError
    assert document_number_issue(agency=office.agency, doc_type=qd, issuing_abbr="UBND", year=2026)[0] == 1


def test_issue_is_audited(office: Office) -> None:
    from egov.core.audit.models import AuditEvent

    document_number_issue(
        agency=office.agency, doc_type=t("to_trinh"), issuing_abbr="UBND", year=2026, actor=office.clerk
    )
    event = AuditEvent.objects.get(action="documents.number_issue")
    assert event.to_state == "01/TTr-UBND" and event.actor_id == office.clerk.pk


def test_errors_are_in_vietnamese(office: Office) -> None:
    from django.utils import translation

    with translation.override("vi"), pytest.raises(ValidationError) as exc:
        document_number_issue(agency=office.agency, doc_type=t("cong_van"), issuing_abbr="UBND", year=2026)
    assert exc.value.messages == ["Nhập chữ viết tắt tên đơn vị soạn thảo."]
