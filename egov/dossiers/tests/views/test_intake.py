"""Counter intake screen: access, procedure search, receive, double submission, errors."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from egov.dossiers.models import Dossier
from egov.dossiers.tests.views.conftest import PROCEDURE_NAME, intake_post

pytestmark = pytest.mark.django_db

URL = "/staff/dossiers/new/"


@pytest.fixture(autouse=True)
def _clear_cache() -> None:
    cache.clear()


def test_url_name() -> None:
    assert reverse("dossiers:intake") == URL


def test_intake_page_for_reception_officer(client: Client, counter: SimpleNamespace) -> None:
    client.force_login(counter.officer)
    response = client.get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'name="token"' in body
    assert "autofocus" in body
    assert 'inputmode="numeric"' in body
    assert "hx-disabled-elt" in body


def test_intake_forbidden_for_specialist(client: Client, counter: SimpleNamespace) -> None:
    client.force_login(counter.specialist)
    assert client.get(URL).status_code == 403


def test_intake_redirects_anonymous(client: Client, counter: SimpleNamespace) -> None:
    response = client.get(URL)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_procedure_search_is_accent_insensitive(client: Client, counter: SimpleNamespace) -> None:
    client.force_login(counter.officer)
    response = client.get(reverse("dossiers:intake-procedures"), {"q": "chung thuc ban sao"})
    assert response.status_code == 200
    body = response.content.decode()
    assert PROCEDURE_NAME in body
    assert "2.000815" in body
    assert f'data-version="{counter.version.pk}"' in body
    assert 'role="option"' in body


def test_components_partial_lists_the_checklist(client: Client, counter: SimpleNamespace) -> None:
    client.force_login(counter.officer)
    url = reverse("dossiers:intake-components")
    body = client.get(url, {"procedure_version": counter.version.pk}).content.decode()
    assert "Bản chính giấy tờ cần chứng thực" in body
    assert "Giấy ủy quyền" in body
    assert body.count('type="checkbox"') == 2


def test_receive_creates_one_dossier_and_redirects(client: Client, counter: SimpleNamespace) -> None:
    client.force_login(counter.officer)
    response = client.post(URL, intake_post(counter))
    assert response.status_code == 302
    dossier = Dossier.objects.get()
    assert response["Location"] == reverse("dossiers:detail", args=[dossier.code]) + "?print=1"
    assert dossier.applicant_name == "Nguyễn Văn Bình"
    assert dossier.receiving_agency == counter.centre
    assert dossier.components.count() == 2


def test_same_token_twice_creates_one_dossier(client: Client, counter: SimpleNamespace) -> None:
    client.force_login(counter.officer)
    first = client.post(URL, intake_post(counter, key="same"))
    second = client.post(URL, intake_post(counter, key="same"))
    assert Dossier.objects.count() == 1
    assert second.status_code == 302
    assert second["Location"] == first["Location"]
    client.post(URL, intake_post(counter, key="other"))
    assert Dossier.objects.count() == 2


def test_htmx_submit_redirects_with_header(client: Client, counter: SimpleNamespace) -> None:
    client.force_login(counter.officer)
    response = client.post(URL, intake_post(counter), headers={"HX-Request": "true"})
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith("/staff/dossiers/")


def test_invalid_id_rerenders_with_vietnamese_error(client: Client, counter: SimpleNamespace) -> None:
    client.force_login(counter.officer)
    response = client.post(
        URL, intake_post(counter, applicant_id_number="12345"), headers={"Accept-Language": "vi"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Số định danh cá nhân phải có đúng 12 chữ số." in body
    assert 'value="Nguyễn Văn Bình"' in body
    assert 'value="12345"' in body
    assert 'value="0912345678"' in body
    assert "is-invalid" in body
    assert Dossier.objects.count() == 0
    # the token is released: the corrected form goes through with the same token
    response = client.post(URL, intake_post(counter))
    assert response.status_code == 302
    assert Dossier.objects.count() == 1


def test_missing_procedure_keeps_values(client: Client, counter: SimpleNamespace) -> None:
    client.force_login(counter.officer)
    response = client.post(URL, intake_post(counter, procedure_version=""))
    assert response.status_code == 200
    assert 'value="Nguyễn Văn Bình"' in response.content.decode()
    assert Dossier.objects.count() == 0


def test_refusal_needs_a_reason(client: Client, counter: SimpleNamespace) -> None:
    client.force_login(counter.officer)
    response = client.post(URL, intake_post(counter, action="refuse", reason=""))
    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    assert Dossier.objects.count() == 0


def test_unit_search_partial(client: Client, counter: SimpleNamespace) -> None:
    from egov.org.tests.factories import CommuneFactory

    CommuneFactory.create(name="Phường Tân Định", search_text="phuong tan dinh")
    client.force_login(counter.officer)
    response = client.get(reverse("dossiers:intake-units"), {"unit_label": "tan dinh"})
    assert "Phường Tân Định" in response.content.decode()


def test_competent_agency_choice_when_several_implement(client: Client, counter: SimpleNamespace) -> None:
    from egov.dossiers.tests.services.factories import make_process
    from egov.org.tests.factories import AgencyFactory

    commune = AgencyFactory.create(name="UBND Phường Tân Ninh")
    counter.version.implementing_agencies.add(commune)
    make_process(procedure=counter.procedure, agency=commune)
    client.force_login(counter.officer)
    partial = client.get(reverse("dossiers:intake-components"), {"procedure_version": counter.version.pk})
    assert 'name="competent_agency"' in partial.content.decode()
    response = client.post(URL, intake_post(counter, competent_agency=str(commune.pk)))
    assert response.status_code == 302
    assert Dossier.objects.get().competent_agency == commune
