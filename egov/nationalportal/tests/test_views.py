"""The staff sync page: who may see it, what each administrator sees, pull now, query count."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from egov.accounts.tests.factories import UserFactory
from egov.dossiers.tests.services.conftest import World
from egov.dossiers.tests.services.factories import make_staff
from egov.nationalportal.models import PullProblem
from egov.nationalportal.simulator import DvcqgSimulator
from egov.nationalportal.testing import sample_item, sim_seed
from egov.notifications.models import OutboxMessage
from egov.org.models import Role

pytestmark = pytest.mark.django_db
URL = "/staff/national-portal/"


def _problem(code: str, agency: Any) -> PullProblem:
    now = timezone.now()
    return PullProblem.objects.create(
        remote_code=code,
        kind="unknown_procedure",
        message="no procedure",
        agency=agency,
        agency_code=agency.agency_code if agency else "000.00.77.H59",
        first_seen_at=now,
        last_attempt_at=now,
    )


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_url_name() -> None:
    assert reverse("nationalportal:overview") == URL
    assert reverse("nationalportal:pull") == URL + "pull/"


def test_denials(world: World) -> None:
    assert Client().get(URL).status_code == 302  # anonymous -> login
    citizen = UserFactory()
    assert _client(citizen).get(URL).status_code == 403
    assert _client(world.officer).get(URL).status_code == 403  # staff, but not an administrator
    assert _client(world.leader).post(URL + "pull/").status_code == 403


def test_agency_admin_sees_own_agency_only(world: World) -> None:
    _problem("MINE-1", world.agency)
    _problem("OTHER-1", world.other)
    _problem("NOBODY-1", None)
    admin = make_staff(agency=world.agency, role=Role.AGENCY_ADMIN)
    body = _client(admin).get(URL).content.decode()
    assert "MINE-1" in body and "OTHER-1" not in body and "NOBODY-1" not in body
    system = make_staff(agency=world.other, role=Role.SYSTEM_ADMIN)
    body = _client(system).get(URL).content.decode()
    assert "MINE-1" in body and "OTHER-1" in body and "NOBODY-1" in body


def test_page_query_count_is_fixed(world: World, django_assert_num_queries: Any) -> None:
    admin = make_staff(agency=world.agency, role=Role.AGENCY_ADMIN)
    client = _client(admin)
    for i in range(3):
        _problem(f"P-{i}", world.agency)
    OutboxMessage.objects.create(
        channel="dvcqg", recipient="X", template="dvcqg_status", idempotency_key="k", status="failed"
    )
    client.get(URL)
    # session, user, scope, 2 counts, state, link counts, nav roles, problem page (the push is not
    # this agency's: no page query)
    with django_assert_num_queries(9):
        assert client.get(URL).status_code == 200
    for i in range(3, 40):
        _problem(f"P-{i}", world.agency)
    with django_assert_num_queries(9):
        response = client.get(URL)
    assert response.status_code == 200 and len(response.context["problems"]) == 25
    system = _client(make_staff(agency=world.other, role=Role.SYSTEM_ADMIN))
    system.get(URL)
    with django_assert_num_queries(10):  # + the push page
        response = system.get(URL)
    assert len(response.context["pushes"]) == 1


def test_pull_now_and_pushes_listed(sim: DvcqgSimulator, world: World) -> None:
    [code] = sim_seed(
        sim.url, [sample_item(procedure_code=world.version.procedure.code, agency_code="000.00.31.H59")]
    )
    admin = make_staff(agency=world.agency, role=Role.AGENCY_ADMIN)
    client = _client(admin)
    assert client.get(URL + "pull/").status_code == 405
    response = client.post(URL + "pull/", follow=True)
    assert response.status_code == 200
    body = response.content.decode()
    assert "1" in body and response.context["links_total"] == 1 and response.context["links_waiting"] == 1
    OutboxMessage.objects.create(
        channel="dvcqg",
        recipient=code,
        template="dvcqg_status",
        context={"status": "processing", "status_code": "4"},
        idempotency_key=f"dvcqg:{code}:processing:2",
        status=OutboxMessage.Status.FAILED,
        last_error="HTTP 400",
    )
    body = client.get(URL).content.decode()
    assert code in body and "HTTP 400" in body
    other_admin = make_staff(agency=world.other, role=Role.AGENCY_ADMIN)
    response = _client(other_admin).get(URL)
    assert response.context["links_total"] == 0 and len(response.context["pushes"]) == 0


def test_pull_now_when_disabled(world: World, settings: Any) -> None:
    settings.EGOV_DVCQG_ENABLED = False
    admin = make_staff(agency=world.agency, role=Role.AGENCY_ADMIN)
    response = _client(admin).post(URL + "pull/", follow=True)
    assert response.status_code == 200
    assert [m.level_tag for m in response.context["messages"]] == ["warning"]
