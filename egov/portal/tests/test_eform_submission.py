"""Submission with a real declaration form (birth registration): the requester part is filled in
from the profile and becomes the applicant; invalid answers are kept in the draft with their
errors; hidden answers are dropped; the dossier stores the cleaned answers."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from egov.catalog.eform_schemas import eform_schema_for
from egov.catalog.models import ProcedureVersion
from egov.dossiers.models import Dossier
from egov.portal.eforms import eform_example_data
from egov.portal.eforms.testing import post_data
from egov.portal.models import Draft
from egov.portal.tests.conftest import Portal, make_citizen, online_world
from egov.portal.tests.test_submission import attach_all

pytestmark = pytest.mark.django_db
BIRTH: dict[str, Any] = eform_schema_for("1.001193") or {}


@pytest.fixture
def birth(db: None, settings: Any) -> Portal:
    from django.test import Client

    from egov.org.tests.factories import CommuneFactory, ProvinceFactory

    settings.EGOV_DEFAULT_PROVINCE_CODE = 80
    CommuneFactory(code="25459", name="Phường Tân Ninh", kind="ward", parent=ProvinceFactory(code="80"))
    world = online_world()
    ProcedureVersion.objects.filter(pk=world.version.pk).update(eform_schema=BIRTH)
    world.version.refresh_from_db()
    a = make_citizen("citizen_e", "072190001234", full_name="Trần Thị Bình", phone="0912345678")
    client = Client()
    client.force_login(a)
    return Portal(world=world, a=a, b=a, client_a=client, client_b=client)


def _start(p: Portal) -> Draft:
    p.client_a.post(reverse("portal:apply", args=[p.version.procedure.code]), {"agency": p.world.agency.pk})
    return Draft.objects.get(user=p.a, status=Draft.Status.OPEN)


def test_requester_is_prefilled_from_the_profile(birth: Portal) -> None:
    draft = _start(birth)
    assert draft.answers["requester_name"] == "Trần Thị Bình"
    assert draft.answers["requester_id_number"] == "072190001234"
    page = birth.client_a.get(reverse("portal:draft-info", args=[draft.pk])).content.decode()
    assert 'value="072190001234"' in page
    assert 'name="a-name"' not in page  # asked once, in the declaration form


def test_invalid_answers_are_kept_with_their_errors(birth: Portal) -> None:
    draft = _start(birth)
    data: dict[str, Any] = post_data(eform_example_data(BIRTH)) | {"d-delivery": "online", "action": "next"}
    data["f_child_birth_date"] = "31/02/2026"
    response = birth.client_a.post(reverse("portal:draft-info", args=[draft.pk]), data)
    assert response.status_code == 200  # not moved on to the documents
    draft.refresh_from_db()
    assert draft.answers["child_birth_date"] == "31/02/2026"
    assert 'id="eform-error-summary"' in response.content.decode()


def test_submit_stores_clean_answers_and_the_requester_as_applicant(birth: Portal) -> None:
    draft = _start(birth)
    answers = eform_example_data(BIRTH) | {"father_known": False}
    data: dict[str, Any] = post_data(answers) | {"d-delivery": "online", "action": "next"}
    data["f_father_name"] = "Sent although hidden"
    response = birth.client_a.post(reverse("portal:draft-info", args=[draft.pk]), data)
    assert response.status_code == 302
    attach_all(birth, draft)
    birth.client_a.post(reverse("portal:draft-review", args=[draft.pk]))
    dossier = Dossier.objects.get()
    assert dossier.applicant_name == answers["requester_name"]
    assert dossier.applicant_id_number == answers["requester_id_number"]
    assert dossier.eform_data["child_name"] == answers["child_name"]
    assert dossier.applicant_unit is not None and dossier.applicant_unit.code == "25459"
    assert "father_name" not in dossier.eform_data
    page = birth.client_a.get(reverse("portal:my-dossier", args=[dossier.code])).content.decode()
    assert answers["child_name"] in page
    assert ">1994<" in page and "1.994" not in page  # a year is not grouped like an amount
