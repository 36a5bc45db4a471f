from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from egov.accounts.tests.factories import UserFactory
from egov.api.tests.conftest import World, token_client
from egov.core.audit.models import AuditEvent

URLS = ["/api/v1/dossiers/", "/api/v1/procedures/"]


@pytest.mark.parametrize("url", URLS)
def test_no_token_is_401(world: World, url: str) -> None:
    response = APIClient().get(url)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_bad_token_is_401(world: World) -> None:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    assert client.get("/api/v1/dossiers/").status_code == 401


@pytest.mark.parametrize("url", URLS)
def test_citizen_token_is_refused(world: World, url: str) -> None:
    assert token_client(UserFactory()).get(url).status_code == 403


def test_inactive_staff_token_is_refused(world: World) -> None:
    client = token_client(world.officer)
    world.officer.is_active = False
    world.officer.save(update_fields=["is_active"])
    assert client.get("/api/v1/dossiers/").status_code in (401, 403)


@pytest.mark.parametrize("url", URLS)
def test_staff_token_is_accepted(world: World, url: str) -> None:
    assert token_client(world.officer).get(url).status_code == 200


def test_staff_session_is_accepted(world: World) -> None:
    client = APIClient()
    client.force_login(world.officer)
    assert client.get("/api/v1/dossiers/").status_code == 200


def test_token_command_prints_the_token_and_audits(world: World) -> None:
    out = StringIO()
    call_command("api_token_create", world.officer.username, stdout=out)
    key = out.getvalue().strip()
    assert Token.objects.get(user=world.officer).key == key
    assert AuditEvent.objects.filter(action="api.token_create", object_id=str(world.officer.pk)).exists()
    again = StringIO()
    call_command("api_token_create", world.officer.username, "--rotate", stdout=again)
    assert again.getvalue().strip() != key


def test_token_command_refuses_citizens_and_unknown_users(world: World) -> None:
    citizen: Any = UserFactory()
    with pytest.raises(CommandError):
        call_command("api_token_create", citizen.username, stdout=StringIO())
    with pytest.raises(CommandError):
        call_command("api_token_create", "nobody-here", stdout=StringIO())
    assert not Token.objects.filter(user=citizen).exists()


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("put", "/api/v1/dossiers/"),
        ("delete", "/api/v1/procedures/"),
        ("post", "/api/v1/procedures/X/"),
        ("patch", "/api/v1/dossiers/X/"),
        ("get", "/api/v1/dossiers/X/actions/"),
        ("get", "/api/v1/dossiers/import/"),
        ("trace", "/api/v1/dossiers/"),
        ("post", "/api/v1/public/dossiers/X/status/"),
    ],
)
def test_unsupported_methods_are_405(world: World, method: str, url: str) -> None:
    client = token_client(world.officer)
    if method == "trace":
        response = client.generic("TRACE", url)
    else:
        response = getattr(client, method)(url)
    assert response.status_code == 405
