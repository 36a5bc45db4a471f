from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from egov.accounts.models import User
from egov.core.audit.models import AuditEvent
from egov.core.calendar.models import CalendarOverride
from egov.core.calendar.selectors import is_working_day

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client: Client) -> Client:
    client.force_login(User.objects.create_superuser(username="qtv", password="x" * 12, kind="staff"))
    return client


def test_admin_adds_through_the_service_and_cannot_edit(admin_client: Client) -> None:
    assert admin_client.get("/admin/work_calendar/calendaroverride/").status_code == 200
    response = admin_client.post(
        "/admin/work_calendar/calendaroverride/add/",
        {
            "date": "11/03/2026",
            "kind": "local_closure",
            "province_code": "79",
            "reason": "Bão số 3",
            "source_document": "Quyết định 123/QĐ-UBND",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    override = CalendarOverride.objects.get()
    assert override.date == date(2026, 3, 11)
    assert AuditEvent.objects.filter(action="calendar_override.create", object_id=str(override.pk)).exists()
    assert not is_working_day(d=date(2026, 3, 11), province_code=79)
    assert (
        admin_client.get(
            "/admin/work_calendar/calendaroverride/?kind=local_closure&scope=province"
        ).status_code
        == 200
    )
    change_page = admin_client.get(f"/admin/work_calendar/calendaroverride/{override.pk}/change/")
    assert change_page.status_code == 200 and b'name="_save"' not in change_page.content  # view only
    response = admin_client.post(
        f"/admin/work_calendar/calendaroverride/{override.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 302
    assert not CalendarOverride.objects.exists()
    assert AuditEvent.objects.filter(action="calendar_override.delete").count() == 1
    assert is_working_day(d=date(2026, 3, 11), province_code=79)
