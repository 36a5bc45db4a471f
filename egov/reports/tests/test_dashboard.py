from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from egov.core.calendar import cache as calendar_cache
from egov.dossiers.tests.services.factories import make_dossier, make_staff
from egov.org.models import Role
from egov.reports.services import date_range, rollup_refresh
from egov.reports.tests.conftest import World, resolved, vn

URL = reverse("reports:dashboard")
YEAR = {"start": "2026-01-01", "end": "2026-12-31"}


@pytest.fixture
def live(world: World) -> World:
    """Rollup filled, plus open dossiers overdue and due soon in both agencies."""
    now = timezone.now()
    ht = world.versions["HT"]
    world.dossiers["late_a"] = make_dossier(
        version=ht, competent_agency=world.a, now=now - timedelta(days=9), due_at=now - timedelta(days=2)
    )
    world.dossiers["late_b"] = make_dossier(
        version=ht, competent_agency=world.b, now=now - timedelta(days=9), due_at=now - timedelta(days=1)
    )
    world.dossiers["soon_a"] = make_dossier(
        version=ht, competent_agency=world.a, now=now - timedelta(days=2), due_at=now + timedelta(minutes=30)
    )
    rollup_refresh(days=date_range(date(2026, 3, 1), date(2026, 4, 30)))
    return world


def get(client: Client, user: Any, **params: str) -> Any:
    client.force_login(user)
    return client.get(URL, params or YEAR)


def test_leader_sees_own_agency_only(client: Client, live: World) -> None:
    response = get(client, live.leader)
    assert response.status_code == 200
    body = response.content.decode()
    assert live.a.name in body
    assert live.b.name not in body
    assert live.dossiers["late_a"].code in body
    assert live.dossiers["soon_a"].code in body
    assert live.dossiers["late_b"].code not in body
    data = response.context["data"]
    assert [r.label for r in data.by_unit] == [live.a.name]
    assert data.totals.extra == {"received": 6, "resolved": 4}
    assert (data.totals.early, data.totals.on_time, data.totals.late) == (1, 2, 1)
    assert [r.label for r in data.by_month] == ["03/2026", "04/2026"]
    assert {r.label: r.total for r in data.by_field} == {"Chứng thực": 1, "Hộ tịch": 2, "Đất đai": 1}
    # Overdue: late_a, and the two spring dossiers still open (d5, t1); soon_a is only due soon.
    assert data.overdue_total == 3
    assert data.open_total == 4
    assert [d.code for d in data.due_soon] == [live.dossiers["soon_a"].code]
    assert [r.extra["tasks_done"] for r in data.by_officer if r.total] == [1]
    assert "<svg" in body and 'role="img"' in body


@pytest.mark.parametrize("role", [Role.DEPARTMENT_HEAD, Role.AGENCY_ADMIN])
def test_other_dashboard_roles(client: Client, live: World, role: str) -> None:
    assert get(client, make_staff(agency=live.a, role=role)).status_code == 200


def test_system_admin_sees_every_agency(client: Client, live: World) -> None:
    response = get(client, make_staff(agency=live.b, role=Role.SYSTEM_ADMIN))
    assert {r.label for r in response.context["data"].by_unit} == {live.a.name, live.b.name}


@pytest.mark.parametrize("role", [Role.SPECIALIST, Role.RECEPTION_OFFICER, Role.CLERK])
def test_other_staff_forbidden(client: Client, live: World, role: str) -> None:
    assert get(client, make_staff(agency=live.a, role=role)).status_code == 403


def test_anonymous_redirected_to_login(client: Client, db: Any) -> None:
    response = client.get(URL)
    assert response.status_code == 302
    assert "next=" in response["Location"]


def test_period_filter_and_bad_dates(client: Client, live: World) -> None:
    response = get(client, live.leader, start="2026-04-01", end="2026-04-30")
    assert [r.label for r in response.context["data"].by_month] == ["04/2026"]
    response = get(client, live.leader, start="2026-05-01", end="2026-04-01")
    assert response.status_code == 200
    assert response.context["start"] == date(timezone.localdate().year, 1, 1)


def test_period_accepts_vietnamese_dates_and_shows_them_back(client: Client, live: World) -> None:
    response = get(client, live.leader, start="01/04/2026", end="30/04/2026")
    assert response.context["start"] == date(2026, 4, 1) and response.context["end"] == date(2026, 4, 30)
    assert 'value="01/04/2026"' in response.content.decode()


@pytest.mark.parametrize("method", ["post", "put", "delete", "trace"])
def test_only_get(client: Client, live: World, method: str) -> None:
    client.force_login(live.leader)
    assert getattr(client, method)(URL).status_code == 405


def count_queries(client: Client, user: Any) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(URL, YEAR).status_code == 200
    return len(ctx.captured_queries)


def test_query_count_is_fixed(client: Client, live: World, monkeypatch: pytest.MonkeyPatch) -> None:
    # The calendar cache checks the override table at most once a second: make that every request.
    monkeypatch.setattr(calendar_cache, "CHECK_INTERVAL", 0.0)
    client.force_login(live.leader)
    assert count_queries(client, live.leader) <= 15  # first request: cold calendar cache
    small = count_queries(client, live.leader)
    ht, ct = live.versions["HT"], live.versions["CT"]
    now = timezone.now()
    for i in range(40):
        officer = make_staff(agency=live.a, role=Role.RECEPTION_OFFICER)
        version = ht if i % 2 else ct
        received = vn(2026, 1 + i % 10, 1 + i % 27, 9)
        resolved(version, live.a, received, received + timedelta(days=3), "early", received_by=officer)
        make_dossier(version=version, competent_agency=live.a, due_at=now - timedelta(hours=i + 1))
    rollup_refresh(days=date_range(date(2026, 1, 1), date(2026, 11, 30)))
    large = count_queries(client, live.leader)
    assert large == small
    assert large <= 15
