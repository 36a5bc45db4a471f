from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from egov.accounts.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client: Client) -> Client:
    client.force_login(User.objects.create_user(username="canbo", password="x" * 12, kind="staff"))
    return client


def test_urls() -> None:
    assert reverse("work_calendar:year") == "/staff/calendar/"
    assert reverse("work_calendar:year", args=[2027]) == "/staff/calendar/2027/"


def test_staff_sees_the_year(staff_client: Client) -> None:
    response = staff_client.get("/staff/calendar/2026/", HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("egov-cal-month") == 12
    assert "egov-day-off" in html and "egov-day-makeup" in html and "egov-day-weekend" in html
    assert "17/02/2026" in html and "22/08/2026" in html
    assert "Tết Nguyên Đán" in html
    assert "col-12 col-sm-6 col-lg-4 col-xl-3" in html
    assert reverse("work_calendar:year", args=[2025]) in html
    assert reverse("work_calendar:year", args=[2027]) in html


def test_current_year_and_province(staff_client: Client) -> None:
    assert staff_client.get("/staff/calendar/").status_code == 200
    assert staff_client.get("/staff/calendar/2026/?province=79").status_code == 200
    assert staff_client.get("/staff/calendar/2026/?province=72").status_code == 404
    assert staff_client.get("/staff/calendar/2050/").status_code == 404


def test_anonymous_is_sent_to_login(client: Client) -> None:
    response = client.get("/staff/calendar/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_citizen_is_refused(client: Client) -> None:
    client.force_login(User.objects.create_user(username="dan", password="x" * 12, kind="citizen"))
    assert client.get("/staff/calendar/").status_code == 403
