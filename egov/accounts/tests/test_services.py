"""Services: creating users, lockout reset, removing second-factor devices."""

from __future__ import annotations

import unicodedata

import pytest
from axes.models import AccessAttempt
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from egov.accounts import selectors, services
from egov.accounts.models import User
from egov.accounts.tests.factories import StaffFactory, TOTPDeviceFactory, UserFactory
from egov.core.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

STRONG = "Một-mật-khẩu-đủ-dài-9"


def test_user_create_staff_normalises_and_audits() -> None:
    admin = UserFactory.create(is_superuser=True)
    decomposed = unicodedata.normalize("NFD", "  Trần   Thị  Bích  ")
    user = services.user_create_staff(
        username="ttbich",
        full_name=decomposed,
        password=STRONG,
        email="TTBich@EXAMPLE.VN",
        phone="0912 345 678",
        national_id="079 1850 12345",
        actor=admin,
    )
    user.refresh_from_db()
    assert user.kind == User.Kind.STAFF
    assert user.full_name == unicodedata.normalize("NFC", "Trần Thị Bích")
    assert user.email == "TTBich@example.vn"
    assert user.phone == "0912345678"
    assert user.national_id == "079185012345"
    assert user.check_password(STRONG)
    event = AuditEvent.objects.get(action="accounts.user_create")
    assert event.actor_id == admin.pk
    assert event.to_state == "staff"


def test_user_create_citizen_without_password_cannot_log_in() -> None:
    user = services.user_create_citizen(username="congdan1", full_name="Lê Văn An")
    assert user.kind == User.Kind.CITIZEN
    assert not user.has_usable_password()


@pytest.mark.parametrize(
    ("national_id", "fragment"),
    [
        ("12345678901", "12"),  # too short
        ("0791850123456", "12"),  # too long
        ("07918501234a", "12"),
        ("999185012345", "province"),  # no such province code
    ],
)
def test_national_id_is_validated(national_id: str, fragment: str) -> None:
    with pytest.raises(ValidationError) as excinfo:
        services.user_create_citizen(username="x1", full_name="X", national_id=national_id)
    assert fragment in str(excinfo.value) or "tỉnh" in str(excinfo.value)
    assert not User.objects.filter(username="x1").exists()


def test_national_id_must_be_unique() -> None:
    services.user_create_citizen(username="a1", full_name="A", national_id="001090000001")
    with pytest.raises(ValidationError):
        services.user_create_citizen(username="a2", full_name="B", national_id="001090000001")


def test_weak_password_is_refused() -> None:
    with pytest.raises(ValidationError):
        services.user_create_citizen(username="weak", full_name="Yếu", password="123456")
    user = services.user_create_citizen(
        username="demo", full_name="Demo", password="demo-pass", check_password=False
    )
    assert user.check_password("demo-pass")


def test_bad_phone_is_refused() -> None:
    with pytest.raises(ValidationError):
        services.user_create_citizen(username="p1", full_name="P", phone="12345")


def test_duplicate_username_is_refused() -> None:
    services.user_create_citizen(username="trung", full_name="A")
    with pytest.raises(ValidationError):
        services.user_create_citizen(username="trung", full_name="B")


def test_user_lockout_reset(client: Client) -> None:
    admin = UserFactory.create(is_superuser=True)
    user = UserFactory.create()
    for _ in range(5):
        client.post(reverse("accounts:login"), {"username": user.username, "password": "sai"})
    assert AccessAttempt.objects.filter(username=user.username).exists()
    services.user_lockout_reset(actor=admin, user=user)
    assert not AccessAttempt.objects.filter(username=user.username).exists()
    event = AuditEvent.objects.get(action="accounts.lockout_reset")
    assert event.actor_id == admin.pk and event.object_id == str(user.pk)


def test_otp_devices_remove() -> None:
    admin = UserFactory.create(is_superuser=True)
    device = TOTPDeviceFactory.create()
    assert selectors.user_has_confirmed_totp(user=device.user)
    assert services.otp_devices_remove(actor=admin, user=device.user, reason="mất điện thoại") == 1
    assert not TOTPDevice.objects.filter(user=device.user).exists()
    event = AuditEvent.objects.get(action="accounts.otp_devices_remove")
    assert event.reason == "mất điện thoại"
    # Nothing to remove: nothing recorded.
    assert services.otp_devices_remove(actor=admin, user=device.user) == 0
    assert AuditEvent.objects.filter(action="accounts.otp_devices_remove").count() == 1


def test_users_with_totp_selector() -> None:
    with_device = TOTPDeviceFactory.create().user
    unconfirmed = StaffFactory.create()
    TOTPDevice.objects.create(user=unconfirmed, name="x", confirmed=False)
    plain = UserFactory.create()
    users = User.objects.filter(pk__in=[with_device.pk, unconfirmed.pk, plain.pk])
    assert list(selectors.users_with_totp(users, has_device=True)) == [with_device]
    assert set(selectors.users_with_totp(users, has_device=False)) == {unconfirmed, plain}
