"""Registering an electronic arrival (status RECEIVED) from the document page: the clerk of the
receiving agency only, one arrival number even on a double submission, then the normal flow; the
incoming list points out the documents waiting for registration."""

from __future__ import annotations

import threading
from contextlib import nullcontext
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from egov.core.audit.models import AuditEvent
from egov.documents.models import Channel, IncomingDocument
from egov.documents.selectors import incoming_actions_for
from egov.documents.services import incoming_receive, incoming_register_received
from egov.documents.tests.conftest import Office, build_office

# No module-level django_db mark: the threaded test below needs transactional_db after
# audit_truncate_allowed; every other test gets the database through the `office` fixture.
Status = IncomingDocument.Status
LIST = reverse("documents:incoming-list")


def received(office: Office, **overrides: Any) -> IncomingDocument:
    """A document delivered electronically to the office's agency and not registered yet."""
    values: dict[str, Any] = {"channel": Channel.ELECTRONIC, "received_at": timezone.now()}
    values.update(overrides)
    return incoming_receive(agency=office.agency, data=office.data(**values))


def page(pk: int) -> str:
    return reverse("documents:incoming-detail", args=[pk])


def register_url(pk: int) -> str:
    return reverse("documents:incoming-action", args=[pk, "register"])


def registered_message(number: int) -> str:
    return gettext("Registered as an incoming document, arrival number %(number)s.") % {"number": number}


def already_message(number: int) -> str:
    return gettext("This document is already registered, arrival number %(number)s.") % {"number": number}


def test_clerk_registers_from_the_page_and_the_normal_flow_follows(client: Client, office: Office) -> None:
    doc = received(office)
    client.force_login(office.clerk)
    response = client.get(page(doc.pk))
    assert response.status_code == 200 and set(response.context["forms"]) == {"register"}
    body = response.content.decode()
    assert register_url(doc.pk) in body and "data-egov-once" in body
    choices = dict(response.context["forms"]["register"].fields["present_to"].choices)
    assert office.leader.pk in choices and office.specialist.pk not in choices  # leaders only

    response = client.post(register_url(doc.pk), {"register-present_to": office.leader.pk})
    assert response.status_code == 302 and response["Location"] == page(doc.pk)
    doc.refresh_from_db()
    assert (doc.status, doc.arrival_number, doc.presented_to) == (Status.REGISTERED, 1, office.leader)
    assert doc.registered_by == office.clerk and doc.registered_at is not None
    follow = client.get(page(doc.pk))
    assert registered_message(1) in follow.content.decode()
    assert follow.context["forms"] == {}  # nothing left for the clerk
    event = AuditEvent.objects.get(action="documents.incoming_register", object_id=str(doc.pk))
    assert (event.from_state, event.to_state, event.data["arrival_number"]) == ("received", "registered", 1)

    # The normal direction flow follows: the leader now directs it.
    client.force_login(office.leader)
    assert set(client.get(page(doc.pk)).context["forms"]) == {"direct"}
    response = client.post(
        reverse("documents:incoming-action", args=[doc.pk, "direct"]), {"direct-lead": f"d:{office.vp.pk}"}
    )
    assert response.status_code == 302
    doc.refresh_from_db()
    assert doc.status == Status.ASSIGNED and doc.lead_department == office.vp


def test_register_without_presenting_uses_the_next_number(client: Client, office: Office) -> None:
    office.register()  # arrival number 1, on paper
    doc = received(office)
    client.force_login(office.clerk)
    response = client.post(register_url(doc.pk), {"register-present_to": ""})
    assert response.status_code == 302
    doc.refresh_from_db()
    assert doc.arrival_number == 2 and doc.presented_to is None


def test_present_to_must_be_a_leader(client: Client, office: Office) -> None:
    doc = received(office)
    client.force_login(office.clerk)
    response = client.post(register_url(doc.pk), {"register-present_to": office.specialist.pk})
    assert response.status_code == 400
    assert response.context["forms"]["register"].errors["present_to"]
    doc.refresh_from_db()
    assert doc.status == Status.RECEIVED and doc.arrival_number is None


@pytest.mark.parametrize("who", ["leader", "head", "specialist"])
def test_other_staff_of_the_agency_cannot_register(client: Client, office: Office, who: str) -> None:
    doc = received(office)
    client.force_login(getattr(office, who))
    response = client.get(page(doc.pk))
    assert response.status_code == 200 and "register" not in response.context["forms"]
    assert register_url(doc.pk) not in response.content.decode()
    assert client.post(register_url(doc.pk), {"register-present_to": ""}).status_code == 403
    doc.refresh_from_db()
    assert doc.status == Status.RECEIVED and doc.arrival_number is None


