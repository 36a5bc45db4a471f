"""GET /api/v1/procedures/ and /api/v1/procedures/<code>/ (staff only): the catalogue as read by
egov.catalog.selectors."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response

from egov.api.auth import StaffAPIView
from egov.api.errors import FORBIDDEN, NOT_FOUND
from egov.catalog.models import Procedure
from egov.catalog.selectors import fees_total, procedure_filter, version_in_force_detail


class ApiPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class ProcedureSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    field = serializers.CharField(  # type: ignore[assignment]
        source="field.code", allow_null=True, default=None
    )
    field_label = serializers.CharField(source="field.name", allow_null=True, default=None)
    level = serializers.CharField()


class ProcedureComponentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    order = serializers.IntegerField()
    name = serializers.CharField()
    form = serializers.CharField()
    copies = serializers.IntegerField()
    mandatory = serializers.BooleanField()


class FeeSerializer(serializers.Serializer):
    kind = serializers.CharField()
    name = serializers.CharField()
    amount = serializers.DecimalField(max_digits=14, decimal_places=0)
    note = serializers.CharField()


class VersionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.IntegerField()
    name = serializers.CharField()
    valid_from = serializers.DateField()
    valid_to = serializers.DateField(allow_null=True)
    deadline_hours = serializers.DecimalField(max_digits=8, decimal_places=2)
    same_day = serializers.BooleanField()
    online_level = serializers.CharField()
    legal_basis = serializers.CharField()
    components = ProcedureComponentSerializer(many=True, source="components.all")
    fees = FeeSerializer(many=True, source="fees.all")
    fees_total = serializers.SerializerMethodField()
    implementing_agencies = serializers.SerializerMethodField()

    def get_fees_total(self, obj: Any) -> str:
        return str(fees_total(obj))

    def get_implementing_agencies(self, obj: Any) -> list[str]:
        return [a.agency_code for a in obj.implementing_agencies.all()]


class ProcedureDetailSerializer(ProcedureSerializer):
    version = VersionSerializer()


PROCEDURE_EXAMPLE = {
    "code": "1.001193",
    "name": "Đăng ký khai sinh",
    "field": "HT",
    "field_label": "Hộ tịch",
    "level": "commune",
}


@extend_schema(
    tags=["procedures"],
    summary="List procedures (staff)",
    description='Staff only. `q` is accent-insensitive ("dang ky khai sinh" finds "Đăng ký khai sinh").',
    parameters=[
        OpenApiParameter("q", str, description="Words of the code or name, accents optional"),
        OpenApiParameter("field", str, description="Field (lĩnh vực) code"),
        OpenApiParameter("level", str, enum=list(Procedure.Level.values)),
    ],
    responses={200: ProcedureSerializer(many=True), 401: FORBIDDEN, 403: FORBIDDEN},
    examples=[OpenApiExample("Procedure", value=PROCEDURE_EXAMPLE, response_only=True)],
)
class ProcedureListView(StaffAPIView, generics.ListAPIView):
    serializer_class = ProcedureSerializer
    pagination_class = ApiPagination

    def get_queryset(self) -> QuerySet[Procedure]:
        params = self.request.query_params
        return procedure_filter(
            query=params.get("q", ""), field_code=params.get("field", ""), level=params.get("level", "")
        )


class ProcedureDetailView(StaffAPIView):
    @extend_schema(
        tags=["procedures"],
        summary="The version in force of a procedure (staff)",
        responses={200: ProcedureDetailSerializer, 401: FORBIDDEN, 403: FORBIDDEN, 404: NOT_FOUND},
        examples=[
            OpenApiExample(
                "Procedure in force",
                response_only=True,
                value={
                    **PROCEDURE_EXAMPLE,
                    "version": {
                        "id": 12,
                        "number": 2,
                        "name": "Đăng ký khai sinh",
                        "valid_from": "2025-07-01",
                        "valid_to": None,
                        "deadline_hours": "8.00",
                        "same_day": True,
                        "online_level": "full",
                        "legal_basis": "Luật Hộ tịch 2014",
                        "components": [
                            {
                                "id": 1,
                                "order": 0,
                                "name": "Tờ khai",
                                "form": "original",
                                "copies": 1,
                                "mandatory": True,
                            }
                        ],
                        "fees": [{"kind": "fee", "name": "Lệ phí", "amount": "0", "note": ""}],
                        "fees_total": "0",
                        "implementing_agencies": ["000.00.31.H59"],
                    },
                },
            )
        ],
    )
    def get(self, request: Request, code: str) -> Response:
        try:
            procedure, version = version_in_force_detail(code=code)
        except Procedure.DoesNotExist as exc:
            raise Http404(_("This procedure does not exist.")) from exc
        if version is None:
            raise Http404(_("This procedure has no version in force."))
        procedure.version = version  # type: ignore[attr-defined]
        return Response(ProcedureDetailSerializer(procedure).data)
