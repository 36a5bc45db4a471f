"""Reception of online dossiers (rule 5a): the queue of SUBMITTED online dossiers of the user's
reception agencies with the 8-working-hour countdown, and the three outcomes of the check:
accept (form 01, the processing clock starts), ask for corrections (form 02), refuse (form 03).

Only staff holding a reception role (INTAKE_ROLES) in the receiving agency may use these pages
(403 without any such role, 404 for a dossier of another agency). The outcomes call the intake
services; after each, the dossier page offers the matching slip for printing (?print=1|2|3).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_POST

from egov.core.permissions import staff_required
from egov.dossiers import action_forms as af
from egov.dossiers.models import Dossier
from egov.dossiers.reception_selectors import ReceptionRow
from egov.dossiers.views.common import redirect_hx

PER_PAGE = 20


class CorrectionForm(af.ActionForm):
    """Form 02: one complete list of what to supplement or correct, and the reason."""

    items = forms.CharField(
        label=gettext_lazy("Documents to supplement or correct (one per line)"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def item_list(self) -> list[str]:
        raw = str(self.cleaned_data.get("items") or "")
        return [line.strip(" \t-•") for line in raw.splitlines() if line.strip(" \t-•")]


# --- presentation of the countdown ----------------------------------------------------------------


def working_duration(delta: timedelta) -> str:
    """'5 giờ 20 phút' (whole minutes of office time)."""
    minutes = max(0, int(delta.total_seconds() // 60))
    hours, mins = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours})
    if mins or not hours:
        parts.append(ngettext("%(n)d minute", "%(n)d minutes", mins) % {"n": mins})
    return " ".join(parts)


def countdown(row: ReceptionRow) -> str:
    """'còn 5 giờ 20 phút làm việc' / 'quá hạn 1 giờ 10 phút' (working time)."""
    if row.late:
        if row.working_left < timedelta(minutes=1):
            due = timezone.localtime(row.due_at).strftime("%H:%M %d/%m/%Y")
            return _("overdue since %(time)s") % {"time": due}
        return _("overdue by %(duration)s") % {"duration": working_duration(row.working_left)}
    return _("%(duration)s of working time left") % {"duration": working_duration(row.working_left)}


def badge(row: ReceptionRow) -> dict[str, str]:
    """Colour and text (never colour alone)."""
    if row.late:
        return {"label": _("Overdue"), "css": "text-bg-danger"}
    if row.due_soon:
        return {"label": _("Due soon"), "css": "text-bg-warning"}
    return {"label": _("In time"), "css": "text-bg-success"}


def _present(row: ReceptionRow) -> dict[str, Any]:
    return {"row": row, "dossier": row.dossier, "countdown": countdown(row), "badge": badge(row)}


def _page_number(raw: Any) -> int:
    try:
        return max(1, int(str(raw)))
    except (TypeError, ValueError):
        return 1


# --- pages ------------------------------------------------------------------------------------------


@require_GET
@staff_required
def queue(request: HttpRequest) -> HttpResponse:
    from egov.dossiers.reception_selectors import reception_queue

    result = reception_queue(user=request.user, page=_page_number(request.GET.get("page")), per_page=PER_PAGE)
    if result is None:
        raise PermissionDenied
    context = {
        "page": result,
        "rows": [_present(r) for r in result.rows],
        "previous_page": result.page - 1 if result.page > 1 else None,
        "next_page": result.page + 1 if result.page < result.pages else None,
    }
    return render(request, "dossiers/reception/queue.html", context)


def _dossier_or_404(request: HttpRequest, code: str) -> Dossier:
    from egov.dossiers.reception_selectors import reception_agency_ids, reception_dossier

    if reception_agency_ids(user=request.user) == []:
        raise PermissionDenied
    dossier = reception_dossier(user=request.user, code=code)
    if dossier is None:
        raise Http404
    return dossier


def _eform_rows(dossier: Dossier) -> list[tuple[str, Any]]:
    """The plain e-form answers (key, value); nested groups are on the full dossier page."""
    data = dossier.eform_data if isinstance(dossier.eform_data, dict) else {}
    return [(str(k), v) for k, v in sorted(data.items()) if not isinstance(v, dict | list)]


def _page(request: HttpRequest, dossier: Dossier, **extra: Any) -> HttpResponse:
    from egov.dossiers.reception_selectors import reception_row

    context: dict[str, Any] = {
        "dossier": dossier,
        "components": list(dossier.components.all()),
        "eform": sorted(
            (str(k), v) for k, v in (dossier.eform_data or {}).items() if not isinstance(v, dict)
        ),
        "correction_form": CorrectionForm(prefix="fix"),
        "refuse_form": af.ReasonForm(prefix="refuse"),
        "open_action": "",
        **_present(reception_row(dossier, now=timezone.now())),
    }
    context.update(extra)
    return render(request, "dossiers/reception/dossier.html", context)


def _handled_elsewhere(request: HttpRequest, dossier: Dossier) -> HttpResponse:
    messages.info(
        request,
        _("Dossier %(code)s is no longer waiting for reception: %(status)s.")
        % {"code": dossier.code, "status": dossier.get_status_display()},
    )
    return redirect_hx(request, reverse("dossiers:detail", args=[dossier.code]))


@require_GET
@staff_required
def dossier(request: HttpRequest, code: str) -> HttpResponse:
    found = _dossier_or_404(request, code)
    if found.status != Dossier.Status.SUBMITTED:
        return _handled_elsewhere(request, found)
    opened = request.GET.get("open", "")
    return _page(request, found, open_action=opened if opened in ("correction", "refuse") else "")


def _done(request: HttpRequest, dossier: Dossier, *, message: str, form_number: int) -> HttpResponse:
    messages.success(request, message)
    url = reverse("dossiers:detail", args=[dossier.code])
    return redirect_hx(request, f"{url}?print={form_number}")


def _service_error(request: HttpRequest, exc: ValidationError) -> None:
    if getattr(exc, "code", None) == "forbidden":
        raise PermissionDenied from exc


@require_POST
@staff_required
def accept(request: HttpRequest, code: str) -> HttpResponse:
    """Valid acceptance (form 01): the processing period starts now."""
    from egov.dossiers.services import DossierConflict, dossier_accept_online

    found = _dossier_or_404(request, code)
    if found.status != Dossier.Status.SUBMITTED:
        return _handled_elsewhere(request, found)
    try:
        accepted = dossier_accept_online(actor=request.user, dossier=found)
    except DossierConflict:
        return _handled_elsewhere(request, Dossier.objects.get(pk=found.pk))
    except ValidationError as exc:
        _service_error(request, exc)
        messages.error(request, " ".join(exc.messages))
        return redirect_hx(request, reverse("dossiers:reception"))
    due = timezone.localtime(accepted.due_at).strftime("%H:%M %d/%m/%Y") if accepted.due_at else ""
    return _done(
        request,
        accepted,
        message=_("Dossier %(code)s accepted; the processing period starts now. Appointment: %(due)s.")
        % {"code": accepted.code, "due": due},
        form_number=1,
    )


@require_POST
@staff_required
def correction(request: HttpRequest, code: str) -> HttpResponse:
    """Ask the applicant to supplement or correct the dossier (form 02)."""
    from egov.dossiers.services import dossier_request_supplement_at_intake

    found = _dossier_or_404(request, code)
    if found.status != Dossier.Status.SUBMITTED:
        return _handled_elsewhere(request, found)
    form = CorrectionForm(request.POST, prefix="fix")
    if form.is_valid():
        try:
            dossier_request_supplement_at_intake(
                actor=request.user, dossier=found, items=form.item_list(), reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            _service_error(request, exc)
            form.add_service_errors(exc)
        else:
            return _done(
                request,
                found,
                message=_("The applicant was asked to supplement dossier %(code)s.") % {"code": found.code},
                form_number=2,
            )
    return _page(request, found, correction_form=form, open_action="correction")


@require_POST
@staff_required
def refuse(request: HttpRequest, code: str) -> HttpResponse:
    """Refuse to receive the dossier (form 03), with the reason."""
    from egov.dossiers.services import dossier_refuse_at_intake

    found = _dossier_or_404(request, code)
    if found.status != Dossier.Status.SUBMITTED:
        return _handled_elsewhere(request, found)
    form = af.ReasonForm(request.POST, prefix="refuse")
    if form.is_valid():
        try:
            dossier_refuse_at_intake(actor=request.user, dossier=found, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            _service_error(request, exc)
            form.add_service_errors(exc)
        else:
            return _done(
                request,
                found,
                message=_("Dossier %(code)s was refused.") % {"code": found.code},
                form_number=3,
            )
    return _page(request, found, refuse_form=form, open_action="refuse")
