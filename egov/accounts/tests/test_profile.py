"""The citizen profile: fields, commune select, ID uniqueness, contact changes, preferences; denials."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from egov.accounts.models import ContactVerification, User
from egov.accounts.selectors import notification_channels_for
from egov.accounts.tests.factories import StaffFactory, UserFactory
from egov.notifications.models import OutboxMessage
from egov.org.models import AdminUnit

pytestmark = pytest.mark.django_db

PROFILE = "/accounts/profile/"
TWO_TIER = date(2025, 7, 1)


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    cache.clear()


@pytest.fixture
def units() -> dict[str, AdminUnit]:
    tay_ninh = AdminUnit.objects.create(code="80", name="Tây Ninh", kind="province", valid_from=TWO_TIER)
    hanoi = AdminUnit.objects.create(code="01", name="Hà Nội", kind="city", valid_from=TWO_TIER)
    return {
        "tay_ninh": tay_ninh,
        "hanoi": hanoi,
        "tan_ninh": AdminUnit.objects.create(
            code="25001", name="Phường Tân Ninh", kind="ward", parent=tay_ninh, valid_from=TWO_TIER
        ),
        "ba_dinh": AdminUnit.objects.create(
            code="00004", name="Phường Ba Đình", kind="ward", parent=hanoi, valid_from=TWO_TIER
        ),
        "old": AdminUnit.objects.create(
            code="00001",
            name="Phường Cũ",
            kind="ward",
            parent=hanoi,
            valid_from=date(2000, 1, 1),
            valid_to=date(2025, 6, 30),
        ),
    }


@pytest.fixture
def citizen() -> User:
    return UserFactory.create(
        email="an@example.vn", email_verified_at=timezone.now(), phone="", full_name="Lê Văn An"
    )


def form_data(**changes: Any) -> dict[str, Any]:
    data = {
        "full_name": "Lê Văn An",
        "national_id": "",
        "date_of_birth": "",
        "email": "an@example.vn",
        "phone": "",
        "address_line": "",
        "province": "",
        "commune": "",
        "notify_email": "on",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_profile_needs_login(client: Client) -> None:
    response = client.get(PROFILE)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_staff_cannot_use_the_citizen_profile(client: Client) -> None:
    client.force_login(StaffFactory.create())
    assert client.get(PROFILE).status_code == 403
    assert client.post(PROFILE, form_data()).status_code == 403
    assert client.get(reverse("accounts:profile-communes")).status_code == 403


def test_citizen_cannot_open_staff_pages(client: Client, citizen: User) -> None:
    client.force_login(citizen)
    response = client.get(reverse("staff-home"))
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert reverse("staff-home") != response["Location"]


def test_profile_page_shows_only_my_data(client: Client, citizen: User) -> None:
    UserFactory.create(full_name="Người Khác", national_id="001099000555")
    client.force_login(citizen)
    response = client.get(PROFILE)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Lê Văn An" in body
    assert "Người Khác" not in body and "001099000555" not in body
    assert "Hồ sơ cá nhân" in body or "Thông tin cá nhân" in body


def test_save_profile_with_commune(client: Client, citizen: User, units: dict[str, AdminUnit]) -> None:
    client.force_login(citizen)
    body = client.get(PROFILE).content.decode()
    assert "Phường Cũ" not in body  # no unit that is no longer in force
    response = client.post(
        PROFILE,
        form_data(
            full_name="  Lê   Văn An ",
            national_id="001 099 012 345",
            date_of_birth="05/09/1990",
            address_line="12 đường Lê Lợi",
            province=str(units["tay_ninh"].pk),
            commune=str(units["tan_ninh"].pk),
            notify_sms="on",
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    citizen.refresh_from_db()
    assert citizen.full_name == "Lê Văn An"
    assert citizen.national_id == "001099012345"
    assert citizen.date_of_birth == date(1990, 9, 5)
    assert citizen.commune == units["tan_ninh"]
    assert citizen.address_line == "12 đường Lê Lợi"
    body = client.get(PROFILE).content.decode()
    assert 'value="05/09/1990"' in body
    assert "Phường Tân Ninh" in body


def test_commune_of_another_province_shows_the_new_list(
    client: Client, citizen: User, units: dict[str, AdminUnit]
) -> None:
    client.force_login(citizen)
    response = client.post(
        PROFILE, form_data(province=str(units["hanoi"].pk), commune=str(units["tan_ninh"].pk))
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "danh sách đã được cập nhật" in body
    assert "Phường Ba Đình" in body  # the plain select now lists Hà Nội's communes
    assert "Phường Tân Ninh" not in body
    citizen.refresh_from_db()
    assert citizen.commune is None


def test_commune_select_partial_for_htmx(client: Client, citizen: User, units: dict[str, AdminUnit]) -> None:
    client.force_login(citizen)
    response = client.get(
        reverse("accounts:profile-communes"), {"province": units["hanoi"].pk}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="commune-field"' in body
    assert "Phường Ba Đình" in body
    assert "Phường Tân Ninh" not in body and "Phường Cũ" not in body
    assert "<html" not in body


def test_national_id_is_unique_and_checked(client: Client, citizen: User) -> None:
    UserFactory.create(national_id="001099012345")
    client.force_login(citizen)
    body = client.post(PROFILE, form_data(national_id="001099012345")).content.decode()
    assert "đã được một tài khoản khác sử dụng" in body
    body = client.post(PROFILE, form_data(national_id="12345")).content.decode()
    assert "đúng 12 chữ số" in body
    citizen.refresh_from_db()
    assert citizen.national_id == ""


def test_verified_national_id_cannot_be_changed(client: Client, citizen: User) -> None:
    User.objects.filter(pk=citizen.pk).update(
        national_id="001099012345", national_id_verified_at=timezone.now()
    )
    client.force_login(citizen)
    response = client.post(PROFILE, form_data(national_id="079088001122"))
    assert response.status_code == 302  # a disabled field keeps its value
    citizen.refresh_from_db()
    assert citizen.national_id == "001099012345"


def test_changing_the_email_needs_the_code(client: Client, citizen: User) -> None:
    client.force_login(citizen)
    response = client.post(PROFILE, form_data(email="an.moi@example.vn"))
    assert response["Location"] == reverse("accounts:verify")
    citizen.refresh_from_db()
    assert citizen.email == "an@example.vn"  # unchanged until verified
    verification = ContactVerification.objects.get(user=citizen)
    assert verification.purpose == ContactVerification.Purpose.CHANGE
    code = OutboxMessage.objects.get(idempotency_key=f"verify:{verification.pk}").context["code"]
    assert "an.moi@example.vn" in client.get(reverse("accounts:verify")).content.decode()
    response = client.post(reverse("accounts:verify"), {"code": code, "verification": verification.pk})
    assert response["Location"] == reverse("accounts:profile")
    citizen.refresh_from_db()
    assert citizen.email == "an.moi@example.vn"
    assert citizen.email_verified_at is not None


def test_adding_a_phone_sends_an_sms_code(client: Client, citizen: User) -> None:
    client.force_login(citizen)
    client.post(PROFILE, form_data(phone="0911 222 333"))
    message = OutboxMessage.objects.get(template="account_verification_code")
    assert (message.channel, message.recipient) == ("sms", "+84911222333")
    assert notification_channels_for(User.objects.get(pk=citizen.pk)) == [("email", "an@example.vn")]
    client.post(reverse("accounts:verify"), {"code": message.context["code"]})
    citizen.refresh_from_db()
    assert citizen.phone == "+84911222333"


def test_contact_used_by_another_account_is_refused(client: Client, citizen: User) -> None:
    UserFactory.create(phone="+84911222333")
    client.force_login(citizen)
    body = client.post(PROFILE, form_data(phone="0911222333")).content.decode()
    assert "đã được một tài khoản khác sử dụng" in body
    assert not ContactVerification.objects.exists()


def test_code_of_another_user_cannot_be_used(client: Client, citizen: User) -> None:
    other = UserFactory.create()
    client.force_login(other)
    client.post(PROFILE, form_data(full_name=other.full_name, email=other.email, phone="0911222444"))
    verification = ContactVerification.objects.get(user=other)
    code = OutboxMessage.objects.get().context["code"]
    client.force_login(citizen)
    response = client.post(reverse("accounts:verify"), {"code": code, "verification": verification.pk})
    assert response["Location"] == reverse("accounts:profile")  # nothing pending for this user
    assert User.objects.get(pk=citizen.pk).phone == ""


def test_preferences_drive_notification_channels(client: Client, citizen: User) -> None:
    User.objects.filter(pk=citizen.pk).update(phone="+84911222555", phone_verified_at=timezone.now())
    client.force_login(citizen)
    client.post(PROFILE, form_data(phone="+84911222555", notify_email=None, notify_sms="on"))
    user = User.objects.get(pk=citizen.pk)
    assert (user.notify_email, user.notify_sms) == (False, True)
    assert notification_channels_for(user) == [("sms", "+84911222555")]
    User.objects.filter(pk=citizen.pk).update(notify_email=True, phone_verified_at=None)
    assert notification_channels_for(User.objects.get(pk=citizen.pk)) == [("email", "an@example.vn")]


def test_staff_contacts_are_trusted_for_notifications() -> None:
    staff = StaffFactory.create(email="cb@example.vn", phone="+84911000111")
    assert notification_channels_for(staff) == [("email", "cb@example.vn"), ("sms", "+84911000111")]
