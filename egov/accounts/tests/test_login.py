"""Login, after-login routing, lockout (django-axes) and logout."""

from __future__ import annotations

from typing import Any

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client
from django.urls import reverse

from egov.accounts.tests.factories import PASSWORD, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
WRONG_LOGIN_VI = "Tên đăng nhập hoặc mật khẩu không đúng"


def _login(client: Client, username: str, password: str, **extra: str) -> Any:
    return client.post(LOGIN, {"username": username, "password": password, **extra})


def test_login_page_is_vietnamese_with_autocomplete(client: Client) -> None:
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Đăng nhập" in body
    assert "Mật khẩu" in body
    assert 'autocomplete="username"' in body
    assert 'autocomplete="current-password"' in body
    assert '<label class="form-label" for="id_username">Tên đăng nhập</label>' in body
    assert response.context["site_name"] == settings.EGOV_SITE_NAME  # not the host name


def test_login_page_in_english_when_chosen(client: Client) -> None:
    body = client.get(LOGIN, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Log in" in body
    assert "Forgot your password?" in body


def test_staff_login_goes_to_staff_home(client: Client) -> None:
    staff = StaffFactory.create()
    response = _login(client, staff.username, PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:after-login")
    assert int(client.session["_auth_user_id"]) == staff.pk
    after = client.get(response["Location"])
    assert after.status_code == 302
    assert after["Location"] == reverse("staff-home")


def test_citizen_login_goes_to_public_home(client: Client) -> None:
    citizen = UserFactory.create()
    response = _login(client, citizen.username, PASSWORD)
    after = client.get(response["Location"])
    assert after["Location"] == reverse("public-home")


def test_session_key_rotates_at_login(client: Client) -> None:
    citizen = UserFactory.create()
    client.get(LOGIN)
    client.session.save()
    before = client.session.session_key
    _login(client, citizen.username, PASSWORD)
    assert client.session.session_key != before


def test_safe_next_is_honoured(client: Client) -> None:
    citizen = UserFactory.create()
    response = _login(client, citizen.username, PASSWORD, next="/accounts/password/change/")
    assert response["Location"] == "/accounts/after-login/?next=%2Faccounts%2Fpassword%2Fchange%2F"
    assert client.get(response["Location"])["Location"] == "/accounts/password/change/"


@pytest.mark.parametrize("evil", ["https://evil.example/", "//evil.example/x", "http:///evil.example"])
def test_foreign_next_is_ignored(client: Client, evil: str) -> None:
    citizen = UserFactory.create()
    response = _login(client, citizen.username, PASSWORD, next=evil)
    assert response["Location"] == reverse("accounts:after-login")
    assert client.get(f"{reverse('accounts:after-login')}?next={evil}")["Location"] == reverse("public-home")


def test_staff_next_skips_nothing_when_2fa_off(client: Client) -> None:
    staff = StaffFactory.create()
    client.force_login(staff)
    response = client.get(reverse("accounts:after-login"), {"next": "/staff/calendar/"})
    assert response["Location"] == "/staff/calendar/"


def test_after_login_requires_login(client: Client) -> None:
    response = client.get(reverse("accounts:after-login"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_wrong_password_and_unknown_user_get_the_same_vietnamese_message(client: Client) -> None:
    citizen = UserFactory.create()
    wrong = _login(client, citizen.username, "not-the-password")
    unknown = _login(client, "khong-ton-tai", "not-the-password")
    for response in (wrong, unknown):
        assert response.status_code == 200
        assert WRONG_LOGIN_VI in response.content.decode()
    errors_wrong = wrong.context["form"].non_field_errors()
    errors_unknown = unknown.context["form"].non_field_errors()
    assert errors_wrong == errors_unknown
    assert "_auth_user_id" not in client.session


def test_inactive_user_gets_the_same_message(client: Client) -> None:
    citizen = UserFactory.create(is_active=False)
    response = _login(client, citizen.username, PASSWORD)
    assert WRONG_LOGIN_VI in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_lockout_after_failure_limit(client: Client) -> None:
    staff = StaffFactory.create()
    limit = settings.AXES_FAILURE_LIMIT
    assert limit == 5
    for _ in range(limit - 1):
        assert _login(client, staff.username, "sai-mat-khau").status_code == 200
    locked = _login(client, staff.username, "sai-mat-khau")
    assert locked.status_code in (403, 429)
    body = locked.content.decode()
    assert "Tạm khóa đăng nhập" in body
    assert "thử lại sau 30 phút" in body

    # While locked, even the right password is refused and no session is opened.
    again = _login(client, staff.username, PASSWORD)
    assert again.status_code in (403, 429)
    assert "Tạm khóa đăng nhập" in again.content.decode()
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_username_and_ip(client: Client) -> None:
    victim = StaffFactory.create()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, victim.username, "sai-mat-khau")
    # The same account from another address still logs in (username+IP lockout) …
    other = Client(REMOTE_ADDR="10.0.0.7")
    assert other.post(LOGIN, {"username": victim.username, "password": PASSWORD}).status_code == 302
    # … and a success resets nothing for the locked address.
    assert _login(client, victim.username, PASSWORD).status_code in (403, 429)


def test_success_resets_failures(client: Client) -> None:
    citizen = UserFactory.create()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, citizen.username, "sai-mat-khau")
    assert _login(client, citizen.username, PASSWORD).status_code == 302
    assert not AccessAttempt.objects.filter(username=citizen.username).exists()


def test_logout_get_is_refused(client: Client) -> None:
    client.force_login(UserFactory.create())
    response = client.get(reverse("accounts:logout"))
    assert response.status_code == 405
    assert "_auth_user_id" in client.session


def test_logout_post_ends_the_session(client: Client) -> None:
    client.force_login(UserFactory.create())
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("public-home")
    assert "_auth_user_id" not in client.session


def test_logout_needs_csrf_token() -> None:
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(UserFactory.create())
    assert strict.post(reverse("accounts:logout")).status_code == 403
