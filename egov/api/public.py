"""GET /api/v1/public/dossiers/<code>/status/: what anyone holding a dossier code may see (no
login, throttled per IP, applicant name masked)."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from egov.api.auth import PublicRateThrottle
from egov.api.errors import NOT_FOUND, THROTTLED, ErrorShapeMixin
from egov.dossiers.public_status import public_status


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


class PublicStatusView(ErrorShapeMixin, APIView):
    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [PublicRateThrottle]

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
        found = public_status(code=code)
        if found is None:
            raise Http404(_("No dossier with this code."))
        return Response(PublicStatusSerializer(found).data)
