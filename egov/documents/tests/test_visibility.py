"""documents_visible_to: agency scope and the secrecy rule, every denial."""

from __future__ import annotations

from datetime import date

import pytest

from egov.accounts.tests.factories import StaffFactory, UserFactory
from egov.documents.models import Secrecy
from egov.documents.selectors import IncomingFilter, documents_visible_to, incoming_list
from egov.documents.services import Addressee, incoming_assign_handler, incoming_direct
from egov.documents.tests.conftest import Office, vn
from egov.org.models import Role
from egov.org.tests.factories import AssignmentFactory

pytestmark = pytest.mark.django_db
NOW = vn(2026, 3, 2, 10, 0)


def sees(user: object, doc: object) -> bool:
    return documents_visible_to(user=user).filter(pk=doc.pk).exists()  # type: ignore[attr-defined]


def test_staff_of_the_agency_see_normal_documents_others_do_not(office: Office) -> None:
    doc = office.register()
    for insider in (office.clerk, office.leader, office.head, office.specialist, office.kt_specialist):
        assert sees(insider, doc)
    for outsider in (office.other_clerk, office.other_leader, StaffFactory(), UserFactory()):
        assert not sees(outsider, doc)
    from django.contrib.auth.models import AnonymousUser

    assert not documents_visible_to(user=AnonymousUser()).exists()


def test_leader_of_a_parent_agency_does_not_read_a_child_agency_register(office: Office) -> None:
    office.other.parent = office.agency
    office.other.save()
    from egov.documents.services import incoming_register

    child_doc = incoming_register(actor=office.other_clerk, data=office.data(), now=NOW)
    assert not sees(office.leader, child_doc)
    assert sees(office.other_leader, child_doc)


def test_secret_document_only_for_the_people_involved(office: Office) -> None:
    doc = office.register(secrecy=Secrecy.TOP_SECRET, present_to=office.leader)
    second_leader = AssignmentFactory(agency=office.agency, role=Role.AGENCY_LEADER).user
    assert sees(office.clerk, doc)  # registered it
    assert sees(office.leader, doc)  # presented to
    for denied in (second_leader, office.head, office.specialist, office.colleague, office.kt_specialist,
                   office.other_clerk, office.other_leader):  # fmt: skip
        assert not sees(denied, doc), denied
    incoming_direct(
        actor=office.leader, document=doc, lead_user=office.specialist,
        coordinators=[office.kt_specialist], for_information=[Addressee(user=office.head)],
        deadline=date(2026, 3, 10), now=NOW,
    )  # fmt: skip
    for allowed in (office.specialist, office.kt_specialist, office.head, office.leader, office.clerk):
        assert sees(allowed, doc), allowed
    for denied in (second_leader, office.colleague, office.kt_head, office.other_leader):
        assert not sees(denied, doc), denied
    # a later direction takes the previous people's access away (except the directing leader)
    incoming_direct(actor=office.leader, document=doc, lead_user=office.colleague, now=NOW)
    assert sees(office.colleague, doc)
    assert (
        not sees(office.kt_specialist, doc)
        and not sees(office.head, doc)
        and not sees(office.specialist, doc)
    )


def test_secret_document_not_visible_even_to_a_superuser_unless_involved(office: Office) -> None:
    doc = office.register(secrecy=Secrecy.SECRET, present_to=office.leader)
    root = StaffFactory(is_superuser=True)
    assert not sees(root, doc)
    normal = office.register()
    assert sees(root, normal)


def test_handler_named_by_the_unit_head_sees_a_secret_document(office: Office) -> None:
    # A secret document goes to a person; a unit lead is refused (see test_handling). Normal ones:
    doc = office.register()
    incoming_direct(actor=office.leader, document=doc, lead_unit=office.vp, now=NOW)
    incoming_assign_handler(actor=office.head, document=doc, specialist=office.specialist, now=NOW)
    assert sees(office.specialist, doc)


def test_lists_and_search_use_the_same_rule(office: Office) -> None:
    office.register(abstract="Về việc phòng chống lụt bão")
    secret = office.register(
        abstract="Kế hoạch lụt bão mật", secrecy=Secrecy.SECRET, present_to=office.leader
    )
    found = list(incoming_list(user=office.specialist, filters=IncomingFilter(query="lut bao")))
    assert [d.abstract for d in found] == ["Về việc phòng chống lụt bão"]
    assert secret not in incoming_list(user=office.other_clerk, filters=IncomingFilter())
