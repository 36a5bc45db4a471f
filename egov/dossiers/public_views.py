"""Public dossier tracking (no login): look a dossier up by its code, or open it from the QR code
printed on the forms. Rate-limited per client IP (setting EGOV_RATELIMIT_TRACKING, e.g. '30/m')."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from egov.core.ratelimit import ratelimit
from egov.dossiers.public_status import CODE_MAX_LENGTH, normalise_code, public_status

RATE_SETTING = "EGOV_RATELIMIT_TRACKING"
RATE_TEMPLATE = "dossiers/public/ratelimited.html"


def _status_page(request: HttpRequest, code: str) -> HttpResponse:
    found = public_status(code=code)
    context = {"code": normalise_code(code), "result": found, "code_max": CODE_MAX_LENGTH}
    if found is None:
        return render(request, "dossiers/public/not_found.html", context, status=404)
    return render(request, "dossiers/public/status.html", context)


@require_safe
@ratelimit("tracking", 30, 60, setting=RATE_SETTING, template=RATE_TEMPLATE)
def lookup(request: HttpRequest) -> HttpResponse:
    code = request.GET.get("ma", "").strip()
    if code:
        return _status_page(request, code)
    return render(request, "dossiers/public/lookup.html", {"code_max": CODE_MAX_LENGTH})


@require_safe
@ratelimit("tracking", 30, 60, setting=RATE_SETTING, template=RATE_TEMPLATE)
def status(request: HttpRequest, code: str) -> HttpResponse:
    normalised = normalise_code(code)
    if normalised != code and normalised:
        return redirect("tracking:status", code=normalised)
    return _status_page(request, code)
