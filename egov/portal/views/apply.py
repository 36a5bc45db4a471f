"""Online submission in three steps: 1 information (applicant, e-form, delivery; autosaved),
2 documents (one file per required component, new or from the data store), 3 review and submit."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from egov.accounts.assurance import login_url_for_level
from egov.catalog.models import Procedure
from egov.catalog.selectors import fees_total, version_in_force_detail
from egov.dossiers.deadlines import dossier_due
from egov.portal.forms import ApplicantForm, AttachForm, DeliveryForm
from egov.portal.models import Draft
from egov.portal.selectors import data_store_files, draft_for, drafts_open_for
from egov.portal.services import (
    draft_attach,
    draft_detach,
    draft_discard,
    draft_problems,
    draft_save,
    draft_start,
    draft_submit,
)
from egov.portal.services.drafts import ONLINE_LEVELS, applicant_in_eform
from egov.portal.views.common import assurance_of, citizen_required, error_messages

STEPS = ("info", "files", "review")


def _open_draft(request: HttpRequest, draft_id: Any) -> Draft:
    draft = draft_for(user=request.user, draft_id=draft_id)
    if draft is None:
        raise Http404
    return draft


def _eform(draft: Draft, *, bound: bool) -> Any:
    """The draft's e-form: with its format errors shown (bound) or just pre-filled."""
    schema = draft.procedure_version.eform_schema
    if not schema:
        return None
    from egov.portal.eforms import eform_build

    if bound:
        form = eform_build(schema, raw=draft.answers, partial=True)
        form.is_valid()
        return form
    return eform_build(schema, initial=draft.answers, partial=True)


def _ctx(draft: Draft, step: str, **extra: Any) -> dict[str, Any]:
    return {"draft": draft, "version": draft.procedure_version, "step": step, "portal_section": "catalog"} | (
        extra
    )


@require_http_methods(["GET", "POST"])
@citizen_required
def apply_start(request: HttpRequest, code: str) -> HttpResponse:
    try:
        procedure, version = version_in_force_detail(code=code)
    except Procedure.DoesNotExist:
        raise Http404 from None
    if version is None or version.online_level not in ONLINE_LEVELS:
        raise Http404
    level = assurance_of(request)
    agencies = list(version.implementing_agencies.all())
    if request.method == "POST" and level >= version.requires_assurance_level:
        agency = next((a for a in agencies if str(a.pk) == request.POST.get("agency")), None)
        if agency is None:
            messages.error(request, _("Choose the agency that will handle your dossier."))
        else:
            try:
                draft = draft_start(user=request.user, version=version, agency=agency)
            except ValidationError as exc:
                for m in error_messages(exc):
                    messages.error(request, m)
            else:
                return redirect("portal:draft-info", draft.pk)
    drafts = [d for d in drafts_open_for(user=request.user) if d.procedure_version_id == version.pk]
    status = 200 if level >= version.requires_assurance_level else 403
    return render(
        request,
        "portal/apply/start.html",
        {
            "procedure": procedure,
            "version": version,
            "agencies": agencies,
            "drafts": drafts,
            "level": level,
            "level_ok": level >= version.requires_assurance_level,
            "login_url": login_url_for_level(version.requires_assurance_level, request.get_full_path()),
            "portal_section": "catalog",
        },
        status=status,
    )


def _eform_answers(request: HttpRequest, draft: Draft) -> dict[str, Any]:
    """What the citizen typed in the e-form, as typed (a draft keeps invalid answers too)."""
    schema = draft.procedure_version.eform_schema
    if not schema:
        return {}
    from egov.portal.eforms import eform_build

    answers: dict[str, Any] = eform_build(schema, data=request.POST, partial=True).raw_eform_data()
    return answers


def _save(request: HttpRequest, draft: Draft) -> tuple[ApplicantForm, DeliveryForm, Draft]:
    applicant = ApplicantForm(request.POST)
    delivery = DeliveryForm(request.POST)
    saved = draft_save(
        user=request.user,
        draft_id=draft.pk,
        applicant=applicant.values(),
        answers=_eform_answers(request, draft),
        delivery=request.POST.get("d-delivery", "online"),
        delivery_address=request.POST.get("d-delivery_address", ""),
    )
    return applicant, delivery, saved


@require_http_methods(["GET", "POST"])
@citizen_required
def draft_info(request: HttpRequest, draft_id: Any) -> HttpResponse:
    draft = _open_draft(request, draft_id)
    if draft.status != Draft.Status.OPEN:
        return _not_open(request, draft)
    if request.method == "POST":
        try:
            _applicant, _delivery, draft = _save(request, draft)
        except ValidationError as exc:
            for m in error_messages(exc):
                messages.error(request, m)
            return redirect("portal:my-dossiers")
        draft = _open_draft(request, draft.pk)
        eform = _eform(draft, bound=True)
        if request.POST.get("action") == "next" and (eform is None or not eform.errors):
            return redirect("portal:draft-files", draft.pk)
        if request.POST.get("action") != "next":
            messages.success(request, _("Draft saved."))
        return render(request, "portal/apply/info.html", _info_ctx(draft, eform))
    return render(request, "portal/apply/info.html", _info_ctx(draft, _eform(draft, bound=False)))


