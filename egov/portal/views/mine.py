"""My dossiers and my data store (Kho dữ liệu của tôi): a citizen sees only their own records."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from egov.dossiers.selectors import dossiers_owned_by


@require_GET
@login_required
def my_dossiers(request: HttpRequest) -> HttpResponse:
    qs = dossiers_owned_by(user=request.user).select_related("procedure_version").order_by("-pk")
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    return render(request, "portal/my_dossiers.html", {"page": page, "portal_section": "mine"})


@require_GET
@login_required
def data_store(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/data_store.html", {"portal_section": "store"})
