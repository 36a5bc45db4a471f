"""Every one-stop form renders to an A4 PDF with embedded DejaVu fonts and intact Vietnamese."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from openpyxl import load_workbook

from egov.dossiers.forms_pdf import BOOK_COLUMNS, form_pdf, tracking_book_pdf, tracking_book_xlsx
from egov.dossiers.models import Dossier, SupplementationRequest
from egov.printing.catalog import FORMS
from egov.printing.qr import tracking_url

NATIONAL = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
PORTRAIT = "595.276 x 841.89 pts (A4)"
LANDSCAPE = "841.89 x 595.276 pts (A4)"
DUE_PHRASE = "16 giờ 00 phút, ngày 27 tháng 11 năm 2026"
RECEIVED_PHRASE = "08 giờ 30 phút, ngày 23 tháng 11 năm 2026"
# Forms 02/03 are issued at reception: they carry the receipt time, not an appointment.
APPOINTMENT_OR_RECEIPT = {1: DUE_PHRASE, 2: RECEIVED_PHRASE, 3: RECEIVED_PHRASE, 4: DUE_PHRASE}
APPOINTMENT_OR_RECEIPT |= {5: DUE_PHRASE, 6: "27/11/2026"}
PRINTED_ON = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)


def squeeze(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize("number", [1, 2, 3, 4, 5, 6])
def test_form_renders(number, dossier, poppler) -> None:
    pdf = form_pdf(number=number, dossier=dossier, reason="Thiếu giấy tờ", printed_on=PRINTED_ON)
    assert pdf.startswith(b"%PDF")
    text = poppler.text(pdf)
    assert NATIONAL in text
    assert MOTTO in text
    assert dossier.code in text
    assert "Nguyễn Văn Bình An" in text
    words = " ".join(text.split())
    assert "Tây Ninh, ngày 23 tháng 11 năm 2026" in words  # place and date line (printed_on)
    assert APPOINTMENT_OR_RECEIPT[number] in words
    assert FORMS[number].title.upper() in words
    assert tracking_url(dossier.code) in squeeze(poppler.text(pdf, raw=True))
    fonts = poppler.fonts(pdf)
    assert "EgovSerif" in fonts
    assert all(" yes yes yes " in line for line in fonts.splitlines()[2:])
    assert (LANDSCAPE if number == 6 else PORTRAIT) in poppler.info(pdf)


def test_form01_fields(dossier, poppler) -> None:
    text = " ".join(poppler.text(form_pdf(number=1, dossier=dossier, book_no="3", book_seq="125")).split())
    assert "08 giờ 30 phút, ngày 23 tháng 11 năm 2026" in text  # received, local time
    assert "16 giờ 00 phút, ngày 27 tháng 11 năm 2026" in text  # appointment
    assert "Tờ khai đăng ký" in text and "Bản sao Căn cước" in text and "Bản chính" in text
    assert "3 ngày làm việc" in text
    assert "☒ Bộ phận tiếp nhận và trả kết quả" in text
    assert "Quyển số: 3, Số thứ tự: 125" in text
    assert "NGƯỜI NỘP HỒ SƠ" in text and "NGƯỜI TIẾP NHẬN HỒ SƠ" in text
    assert "Phạm Thị Tiếp Nhận" in text
    assert "50.000 đồng" in text
    assert "Quét mã để tra cứu hồ sơ" in text  # printing catalogue, forms always in Vietnamese


def test_form02_lists_the_latest_request(dossier, poppler) -> None:
    SupplementationRequest.objects.create(
        dossier=dossier,
        stage="intake",
        items=["Bản sao giấy khai sinh", {"name": "Ảnh 4x6"}],
        reason="Hồ sơ chưa đủ thành phần",
        requested_at=datetime(2026, 11, 23, 3, 0, tzinfo=UTC),
        requested_by=dossier.received_by,
    )
    text = " ".join(poppler.text(form_pdf(number=2, dossier=dossier)).split())
    assert "Bản sao giấy khai sinh" in text and "Ảnh 4x6" in text
    assert "Hồ sơ chưa đủ thành phần" in text
    assert "10 giờ 00 phút, ngày 23 tháng 11 năm 2026" in text


def test_form04_new_appointment(dossier, poppler) -> None:
    new_due = datetime(2026, 12, 2, 2, 0, tzinfo=UTC)
    text = " ".join(poppler.text(form_pdf(number=4, dossier=dossier, new_due_at=new_due)).split())
    assert "09 giờ 00 phút, ngày 02 tháng 12 năm 2026" in text
    assert "THỦ TRƯỞNG CƠ QUAN" in text


def test_form06_handovers(dossier, poppler) -> None:
    text = " ".join(poppler.text(form_pdf(number=6, dossier=dossier)).split())
    assert "Đúng hạn" in text and "Trước hạn" in text
    assert "Tiếp nhận hồ sơ" in text and "Thẩm định hồ sơ" in text
    assert "09 giờ 00 phút, ngày 23 tháng 11 năm 2026" in text


def test_form07_book_pdf_and_xlsx(dossier, poppler, django_assert_max_num_queries) -> None:
    with django_assert_max_num_queries(4):
        pdf = tracking_book_pdf(agency=dossier.receiving_agency, dossiers=Dossier.objects.all())
    text = poppler.text(pdf)
    assert pdf.startswith(b"%PDF")
    assert NATIONAL in text and dossier.code in squeeze(poppler.text(pdf, raw=True))
    assert "23/11/2026" in text and "27/11/2026" in text
    assert "SỔ THEO DÕI HỒ SƠ" in text
    assert LANDSCAPE in poppler.info(pdf)
    assert "DejaVu" in poppler.fonts(pdf) or "EgovSerif" in poppler.fonts(pdf)

    data = tracking_book_xlsx(agency=dossier.receiving_agency, dossiers=Dossier.objects.all())
    sheet = load_workbook(io.BytesIO(data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert tuple(rows[1]) == BOOK_COLUMNS
    assert rows[2][1] == dossier.code and rows[2][4] == "Nguyễn Văn Bình An"
    assert rows[2][7] == "23/11/2026" and rows[2][8] == "27/11/2026"


def test_form_07_is_not_a_dossier_form(dossier) -> None:
    with pytest.raises(ValueError):
        form_pdf(number=7, dossier=dossier)
    with pytest.raises(ValueError):
        form_pdf(number=9, dossier=dossier)
