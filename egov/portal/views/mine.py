"""My dossiers and my data store (Kho dữ liệu của tôi): a citizen sees only their own records."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from egov.core.files.services import file_store
from egov.dossiers.models import Dossier, Rating
from egov.dossiers.selectors import dossiers_owned_by
from egov.dossiers.services import dossier_rate
from egov.dossiers.services.citizen import (
    WITHDRAWABLE,
    SupplementFile,
    dossier_supplement_submit_online,
    dossier_withdraw_by_applicant,
)
from egov.dossiers.services.rating import RATABLE
from egov.portal.forms import OwnerRatingForm, SupplementForm, WithdrawForm
from egov.portal.selectors import (
    data_store_files,
    dossier_timeline,
    drafts_open_for,
    my_dossier,
    open_supplementation,
)
from egov.portal.services.drafts import ATTACHMENT_KINDS
from egov.portal.views.common import citizen_required, error_messages

RESULT_VISIBLE = (Dossier.Status.RESOLVED, Dossier.Status.RETURNED, Dossier.Status.AWAITING_PAYMENT)


@require_GET
@citizen_required
def my_dossiers(request: HttpRequest) -> HttpResponse:
    qs = (
        dossiers_owned_by(user=request.user)
        .select_related("procedure_version")
        .order_by("-submitted_at", "-pk")
    )
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    drafts = list(drafts_open_for(user=request.user)[:20]) if page.number == 1 else []
    return render(
        request, "portal/my_dossiers.html", {"page": page, "drafts": drafts, "portal_section": "mine"}
    )


def _found(request: HttpRequest, code: str) -> Dossier:
    dossier = my_dossier(user=request.user, code=code)
    if dossier is None:
        raise Http404
    return dossier


def _detail_ctx(request: HttpRequest, dossier: Dossier, **extra: Any) -> dict[str, Any]:
    display = None
    schema = dossier.procedure_version.eform_schema
    if schema and dossier.eform_data:
        from egov.portal.eforms import eform_display

        display = eform_display(schema, dossier.eform_data)
    rated = Rating.objects.filter(dossier=dossier).exists()
    outstanding = dossier.fees_due - dossier.fees_collected
    return {
        "dossier": dossier,
        "timeline": dossier_timeline(dossier=dossier),
        "display": display,
        "components": list(dossier.components.select_related("file")),
        "supplementation": open_supplementation(dossier=dossier),
        "show_result": dossier.result_file_id is not None and dossier.status in RESULT_VISIBLE,
        "can_withdraw": dossier.status in WITHDRAWABLE,
        "can_rate": dossier.status in RATABLE and not rated,
        "rated": rated,
        "outstanding": outstanding if outstanding > 0 else 0,
        "supplement_form": SupplementForm(),
        "withdraw_form": WithdrawForm(),
        "portal_section": "mine",
    } | extra


@require_GET
@citizen_required
def my_dossier_detail(request: HttpRequest, code: str) -> HttpResponse:
    dossier = _found(request, code)
    return render(request, "portal/my_dossier.html", _detail_ctx(request, dossier))


@require_POST
@citizen_required
def my_dossier_supplement(request: HttpRequest, code: str) -> HttpResponse:
    dossier = _found(request, code)
    form = SupplementForm(request.POST)
    form.is_valid()
    request_row = open_supplementation(dossier=dossier)
    items = list(request_row.items) if request_row else []
    try:
        files: list[SupplementFile] = []
        for index, upload in enumerate(request.FILES.getlist("files")):
            stored = file_store(upload=upload, user=request.user, allowed_kinds=ATTACHMENT_KINDS)
            name = items[index] if index < len(items) else upload.name or ""
            files.append(SupplementFile(name=str(name), file=stored))
        dossier_supplement_submit_online(
            actor=request.user, dossier=dossier, files=files, note=form.cleaned_data.get("note", "")
        )
    except ValidationError as exc:
        for m in error_messages(exc):
            messages.error(request, m)
    else:
        messages.success(
            request, _("Your supplementary documents were sent. The one-stop unit will check them.")
        )
    return redirect("portal:my-dossier", dossier.code)


@require_POST
@citizen_required
def my_dossier_withdraw(request: HttpRequest, code: str) -> HttpResponse:
    dossier = _found(request, code)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        return render(
            request, "portal/my_dossier.html", _detail_ctx(request, dossier, withdraw_form=form), status=400
        )
    try:
        dossier_withdraw_by_applicant(actor=request.user, dossier=dossier, reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        for m in error_messages(exc):
            messages.error(request, m)
    else:
        messages.success(request, _("Your dossier was withdrawn."))
    return redirect("portal:my-dossier", dossier.code)


@require_http_methods(["GET", "POST"])
@citizen_required
def my_dossier_rate(request: HttpRequest, code: str) -> HttpResponse:
    dossier = _found(request, code)
    form = OwnerRatingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            dossier_rate(
                dossier=dossier,
                levels=form.levels(),
                comment=form.cleaned_data.get("comment", ""),
                channel=Rating.Channel.ONLINE,
            )
        except ValidationError as exc:
            for m in error_messages(exc):
                messages.error(request, m)
        else:
            messages.success(request, _("Thank you for rating the service."))
            return redirect("portal:my-dossier", dossier.code)
    return render(
        request, "portal/my_rate.html", {"dossier": dossier, "form": form, "portal_section": "mine"}
    )


@require_GET
@citizen_required
def data_store(request: HttpRequest) -> HttpResponse:
    page = Paginator(data_store_files(user=request.user), 20).get_page(request.GET.get("page"))
    return render(request, "portal/data_store.html", {"page": page, "portal_section": "store"})
