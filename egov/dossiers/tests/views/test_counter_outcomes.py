"""The refuse (form 03) and supplementation (form 02) buttons of the counter intake, end to end."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse

from egov.dossiers.models import Dossier, SupplementationRequest

from .conftest import intake_post

pytestmark = pytest.mark.django_db
URL = reverse("dossiers:intake")


def test_refuse_button_creates_refused_dossier_and_offers_form_03(
    client: Client, counter: SimpleNamespace
) -> None:
    client.force_login(counter.officer)
    data = intake_post(counter, "tok-refuse", action="refuse", reason="Hồ sơ không thuộc thẩm quyền")
    for key in [k for k in data if k.endswith("-on")]:
        del data[key]  # nothing ticked: refusal does not check the components
    response = client.post(URL, data)
    d = Dossier.objects.get()
    assert d.status == Dossier.Status.REFUSED and d.due_at is None
    assert response.status_code == 302 and response["Location"].endswith("?print=3")
    page = client.get(response["Location"]).content.decode()
    assert reverse("dossiers:form-pdf", args=[d.code, 3]) in page


def test_supplement_button_then_complete_on_the_dossier_page(
    client: Client, counter: SimpleNamespace
) -> None:
    client.force_login(counter.officer)
    data = intake_post(
        counter,
        "tok-supp",
        action="supplement",
        supplement_items="Giấy ủy quyền\nBản sao CCCD",
        reason="Thiếu giấy tờ",
    )
    response = client.post(URL, data)
    d = Dossier.objects.get()
    assert response["Location"].endswith("?print=2")
    assert d.status == Dossier.Status.SUPPLEMENT_REQUESTED
    assert SupplementationRequest.objects.get(dossier=d).items == ["Giấy ủy quyền", "Bản sao CCCD"]
    page = client.get(response["Location"]).content.decode()
    assert reverse("dossiers:supplement-complete", args=[d.code]) in page
    response = client.post(reverse("dossiers:supplement-complete", args=[d.code]), {})
    assert response.status_code == 302
    d.refresh_from_db()
    assert d.status == Dossier.Status.PROCESSING and d.clock_started_at is not None


def test_supplement_button_needs_items(client: Client, counter: SimpleNamespace) -> None:
    client.force_login(counter.officer)
    response = client.post(URL, intake_post(counter, "tok-supp-2", action="supplement", reason="Thiếu"))
    assert response.status_code == 200
    assert response.context["form"].errors["supplement_items"]
    assert 'value="Nguyễn Văn Bình"' in response.content.decode()
    assert not Dossier.objects.exists()
