"""The staff page of the working calendar: one year, twelve month grids, the list of days off."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from egov.core.calendar.engine import CalendarRangeError
from egov.core.calendar.models import PROVINCE_CODES
from egov.core.calendar.overview import year_overview
from egov.core.permissions import staff_required


def _province(request: HttpRequest) -> int | None:
    raw = request.GET.get("province", "").strip()
    if not raw:
        return None
    if not raw.isdigit() or int(raw) not in PROVINCE_CODES:
        raise Http404
    return int(raw)


@require_GET
@staff_required
def year_page(request: HttpRequest, year: int | None = None) -> HttpResponse:
    province_code = _province(request)
    try:
        context = year_overview(year=year or timezone.localdate().year, province_code=province_code)
    except CalendarRangeError as exc:
        raise Http404(str(exc)) from exc
    return render(request, "work_calendar/year.html", context)
