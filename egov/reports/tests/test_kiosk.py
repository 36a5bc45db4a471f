from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from egov.reports.tests.conftest import World

HOME = reverse("kiosk:home")


def test_home_is_public(client: Client, db: Any) -> None:
    response = client.get(HOME)
    assert response.status_code == 200
    assert 'name="ma"' in response.content.decode()


def test_search_is_accent_insensitive(client: Client, world: World) -> None:
    response = client.get(HOME, {"q": "dang ky khai sinh"})
    body = response.content.decode()
    assert "Đăng ký khai sinh" in body
    assert reverse("kiosk:procedure", args=["1.001193"]) in body
    assert "Chứng thực bản sao" not in body
    assert "Đăng ký đất đai" in client.get(HOME, {"q": "DAT DAI"}).content.decode()


def test_procedure_page(client: Client, world: World) -> None:
    version = world.versions["HT"]
    version.fees.create(name="Lệ phí đăng ký khai sinh", amount=8000)
    response = client.get(reverse("kiosk:procedure", args=["1.001193"]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Tờ khai" in body and "Bản sao CCCD" in body
    assert "Lệ phí đăng ký khai sinh" in body
    assert response.context["deadline_days"] == 3


def test_unknown_procedure_is_404(client: Client, db: Any) -> None:
    assert client.get(reverse("kiosk:procedure", args=["9.999999"])).status_code == 404


def test_status_box_redirects_to_tracking(client: Client, db: Any) -> None:
    response = client.get(reverse("kiosk:track"), {"ma": " H99-260302-0001 "})
    assert response.status_code == 302
    assert response["Location"] == "/tra-cuu/H99-260302-0001/"
    assert client.get(reverse("kiosk:track"), {"ma": ""})["Location"] == HOME


@pytest.mark.parametrize("name", ["kiosk:home", "kiosk:track"])
def test_post_not_allowed(client: Client, db: Any, name: str) -> None:
    assert client.post(reverse(name)).status_code == 405


def test_post_not_allowed_on_procedure(client: Client, world: World) -> None:
    assert client.post(reverse("kiosk:procedure", args=["1.001193"])).status_code == 405


def test_rate_limited(client: Client, db: Any, settings: Any) -> None:
    settings.EGOV_RATELIMIT_KIOSK = "2/m"
    assert [client.get(HOME).status_code for _ in range(3)] == [200, 200, 429]
