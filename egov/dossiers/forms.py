"""Staff forms for the one-stop counter and dossier processing (parsing only: the rules live in
egov.dossiers.services, which raises ValidationError with per-field messages)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from egov.dossiers.types import ApplicantData, ComponentInput, IntakeData

ACTION_RECEIVE = "receive"
ACTION_SUPPLEMENT = "supplement"
ACTION_REFUSE = "refuse"
ACTIONS = (ACTION_RECEIVE, ACTION_SUPPLEMENT, ACTION_REFUSE)

KIND_CHOICES = [
    ("person", pgettext_lazy("applicant kind", "Person")),
    ("organisation", pgettext_lazy("applicant kind", "Organisation")),
]
DELIVERY_CHOICES = [
    ("counter", _("At the counter")),
    ("post", _("By public post")),
    ("online", _("Online")),
]
COMPONENT_FORM_CHOICES = [
    ("original", _("Original")),
    ("copy", _("Copy")),
    ("certified_copy", _("Certified copy")),
    ("original_or_copy", _("Original or copy")),
]

# Service error keys (IntakeData / ApplicantData names) → fields of IntakeForm.
SERVICE_FIELD_MAP = {
    "procedure_version_id": "procedure_version",
    "procedure_version": "procedure_version",
    "competent_agency_id": "competent_agency",
    "name": "applicant_name",
    "kind": "applicant_kind",
    "id_number": "applicant_id_number",
    "tax_code": "organisation_tax_code",
    "organisation_tax_code": "organisation_tax_code",
    "phone": "applicant_phone",
    "email": "applicant_email",
    "address": "applicant_address",
    "unit_id": "applicant_unit",
    "applicant_unit": "applicant_unit",
    "delivery_address": "delivery_address",
    "fees_collected": "fees_collected",
    "sets": "sets",
    "delivery": "delivery",
    "components": "components",
    "items": "supplement_items",
    "reason": "reason",
}


class IntakeForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput, max_length=64)
    procedure_version = forms.IntegerField(
        widget=forms.HiddenInput,
        error_messages={"required": _("Choose a procedure first.")},
    )
    competent_agency = forms.IntegerField(required=False, widget=forms.HiddenInput)
    procedure_label = forms.CharField(required=False, widget=forms.HiddenInput, max_length=600)
    applicant_kind = forms.ChoiceField(
        label=_("Applicant"), choices=KIND_CHOICES, initial="person", widget=forms.RadioSelect
    )
    applicant_name = forms.CharField(label=_("Full name"), max_length=200)
    applicant_id_number = forms.CharField(
        label=_("Personal ID number"),
        max_length=20,
        required=False,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "pattern": r"\d{12}", "autocomplete": "off", "maxlength": "12"}
        ),
    )
    organisation_tax_code = forms.CharField(label=_("Tax code"), max_length=14, required=False)
    applicant_phone = forms.CharField(
        label=_("Phone"), max_length=15, required=False, widget=forms.TextInput(attrs={"type": "tel"})
    )
    applicant_email = forms.CharField(
        label=_("E-mail"), max_length=254, required=False, widget=forms.TextInput(attrs={"type": "email"})
    )
    applicant_address = forms.CharField(label=_("Address"), max_length=300, required=False)
    applicant_unit = forms.IntegerField(required=False, widget=forms.HiddenInput)
    unit_label = forms.CharField(label=_("Commune / ward"), max_length=300, required=False)
    sets = forms.IntegerField(label=_("Number of sets"), min_value=1, max_value=99, initial=1)
    delivery = forms.ChoiceField(
        label=_("Result delivery"), choices=DELIVERY_CHOICES, initial="counter", widget=forms.RadioSelect
    )
    delivery_address = forms.CharField(label=_("Delivery address"), max_length=300, required=False)
    fees_collected = forms.DecimalField(
        label=_("Fees collected (VND)"),
        min_value=Decimal(0),
        max_digits=14,
        decimal_places=0,
        initial=0,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": "1000"}),
    )
    supplement_items = forms.CharField(
        label=_("Items to supplement (one per line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    action = forms.ChoiceField(
        choices=[(a, a) for a in ACTIONS], required=False, initial=ACTION_RECEIVE, widget=forms.HiddenInput
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.HiddenInput | forms.RadioSelect):
                continue
            widget.attrs["class"] = "form-select" if isinstance(widget, forms.Select) else "form-control"

    def mark_errors(self) -> None:
        """Bootstrap and ARIA markers on the fields that have errors (call before rendering)."""
        if not self.is_bound:
            return
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] = f"{name}-error"

    def clean_applicant_id_number(self) -> str:
        return "".join(str(self.cleaned_data.get("applicant_id_number") or "").split())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        action = data.get("action") or ACTION_RECEIVE
        data["action"] = action
        if action == ACTION_REFUSE and not str(data.get("reason", "")).strip():
            self.add_error("reason", _("Give the reason for the refusal."))
        if action == ACTION_SUPPLEMENT:
            if not self.items():
                self.add_error("supplement_items", _("List the items to supplement."))
            if not str(data.get("reason", "")).strip():
                self.add_error("reason", _("Give the reason for the supplementation request."))
        if data.get("delivery") == "post" and not str(data.get("delivery_address", "")).strip():
            self.add_error("delivery_address", _("Enter the address for delivery by post."))
        return data

    def items(self) -> list[str]:
        raw = str((self.cleaned_data or {}).get("supplement_items") or "")
        return [line.strip() for line in raw.splitlines() if line.strip()]

    def intake_data(self, components: list[ComponentInput]) -> IntakeData:
        d = self.cleaned_data
        applicant = ApplicantData(
            name=d["applicant_name"].strip(),
            kind=d["applicant_kind"],
            id_number=d.get("applicant_id_number") or "",
            tax_code=(d.get("organisation_tax_code") or "").strip(),
            phone=(d.get("applicant_phone") or "").strip(),
            email=(d.get("applicant_email") or "").strip(),
            address=(d.get("applicant_address") or "").strip(),
            unit_id=d.get("applicant_unit"),
        )
        return IntakeData(
            procedure_version_id=d["procedure_version"],
            applicant=applicant,
            components=components,
            channel="counter",
            delivery=d["delivery"],
            delivery_address=(d.get("delivery_address") or "").strip(),
            sets=d["sets"],
            fees_collected=d.get("fees_collected") or Decimal(0),
            competent_agency_id=d.get("competent_agency"),
        )

    def add_service_errors(self, error: ValidationError) -> None:
        """Put the service's messages next to the matching fields (others on top of the form)."""
        if hasattr(error, "error_dict"):
            for key, errors in error.error_dict.items():
                field = SERVICE_FIELD_MAP.get(key, key)
                target = field if field in self.fields else None
                for message in ValidationError(errors).messages:
                    self.add_error(target, message)
        else:
            for message in error.messages:
                self.add_error(None, message)


