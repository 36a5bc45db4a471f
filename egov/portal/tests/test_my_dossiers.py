"""My dossiers: list, detail with a plain timeline, online supplementation, withdrawal, result,
rating and my data store; citizen B can never see or act on citizen A's records."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.authtoken.models import Token

from egov.core.files.services import file_store
from egov.dossiers.models import Dossier, DossierComponent, Rating
from egov.dossiers.services import (
    dossier_accept_online,
    dossier_request_supplement_at_intake,
    dossier_supplement_complete,
)
from egov.portal.models import Draft
from egov.portal.tests.conftest import Portal, pdf_upload
from egov.portal.tests.test_submission import attach_all, fill, start

pytestmark = pytest.mark.django_db


def submitted(portal: Portal) -> Dossier:
    draft = start(portal)
    fill(portal, draft)
    attach_all(portal, draft)
    portal.client_a.post(reverse("portal:draft-review", args=[draft.pk]))
    return Dossier.objects.get(applicant_user=portal.a)


def test_detail_shows_status_and_timeline_in_plain_words(portal: Portal) -> None:
    dossier = submitted(portal)
    dossier_accept_online(actor=portal.world.officer, dossier=dossier)
    body = portal.client_a.get(reverse("portal:my-dossier", args=[dossier.code])).content.decode()
    assert dossier.code in body
    assert "Being processed" in body or "Đang giải quyết" in body or "Đang xử lý" in body
    assert body.count('<li class="mb-2">') >= 2  # registered, then accepted
    assert portal.world.officer.username not in body  # no staff names in the citizen's timeline


def test_online_supplementation_then_reacceptance_restarts_the_clock(portal: Portal) -> None:
    dossier = submitted(portal)
    dossier_request_supplement_at_intake(
        actor=portal.world.officer, dossier=dossier, items=["Bản sao giấy chứng sinh rõ nét"], reason="Mờ"
    )
    page = portal.client_a.get(reverse("portal:my-dossier", args=[dossier.code])).content.decode()
    assert "Bản sao giấy chứng sinh rõ nét" in page
    url = reverse("portal:my-dossier-supplement", args=[dossier.code])
    response = portal.client_a.post(url, {"files": [pdf_upload("chung-sinh-ro.pdf")], "note": "Đã chụp lại"})
    assert response.status_code == 302
    request = dossier.supplementations.get()
    assert request.submitted_online_at is not None and request.applicant_note == "Đã chụp lại"
    added = DossierComponent.objects.get(dossier=dossier, name="Bản sao giấy chứng sinh rõ nét")
    assert added.file is not None and added.file.owner_id == str(dossier.pk)
    # A second sending is refused with a message; nothing is added.
    portal.client_a.post(url, {"files": [pdf_upload("lan-hai.pdf")]})
    assert dossier.components.count() == 3
    dossier_supplement_complete(actor=portal.world.officer, dossier=dossier)
    dossier.refresh_from_db()
    assert dossier.status == Dossier.Status.PROCESSING and dossier.due_at is not None


def test_withdraw_needs_a_reason_and_is_audited(portal: Portal) -> None:
    dossier = submitted(portal)
    url = reverse("portal:my-dossier-withdraw", args=[dossier.code])
    assert portal.client_a.post(url, {"reason": ""}).status_code == 400
    portal.client_a.post(url, {"reason": "Nộp nhầm thủ tục"})
    dossier.refresh_from_db()
    assert dossier.status == Dossier.Status.WITHDRAWN


def test_result_download_and_rating_after_resolution(portal: Portal) -> None:
    dossier = submitted(portal)
    result = file_store(upload=pdf_upload("ket-qua.pdf", "KET QUA"), user=portal.world.officer, owner=dossier)
    Dossier.objects.filter(pk=dossier.pk).update(status=Dossier.Status.RESOLVED, result_file=result)
    page = portal.client_a.get(reverse("portal:my-dossier", args=[dossier.code])).content.decode()
    download = reverse("files:download", args=[result.pk])
    assert download in page
    got = portal.client_a.get(download)
    assert got.status_code == 200 and b"".join(got.streaming_content).startswith(b"%PDF")  # type: ignore[attr-defined]
    assert portal.client_b.get(download).status_code == 404
    rate = reverse("portal:my-dossier-rate", args=[dossier.code])
    assert portal.client_a.post(rate, {"overall": "very_satisfied", "comment": "Nhanh"}).status_code == 302
    assert Rating.objects.get(dossier=dossier).channel == Rating.Channel.ONLINE
    # The result is in my data store, ready for reuse.
    store = portal.client_a.get(reverse("portal:data-store")).content.decode()
    assert "ket-qua.pdf" in store
    assert "ket-qua.pdf" not in portal.client_b.get(reverse("portal:data-store")).content.decode()


def test_citizen_b_cannot_see_or_act_on_citizen_a(portal: Portal) -> None:
    dossier = submitted(portal)
    draft = Draft.objects.get(user=portal.a, status=Draft.Status.SUBMITTED)
    other_draft = start(portal)  # a fresh open draft of A
    file_id = dossier.components.first().file_id  # type: ignore[union-attr]
    b = portal.client_b
    for url in [
        reverse("portal:my-dossier", args=[dossier.code]),
        reverse("portal:my-dossier-rate", args=[dossier.code]),
        reverse("portal:draft-info", args=[other_draft.pk]),
        reverse("portal:draft-files", args=[other_draft.pk]),
        reverse("portal:draft-review", args=[draft.pk]),
        reverse("files:download", args=[file_id]),
    ]:
        assert b.get(url).status_code == 404, url
    for url, data in [
        (reverse("portal:my-dossier-withdraw", args=[dossier.code]), {"reason": "x"}),
        (reverse("portal:my-dossier-supplement", args=[dossier.code]), {}),
        (reverse("portal:draft-autosave", args=[other_draft.pk]), {"a-name": "B"}),
        (reverse("portal:draft-review", args=[other_draft.pk]), {}),
        (reverse("portal:draft-discard", args=[other_draft.pk]), {}),
    ]:
        assert b.post(url, data).status_code == 404, url
    # B cannot pull A's file into their own draft by guessing its id.
    b_world_draft = start_for_b(portal)
    component = portal.version.components.first()
    assert component is not None
    b.post(
        reverse("portal:draft-files", args=[b_world_draft.pk]), {"slot": component.pk, "reuse": str(file_id)}
    )
    assert not b_world_draft.attachments.exists()
    # Lists show only one's own records.
    assert dossier.code not in b.get(reverse("portal:my-dossiers")).content.decode()
    dossier.refresh_from_db()
    assert dossier.status == Dossier.Status.SUBMITTED
    other_draft.refresh_from_db()
    assert other_draft.status == Draft.Status.OPEN


def start_for_b(portal: Portal) -> Draft:
    portal.client_b.post(
        reverse("portal:apply", args=[portal.version.procedure.code]), {"agency": portal.world.agency.pk}
    )
    return Draft.objects.get(user=portal.b)


def test_the_api_refuses_citizens(portal: Portal) -> None:
    dossier = submitted(portal)
    token = Token.objects.create(user=portal.b)
    api = Client(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.get(f"/api/v1/dossiers/{dossier.code}/").status_code == 403
    assert api.get("/api/v1/dossiers/").status_code == 403
    actions = api.post(f"/api/v1/dossiers/{dossier.code}/actions/", {"action": "withdraw"})
    assert actions.status_code == 403
    # Even citizen A's own session may not use the staff API.
    assert portal.client_a.get(f"/api/v1/dossiers/{dossier.code}/").status_code == 403


def _count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_my_dossiers_query_count_does_not_grow(portal: Portal) -> None:
    url = reverse("portal:my-dossiers")
    submitted(portal)
    few = _count(portal.client_a, url)
    source = Dossier.objects.get(applicant_user=portal.a)
    for i in range(15):
        copy: Any = Dossier.objects.get(pk=source.pk)
        copy.pk = None
        copy.code = f"{source.code}-{i}"
        copy.save()
    assert _count(portal.client_a, url) == few


def test_my_data_query_count_does_not_grow(portal: Portal) -> None:
    url = reverse("portal:data-store")
    submitted(portal)
    few = _count(portal.client_a, url)
    for i in range(12):
        file_store(upload=pdf_upload(f"giay-{i}.pdf"), user=portal.a)
    assert _count(portal.client_a, url) == few
