"""Process editor (server-rendered, htmx for the draft editing). Views stay thin: forms clean,
services write, selectors read."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from egov.core.permissions import staff_required
from egov.workflow import selectors, services
from egov.workflow.diagram import render_process_svg
from egov.workflow.forms import DraftForm, ImportForm, StepForm, TransitionForm
from egov.workflow.models import ProcessDefinition, Step, Transition

PAGE_SIZE = 25


def _definition(request: HttpRequest, pk: int, *, edit: bool = False) -> ProcessDefinition:
    definition = selectors.process_get_for(user=request.user, pk=pk)
    if definition is None:
        raise Http404
    if edit and not selectors.process_can_edit(user=request.user, agency=definition.agency):
        raise PermissionDenied
    return definition


def _add_errors(form: Form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _editor_context(
    request: HttpRequest,
    definition: ProcessDefinition,
    *,
    step_form: StepForm | None = None,
    transition_form: TransitionForm | None = None,
    editing_step: Step | None = None,
    editing_transition: Transition | None = None,
) -> dict[str, Any]:
    steps = selectors.process_steps(definition)
    transitions = selectors.process_transitions(definition)
    can_edit = selectors.process_can_edit(user=request.user, agency=definition.agency)
    is_draft = definition.status == ProcessDefinition.Status.DRAFT
    return {
        "definition": definition,
        "steps": steps,
        "transitions": transitions,
        "total_hours": sum((s.hours for s in steps), 0),
        "diagram": render_process_svg(definition, steps=steps, transitions=transitions),
        "can_edit": can_edit,
        "editable": can_edit and is_draft,
        "step_form": step_form or StepForm(definition=definition, initial={"hours": 1}),
        "transition_form": transition_form or TransitionForm(definition=definition),
        "editing_step": editing_step,
        "editing_transition": editing_transition,
    }


def _editor(request: HttpRequest, definition: ProcessDefinition, **kwargs: Any) -> HttpResponse:
    if request.headers.get("HX-Request"):
        return render(request, "workflow/_editor.html", _editor_context(request, definition, **kwargs))
    if kwargs.get("step_form") is None and kwargs.get("transition_form") is None:
        return redirect("workflow:detail", pk=definition.pk)
    context = _editor_context(request, definition, **kwargs)
    return render(request, "workflow/detail.html", context)


@staff_required
@require_GET
def process_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.process_list_for(user=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    agencies = selectors.editable_agencies(user=request.user)
    can_create = agencies.exists()
    return render(
        request,
        "workflow/list.html",
        {
            "page": page,
            "can_create": can_create,
            "draft_form": DraftForm(agencies=agencies) if can_create else None,
            "import_form": ImportForm(agencies=agencies) if can_create else None,
        },
    )


@staff_required
@require_POST
def process_create(request: HttpRequest) -> HttpResponse:
    form = DraftForm(request.POST, agencies=selectors.editable_agencies(user=request.user))
    if not form.is_valid():
        messages.error(request, _("The draft was not created: %(errors)s") % {"errors": _form_text(form)})
        return redirect("workflow:list")
    definition = services.process_create_draft(actor=request.user, **form.cleaned_data)
    messages.success(request, _("Draft version %(version)d created.") % {"version": definition.version})
    return redirect("workflow:detail", pk=definition.pk)


def _form_text(form: Form) -> str:
    return "; ".join(str(e) for errors in form.errors.values() for e in errors)


@staff_required
@require_POST
def process_import(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST, request.FILES, agencies=selectors.editable_agencies(user=request.user))
    if not form.is_valid():
        messages.error(request, _("The import failed: %(errors)s") % {"errors": _form_text(form)})
        return redirect("workflow:list")
    try:
        data = json.loads(form.cleaned_data["file"].read().decode("utf-8"))
        definition = services.process_import(
            actor=request.user,
            data=data,
            procedure=form.cleaned_data["procedure"],
            agency=form.cleaned_data["agency"],
        )
    except (ValueError, UnicodeDecodeError):
        messages.error(request, _("The import failed: the file is not valid JSON."))
        return redirect("workflow:list")
    except ValidationError as exc:
        messages.error(request, _("The import failed: %(errors)s") % {"errors": " ".join(exc.messages)})
        return redirect("workflow:list")
    messages.success(request, _("Imported as draft version %(version)d.") % {"version": definition.version})
    return redirect("workflow:detail", pk=definition.pk)


@staff_required
@require_GET
def process_detail(request: HttpRequest, pk: int) -> HttpResponse:
    definition = _definition(request, pk)
    return render(request, "workflow/detail.html", _editor_context(request, definition))


@staff_required
@require_GET
def process_export(request: HttpRequest, pk: int) -> HttpResponse:
    definition = _definition(request, pk)
    response = JsonResponse(
        services.process_export(definition), json_dumps_params={"ensure_ascii": False, "indent": 2}
    )
    filename = f"process-{definition.procedure.code}-v{definition.version}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@staff_required
@require_POST
def process_publish(request: HttpRequest, pk: int) -> HttpResponse:
    definition = _definition(request, pk, edit=True)
    try:
        services.process_publish(actor=request.user, definition=definition)
    except services.PublishError as exc:
        context = _editor_context(request, definition)
        context["problems"] = exc.result.problems
        context["notes"] = exc.result.notes
        return render(request, "workflow/detail.html", context)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("workflow:detail", pk=pk)
    messages.success(request, _("Version %(version)d is published.") % {"version": definition.version})
    return redirect("workflow:detail", pk=pk)


@staff_required
@require_POST
def process_new_version(request: HttpRequest, pk: int) -> HttpResponse:
    definition = _definition(request, pk, edit=True)
    try:
        draft = services.process_new_version(actor=request.user, definition=definition)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("workflow:detail", pk=pk)
    messages.success(request, _("Draft version %(version)d created.") % {"version": draft.version})
    return redirect("workflow:detail", pk=draft.pk)


@staff_required
@require_POST
def step_add(request: HttpRequest, pk: int) -> HttpResponse:
    definition = _definition(request, pk, edit=True)
    form = StepForm(request.POST, definition=definition)
    if form.is_valid():
        try:
            services.step_add(actor=request.user, definition=definition, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            return _editor(request, definition)
    return _editor(request, definition, step_form=form)


@staff_required
@require_http_methods(["GET", "POST"])
def step_edit(request: HttpRequest, pk: int, step_pk: int) -> HttpResponse:
    definition = _definition(request, pk, edit=True)
    step = get_object_or_404(Step, pk=step_pk, definition=definition)
    if request.method == "GET":
        form = StepForm(initial=StepForm.initial_for(step), definition=definition)
        return _editor(request, definition, step_form=form, editing_step=step)
    form = StepForm(request.POST, definition=definition)
    if form.is_valid():
        try:
            services.step_update(actor=request.user, step=step, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            return _editor(request, definition)
    return _editor(request, definition, step_form=form, editing_step=step)


@staff_required
@require_POST
def step_delete(request: HttpRequest, pk: int, step_pk: int) -> HttpResponse:
    definition = _definition(request, pk, edit=True)
    step = get_object_or_404(Step, pk=step_pk, definition=definition)
    try:
        services.step_remove(actor=request.user, step=step)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return _editor(request, definition)


@staff_required
@require_POST
def transition_add(request: HttpRequest, pk: int) -> HttpResponse:
    definition = _definition(request, pk, edit=True)
    form = TransitionForm(request.POST, definition=definition)
    if form.is_valid():
        try:
            services.transition_add(actor=request.user, definition=definition, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            return _editor(request, definition)
    return _editor(request, definition, transition_form=form)


@staff_required
@require_http_methods(["GET", "POST"])
def transition_edit(request: HttpRequest, pk: int, transition_pk: int) -> HttpResponse:
    definition = _definition(request, pk, edit=True)
    tr = get_object_or_404(Transition, pk=transition_pk, definition=definition)
    if request.method == "GET":
        form = TransitionForm(initial=TransitionForm.initial_for(tr), definition=definition)
        return _editor(request, definition, transition_form=form, editing_transition=tr)
    form = TransitionForm(request.POST, definition=definition)
    if form.is_valid():
        try:
            services.transition_update(actor=request.user, transition=tr, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            return _editor(request, definition)
    return _editor(request, definition, transition_form=form, editing_transition=tr)


@staff_required
@require_POST
def transition_delete(request: HttpRequest, pk: int, transition_pk: int) -> HttpResponse:
    definition = _definition(request, pk, edit=True)
    tr = get_object_or_404(Transition, pk=transition_pk, definition=definition)
    try:
        services.transition_remove(actor=request.user, transition=tr)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return _editor(request, definition)
