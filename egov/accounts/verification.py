"""Writes for one-time codes that prove a citizen holds an e-mail address or a phone number.

- A code has 6 digits; only a salted HMAC of it is stored.
- It expires after EGOV_VERIFICATION_CODE_TTL_SECONDS (10 minutes) and is burned after
  EGOV_VERIFICATION_MAX_ATTEMPTS (5) wrong tries.
- A new code may be sent at most once per EGOV_VERIFICATION_RESEND_SECONDS (60 s); it supersedes
  the previous one.
- The code travels only through the notifications outbox (one row per code: idempotency key
  `verify:<id>`).
- Every state change (sent, wrong attempt, burned, expired, used) is audited in its transaction.
"""

from __future__ import annotations

import hmac
import math
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from egov.accounts import conf
from egov.accounts.models import ContactVerification, User
from egov.core.audit.services import audit_record

Status = ContactVerification.Status
Purpose = ContactVerification.Purpose

_HMAC_SALT = "egov.accounts.verification"


def code_generate() -> str:
    return f"{secrets.randbelow(1_000_000):06d}"


def code_hash(code: str) -> str:
    salt = secrets.token_hex(8)
    return f"{salt}${salted_hmac(_HMAC_SALT, f'{salt}:{code}', algorithm='sha256').hexdigest()}"


def code_matches(code: str, stored: str) -> bool:
    salt, _sep, digest = stored.partition("$")
    expected = salted_hmac(_HMAC_SALT, f"{salt}:{code}", algorithm="sha256").hexdigest()
    return hmac.compare_digest(expected, digest)


