"""The dossier page for staff: summary, components, hand-overs, the current task and its
transitions, printing of forms 01–06 and the return of the result at the counter."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from egov.core.permissions import staff_required
from egov.dossiers.forms import ReturnForm, TransitionForm
from egov.dossiers.models import Dossier, Task
from egov.dossiers.selectors import DossierDetail, dossier_detail_for_staff
from egov.dossiers.views.common import redirect_hx
from egov.dossiers.views.inbox import due_state

FORM_NUMBERS = range(1, 7)  # form 07 is the tracking book of an agency, not of one dossier
FORM_TITLES = {
    1: gettext_lazy("Receipt and appointment"),
    2: gettext_lazy("Supplementation request"),
    3: gettext_lazy("Refusal"),
    4: gettext_lazy("Apology and extension"),
    5: gettext_lazy("Notice of stopping"),
    6: gettext_lazy("Control sheet"),
}


def _dossier_or_404(user: Any, code: str) -> Dossier:
    from egov.dossiers.selectors import dossier_for_staff

    try:
        dossier = dossier_for_staff(user=user, code=code)
    except ObjectDoesNotExist as exc:
        raise Http404 from exc
    if dossier is None:
        raise Http404
    return dossier


def detail_or_404(user: Any, code: str) -> DossierDetail:
    found = dossier_detail_for_staff(user=user, code=code)
    if found is None:
        raise Http404
    return found


def _print_number(raw: str | None) -> int | None:
    """The form to offer for printing right after intake (?print=1|2|3)."""
    return int(raw) if raw and raw.isdigit() and int(raw) in FORM_NUMBERS else None


def _eform_sections(dossier: Dossier) -> list[Any]:
    """The online declaration form in readable rows (the engine lives with the portal)."""
    schema = dossier.procedure_version.eform_schema
    if not (schema and dossier.eform_data):
        return []
    from egov.portal.eforms import eform_display

    return list(eform_display(schema, dossier.eform_data))


def page(request: HttpRequest, found: DossierDetail, **extra: Any) -> HttpResponse:
    """Render the dossier page; `extra` holds bound forms (with errors) replacing the blank ones."""
    from django.utils import timezone

    from egov.dossiers.views.actions import blank_forms

    dossier = found.dossier
    context: dict[str, Any] = {
        "detail": found,
        "dossier": dossier,
        "components": found.components,
        "handovers": found.handovers,
        "task": found.task,
        "may_act": found.actions.act,
        "can": found.actions,
        "transitions": found.transitions,
        "due": due_state(dossier.due_at, timezone.now()),
        "forms": [{"number": n, "title": FORM_TITLES[n]} for n in found.print_forms],
        "print_number": _print_number(request.GET.get("print")),
        "return_form": ReturnForm(),
        "is_resolved": found.actions.return_result,
        "eform_sections": _eform_sections(dossier),
    }
    context.update(blank_forms(found))
    context.update(extra)
    return render(request, "dossiers/staff/detail.html", context)


@require_GET
@staff_required
def detail(request: HttpRequest, code: str) -> HttpResponse:
    return page(request, detail_or_404(request.user, code))


@require_POST
@staff_required
def act(request: HttpRequest, code: str) -> HttpResponse:
    """Apply a transition to the current task; a conflict shows the fresh state with a message."""
    from egov.dossiers.services import DossierConflict, task_transition

    dossier = _dossier_or_404(request.user, code)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose an action."))
        return redirect_hx(request, reverse("dossiers:detail", args=[dossier.code]))
    data = form.cleaned_data
    if not Task.objects.filter(pk=data["task"], dossier=dossier).exists():
        raise Http404
    try:
        task_transition(
            actor=request.user,
            task_id=data["task"],
            transition_code=data["transition"],
            comment=data.get("comment") or "",
        )
    except DossierConflict as exc:
        messages.error(request, " ".join(exc.messages))
    except ValidationError as exc:
        return page(
            request,
            detail_or_404(request.user, code),
            act_error=" ".join(exc.messages),
            act_transition=data["transition"],
            act_comment=data.get("comment") or "",
        )
    else:
        messages.success(request, _("Done."))
    return redirect_hx(request, reverse("dossiers:detail", args=[dossier.code]))


@require_POST
@staff_required
def return_result(request: HttpRequest, code: str) -> HttpResponse:
    """Hand the result over at the counter (receiver name and ID)."""
    from egov.dossiers.services import dossier_return

    dossier = _dossier_or_404(request.user, code)
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            dossier_return(
                actor=request.user,
                dossier=dossier,
                method=Dossier.Delivery.COUNTER,
                receiver_name=form.cleaned_data["receiver_name"],
                receiver_id_number=form.cleaned_data["receiver_id_number"],
            )
        except ValidationError as exc:
            form.add_error(None, " ".join(exc.messages))
        else:
            messages.success(request, _("The result was returned."))
            return redirect_hx(request, reverse("dossiers:detail", args=[dossier.code]))
    return page(request, detail_or_404(request.user, code), return_form=form)


@require_GET
@staff_required
def form_pdf(request: HttpRequest, code: str, number: int) -> HttpResponse:
    """Forms 01–06 of the dossier, inline PDF (404 for staff who cannot see the dossier)."""
    if number not in FORM_NUMBERS:
        raise Http404
    dossier = _dossier_or_404(request.user, code)
    from egov.dossiers.forms_pdf import form_pdf as render_pdf

    try:
        pdf = render_pdf(number=number, dossier=dossier)
    except (KeyError, ValueError) as exc:  # a form that does not apply to this dossier
        raise Http404 from exc
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{dossier.code}-mau-{number:02d}.pdf"'
    return response
