"""Helpers shared by the staff dossier views (guards, htmx redirects)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from egov.org.models import Agency, Role
from egov.org.scoping import current_assignments

COUNTER_AGENCY_KINDS = (
    Agency.Kind.SERVICE_CENTRE,
    Agency.Kind.COMMUNE_PC,
    Agency.Kind.PROVINCE_PC,
)


def counter_agency(user: Any) -> Agency | None:
    """The one-stop unit where `user` currently works as a reception officer (one query)."""
    assignment = (
        current_assignments(user=user, roles=[Role.RECEPTION_OFFICER])
        .filter(agency__kind__in=COUNTER_AGENCY_KINDS)
        .select_related("agency")
        .order_by("pk")
        .first()
    )
    return assignment.agency if assignment is not None else None


def counter_agency_or_403(user: Any) -> Agency:
    agency = counter_agency(user)
    if agency is None:
        raise PermissionDenied
    return agency


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def redirect_hx(request: HttpRequest, url: str) -> HttpResponse:
    """A redirect that also works for htmx requests (full page navigation)."""
    if is_htmx(request):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)
