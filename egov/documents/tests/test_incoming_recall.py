"""The sender recalls a released document: its copy inside egov (RECEIVED or already being handled)
keeps its status and shows the recall (who, when, why, the replacing document); registration and
every handling action are refused by the services and hidden on the page."""
# ruff: noqa: F811 - the fixtures imported from test_outgoing_fixtures are parameters here

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from egov.documents.models import IncomingDocument, OutgoingDocument, OutgoingRecipient, RecallNotice
from egov.documents.selectors import incoming_actions_for
from egov.documents.services import (
    incoming_assign_handler,
    incoming_close,
    incoming_direct,
    incoming_progress,
    incoming_register_received,
    outgoing_issue_number,
    outgoing_recall,
    outgoing_release,
    outgoing_replace,
)
from egov.documents.tests.conftest import staff
from egov.documents.tests.test_outgoing_fixtures import (  # noqa: F401 - fixtures
    World,
    approved,
    draft,
    numbered,
    out_ca,
    out_pdf,
    signed,
    world,
)
from egov.org.models import Department, Role
from egov.org.tests.factories import DepartmentFactory

pytestmark = pytest.mark.django_db
Status = IncomingDocument.Status
REASON = "Sai căn cứ pháp lý tại Điều 3"


@dataclass
class Receiver:
    """The receiving agency's side (the `other` agency of the office world)."""

    unit: Department
    head: Any
    specialist: Any


def receiver(w: World) -> Receiver:
    unit = cast(Department, DepartmentFactory(agency=w.other, name="Phòng Tổng hợp", code="TH"))
    return Receiver(
        unit=unit,
        head=staff(w.other, Role.DEPARTMENT_HEAD, unit),
        specialist=staff(w.other, Role.SPECIALIST, unit),
    )


def released(w: World, **kw: Any) -> tuple[OutgoingDocument, IncomingDocument]:
    doc = outgoing_release(clerk=w.clerk, document=numbered(w, external=False, **kw))
    copy = OutgoingRecipient.objects.get(document=doc, kind="internal").incoming
    assert copy is not None and copy.agency == w.other
    return doc, copy


def page(pk: int) -> str:
    return reverse("documents:incoming-detail", args=[pk])


def action_url(pk: int, action: str) -> str:
    return reverse("documents:incoming-action", args=[pk, action])


def recalled_message(copy: IncomingDocument) -> str:
    notice = RecallNotice.objects.get(incoming=copy)
    return gettext(
        "The sender recalled this document on %(date)s: it can no longer be registered or handled."
    ) % {"date": timezone.localtime(notice.at).strftime("%d/%m/%Y")}


def test_a_received_copy_stays_received_and_cannot_be_registered(client: Client, world: World) -> None:
    doc, copy = released(world)
    client.force_login(world.other_clerk)
    assert "register" in client.get(page(copy.pk)).context["forms"]
    outgoing_recall(actor=world.leader, document=doc, reason=REASON)
    copy.refresh_from_db()
    assert (
        copy.status == Status.RECEIVED and copy.arrival_number is None
    )  # untouched, as outgoing_recall says

    with pytest.raises(ValidationError) as exc:
        incoming_register_received(actor=world.other_clerk, document=copy)
    assert exc.value.code == "recalled" and exc.value.messages == [recalled_message(copy)]
    assert incoming_actions_for(user=world.other_clerk, document=copy) == set()

    response = client.get(page(copy.pk))
    body = response.content.decode()
    assert response.status_code == 200 and response.context["forms"] == {}
    notice = response.context["recall"]
    assert notice.reason == REASON and notice.by == world.leader and not notice.has_replacement
    assert gettext("The sender recalled this document") in body
    assert REASON in body and "Phạm Văn Hùng" in body
    assert timezone.localtime(notice.at).strftime("%d/%m/%Y %H:%M") in body
    assert gettext("Recalled by the sender") in body
    assert gettext("Do not register it: the document is cancelled.") in body
    assert action_url(copy.pk, "register") not in body

    response = client.post(action_url(copy.pk, "register"), {"register-present_to": ""})
    assert response.status_code == 400 and recalled_message(copy) in response.content.decode()
    copy.refresh_from_db()
    assert copy.status == Status.RECEIVED and copy.arrival_number is None

    listing = client.get(reverse("documents:incoming-list")).content.decode()
    assert gettext("Recalled by the sender") in listing
    badge = f'<span class="badge text-bg-warning">{gettext("Awaiting registration")}</span>'
    assert badge not in listing  # the recall badge replaces "awaiting registration"


