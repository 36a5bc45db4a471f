"""OIDC login against a real provider (tests/oidc_provider, django-oauth-toolkit) on 127.0.0.1.

The browser part (login at the provider, authorize) runs with requests; the relying party's
callback runs in the Django test client and calls the provider's token, JWKS and userinfo
endpoints over real HTTP.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from egov.accounts import assurance
from egov.accounts.models import CitizenIdentity, User
from egov.accounts.tests.factories import StaffFactory, UserFactory
from tests.oidc_provider.fixture import ProviderInfo, oidc_provider

pytestmark = pytest.mark.django_db

CALLBACK = "http://testserver/accounts/oidc/callback/"
BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "egov.accounts.backends.CitizenIdentifierBackend",
    "egov.accounts.oidc.EgovOIDCBackend",
]


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


def _start(client: Client, level: int, next_url: str = "") -> str:
    response = client.get(assurance.login_url_for_level(level, next_url))
    assert response.status_code == 302
    return str(response["Location"])


def _callback(client: Client, callback_url: str) -> Any:
    parts = urlsplit(callback_url)
    assert f"http://testserver{parts.path}" == CALLBACK
    return client.get(f"{parts.path}?{parts.query}")


def _oidc_login(client: Client, idp: ProviderInfo, username: str, level: int = 1, next_url: str = "") -> Any:
    authorize = _start(client, level, next_url)
    return _callback(client, idp.login_and_authorize(authorize, username))


def _messages(response: Any) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_authorize_request_asks_for_the_level_with_state_nonce_and_pkce(
    client: Client, rp: ProviderInfo
) -> None:
    query = parse_qs(urlsplit(_start(client, 2)).query)
    assert query["acr_values"] == ["LoA2 http://eidas.europa.eu/LoA/substantial"]
    assert query["response_type"] == ["code"]
    assert query["scope"] == ["openid profile"]
    assert query["code_challenge_method"] == ["S256"]
    assert query["state"][0] and query["nonce"][0] and query["code_challenge"][0]
    assert parse_qs(urlsplit(_start(client, 1)).query)["acr_values"] == ["LoA1"]


def test_loa2_login_creates_a_verified_citizen_at_level_2(client: Client, rp: ProviderInfo) -> None:
    response = _oidc_login(client, rp, "vneid2", level=2, next_url="/dich-vu-cong/")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:after-login") + "?next=%2Fdich-vu-cong%2F"
    user = User.objects.get(national_id="001099012345")
    assert user.kind == User.Kind.CITIZEN
    assert user.full_name == "Nguyễn Thị Hai"
    assert user.national_id_verified_at is not None
    assert not user.has_usable_password()
    assert int(client.session["_auth_user_id"]) == user.pk
    assert client.session[assurance.SESSION_LEVEL] == 2
    assert client.session[assurance.SESSION_ACR] == "LoA2"
    identity = CitizenIdentity.objects.get(user=user)
    assert identity.issuer == rp.issuer
    assert identity.last_acr == "LoA2"
    assert identity.last_level == 2
    after = client.get(response["Location"])
    assert after["Location"] == "/dich-vu-cong/"


def test_loa1_login_is_level_1_and_refused_for_a_level_2_procedure(client: Client, rp: ProviderInfo) -> None:
    response = _oidc_login(client, rp, "vneid1", level=1)
    assert response.status_code == 302
    assert client.session[assurance.SESSION_LEVEL] == 1
    page = client.get(reverse("accounts:profile"))
    assert page.status_code == 200
    request = page.wsgi_request
    assert assurance.assurance_level(request) == 1
    assert not assurance.assurance_satisfies(request, 2)
    assert CitizenIdentity.objects.get(user__national_id="079088001122").last_acr == "LoA1"


def test_a_second_login_uses_the_identity_link(client: Client, rp: ProviderInfo) -> None:
    _oidc_login(client, rp, "vneid2", level=2)
    first = User.objects.get(national_id="001099012345")
    other = Client()
    _oidc_login(other, rp, "vneid2", level=1)
    assert int(other.session["_auth_user_id"]) == first.pk
    assert User.objects.filter(national_id="001099012345").count() == 1
    assert CitizenIdentity.objects.filter(user=first).count() == 1


def test_existing_account_is_linked_by_personal_id(client: Client, rp: ProviderInfo) -> None:
    citizen = UserFactory.create(national_id="079088001122", full_name="Trần Văn Một")
    response = _oidc_login(client, rp, "vneid1")
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == citizen.pk
    citizen.refresh_from_db()
    assert citizen.national_id_verified_at is not None
    assert CitizenIdentity.objects.filter(user=citizen, issuer=rp.issuer).exists()
    assert User.objects.filter(national_id="079088001122").count() == 1


def test_state_mismatch_is_refused(client: Client, rp: ProviderInfo) -> None:
    authorize = _start(client, 2)
    callback = rp.login_and_authorize(authorize, "vneid2")
    tampered = callback.replace("state=", "state=x")
    response = _callback(client, tampered)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    assert "_auth_user_id" not in client.session
    assert any("VNeID" in m for m in _messages(response))
    assert not User.objects.filter(national_id="001099012345").exists()


def test_callback_from_another_browser_is_refused(client: Client, rp: ProviderInfo) -> None:
    callback = rp.login_and_authorize(_start(client, 2), "vneid2")
    stranger = Client()
    response = _callback(stranger, callback)
    assert response["Location"] == reverse("accounts:login")
    assert "_auth_user_id" not in stranger.session


def test_staff_account_never_logs_in_with_oidc(client: Client, rp: ProviderInfo) -> None:
    StaffFactory.create(national_id="001099012345")
    response = _oidc_login(client, rp, "vneid2", level=2)
    assert response["Location"] == reverse("accounts:login")
    assert "_auth_user_id" not in client.session
    assert any("cán bộ" in m.lower() for m in _messages(response))
    assert not CitizenIdentity.objects.exists()


def test_identity_linked_to_a_staff_account_is_refused(client: Client, rp: ProviderInfo) -> None:
    _oidc_login(client, rp, "vneid1")
    user = User.objects.get(national_id="079088001122")
    User.objects.filter(pk=user.pk).update(kind=User.Kind.STAFF)
    other = Client()
    response = _oidc_login(other, rp, "vneid1")
    assert response["Location"] == reverse("accounts:login")
    assert "_auth_user_id" not in other.session


def test_disabled_oidc_hides_the_button_and_the_start_url(client: Client, settings: Any) -> None:
    settings.EGOV_OIDC_ENABLED = False
    body = client.get(reverse("accounts:login")).content.decode()
    assert "VNeID" not in body
    assert client.get(reverse("accounts:oidc-start")).status_code == 404
    assert client.get(reverse("accounts:oidc-callback") + "?code=a&state=b").status_code == 404


def test_enabled_oidc_shows_the_button(client: Client, settings: Any) -> None:
    settings.EGOV_OIDC_ENABLED = True
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = "http://127.0.0.1:9/authorize"
    body = client.get(reverse("accounts:login")).content.decode()
    assert "Đăng nhập bằng VNeID" in body
    assert reverse("accounts:oidc-start") in body


def test_password_login_still_works_with_the_oidc_backend(client: Client, settings: Any) -> None:
    settings.AUTHENTICATION_BACKENDS = BACKENDS
    settings.EGOV_OIDC_ENABLED = True
    citizen = UserFactory.create()
    response = client.post(
        reverse("accounts:login"), {"username": citizen.username, "password": "Mật-khẩu-đúng-2025"}
    )
    assert response.status_code == 302
    assert client.session[assurance.SESSION_LEVEL] == 1
    assert client.session[assurance.SESSION_METHOD] == assurance.METHOD_PASSWORD
