"""The national portal sync page (agency and system administrators): state, problems, pushes,
and "pull now". Thin: selectors read, the service pulls."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from egov.core.permissions import staff_required
from egov.nationalportal import conf, selectors
from egov.nationalportal.services import national_pull_request
from egov.org.scoping import Scope

PAGE_SIZE = 25


def _scope(request: HttpRequest) -> Scope:
    scope = selectors.sync_scope(user=request.user)
    if scope is None:
        raise PermissionDenied
    return scope


@staff_required
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    problems = Paginator(selectors.problems_for(scope=scope), PAGE_SIZE).get_page(request.GET.get("page"))
    pushes = Paginator(selectors.pushes_for(scope=scope), PAGE_SIZE).get_page(request.GET.get("push_page"))
    context = {
        **selectors.sync_overview(scope=scope),
        "enabled": conf.enabled(),
        "portal_code": conf.portal_agency_code(),
        "problems": problems,
        "pushes": pushes,
    }
    return render(request, "nationalportal/overview.html", context)


@staff_required
@require_POST
def pull_now(request: HttpRequest) -> HttpResponse:
    _scope(request)
    if not conf.enabled():
        messages.warning(request, _("The national portal sync is turned off (EGOV_DVCQG_ENABLED)."))
        return redirect("nationalportal:overview")
    created = national_pull_request(actor=request.user)
    messages.success(request, _("Pull finished: %(count)d new dossiers.") % {"count": created})
    return redirect("nationalportal:overview")
