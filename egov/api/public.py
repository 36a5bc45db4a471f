"""GET /api/v1/public/dossiers/<code>/status/: what anyone holding a dossier code may see (no
login, throttled per IP, applicant name masked).

GET and HEAD take a fast path that skips DRF's request wrapping, content negotiation, serializers and
throttle classes (they cost more than the look-up itself): the per-IP limit is
``egov.core.ratelimit`` (one cache ``incr``) at the rate in the setting EGOV_RATELIMIT_PUBLIC_API
(default ``PublicRateThrottle.rate``, "60/min"), and the body is built by hand in the same shape and
JSON encoding as the serializer below, which stays the documented schema. Other methods go through
DRF as before (OPTIONS, and 405 for the rest)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from egov.api.auth import PublicRateThrottle
from egov.api.errors import NOT_FOUND, THROTTLED, ErrorShapeMixin
from egov.core.ratelimit import client_ip, parse_rate, rate_limit
from egov.dossiers.public_status import PublicStatus, public_status

RATE_SETTING = "EGOV_RATELIMIT_PUBLIC_API"
FAST_METHODS = frozenset({"GET", "HEAD"})


class PublicStepSerializer(serializers.Serializer):
    name = serializers.CharField()
    at = serializers.DateTimeField()


class PublicStatusSerializer(serializers.Serializer):
    code = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField()
    procedure_name = serializers.CharField()
    applicant = serializers.CharField(source="applicant_masked")
    received_at = serializers.DateTimeField(allow_null=True)
    due_at = serializers.DateTimeField(allow_null=True)
    resolved_at = serializers.DateTimeField(allow_null=True)
    returned_at = serializers.DateTimeField(allow_null=True)
    steps = PublicStepSerializer(many=True)


def public_api_rate() -> tuple[int, int]:
    """(hits, seconds) per client IP: the setting EGOV_RATELIMIT_PUBLIC_API, e.g. '60/m'."""
    return parse_rate(getattr(settings, RATE_SETTING, None) or PublicRateThrottle.rate or "60/min")


def _when(value: datetime | None) -> str | None:
    """As DRF's DateTimeField: local time (Asia/Ho_Chi_Minh), ISO 8601, 'Z' for UTC."""
    if value is None:
        return None
    text = timezone.localtime(value).isoformat() if timezone.is_aware(value) else value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def status_payload(found: PublicStatus) -> dict[str, Any]:
    """The PublicStatusSerializer shape, built without the serializer."""
    return {
        "code": found.code,
        "status": found.status,
        "status_label": found.status_label,
        "procedure_name": found.procedure_name,
        "applicant": found.applicant_masked,
        "received_at": _when(found.received_at),
        "due_at": _when(found.due_at),
        "resolved_at": _when(found.resolved_at),
        "returned_at": _when(found.returned_at),
        "steps": [{"name": step.name, "at": _when(step.at)} for step in found.steps],
    }


def _json(data: dict[str, Any], *, status: int = 200) -> HttpResponse:
    # DRF's JSONRenderer encoding: UTF-8, compact, not ASCII-escaped.
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    response = HttpResponse(body, status=status, content_type="application/json")
    response["Vary"] = "Accept"
    return response


def public_status_response(request: HttpRequest, code: str) -> HttpResponse:
    hits, seconds = public_api_rate()
    if not rate_limit(f"public_api:{client_ip(request)}", hits, seconds):
        response = _json({"detail": str(exceptions.Throttled(wait=seconds).detail)}, status=429)
        response["Retry-After"] = str(seconds)
        return response
    found = public_status(code=code)
    if found is None:
        return _json({"detail": _("No dossier with this code.")}, status=404)
    return _json(status_payload(found))


class PublicStatusView(ErrorShapeMixin, APIView):
    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [PublicRateThrottle]

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.method in FAST_METHODS:
            return public_status_response(request, str(kwargs["code"]))
        return super().dispatch(request, *args, **kwargs)

    @extend_schema(
        tags=["public"],
        summary="Status of a dossier by its code (no login)",
        auth=[],
        responses={200: PublicStatusSerializer, 404: NOT_FOUND, 429: THROTTLED},
        examples=[
            OpenApiExample(
                "Being processed",
                response_only=True,
                value={
                    "code": "000.00.31.H59-251120-0001",
                    "status": "processing",
                    "status_label": "Đang giải quyết",
                    "procedure_name": "Đăng ký khai sinh",
                    "applicant": "Nguyễn V** A**",
                    "received_at": "2025-11-20T08:30:00+07:00",
                    "due_at": "2025-11-21T08:30:00+07:00",
                    "resolved_at": None,
                    "returned_at": None,
                    "steps": [{"name": "Thẩm định", "at": "2025-11-20T09:00:00+07:00"}],
                },
            )
        ],
    )
    def get(self, request: Request, code: str) -> Response:
        """The documented (and reference) path; dispatch() answers GET/HEAD without DRF."""
        found = public_status(code=code)
        if found is None:
            raise Http404(_("No dossier with this code."))
        return Response(PublicStatusSerializer(found).data)
