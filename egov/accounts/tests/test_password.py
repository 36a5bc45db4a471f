"""Password reset by e-mail (through the notifications outbox) and password change."""

from __future__ import annotations

import re

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client
from django.urls import reverse

from egov.accounts.tests.factories import PASSWORD, UserFactory
from egov.core.audit.models import AuditEvent
from egov.notifications.models import OutboxMessage

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Mật-khẩu-mới-rất-dài-77"


def _request_reset(client: Client, email: str) -> str:
    response = client.post(reverse("accounts:password-reset"), {"email": email})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password-reset-done")
    page = client.get(response["Location"])
    assert page.status_code == 200
    return str(page.content.decode())


def test_reset_page_is_vietnamese(client: Client) -> None:
    response = client.get(reverse("accounts:password-reset"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Quên mật khẩu?" in body
    assert 'autocomplete="email"' in body
    assert '<label class="form-label" for="id_email">' in body


def test_reset_enqueues_exactly_one_email_with_a_working_link(client: Client) -> None:
    user = UserFactory.create(email="chi.nguyen@example.vn", full_name="Nguyễn Thị Chi")
    _request_reset(client, "Chi.Nguyen@example.vn")
    message = OutboxMessage.objects.get()
    assert message.channel == "email"
    assert message.recipient == "chi.nguyen@example.vn"
    assert message.template == "password_reset"
    assert message.idempotency_key.startswith(f"pwreset:{user.pk}:")
    assert message.context["user_name"] == "Nguyễn Thị Chi"
    assert message.context["site_name"] == settings.EGOV_SITE_NAME
    reset_url = message.context["reset_url"]
    match = re.fullmatch(r"http://testserver(/accounts/password/reset/[^/]+/[^/]+/)", reset_url)
    assert match, reset_url

    # The link opens the form (Django swaps the token for a session value first).
    opened = client.get(match.group(1))
    assert opened.status_code == 302
    form_page = client.get(opened["Location"])
    assert form_page.status_code == 200
    assert "Đặt mật khẩu mới" in form_page.content.decode()
    assert 'autocomplete="new-password"' in form_page.content.decode()
    saved = client.post(opened["Location"], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert saved.status_code == 302
    assert saved["Location"] == reverse("accounts:password-reset-complete")
    assert client.get(saved["Location"]).status_code == 200

    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert AuditEvent.objects.filter(action="accounts.password_reset", object_id=str(user.pk)).count() == 1
    # The link works once only.
    again = client.get(match.group(1), follow=True)
    assert "Liên kết này không còn hiệu lực" in again.content.decode()
    # And the new password logs in.
    login = Client().post(reverse("accounts:login"), {"username": user.username, "password": NEW_PASSWORD})
    assert login.status_code == 302


def test_unknown_email_enqueues_nothing_and_looks_the_same(client: Client) -> None:
    UserFactory.create(email="co.that@example.vn")
    known = _request_reset(client, "co.that@example.vn")
    unknown = _request_reset(client, "khong.co@example.vn")
    assert OutboxMessage.objects.count() == 1
    strip = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"|"X-CSRFToken": "[^"]+"')
    assert strip.sub("", known) == strip.sub("", unknown)
    assert "Kiểm tra hộp thư" in unknown


def test_reset_skips_inactive_and_passwordless_accounts(client: Client) -> None:
    UserFactory.create(email="nghi@example.vn", is_active=False)
    no_password = UserFactory.create(email="moi@example.vn")
    no_password.set_unusable_password()
    no_password.save()
    _request_reset(client, "nghi@example.vn")
    _request_reset(client, "moi@example.vn")
    assert OutboxMessage.objects.count() == 0


def test_reset_lifts_lockout(client: Client) -> None:
    user = UserFactory.create(email="bi.khoa@example.vn")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("accounts:login"), {"username": user.username, "password": "sai"})
    assert AccessAttempt.objects.filter(username=user.username).exists()
    _request_reset(client, user.email)
    link = re.search(
        r"/accounts/password/reset/[^/]+/[^/]+/", OutboxMessage.objects.get().context["reset_url"]
    )
    assert link
    opened = client.get(link.group(0))
    client.post(opened["Location"], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert not AccessAttempt.objects.filter(username=user.username).exists()
    login = client.post(reverse("accounts:login"), {"username": user.username, "password": NEW_PASSWORD})
    assert login.status_code == 302


def test_password_change(client: Client) -> None:
    user = UserFactory.create()
    client.force_login(user)
    page = client.get(reverse("accounts:password-change"))
    assert page.status_code == 200
    assert 'autocomplete="current-password"' in page.content.decode()
    response = client.post(
        reverse("accounts:password-change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password-change-done")
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert "_auth_user_id" in client.session  # still logged in (session hash updated)
    assert client.get(response["Location"]).status_code == 200
    assert AuditEvent.objects.filter(action="accounts.password_change", actor_id=user.pk).count() == 1


def test_password_change_refuses_wrong_old_password(client: Client) -> None:
    user = UserFactory.create()
    client.force_login(user)
    response = client.post(
        reverse("accounts:password-change"),
        {"old_password": "sai", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    assert not AuditEvent.objects.filter(action="accounts.password_change").exists()


def test_password_change_needs_login(client: Client) -> None:
    response = client.get(reverse("accounts:password-change"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_outbox_refusal_looks_like_unknown_address(client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    from django.core.exceptions import ValidationError

    from egov.accounts import services

    def refuse(**kwargs: object) -> None:
        raise ValidationError("recipient refused")

    monkeypatch.setattr(services, "password_reset_notify", refuse)
    UserFactory.create(email="la@example.vn")
    body = _request_reset(client, "la@example.vn")
    assert "Kiểm tra hộp thư" in body
    assert OutboxMessage.objects.count() == 0
