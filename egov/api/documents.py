"""Staff document endpoints (read only): incoming and outgoing documents and the full-text search.

Visibility is the documents app's one rule: `documents_visible_to` (incoming) and
`outgoing_visible_to` (outgoing), which also hide secret documents from everyone not involved.
A document the caller may not see is 404 (never 403), so its existence does not leak.

GET /api/v1/documents/incoming/, /incoming/<id>/, /outgoing/, /outgoing/<id>/, /search/.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from egov.api.auth import StaffAPIView
from egov.api.documents_io import (
    IncomingDetailSerializer,
    IncomingSerializer,
    OutgoingDetailSerializer,
    OutgoingSerializer,
    SearchPageSerializer,
    download_link,
    plain_text,
)
from egov.api.dossiers import parse_day
from egov.api.errors import BAD_REQUEST, FORBIDDEN, NOT_FOUND
from egov.api.procedures import ApiPagination
from egov.documents.models import DocumentKind, IncomingDocument, OutgoingDocument, OutgoingRecipient, Urgency
from egov.documents.registers_outgoing import OutgoingFilter, outgoing_get, outgoing_history, outgoing_list
from egov.documents.search import MAX_PER_PAGE, MAX_QUERY_LENGTH, document_search
from egov.documents.selectors import IncomingFilter, incoming_get, incoming_history, incoming_list

SEARCH_PER_PAGE = 20
RECIPIENTS = Prefetch("recipient_rows", queryset=OutgoingRecipient.objects.order_by("pk"))


def _day(params: Any, name: str, errors: dict[str, list[str]]) -> date | None:
    raw = params.get(name, "")
    if not raw.strip():
        return None
    day = parse_day(raw)
    if day is None:
        errors[name] = [_("Enter a date as dd/mm/yyyy or yyyy-mm-dd.")]
    return day


def _choice(params: Any, name: str, values: list[str], errors: dict[str, list[str]]) -> str:
    value = params.get(name, "").strip()
    if value and value not in values:
        errors[name] = [_("Unknown status.") if name == "status" else _("Unknown urgency.")]
    return value


def incoming_filter(params: Any) -> IncomingFilter:
    """The list filters; raises serializers.ValidationError for unreadable values."""
    errors: dict[str, list[str]] = {}
    found = IncomingFilter(
        status=_choice(params, "status", list(IncomingDocument.Status.values), errors),
        urgency=_choice(params, "urgency", list(Urgency.values), errors),
        date_from=_day(params, "received_from", errors),
        date_to=_day(params, "received_to", errors),
        query=params.get("q", "")[: MAX_QUERY_LENGTH * 2],
    )
    if errors:
        raise serializers.ValidationError(errors)
    return found


def outgoing_queryset(*, user: Any, params: Any) -> QuerySet[OutgoingDocument]:
    errors: dict[str, list[str]] = {}
    status = _choice(params, "status", list(OutgoingDocument.Status.values), errors)
    urgency = _choice(params, "urgency", list(Urgency.values), errors)
    issued_from = _day(params, "issued_from", errors)
    issued_to = _day(params, "issued_to", errors)
    if errors:
        raise serializers.ValidationError(errors)
    qs = outgoing_list(
        user=user, filters=OutgoingFilter(status=status, query=params.get("q", "")[: MAX_QUERY_LENGTH * 2])
    )
    if urgency:
        qs = qs.filter(urgency=urgency)
    if issued_from:
        qs = qs.filter(issued_date__gte=issued_from)
    if issued_to:
        qs = qs.filter(issued_date__lte=issued_to)
    return qs.prefetch_related(RECIPIENTS)


def _not_found() -> Http404:
    return Http404(_("No such document in your scope."))


PERSON = {"id": 12, "name": "Nguyễn Văn An"}
INCOMING_EXAMPLE = {
    "id": 41,
    "url": "/api/v1/documents/incoming/41/",
    "status": "assigned",
    "status_label": "Đã giao xử lý",
    "agency": "000.00.31.H59",
    "arrival_number": 125,
    "arrival_year": 2026,
    "arrival_series": "",
    "received_at": "2026-03-02T09:00:00+07:00",
    "channel": "electronic",
    "sender_name": "Bộ Nội vụ",
    "number_symbol": "123/BNV-TCBC",
    "issued_date": "2026-02-27",
    "doc_type": "cong_van",
    "doc_type_name": "Công văn",
    "abstract": "Về việc báo cáo tình hình tổ chức bộ máy năm 2026",
    "urgency": "normal",
    "urgency_label": "Thường",
    "secrecy": "normal",
    "secrecy_label": "Không mật",
    "due_date": None,
    "deadline": "2026-03-10",
    "lead_department": {"id": 3, "name": "Văn phòng"},
    "lead_user": None,
    "handler": PERSON,
}
OUTGOING_EXAMPLE = {
    "id": 7,
    "url": "/api/v1/documents/outgoing/7/",
    "status": "released",
    "status_label": "Đã phát hành",
    "agency": "000.00.31.H59",
    "drafting_department": {"id": 3, "name": "Văn phòng"},
    "number": 15,
    "symbol": "QĐ-UBND",
    "number_text": "15/QĐ-UBND",
    "issued_date": "2026-03-05",
    "doc_type": "quyet_dinh",
    "doc_type_name": "Quyết định",
    "abstract": "Về việc thành lập Tổ công tác chuyển đổi số",
    "urgency": "normal",
    "urgency_label": "Thường",
    "secrecy": "normal",
    "secrecy_label": "Không mật",
    "signer": {"id": 5, "name": "Phạm Văn Hùng"},
    "signer_name": "Phạm Văn Hùng",
    "signer_position": "Phó Chủ tịch",
    "signing_mode": "KT.",
    "created_at": "2026-03-03T10:00:00+07:00",
    "released_at": "2026-03-05T15:00:00+07:00",
    "recipients": [
        {
            "kind": "internal",
            "name": "Sở Nội vụ",
            "agency_code": "000.00.01.H59",
            "delivery": "delivered",
            "delivery_label": "Đã chuyển",
            "delivered_at": "2026-03-05T15:00:00+07:00",
        }
    ],
}
SCOPE_NOTE = (
    "Only documents of the agencies where you hold a current position; secret documents only when "
    "you are personally involved. A document outside that is 404."
)


class IncomingListView(StaffAPIView, generics.ListAPIView):
    serializer_class = IncomingSerializer
    pagination_class = ApiPagination

    def get_queryset(self) -> QuerySet[IncomingDocument]:
        return incoming_list(user=self.request.user, filters=incoming_filter(self.request.query_params))

    @extend_schema(
        tags=["documents"],
        summary="Incoming documents (văn bản đến) you may see",
        description=SCOPE_NOTE,
        parameters=[
            OpenApiParameter("status", str, enum=list(IncomingDocument.Status.values)),
            OpenApiParameter("urgency", str, enum=list(Urgency.values)),
            OpenApiParameter(
                "received_from", str, description="Arrival date, dd/mm/yyyy or yyyy-mm-dd (inclusive)"
            ),
            OpenApiParameter(
                "received_to", str, description="Arrival date, dd/mm/yyyy or yyyy-mm-dd (inclusive)"
            ),
            OpenApiParameter(
                "q", str, description="Words of the number, abstract or issuing body (accents optional)"
            ),
        ],
        responses={200: IncomingSerializer(many=True), 400: BAD_REQUEST, 401: FORBIDDEN, 403: FORBIDDEN},
        examples=[OpenApiExample("Incoming document", value=INCOMING_EXAMPLE, response_only=True)],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class IncomingDetailView(StaffAPIView):
    @extend_schema(
        tags=["documents"],
        summary="One incoming document with its direction slip and handling history",
        description=SCOPE_NOTE + " `file.download_url` is the staff download page (a logged-in session).",
        responses={200: IncomingDetailSerializer, 401: FORBIDDEN, 403: FORBIDDEN, 404: NOT_FOUND},
        examples=[
            OpenApiExample(
                "Incoming document",
                response_only=True,
                value={
                    **INCOMING_EXAMPLE,
                    "direction": {
                        "directed_by": {"id": 5, "name": "Phạm Văn Hùng"},
                        "directed_at": "2026-03-02T10:00:00+07:00",
                        "comment": "Văn phòng chủ trì tham mưu báo cáo.",
                        "deadline": "2026-03-10",
                        "lead": [
                            {"department": {"id": 3, "name": "Văn phòng"}, "user": None, "deadline": None}
                        ],
                        "coordinators": [],
                        "informed": [],
                    },
                    "directions_count": 1,
                    "assignments": [
                        {
                            "handler": PERSON,
                            "assigned_by": {"id": 8, "name": "Lê Thị Hoa"},
                            "assigned_at": "2026-03-02T14:00:00+07:00",
                            "deadline": "2026-03-09",
                            "comment": "",
                        }
                    ],
                    "updates": [],
                    "file": {
                        "name": "123-BNV-TCBC.pdf",
                        "size": 48213,
                        "content_type": "application/pdf",
                        "download_url": "/files/5b0c3c8e-4b8e-4a53-9f0e-3f1d8f7f4a10/",
                    },
                },
            )
        ],
    )
    def get(self, request: Request, pk: int) -> Response:
        document = incoming_get(user=request.user, pk=pk)
        if document is None:
            raise _not_found()
        context = {
            "history": incoming_history(document=document),
            "file": download_link(user=request.user, stored=document.file),
        }
        return Response(IncomingDetailSerializer(document, context=context).data)


class OutgoingListView(StaffAPIView, generics.ListAPIView):
    serializer_class = OutgoingSerializer
    pagination_class = ApiPagination

    def get_queryset(self) -> QuerySet[OutgoingDocument]:
        return outgoing_queryset(user=self.request.user, params=self.request.query_params)

    @extend_schema(
        tags=["documents"],
        summary="Outgoing documents (văn bản đi) you may see, with their recipients' delivery",
        description="Documents of the agencies where you hold a current position; a secret draft only "
        "for the people who draft, check, approve, sign, number or release it.",
        parameters=[
            OpenApiParameter("status", str, enum=list(OutgoingDocument.Status.values)),
            OpenApiParameter("urgency", str, enum=list(Urgency.values)),
            OpenApiParameter(
                "issued_from", str, description="Issued date, dd/mm/yyyy or yyyy-mm-dd (inclusive)"
            ),
            OpenApiParameter(
                "issued_to", str, description="Issued date, dd/mm/yyyy or yyyy-mm-dd (inclusive)"
            ),
            OpenApiParameter(
                "q", str, description="Words of the number, abstract or recipients (accents optional)"
            ),
        ],
        responses={200: OutgoingSerializer(many=True), 400: BAD_REQUEST, 401: FORBIDDEN, 403: FORBIDDEN},
        examples=[OpenApiExample("Outgoing document", value=OUTGOING_EXAMPLE, response_only=True)],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class OutgoingDetailView(StaffAPIView):
    @extend_schema(
        tags=["documents"],
        summary="One outgoing document with its recipients, review trail and files",
        description="Visibility as in the list; otherwise 404. The `download_url` of each file is the "
        "staff download page (a logged-in session).",
        responses={200: OutgoingDetailSerializer, 401: FORBIDDEN, 403: FORBIDDEN, 404: NOT_FOUND},
        examples=[
            OpenApiExample(
                "Outgoing document",
                response_only=True,
                value={
                    **OUTGOING_EXAMPLE,
                    "description": "",
                    "page_count": 2,
                    "copies": None,
                    "due_date": None,
                    "internal_recipients": "Lưu: VT",
                    "created_by": PERSON,
                    "paper_signed": False,
                    "signed_at": "2026-03-05T11:00:00+07:00",
                    "recalled_at": None,
                    "recall_reason": "",
                    "replaces_id": None,
                    "reviews": [
                        {
                            "step": "submit",
                            "step_label": "Đã trình",
                            "actor": PERSON,
                            "at": "2026-03-03T10:30:00+07:00",
                            "comment": "",
                        }
                    ],
                    "files": {"content": None, "pdf": None, "signed": None},
                },
            )
        ],
    )
    def get(self, request: Request, pk: int) -> Response:
        document = outgoing_get(user=request.user, pk=pk)
        if document is None:
            raise _not_found()
        user = request.user
        files = {
            "content": download_link(user=user, stored=document.file),
            "pdf": download_link(user=user, stored=document.pdf_file),
            "signed": download_link(user=user, stored=document.signed_file),
        }
        context = {"history": outgoing_history(document=document), "files": files}
        return Response(OutgoingDetailSerializer(document, context=context).data)


def _page_number(raw: str | None) -> int:
    if not raw:
        return 1
    try:
        number = int(raw)
    except ValueError:
        number = 0
    if number < 1:
        raise serializers.ValidationError({"page": [_("Enter a page number (1, 2, …).")]})
    return number


class DocumentSearchView(StaffAPIView):
    @extend_schema(
        tags=["documents"],
        summary="Full-text search over the documents you may see",
        description="Every word must match (accents optional); secret documents and other agencies' "
        "documents never come back. `heading` and `snippet` are plain text.",
        parameters=[
            OpenApiParameter("q", str, required=True, description="Words to look for"),
            OpenApiParameter("kind", str, enum=list(DocumentKind.values)),
            OpenApiParameter("page", int),
            OpenApiParameter("page_size", int, description=f"1–{MAX_PER_PAGE} (default {SEARCH_PER_PAGE})"),
        ],
        responses={200: SearchPageSerializer, 400: BAD_REQUEST, 401: FORBIDDEN, 403: FORBIDDEN},
        examples=[
            OpenApiExample(
                "Results",
                response_only=True,
                value={
                    "count": 1,
                    "page": 1,
                    "num_pages": 1,
                    "next": None,
                    "previous": None,
                    "results": [
                        {
                            "kind": "incoming",
                            "id": 41,
                            "heading": "123/BNV-TCBC · Công văn · Về việc báo cáo tình hình tổ chức bộ máy",
                            "snippet": "",
                            "url": "/api/v1/documents/incoming/41/",
                        }
                    ],
                },
            )
        ],
    )
    def get(self, request: Request) -> Response:
        params = request.query_params
        errors: dict[str, list[str]] = {}
        query = params.get("q", "")[: MAX_QUERY_LENGTH * 2]
        if not query.strip():
            errors["q"] = [_("Enter the words to search for.")]
        kind = params.get("kind", "").strip()
        if kind and kind not in DocumentKind.values:
            errors["kind"] = [_("Unknown document kind.")]
        if errors:
            raise serializers.ValidationError(errors)
        number = _page_number(params.get("page"))
        try:
            per_page = int(params.get("page_size") or SEARCH_PER_PAGE)
        except ValueError:
            per_page = SEARCH_PER_PAGE
        page = document_search(
            user=request.user, query=query, kind=kind or None, page=number, per_page=per_page
        )
        results = []
        for hit in page.hits:
            if hit.document is None:  # deleted between the two reads
                continue
            name = (
                "api:document-incoming-detail"
                if hit.kind == DocumentKind.INCOMING
                else "api:document-outgoing-detail"
            )
            results.append(
                {
                    "kind": hit.kind,
                    "id": hit.document.pk,
                    "heading": plain_text(hit.heading),
                    "snippet": plain_text(hit.snippet),
                    "url": reverse(name, args=[hit.document.pk]),
                }
            )
        here = request.build_absolute_uri()
        body = {
            "count": page.total,
            "page": page.number,
            "num_pages": page.num_pages,
            "next": replace_query_param(here, "page", page.number + 1) if page.has_next else None,
            "previous": None,
            "results": results,
        }
        if page.has_previous:
            previous = page.number - 1
            body["previous"] = (
                replace_query_param(here, "page", previous)
                if previous > 1
                else remove_query_param(here, "page")
            )
        return Response(SearchPageSerializer(body).data)
