"""Small forms of the dossier page actions (parsing only; the services hold the rules)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from egov.core.files.forms import SniffedFileField
from egov.core.files.kinds import SCAN_KINDS

RESULT_KINDS = SCAN_KINDS


class ActionForm(forms.Form):
    """Bootstrap classes, and service errors put next to the matching field."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, f in self.fields.items():
            widget = f.widget
            if isinstance(widget, forms.CheckboxSelectMultiple):
                continue
            select = isinstance(widget, forms.Select)
            widget.attrs["class"] = "form-select form-select-sm" if select else "form-control form-control-sm"
            widget.attrs.setdefault("id", f"id_{self.prefix or ''}{name}")

    def add_service_errors(self, error: ValidationError) -> None:
        if hasattr(error, "error_dict"):
            for key, errors in error.error_dict.items():
                target = key if key in self.fields else None
                for message in ValidationError(errors).messages:
                    self.add_error(target, message)
        else:
            for message in error.messages:
                self.add_error(None, message)


class ReasonForm(ActionForm):
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class ApologyForm(ReasonForm):
    new_due_at = forms.DateTimeField(
        label=_("New appointment"),
        input_formats=["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )


class SupplementCompleteForm(ActionForm):
    components = forms.MultipleChoiceField(
        label=_("Documents brought"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, procedure_components: Iterable[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.procedure_components = {str(c.pk): c for c in procedure_components}
        field = self.fields["components"]
        assert isinstance(field, forms.MultipleChoiceField)  # noqa: S101 - narrowed for mypy
        field.choices = [(pk, c.name) for pk, c in self.procedure_components.items()]


class AssignForm(ActionForm):
    MODES = (("delegate", _("Delegate")), ("reassign", _("Reassign")))
    mode = forms.ChoiceField(label=_("How"), choices=MODES, initial="delegate")
    to_user = forms.TypedChoiceField(label=_("Colleague"), coerce=int)

    def __init__(self, *args: Any, colleagues: Iterable[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.colleagues = {u.pk: u for u in colleagues}
        field = self.fields["to_user"]
        assert isinstance(field, forms.TypedChoiceField)  # noqa: S101 - narrowed for mypy
        field.choices = [("", "—")] + [
            (pk, u.get_full_name() or u.get_username()) for pk, u in self.colleagues.items()
        ]


class ResultForm(ActionForm):
    file = SniffedFileField(label=_("Result document (PDF or scan)"), allowed_kinds=RESULT_KINDS)


class PaymentForm(ActionForm):
    amount = forms.DecimalField(
        label=_("Amount paid (VND)"), min_value=Decimal(1), max_digits=14, decimal_places=0
    )


class PostReturnForm(ActionForm):
    tracking_number = forms.CharField(label=_("Postal tracking number"), max_length=50)
    handed_at = forms.DateTimeField(
        label=_("Handed to the post at"),
        required=False,
        input_formats=["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
