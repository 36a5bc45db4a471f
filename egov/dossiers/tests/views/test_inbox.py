"""Staff inbox: open tasks of the user's queues, claim, query count."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from egov.dossiers.models import Task
from egov.dossiers.tests.services.factories import make_dossier, make_staff
from egov.dossiers.views.inbox import due_state
from egov.org.models import Role
from egov.org.tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db

URL = "/staff/dossiers/"


def _dossiers(counter: SimpleNamespace, n: int) -> None:
    for _ in range(n):
        make_dossier(competent_agency=counter.department, version=counter.version, with_task=True)


def test_url_name() -> None:
    assert reverse("dossiers:inbox") == URL


def test_inbox_lists_queue_tasks(client: Client, counter: SimpleNamespace) -> None:
    _dossiers(counter, 2)
    make_dossier(with_task=True)  # another agency: not shown
    client.force_login(counter.specialist)
    response = client.get(URL)
    assert response.status_code == 200
    assert len(response.context["rows"]) == 2
    body = response.content.decode()
    assert "Chứng thực bản sao" in body
    task = Task.objects.filter(agency=counter.department).first()
    assert task is not None
    assert reverse("dossiers:claim", args=[task.pk]) in body


def test_inbox_query_count_is_fixed(client: Client, counter: SimpleNamespace) -> None:
    _dossiers(counter, 3)
    client.force_login(counter.specialist)
    client.get(URL)  # warm up (session, content types)
    with CaptureQueriesContext(connection) as few:
        assert client.get(URL).status_code == 200
    _dossiers(counter, 25)
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL)
    assert len(response.context["rows"]) == 20
    assert len(many) == len(few)
    assert len(many) <= 12
    page2 = client.get(URL, {"page": 2})
    assert len(page2.context["rows"]) == 8


def test_claim_with_htmx_swaps_the_row(client: Client, counter: SimpleNamespace) -> None:
    _dossiers(counter, 1)
    task = Task.objects.get(agency=counter.department)
    client.force_login(counter.specialist)
    response = client.post(reverse("dossiers:claim", args=[task.pk]), headers={"HX-Request": "true"})
    assert response.status_code == 200
    task.refresh_from_db()
    assert task.assignee == counter.specialist
    assert f'id="task-{task.pk}"' in response.content.decode()


def test_claim_taken_by_someone_else(client: Client, counter: SimpleNamespace) -> None:
    _dossiers(counter, 1)
    task = Task.objects.get(agency=counter.department)
    other = make_staff(agency=counter.department, role=Role.SPECIALIST)
    task.assignee = other
    task.save()
    client.force_login(counter.specialist)
    response = client.post(reverse("dossiers:claim", args=[task.pk]))
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.assignee == other


def test_inbox_empty_for_staff_of_another_agency(client: Client, counter: SimpleNamespace) -> None:
    _dossiers(counter, 1)
    client.force_login(make_staff(agency=AgencyFactory.create(), role=Role.SPECIALIST))
    assert client.get(URL).context["rows"] == []


def test_due_badges() -> None:
    now = timezone.now()
    assert due_state(now - timedelta(minutes=1), now)["css"] == "text-bg-danger"
    assert due_state(now + timedelta(hours=2), now)["css"] == "text-bg-warning"
    assert due_state(now + timedelta(days=3), now)["css"] == "text-bg-success"
    assert due_state(None, now)["label"] == ""
