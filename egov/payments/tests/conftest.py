"""Fixtures: a world (agency, published procedure with a 50 000 đ fee), citizens A and B, a
dossier of A, and the real sandbox gateway on a free 127.0.0.1 port."""

from __future__ import annotations

import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest

from egov.accounts.tests.factories import UserFactory
from egov.dossiers.models import Dossier
from egov.dossiers.tests.services.conftest import World, build_world
from egov.dossiers.types import ApplicantData
from egov.payments.sandbox import PaymentSandbox
from egov.payments.testing import sandbox_instance, sandbox_settings


@dataclass
class PayWorld:
    world: World
    citizen: Any
    other: Any
    dossier: Dossier


def make_pay_world() -> PayWorld:
    world = build_world()
    citizen: Any = UserFactory(username="citizen_a")
    other: Any = UserFactory(username="citizen_b")
    dossier = world.receive(
        applicant=ApplicantData(
            name="Trần Thị Bình", id_number="001190054321", phone="0912345678", email="binh@example.vn",
            user_id=citizen.pk,
        ),
        channel="online",
    )  # fmt: skip
    return PayWorld(world=world, citizen=citizen, other=other, dossier=dossier)


@pytest.fixture
def pw(db: None) -> PayWorld:
    return make_pay_world()


@pytest.fixture
def sandbox(settings: Any) -> Iterator[PaymentSandbox]:
    with sandbox_instance() as server:
        sandbox_settings(settings, server.base_url)
        yield server


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def _opener() -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect())


def sandbox_page(url: str) -> tuple[int, str]:
    try:
        with _opener().open(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


def sandbox_choose(payment_url: str, choice: str) -> dict[str, str]:
    """Open the sandbox page, press a button; return the signed result params the browser would
    bring back to the return URL (the same as the IPN's)."""
    status, body = sandbox_page(payment_url)
    assert status == 200, body
    parts = urlsplit(payment_url)
    data = urlencode({"q": parts.query, "choice": choice}).encode()
    request = urllib.request.Request(
        f"{parts.scheme}://{parts.netloc}/paymentv2/pay", data=data, method="POST"
    )
    try:
        _opener().open(request, timeout=30)
    except urllib.error.HTTPError as exc:
        assert exc.code == 302, exc.read()
        location = exc.headers["Location"]
    else:  # pragma: no cover
        raise AssertionError("the sandbox did not redirect")
    return dict(parse_qsl(urlsplit(location).query, keep_blank_values=True))


def sandbox_hook(server: PaymentSandbox, path: str, **query: str) -> dict[str, Any]:
    import json

    with _opener().open(f"{server.base_url}{path}?{urlencode(query)}", timeout=30) as response:
        return dict(json.loads(response.read().decode("utf-8")))
