"""Outcomes of the reception check from the queue: accept (form 01, the clock starts), ask for
corrections (form 02), refuse (form 03); errors keep the input; handled dossiers go to their page."""

from __future__ import annotations

from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from egov.core.audit.models import AuditEvent
from egov.dossiers.deadlines import dossier_due
from egov.dossiers.models import Dossier, SupplementationRequest, Task
from egov.dossiers.tests.reception.conftest import World, submit, vn
from egov.notifications.models import OutboxMessage
from egov.notifications.rendering import message_render

pytestmark = pytest.mark.django_db

VI = {"Accept-Language": "vi"}


def _url(name: str, d: Dossier) -> str:
    return reverse(f"dossiers:{name}", args=[d.code])


def test_accept_from_the_queue_starts_the_clock(client: Client, world: World) -> None:
    d = submit(world, now=vn(2026, 3, 2, 8, 0))
    assert (d.status, d.accepted_at, d.clock_started_at, d.due_at) == (
        Dossier.Status.SUBMITTED,
        None,
        None,
        None,
    )
    client.force_login(world.officer)
    accepted_at = vn(2026, 3, 2, 14, 5)
    with time_machine.travel(accepted_at, tick=False):
        response = client.post(_url("reception-accept", d))
    assert response.status_code == 302
    assert response["Location"] == f"{_url('detail', d)}?print=1"
    d.refresh_from_db()
    assert d.status == Dossier.Status.PROCESSING
    assert d.submitted_at == vn(2026, 3, 2, 8, 0)  # the three times stay apart
    assert d.accepted_at == d.clock_started_at == accepted_at
    assert d.due_at == dossier_due(version=world.version, start=accepted_at)
    assert d.received_by == world.officer
    assert Task.objects.filter(dossier=d, status=Task.Status.OPEN).count() == 1
    assert AuditEvent.objects.filter(action="dossier.accept", object_id=str(d.pk)).exists()
    page = client.get(response["Location"], headers=VI)
    assert reverse("dossiers:form-pdf", args=[d.code, 1]) in page.content.decode()
    # gone from the queue
    assert client.get(reverse("dossiers:reception")).context["page"].total == 0


def test_accept_with_htmx_redirects_the_page(client: Client, world: World) -> None:
    d = submit(world, now=vn(2026, 3, 2, 8, 0))
    client.force_login(world.officer)
    response = client.post(_url("reception-accept", d), headers={"HX-Request": "true"})
    assert response.status_code == 204
    assert response["HX-Redirect"] == f"{_url('detail', d)}?print=1"


def test_second_accept_is_sent_to_the_dossier_page(client: Client, world: World) -> None:
    d = submit(world, now=vn(2026, 3, 2, 8, 0))
    client.force_login(world.officer)
    client.post(_url("reception-accept", d))
    response = client.post(_url("reception-accept", d), follow=True, headers=VI)
    assert response.redirect_chain[-1][0] == _url("detail", d)
    assert "không còn chờ tiếp nhận" in response.content.decode()
    assert AuditEvent.objects.filter(action="dossier.accept", object_id=str(d.pk)).count() == 1
    assert client.get(_url("reception-dossier", d)).status_code == 302


def test_reception_page_shows_the_dossier_and_the_three_outcomes(client: Client, world: World) -> None:
    d = submit(world, now=vn(2026, 3, 2, 8, 0))
    client.force_login(world.officer)
    body = client.get(_url("reception-dossier", d), {"open": "correction"}, headers=VI).content.decode()
    for name in ("reception-accept", "reception-correction", "reception-refuse", "detail"):
        assert _url(name, d) in body
    assert world.version.components.get(mandatory=True).name in body
    assert 'id="correction" class="card shadow-sm mb-3 border-warning" open' in body


def test_request_correction_from_the_queue(client: Client, world: World) -> None:
    d = submit(world, now=vn(2026, 3, 2, 8, 0))
    client.force_login(world.officer)
    response = client.post(
        _url("reception-correction", d),
        {"fix-items": "Bản sao CCCD\n\n- Tờ khai có chữ ký  ", "fix-reason": "Thiếu giấy tờ"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"{_url('detail', d)}?print=2"
    d.refresh_from_db()
    assert d.status == Dossier.Status.SUPPLEMENT_REQUESTED
    assert d.accepted_at is None and d.due_at is None  # no clock
    request = SupplementationRequest.objects.get(dossier=d)
    assert request.items == ["Bản sao CCCD", "Tờ khai có chữ ký"]
    assert request.reason == "Thiếu giấy tờ"
    assert request.stage == SupplementationRequest.Stage.INTAKE


def test_correction_without_items_keeps_the_input(client: Client, world: World) -> None:
    d = submit(world, now=vn(2026, 3, 2, 8, 0))
    client.force_login(world.officer)
    response = client.post(
        _url("reception-correction", d), {"fix-items": "  ", "fix-reason": "Lý do rõ ràng"}, headers=VI
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Lý do rõ ràng" in body
    assert "bắt buộc" in body.lower()
    assert 'id="correction" class="card shadow-sm mb-3 border-warning" open' in body
    d.refresh_from_db()
    assert d.status == Dossier.Status.SUBMITTED


def test_refuse_from_the_queue(client: Client, world: World, django_capture_on_commit_callbacks: Any) -> None:
    d = submit(world, now=vn(2026, 3, 2, 8, 0))
    client.force_login(world.officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("reception-refuse", d), {"refuse-reason": "Không thuộc thẩm quyền"})
    assert response["Location"] == f"{_url('detail', d)}?print=3"
    d.refresh_from_db()
    assert d.status == Dossier.Status.REFUSED
    event = AuditEvent.objects.get(action="dossier.refuse_at_intake", object_id=str(d.pk))
    assert event.reason == "Không thuộc thẩm quyền"
    # The online applicant is told, with the reason (form 03 on their dossier page).
    sent = OutboxMessage.objects.filter(idempotency_key__startswith=f"dossier:{d.code}:refused:")
    assert sorted(sent.values_list("channel", "template")) == [
        ("email", "dossier_refused"),
        ("sms", "dossier_refused"),
    ]
    mail = sent.get(channel="email")
    rendered = message_render(channel="email", template=mail.template, context=mail.context)
    assert "Không thuộc thẩm quyền" in rendered.body and d.code in rendered.subject
    sms = message_render(channel="sms", template="dossier_refused", context=mail.context)
    assert d.code in sms.sms_text


def test_refuse_without_reason_is_refused(client: Client, world: World) -> None:
    d = submit(world, now=vn(2026, 3, 2, 8, 0))
    client.force_login(world.officer)
    response = client.post(_url("reception-refuse", d), {"refuse-reason": ""}, headers=VI)
    assert response.status_code == 200
    assert 'id="refuse" class="card shadow-sm mb-3 border-danger" open' in response.content.decode()
    d.refresh_from_db()
    assert d.status == Dossier.Status.SUBMITTED


def test_counter_dossier_is_not_a_reception_dossier(client: Client, world: World) -> None:
    d = world.receive(now=vn(2026, 3, 2, 8, 0))
    client.force_login(world.officer)
    assert client.get(_url("reception-dossier", d)).status_code == 404
    assert client.post(_url("reception-refuse", d), {"refuse-reason": "x"}).status_code == 404


def test_get_is_not_allowed_on_actions(client: Client, world: World) -> None:
    d = submit(world, now=vn(2026, 3, 2, 8, 0))
    client.force_login(world.officer)
    assert client.get(_url("reception-accept", d)).status_code == 405
