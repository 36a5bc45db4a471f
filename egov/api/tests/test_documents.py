"""Staff document API: agency scoping and the secrecy rule on lists, details and search (every
denial is a 404 or an absence, never a 403), citizens refused, filters, pages, fixed query counts."""

# ruff: noqa: F811
from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from egov.accounts.tests.factories import StaffFactory, UserFactory
from egov.api.tests.conftest import token_client
from egov.api.tests.documents_fixtures import (  # noqa: F401
    NOW,
    directed,
    doc_pdf,
    draft,
    index_all,
    office,
    released,
)
from egov.documents.models import IncomingDocument, OutgoingRecipient, Secrecy, Urgency
from egov.documents.tests.conftest import Office, vn

pytestmark = pytest.mark.django_db

INCOMING = "/api/v1/documents/incoming/"
OUTGOING = "/api/v1/documents/outgoing/"
SEARCH = "/api/v1/documents/search/"


def ids(client: Any, url: str, **params: Any) -> list[int]:
    response = client.get(url, params)
    assert response.status_code == 200, response.json()
    body = response.json()
    return [row["id"] for row in body["results"]]


def search_ids(user: Any, q: str, kind: str = "") -> set[tuple[str, int]]:
    params = {"q": q} | ({"kind": kind} if kind else {})
    response = token_client(user).get(SEARCH, params)
    assert response.status_code == 200, response.json()
    return {(hit["kind"], hit["id"]) for hit in response.json()["results"]}


# --- agency scoping ------------------------------------------------------------------------------


def test_other_agency_documents_are_404_and_never_listed_or_found(office: Office, doc_pdf: bytes) -> None:
    from egov.documents.services import incoming_register

    mine = office.register()
    theirs = incoming_register(
        actor=office.other_clerk, data=office.data(abstract="Về việc kế hoạch của Sở"), now=NOW
    )
    out = released(office, doc_pdf)
    arrived = IncomingDocument.objects.exclude(pk=theirs.pk).get(agency=office.other)  # the released copy
    index_all()

    x, y = token_client(office.colleague), token_client(office.other_leader)
    assert x.get(f"{INCOMING}{mine.pk}/").status_code == 200
    for url in (f"{INCOMING}{theirs.pk}/", f"{INCOMING}{arrived.pk}/", f"{INCOMING}999999/"):
        response = x.get(url)
        assert response.status_code == 404, url
        assert response.json()["detail"]
    assert y.get(f"{OUTGOING}{out.pk}/").status_code == 404
    assert y.get(f"{INCOMING}{mine.pk}/").status_code == 404
    assert y.get(f"{INCOMING}{arrived.pk}/").status_code == 200

    assert ids(x, INCOMING) == [mine.pk]
    assert ids(x, OUTGOING) == [out.pk]
    assert set(ids(y, INCOMING)) == {theirs.pk, arrived.pk}
    assert ids(y, OUTGOING) == []
    assert search_ids(office.colleague, "ke hoach") == set()
    assert search_ids(office.other_leader, "ke hoach") == {("incoming", theirs.pk)}
    assert search_ids(office.other_leader, "to cong tac") == {("incoming", arrived.pk)}
    assert search_ids(office.colleague, "to cong tac") == {("outgoing", out.pk)}


def test_staff_without_a_position_see_nothing(office: Office) -> None:
    office.register()
    index_all()
    loner = StaffFactory()
    client = token_client(loner)
    assert client.get(INCOMING).json()["count"] == 0
    assert client.get(OUTGOING).json()["count"] == 0
    assert search_ids(loner, "bao cao") == set()


# --- secrecy ---------------------------------------------------------------------------------------


