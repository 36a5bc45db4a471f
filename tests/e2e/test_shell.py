"""E2E: public home, staff login → staff home, the working calendar page, logout; at 1280 and 390 px."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from tests.e2e.conftest import assert_no_horizontal_scroll, shot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DEMO_PASSWORD = "egov-demo-2026"


@pytest.fixture
def demo(transactional_db: None) -> None:
    call_command("demo_seed", verbosity=0)


def _login(page: Page, base: str, username: str, password: str = DEMO_PASSWORD) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_public_home_in_vietnamese(live_server: object, width: str, request: pytest.FixtureRequest) -> None:
    page: Page = request.getfixturevalue(width)
    page.goto(str(live_server))
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Dịch vụ công")
    assert_no_horizontal_scroll(page)
    shot(page, "public-home")


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_reception_officer_logs_in_and_lands_on_staff_home(
    live_server: object, demo: None, width: str, request: pytest.FixtureRequest
) -> None:
    page: Page = request.getfixturevalue(width)
    base = str(live_server)
    page.goto(f"{base}/accounts/login/")
    assert_no_horizontal_scroll(page)
    shot(page, "login")
    _login(page, base, "motcua")
    expect(page).to_have_url(re.compile(r"/staff/$"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_text("Cán bộ một cửa").first).to_be_visible()
    assert_no_horizontal_scroll(page)
    shot(page, "staff-home")


def test_wrong_password_shows_vietnamese_error(live_server: object, demo: None, desktop: Page) -> None:
    base = str(live_server)
    _login(desktop, base, "motcua", "sai-mat-khau")
    expect(desktop).to_have_url(re.compile(r"/accounts/login/"))
    expect(desktop.get_by_role("alert")).to_contain_text("không đúng")
    shot(desktop, "login-error")


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_staff_sees_the_working_calendar(
    live_server: object, demo: None, width: str, request: pytest.FixtureRequest
) -> None:
    page: Page = request.getfixturevalue(width)
    base = str(live_server)
    _login(page, base, "chuyenvien")
    expect(page).to_have_url(re.compile(r"/staff/$"))
    page.goto(f"{base}/staff/calendar/2026/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("2026")
    # Tết 2026 (16–20/02), the make-up Saturday 22/08/2026 and Culture Day 24/11/2026 are listed.
    expect(page.get_by_text("16/02/2026").first).to_be_visible()
    expect(page.get_by_text("22/08/2026").first).to_be_visible()
    expect(page.get_by_text("24/11/2026").first).to_be_visible()
    assert_no_horizontal_scroll(page)
    shot(page, "calendar-2026")


def test_logout_returns_to_public_home(live_server: object, demo: None, desktop: Page) -> None:
    base = str(live_server)
    _login(desktop, base, "lanhdao")
    expect(desktop).to_have_url(re.compile(r"/staff/$"))
    desktop.get_by_role("button", name="Đăng xuất").click()
    expect(desktop).to_have_url(re.compile(r"/$"))
    desktop.goto(f"{base}/staff/")
    expect(desktop).to_have_url(re.compile(r"/accounts/login/"))


def test_error_page_is_vietnamese(live_server: object, phone: Page) -> None:
    phone.goto(f"{live_server}/khong-co-trang-nay/")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Không tìm thấy trang")
    assert_no_horizontal_scroll(phone)
    shot(phone, "error-404")
