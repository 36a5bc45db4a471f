"""Direction slip, handler assignment, progress and closing."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from egov.core.audit.models import AuditEvent
from egov.documents.models import (
    DirectionRecipient,
    DocumentType,
    HandlerAssignment,
    HandlingUpdate,
    IncomingDocument,
    OutgoingDocument,
    Secrecy,
)
from egov.documents.services import (
    Addressee,
    incoming_assign_handler,
    incoming_close,
    incoming_direct,
    incoming_progress,
)
from egov.documents.tests.conftest import Office, vn

pytestmark = pytest.mark.django_db
NOW = vn(2026, 3, 2, 10, 0)
S = IncomingDocument.Status


def direct(office: Office, doc: IncomingDocument, **kw: object) -> IncomingDocument:
    values: dict = {
        "actor": office.leader,
        "document": doc,
        "lead_unit": office.vp,
        "deadline": date(2026, 3, 10),
    }
    values.update(kw)
    values.setdefault("now", NOW)
    return incoming_direct(**values)


def test_direction_slip_with_lead_coordinators_and_for_information(office: Office) -> None:
    doc = office.register()
    done = direct(
        office,
        doc,
        coordinators=[Addressee(department=office.kt, deadline=date(2026, 3, 9))],
        for_information=[office.colleague],
        comment="Văn phòng chủ trì, Phòng Kinh tế phối hợp.",
    )
    assert (
        done.status == S.ASSIGNED and done.lead_department == office.vp and done.deadline == date(2026, 3, 10)
    )
    assert done.directed_by == office.leader and done.handler is None
    rows = {
        (r.part, r.department_id, r.user_id, r.deadline)
        for r in DirectionRecipient.objects.filter(document=doc)
    }
    assert rows == {
        ("lead", office.vp.pk, None, date(2026, 3, 10)),
        ("coordinate", office.kt.pk, None, date(2026, 3, 9)),
        ("inform", None, office.colleague.pk, None),
    }
    assert AuditEvent.objects.filter(action="documents.incoming_direct", to_state="assigned").count() == 1


def test_a_new_direction_replaces_the_current_one(office: Office) -> None:
    doc = direct(office, office.register())
    doc = direct(office, doc, lead_unit=None, lead_user=office.kt_specialist)
    assert doc.handler == office.kt_specialist and doc.lead_department is None
    assert DirectionRecipient.objects.filter(document=doc, current=True).count() == 1
    assert DirectionRecipient.objects.filter(document=doc, current=False).count() == 1


@pytest.mark.parametrize(
    ("who", "kw", "code"),
    [
        ("clerk", {}, "not_leader"),
        ("head", {}, "not_leader"),
        ("other_leader", {}, "not_leader"),
        ("leader", {"lead_unit": None}, "lead_required"),
        ("leader", {"lead_user": "specialist"}, "lead_required"),
        ("leader", {"deadline": date(2026, 3, 1)}, "deadline_past"),
        ("leader", {"coordinators": ["vp"]}, "recipient_duplicate"),
        ("leader", {"coordinators": ["other_clerk"]}, "recipient_other_agency"),
    ],
)
def test_direction_refusals(office: Office, who: str, kw: dict, code: str) -> None:
    doc = office.register()
    resolved = {
        k: (
            [getattr(office, x) for x in v]
            if isinstance(v, list)
            else getattr(office, v)
            if isinstance(v, str)
            else v
        )
        for k, v in kw.items()
    }
    with pytest.raises(ValidationError) as exc:
        direct(office, doc, actor=getattr(office, who), **resolved)
    assert exc.value.code == code
    doc.refresh_from_db()
    assert doc.status == S.REGISTERED and not DirectionRecipient.objects.exists()


def test_other_agency_unit_refused(office: Office) -> None:
    from egov.org.tests.factories import DepartmentFactory

    foreign = DepartmentFactory(agency=office.other, code="X")
    with pytest.raises(ValidationError) as exc:
        direct(office, office.register(), lead_unit=foreign)
    assert exc.value.code == "recipient_other_agency"


def test_secret_document_only_to_named_people(office: Office) -> None:
    doc = office.register(secrecy=Secrecy.SECRET, present_to=office.leader)
    with pytest.raises(ValidationError) as exc:
        direct(office, doc)
    assert exc.value.code == "secret_needs_people"
    assert direct(office, doc, lead_unit=None, lead_user=office.specialist).handler == office.specialist


def test_head_assigns_a_specialist_of_the_lead_unit(office: Office) -> None:
    doc = direct(office, office.register())
    for actor, specialist, deadline, code in (
        (office.kt_head, office.specialist, None, "not_unit_head"),
        (office.specialist, office.specialist, None, "not_unit_head"),
        (office.head, office.kt_specialist, None, "handler_other_unit"),
        (office.head, office.specialist, date(2026, 3, 11), "deadline_after_lead"),
    ):
        with pytest.raises(ValidationError) as exc:
            incoming_assign_handler(
                actor=actor, document=doc, specialist=specialist, deadline=deadline, now=NOW
            )
        assert exc.value.code == code
    doc = incoming_assign_handler(
        actor=office.head, document=doc, specialist=office.specialist, deadline=date(2026, 3, 6), now=NOW
    )
    assert doc.handler == office.specialist
    row = HandlerAssignment.objects.get(document=doc)
    assert (row.assigned_by, row.deadline) == (office.head, date(2026, 3, 6))


def test_assign_refused_when_lead_is_a_person(office: Office) -> None:
    doc = direct(office, office.register(), lead_unit=None, lead_user=office.specialist)
    with pytest.raises(ValidationError) as exc:
        incoming_assign_handler(actor=office.head, document=doc, specialist=office.colleague)
    assert exc.value.code == "no_lead_unit"


def test_progress_and_close_by_the_handler_only(office: Office) -> None:
    doc = direct(office, office.register())
    doc = incoming_assign_handler(actor=office.head, document=doc, specialist=office.specialist, now=NOW)
    for outsider in (office.colleague, office.clerk, office.kt_head, office.other_leader):
        with pytest.raises(ValidationError) as exc:
            incoming_progress(actor=outsider, document=doc, note="x")
        assert exc.value.code == "not_handler"
    with pytest.raises(ValidationError) as exc:
        incoming_progress(actor=office.specialist, document=doc, note="  ")
    assert exc.value.code == "note_required"
    incoming_progress(actor=office.specialist, document=doc, note="Đã dự thảo báo cáo.", now=NOW)
    doc.refresh_from_db()
    assert doc.status == S.IN_PROGRESS

    foreign_reply = OutgoingDocument.objects.create(
        agency=office.other, doc_type=DocumentType.objects.get(code="bao_cao"), abstract="Báo cáo"
    )
    with pytest.raises(ValidationError) as exc:
        incoming_close(actor=office.specialist, document=doc, reply_to=foreign_reply)
    assert exc.value.code == "reply_other_agency"
    reply = OutgoingDocument.objects.create(
        agency=office.agency, doc_type=DocumentType.objects.get(code="bao_cao"), abstract="Báo cáo"
    )
    closed = incoming_close(
        actor=office.specialist, document=doc, note="Đã trả lời.", reply_to=reply, now=NOW
    )
    assert closed.status == S.DONE and closed.reply == reply and closed.closed_at == NOW
    assert list(HandlingUpdate.objects.filter(document=doc).values_list("kind", flat=True)) == [
        "progress",
        "close",
    ]
    with pytest.raises(ValidationError) as exc:
        incoming_progress(actor=office.specialist, document=doc, note="Thêm")
    assert exc.value.code == "not_open"
    actions = set(AuditEvent.objects.filter(object_id=str(doc.pk)).values_list("action", flat=True))
    assert {
        "documents.incoming_progress",
        "documents.incoming_close",
        "documents.incoming_assign_handler",
    } <= actions


def test_directing_leader_and_unit_head_may_close(office: Office) -> None:
    doc = direct(office, office.register())
    assert incoming_close(actor=office.head, document=doc).status == S.DONE
    doc2 = direct(office, office.register())
    assert incoming_close(actor=office.leader, document=doc2).status == S.DONE


def test_nobody_handles_before_direction(office: Office) -> None:
    doc = office.register()
    with pytest.raises(ValidationError) as exc:
        incoming_progress(actor=office.leader, document=doc, note="x")
    assert exc.value.code == "not_open"


def test_unregistered_refusal_message_in_vietnamese(office: Office) -> None:
    from django.utils import translation

    from egov.documents.models import Channel
    from egov.documents.services import incoming_receive

    doc = incoming_receive(agency=office.agency, data=office.data(channel=Channel.ELECTRONIC), now=NOW)
    with translation.override("vi"), pytest.raises(ValidationError) as exc:
        direct(office, doc)
    assert exc.value.messages == ["Văn bản chưa được vào sổ nên không thể giao xử lý."]


def test_directing_leader_closes_but_does_not_report_progress(office: Office) -> None:
    doc = direct(office, office.register())
    with pytest.raises(ValidationError) as exc:
        incoming_progress(actor=office.leader, document=doc, note="x")
    assert exc.value.code == "not_handler"