def test_secret_incoming_only_for_the_people_involved(office: Office) -> None:
    secret = office.register(
        secrecy=Secrecy.SECRET, present_to=office.leader, abstract="Về việc kế hoạch bảo vệ bí mật"
    )
    normal = office.register(abstract="Về việc kế hoạch công tác năm")
    index_all()

    def sees(user: Any) -> bool:
        client = token_client(user)
        detail = client.get(f"{INCOMING}{secret.pk}/").status_code
        listed = secret.pk in ids(client, INCOMING)
        found = ("incoming", secret.pk) in search_ids(user, "ke hoach")
        assert detail in (200, 404) and {detail == 200, listed, found} in ({True}, {False}), user
        return detail == 200

    assert sees(office.clerk)  # registered it
    assert sees(office.leader)  # presented to
    for denied in (office.specialist, office.colleague, office.head, office.kt_head):
        assert not sees(denied), denied
        assert normal.pk in ids(token_client(denied), INCOMING)  # the same agency's normal document
    assert not sees(office.other_leader)

    # a secret document goes to named people only: the VP specialist leads (and handles it), the KT
    # head is informed
    from egov.documents.services import Addressee, incoming_direct, incoming_progress

    incoming_direct(
        actor=office.leader, document=secret, lead_user=office.specialist,
        for_information=[Addressee(user=office.kt_head)], now=NOW,
    )  # fmt: skip
    incoming_progress(actor=office.specialist, document=secret, note="Đang xử lý.", now=NOW)
    for allowed in (office.clerk, office.leader, office.specialist, office.kt_head):
        assert sees(allowed), allowed
    for denied in (office.colleague, office.head, office.kt_specialist, office.other_leader):
        assert not sees(denied), denied


def test_secret_outgoing_draft_only_for_its_chain(office: Office, doc_pdf: bytes) -> None:
    secret = draft(office, doc_pdf, secrecy=Secrecy.TOP_SECRET, abstract="Về việc phương án bảo vệ mật")
    index_all()

    def sees(user: Any) -> bool:
        client = token_client(user)
        detail = client.get(f"{OUTGOING}{secret.pk}/").status_code
        listed = secret.pk in ids(client, OUTGOING)
        found = ("outgoing", secret.pk) in search_ids(user, "phuong an bao ve", kind="outgoing")
        assert {detail == 200, listed, found} in ({True}, {False}), user
        return detail == 200

    for allowed in (office.specialist, office.clerk, office.leader, office.head):
        assert sees(allowed), allowed
    for denied in (
        office.colleague,
        office.kt_specialist,
        office.kt_head,
        office.other_clerk,
        office.other_leader,
    ):
        assert not sees(denied), denied


# --- who may call ----------------------------------------------------------------------------------

URLS = [INCOMING, f"{INCOMING}1/", OUTGOING, f"{OUTGOING}1/", f"{SEARCH}?q=ke+hoach"]


@pytest.mark.parametrize("url", URLS)
def test_citizens_are_refused_and_anonymous_must_authenticate(office: Office, url: str) -> None:
    from rest_framework.test import APIClient

    assert token_client(UserFactory()).get(url).status_code == 403
    assert APIClient().get(url).status_code == 401


def test_write_methods_are_not_allowed(office: Office) -> None:
    doc = office.register()
    client = token_client(office.clerk)
    assert client.post(INCOMING, {}, format="json").status_code == 405
    assert client.delete(f"{INCOMING}{doc.pk}/").status_code == 405


# --- details ---------------------------------------------------------------------------------------


def test_incoming_detail_has_slip_handlers_history_and_file(office: Office, doc_pdf: bytes) -> None:
    from egov.api.tests.documents_fixtures import pdf_upload
    from egov.documents.services import incoming_register

    doc = incoming_register(
        actor=office.clerk, data=office.data(urgency=Urgency.URGENT), file=pdf_upload(doc_pdf), now=NOW
    )
    directed(office, doc)
    body = token_client(office.colleague).get(f"{INCOMING}{doc.pk}/").json()
    assert body["arrival_number"] == 1 and body["arrival_year"] == 2026
    assert body["number_symbol"] == "123/BNV-TCBC" and body["status"] == "in_progress"
    assert body["urgency"] == "urgent" and body["registered_by"]["id"] == office.clerk.pk
    slip = body["direction"]
    assert slip["directed_by"]["id"] == office.leader.pk and slip["deadline"] == "2026-03-20"
    assert [r["department"]["id"] for r in slip["lead"]] == [office.vp.pk]
    assert [r["department"]["id"] for r in slip["coordinators"]] == [office.kt.pk]
    assert [r["user"]["id"] for r in slip["informed"]] == [office.kt_head.pk]
    assert body["directions_count"] == 1
    assert [a["handler"]["id"] for a in body["assignments"]] == [office.specialist.pk]
    assert body["assignments"][0]["assigned_by"]["id"] == office.head.pk
    assert body["handler"]["id"] == office.specialist.pk
    assert [(u["kind"], u["note"]) for u in body["updates"]] == [("progress", "Đang tổng hợp số liệu.")]
    assert body["file"]["download_url"] == f"/files/{doc.file_id}/"
    # the staff download page answers that colleague (same rule as the document)
    from django.test import Client

    web = Client()
    web.force_login(office.colleague)
    assert web.get(body["file"]["download_url"]).status_code == 200
    paper = office.register()
    assert token_client(office.clerk).get(f"{INCOMING}{paper.pk}/").json()["file"] is None