def test_every_handling_action_is_refused_after_recall(client: Client, world: World) -> None:
    side = receiver(world)
    doc, copy = released(world)
    copy = incoming_register_received(actor=world.other_clerk, document=copy)
    copy = incoming_direct(actor=world.other_leader, document=copy, lead_unit=side.unit)
    copy = incoming_assign_handler(actor=side.head, document=copy, specialist=side.specialist)
    incoming_progress(actor=side.specialist, document=copy, note="Đang dự thảo văn bản trả lời")
    people = {"leader": world.other_leader, "head": side.head, "specialist": side.specialist}
    copy.refresh_from_db()
    assert incoming_actions_for(user=side.head, document=copy) == {"assign", "progress", "close"}

    outgoing_recall(actor=world.leader, document=doc, reason=REASON)
    copy.refresh_from_db()
    assert copy.status == Status.IN_PROGRESS
    message = recalled_message(copy)

    calls = {
        "direct": lambda: incoming_direct(actor=world.other_leader, document=copy, lead_unit=side.unit),
        "assign": lambda: incoming_assign_handler(actor=side.head, document=copy, specialist=side.specialist),
        "progress": lambda: incoming_progress(actor=side.specialist, document=copy, note="Tiếp tục"),
        "close": lambda: incoming_close(actor=side.specialist, document=copy, note="Xong"),
        "close by the head": lambda: incoming_close(actor=side.head, document=copy),
    }
    for name, call in calls.items():
        with pytest.raises(ValidationError) as exc:
            call()
        assert exc.value.code == "recalled", name
        assert exc.value.messages == [message], name

    posts = {
        ("leader", "direct"): {"direct-lead": f"d:{side.unit.pk}"},
        ("head", "assign"): {"assign-specialist": side.specialist.pk},
        ("specialist", "progress"): {"progress-note": "Tiếp tục"},
        ("specialist", "close"): {"close-note": "Xong"},
        ("head", "close"): {"close-note": "Xong"},
    }
    for who, user in people.items():
        assert incoming_actions_for(user=user, document=copy) == set(), who
        client.force_login(user)
        response = client.get(page(copy.pk))
        body = response.content.decode()
        assert response.status_code == 200 and response.context["forms"] == {}, who
        assert REASON in body and gettext("Handling is stopped: the sender recalled this document.") in body
        for action in ("direct", "assign", "progress", "close"):
            assert action_url(copy.pk, action) not in body, (who, action)
    for (who, action), data in posts.items():
        client.force_login(people[who])
        response = client.post(action_url(copy.pk, action), data)
        assert response.status_code == 400, (who, action)
        assert message in response.content.decode(), (who, action)
    copy.refresh_from_db()
    assert copy.status == Status.IN_PROGRESS and copy.handler == side.specialist
    assert copy.updates.count() == 1  # only the progress note made before the recall


def test_the_alert_names_the_replacing_document_with_a_fixed_query_count(
    client: Client, world: World, django_assert_num_queries: Any
) -> None:
    doc, copy = released(world)
    outgoing_recall(actor=world.leader, document=doc, reason=REASON)
    client.force_login(world.other_clerk)
    client.get(page(copy.pk))  # warm caches
    with django_assert_num_queries(10) as captured:
        response = client.get(page(copy.pk))
    assert not response.context["recall"].has_replacement
    count = len(captured.captured_queries)

    replacement = draft(world, external=False, abstract="Về việc thành lập Tổ công tác (thay thế)")
    outgoing_replace(actor=world.leader, old=doc, new=replacement)
    with django_assert_num_queries(count):
        response = client.get(page(copy.pk))
    notice = response.context["recall"]
    assert notice.has_replacement and not notice.replacement_number and notice.replacement_copy_id is None
    body = response.content.decode()
    assert gettext("the sender is preparing a replacing document") in body
    assert "Tổ công tác (thay thế)" not in body  # the sender's draft stays with the sender

    replacement = outgoing_issue_number(
        clerk=world.clerk, document=signed(world, approved(world, replacement)), issuing_abbr="UBND"
    )
    with django_assert_num_queries(count):
        response = client.get(page(copy.pk))
    assert response.context["recall"].replacement_number == replacement.number_text == "02/QĐ-UBND"
    assert "02/QĐ-UBND" in response.content.decode()

    outgoing_release(clerk=world.clerk, document=replacement)
    new_copy = OutgoingRecipient.objects.get(document=replacement, kind="internal").incoming
    assert new_copy is not None
    with django_assert_num_queries(count):
        response = client.get(page(copy.pk))
    assert response.context["recall"].replacement_copy_id == new_copy.pk
    assert f'href="{page(new_copy.pk)}"' in response.content.decode()
    # The replacing copy itself is a normal arrival the clerk can register.
    assert "register" in client.get(page(new_copy.pk)).context["forms"]


def test_a_copy_that_was_not_recalled_has_no_alert(client: Client, world: World) -> None:
    _doc, copy = released(world)
    client.force_login(world.other_clerk)
    response = client.get(page(copy.pk))
    assert response.context["recall"] is None
    body = response.content.decode()
    assert gettext("The sender recalled this document") not in body
    assert gettext("Awaiting registration") in body
