"""Registration (rule 9), arrival numbers and the clerk's checks."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from egov.core.audit.models import AuditEvent
from egov.core.files.tests.samples import pdf_bytes
from egov.documents.models import Channel, IncomingDocument, NumberSeries, Secrecy, Urgency
from egov.documents.services import (
    incoming_direct,
    incoming_receive,
    incoming_register,
    incoming_register_received,
    incoming_return,
    registration_due,
)
from egov.documents.tests.conftest import Office, vn

pytestmark = pytest.mark.django_db


def codes(exc: pytest.ExceptionInfo[ValidationError]) -> str:
    return str(exc.value.code)


# -- rule 9: registration and presentation deadline ------------------------------------------------


@pytest.mark.parametrize(
    ("arrival", "expected"),
    [
        (vn(2026, 3, 2, 9, 0), vn(2026, 3, 2, 17, 0)),  # Monday morning: the same day
        (vn(2026, 3, 2, 16, 0), vn(2026, 3, 3, 17, 0)),  # after the 15:00 cut-off: next working day
        (vn(2026, 3, 7, 10, 0), vn(2026, 3, 9, 17, 0)),  # Saturday → Monday
        (vn(2026, 4, 24, 16, 0), vn(2026, 4, 28, 17, 0)),  # Fri; Sun 26 + Mon 27 Apr (observed) off
        (vn(2026, 4, 29, 16, 0), vn(2026, 5, 4, 17, 0)),  # 30/4, 1/5 and the weekend
    ],
)
def test_registration_due_same_day_or_next_working_day(arrival: object, expected: object) -> None:
    assert registration_due(received_at=arrival, urgency=Urgency.NORMAL) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize("urgency", [Urgency.URGENT, Urgency.VERY_URGENT, Urgency.FLASH])
def test_urgent_documents_are_due_at_once_and_flagged(office: Office, urgency: str) -> None:
    arrival = vn(2026, 4, 25, 10, 0)  # a Saturday: urgent documents do not wait for Monday
    doc = office.register(received_at=arrival, urgency=urgency, now=vn(2026, 4, 25, 10, 5))
    assert doc.registration_due == arrival
    assert doc.present_immediately is True


def test_register_gives_consecutive_arrival_numbers_and_audits(office: Office) -> None:
    first = office.register()
    second = office.register(abstract="Về việc khác")
    assert (first.arrival_number, second.arrival_number) == (1, 2)
    assert first.status == IncomingDocument.Status.REGISTERED
    assert first.registered_by == office.clerk and first.arrival_year == 2026
    assert first.present_immediately is False
    assert first.registration_due == vn(2026, 3, 2, 17, 0)
    assert AuditEvent.objects.filter(action="documents.incoming_register", object_id=str(first.pk)).exists()
    assert first.search_text.startswith("1 123/bnv-tcbc bo noi vu")


def test_arrival_numbers_restart_on_1_january_vietnam_time(office: Office) -> None:
    a = office.register(received_at=vn(2025, 12, 31, 23, 50), now=vn(2025, 12, 31, 23, 59))
    b = office.register(received_at=vn(2025, 12, 31, 23, 55), now=vn(2026, 1, 1, 0, 0))
    assert (a.arrival_year, a.arrival_number) == (2025, 1)
    assert (b.arrival_year, b.arrival_number) == (2026, 1)


def test_secret_documents_have_their_own_register(office: Office) -> None:
    office.register()
    secret = office.register(secrecy=Secrecy.SECRET, present_to=office.leader)
    assert secret.arrival_series == NumberSeries.INCOMING_SECRET and secret.arrival_number == 1
    assert office.register().arrival_number == 2


def test_paper_and_electronic_share_one_series(office: Office) -> None:
    office.register(channel=Channel.PAPER)
    upload = SimpleUploadedFile("cv.pdf", pdf_bytes(), content_type="application/pdf")
    doc = incoming_register(
        actor=office.clerk, data=office.data(channel=Channel.ELECTRONIC), file=upload, now=vn(2026, 3, 2, 10)
    )
    assert doc.arrival_number == 2
    assert doc.file is not None and doc.file.owner_type == "documents.incomingdocument"
    assert doc.file.owner_id == str(doc.pk)


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"sender_name": "  "}, "sender_required"),
        ({"abstract": ""}, "abstract_required"),
        ({"received_at": vn(2026, 3, 3, 9, 0)}, "received_future"),
        ({"issued_date": date(2026, 3, 3)}, "issued_after_arrival"),
        ({"page_count": 0}, "pages_invalid"),
        ({"urgency": "very"}, "urgency_invalid"),
        ({"secrecy": Secrecy.SECRET}, "present_to_required"),
        ({"channel": Channel.ELECTRONIC}, "file_required"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_kept(office: Office, overrides: dict, code: str) -> None:
    with pytest.raises(ValidationError) as exc:
        office.register(**overrides)
    assert codes(exc) == code
    assert IncomingDocument.objects.count() == 0
    # the number was given back: the next registration still gets 1
    assert office.register().arrival_number == 1


def test_only_a_clerk_of_the_agency_registers(office: Office) -> None:
    for someone in (office.leader, office.specialist, office.other_clerk):
        with pytest.raises(ValidationError) as exc:
            incoming_register(actor=someone, data=office.data(), agency=office.agency, now=vn(2026, 3, 2, 10))
        assert codes(exc) == "not_clerk"
    with pytest.raises(ValidationError) as exc:
        incoming_register(actor=office.specialist, data=office.data(), now=vn(2026, 3, 2, 10))
    assert codes(exc) == "not_clerk"


def test_present_to_must_be_a_leader_of_the_agency(office: Office) -> None:
    for someone in (office.head, office.other_leader):
        with pytest.raises(ValidationError) as exc:
            office.register(secrecy=Secrecy.SECRET, present_to=someone)
        assert codes(exc) == "present_to_not_leader"


def test_received_electronic_document_must_be_registered_before_direction(office: Office) -> None:
    doc = incoming_receive(
        agency=office.agency, data=office.data(channel=Channel.ELECTRONIC), now=vn(2026, 3, 2, 9)
    )
    assert doc.status == IncomingDocument.Status.RECEIVED and doc.arrival_number is None
    with pytest.raises(ValidationError) as exc:
        incoming_direct(actor=office.leader, document=doc, lead_unit=office.vp, now=vn(2026, 3, 2, 10))
    assert codes(exc) == "not_registered"
    registered = incoming_register_received(actor=office.clerk, document=doc, now=vn(2026, 3, 2, 10))
    assert registered.arrival_number == 1 and registered.status == IncomingDocument.Status.REGISTERED
    with pytest.raises(ValidationError):
        incoming_register_received(actor=office.clerk, document=doc, now=vn(2026, 3, 2, 10))


def test_return_before_direction_only(office: Office) -> None:
    doc = office.register()
    with pytest.raises(ValidationError) as exc:
        incoming_return(actor=office.clerk, document=doc, reason=" ")
    assert codes(exc) == "reason_required"
    returned = incoming_return(actor=office.clerk, document=doc, reason="Gửi nhầm cơ quan")
    assert returned.status == IncomingDocument.Status.RETURNED
    with pytest.raises(ValidationError) as exc:
        incoming_direct(actor=office.leader, document=doc, lead_unit=office.vp)
    assert codes(exc) == "not_directable"