def test_outgoing_detail_has_recipients_delivery_reviews_and_files(office: Office, doc_pdf: bytes) -> None:
    doc = released(office, doc_pdf)
    body = token_client(office.colleague).get(f"{OUTGOING}{doc.pk}/").json()
    assert body["status"] == "released" and body["released_at"]
    assert body["number_text"] == doc.number_text and body["number_text"]
    assert body["doc_type"] == "quyet_dinh" and body["abstract"] == doc.abstract
    assert body["signer"]["id"] == office.leader.pk and body["paper_signed"] is True
    assert body["recipients"] == [
        {
            "kind": "internal",
            "name": office.other.name,
            "agency_code": office.other.agency_code,
            "delivery": "delivered",
            "delivery_label": str(OutgoingRecipient.Delivery.DELIVERED.label),
            "delivered_at": body["recipients"][0]["delivered_at"],
        }
    ]
    assert [r["step"] for r in body["reviews"]] == ["submit", "review", "check", "approve"]
    assert body["files"]["content"]["download_url"] == f"/files/{doc.file_id}/"
    assert body["files"]["signed"]["name"] == "ban-ky.pdf"


# --- filters, pages, query counts ------------------------------------------------------------------


def test_incoming_filters(office: Office) -> None:
    old = office.register(received_at=vn(2026, 2, 10, 9), abstract="Về việc tuyển dụng viên chức")
    urgent = office.register(urgency=Urgency.FLASH, abstract="Về việc phòng chống bão số 3")
    directed(office, urgent)
    client = token_client(office.clerk)
    assert ids(client, INCOMING, status="in_progress") == [urgent.pk]
    assert ids(client, INCOMING, urgency="flash") == [urgent.pk]
    assert ids(client, INCOMING, q="tuyen dung") == [old.pk]
    assert ids(client, INCOMING, received_from="10/02/2026", received_to="2026-02-10") == [old.pk]
    assert ids(client, INCOMING, received_from="2026-02-11") == [urgent.pk]
    response = client.get(INCOMING, {"status": "bogus", "received_to": "31/02/2026"})
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"status", "received_to"}


def test_outgoing_filters(office: Office, doc_pdf: bytes) -> None:
    out = released(office, doc_pdf)
    urgent = draft(office, doc_pdf, urgency=Urgency.URGENT, abstract="Về việc ứng phó thiên tai")
    client = token_client(office.leader)
    assert ids(client, OUTGOING, status="released") == [out.pk]
    assert ids(client, OUTGOING, urgency="urgent") == [urgent.pk]
    assert ids(client, OUTGOING, q="ung pho") == [urgent.pk]
    day = out.issued_date
    assert day is not None
    assert ids(client, OUTGOING, issued_from=day.strftime("%d/%m/%Y"), issued_to=day.isoformat()) == [out.pk]
    assert client.get(OUTGOING, {"issued_from": "hôm qua"}).status_code == 400


def test_lists_are_paginated(office: Office) -> None:
    docs = [office.register(abstract=f"Về việc kế hoạch đợt {i}") for i in range(5)]
    client = token_client(office.clerk)
    first = client.get(INCOMING, {"page_size": 2}).json()
    assert first["count"] == 5 and len(first["results"]) == 2 and first["next"] and first["previous"] is None
    last = client.get(INCOMING, {"page_size": 2, "page": 3}).json()
    assert [r["id"] for r in last["results"]] == [docs[0].pk]
    assert client.get(INCOMING, {"page": 9}).status_code == 404


