"""POST /api/v1/dossiers/import/: legacy dossiers with their original codes and timestamps
(superusers, or system administrators holding the "api.import_legacy" permission)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers, status
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from egov.api.auth import CanImportLegacy, StaffWriteRateThrottle
from egov.api.errors import BAD_REQUEST, FORBIDDEN, ErrorShapeMixin
from egov.api.legacy import MAX_ROWS, LegacyDossier, dossier_import_legacy
from egov.dossiers.models import Dossier


class LegacyDossierSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=40)
    procedure_code = serializers.CharField(max_length=30)
    receiving_agency_code = serializers.CharField(max_length=30)
    competent_agency_code = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    applicant_name = serializers.CharField(max_length=200)
    applicant_kind = serializers.CharField(max_length=20, default="person")
    applicant_id_number = serializers.CharField(max_length=12, required=False, allow_blank=True, default="")
    applicant_phone = serializers.CharField(max_length=15, required=False, allow_blank=True, default="")
    applicant_address = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    channel = serializers.ChoiceField(choices=Dossier.Channel.choices, default="counter")
    status = serializers.ChoiceField(choices=Dossier.Status.choices)
    received_at = serializers.DateTimeField()
    accepted_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    due_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    resolved_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    returned_at = serializers.DateTimeField(required=False, allow_null=True, default=None)


class ImportSerializer(serializers.Serializer):
    dossiers = LegacyDossierSerializer(  # type: ignore[call-arg]
        many=True, allow_empty=False, max_length=MAX_ROWS
    )


class ImportResultSerializer(serializers.Serializer):
    imported = serializers.IntegerField()
    codes = serializers.ListField(child=serializers.CharField())


class DossierImportView(ErrorShapeMixin, APIView):
    authentication_classes = [TokenAuthentication, SessionAuthentication]
    permission_classes = [CanImportLegacy]
    throttle_classes = [StaffWriteRateThrottle]

    @extend_schema(
        tags=["dossiers"],
        summary="Import legacy dossiers (all or nothing)",
        description="Every row is validated first; on any error nothing is written and the errors are "
        'keyed "<row index>.<field>". Codes that already exist are refused.',
        request=ImportSerializer,
        responses={201: ImportResultSerializer, 400: BAD_REQUEST, 401: FORBIDDEN, 403: FORBIDDEN},
        examples=[
            OpenApiExample(
                "One legacy dossier",
                request_only=True,
                value={
                    "dossiers": [
                        {
                            "code": "H59.31-240105-0007",
                            "procedure_code": "1.001193",
                            "receiving_agency_code": "000.00.31.H59",
                            "applicant_name": "Trần Thị Bình",
                            "applicant_id_number": "001190012345",
                            "status": "returned",
                            "received_at": "2024-01-05T08:10:00+07:00",
                            "accepted_at": "2024-01-05T08:10:00+07:00",
                            "due_at": "2024-01-08T08:10:00+07:00",
                            "resolved_at": "2024-01-07T15:00:00+07:00",
                            "returned_at": "2024-01-08T09:00:00+07:00",
                        }
                    ]
                },
            ),
            OpenApiExample(
                "Imported",
                response_only=True,
                status_codes=["201"],
                value={"imported": 1, "codes": ["H59.31-240105-0007"]},
            ),
            OpenApiExample(
                "Bad row",
                response_only=True,
                status_codes=["400"],
                value={"errors": {"1.code": ["Đã có hồ sơ mang mã này."]}},
            ),
        ],
    )
    def post(self, request: Request) -> Response:
        serializer = ImportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        rows = [LegacyDossier(**row) for row in serializer.validated_data["dossiers"]]
        created = dossier_import_legacy(actor=request.user, rows=rows)
        body = {"imported": len(created), "codes": [d.code for d in created]}
        return Response(body, status=status.HTTP_201_CREATED)
