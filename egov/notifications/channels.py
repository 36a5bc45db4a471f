"""Delivery channels: e-mail through Django's mail API, SMS through an HTTP gateway, and channels
registered by other apps (e.g. "dvcqg", the national portal status sync, by egov.nationalportal).

Each sender returns a SendResult or raises a ChannelError: TemporaryChannelError (retry later with
backoff) or PermanentChannelError (the provider refused this message for good).

Registered channels: `channel_sender_register(channel, sender)` (call it from the owning app's
AppConfig.ready()) makes `channel_send` hand every row of that channel to `sender(message)`, without
rendering a template; the setting EGOV_OUTBOX_CHANNEL_SENDERS ({channel: "dotted.path"}) overrides
the registry. This app never imports the owning app.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import smtplib
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import parseaddr
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.utils.module_loading import import_string

from egov.notifications.models import OutboxMessage
from egov.notifications.rendering import RenderedMessage, message_render, sms_length

MAX_RESPONSE_BYTES = 64 * 1024
# 4xx answers that mean "not now" rather than "never": timeouts and rate limits, and 401/403, which
# mean our token is wrong or expired. That is a configuration fault shared by every message, so
# the messages wait (with backoff) for an operator to fix it instead of all failing for good.
RETRYABLE_HTTP_4XX = frozenset({401, 403, 408, 425, 429})


class ChannelError(Exception):
    permanent = False

    def __init__(self, message: str, *, response: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.response: dict[str, Any] = response or {}


class TemporaryChannelError(ChannelError):
    """The provider could not take the message now: try again later."""


class PermanentChannelError(ChannelError):
    """The provider refused this message for good: do not try again."""

    permanent = True


@dataclass(frozen=True)
class SendResult:
    provider_message_id: str
    provider_response: dict[str, Any] = field(default_factory=dict)


def _smtp_text(value: bytes | str) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def _message_id_header(*, message_id: int, idempotency_key: str) -> str:
    """A stable Message-ID, the same on every attempt, so a receiving system can drop duplicates."""
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "egov.local"
    digest = hashlib.sha256(idempotency_key.encode()).hexdigest()[:16]
    return f"<outbox.{message_id}.{digest}@{domain}>"


def email_send(
    *, message_id: int, idempotency_key: str, recipient: str, rendered: RenderedMessage
) -> SendResult:
    header = _message_id_header(message_id=message_id, idempotency_key=idempotency_key)
    email = EmailMultiAlternatives(
        subject=rendered.subject,
        body=rendered.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[recipient],
        headers={"Message-ID": header},
        connection=get_connection(fail_silently=False),
    )
    if rendered.html:
        email.attach_alternative(rendered.html, "text/html")
    try:
        sent = email.send(fail_silently=False)
    except smtplib.SMTPRecipientsRefused as exc:
        codes = [code for code, _msg in exc.recipients.values()]
        detail = "; ".join(f"{code} {_smtp_text(msg)}" for code, msg in exc.recipients.values())
        response = {"smtp_code": codes[0] if codes else None, "smtp_error": detail}
        if codes and all(500 <= code < 600 for code in codes):
            raise PermanentChannelError(f"recipient refused: {detail}", response=response) from exc
        raise TemporaryChannelError(f"recipient deferred: {detail}", response=response) from exc
    except smtplib.SMTPDataError as exc:
        detail = f"{exc.smtp_code} {_smtp_text(exc.smtp_error)}"
        response = {"smtp_code": exc.smtp_code, "smtp_error": _smtp_text(exc.smtp_error)}
        if 500 <= exc.smtp_code < 600:
            raise PermanentChannelError(f"message refused: {detail}", response=response) from exc
        raise TemporaryChannelError(f"message deferred: {detail}", response=response) from exc
    except smtplib.SMTPNotSupportedError as exc:
        raise PermanentChannelError(f"not supported by the SMTP server: {exc}") from exc
    except smtplib.SMTPResponseException as exc:
        # Sender refused, HELO or authentication errors: our configuration, not this message.
        detail = f"{exc.smtp_code} {_smtp_text(exc.smtp_error)}"
        raise TemporaryChannelError(f"SMTP error: {detail}", response={"smtp_code": exc.smtp_code}) from exc
    except (smtplib.SMTPException, OSError) as exc:
        raise TemporaryChannelError(f"SMTP connection error: {exc!r}") from exc
    if sent != 1:
        raise TemporaryChannelError("the mail backend did not send the message")
    return SendResult(provider_message_id=header, provider_response={"backend": settings.EMAIL_BACKEND})


def _decode_body(raw: bytes) -> Any:
    text = raw.decode("utf-8", "replace")
    try:
        return json.loads(text)
    except ValueError:
        return text[:2000]


def sms_send(*, recipient: str, text: str, client_ref: str) -> SendResult:
    """POST {"to", "text", "client_ref"} to the gateway; 2xx with {"message_id"} means accepted.

    5xx, 401/403/408/425/429, timeouts and connection errors are temporary; other 4xx are permanent.
    `client_ref` is the outbox idempotency key, so a gateway can drop a repeated submission.
    """
    url = settings.EGOV_SMS_GATEWAY_URL
    if urlsplit(url).scheme not in ("http", "https"):
        raise TemporaryChannelError("EGOV_SMS_GATEWAY_URL must be an http(s) URL")
    payload = json.dumps({"to": recipient, "text": text, "client_ref": client_ref}, ensure_ascii=False)
    request = urllib.request.Request(  # noqa: S310 (scheme checked above)
        url,
        data=payload.encode("utf-8"),
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "Accept": "application/json",
            "Authorization": f"Bearer {settings.EGOV_SMS_GATEWAY_TOKEN}",
        },
    )
    # The gateway is reached directly: environment proxy variables are not applied.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(request, timeout=settings.EGOV_SMS_TIMEOUT) as response:
            status = response.status
            body = _decode_body(response.read(MAX_RESPONSE_BYTES))
    except urllib.error.HTTPError as exc:
        body = _decode_body(exc.read(MAX_RESPONSE_BYTES))
        exc.close()
        info = {"http_status": exc.code, "body": body}
        if exc.code >= 500 or exc.code in RETRYABLE_HTTP_4XX:
            raise TemporaryChannelError(f"SMS gateway answered HTTP {exc.code}", response=info) from exc
        raise PermanentChannelError(
            f"SMS gateway refused the message: HTTP {exc.code}", response=info
        ) from exc
    except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
        raise TemporaryChannelError(f"SMS gateway unreachable: {exc!r}") from exc
    info = {"http_status": status, "body": body}
    provider_id = body.get("message_id") if isinstance(body, dict) else None
    if not (200 <= status < 300) or not isinstance(provider_id, str | int) or provider_id == "":
        raise TemporaryChannelError("SMS gateway answer has no message_id", response=info)
    length = sms_length(text)
    info.update({"encoding": length.encoding, "parts": length.parts})
    return SendResult(provider_message_id=str(provider_id), provider_response=info)


ChannelSender = Callable[[OutboxMessage], SendResult]
_SENDERS: dict[str, ChannelSender] = {}


def channel_sender_register(channel: str, sender: ChannelSender) -> None:
    """Deliver every outbox row of `channel` with `sender(message)` (idempotent; last one wins).
    `channel` must be one of OutboxMessage.Channel (the database constraint lists them)."""
    if channel not in OutboxMessage.Channel.values:
        raise ValueError(f"unknown outbox channel: {channel!r}")
    _SENDERS[channel] = sender


def channel_sender_for(channel: str) -> ChannelSender | None:
    """The registered sender of `channel` (setting EGOV_OUTBOX_CHANNEL_SENDERS first), or None for
    the built-in e-mail and SMS channels."""
    dotted = getattr(settings, "EGOV_OUTBOX_CHANNEL_SENDERS", {}).get(channel)
    if dotted:
        sender: ChannelSender = import_string(dotted)
        return sender
    return _SENDERS.get(channel)


def channel_send(message: OutboxMessage) -> SendResult:
    """Render the message from its stored context and hand it to its channel (registered channels
    get the row itself)."""
    if message.channel not in (OutboxMessage.Channel.EMAIL, OutboxMessage.Channel.SMS):
        sender = channel_sender_for(message.channel)
        if sender is None:
            raise TemporaryChannelError(f"no sender is registered for the channel {message.channel!r}")
        return sender(message)
    context = {"site_name": settings.EGOV_SITE_NAME, **message.context}
    rendered = message_render(channel=message.channel, template=message.template, context=context)
    if message.channel == OutboxMessage.Channel.SMS:
        return sms_send(
            recipient=message.recipient, text=rendered.sms_text, client_ref=message.idempotency_key
        )
    return email_send(
        message_id=message.pk,
        idempotency_key=message.idempotency_key,
        recipient=message.recipient,
        rendered=rendered,
    )