@pytest.mark.parametrize("who", ["other_clerk", "other_leader"])
def test_another_agency_gets_404(client: Client, office: Office, who: str) -> None:
    doc = received(office)
    client.force_login(getattr(office, who))
    assert client.get(page(doc.pk)).status_code == 404
    assert client.post(register_url(doc.pk), {"register-present_to": ""}).status_code == 404
    doc.refresh_from_db()
    assert doc.status == Status.RECEIVED


def test_the_service_refuses_non_clerks_too(office: Office) -> None:
    doc = received(office)
    for actor in (office.leader, office.specialist, office.other_clerk):
        with pytest.raises(ValidationError) as exc:
            incoming_register_received(actor=actor, document=doc)
        assert exc.value.code == "not_clerk"


def test_double_submission_gives_one_number_and_says_so(client: Client, office: Office) -> None:
    doc = received(office)
    client.force_login(office.clerk)
    first = client.post(register_url(doc.pk), {"register-present_to": ""})
    second = client.post(register_url(doc.pk), {"register-present_to": ""})
    assert first.status_code == 302 and second.status_code == 302
    doc.refresh_from_db()
    assert doc.arrival_number == 1
    body = client.get(page(doc.pk)).content.decode()
    assert registered_message(1) in body and already_message(1) in body
    assert AuditEvent.objects.filter(action="documents.incoming_register", object_id=str(doc.pk)).count() == 1
    # Nothing was consumed by the second click: the next document gets number 2.
    assert office.register().arrival_number == 2
    with pytest.raises(ValidationError) as exc:
        incoming_register_received(actor=office.clerk, document=doc)
    assert exc.value.code == "already_registered" and exc.value.messages == [already_message(1)]


def test_a_returned_document_cannot_be_registered(office: Office) -> None:
    from egov.documents.services import incoming_return

    doc = incoming_return(actor=office.clerk, document=received(office), reason="Gửi nhầm cơ quan")
    with pytest.raises(ValidationError) as exc:
        incoming_register_received(actor=office.clerk, document=doc)
    assert exc.value.code == "not_received"


def test_actions_for_register(office: Office) -> None:
    doc = received(office)
    assert incoming_actions_for(user=office.clerk, document=doc) == {"register"}
    assert incoming_actions_for(user=office.leader, document=doc) == set()
    assert incoming_actions_for(user=office.other_clerk, document=doc) == set()
    registered = office.register()
    assert "register" not in incoming_actions_for(user=office.clerk, document=registered)


def test_list_points_out_documents_awaiting_registration(client: Client, office: Office) -> None:
    paper = office.register(abstract="Văn bản giấy đã vào sổ")
    waiting = received(office, abstract="Văn bản điện tử chờ vào sổ")
    badge = gettext("Awaiting registration")
    client.force_login(office.clerk)
    body = client.get(LIST).content.decode()
    assert f"{LIST}?status=received" in body  # the quick filter
    assert body.count(f'<span class="badge text-bg-warning">{badge}</span>') == 1
    rows = client.get(LIST, {"status": "received"}).context["rows"]
    assert [d.pk for d in rows] == [waiting.pk] and paper.pk not in [d.pk for d in rows]
    client.force_login(office.specialist)  # sees the badge, not the clerk's button
    body = client.get(LIST).content.decode()
    assert (
        f'<span class="badge text-bg-warning">{badge}</span>' in body
        and f"{LIST}?status=received" not in body
    )


def test_list_query_count_does_not_grow_with_documents_awaiting_registration(
    client: Client, office: Office, django_assert_num_queries: Any
) -> None:
    received(office)
    client.force_login(office.clerk)
    client.get(LIST)  # warm caches
    with django_assert_num_queries(7) as captured:  # as test_views' list test
        client.get(LIST)
    for _i in range(5):
        received(office)
        office.register()
    with django_assert_num_queries(len(captured.captured_queries)):
        client.get(LIST)


def test_two_simultaneous_clicks_give_one_number(
    audit_truncate_allowed: None, transactional_db: None
) -> None:
    """Two requests at once (real threads; on SQLite they take turns): one registers, the other is
    told it is already registered; one number is used."""
    office = build_office()
    doc = received(office)
    barrier = threading.Barrier(2)
    turn: Any = threading.Lock() if connection.vendor == "sqlite" else nullcontext()
    clients = [Client(), Client()]
    for client in clients:
        client.force_login(office.clerk)
    codes: list[int] = []

    def click(client: Client) -> None:
        try:
            barrier.wait(timeout=30)
            with turn:
                codes.append(client.post(register_url(doc.pk), {"register-present_to": ""}).status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=click, args=(c,)) for c in clients]
    for th in threads:
        th.start()
    for th in threads:
        th.join(timeout=60)
    assert codes == [302, 302]
    doc.refresh_from_db()
    assert doc.arrival_number == 1
    assert AuditEvent.objects.filter(action="documents.incoming_register", object_id=str(doc.pk)).count() == 1
    assert office.register().arrival_number == 2
