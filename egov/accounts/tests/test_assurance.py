"""Identity assurance levels (DOMAIN rule 13): a level-2 requirement refuses a level-1 session."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore
from django.template.loader import render_to_string
from django.test import RequestFactory

from egov.accounts import assurance
from egov.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _request(user: Any = None) -> Any:
    request = RequestFactory().get("/")
    request.session = SessionStore()
    request.user = user or AnonymousUser()
    return request


def test_anonymous_is_level_0() -> None:
    request = _request()
    assert assurance.assurance_level(request) == 0
    assert not assurance.assurance_satisfies(request, 1)


def test_local_password_login_is_level_1_by_default_and_configurable(settings: Any) -> None:
    request = _request(UserFactory.create())
    assert assurance.assurance_login(request, method=assurance.METHOD_PASSWORD) == 1
    assert assurance.assurance_level(request) == 1
    settings.EGOV_LOCAL_LOGIN_ASSURANCE_LEVEL = 2
    assert assurance.assurance_login(request, method=assurance.METHOD_PASSWORD) == 2


def test_level_2_requirement_refuses_a_level_1_session() -> None:
    request = _request(UserFactory.create())
    assurance.assurance_login(request, method=assurance.METHOD_OIDC, acr="LoA1")
    assert assurance.assurance_level(request) == 1
    assert not assurance.assurance_satisfies(request, 2)
    assurance.assurance_login(request, method=assurance.METHOD_OIDC, acr="LoA2")
    assert assurance.assurance_satisfies(request, 2)


def test_acr_mapping_from_settings(settings: Any) -> None:
    assert assurance.level_for_acr("http://eidas.europa.eu/LoA/substantial") == 2
    assert assurance.level_for_acr("unknown") == 1
    assert assurance.level_for_acr("") == 1
    settings.EGOV_OIDC_ACR_LEVELS = {"muc-1": 1, "muc-2": 2}
    assert assurance.level_for_acr("muc-2") == 2
    assert assurance.level_for_acr("LoA2") == 1
    assert assurance.acr_values_for_level(2) == ["muc-2"]


def test_session_without_a_recorded_level_counts_as_local_login() -> None:
    assert assurance.assurance_level(_request(UserFactory.create())) == 1


def test_login_url_for_level() -> None:
    url = assurance.login_url_for_level(2, "/dich-vu-cong/nop/5/")
    assert url == "/accounts/oidc/start/?level=2&next=%2Fdich-vu-cong%2Fnop%2F5%2F"


def test_assurance_required_include_explains_and_offers_the_button() -> None:
    html = render_to_string(
        "accounts/_assurance_required.html",
        {"login_url": assurance.login_url_for_level(2, "/x/"), "current_level": 1},
    )
    assert "mức độ 2" in html
    assert "/accounts/oidc/start/?level=2&amp;next=%2Fx%2F" in html
