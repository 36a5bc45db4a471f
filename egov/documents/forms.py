"""Forms of the document pages: parse and validate input only; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from egov.core.files.kinds import SCAN_KINDS, accept_attribute
from egov.documents.models import Channel, DocumentType, IncomingDocument, OutgoingDocument, Secrecy, Urgency
from egov.org.models import Agency, Department, Role, StaffAssignment

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
SMALL_INPUT = "form-control form-control-sm"
SMALL_SELECT = "form-select form-select-sm"


def _style(form: forms.BaseForm, *, small: bool = False) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxSelectMultiple):
            continue
        select = isinstance(widget, forms.Select | forms.SelectMultiple)
        if small:
            css = SMALL_SELECT if select else SMALL_INPUT
        else:
            css = "form-select" if select else "form-control"
        widget.attrs.setdefault("class", css)


class IncomingFilterForm(forms.Form):
    date_from = forms.DateField(label=_("Arrived from"), required=False, widget=DATE)
    date_to = forms.DateField(label=_("Arrived until"), required=False, widget=DATE)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *IncomingDocument.Status.choices]
    )
    urgency = forms.ChoiceField(
        label=_("Urgency"), required=False, choices=[("", _("All")), *Urgency.choices]
    )
    q = forms.CharField(label=_("Search"), required=False, max_length=200)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self, small=True)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date cannot be before the start date."))
        return data


def _staff_choices(agency_id: int, roles: list[str] | None = None, department_id: int | None = None) -> list:
    today = timezone.localdate()
    qs = StaffAssignment.objects.filter(agency_id=agency_id, valid_from__lte=today).exclude(
        valid_to__lt=today
    )
    if roles:
        qs = qs.filter(role__in=roles)
    if department_id is not None:
        qs = qs.filter(department_id=department_id)
    seen: dict[int, str] = {}
    for a in qs.select_related("user", "department").order_by("user__full_name", "user_id"):
        if a.user.is_active and a.user_id not in seen:
            name = a.user.get_full_name() or a.user.get_username()
            seen[a.user_id] = f"{name} · {a.title}" if a.title else name
    return list(seen.items())


class RegisterForm(forms.Form):
    agency = forms.ModelChoiceField(label=_("Receiving agency"), queryset=Agency.objects.none())
    received_at = forms.DateTimeField(label=_("Arrival date and time"), widget=DATETIME)
    channel = forms.ChoiceField(label=_("Received as"), choices=Channel.choices, initial=Channel.PAPER)
    sender_name = forms.CharField(label=_("Issuing body"), max_length=200)
    sender_code = forms.CharField(label=_("Issuing body code (if known)"), max_length=13, required=False)
    original_number = forms.CharField(label=_("Number"), max_length=11, required=False)
    original_symbol = forms.CharField(label=_("Symbol"), max_length=30, required=False)
    issued_date = forms.DateField(label=_("Date of the document"), required=False, widget=DATE)
    doc_type = forms.ModelChoiceField(
        label=_("Type"),
        queryset=DocumentType.objects.filter(is_active=True),
        empty_label=_("— choose the type —"),
    )
    abstract = forms.CharField(label=_("Abstract"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))
    signer_name = forms.CharField(label=_("Signer"), max_length=50, required=False)
    signer_position = forms.CharField(label=_("Signer's position"), max_length=100, required=False)
    page_count = forms.IntegerField(label=_("Number of pages"), required=False, min_value=1, max_value=999)
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices, initial=Urgency.NORMAL)
    secrecy = forms.ChoiceField(label=_("Secrecy"), choices=Secrecy.choices, initial=Secrecy.NORMAL)
    due_date = forms.DateField(label=_("Response due (set by the sender)"), required=False, widget=DATE)
    present_to = forms.TypedChoiceField(
        label=_("Present to"), required=False, coerce=int, empty_value=None,
        help_text=_("Required for a secret document: only the people named on it can see it."),
    )  # fmt: skip
    file = forms.FileField(
        label=_("Scan or electronic file"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": accept_attribute(SCAN_KINDS)}),
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agency_field = self.fields["agency"]
        assert isinstance(agency_field, forms.ModelChoiceField)  # noqa: S101 - narrowed for mypy
        agency_field.queryset = agencies
        first = agencies.first()
        if first is not None and agencies.count() == 1:
            agency_field.initial = first.pk
            agency_field.widget = forms.HiddenInput()
        if not self.is_bound:
            self.fields["received_at"].initial = timezone.localtime().replace(second=0, microsecond=0)
        leaders: list = []
        for agency in agencies:
            leaders += _staff_choices(agency.pk, [Role.AGENCY_LEADER])
        present = self.fields["present_to"]
        assert isinstance(present, forms.TypedChoiceField)  # noqa: S101
        present.choices = [("", _("— not yet —")), *leaders]
        _style(self)


class RegisterReceivedForm(forms.Form):
    """The clerk registers an electronic arrival (incoming_register_received): only the leader it is
    presented to, with the same choices as RegisterForm's present_to."""

    present_to = forms.TypedChoiceField(
        label=_("Present to"), required=False, coerce=int, empty_value=None,
        help_text=_("Required for a secret document: only the people named on it can see it."),
    )  # fmt: skip

    def __init__(self, *args: Any, document: IncomingDocument, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "register")
        super().__init__(*args, **kwargs)
        field = self.fields["present_to"]
        assert isinstance(field, forms.TypedChoiceField)  # noqa: S101
        field.choices = [("", _("— not yet —")), *_staff_choices(document.agency_id, [Role.AGENCY_LEADER])]
        if document.is_secret:
            field.required = True
        else:
            field.help_text = ""
        _style(self, small=True)


