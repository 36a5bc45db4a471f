"""Outgoing documents pages: list (20 per page), draft form, document page with the actions by role
(approval chain, signing, numbering, release, recall), register exports, edXML import."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from egov.accounts.models import User
from egov.core.files.selectors import file_open
from egov.core.permissions import staff_required
from egov.documents.models import DocumentType, OutgoingDocument, Secrecy, Urgency
from egov.documents.registers_outgoing import (
    OutgoingFilter,
    outgoing_actions_for,
    outgoing_get,
    outgoing_history,
    outgoing_list,
    outgoing_register_pdf,
    outgoing_register_xlsx,
    register_numbered,
)
from egov.documents.selectors import registering_agencies
from egov.documents.services import (
    RecipientInput,
    exchange_import,
    outgoing_decide,
    outgoing_draft_create,
    outgoing_issue_number,
    outgoing_mark_paper_signed,
    outgoing_pdf_upload,
    outgoing_recall,
    outgoing_release,
    outgoing_sign,
    outgoing_submit,
)
from egov.org.models import Agency, Department, Role, StaffAssignment
from egov.org.scoping import current_assignments

PER_PAGE = 20
EXTERNAL_LINE = re.compile(r"^(?P<name>[^;]+);\s*(?P<code>[^;]+?)\s*(?:;\s*(?P<email>\S+))?\s*$")


# -- forms ------------------------------------------------------------------------------------------


class OutgoingFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Search"), required=False, max_length=200)
    status = forms.ChoiceField(
        label=gettext_lazy("Status"), required=False, choices=[("", "—"), *OutgoingDocument.Status.choices]
    )


class DraftForm(forms.Form):
    agency = forms.ModelChoiceField(label=gettext_lazy("Issuing agency"), queryset=Agency.objects.none())
    doc_type = forms.ModelChoiceField(label=gettext_lazy("Type"), queryset=DocumentType.objects.none())
    abstract = forms.CharField(
        label=gettext_lazy("Abstract"), max_length=500, widget=forms.Textarea({"rows": 2})
    )
    drafting_department = forms.ModelChoiceField(
        label=gettext_lazy("Drafting unit"), queryset=Department.objects.none(), required=False
    )
    urgency = forms.ChoiceField(
        label=gettext_lazy("Urgency"), choices=Urgency.choices, initial=Urgency.NORMAL
    )
    secrecy = forms.ChoiceField(
        label=gettext_lazy("Secrecy"), choices=Secrecy.choices, initial=Secrecy.NORMAL
    )
    page_count = forms.IntegerField(label=gettext_lazy("Number of pages"), min_value=1, required=False)
    due_date = forms.DateField(
        label=gettext_lazy("Response due"), required=False, widget=forms.DateInput({"type": "date"})
    )
    internal = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Recipients in the system"), queryset=Agency.objects.none(), required=False
    )
    external = forms.CharField(
        label=gettext_lazy("Recipients outside the system"),
        required=False,
        widget=forms.Textarea({"rows": 3}),
        help_text=gettext_lazy("One per line: name; agency code; e-mail (optional)."),
    )
    file = forms.FileField(label=gettext_lazy("Draft (DOCX or PDF)"))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ids = current_assignments(user=user).values("agency_id")
        agencies: Any = self.fields["agency"]
        agencies.queryset = Agency.objects.filter(pk__in=ids).order_by("name")
        types: Any = self.fields["doc_type"]
        types.queryset = DocumentType.objects.filter(is_active=True).order_by("position", "name")
        units: Any = self.fields["drafting_department"]
        units.queryset = Department.objects.filter(agency_id__in=ids).order_by("name")
        internal: Any = self.fields["internal"]
        internal.queryset = Agency.objects.filter(valid_to__isnull=True).order_by("name")
        for field in self.fields.values():
            css = (
                "form-select"
                if isinstance(field.widget, forms.Select | forms.SelectMultiple)
                else "form-control"
            )
            field.widget.attrs.setdefault("class", css)

    def clean_external(self) -> list[RecipientInput]:
        rows = []
        for line in str(self.cleaned_data.get("external") or "").splitlines():
            if not line.strip():
                continue
            match = EXTERNAL_LINE.match(line.strip())
            if match is None:
                raise ValidationError(_("Write each external recipient as: name; agency code; e-mail."))
            rows.append(
                RecipientInput(name=match["name"], agency_code=match["code"], email=match["email"] or "")
            )
        return rows


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("Decision"),
        choices=[("approve", gettext_lazy("Agree")), ("return", gettext_lazy("Return for correction"))],
        widget=forms.RadioSelect,
        initial="approve",
    )
    comment = forms.CharField(
        label=gettext_lazy("Comment"), required=False, widget=forms.Textarea({"rows": 2})
    )


class SignForm(forms.Form):
    mode = forms.ChoiceField(
        label=gettext_lazy("Signing mode"), choices=OutgoingDocument.SigningMode.choices, required=False
    )
    mode_body = forms.CharField(
        label=gettext_lazy("On behalf of (e.g. CHỦ TỊCH)"), max_length=100, required=False
    )
    position = forms.CharField(label=gettext_lazy("Position"), max_length=100)
    passphrase = forms.CharField(
        label=gettext_lazy("Certificate passphrase (if not stored)"),
        required=False,
        widget=forms.PasswordInput,
    )


class PaperForm(forms.Form):
    scanned_pdf = forms.FileField(label=gettext_lazy("Scan of the signed paper original (PDF)"))
    signer = forms.ModelChoiceField(label=gettext_lazy("Signer"), queryset=User.objects.none())
    mode = forms.ChoiceField(
        label=gettext_lazy("Signing mode"), choices=OutgoingDocument.SigningMode.choices, required=False
    )
    position = forms.CharField(label=gettext_lazy("Position"), max_length=100)

    def __init__(self, *args: Any, document: OutgoingDocument, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ids = StaffAssignment.objects.filter(agency_id=document.agency_id, role=Role.AGENCY_LEADER).values(
            "user_id"
        )
        signer: Any = self.fields["signer"]
        signer.queryset = User.objects.filter(pk__in=ids).order_by("full_name", "pk")


class NumberForm(forms.Form):
    issuing_abbr = forms.CharField(
        label=gettext_lazy("Abbreviation of the issuing body"), max_length=15, initial="UBND"
    )
    unit_abbr = forms.CharField(
        label=gettext_lazy("Abbreviation of the drafting unit"), max_length=15, required=False
    )


class ConfirmForm(forms.Form):
    pass


class RecallForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason for the recall"), max_length=500, widget=forms.Textarea({"rows": 2})
    )


class PdfForm(forms.Form):
    pdf = forms.FileField(label=gettext_lazy("PDF version to sign"))


class ImportForm(forms.Form):
    agency = forms.ModelChoiceField(label=gettext_lazy("Receiving agency"), queryset=Agency.objects.none())
    package = forms.FileField(label=gettext_lazy("edXML package"))

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["agency"]
        field.queryset = agencies


ACTIONS: dict[str, tuple[type[forms.Form], Any]] = {
    "submit": (ConfirmForm, gettext_lazy("Submit for approval")),
    "review": (DecideForm, gettext_lazy("Check the content")),
    "check": (DecideForm, gettext_lazy("Check the format")),
    "approve": (DecideForm, gettext_lazy("Approve the draft")),
    "pdf": (PdfForm, gettext_lazy("Upload the PDF version")),
    "sign": (SignForm, gettext_lazy("Sign digitally")),
    "paper": (PaperForm, gettext_lazy("Record a paper signature")),
    "number": (NumberForm, gettext_lazy("Give the number")),
    "release": (ConfirmForm, gettext_lazy("Release")),
    "recall": (RecallForm, gettext_lazy("Recall")),
}
DONE = gettext_lazy("Done.")


def _style(form: forms.Form) -> forms.Form:
    for field in form.fields.values():
        if isinstance(field.widget, forms.RadioSelect):
            continue
        css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
        field.widget.attrs.setdefault("class", css)
    return form


def _form(action: str, document: OutgoingDocument, data: Any = None, files: Any = None) -> forms.Form:
    cls: Any = ACTIONS[action][0]
    if cls is PaperForm:
        return _style(cls(data, files, document=document))
    return _style(cls(data, files))


# -- list, draft ------------------------------------------------------------------------------------


def _query(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _filters(request: HttpRequest) -> tuple[OutgoingFilterForm, OutgoingFilter]:
    form = OutgoingFilterForm(request.GET or None)
    data: dict[str, Any] = form.cleaned_data if form.is_bound and form.is_valid() else {}
    for field in form.fields.values():
        field.widget.attrs.setdefault(
            "class",
            "form-select form-select-sm"
            if isinstance(field.widget, forms.Select)
            else "form-control form-control-sm",
        )
    return form, OutgoingFilter(status=data.get("status") or "", query=data.get("q") or "")


@require_GET
@staff_required
def outgoing_list_view(request: HttpRequest) -> HttpResponse:
    form, filters = _filters(request)
    page = Paginator(outgoing_list(user=request.user, filters=filters), PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "form": form,
        "page": page,
        "rows": list(page.object_list),
        "query": _query(request),
        "can_import": registering_agencies(user=request.user).exists(),
    }
    return render(request, "documents/outgoing_list.html", context)


@require_http_methods(["GET", "POST"])
@staff_required
def outgoing_create_view(request: HttpRequest) -> HttpResponse:
    form = DraftForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        recipients = [RecipientInput(agency=a) for a in data["internal"]] + list(data["external"])
        try:
            document = outgoing_draft_create(
                actor=request.user,
                agency=data["agency"],
                doc_type=data["doc_type"],
                abstract=data["abstract"],
                file=data["file"],
                recipients=recipients,
                urgency=data["urgency"],
                secrecy=data["secrecy"],
                drafting_department=data["drafting_department"],
                page_count=data["page_count"],
                due_date=data["due_date"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The draft was saved."))
            return redirect("documents:outgoing-detail", pk=document.pk)
    return render(request, "documents/outgoing_form.html", {"form": form}, status=400 if form.errors else 200)


# -- document page ----------------------------------------------------------------------------------


def _reports(document: OutgoingDocument) -> list[Any] | None:
    if document.signed_file is None or document.paper_signed:
        return None
    from egov.signing.validation import pdf_validate

    with file_open(document.signed_file) as fh:
        return pdf_validate(pdf=fh.read())


def _render(
    request: HttpRequest, document: OutgoingDocument, bound: dict[str, forms.Form] | None = None
) -> HttpResponse:
    allowed = outgoing_actions_for(user=request.user, document=document)
    bound = bound or {}
    action_forms = [
        (name, bound.get(name) or _form(name, document), ACTIONS[name][1])
        for name in ACTIONS
        if name in allowed
    ]
    refused = [e for a, f in bound.items() if a not in allowed for e in f.non_field_errors()]
    context = {
        "doc": document,
        "actions": action_forms,
        "refused": refused,
        "reports": _reports(document),
        **outgoing_history(document=document),
    }
    return render(request, "documents/outgoing_detail.html", context, status=400 if bound else 200)


@require_GET
@staff_required
def outgoing_detail(request: HttpRequest, pk: int) -> HttpResponse:
    document = outgoing_get(user=request.user, pk=pk)
    if document is None:
        raise Http404
    return _render(request, document)


def _run(action: str, user: Any, document: OutgoingDocument, data: dict[str, Any]) -> None:
    if action == "submit":
        outgoing_submit(actor=user, document=document)
    elif action in ("review", "check", "approve"):
        outgoing_decide(
            actor=user,
            document=document,
            step=action,
            approve=data["decision"] == "approve",
            comment=data["comment"],
        )
    elif action == "pdf":
        outgoing_pdf_upload(actor=user, document=document, pdf=data["pdf"])
    elif action == "sign":
        outgoing_sign(
            leader=user, document=document, mode=data["mode"] or "", mode_body=data["mode_body"],
            position=data["position"], personal_passphrase=data["passphrase"] or None,
        )  # fmt: skip
    elif action == "paper":
        outgoing_mark_paper_signed(
            clerk=user, document=document, scanned_pdf=data["scanned_pdf"], signer=data["signer"],
            mode=data["mode"] or "", position=data["position"],
        )  # fmt: skip
    elif action == "number":
        outgoing_issue_number(
            clerk=user, document=document, issuing_abbr=data["issuing_abbr"], unit_abbr=data["unit_abbr"]
        )
    elif action == "release":
        outgoing_release(clerk=user, document=document)
    elif action == "recall":
        outgoing_recall(actor=user, document=document, reason=data["reason"])


@require_POST
@staff_required
def outgoing_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise Http404
    document = outgoing_get(user=request.user, pk=pk)
    if document is None:
        raise Http404
    form = _form(action, document, request.POST, request.FILES)
    if form.is_valid():
        try:
            _run(action, request.user, document, form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, str(DONE))
            return redirect("documents:outgoing-detail", pk=document.pk)
    return _render(request, document, {action: form})


# -- register, import -------------------------------------------------------------------------------


@require_GET
@staff_required
def outgoing_register_export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in ("xlsx", "pdf"):
        raise Http404
    _form_unused, filters = _filters(request)
    documents = register_numbered(outgoing_list(user=request.user, filters=filters))
    ids = current_assignments(user=request.user).values("agency_id")
    agency = Agency.objects.filter(pk__in=ids).select_related("parent").order_by("pk").first()
    if fmt == "xlsx":
        body = outgoing_register_xlsx(
            agency_name=agency.name if agency else "", period="", documents=documents
        )
        response = HttpResponse(
            body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
    else:
        response = HttpResponse(
            outgoing_register_pdf(agency=agency, period="", documents=documents),
            content_type="application/pdf",
        )
    response["Content-Disposition"] = f'attachment; filename="outgoing-register.{fmt}"'
    return response


@require_http_methods(["GET", "POST"])
@staff_required
def edxml_import_view(request: HttpRequest) -> HttpResponse:
    agencies = registering_agencies(user=request.user)
    if not agencies.exists():
        raise PermissionDenied
    form = _style(ImportForm(request.POST or None, request.FILES or None, agencies=agencies))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            document = exchange_import(
                agency=data["agency"], package=data["package"].read(), actor=request.user
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The package was received; register the document."))
            return redirect("documents:incoming-detail", pk=document.pk)
    return render(
        request, "documents/outgoing_import.html", {"form": form}, status=400 if form.errors else 200
    )