def _info_ctx(draft: Draft, eform: Any) -> dict[str, Any]:
    return _ctx(
        draft,
        "info",
        applicant_in_eform=applicant_in_eform(draft.procedure_version.eform_schema or {}),
        applicant_form=ApplicantForm(initial=draft.applicant),
        delivery_form=DeliveryForm(
            initial={"delivery": draft.delivery, "delivery_address": draft.delivery_address}
        ),
        eform=eform,
    )


@require_POST
@citizen_required
def draft_autosave(request: HttpRequest, draft_id: Any) -> HttpResponse:
    """htmx autosave of step 1: keeps whatever was typed and says when it was saved."""
    draft = _open_draft(request, draft_id)
    try:
        _applicant, _delivery, draft = _save(request, draft)
    except ValidationError as exc:
        return HttpResponse(" ".join(error_messages(exc)), status=409)
    saved = time_format(timezone.localtime(draft.updated_at), "H:i")
    return render(request, "portal/apply/_autosaved.html", {"saved": saved})


def _not_open(request: HttpRequest, draft: Draft) -> HttpResponse:
    if draft.dossier_id:
        return redirect("portal:my-dossier", draft.dossier.code)  # type: ignore[union-attr]
    messages.info(request, _("This draft has been discarded."))
    return redirect("portal:my-dossiers")


@require_http_methods(["GET", "POST"])
@citizen_required
def draft_files(request: HttpRequest, draft_id: Any) -> HttpResponse:
    draft = _open_draft(request, draft_id)
    if draft.status != Draft.Status.OPEN:
        return _not_open(request, draft)
    if request.method == "POST":
        target = request.POST.get("slot", "")
        try:
            if request.POST.get("remove"):
                draft_detach(user=request.user, draft_id=draft.pk, attachment_id=request.POST["remove"])
                messages.success(request, _("The file was removed."))
            else:
                form = AttachForm(request.POST, request.FILES)
                form.is_valid()
                draft_attach(
                    user=request.user,
                    draft_id=draft.pk,
                    component_id=None if target == "authorisation" else target,
                    authorisation=target == "authorisation",
                    upload=request.FILES.get("file"),
                    reuse_file_id=request.POST.get("reuse") or None,
                )
                messages.success(request, _("The file was attached."))
        except ValidationError as exc:
            for m in error_messages(exc):
                messages.error(request, m)
        return redirect(reverse("portal:draft-files", args=[draft.pk]) + f"#slot-{target}")
    draft = _open_draft(request, draft.pk)
    by_component = {a.procedure_component_id: a for a in draft.attachments.all() if not a.is_authorisation}
    authorisation = next((a for a in draft.attachments.all() if a.is_authorisation), None)
    components = [
        {"component": c, "attachment": by_component.get(c.pk)}
        for c in draft.procedure_version.components.order_by("order", "pk")
    ]
    store = list(data_store_files(user=request.user)[:50])
    return render(
        request,
        "portal/apply/files.html",
        _ctx(draft, "files", components=components, authorisation=authorisation, store=store),
    )


@require_http_methods(["GET", "POST"])
@citizen_required
def draft_review(request: HttpRequest, draft_id: Any) -> HttpResponse:
    draft = _open_draft(request, draft_id)
    if request.method == "POST" and draft.status == Draft.Status.SUBMITTED:
        return _not_open(request, draft)  # a second click after the first one finished
    if draft.status != Draft.Status.OPEN:
        return _not_open(request, draft)
    level = assurance_of(request)
    if request.method == "POST":
        try:
            dossier = draft_submit(user=request.user, draft_id=draft.pk, assurance_level=level)
        except ValidationError as exc:
            for m in error_messages(exc):
                messages.error(request, m)
        else:
            messages.success(
                request,
                _("Your dossier was submitted. Dossier code: %(code)s. We sent you an acknowledgement.")
                % {"code": dossier.code},
            )
            return redirect("portal:my-dossier", dossier.code)
        draft = _open_draft(request, draft.pk)
    check = draft_problems(draft=draft, user=request.user, assurance_level=level)
    display = None
    if check.eform is not None and not check.eform.errors:
        from egov.portal.eforms import eform_display

        display = eform_display(draft.procedure_version.eform_schema, check.eform_data)
    version = draft.procedure_version
    return render(
        request,
        "portal/apply/review.html",
        _ctx(
            draft,
            "review",
            check=check,
            display=display,
            attachments=list(draft.attachments.select_related("procedure_component", "file")),
            fees=list(version.fees.all()),
            fees_total=fees_total(version),
            expected=dossier_due(version=version, start=timezone.now()),
        ),
    )


@require_POST
@citizen_required
def draft_discard_view(request: HttpRequest, draft_id: Any) -> HttpResponse:
    draft = _open_draft(request, draft_id)
    try:
        draft_discard(user=request.user, draft_id=draft.pk)
    except ValidationError as exc:
        for m in error_messages(exc):
            messages.error(request, m)
    else:
        messages.success(request, _("The draft was discarded."))
    return redirect("portal:my-dossiers")
