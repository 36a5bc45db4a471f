"""Public home, staff home, health probe and the Vietnamese error pages."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from egov.core.health import health_status
from egov.core.permissions import staff_required


@require_GET
def public_home(request: HttpRequest) -> HttpResponse:
    hours = ", ".join(f"{start}–{end}" for start, end in settings.EGOV_OFFICE_HOURS)
    return render(request, "core/public_home.html", {"office_hours": hours})


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    body = health_status()
    return JsonResponse(body, status=200 if body["status"] == "ok" else 503)


@require_GET
@staff_required
def staff_home(request: HttpRequest) -> HttpResponse:
    from egov.dossiers.reception_selectors import reception_summary
    from egov.org.selectors import staff_home_context

    context = staff_home_context(user=request.user)
    context["reception"] = reception_summary(user=request.user)
    return render(request, "org/staff_home.html", context)


def _error(request: HttpRequest, status: int, template: str) -> HttpResponse:
    return render(request, template, status=status)


def bad_request(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return _error(request, 400, "errors/400.html")


def permission_denied(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return _error(request, 403, "errors/403.html")


def page_not_found(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return _error(request, 404, "errors/404.html")


def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered without the request context: the failure may lie in a context processor.
    from django.template import loader

    return HttpResponse(loader.get_template("errors/500.html").render(), status=500)
