"""The public procedure catalogue (anonymous allowed): browse and search, a procedure's page, and the
download of its blank forms."""

from __future__ import annotations

import logging
import uuid
from typing import Any

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_safe

from egov.catalog.models import Procedure, ProcedureVersion
from egov.catalog.search import MAX_QUERY_LENGTH
from egov.catalog.selectors import (
    blank_form_public,
    catalog_public_agencies,
    catalog_public_search,
    fields_all,
)
from egov.core.files.selectors import file_open
from egov.core.files.views import content_disposition
from egov.portal.selectors_catalog import catalog_cards, procedure_page

logger = logging.getLogger(__name__)

PAGE_SIZE = 20


def _filters(params: QueryDict) -> dict[str, Any]:
    """The catalogue's filters from GET; unknown values are ignored, the query is capped."""
    agency = params.get("agency", "")
    online = params.get("online", "")
    level = params.get("level", "")
    return {
        "query": params.get("q", "")[:MAX_QUERY_LENGTH].strip(),
        "field_code": params.get("field", "")[:30],
        "agency_id": int(agency) if agency.isdigit() and len(agency) < 10 else None,
        "online_level": online if online in ProcedureVersion.OnlineLevel.values else "",
        "level": level if level in Procedure.Level.values else "",
    }


def _results_context(request: HttpRequest) -> dict[str, Any]:
    filters = _filters(request.GET)
    page = Paginator(catalog_public_search(**filters), PAGE_SIZE).get_page(request.GET.get("page"))
    params = QueryDict(mutable=True)
    for key, value in (
        ("q", filters["query"]),
        ("field", filters["field_code"]),
        ("agency", filters["agency_id"] or ""),
        ("online", filters["online_level"]),
        ("level", filters["level"]),
    ):
        if value:
            params[key] = str(value)
    return {
        "page": page,
        "cards": catalog_cards(page.object_list),
        "filters": filters,
        "querystring": params.urlencode(),
        "portal_section": "catalog",
    }


@require_GET
def catalog(request: HttpRequest) -> HttpResponse:
    context = _results_context(request)
    context.update(
        fields=fields_all(),
        agencies=catalog_public_agencies(),
        online_levels=ProcedureVersion.OnlineLevel.choices,
        levels=Procedure.Level.choices,
    )
    return render(request, "portal/catalog/index.html", context)


@require_GET
def catalog_results(request: HttpRequest) -> HttpResponse:
    """The results part of the catalogue, for search-as-you-type (htmx). The browser's address bar
    shows the full page's URL, so reloading or sharing it works without JavaScript."""
    context = _results_context(request)
    response = render(request, "portal/catalog/_results.html", context)
    if request.headers.get("HX-Request"):
        query = context["querystring"]
        response["HX-Push-Url"] = reverse("portal:catalog") + (f"?{query}" if query else "")
    return response


@require_GET
def procedure(request: HttpRequest, code: str) -> HttpResponse:
    try:
        found = procedure_page(code=code)
    except Procedure.DoesNotExist:
        raise Http404 from None
    return render(
        request,
        "portal/catalog/procedure.html",
        {"page": found, "procedure": found.procedure, "version": found.version, "portal_section": "catalog"},
    )


@require_safe
def blank_form(request: HttpRequest, file_id: uuid.UUID) -> HttpResponseBase:
    """A blank form of a published procedure version, for anyone (same safe headers as core.files)."""
    stored = blank_form_public(file_id=file_id)
    if stored is None:
        raise Http404
    try:
        stream = file_open(stored)
    except FileNotFoundError:
        logger.error("Stored file %s has a row but no bytes on disk", stored.pk)
        raise Http404 from None
    response = FileResponse(stream, content_type=stored.content_type)
    response["Content-Disposition"] = content_disposition(stored.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=3600"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
