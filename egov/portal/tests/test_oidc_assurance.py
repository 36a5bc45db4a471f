"""Rule 13 end to end with a real OIDC provider process (tests/oidc_provider) on 127.0.0.1: a
VNeID level-1 login is refused, with an explanation, for a procedure that requires level 2; a
level-2 login may start the dossier."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from egov.accounts.tests.test_oidc import BACKENDS, CALLBACK, _oidc_login
from egov.portal.models import Draft
from egov.portal.tests.conftest import online_world
from tests.oidc_provider.fixture import ProviderInfo, oidc_provider

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def idp() -> Iterator[ProviderInfo]:
    with oidc_provider(CALLBACK) as info:
        yield info


@pytest.fixture
def rp(settings: Any, idp: ProviderInfo) -> ProviderInfo:
    for name, value in idp.rp_settings().items():
        setattr(settings, name, value)
    settings.AUTHENTICATION_BACKENDS = BACKENDS
    return idp


def test_level_one_vneid_login_is_refused_and_level_two_is_accepted(rp: ProviderInfo) -> None:
    world = online_world(requires_assurance_level=2)
    url = reverse("portal:apply", args=[world.version.procedure.code])

    level1 = Client()
    _oidc_login(level1, rp, "vneid1", level=1)
    refused = level1.get(url)
    assert refused.status_code == 403
    body = refused.content.decode()
    assert "VNeID" in body and "acr_values" not in body  # explained, with a link to log in again
    assert level1.post(url, {"agency": world.agency.pk}).status_code == 403
    assert not Draft.objects.exists()

    level2 = Client()
    _oidc_login(level2, rp, "vneid2", level=2)
    assert level2.get(url).status_code == 200
    started = level2.post(url, {"agency": world.agency.pk})
    assert started.status_code == 302
    assert Draft.objects.get().user.national_id == "001099012345"
