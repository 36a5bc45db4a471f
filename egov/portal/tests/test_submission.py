"""Online submission: start a draft, fill it in (autosave), attach documents (new or reused),
review and submit once; the dossier waits in SUBMITTED at the competent agency."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from egov.accounts.assurance import SESSION_LEVEL
from egov.core.audit.models import AuditEvent
from egov.core.files.models import StoredFile
from egov.dossiers.models import Dossier
from egov.notifications.models import OutboxMessage
from egov.portal.models import Draft, DraftAttachment
from egov.portal.tests.conftest import Portal, pdf_upload

pytestmark = pytest.mark.django_db


def start(portal: Portal) -> Draft:
    url = reverse("portal:apply", args=[portal.version.procedure.code])
    response = portal.client_a.post(url, {"agency": portal.world.agency.pk})
    draft = Draft.objects.get(user=portal.a, status=Draft.Status.OPEN)
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:draft-info", args=[draft.pk])
    return draft


def fill(portal: Portal, draft: Draft, **overrides: Any) -> Any:
    data = {
        "a-name": "Trần Thị Bình",
        "a-id_number": "001090000001",
        "a-phone": "0987654321",
        "a-email": "binh@example.vn",
        "a-address": "12 Lê Lợi",
        "d-delivery": "online",
        "action": "next",
    } | overrides
    return portal.client_a.post(reverse("portal:draft-info", args=[draft.pk]), data)


def attach_all(portal: Portal, draft: Draft) -> None:
    for component in portal.version.components.all():
        response = portal.client_a.post(
            reverse("portal:draft-files", args=[draft.pk]), {"slot": component.pk, "file": pdf_upload()}
        )
        assert response.status_code == 302


def test_anonymous_is_sent_to_login_and_staff_is_refused(portal: Portal) -> None:
    from django.test import Client

    url = reverse("portal:apply", args=[portal.version.procedure.code])
    response = Client().get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    staff = Client()
    staff.force_login(portal.world.officer)
    assert staff.get(url).status_code == 403


def test_start_twice_resumes_the_same_draft(portal: Portal) -> None:
    draft = start(portal)
    assert draft.applicant["id_number"] == "001090000001"  # pre-filled from the profile
    again = portal.client_a.post(
        reverse("portal:apply", args=[portal.version.procedure.code]), {"agency": portal.world.agency.pk}
    )
    assert again["Location"] == reverse("portal:draft-info", args=[draft.pk])
    assert Draft.objects.filter(user=portal.a).count() == 1


def test_agency_that_does_not_implement_is_refused(portal: Portal) -> None:
    url = reverse("portal:apply", args=[portal.version.procedure.code])
    response = portal.client_a.post(url, {"agency": portal.world.other.pk}, follow=True)
    assert "chọn cơ quan giải quyết hồ sơ" in response.content.decode().lower()
    assert not Draft.objects.exists()


def test_autosave_keeps_what_was_typed_even_if_invalid(portal: Portal) -> None:
    draft = start(portal)
    response = portal.client_a.post(
        reverse("portal:draft-autosave", args=[draft.pk]),
        {"a-name": "Trần Thị Bình", "a-id_number": "12ab", "d-delivery": "post", "d-delivery_address": ""},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.applicant["id_number"] == "12ab"
    assert draft.delivery == "post"


def test_review_lists_what_is_missing_and_submit_is_refused(portal: Portal) -> None:
    draft = start(portal)
    fill(portal, draft, **{"a-id_number": "123", "d-delivery": "post"})
    review = portal.client_a.get(reverse("portal:draft-review", args=[draft.pk]))
    body = review.content.decode()
    assert "12" in body and "Tờ khai" in body
    response = portal.client_a.post(reverse("portal:draft-review", args=[draft.pk]))
    assert response.status_code == 200
    assert not Dossier.objects.exists()
    draft.refresh_from_db()
    assert draft.status == Draft.Status.OPEN


def test_submit_creates_one_submitted_dossier_and_acknowledges(portal: Portal) -> None:
    draft = start(portal)
    fill(portal, draft)
    attach_all(portal, draft)
    url = reverse("portal:draft-review", args=[draft.pk])
    with_callbacks = portal.client_a.post(url)
    dossier = Dossier.objects.get()
    assert with_callbacks["Location"] == reverse("portal:my-dossier", args=[dossier.code])
    assert dossier.status == Dossier.Status.SUBMITTED
    assert dossier.channel == Dossier.Channel.ONLINE
    assert dossier.applicant_user_id == portal.a.pk
    assert dossier.competent_agency_id == portal.world.agency.pk
    assert dossier.submitted_at is not None and dossier.accepted_at is None and dossier.due_at is None
    assert dossier.components.count() == 2
    files = StoredFile.objects.filter(pk__in=dossier.components.values("file_id"))
    assert {f.owner_type for f in files} == {"dossiers.dossier"}
    # A second click (or a replayed POST) returns the same dossier.
    again = portal.client_a.post(url)
    assert again.status_code == 302 and Dossier.objects.count() == 1
    assert AuditEvent.objects.filter(action="draft.submit").count() == 1


def test_acknowledgement_goes_to_the_outbox(django_capture_on_commit_callbacks: Any) -> None:
    from egov.portal.tests.conftest import make_citizen, online_world

    world = online_world()
    citizen = make_citizen("citizen_t", "001090000009", email="t@example.vn", phone="0911111111")
    from django.test import Client

    client = Client()
    client.force_login(citizen)
    portal = Portal(world=world, a=citizen, b=citizen, client_a=client, client_b=client)
    draft = start(portal)
    fill(portal, draft, **{"a-id_number": "001090000009", "a-email": "t@example.vn"})
    attach_all(portal, draft)
    with django_capture_on_commit_callbacks(execute=True):
        portal.client_a.post(reverse("portal:draft-review", args=[draft.pk]))
    dossier = Dossier.objects.get()
    keys = set(OutboxMessage.objects.values_list("idempotency_key", flat=True))
    assert f"dossier:{dossier.code}:submitted-online:email" in keys
    assert f"dossier:{dossier.code}:submitted-online:sms" in keys


def test_id_of_someone_else_needs_on_behalf_and_an_authorisation(portal: Portal) -> None:
    draft = start(portal)
    fill(portal, draft, **{"a-id_number": "001090000777", "a-name": "Nguyễn Văn Ông"})
    attach_all(portal, draft)
    body = portal.client_a.get(reverse("portal:draft-review", args=[draft.pk])).content.decode()
    assert "nộp thay cho người khác" in body.lower()
    fill(portal, draft, **{"a-id_number": "001090000777", "a-name": "Nguyễn Văn Ông", "a-on_behalf": "on"})
    portal.client_a.post(reverse("portal:draft-review", args=[draft.pk]))
    assert not Dossier.objects.exists()  # the authorisation document is missing
    portal.client_a.post(
        reverse("portal:draft-files", args=[draft.pk]),
        {"slot": "authorisation", "file": pdf_upload("uy-quyen.pdf")},
    )
    portal.client_a.post(reverse("portal:draft-review", args=[draft.pk]))
    dossier = Dossier.objects.get()
    assert dossier.on_behalf and dossier.authorisation_file is not None
    assert dossier.applicant_name == "Nguyễn Văn Ông" and dossier.applicant_user_id == portal.a.pk


def test_level_two_procedure_refuses_a_level_one_login(db: None) -> None:
    from django.test import Client

    from egov.portal.tests.conftest import make_citizen, online_world

    world = online_world(requires_assurance_level=2)
    citizen = make_citizen("citizen_l", "001090000010")
    client = Client()
    client.force_login(citizen)
    url = reverse("portal:apply", args=[world.version.procedure.code])
    refused = client.get(url)
    assert refused.status_code == 403
    assert "VNeID" in refused.content.decode()
    assert client.post(url, {"agency": world.agency.pk}).status_code == 403
    assert not Draft.objects.exists()
    session = client.session
    session[SESSION_LEVEL] = 2
    session.save()
    assert client.get(url).status_code == 200


def test_submit_service_refuses_level_one_for_a_level_two_procedure(portal: Portal) -> None:
    from django.core.exceptions import ValidationError

    from egov.portal.services import draft_submit

    draft = start(portal)
    fill(portal, draft)
    attach_all(portal, draft)
    type(portal.version).objects.filter(pk=portal.version.pk).update(requires_assurance_level=2)
    with pytest.raises(ValidationError) as excinfo:
        draft_submit(user=portal.a, draft_id=draft.pk, assurance_level=1)
    assert excinfo.value.code == "assurance"
    assert not Dossier.objects.exists()


def test_reuse_a_file_from_my_data_copies_it(portal: Portal) -> None:
    draft = start(portal)
    component = portal.version.components.first()
    assert component is not None
    portal.client_a.post(
        reverse("portal:draft-files", args=[draft.pk]), {"slot": component.pk, "file": pdf_upload()}
    )
    first = DraftAttachment.objects.get(draft=draft)
    other = portal.version.components.exclude(pk=component.pk).first()
    assert other is not None
    portal.client_a.post(
        reverse("portal:draft-files", args=[draft.pk]), {"slot": other.pk, "reuse": str(first.file_id)}
    )
    second = DraftAttachment.objects.get(draft=draft, procedure_component=other)
    assert second.file_id != first.file_id
    assert second.file.sha256 == first.file.sha256


def test_a_bad_file_gets_a_clear_message_and_nothing_is_attached(portal: Portal) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    draft = start(portal)
    component = portal.version.components.first()
    assert component is not None
    response = portal.client_a.post(
        reverse("portal:draft-files", args=[draft.pk]),
        {"slot": component.pk, "file": SimpleUploadedFile("to-khai.pdf", b"MZ\x90\x00 not a pdf")},
        follow=True,
    )
    assert not DraftAttachment.objects.exists()
    messages = [str(m) for m in response.context["messages"]]
    assert messages and "to-khai.pdf" in messages[0]


def test_acknowledgement_honours_notification_preferences(django_capture_on_commit_callbacks: Any) -> None:
    from django.test import Client

    from egov.portal.tests.conftest import make_citizen, online_world

    world = online_world()
    citizen = make_citizen("citizen_p", "001090000011", email="p@example.vn", phone="0911111112")
    type(citizen).objects.filter(pk=citizen.pk).update(notify_sms=False)
    client = Client()
    client.force_login(citizen)
    portal = Portal(world=world, a=citizen, b=citizen, client_a=client, client_b=client)
    draft = start(portal)
    fill(portal, draft, **{"a-id_number": "001090000011", "a-email": "p@example.vn", "a-phone": "0911111112"})
    attach_all(portal, draft)
    with django_capture_on_commit_callbacks(execute=True):
        portal.client_a.post(reverse("portal:draft-review", args=[draft.pk]))
    dossier = Dossier.objects.get()
    channels = set(
        OutboxMessage.objects.filter(idempotency_key__startswith=f"dossier:{dossier.code}:").values_list(
            "channel", flat=True
        )
    )
    assert channels == {"email"}


def test_reusing_a_file_id_that_is_not_a_uuid_is_refused_with_a_message(portal: Portal) -> None:
    draft = start(portal)
    component = portal.version.components.first()
    assert component is not None
    response = portal.client_a.post(
        reverse("portal:draft-files", args=[draft.pk]),
        {"slot": component.pk, "reuse": "../etc/passwd"},
        follow=True,
    )
    assert not DraftAttachment.objects.exists()
    assert [str(m) for m in response.context["messages"]]


def test_tampered_slot_or_attachment_ids_get_a_message_not_an_error(portal: Portal) -> None:
    draft = start(portal)
    url = reverse("portal:draft-files", args=[draft.pk])
    response = portal.client_a.post(url, {"slot": "x'1", "file": pdf_upload()}, follow=True)
    assert response.status_code == 200 and [str(m) for m in response.context["messages"]]
    assert portal.client_a.post(url, {"slot": "1", "remove": "abc"}).status_code == 302
    assert not DraftAttachment.objects.exists()
