"""Citizen login by e-mail, phone or personal ID number; unverified accounts; staff unchanged."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from egov.accounts import assurance
from egov.accounts.models import ContactVerification, User
from egov.accounts.tests.factories import PASSWORD, StaffFactory, UserFactory
from egov.accounts.tests.test_registration import GOOD_PASSWORD, register

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    cache.clear()


@pytest.fixture
def citizen() -> User:
    return UserFactory.create(
        email="binh@example.vn",
        phone="+84987654321",
        national_id="001099000123",
        email_verified_at=timezone.now(),
        phone_verified_at=timezone.now(),
    )


def _login(client: Client, username: str, password: str = PASSWORD) -> Any:
    return client.post(LOGIN, {"username": username, "password": password})


@pytest.mark.parametrize(
    "identifier",
    [
        "binh@example.vn",
        "BINH@example.VN",
        "0987654321",
        "0987 654 321",
        "+84987654321",
        "001099000123",
        "001 099 000 123",
    ],
)
def test_citizen_logs_in_with_email_phone_or_id(client: Client, citizen: User, identifier: str) -> None:
    response = _login(client, identifier)
    assert response.status_code == 302, response.content.decode()[:500]
    assert int(client.session["_auth_user_id"]) == citizen.pk
    assert client.session[assurance.SESSION_LEVEL] == 1


def test_citizen_still_logs_in_with_username(client: Client, citizen: User) -> None:
    assert _login(client, citizen.username).status_code == 302


def test_wrong_password_gets_the_generic_message(client: Client, citizen: User) -> None:
    body = _login(client, "binh@example.vn", "sai-mat-khau").content.decode()
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in body
    assert "_auth_user_id" not in client.session


def test_staff_identifiers_other_than_username_do_not_log_in(client: Client) -> None:
    staff = StaffFactory.create(email="canbo@example.vn", national_id="001099000999")
    assert _login(client, "canbo@example.vn").status_code == 200
    assert _login(client, "001099000999").status_code == 200
    response = _login(client, staff.username)
    assert response.status_code == 302


def test_unverified_account_is_told_and_can_ask_for_a_new_code(client: Client) -> None:
    register(client, "moi@example.vn")
    other = Client()
    response = _login(other, "moi@example.vn", GOOD_PASSWORD)
    body = response.content.decode()
    assert response.status_code == 200
    assert "chưa được kích hoạt" in body
    assert reverse("accounts:verify-resend") in body
    assert "_auth_user_id" not in other.session
    # Without the right password nothing is revealed.
    body = _login(Client(), "moi@example.vn", "sai-mat-khau").content.decode()
    assert "chưa được kích hoạt" not in body
    # The button sends a fresh code (after the one-minute gap) to the same address.
    ContactVerification.objects.update(created_at=timezone.now() - timedelta(minutes=2))
    follow = other.post(reverse("accounts:verify-resend"), follow=True)
    assert "Đã gửi mã mới" in follow.content.decode()
    assert ContactVerification.objects.filter(status=ContactVerification.Status.PENDING).count() == 1


def test_lockout_still_applies_to_citizen_identifiers(client: Client, citizen: User, settings: Any) -> None:
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "binh@example.vn", "sai-mat-khau")
    assert AccessAttempt.objects.exists()
    response = _login(client, "binh@example.vn")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_login_page_links_to_registration(client: Client) -> None:
    body = client.get(LOGIN).content.decode()
    assert reverse("accounts:register") in body
    assert "số định danh" in body
