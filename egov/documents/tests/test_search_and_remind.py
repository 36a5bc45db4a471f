from __future__ import annotations

from datetime import date

import pytest

from egov.documents.models import IncomingDocument, Urgency
from egov.documents.periodic import documents_remind
from egov.documents.selectors import IncomingFilter, incoming_list, overdue_list
from egov.documents.services import incoming_assign_handler, incoming_close, incoming_direct
from egov.documents.tests.conftest import Office, vn
from egov.notifications.models import OutboxMessage

pytestmark = pytest.mark.django_db
NOW = vn(2026, 3, 2, 10, 0)


def test_search_is_accent_insensitive_with_exact_accents_first(office: Office) -> None:
    office.register(abstract="Về việc lập quy hoạch khu dân cư")
    office.register(abstract="Về việc lấp quỹ hoạch toán")  # folds the same words
    office.register(abstract="Về việc khác hẳn")
    found = [d.abstract for d in incoming_list(user=office.clerk, filters=IncomingFilter(query="lấp quỹ"))]
    assert found[0] == "Về việc lấp quỹ hoạch toán"
    assert len(found) == 2
    plain = [d.abstract for d in incoming_list(user=office.clerk, filters=IncomingFilter(query="LAP QUY"))]
    assert len(plain) == 2
    by_sender = incoming_list(user=office.clerk, filters=IncomingFilter(query="bo noi vu"))
    assert by_sender.count() == 3
    by_symbol = incoming_list(user=office.clerk, filters=IncomingFilter(query="123/BNV"))
    assert by_symbol.count() == 3


def test_list_filters(office: Office) -> None:
    office.register(received_at=vn(2026, 2, 27, 9))
    office.register(urgency=Urgency.URGENT)
    assert incoming_list(user=office.clerk, filters=IncomingFilter(urgency=Urgency.URGENT)).count() == 1
    assert incoming_list(user=office.clerk, filters=IncomingFilter(date_from=date(2026, 3, 1))).count() == 1
    assert incoming_list(user=office.clerk, filters=IncomingFilter(date_to=date(2026, 2, 27))).count() == 1
    assert incoming_list(user=office.clerk, filters=IncomingFilter(status="done")).count() == 0


def _directed(office: Office, deadline: date) -> IncomingDocument:
    doc = incoming_direct(
        actor=office.leader, document=office.register(), lead_unit=office.vp, deadline=deadline, now=NOW
    )
    return incoming_assign_handler(actor=office.head, document=doc, specialist=office.specialist, now=NOW)


def test_reminder_once_before_the_deadline_then_overdue_once(office: Office, settings: object) -> None:
    settings.EGOV_DOCUMENT_REMIND_HOURS = 8  # type: ignore[attr-defined]
    doc = _directed(office, date(2026, 3, 5))  # Thursday, due 17:00
    assert documents_remind(now=vn(2026, 3, 4, 8, 0)) == 0  # more than 8 working hours ahead
    assert documents_remind(now=vn(2026, 3, 4, 17, 0)) == 1  # exactly 8 working hours before
    assert documents_remind(now=vn(2026, 3, 5, 9, 0)) == 0  # only once
    doc.refresh_from_db()
    assert doc.reminded_at == vn(2026, 3, 4, 17, 0)
    assert documents_remind(now=vn(2026, 3, 5, 16, 59)) == 0  # not overdue yet
    assert documents_remind(now=vn(2026, 3, 5, 17, 1)) == 1  # overdue: the leader
    assert documents_remind(now=vn(2026, 3, 6, 9, 0)) == 0


def test_reminder_messages_go_to_the_handler_and_the_leader(
    office: Office, django_capture_on_commit_callbacks: object
) -> None:
    _directed(office, date(2026, 3, 5))
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        documents_remind(now=vn(2026, 3, 5, 9, 0))
        documents_remind(now=vn(2026, 3, 6, 9, 0))
    rows = {(m.template, m.recipient) for m in OutboxMessage.objects.all()}
    assert rows == {
        ("document_due_soon", office.specialist.email),
        ("document_overdue", office.leader.email),
    }


def test_closed_documents_are_not_reminded_and_overdue_list(office: Office) -> None:
    late = _directed(office, date(2026, 3, 3))
    closed = _directed(office, date(2026, 3, 3))
    incoming_close(actor=office.specialist, document=closed, now=NOW)
    _directed(office, date(2026, 3, 20))
    overdue = list(overdue_list(user=office.leader, today=date(2026, 3, 4)))
    assert overdue == [late]
    assert (
        list(overdue_list(user=office.leader, today=date(2026, 3, 4), handler_id=office.colleague.pk)) == []
    )
    assert list(overdue_list(user=office.leader, today=date(2026, 3, 4), department_id=office.vp.pk)) == [
        late
    ]
    assert list(overdue_list(user=office.other_leader, today=date(2026, 3, 4))) == []
    assert documents_remind(now=vn(2026, 3, 4, 9, 0)) == 1  # the late one, to its leader; not the closed one
