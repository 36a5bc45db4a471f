"""Document search page: full text over the documents the user may see (egov.documents.search)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from egov.core.permissions import staff_required
from egov.documents.models import DocumentKind
from egov.documents.search import MAX_QUERY_LENGTH, document_search

PER_PAGE = 20


@require_GET
@staff_required
def document_search_view(request: HttpRequest) -> HttpResponse:
    query = (request.GET.get("q") or "")[: MAX_QUERY_LENGTH * 2]
    kind = request.GET.get("kind") or ""
    if kind not in DocumentKind.values:
        kind = ""
    try:
        number = int(request.GET.get("page") or 1)
    except ValueError:
        number = 1
    page = document_search(user=request.user, query=query, kind=kind or None, page=number, per_page=PER_PAGE)
    context = {
        "q": query,
        "kind": kind,
        "kinds": DocumentKind.choices,
        "page": page,
        "searched": bool(query.strip()),
        "max_length": MAX_QUERY_LENGTH,
        "query": urlencode({"q": query, "kind": kind}),
    }
    return render(request, "documents/search.html", context)
