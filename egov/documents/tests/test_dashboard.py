"""The office dashboard: counts by urgency, overdue by unit and handler, outgoing awaiting signature,
fixed query count whatever the volume, and who may open it."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from egov.documents.dashboard import office_dashboard
from egov.documents.models import DocumentType, OutgoingDocument, Secrecy, Urgency
from egov.documents.services import incoming_assign_handler, incoming_direct
from egov.documents.tests.conftest import Office, vn

pytestmark = pytest.mark.django_db
URL = reverse("documents:dashboard")
NOW = vn(2026, 3, 2, 10, 0)


def seed(office: Office, n: int) -> None:
    """n documents: a third awaiting direction, a third directed to VP (overdue), a third assigned to
    a KT specialist (overdue); plus n//3 outgoing documents awaiting signature."""
    doc_type = DocumentType.objects.get(code="cong_van")
    for i in range(n):
        urgency = Urgency.URGENT if i % 2 else Urgency.NORMAL
        doc = office.register(abstract=f"Văn bản {i}", urgency=urgency, original_number=str(i + 1))
        if i % 3 == 1:
            incoming_direct(
                actor=office.leader, document=doc, lead_unit=office.vp, deadline=date(2026, 3, 10), now=NOW
            )
        elif i % 3 == 2:
            incoming_direct(
                actor=office.leader, document=doc, lead_unit=office.kt, deadline=date(2026, 3, 10), now=NOW
            )
            incoming_assign_handler(
                actor=office.kt_head,
                document=doc,
                specialist=office.kt_specialist,
                deadline=date(2026, 3, 9),
                now=NOW,
            )
    for i in range(n // 3):
        OutgoingDocument.objects.create(
            agency=office.agency,
            doc_type=doc_type,
            abstract=f"Dự thảo {i}",
            status="checked" if i % 2 else "approved",
        )


def test_counts(office: Office) -> None:
    seed(office, 6)
    office.register(abstract="Mật", secrecy=Secrecy.SECRET, present_to=office.leader, original_number="99")
    data = office_dashboard(user=office.head, agency=office.agency, today=date(2026, 4, 1))
    assert data.awaiting_direction_total == 2  # the secret one is not visible to the head
    assert data.in_handling_total == 4
    urgent = next(r for r in data.urgency_rows if r.code == Urgency.URGENT)
    assert urgent.total == 3
    assert data.overdue_total == 4
    assert {b.label: b.count for b in data.overdue_by_unit} == {"Văn phòng": 2, "Phòng Kinh tế": 2}
    assert sorted(b.count for b in data.overdue_by_handler) == [2, 2]
    assert data.overdue_by_unit[0].pct == 100.0
    assert data.awaiting_signature_total == 2 and data.awaiting_release_total == 0
    clerk_view = office_dashboard(user=office.clerk, agency=office.agency, today=date(2026, 4, 1))
    assert clerk_view.awaiting_direction_total == 3  # the registering clerk sees the secret one


def test_fixed_query_count_3_vs_40(client: Client, office: Office, django_assert_num_queries: Any) -> None:
    seed(office, 3)
    client.force_login(office.leader)
    client.get(URL)
    with CaptureQueriesContext(connection) as small:
        first = client.get(URL)
    assert len(small.captured_queries) <= 16
    seed_more = 40
    for i in range(seed_more):
        office.register(abstract=f"Thêm {i}", original_number=f"T{i}")
    seed(office, 6)
    with django_assert_num_queries(len(small.captured_queries)):
        second = client.get(URL)
    assert first.status_code == second.status_code == 200
    assert second.context["data"].awaiting_direction_total > first.context["data"].awaiting_direction_total


def test_access(client: Client, office: Office) -> None:
    client.force_login(office.specialist)
    assert client.get(URL).status_code == 404  # specialists have no dashboard
    client.force_login(office.other_clerk)
    response = client.get(URL)
    assert response.status_code == 200 and response.context["agency"] == office.other
    assert client.get(URL, {"agency": office.agency.pk}).status_code == 404
    client.logout()
    assert client.get(URL).status_code == 302
