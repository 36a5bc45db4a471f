"""The leader dashboard (/staff/reports/): live open-dossier figures and timeliness from the rollup."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from egov.core.permissions import staff_required
from egov.reports.periods import period_from, presets
from egov.reports.selectors import dashboard_data, dashboard_scope


@require_safe
@staff_required
def dashboard(request: HttpRequest) -> HttpResponse:
    scope = dashboard_scope(user=request.user)
    if scope.nothing:
        raise PermissionDenied
    today = timezone.localdate()
    form, start, end = period_from(request.GET.dict(), today)
    data = dashboard_data(scope=scope, start=start, end=end)
    context = {
        "form": form,
        "data": data,
        "presets": presets(today),
        "start": start,
        "end": end,
        "dossier_headings": [_("Received"), _("Resolved")],
        "officer_headings": [_("Dossiers received"), _("Steps done")],
    }
    return render(request, "reports/dashboard.html", context)
