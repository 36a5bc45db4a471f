"""The document page: metadata, file, the sender's recall (if any), direction slip (3 parts),
history and the actions by role (register an electronic arrival, direct, assign, progress, close)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from egov.accounts.models import User
from egov.core.permissions import staff_required
from egov.documents.forms import AssignForm, CloseForm, DirectForm, ProgressForm, RegisterReceivedForm
from egov.documents.models import IncomingDocument
from egov.documents.selectors import (
    has_role,
    incoming_actions_for,
    incoming_get,
    incoming_history,
    incoming_recall,
)
from egov.documents.services import (
    incoming_assign_handler,
    incoming_close,
    incoming_direct,
    incoming_progress,
    incoming_register_received,
)
from egov.org.models import Department, Role

FORMS = {
    "register": RegisterReceivedForm,
    "direct": DirectForm,
    "assign": AssignForm,
    "progress": ProgressForm,
    "close": CloseForm,
}
NEEDS_DOCUMENT = {"register", "direct", "assign", "close"}


def _form(action: str, document: IncomingDocument, data: Any = None) -> forms.Form:
    cls: Any = FORMS[action]
    return cls(data, document=document) if action in NEEDS_DOCUMENT else cls(data)


def _signature_reports(document: IncomingDocument) -> list[Any] | None:
    """The digital signatures of an electronic PDF (signer, time, intact?, trusted?); None otherwise."""
    stored = document.file
    if stored is None or stored.kind != "pdf":
        return None
    from egov.core.files.selectors import file_open
    from egov.signing.validation import pdf_validate

    try:
        with file_open(stored) as fh:
            return pdf_validate(pdf=fh.read())
    except FileNotFoundError:
        return None


def _render(
    request: HttpRequest, document: IncomingDocument, bound: dict[str, forms.Form] | None = None
) -> HttpResponse:
    recall = incoming_recall(document=document)
    allowed = incoming_actions_for(user=request.user, document=document, recalled=recall is not None)
    bound = bound or {}
    action_forms = {a: bound.get(a) or _form(a, document) for a in FORMS if a in allowed}
    # A refused action whose form is not on the page (no longer allowed) still says why.
    refused = [e for a, f in bound.items() if a not in action_forms for e in f.non_field_errors()]
    context = {
        "refused": refused,
        "reports": _signature_reports(document),
        "doc": document,
        "recall": recall,
        "forms": action_forms,
        "status": IncomingDocument.Status,
        **incoming_history(document=document),
    }
    return render(request, "documents/incoming_detail.html", context, status=400 if bound else 200)


@require_GET
@staff_required
def incoming_detail(request: HttpRequest, pk: int) -> HttpResponse:
    document = incoming_get(user=request.user, pk=pk)
    if document is None:
        raise Http404
    return _render(request, document)


def _pick(value: str) -> tuple[Department | None, Any]:
    kind, _sep, raw = value.partition(":")
    if kind == "d":
        return Department.objects.filter(pk=raw).first(), None
    return None, User.objects.filter(pk=raw).first()


def _run(action: str, user: Any, document: IncomingDocument, data: dict[str, Any]) -> str:
    """Call the service of `action`; returns the success message."""
    if action == "register":
        leader = User.objects.filter(pk=data["present_to"]).first() if data["present_to"] else None
        document = incoming_register_received(actor=user, document=document, present_to=leader)
        return _g("Registered as an incoming document, arrival number %(number)s.") % {
            "number": document.arrival_number
        }
    if action == "direct":
        lead_unit, lead_user = _pick(data["lead"])
        coordinators = [x for v in data["coordinators"] for x in _pick(v) if x is not None]
        informed = [x for v in data["for_information"] for x in _pick(v) if x is not None]
        incoming_direct(
            actor=user, document=document, lead_unit=lead_unit, lead_user=lead_user,
            coordinators=coordinators, for_information=informed, deadline=data["deadline"],
            comment=data["comment"],
        )  # fmt: skip
    elif action == "assign":
        incoming_assign_handler(
            actor=user, document=document, specialist=User.objects.filter(pk=data["specialist"]).first(),
            deadline=data["deadline"], comment=data["comment"],
        )  # fmt: skip
    elif action == "progress":
        incoming_progress(actor=user, document=document, note=data["note"])
    else:
        incoming_close(actor=user, document=document, note=data["note"], reply_to=data["reply"])
    return str(DONE_MESSAGES[action])


DONE_MESSAGES = {
    "direct": _("Direction saved."),
    "assign": _("Handler assigned."),
    "progress": _("Progress recorded."),
    "close": _("Handling closed."),
}


@require_POST
@staff_required
def incoming_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in FORMS:
        raise Http404
    document = incoming_get(user=request.user, pk=pk)
    if document is None:
        raise Http404
    if action == "register" and not has_role(
        user=request.user, agency=document.agency_id, roles=[Role.CLERK]
    ):
        raise PermissionDenied  # only the receiving agency's clerks keep its register
    form = _form(action, document, request.POST)
    if form.is_valid():
        try:
            done = _run(action, request.user, document, form.cleaned_data)
        except ValidationError as exc:
            if exc.code == "already_registered":  # a second click: the first one registered it
                messages.warning(request, " ".join(exc.messages))
                return redirect("documents:incoming-detail", pk=document.pk)
            form.add_error(None, exc)
        else:
            messages.success(request, done)
            return redirect("documents:incoming-detail", pk=document.pk)
    return _render(request, document, {action: form})
