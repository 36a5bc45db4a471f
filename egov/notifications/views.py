"""HTTP endpoints of the notifications app: the SMS gateway's delivery receipts."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from egov.notifications.models import OutboxMessage
from egov.notifications.receipts import (
    SIGNATURE_HEADER,
    MalformedReceipt,
    receipt_parse,
    receipt_signature_valid,
)
from egov.notifications.services import outbox_receipt_record


@csrf_exempt  # machine-to-machine: authenticated by the HMAC signature, not by a session
@require_POST
def sms_receipt(request: HttpRequest) -> JsonResponse:
    """Delivery receipt {"message_id", "status", "ts"}, signed with HMAC-SHA256 (key: the gateway
    token) in the X-Signature header. 403 bad signature, 400 malformed, 404 unknown message."""
    body = request.body
    signature = request.headers.get(SIGNATURE_HEADER, "")
    if not receipt_signature_valid(body=body, key=settings.EGOV_SMS_GATEWAY_TOKEN, signature=signature):
        return JsonResponse({"error": "invalid signature"}, status=403)
    try:
        receipt = receipt_parse(body)
    except MalformedReceipt as exc:
        return JsonResponse({"error": str(exc)}, status=400)
    try:
        changed = outbox_receipt_record(
            provider_message_id=receipt.message_id, status=receipt.status, ts=receipt.ts
        )
    except OutboxMessage.DoesNotExist:
        # The gateway retries: the receipt may have overtaken our record of the send.
        return JsonResponse({"error": "unknown message_id"}, status=404)
    return JsonResponse({"ok": True, "changed": changed})
