"""The user admin: Vietnamese, filters by kind and by two-step verification, audited actions."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from pytest_django import Settings

from egov.accounts.tests.factories import StaffFactory, TOTPDeviceFactory, UserFactory, totp_code
from egov.core.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_vi(client: Client) -> Client:
    client.force_login(UserFactory.create(username="quantri", is_staff=True, is_superuser=True))
    return client


def test_changelist_is_vietnamese_and_filters(admin_client_vi: Client) -> None:
    device = TOTPDeviceFactory.create(user=StaffFactory.create(username="canbo1"))
    UserFactory.create(username="congdan1")
    url = reverse("admin:accounts_user_changelist")
    body = admin_client_vi.get(url).content.decode()
    assert 'data-filter-title="xác thực hai bước"' in body
    assert "Đã thiết lập" in body
    assert "Loại tài khoản" in body
    only_2fa = admin_client_vi.get(url, {"two_factor": "yes"}).context["cl"].result_list
    assert [u.username for u in only_2fa] == [device.user.username]
    without = admin_client_vi.get(url, {"two_factor": "no"}).context["cl"].result_list
    assert "canbo1" not in {u.username for u in without}
    staff_only = admin_client_vi.get(url, {"kind__exact": "staff"}).context["cl"].result_list
    assert [u.username for u in staff_only] == ["canbo1"]


def test_change_form_has_profile_fields(admin_client_vi: Client) -> None:
    user = StaffFactory.create()
    body = admin_client_vi.get(reverse("admin:accounts_user_change", args=[user.pk])).content.decode()
    for field in ("kind", "full_name", "phone", "national_id"):
        assert f'name="{field}"' in body


def test_add_user_in_admin(admin_client_vi: Client) -> None:
    response = admin_client_vi.post(
        reverse("admin:accounts_user_add"),
        {
            "username": "canbo.moi",
            "kind": "staff",
            "full_name": "Phạm  Văn Mới",
            "email": "moi@example.vn",
            "password1": "Mật-khẩu-đủ-dài-123",
            "password2": "Mật-khẩu-đủ-dài-123",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    from egov.accounts.models import User

    user = User.objects.get(username="canbo.moi")
    assert user.kind == "staff"
    assert user.full_name == "Phạm Văn Mới"


def test_admin_actions_reset_lockout_and_remove_2fa(admin_client_vi: Client) -> None:
    device = TOTPDeviceFactory.create()
    url = reverse("admin:accounts_user_changelist")
    response = admin_client_vi.post(
        url, {"action": "remove_two_factor", "_selected_action": [device.user.pk]}, follow=True
    )
    assert response.status_code == 200
    assert not TOTPDevice.objects.filter(user=device.user).exists()
    assert AuditEvent.objects.filter(action="accounts.otp_devices_remove").count() == 1
    admin_client_vi.post(url, {"action": "reset_lockout", "_selected_action": [device.user.pk]})
    assert AuditEvent.objects.filter(action="accounts.lockout_reset", object_id=str(device.user.pk)).exists()


def test_admin_requires_second_factor_when_on(client: Client, settings: Settings) -> None:
    settings.EGOV_STAFF_2FA_REQUIRED = True
    user = StaffFactory.create(is_staff=True, is_superuser=True)
    client.force_login(user)
    refused = client.get("/admin/")
    assert refused.status_code == 302
    assert refused["Location"].startswith(reverse("admin:login"))
    sent = client.get(refused["Location"])
    assert sent["Location"] == f"{reverse('accounts:otp-setup')}?next=%2Fadmin%2F"

    device = TOTPDeviceFactory.create(user=user)
    assert client.get(refused["Location"])["Location"] == f"{reverse('accounts:otp')}?next=%2Fadmin%2F"
    verified = client.post(reverse("accounts:otp"), {"token": totp_code(device), "next": "/admin/"})
    assert verified["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_admin_is_open_without_second_factor_when_off(admin_client_vi: Client) -> None:
    assert admin_client_vi.get("/admin/").status_code == 200
