"""Incoming register page (filters, 20 per page), overdue list and register exports."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from egov.core.permissions import staff_required
from egov.documents.forms import IncomingFilterForm
from egov.documents.models import IncomingDocument
from egov.documents.registers import REGISTERS, register_pdf, register_xlsx, with_register_data
from egov.documents.selectors import IncomingFilter, incoming_list, overdue_list, registering_agencies
from egov.org.models import Agency
from egov.org.scoping import current_assignments

PER_PAGE = 20
EXPORT_MAX = 5000


def _filters(request: HttpRequest) -> tuple[IncomingFilterForm, IncomingFilter]:
    form = IncomingFilterForm(request.GET or None)
    data: dict[str, Any] = form.cleaned_data if form.is_bound and form.is_valid() else {}
    return form, IncomingFilter(
        date_from=data.get("date_from"),
        date_to=data.get("date_to"),
        status=data.get("status") or "",
        urgency=data.get("urgency") or "",
        query=data.get("q") or "",
    )


def _query(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@require_GET
@staff_required
def incoming_list_view(request: HttpRequest) -> HttpResponse:
    form, filters = _filters(request)
    page = Paginator(incoming_list(user=request.user, filters=filters), PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "form": form,
        "page": page,
        "rows": list(page.object_list),
        "query": _query(request),
        "can_register": registering_agencies(user=request.user).exists(),
    }
    return render(request, "documents/incoming_list.html", context)


@require_GET
@staff_required
def overdue_view(request: HttpRequest) -> HttpResponse:
    rows = list(overdue_list(user=request.user)[:500])
    groups: dict[str, list[IncomingDocument]] = {}
    for d in rows:
        unit = d.lead_department.name if d.lead_department else (_("Assigned to a person"))
        groups.setdefault(str(unit), []).append(d)
    return render(request, "documents/overdue.html", {"groups": groups, "total": len(rows)})


def _export_agency(request: HttpRequest) -> Agency | None:
    ids = current_assignments(user=request.user).values("agency_id")
    return Agency.objects.filter(pk__in=ids).select_related("parent").order_by("pk").first()


@require_GET
@staff_required
def register_export(request: HttpRequest, register: str, fmt: str) -> HttpResponse:
    if register not in REGISTERS or fmt not in ("xlsx", "pdf"):
        raise Http404
    _form, filters = _filters(request)
    documents = list(with_register_data(incoming_list(user=request.user, filters=filters))[:EXPORT_MAX])
    documents.sort(key=lambda d: (d.arrival_year, d.arrival_series, d.arrival_number or 0))
    agency = _export_agency(request)
    period = ""
    if filters.date_from or filters.date_to:
        start = filters.date_from.strftime("%d/%m/%Y") if filters.date_from else "…"
        end = filters.date_to.strftime("%d/%m/%Y") if filters.date_to else "…"
        period = f"Từ ngày {start} đến ngày {end}"
    name = f"{register}-register"
    if fmt == "xlsx":
        body = register_xlsx(
            key=register, agency_name=agency.name if agency else "", period=period, documents=documents
        )
        response = HttpResponse(
            body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
    else:
        body = register_pdf(key=register, agency=agency, period=period, documents=documents)
        response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