def test_search_pages_kinds_and_plain_text(office: Office, doc_pdf: bytes) -> None:
    for i in range(3):
        office.register(abstract=f"Về việc <b>kế hoạch</b> đợt {i} & tổng kết")
    out = draft(office, doc_pdf, abstract="Kế hoạch chuyển đổi số")
    index_all()
    client = token_client(office.clerk)
    body = client.get(SEARCH, {"q": "ke hoach", "page_size": "2"}).json()
    assert body["count"] == 4 and body["num_pages"] == 2 and body["next"] and body["previous"] is None
    hit = next(h for h in body["results"] if h["kind"] == "incoming")
    assert (
        "<mark>" not in hit["heading"]
        and "<b>kế hoạch</b>" in hit["heading"]
        and "&amp;" not in hit["heading"]
    )
    assert hit["url"] == f"{INCOMING}{hit['id']}/"
    second = client.get(SEARCH, {"q": "ke hoach", "page_size": "2", "page": "2"}).json()
    assert second["page"] == 2 and second["next"] is None and second["previous"]
    assert len({(h["kind"], h["id"]) for h in body["results"] + second["results"]}) == 4
    outgoing = client.get(SEARCH, {"q": "ke hoach", "kind": "outgoing"}).json()
    assert [(h["kind"], h["id"], h["url"]) for h in outgoing["results"]] == [
        ("outgoing", out.pk, f"{OUTGOING}{out.pk}/")
    ]
    bad = client.get(SEARCH, {"q": " ", "kind": "memo", "page": "0"})
    assert bad.status_code == 400 and set(bad.json()["errors"]) == {"q", "kind"}
    assert client.get(SEARCH, {"q": "ke hoach", "page": "x"}).status_code == 400


def _count(client: Any, url: str, **params: Any) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_incoming_list_has_a_fixed_query_count(office: Office, django_assert_num_queries: Any) -> None:
    client = token_client(office.colleague)
    directed(office, office.register())
    one = _count(client, INCOMING)
    for i in range(5):
        directed(office, office.register(abstract=f"Về việc số {i}"))
    assert _count(client, INCOMING) == one
    with django_assert_num_queries(one):
        assert len(client.get(INCOMING, {"q": "ve viec"}).json()["results"]) == 6


def test_outgoing_list_and_search_have_fixed_query_counts(
    office: Office, doc_pdf: bytes, django_assert_num_queries: Any
) -> None:
    client = token_client(office.colleague)
    released(office, doc_pdf)
    index_all()
    one, found_one = _count(client, OUTGOING), _count(client, SEARCH, q="to cong tac")
    for _i in range(4):
        draft(office, doc_pdf)
    released(office, doc_pdf)
    index_all()
    with django_assert_num_queries(one):
        assert len(client.get(OUTGOING).json()["results"]) == 6
    assert _count(client, SEARCH, q="to cong tac") == found_one


def test_schema_documents_the_document_endpoints(db: None) -> None:
    from rest_framework.test import APIClient

    schema = APIClient().get("/api/schema/", {"format": "json"}).json()
    for path in (INCOMING, f"{INCOMING}{{id}}/", OUTGOING, f"{OUTGOING}{{id}}/", SEARCH):
        operations = schema["paths"][path]
        assert set(operations) - {"parameters"} == {"get"}, path
        assert "200" in operations["get"]["responses"] and operations["get"]["tags"] == ["documents"]
    params = {p["name"] for p in schema["paths"][INCOMING]["get"]["parameters"]}
    assert {"status", "urgency", "received_from", "received_to", "q", "page", "page_size"} <= params


def test_error_messages_are_vietnamese(office: Office) -> None:
    from django.utils import translation

    client = token_client(office.clerk)
    with translation.override("vi"):
        expected = translation.gettext("Unknown urgency.")
    response = client.get(INCOMING, {"urgency": "asap"}, HTTP_ACCEPT_LANGUAGE="vi")
    assert response.json()["errors"]["urgency"] == [expected]


def test_out_of_range_ids_are_404(office: Office) -> None:
    client = token_client(office.clerk)
    for url in (INCOMING, OUTGOING):
        assert client.get(f"{url}{10**30}/").status_code == 404