def _recipient_choices(agency_id: int) -> list[tuple[str, str]]:
    units = [
        (f"d:{d.pk}", str(d.name)) for d in Department.objects.filter(agency_id=agency_id).order_by("name")
    ]
    people = [(f"u:{pk}", name) for pk, name in _staff_choices(agency_id)]
    return units + people


class DirectForm(forms.Form):
    lead = forms.ChoiceField(label=_("Lead (unit or person)"))
    coordinators = forms.MultipleChoiceField(
        label=_("Coordinating"), required=False, widget=forms.SelectMultiple(attrs={"size": 4})
    )
    for_information = forms.MultipleChoiceField(
        label=_("For information"), required=False, widget=forms.SelectMultiple(attrs={"size": 4})
    )
    deadline = forms.DateField(label=_("Handling deadline"), required=False, widget=DATE)
    comment = forms.CharField(
        label=_("Direction comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, document: IncomingDocument, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "direct")
        super().__init__(*args, **kwargs)
        choices = _recipient_choices(document.agency_id)
        if document.is_secret:  # named people only
            choices = [c for c in choices if c[0].startswith("u:")]
        for name in ("lead", "coordinators", "for_information"):
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)  # noqa: S101
            field.choices = ([("", "—")] if name == "lead" else []) + choices
        _style(self, small=True)


class AssignForm(forms.Form):
    specialist = forms.TypedChoiceField(label=_("Handler"), coerce=int)
    deadline = forms.DateField(label=_("Deadline"), required=False, widget=DATE)
    comment = forms.CharField(label=_("Comment"), required=False, max_length=1000)

    def __init__(self, *args: Any, document: IncomingDocument, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "assign")
        super().__init__(*args, **kwargs)
        field = self.fields["specialist"]
        assert isinstance(field, forms.TypedChoiceField)  # noqa: S101
        field.choices = [("", "—"), *_staff_choices(document.agency_id, None, document.lead_department_id)]
        _style(self, small=True)


class ProgressForm(forms.Form):
    note = forms.CharField(
        label=_("Progress note"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "progress")
        super().__init__(*args, **kwargs)
        _style(self, small=True)


class CloseForm(forms.Form):
    note = forms.CharField(
        label=_("Result"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    reply = forms.ModelChoiceField(
        label=_("Reply document (number and symbol)"),
        required=False,
        queryset=OutgoingDocument.objects.none(),
        empty_label=_("— none —"),
    )

    def __init__(self, *args: Any, document: IncomingDocument, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "close")
        super().__init__(*args, **kwargs)
        field = self.fields["reply"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101
        field.queryset = OutgoingDocument.objects.filter(
            agency_id=document.agency_id, issued_number__isnull=False
        ).order_by("-pk")
        _style(self, small=True)