def _enqueue(verification: ContactVerification, code: str) -> None:
    from egov.notifications.services import notification_enqueue

    user = verification.user
    notification_enqueue(
        channel=verification.channel,
        recipient=verification.recipient,
        template="account_verification_code",
        context={
            "user_name": user.get_full_name() or "",
            "code": code,
            "minutes": max(1, conf.code_ttl_seconds() // 60),
            "purpose": verification.purpose,
        },
        idempotency_key=f"verify:{verification.pk}",
    )


def verification_start(*, user: User, channel: str, recipient: str, purpose: str) -> ContactVerification:
    """Supersede the user's pending codes for this purpose (and channel), create a new one and
    queue it. The caller checks the resend gap (see `verification_resend`)."""
    now = timezone.now()
    code = code_generate()
    with transaction.atomic():
        pending = ContactVerification.objects.select_for_update().filter(
            user=user, purpose=purpose, status=Status.PENDING
        )
        if purpose == Purpose.CHANGE:
            pending = pending.filter(channel=channel)
        for old in pending:
            old.status = Status.SUPERSEDED
            old.save(update_fields=["status"])
            audit_record(
                actor=user,
                action="accounts.verification_superseded",
                target=old,
                from_state=Status.PENDING,
                to_state=Status.SUPERSEDED,
            )
        verification = ContactVerification.objects.create(
            user=user,
            channel=channel,
            recipient=recipient,
            purpose=purpose,
            code_hash=code_hash(code),
            created_at=now,
            expires_at=now + timedelta(seconds=conf.code_ttl_seconds()),
        )
        _enqueue(verification, code)
        audit_record(
            actor=user,
            action="accounts.verification_sent",
            target=verification,
            to_state=Status.PENDING,
            data={"channel": channel, "purpose": purpose},
        )
    return verification


@dataclass(frozen=True)
class ResendResult:
    verification: ContactVerification | None
    wait_seconds: int = 0

    @property
    def ok(self) -> bool:
        return self.verification is not None


def verification_resend(*, user: User, purpose: str, channel: str | None = None) -> ResendResult:
    """A new code to the same recipient as the latest one, unless the last was sent less than
    EGOV_VERIFICATION_RESEND_SECONDS ago (then `wait_seconds` says how long to wait)."""
    with transaction.atomic():
        # Lock the account row: two concurrent resends cannot both pass the gap check.
        User.objects.select_for_update().filter(pk=user.pk).first()
        latest_qs = ContactVerification.objects.filter(user=user, purpose=purpose)
        if channel:
            latest_qs = latest_qs.filter(channel=channel)
        latest = latest_qs.order_by("-created_at", "-pk").first()
        if latest is None or latest.status == Status.USED:
            return ResendResult(verification=None)
        gap = timedelta(seconds=conf.code_resend_seconds())
        elapsed = timezone.now() - latest.created_at
        if elapsed < gap:
            return ResendResult(verification=None, wait_seconds=math.ceil((gap - elapsed).total_seconds()))
        fresh = verification_start(
            user=user, channel=latest.channel, recipient=latest.recipient, purpose=purpose
        )
    return ResendResult(verification=fresh)


@dataclass(frozen=True)
class CheckResult:
    """`reason` is "" on success, else one of: wrong, burned, expired, used, superseded, unknown."""

    verification: ContactVerification | None
    reason: str = ""
    attempts_left: int = 0

    @property
    def ok(self) -> bool:
        return self.reason == ""

    def message(self) -> str:
        if self.reason == "wrong":
            return _(
                "The code is not correct. You have %(left)d more attempt(s); after that, ask for a new code."
            ) % {"left": self.attempts_left}
        if self.reason == "burned":
            return _("Too many wrong codes: this code can no longer be used. Ask for a new code.")
        if self.reason == "expired":
            return _("This code has expired (it is valid for %(minutes)d minutes). Ask for a new code.") % {
                "minutes": max(1, conf.code_ttl_seconds() // 60)
            }
        if self.reason == "superseded":
            return _("A newer code has been sent. Enter the code from the latest message.")
        if self.reason == "used":
            return _("This code has already been used.")
        return _("There is no code waiting for verification. Ask for a new code.")


def _transition(verification: ContactVerification, to: str, *, reason: str = "") -> None:
    previous = verification.status
    verification.status = to
    fields = ["status"]
    if to == Status.USED:
        verification.used_at = timezone.now()
        fields.append("used_at")
    verification.save(update_fields=fields)
    audit_record(
        actor=verification.user,
        action=f"accounts.verification_{to}",
        target=verification,
        from_state=previous,
        to_state=to,
        reason=reason,
    )


def _apply(verification: ContactVerification) -> None:
    """What a correct code proves: registration → active account; change → the new contact."""
    user = User.objects.select_for_update().get(pk=verification.user_id)
    now = timezone.now()
    before = {"is_active": user.is_active, "email": user.email, "phone": user.phone}
    fields: list[str] = []
    if verification.channel == ContactVerification.Channel.EMAIL:
        user.email = verification.recipient
        user.email_verified_at = now
        fields += ["email", "email_verified_at"]
    else:
        user.phone = verification.recipient
        user.phone_verified_at = now
        fields += ["phone", "phone_verified_at"]
    if verification.purpose == Purpose.REGISTER and not user.is_active:
        user.is_active = True
        fields.append("is_active")
    try:
        with transaction.atomic():
            user.save(update_fields=fields)
    except IntegrityError:
        raise ValidationError(
            _("Another account now uses this e-mail address or phone number."), code="contact_taken"
        ) from None
    verification.user = user
    audit_record(
        actor=user,
        action=(
            "accounts.citizen_activate"
            if verification.purpose == Purpose.REGISTER
            else "accounts.contact_change"
        ),
        target=user,
        from_state="inactive" if not before["is_active"] else "active",
        to_state="active",
        data={"channel": verification.channel},
    )


def verification_check(*, verification_id: int, code: str, user: Any = None) -> CheckResult:
    """Check a code. Wrong codes count; the code is burned at the limit. On success the
    verification is used and its effect applied (see `_apply`). `user`, when given, must own it."""
    code = (code or "").strip().replace(" ", "")
    with transaction.atomic():
        rows = ContactVerification.objects.select_for_update().select_related("user")
        verification = rows.filter(pk=verification_id).first()
        if verification is None or (user is not None and verification.user_id != user.pk):
            return CheckResult(verification=None, reason="unknown")
        if verification.status != Status.PENDING:
            return CheckResult(verification=verification, reason=str(verification.status))
        if timezone.now() >= verification.expires_at:
            _transition(verification, Status.EXPIRED)
            return CheckResult(verification=verification, reason="expired")
        if not code_matches(code, verification.code_hash):
            verification.attempts += 1
            verification.save(update_fields=["attempts"])
            left = conf.code_max_attempts() - verification.attempts
            if left <= 0:
                _transition(verification, Status.BURNED, reason="too many wrong codes")
                return CheckResult(verification=verification, reason="burned")
            audit_record(
                actor=verification.user,
                action="accounts.verification_wrong_code",
                target=verification,
                from_state=Status.PENDING,
                to_state=Status.PENDING,
                data={"attempts": verification.attempts},
            )
            return CheckResult(verification=verification, reason="wrong", attempts_left=left)
        _transition(verification, Status.USED)
        _apply(verification)
    return CheckResult(verification=verification)
