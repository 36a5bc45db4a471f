"""The public kiosk (/kiosk/): procedure lookup and dossier status, for the touch screen in the
one-stop hall. Public, GET only, rate-limited per client IP (setting EGOV_RATELIMIT_KIOSK)."""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_safe

from egov.catalog.models import Procedure
from egov.catalog.selectors import fees_total, procedure_search, version_in_force_detail
from egov.core.ratelimit import ratelimit
from egov.dossiers.public_status import CODE_MAX_LENGTH, normalise_code

RATE_SETTING = "EGOV_RATELIMIT_KIOSK"
QUERY_MAX_LENGTH = 100


@require_safe
@ratelimit("kiosk", 60, 60, setting=RATE_SETTING)
def home(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:QUERY_MAX_LENGTH]
    results = procedure_search(query=query, limit=20) if query else []
    context = {"query": query, "results": results, "code_max": CODE_MAX_LENGTH}
    return render(request, "reports/kiosk/home.html", context)


@require_safe
@ratelimit("kiosk", 60, 60, setting=RATE_SETTING)
def track(request: HttpRequest) -> HttpResponse:
    """The status box: send the visitor to the public tracking page of the code they typed."""
    code = normalise_code(request.GET.get("ma", ""))
    if not code:
        return redirect("kiosk:home")
    try:
        return redirect(reverse("tracking:status", kwargs={"code": code}))
    except NoReverseMatch:  # a character the path cannot carry: let the lookup page answer
        return redirect(f"{reverse('tracking:lookup')}?{urlencode({'ma': code})}")


@require_safe
@ratelimit("kiosk", 60, 60, setting=RATE_SETTING)
def procedure(request: HttpRequest, code: str) -> HttpResponse:
    try:
        proc, version = version_in_force_detail(code=code)
    except Procedure.DoesNotExist:
        raise Http404 from None
    days = hours = None
    if version is not None and not version.same_day:
        whole, hours = divmod(version.deadline_hours, Decimal(8))
        days = int(whole)
    context = {
        "procedure": proc,
        "version": version,
        "deadline_days": days,
        "deadline_rest_hours": hours,
        "fees_total": fees_total(version) if version is not None else None,
        "code_max": CODE_MAX_LENGTH,
    }
    return render(request, "reports/kiosk/procedure.html", context)
