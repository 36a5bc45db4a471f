"""Dossier page: scope, transitions, conflicts, printing, return at the counter."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse

from egov.dossiers.models import Dossier, Task
from egov.dossiers.services import task_transition
from egov.dossiers.tests.services.factories import make_dossier, make_staff
from egov.org.models import Role
from egov.org.tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossier(counter: SimpleNamespace) -> Dossier:
    return make_dossier(
        competent_agency=counter.department,
        receiving_agency=counter.centre,
        version=counter.version,
        with_task=True,
    )


def test_detail_for_competent_staff(client: Client, counter: SimpleNamespace, dossier: Dossier) -> None:
    client.force_login(counter.specialist)
    response = client.get(reverse("dossiers:detail", args=[dossier.code]))
    assert response.status_code == 200
    body = response.content.decode()
    assert dossier.code in body
    assert 'value="trinh_ky"' in body
    assert reverse("dossiers:form-pdf", args=[dossier.code, 1]) in body


def test_detail_404_for_staff_of_another_agency(client: Client, dossier: Dossier) -> None:
    client.force_login(make_staff(agency=AgencyFactory.create(), role=Role.SPECIALIST))
    assert client.get(reverse("dossiers:detail", args=[dossier.code])).status_code == 404
    assert client.post(reverse("dossiers:act", args=[dossier.code]), {}).status_code == 404


def test_act_performs_the_transition(client: Client, counter: SimpleNamespace, dossier: Dossier) -> None:
    task = Task.objects.get(dossier=dossier, status=Task.Status.OPEN)
    client.force_login(counter.specialist)
    response = client.post(
        reverse("dossiers:act", args=[dossier.code]),
        {"task": task.pk, "transition": "trinh_ky", "comment": "Đủ điều kiện"},
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == Task.Status.DONE
    assert Task.objects.get(dossier=dossier, status=Task.Status.OPEN).step.code == "ky_duyet"


def test_act_conflict_shows_message_and_fresh_state(
    client: Client, counter: SimpleNamespace, dossier: Dossier
) -> None:
    task = Task.objects.get(dossier=dossier, status=Task.Status.OPEN)
    other = make_staff(agency=counter.department, role=Role.SPECIALIST)
    task_transition(actor=other, task_id=task.pk, transition_code="trinh_ky")
    client.force_login(counter.specialist)
    response = client.post(
        reverse("dossiers:act", args=[dossier.code]),
        {"task": task.pk, "transition": "trinh_ky", "comment": ""},
        follow=True,
    )
    assert response.status_code == 200
    messages = [str(m) for m in response.context["messages"]]
    assert any(m.startswith(("The dossier has already been handled", "Hồ sơ đã được")) for m in messages)
    assert response.context["task"].step.code == "ky_duyet"


def test_act_comment_required_rerenders(client: Client, counter: SimpleNamespace, dossier: Dossier) -> None:
    task = Task.objects.get(dossier=dossier, status=Task.Status.OPEN)
    client.force_login(counter.specialist)
    response = client.post(
        reverse("dossiers:act", args=[dossier.code]),
        {"task": task.pk, "transition": "yeu_cau_bo_sung", "comment": ""},
    )
    assert response.status_code == 200
    assert response.context["act_error"]
    task.refresh_from_db()
    assert task.status == Task.Status.OPEN


def test_form_pdf_for_allowed_staff(client: Client, counter: SimpleNamespace, dossier: Dossier) -> None:
    client.force_login(counter.officer)
    response = client.get(reverse("dossiers:form-pdf", args=[dossier.code, 1]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert response.content.startswith(b"%PDF")


def test_form_pdf_404_for_others(client: Client, dossier: Dossier) -> None:
    client.force_login(make_staff(agency=AgencyFactory.create(), role=Role.RECEPTION_OFFICER))
    assert client.get(reverse("dossiers:form-pdf", args=[dossier.code, 1])).status_code == 404


def test_form_pdf_unknown_number(client: Client, counter: SimpleNamespace, dossier: Dossier) -> None:
    client.force_login(counter.officer)
    assert client.get(reverse("dossiers:form-pdf", args=[dossier.code, 9])).status_code == 404


def test_return_form_shown_when_resolved(client: Client, counter: SimpleNamespace) -> None:
    dossier = make_dossier(
        competent_agency=counter.department,
        receiving_agency=counter.centre,
        version=counter.version,
        status=Dossier.Status.RESOLVED,
    )
    client.force_login(counter.officer)
    body = client.get(reverse("dossiers:detail", args=[dossier.code])).content.decode()
    assert reverse("dossiers:return", args=[dossier.code]) in body
    assert 'name="receiver_id_number"' in body
