"""The office dashboard page (clerks, leaders and department heads of the agency)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from egov.core.permissions import staff_required
from egov.documents.dashboard import dashboard_agencies, office_dashboard


@require_GET
@staff_required
def office_dashboard_view(request: HttpRequest) -> HttpResponse:
    agencies = dashboard_agencies(user=request.user)
    raw = request.GET.get("agency", "")
    agency = (
        next((a for a in agencies if str(a.pk) == raw), None) if raw else (agencies[0] if agencies else None)
    )
    if agency is None:
        raise Http404
    data = office_dashboard(user=request.user, agency=agency)
    return render(request, "documents/dashboard.html", {"data": data, "agencies": agencies, "agency": agency})
