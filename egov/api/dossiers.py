"""Staff dossier endpoints, scoped with egov.org.scoping: a dossier outside the caller's scope is
404 (never 403), so its existence does not leak.

POST/GET /api/v1/dossiers/, GET /api/v1/dossiers/<code>/, POST /api/v1/dossiers/<code>/actions/.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from egov.api.auth import StaffAPIView, StaffRateThrottle, StaffWriteRateThrottle
from egov.api.dossier_io import (
    ActionSerializer,
    DossierSerializer,
    IntakeSerializer,
    intake_data,
)
from egov.api.errors import BAD_REQUEST, CONFLICT, FORBIDDEN, NOT_FOUND, error_response
from egov.api.procedures import ApiPagination
from egov.core.text import fold
from egov.dossiers.models import Dossier
from egov.dossiers.selectors import dossier_for_staff, dossiers_visible_to, open_tasks_for
from egov.dossiers.services import (
    DossierConflict,
    dossier_receive,
    dossier_return,
    task_claim,
    task_transition,
)
from egov.org.models import Agency, Role
from egov.org.scoping import current_assignments

INTAKE_ROLES = (Role.RECEPTION_OFFICER.value, Role.CLERK.value)
LIST_RELATED = ("procedure_version__procedure", "receiving_agency", "competent_agency")


def parse_day(raw: str) -> date | None:
    """dd/mm/yyyy or ISO (yyyy-mm-dd, or a full ISO datetime); None when unreadable."""
    raw = raw.strip()
    try:
        if "/" in raw:
            return datetime.strptime(raw, "%d/%m/%Y").date()  # noqa: DTZ007 - a date only
        return parse_date(raw[:10]) if len(raw) >= 10 else None
    except ValueError:
        return None


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _moment(raw: str) -> datetime | None:
    try:
        moment = parse_datetime(raw.strip())
    except ValueError:
        moment = None
    if moment is not None:
        return moment if timezone.is_aware(moment) else timezone.make_aware(moment)
    day = parse_day(raw)
    return _day_start(day) if day else None


def filter_dossiers(qs: QuerySet[Dossier], params: Any) -> QuerySet[Dossier]:
    """Apply the list filters; raises serializers.ValidationError for unreadable values."""
    errors: dict[str, list[str]] = {}
    if status_ := params.get("status"):
        if status_ not in Dossier.Status.values:
            errors["status"] = [_("Unknown status.")]
        qs = qs.filter(status=status_)
    if procedure := params.get("procedure"):
        qs = qs.filter(procedure_version__procedure__code=procedure.strip())
    for name, lookup, end_of_day in (
        ("received_from", "received_at__gte", False),
        ("received_to", "received_at__lt", True),
    ):
        if raw := params.get(name):
            day = parse_day(raw)
            if day is None:
                errors[name] = [_("Enter a date as dd/mm/yyyy or yyyy-mm-dd.")]
                continue
            bound = _day_start(day + timedelta(days=1) if end_of_day else day)
            qs = qs.filter(**{lookup: bound})
    if raw := params.get("due_before"):
        moment = _moment(raw)
        if moment is None:
            errors["due_before"] = [_("Enter a date as dd/mm/yyyy or yyyy-mm-dd.")]
        else:
            qs = qs.filter(due_at__lt=moment)
    if query := params.get("q", "").strip():
        words = fold(query).split()
        text = Q()
        for word in words:
            text &= Q(search_text__contains=word)
        qs = qs.filter(Q(code__icontains=query) | text)
    if errors:
        raise serializers.ValidationError(errors)
    return qs


def get_dossier(*, user: Any, code: str) -> Dossier:
    dossier = dossier_for_staff(user=user, code=code)
    if dossier is None:
        raise Http404(_("No dossier with this code in your scope."))
    return dossier


def receiving_agency_for(*, user: Any, agency_id: int | None) -> Agency:
    """The caller's reception agency: the one asked for (they must hold a reception role there),
    or their first current reception assignment."""
    assignments = current_assignments(user=user, roles=INTAKE_ROLES).select_related("agency")
    if agency_id is not None:
        assignment = assignments.filter(agency_id=agency_id).order_by("pk").first()
        if assignment is not None:
            return assignment.agency
        agency = Agency.objects.filter(pk=agency_id).first() if user.is_superuser else None
        if agency is not None:
            return agency
        raise serializers.ValidationError(
            {"receiving_agency_id": [_("You do not hold a reception role at this agency.")]}
        )
    assignment = assignments.order_by("pk").first()
    if assignment is None:
        raise serializers.ValidationError(
            {"receiving_agency_id": [_("You hold no reception role; choose a receiving agency.")]}
        )
    return assignment.agency


LIST_PARAMETERS = [
    OpenApiParameter("status", str, enum=list(Dossier.Status.values)),
    OpenApiParameter("procedure", str, description="Procedure code"),
    OpenApiParameter("received_from", str, description="dd/mm/yyyy or yyyy-mm-dd (inclusive)"),
    OpenApiParameter("received_to", str, description="dd/mm/yyyy or yyyy-mm-dd (inclusive)"),
    OpenApiParameter("due_before", str, description="Date or ISO datetime"),
    OpenApiParameter("q", str, description="Dossier code, applicant name or ID number (accents optional)"),
]
DOSSIER_EXAMPLE = OpenApiExample(
    "Dossier",
    response_only=True,
    value={
        "code": "000.00.31.H59-251120-0001",
        "status": "processing",
        "status_label": "Đang xử lý",
        "channel": "counter",
        "procedure_code": "1.001193",
        "procedure_name": "Đăng ký khai sinh",
        "procedure_version_id": 12,
        "receiving_agency": "000.00.31.H59",
        "competent_agency": "000.00.31.H59",
        "applicant_name": "Nguyễn Văn An",
        "applicant_kind": "person",
        "received_at": "2025-11-20T08:30:00+07:00",
        "accepted_at": "2025-11-20T08:30:00+07:00",
        "due_at": "2025-11-21T08:30:00+07:00",
        "resolved_at": None,
        "returned_at": None,
    },
)


class DossierListView(StaffAPIView, generics.ListAPIView):
    serializer_class = DossierSerializer
    pagination_class = ApiPagination

    def get_throttles(self) -> list[Any]:
        classes = [StaffWriteRateThrottle] if self.request.method == "POST" else [StaffRateThrottle]
        return [c() for c in classes]

    def get_queryset(self) -> QuerySet[Dossier]:
        qs = dossiers_visible_to(user=self.request.user).select_related(*LIST_RELATED)
        return filter_dossiers(qs, self.request.query_params).order_by("-received_at", "-pk")

    @extend_schema(
        tags=["dossiers"],
        summary="Dossiers in your scope",
        parameters=LIST_PARAMETERS,
        responses={200: DossierSerializer(many=True), 400: BAD_REQUEST, 401: FORBIDDEN, 403: FORBIDDEN},
        examples=[DOSSIER_EXAMPLE],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        tags=["dossiers"],
        summary="Receive a dossier at the counter",
        description="The receiving agency is `receiving_agency_id` (you must hold a reception role "
        "there) or your current reception assignment. Nothing is written when validation fails.",
        request=IntakeSerializer,
        responses={201: DossierSerializer, 400: BAD_REQUEST, 401: FORBIDDEN, 403: FORBIDDEN},
        examples=[
            OpenApiExample(
                "Counter intake",
                request_only=True,
                value={
                    "procedure_version_id": 12,
                    "applicant": {
                        "name": "Nguyễn Văn An",
                        "id_number": "001090012345",
                        "phone": "0912345678",
                    },
                    "components": [{"name": "Tờ khai", "procedure_component_id": 1}],
                },
            ),
            DOSSIER_EXAMPLE,
        ],
    )
    def post(self, request: Request) -> Response:
        serializer = IntakeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = serializer.validated_data
        agency = receiving_agency_for(user=request.user, agency_id=values.get("receiving_agency_id"))
        dossier = dossier_receive(actor=request.user, receiving_agency=agency, data=intake_data(values))
        dossier = get_dossier(user=request.user, code=dossier.code)
        return Response(DossierSerializer(dossier).data, status=status.HTTP_201_CREATED)


class DossierDetailView(StaffAPIView):
    @extend_schema(
        tags=["dossiers"],
        summary="One dossier in your scope",
        responses={200: DossierSerializer, 401: FORBIDDEN, 403: FORBIDDEN, 404: NOT_FOUND},
        examples=[DOSSIER_EXAMPLE],
    )
    def get(self, request: Request, code: str) -> Response:
        return Response(DossierSerializer(get_dossier(user=request.user, code=code)).data)


def _task_id(*, user: Any, dossier: Dossier, wanted: int | None) -> int:
    """The task to act on: the one named (it must belong to the dossier), or the open task the
    caller may act on."""
    if wanted is not None:
        if not dossier.tasks.filter(pk=wanted).exists():
            raise serializers.ValidationError({"task_id": [_("This task does not belong to the dossier.")]})
        return wanted
    task_id = (
        open_tasks_for(user=user).filter(dossier=dossier).order_by("pk").values_list("pk", flat=True).first()
    )
    if task_id is None:
        raise DossierConflict(_("This dossier has no open task you can act on."), code="conflict")
    return task_id


class DossierActionView(StaffAPIView):
    throttle_classes = [StaffWriteRateThrottle]

    @extend_schema(
        tags=["dossiers"],
        summary="Act on a dossier: claim its task, move it along a transition, or return the result",
        request=ActionSerializer,
        responses={
            200: DossierSerializer,
            400: BAD_REQUEST,
            401: FORBIDDEN,
            403: FORBIDDEN,
            404: NOT_FOUND,
            409: CONFLICT,
        },
        examples=[
            OpenApiExample("Claim", request_only=True, value={"action": "claim"}),
            OpenApiExample(
                "Transition",
                request_only=True,
                value={"action": "transition", "transition": "trinh_ky", "comment": "Đủ điều kiện"},
            ),
            OpenApiExample(
                "Return",
                request_only=True,
                value={"action": "return", "method": "counter", "receiver_name": "Nguyễn Văn An"},
            ),
            DOSSIER_EXAMPLE,
        ],
    )
    def post(self, request: Request, code: str) -> Response:
        dossier = get_dossier(user=request.user, code=code)
        serializer = ActionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = serializer.validated_data
        action = values["action"]
        if action == "return":
            dossier_return(
                actor=request.user,
                dossier=dossier,
                method=values.get("method", ""),
                receiver_name=values.get("receiver_name", ""),
                receiver_id_number=values.get("receiver_id_number", ""),
                tracking_number=values.get("tracking_number", ""),
            )
        else:
            task_id = _task_id(user=request.user, dossier=dossier, wanted=values.get("task_id"))
            if action == "claim":
                task_claim(actor=request.user, task_id=task_id)
            else:
                if not values.get("transition"):
                    return error_response({"transition": [_("Choose the transition to apply.")]})
                task_transition(
                    actor=request.user,
                    task_id=task_id,
                    transition_code=values["transition"],
                    comment=values.get("comment", ""),
                )
        return Response(DossierSerializer(get_dossier(user=request.user, code=code)).data)
