"""Staff catalogue pages: a searchable, filterable list and a procedure's version in force."""

from __future__ import annotations

from decimal import Decimal

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from egov.catalog.models import Procedure
from egov.catalog.selectors import fees_total, fields_all, procedure_filter, version_in_force_detail
from egov.core.permissions import staff_required

PAGE_SIZE = 25


@staff_required
def procedure_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    field_code = request.GET.get("field", "")
    level = request.GET.get("level", "")
    if level not in Procedure.Level.values:
        level = ""
    procedures = procedure_filter(query=query, field_code=field_code, level=level)
    page = Paginator(procedures, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "page": page,
        "query": query,
        "field_code": field_code,
        "level": level,
        "fields": fields_all(),
        "levels": Procedure.Level.choices,
        "querystring": params.urlencode(),
    }
    template = "catalog/_results.html" if request.headers.get("HX-Request") else "catalog/list.html"
    return render(request, template, context)


@staff_required
def procedure_detail(request: HttpRequest, code: str) -> HttpResponse:
    try:
        procedure, version = version_in_force_detail(code=code)
    except Procedure.DoesNotExist:
        raise Http404 from None
    days = hours = None
    if version is not None and not version.same_day:
        whole, hours = divmod(version.deadline_hours, Decimal(8))
        days = int(whole)
    return render(
        request,
        "catalog/detail.html",
        {
            "procedure": procedure,
            "version": version,
            "deadline_days": days,
            "deadline_rest_hours": hours,
            "fees_total": fees_total(version) if version is not None else None,
        },
    )
