"""Citizen registration by e-mail or phone, one-time codes (wrong, expired, burned, resend) and
the IP rate limits."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from egov.accounts import assurance
from egov.accounts.models import ContactVerification, User
from egov.accounts.tests.factories import UserFactory
from egov.core.audit.models import AuditEvent
from egov.notifications.models import OutboxMessage

pytestmark = pytest.mark.django_db

REGISTER = "/accounts/register/"
VERIFY = "/accounts/verify/"
RESEND = "/accounts/verify/resend/"
GOOD_PASSWORD = "Lúa-vàng-mùa-thu-2025"


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    cache.clear()  # rate-limit counters


def register(client: Client, contact: str = "lan@example.vn", **extra: str) -> Any:
    data = {
        "contact": contact,
        "full_name": "Nguyễn Thị Lan",
        "password1": GOOD_PASSWORD,
        "password2": GOOD_PASSWORD,
        **extra,
    }
    return client.post(REGISTER, data)


def sent_code(user: User | None = None) -> str:
    """The code from the newest outbox message (what the citizen receives)."""
    rows = OutboxMessage.objects.filter(template="account_verification_code")
    if user is not None:
        keys = [f"verify:{pk}" for pk in user.contact_verifications.values_list("pk", flat=True)]
        rows = rows.filter(idempotency_key__in=keys)
    return str(rows.order_by("-pk").first().context["code"])  # type: ignore[union-attr]


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def test_register_page_is_vietnamese_and_labelled(client: Client) -> None:
    body = client.get(REGISTER).content.decode()
    assert "Tạo tài khoản" in body
    assert '<label class="form-label" for="id_contact">' in body
    assert 'autocomplete="new-password"' in body


def test_register_by_email_sends_a_code_and_verifying_logs_in(client: Client) -> None:
    response = register(client, "Lan@Example.VN", next="/dich-vu-cong/")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:verify")
    user = User.objects.get(email="Lan@example.vn")
    assert user.kind == User.Kind.CITIZEN
    assert not user.is_active
    assert user.email_verified_at is None
    verification = ContactVerification.objects.get(user=user)
    message = OutboxMessage.objects.get(idempotency_key=f"verify:{verification.pk}")
    assert message.channel == "email"
    assert message.recipient == "Lan@example.vn"
    code = message.context["code"]
    assert len(code) == 6 and code.isdigit()
    assert code not in verification.code_hash
    assert verification.expires_at - verification.created_at == timedelta(minutes=10)

    page = client.get(VERIFY)
    assert "Lan@example.vn" in page.content.decode()
    response = client.post(VERIFY, {"code": f"{code[:3]} {code[3:]}"})
    assert response.status_code == 302
    assert response["Location"] == "/dich-vu-cong/"
    user.refresh_from_db()
    assert user.is_active
    assert user.email_verified_at is not None
    assert int(client.session["_auth_user_id"]) == user.pk
    assert client.session[assurance.SESSION_LEVEL] == 1
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "accounts.citizen_register",
        "accounts.verification_sent",
        "accounts.verification_used",
        "accounts.citizen_activate",
    } <= actions


def test_register_by_phone_sends_an_sms_and_goes_to_the_profile(client: Client) -> None:
    register(client, "0912 345 678")
    user = User.objects.get(phone="+84912345678")
    message = OutboxMessage.objects.get(template="account_verification_code")
    assert message.channel == "sms"
    assert message.recipient == "+84912345678"
    response = client.post(VERIFY, {"code": message.context["code"]})
    assert response["Location"] == reverse("accounts:profile")
    user.refresh_from_db()
    assert user.phone_verified_at is not None and user.is_active


def test_bad_contact_keeps_the_other_values(client: Client) -> None:
    response = register(client, "not a contact")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Nhập địa chỉ thư điện tử hợp lệ" in body
    assert 'value="Nguyễn Thị Lan"' in body
    assert not User.objects.filter(full_name="Nguyễn Thị Lan").exists()


def test_weak_or_mismatched_password_is_refused(client: Client) -> None:
    body = register(client, password1="12345678", password2="12345678").content.decode()
    assert "is-invalid" in body
    assert not User.objects.exists()
    body = register(client, password2="Khác-hẳn-mật-khẩu-2025").content.decode()
    assert "Hai mật khẩu không khớp" in body


def test_duplicate_contact_gets_a_neutral_message(client: Client) -> None:
    UserFactory.create(email="lan@example.vn")
    response = register(client, "LAN@example.vn")
    assert response.status_code == 200
    body = response.content.decode()
    assert "không dùng được để đăng ký" in body
    assert User.objects.filter(email__iexact="lan@example.vn").count() == 1


def test_wrong_code_counts_and_burns_after_five(client: Client) -> None:
    register(client)
    code = sent_code()
    response = client.post(VERIFY, {"code": wrong(code)})
    assert "Mã xác thực không đúng" in response.content.decode()
    assert "4" in response.content.decode()
    for _attempt in range(4):
        response = client.post(VERIFY, {"code": wrong(code)})
    assert "Nhập sai quá nhiều lần" in response.content.decode()
    verification = ContactVerification.objects.get()
    assert verification.status == ContactVerification.Status.BURNED
    response = client.post(VERIFY, {"code": code})  # even the right code is refused now
    assert "_auth_user_id" not in client.session
    assert not User.objects.get().is_active
    assert AuditEvent.objects.filter(action="accounts.verification_burned").count() == 1


def test_expired_code_is_refused(client: Client) -> None:
    register(client)
    code = sent_code()
    with time_machine.travel(timezone.now() + timedelta(minutes=10, seconds=1)):
        response = client.post(VERIFY, {"code": code})
    assert "đã hết hạn" in response.content.decode()
    assert ContactVerification.objects.get().status == ContactVerification.Status.EXPIRED
    assert not User.objects.get().is_active


def test_malformed_code_is_refused_without_counting(client: Client) -> None:
    register(client)
    response = client.post(VERIFY, {"code": "12ab"})
    assert "đúng 6 chữ số" in response.content.decode()
    assert ContactVerification.objects.get().attempts == 0


def test_resend_once_per_minute(client: Client) -> None:
    register(client)
    first = sent_code()
    response = client.post(RESEND, follow=True)
    assert "Vui lòng chờ" in response.content.decode()
    assert ContactVerification.objects.count() == 1
    with time_machine.travel(timezone.now() + timedelta(seconds=61)):
        response = client.post(RESEND, follow=True)
        assert "Đã gửi mã mới" in response.content.decode()
        second = sent_code()
        assert ContactVerification.objects.count() == 2
        old = ContactVerification.objects.order_by("pk").first()
        assert old is not None and old.status == ContactVerification.Status.SUPERSEDED
        if first != second:
            body = client.post(VERIFY, {"code": first}).content.decode()
            assert "Mã xác thực không đúng" in body
        response = client.post(VERIFY, {"code": second})
    assert response.status_code == 302
    assert User.objects.get().is_active


def test_resend_without_a_registration_is_refused(client: Client) -> None:
    response = client.post(RESEND)
    assert response["Location"] == reverse("accounts:login")
    assert client.get(VERIFY)["Location"] == reverse("accounts:login")


def test_verify_page_of_another_session_shows_nothing(client: Client) -> None:
    register(client)
    stranger = Client()
    response = stranger.post(VERIFY, {"code": sent_code()})
    assert response["Location"] == reverse("accounts:login")
    assert not User.objects.get().is_active


def test_registration_is_rate_limited_per_ip(client: Client, settings: Any) -> None:
    settings.EGOV_RATELIMIT_REGISTER = "2/h"
    register(client, "a1@example.vn")
    register(Client(), "a2@example.vn")
    response = register(Client(), "a3@example.vn")
    assert response.status_code == 429
    assert "Bạn đã thử quá nhiều lần" in response.content.decode()
    assert User.objects.count() == 2


def test_code_attempts_are_rate_limited_per_ip(client: Client, settings: Any) -> None:
    settings.EGOV_RATELIMIT_VERIFY = "3/10m"
    settings.EGOV_VERIFICATION_MAX_ATTEMPTS = 100
    register(client)
    code = sent_code()
    for _attempt in range(3):
        client.post(VERIFY, {"code": wrong(code)})
    assert client.post(VERIFY, {"code": code}).status_code == 429
    assert not User.objects.get().is_active


def test_logged_in_user_is_sent_to_the_profile(client: Client) -> None:
    client.force_login(UserFactory.create())
    assert client.get(REGISTER)["Location"] == reverse("accounts:profile")


def test_unverified_registration_does_not_block_the_contact_forever(client: Client) -> None:
    register(client, "lan@example.vn")
    stranger = Client()
    body = register(stranger, "lan@example.vn").content.decode()
    assert "không dùng được để đăng ký" in body  # the first code is still valid
    with time_machine.travel(timezone.now() + timedelta(minutes=11)):
        response = register(stranger, "lan@example.vn")
        assert response["Location"] == reverse("accounts:verify")
    assert User.objects.filter(email="lan@example.vn").count() == 1
    assert AuditEvent.objects.filter(action="accounts.citizen_registration_expired").count() == 1