@dataclass
class ComponentRow:
    """One line of the checklist as shown (with what the officer ticked, kept on re-render)."""

    id: int
    name: str
    mandatory: bool
    form: str
    copies: int
    checked: bool


def component_rows(components: Iterable[Any], data: Mapping[str, Any] | None = None) -> list[ComponentRow]:
    """Checklist rows for the procedure components, with the submitted values when `data` is given."""
    rows = []
    for pc in components:
        prefix = f"comp-{pc.pk}"
        if data is None:
            rows.append(ComponentRow(pc.pk, pc.name, pc.mandatory, pc.form, pc.copies, pc.mandatory))
            continue
        form = str(data.get(f"{prefix}-form") or pc.form)
        if form not in dict(COMPONENT_FORM_CHOICES):
            form = pc.form
        try:
            copies = max(1, min(99, int(str(data.get(f"{prefix}-copies") or pc.copies))))
        except ValueError:
            copies = pc.copies
        rows.append(ComponentRow(pc.pk, pc.name, pc.mandatory, form, copies, bool(data.get(f"{prefix}-on"))))
    return rows


def component_inputs(rows: Iterable[ComponentRow]) -> list[ComponentInput]:
    return [
        ComponentInput(name=r.name, form=r.form, copies=r.copies, procedure_component_id=r.id)
        for r in rows
        if r.checked
    ]


class TransitionForm(forms.Form):
    task = forms.IntegerField(widget=forms.HiddenInput)
    transition = forms.CharField(max_length=50, widget=forms.HiddenInput)
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReturnForm(forms.Form):
    receiver_name = forms.CharField(label=_("Name of the person receiving the result"), max_length=200)
    receiver_id_number = forms.CharField(
        label=_("Their personal ID number"),
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "pattern": r"\d{12}", "autocomplete": "off"}),
    )
