"""pdf_render offline rules, QR helpers and the Vietnamese date wording."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.conf import settings

from egov.printing import vn_format as vf
from egov.printing.catalog import FORMS, UnknownFormError, form_spec
from egov.printing.pdf import FONTS_DIR, _weasyprint, font_face_css
from egov.printing.qr import qr_data_uri, tracking_url


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/x.css",
        "https://example.com/font.ttf",
        "ftp://example.com/a",
        "file:///etc/passwd",
    ],
)
def test_fetcher_refuses_network_and_files_outside_the_project(url: str) -> None:
    fetcher_class = _weasyprint()[2]
    with pytest.raises(ValueError):
        fetcher_class().fetch(url)


def test_fetcher_allows_project_files_and_data_urls() -> None:
    fetcher = _weasyprint()[2]()
    font = (FONTS_DIR / "DejaVuSerif.ttf").resolve().as_uri()
    response = fetcher.fetch(font)
    assert response.read(4) == b"\x00\x01\x00\x00"  # TrueType signature
    response.close()
    data = fetcher.fetch("data:text/plain;base64,YQ==")
    assert data.read() == b"a"
    data.close()


def test_font_faces_point_at_shipped_files() -> None:
    css = font_face_css()
    assert css.count("@font-face") == 8
    assert (FONTS_DIR / "DejaVuSerif-Bold.ttf").resolve().as_uri() in css
    assert "http" not in css


def test_qr_and_tracking_url(settings) -> None:
    settings.EGOV_PUBLIC_BASE_URL = "https://dvc.example.vn/"
    assert (
        tracking_url("000.00.00.H99-261123-0001")
        == "https://dvc.example.vn/tra-cuu/000.00.00.H99-261123-0001/"
    )
    assert qr_data_uri("abc").startswith("data:image/svg+xml")


def test_default_public_base_url() -> None:
    if not hasattr(settings, "EGOV_PUBLIC_BASE_URL"):
        assert tracking_url("A").startswith("http://127.0.0.1:8000/tra-cuu/A/")


def test_vietnamese_dates() -> None:
    evening = datetime(2026, 1, 4, 17, 5, tzinfo=UTC)  # 00:05 on 5 January in Hà Nội
    assert vf.datetime_phrase(evening) == "00 giờ 05 phút, ngày 05 tháng 01 năm 2026"
    assert vf.date_phrase(date(2026, 11, 23)) == "ngày 23 tháng 11 năm 2026"
    assert vf.date_phrase(date(2026, 3, 9)) == "ngày 09 tháng 3 năm 2026"
    assert vf.date_phrase(None) == "ngày … tháng … năm …"
    assert vf.datetime_phrase(None) == "… giờ … phút, ngày … tháng … năm …"
    assert vf.date_short(evening) == "05/01/2026"
    assert vf.datetime_short(evening) == "00:05 05/01/2026"
    assert vf.place_date_line("Tây Ninh", date(2026, 11, 23)) == "Tây Ninh, ngày 23 tháng 11 năm 2026"
    assert vf.place_date_line("", date(2026, 11, 23)) == "Ngày 23 tháng 11 năm 2026"


def test_working_days_and_money() -> None:
    assert vf.working_days(Decimal("24")) == "3 ngày làm việc"
    assert vf.working_days(Decimal("4")) == "4 giờ làm việc"
    assert vf.working_days(Decimal("12")) == "1,5 ngày làm việc"
    assert vf.money(Decimal("1500000")) == "1.500.000 đồng"
    assert vf.money(0) == "0 đồng"


def test_catalogue() -> None:
    assert sorted(FORMS) == [1, 2, 3, 4, 5, 6, 7]
    assert [n for n, spec in FORMS.items() if spec.landscape] == [6, 7]
    assert form_spec(1).label == "01"
    with pytest.raises(UnknownFormError):
        form_spec(8)
