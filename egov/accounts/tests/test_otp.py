"""Staff two-step verification (TOTP): enrolment, login codes, throttling."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.template import TemplateDoesNotExist
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from pytest_django import Settings as SettingsWrapper

from egov.accounts.tests.factories import PASSWORD, StaffFactory, TOTPDeviceFactory, UserFactory
from egov.accounts.tests.factories import totp_code as code
from egov.accounts.tests.factories import wrong_totp_code as wrong_code
from egov.core.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_factor(settings: SettingsWrapper) -> SettingsWrapper:
    settings.EGOV_STAFF_2FA_REQUIRED = True
    return settings


def _password_step(client: Client, username: str, next_url: str = "") -> str:
    data = {"username": username, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    response = client.post(reverse("accounts:login"), data)
    assert response.status_code == 302
    after = client.get(response["Location"])
    assert after.status_code == 302
    return str(after["Location"])


def assert_reaches_staff_home(client: Client) -> None:
    """The staff guard lets the session through (the page itself belongs to egov.org)."""
    try:
        response = client.get(reverse("staff-home"))
    except TemplateDoesNotExist:
        return  # the guard passed and the view ran; its template is not written yet
    assert response.status_code == 200


def test_staff_without_device_is_sent_to_setup(client: Client, two_factor: SettingsWrapper) -> None:
    staff = StaffFactory.create()
    assert _password_step(client, staff.username) == reverse("accounts:otp-setup")


def test_setup_page_shows_qr_svg_and_secret(client: Client, two_factor: SettingsWrapper) -> None:
    staff = StaffFactory.create()
    client.force_login(staff)
    response = client.get(reverse("accounts:otp-setup"))
    assert response.status_code == 200
    body = response.content.decode()
    assert '<svg width="' in body and 'class="egov-qr"' in body
    assert "http://" not in body.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert 'autocomplete="one-time-code"' in body
    assert 'inputmode="numeric"' in body
    assert "Thiết lập xác thực hai bước" in body
    device = TOTPDevice.objects.get(user=staff)
    assert not device.confirmed
    secret = "".join(response.context["secret_groups"])
    assert secret in device.config_url
    # Reloading keeps the same secret, so a half-done enrolment is not broken by a refresh.
    client.get(reverse("accounts:otp-setup"))
    assert TOTPDevice.objects.filter(user=staff).count() == 1


def test_setup_with_valid_code_verifies_and_reaches_staff_home(
    client: Client, two_factor: SettingsWrapper
) -> None:
    staff = StaffFactory.create()
    assert _password_step(client, staff.username) == reverse("accounts:otp-setup")
    client.get(reverse("accounts:otp-setup"))
    device = TOTPDevice.objects.get(user=staff)
    response = client.post(reverse("accounts:otp-setup"), {"token": code(device)})
    assert response.status_code == 302
    assert response["Location"] == reverse("staff-home")
    device.refresh_from_db()
    assert device.confirmed
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    event = AuditEvent.objects.get(action="accounts.otp_device_confirm")
    assert event.actor_id == staff.pk
    assert event.object_id == str(staff.pk)
    assert_reaches_staff_home(client)


def test_setup_with_wrong_code_is_refused(client: Client, two_factor: SettingsWrapper) -> None:
    staff = StaffFactory.create()
    client.force_login(staff)
    client.get(reverse("accounts:otp-setup"))
    device = TOTPDevice.objects.get(user=staff)
    response = client.post(reverse("accounts:otp-setup"), {"token": wrong_code(device)})
    assert response.status_code == 200
    assert "Mã không đúng hoặc đã hết hạn" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    assert DEVICE_ID_SESSION_KEY not in client.session
    # Still not verified: staff pages send the user to the code page.
    assert client.get(reverse("staff-home"))["Location"].startswith(reverse("accounts:otp"))


def test_setup_refuses_malformed_code(client: Client, two_factor: SettingsWrapper) -> None:
    client.force_login(StaffFactory.create())
    response = client.post(reverse("accounts:otp-setup"), {"token": "12ab"})
    assert response.status_code == 200
    assert "Nhập 6 chữ số" in response.content.decode()


def test_staff_with_device_goes_to_otp_and_logs_in(client: Client, two_factor: SettingsWrapper) -> None:
    device = TOTPDeviceFactory.create()
    location = _password_step(client, device.user.username, next_url="/staff/calendar/")
    assert location == f"{reverse('accounts:otp')}?next=%2Fstaff%2Fcalendar%2F"
    page = client.get(location)
    assert page.status_code == 200
    assert "Xác thực hai bước" in page.content.decode()
    response = client.post(reverse("accounts:otp"), {"token": code(device), "next": "/staff/calendar/"})
    assert response.status_code == 302
    assert response["Location"] == "/staff/calendar/"
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id


def test_otp_rotates_session_key(client: Client, two_factor: SettingsWrapper) -> None:
    device = TOTPDeviceFactory.create()
    _password_step(client, device.user.username)
    before = client.session.session_key
    client.post(reverse("accounts:otp"), {"token": code(device)})
    assert client.session.session_key != before
    assert_reaches_staff_home(client)


def test_otp_wrong_code_is_refused_then_throttled(client: Client, two_factor: SettingsWrapper) -> None:
    device = TOTPDeviceFactory.create()
    client.force_login(device.user)
    refused = client.post(reverse("accounts:otp"), {"token": wrong_code(device)})
    assert refused.status_code == 200
    assert "Mã không đúng hoặc đã hết hạn" in refused.content.decode()
    assert DEVICE_ID_SESSION_KEY not in client.session
    # Right away, even the right code waits for django-otp's back-off, with a clear message.
    throttled = client.post(reverse("accounts:otp"), {"token": code(device)})
    assert "Nhập sai quá nhiều lần" in throttled.content.decode()
    assert DEVICE_ID_SESSION_KEY not in client.session
    # After the delay the right code works.
    with time_machine.travel(timezone.now() + timedelta(seconds=3)):
        response = client.post(reverse("accounts:otp"), {"token": code(device)})
    assert response.status_code == 302
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id


def test_otp_without_device_sends_to_setup(client: Client, two_factor: SettingsWrapper) -> None:
    client.force_login(StaffFactory.create())
    response = client.get(reverse("accounts:otp"), {"next": "/staff/"})
    assert response["Location"] == f"{reverse('accounts:otp-setup')}?next=%2Fstaff%2F"


def test_setup_is_closed_once_a_device_is_confirmed(client: Client, two_factor: SettingsWrapper) -> None:
    """A stolen password must not be enough to enrol the thief's own authenticator."""
    device = TOTPDeviceFactory.create()
    client.force_login(device.user)
    response = client.get(reverse("accounts:otp-setup"))
    assert response["Location"] == reverse("accounts:otp")
    stray = TOTPDevice.objects.create(user=device.user, name="x", confirmed=False)
    client.post(reverse("accounts:otp-setup"), {"token": code(stray)})
    stray.refresh_from_db()
    assert not stray.confirmed
    assert DEVICE_ID_SESSION_KEY not in client.session


def test_staff_guard_sends_unverified_staff_to_otp(client: Client, two_factor: SettingsWrapper) -> None:
    device = TOTPDeviceFactory.create()
    client.force_login(device.user)
    response = client.get(reverse("staff-home"))
    assert response["Location"].startswith(reverse("accounts:otp"))


def test_citizens_have_no_second_factor_pages(client: Client, two_factor: SettingsWrapper) -> None:
    client.force_login(UserFactory.create())
    assert client.get(reverse("accounts:otp")).status_code == 403
    assert client.get(reverse("accounts:otp-setup")).status_code == 403


def test_citizen_login_is_not_asked_for_a_code(client: Client, two_factor: SettingsWrapper) -> None:
    citizen = UserFactory.create()
    assert _password_step(client, citizen.username) == reverse("public-home")


def test_otp_pages_need_login(client: Client) -> None:
    for name in ("accounts:otp", "accounts:otp-setup"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
