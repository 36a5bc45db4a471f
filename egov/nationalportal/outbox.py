"""The outbox sender of the "dvcqg" channel (registered in NationalPortalConfig.ready()): delivers
one queued status push with the adapter and maps adapter errors to outbox errors (temporary ->
retry with the outbox backoff; permanent -> the row fails)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from egov.nationalportal import conf
from egov.nationalportal.adapters import get_adapter
from egov.nationalportal.adapters.base import AdapterError
from egov.nationalportal.models import NationalDossierLink
from egov.nationalportal.services.push import national_push_confirmed
from egov.notifications.channels import PermanentChannelError, SendResult, TemporaryChannelError

if TYPE_CHECKING:
    from egov.notifications.models import OutboxMessage


def dvcqg_send(message: OutboxMessage) -> SendResult:
    context = message.context
    remote_code, status, seq = context["remote_code"], context["status"], int(context["seq"])
    if not conf.enabled():
        raise TemporaryChannelError("the national portal sync is disabled (EGOV_DVCQG_ENABLED)")
    pushed = (
        NationalDossierLink.objects.filter(remote_code=remote_code)
        .values_list("last_pushed_seq", flat=True)
        .first()
    )
    if pushed is not None and pushed > seq:
        return SendResult(provider_message_id="superseded", provider_response={"superseded_by": pushed})
    try:
        get_adapter().push_status(
            remote_code, status, context.get("payload", {}), idempotency_key=message.idempotency_key
        )
    except AdapterError as exc:
        error = PermanentChannelError if exc.permanent else TemporaryChannelError
        raise error(str(exc), response=exc.response) from exc
    national_push_confirmed(remote_code=remote_code, status=status, seq=seq)
    return SendResult(
        provider_message_id=message.idempotency_key[:200],
        provider_response={"status_code": context.get("status_code", "")},
    )
