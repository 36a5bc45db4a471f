"""Actions on the dossier page: one small POST view each, calling one service.

Each view loads the dossier through the scoped selector (404 outside the user's units), refuses
with 403 when the page would not offer the action, and on a service ValidationError shows the page
again with the message and what was typed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from egov.core.permissions import staff_required
from egov.dossiers import action_forms as af
from egov.dossiers.models import Dossier
from egov.dossiers.selectors import DossierDetail
from egov.dossiers.views.common import redirect_hx


def _procedure_components(found: DossierDetail) -> Any:
    return found.dossier.procedure_version.components.order_by("order", "pk")


def blank_forms(found: DossierDetail) -> dict[str, Any]:
    can = found.actions
    forms: dict[str, Any] = {
        "apology_form": af.ApologyForm(prefix="apology"),
        "stop_form": af.ReasonForm(prefix="stop"),
        "withdraw_form": af.ReasonForm(prefix="withdraw"),
        "result_form": af.ResultForm(prefix="result"),
        "post_form": af.PostReturnForm(prefix="post"),
    }
    if can.mark_paid:
        remaining = max(found.dossier.fees_due - found.dossier.fees_collected, 0)
        forms["payment_form"] = af.PaymentForm(prefix="pay", initial={"amount": remaining})
    if can.reassign or can.delegate:
        initial = {"mode": "delegate" if can.delegate else "reassign"}
        forms["assign_form"] = af.AssignForm(prefix="assign", colleagues=found.colleagues, initial=initial)
    if can.supplement_complete:
        forms["supplement_form"] = af.SupplementCompleteForm(
            prefix="supp", procedure_components=_procedure_components(found)
        )
    return forms


def _handle(
    request: HttpRequest,
    code: str,
    *,
    allowed: Callable[[DossierDetail], bool],
    form_name: str,
    build: Callable[[DossierDetail, Any], af.ActionForm],
    perform: Callable[[DossierDetail, dict[str, Any]], str],
) -> HttpResponse:
    from egov.dossiers.views.detail import detail_or_404, page

    found = detail_or_404(request.user, code)
    if not allowed(found):
        raise PermissionDenied
    form = build(found, request)
    if form.is_valid():
        try:
            message = perform(found, form.cleaned_data)
        except ValidationError as exc:
            if getattr(exc, "code", None) == "forbidden":
                raise PermissionDenied from exc
            form.add_service_errors(exc)
        else:
            messages.success(request, message)
            return redirect_hx(request, reverse("dossiers:detail", args=[found.dossier.code]))
    return page(request, found, **{form_name: form, "open_action": form_name})


def _bound(cls: type[af.ActionForm], prefix: str, **kwargs: Any) -> Callable[[DossierDetail, Any], Any]:
    def build(found: DossierDetail, request: Any) -> Any:
        return cls(request.POST, request.FILES, prefix=prefix, **kwargs)

    return build


@require_POST
@staff_required
def supplement_complete(request: HttpRequest, code: str) -> HttpResponse:
    from egov.dossiers.services import dossier_supplement_complete
    from egov.dossiers.types import ComponentInput

    def build(found: DossierDetail, req: Any) -> Any:
        comps = _procedure_components(found)
        return af.SupplementCompleteForm(req.POST, prefix="supp", procedure_components=comps)

    def perform(found: DossierDetail, data: dict[str, Any]) -> str:
        by_pk = {str(c.pk): c for c in _procedure_components(found)}
        items = [
            ComponentInput(name=by_pk[pk].name, form=by_pk[pk].form, procedure_component_id=int(pk))
            for pk in data["components"]
        ]
        done = dossier_supplement_complete(actor=request.user, dossier=found.dossier, components=items)
        due = done.due_at.strftime("%d/%m/%Y %H:%M") if done.due_at else ""
        return _("Supplementation recorded. New appointment: %(due)s.") % {"due": due}

    return _handle(
        request,
        code,
        allowed=lambda f: f.actions.supplement_complete,
        form_name="supplement_form",
        build=build,
        perform=perform,
    )


@require_POST
@staff_required
def apologise(request: HttpRequest, code: str) -> HttpResponse:
    from egov.dossiers.services import dossier_apologise

    def perform(found: DossierDetail, data: dict[str, Any]) -> str:
        dossier_apologise(
            actor=request.user, dossier=found.dossier, reason=data["reason"], new_due_at=data["new_due_at"]
        )
        return _("The apology and the new appointment were recorded. Print form 04.")

    return _handle(
        request,
        code,
        allowed=lambda f: f.actions.apologise,
        form_name="apology_form",
        build=_bound(af.ApologyForm, "apology"),
        perform=perform,
    )


@require_POST
@staff_required
def stop(request: HttpRequest, code: str) -> HttpResponse:
    from egov.dossiers.services import dossier_stop

    def perform(found: DossierDetail, data: dict[str, Any]) -> str:
        dossier_stop(actor=request.user, dossier=found.dossier, reason=data["reason"])
        return _("Processing was stopped. Print form 05.")

    return _handle(
        request,
        code,
        allowed=lambda f: f.actions.stop,
        form_name="stop_form",
        build=_bound(af.ReasonForm, "stop"),
        perform=perform,
    )


@require_POST
@staff_required
def withdraw(request: HttpRequest, code: str) -> HttpResponse:
    from egov.dossiers.services import dossier_withdraw

    def perform(found: DossierDetail, data: dict[str, Any]) -> str:
        dossier_withdraw(actor=request.user, dossier=found.dossier, reason=data["reason"])
        return _("The dossier was withdrawn.")

    return _handle(
        request,
        code,
        allowed=lambda f: f.actions.withdraw,
        form_name="withdraw_form",
        build=_bound(af.ReasonForm, "withdraw"),
        perform=perform,
    )


@require_POST
@staff_required
def assign(request: HttpRequest, code: str) -> HttpResponse:
    """Reassign (head of unit) or delegate (assignee or head) the open task to a colleague."""
    from egov.dossiers.services import task_delegate, task_reassign

    def build(found: DossierDetail, req: Any) -> Any:
        return af.AssignForm(req.POST, prefix="assign", colleagues=found.colleagues)

    def perform(found: DossierDetail, data: dict[str, Any]) -> str:
        assert found.task is not None  # noqa: S101 - allowed() needs an open task
        to_user = found.colleagues[[u.pk for u in found.colleagues].index(data["to_user"])]
        if data["mode"] == "reassign":
            if not found.actions.reassign:
                raise PermissionDenied
            task_reassign(actor=request.user, task_id=found.task.pk, to_user=to_user)
        else:
            if not found.actions.delegate:
                raise PermissionDenied
            task_delegate(actor=request.user, task_id=found.task.pk, to_user=to_user)
        return _("The task was handed to %(name)s.") % {"name": to_user.get_full_name() or to_user}

    return _handle(
        request,
        code,
        allowed=lambda f: f.actions.reassign or f.actions.delegate,
        form_name="assign_form",
        build=build,
        perform=perform,
    )


@require_POST
@staff_required
def attach_result(request: HttpRequest, code: str) -> HttpResponse:
    from egov.core.files.services import file_store
    from egov.dossiers.services import dossier_result_attach

    def perform(found: DossierDetail, data: dict[str, Any]) -> str:
        stored = file_store(
            upload=data["file"], user=request.user, allowed_kinds=af.RESULT_KINDS, owner=found.dossier
        )
        dossier_result_attach(actor=request.user, dossier=found.dossier, file_id=stored.pk)
        return _("The result document was attached.")

    return _handle(
        request,
        code,
        allowed=lambda f: f.actions.attach_result,
        form_name="result_form",
        build=_bound(af.ResultForm, "result"),
        perform=perform,
    )


@require_POST
@staff_required
def mark_paid(request: HttpRequest, code: str) -> HttpResponse:
    from egov.dossiers.services import dossier_mark_paid

    def build(found: DossierDetail, req: Any) -> Any:
        return af.PaymentForm(req.POST, prefix="pay")

    def perform(found: DossierDetail, data: dict[str, Any]) -> str:
        dossier_mark_paid(actor=request.user, dossier=found.dossier, amount=data["amount"])
        return _("The payment was recorded.")

    return _handle(
        request,
        code,
        allowed=lambda f: f.actions.mark_paid,
        form_name="payment_form",
        build=build,
        perform=perform,
    )


@require_POST
@staff_required
def return_by_post(request: HttpRequest, code: str) -> HttpResponse:
    from egov.dossiers.services import dossier_return

    def perform(found: DossierDetail, data: dict[str, Any]) -> str:
        dossier_return(
            actor=request.user,
            dossier=found.dossier,
            method=Dossier.Delivery.POST,
            tracking_number=data["tracking_number"],
            handed_at=data.get("handed_at"),
        )
        return _("The result was sent by post.")

    return _handle(
        request,
        code,
        allowed=lambda f: f.actions.return_result,
        form_name="post_form",
        build=_bound(af.PostReturnForm, "post"),
        perform=perform,
    )


@require_POST
@staff_required
def return_online(request: HttpRequest, code: str) -> HttpResponse:
    from egov.dossiers.services import dossier_return

    def perform(found: DossierDetail, data: dict[str, Any]) -> str:
        dossier_return(actor=request.user, dossier=found.dossier, method=Dossier.Delivery.ONLINE)
        return _("The result is marked as returned online; the applicant can download it.")

    return _handle(
        request,
        code,
        allowed=lambda f: f.actions.return_result,
        form_name="online_form",
        build=_bound(af.ActionForm, "online"),
        perform=perform,
    )
