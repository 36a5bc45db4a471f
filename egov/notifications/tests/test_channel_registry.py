"""Channels registered by other apps: channel_send hands their rows to the registered sender."""

from __future__ import annotations

from typing import Any

import pytest

from egov.notifications import channels
from egov.notifications.channels import (
    SendResult,
    TemporaryChannelError,
    channel_send,
    channel_sender_for,
    channel_sender_register,
)
from egov.notifications.models import OutboxMessage

pytestmark = pytest.mark.django_db


def fake_sender(message: OutboxMessage) -> SendResult:
    return SendResult(provider_message_id=f"fake-{message.recipient}")


def _row() -> OutboxMessage:
    return OutboxMessage.objects.create(
        channel="dvcqg", recipient="R-1", template="dvcqg_status", context={}, idempotency_key="reg-1"
    )


def test_dvcqg_is_a_valid_channel() -> None:
    assert "dvcqg" in OutboxMessage.Channel.values
    assert _row().pk is not None  # the check constraint accepts it


def test_registered_sender_gets_the_row(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(channels, "_SENDERS", {})
    channel_sender_register("dvcqg", fake_sender)
    assert channel_send(_row()).provider_message_id == "fake-R-1"


def test_unregistered_channel_is_a_temporary_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(channels, "_SENDERS", {})
    with pytest.raises(TemporaryChannelError, match="no sender"):
        channel_send(_row())


def test_setting_overrides_the_registry(monkeypatch: pytest.MonkeyPatch, settings: Any) -> None:
    monkeypatch.setattr(channels, "_SENDERS", {})
    settings.EGOV_OUTBOX_CHANNEL_SENDERS = {"dvcqg": f"{__name__}.fake_sender"}
    assert channel_sender_for("dvcqg") is fake_sender


def test_unknown_channel_cannot_be_registered() -> None:
    with pytest.raises(ValueError, match="unknown outbox channel"):
        channel_sender_register("fax", fake_sender)


def test_the_national_portal_app_registered_its_sender() -> None:
    sender = channel_sender_for("dvcqg")
    assert sender is not None and sender.__module__ == "egov.nationalportal.outbox"
