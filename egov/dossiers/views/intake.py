"""Counter intake (tiếp nhận tại quầy): one screen, keyboard first, htmx partials for the lookups."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from egov.catalog.models import ProcedureComponent, ProcedureVersion
from egov.core.permissions import staff_required
from egov.dossiers.forms import (
    ACTION_REFUSE,
    ACTION_SUPPLEMENT,
    COMPONENT_FORM_CHOICES,
    IntakeForm,
    component_inputs,
    component_rows,
)
from egov.dossiers.views.common import counter_agency_or_403, redirect_hx
from egov.org.models import AdminUnit

TOKEN_TTL = 15 * 60  # seconds a submitted form token is remembered (double clicks, resubmits)
PENDING = "…"
SEARCH_MIN = 2
LOCAL_KINDS = (AdminUnit.Kind.COMMUNE, AdminUnit.Kind.WARD, AdminUnit.Kind.SPECIAL_ZONE)


def _token_key(user: Any, token: str) -> str:
    return f"dossiers:intake:{user.pk}:{token[:64]}"


def _done_code(request: HttpRequest, key: str) -> str | None:
    """The dossier code already created with this form token (cache, then session)."""
    value = cache.get(key)
    if value and value != PENDING:
        return str(value)
    stored = request.session.get(key)
    return str(stored) if stored else None


def _version(raw: Any) -> ProcedureVersion | None:
    try:
        pk = int(str(raw))
    except (TypeError, ValueError):
        return None
    return (
        ProcedureVersion.objects.filter(pk=pk, status=ProcedureVersion.Status.PUBLISHED)
        .select_related("procedure")
        .prefetch_related(
            Prefetch("components", queryset=ProcedureComponent.objects.order_by("order", "pk")),
            "fees",
            "implementing_agencies",
        )
        .first()
    )


# At the counter the dossier does not exist yet: these services create it refused (form 03) or
# waiting for supplementation (form 02), without the mandatory-component check.
COUNTER_CLOSERS = {
    ACTION_REFUSE: "dossier_refuse_at_counter",
    ACTION_SUPPLEMENT: "dossier_request_supplement_at_counter",
}


def _perform(*, action: str, request: HttpRequest, agency: Any, form: IntakeForm, rows: list) -> Any:
    from egov.dossiers import services

    data = form.intake_data(component_inputs(rows))
    common: dict[str, Any] = {"actor": request.user, "receiving_agency": agency, "data": data}
    if action not in COUNTER_CLOSERS:
        return services.dossier_receive(**common)
    closer = getattr(services, COUNTER_CLOSERS[action], None)
    if closer is None:
        raise ValidationError(_("Refusal and supplementation at the counter are not available yet."))
    reason = str(form.cleaned_data.get("reason") or "").strip()
    if action == ACTION_SUPPLEMENT:
        return closer(**common, items=form.items(), reason=reason)
    return closer(**common, reason=reason)


def _done_url(code: str, action: str) -> str:
    form_number = {ACTION_SUPPLEMENT: 2, ACTION_REFUSE: 3}.get(action, 1)
    return f"{reverse('dossiers:detail', args=[code])}?print={form_number}"


@require_http_methods(["GET", "POST"])
@staff_required
def intake(request: HttpRequest) -> HttpResponse:
    agency = counter_agency_or_403(request.user)
    if request.method != "POST":
        form = IntakeForm(initial={"token": uuid.uuid4().hex, "action": "receive"})
        return _render(request, form=form, agency=agency, version=None, rows=[])

    form = IntakeForm(request.POST)
    token = str(request.POST.get("token") or "")
    key = _token_key(request.user, token)
    action = str(request.POST.get("action") or "receive")
    done = _done_code(request, key) if token else None
    if done:  # the same form sent again (double click, reload): show what the first one made
        return redirect_hx(request, _done_url(done, action))
    version = _version(request.POST.get("procedure_version"))
    rows = component_rows(version.components.all(), request.POST) if version is not None else []
    if form.is_valid():
        if version is None:
            form.add_error("procedure_version", _("Choose a procedure first."))
        elif not cache.add(key, PENDING, TOKEN_TTL):
            messages.warning(request, _("This dossier is already being saved. Please wait a moment."))
        else:
            try:
                dossier = _perform(action=action, request=request, agency=agency, form=form, rows=rows)
            except ValidationError as error:
                cache.delete(key)
                form.add_service_errors(error)
            except Exception:
                cache.delete(key)
                raise
            else:
                cache.set(key, dossier.code, TOKEN_TTL)
                request.session[key] = dossier.code
                messages.success(request, _("Dossier %(code)s saved.") % {"code": dossier.code})
                return redirect_hx(request, _done_url(dossier.code, action))
    return _render(request, form=form, agency=agency, version=version, rows=rows)


def _render(
    request: HttpRequest, *, form: IntakeForm, agency: Any, version: ProcedureVersion | None, rows: list
) -> HttpResponse:
    form.mark_errors()
    context = {
        "form": form,
        "agency": agency,
        "version": version,
        "rows": rows,
        "form_choices": COMPONENT_FORM_CHOICES,
        "fees_total": sum((f.amount for f in version.fees.all()), 0) if version else 0,
    }
    return render(request, "dossiers/staff/intake.html", context)


@require_GET
@staff_required
def procedure_search(request: HttpRequest) -> HttpResponse:
    """htmx partial: procedures matching the typed text (accent-insensitive), with the version in
    force today (deadline, fees)."""
    counter_agency_or_403(request.user)
    from egov.catalog.selectors import procedure_search as search
    from egov.catalog.selectors import version_in_force

    query = str(request.GET.get("q") or "").strip()
    results: list[dict[str, Any]] = []
    if len(query) >= SEARCH_MIN:
        today = timezone.localdate()
        for item in search(query=query, limit=20):
            version = (
                item if isinstance(item, ProcedureVersion) else version_in_force(procedure=item, on=today)
            )
            if version is None:
                continue
            procedure = version.procedure
            results.append(
                {
                    "version": version,
                    "code": procedure.code,
                    "name": version.name or procedure.name,
                    "days": version.deadline_hours / 8,
                    "fees": sum((f.amount for f in version.fees.all()), 0),
                }
            )
    context = {"query": query, "results": results, "too_short": 0 < len(query) < SEARCH_MIN}
    return render(request, "dossiers/staff/_procedure_results.html", context)


@require_GET
@staff_required
def components(request: HttpRequest) -> HttpResponse:
    """htmx partial: the checklist of the picked procedure version."""
    counter_agency_or_403(request.user)
    version = _version(request.GET.get("procedure_version"))
    rows = component_rows(version.components.all()) if version is not None else []
    context = {
        "version": version,
        "rows": rows,
        "form_choices": COMPONENT_FORM_CHOICES,
        "fees_total": sum((f.amount for f in version.fees.all()), 0) if version else 0,
    }
    return render(request, "dossiers/staff/_components.html", context)


@require_GET
@staff_required
def unit_search(request: HttpRequest) -> HttpResponse:
    """htmx partial: 2025 communes/wards matching the typed text."""
    counter_agency_or_403(request.user)
    from egov.org.selectors import admin_unit_search

    query = str(request.GET.get("unit_label") or "").strip()
    units: list[Any] = []
    if len(query) >= SEARCH_MIN:
        units = list(admin_unit_search(query=query).filter(kind__in=LOCAL_KINDS).order_by("name")[:12])
    return render(request, "dossiers/staff/_unit_results.html", {"units": units, "query": query})
