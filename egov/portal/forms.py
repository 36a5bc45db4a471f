"""Portal forms: the applicant block, result delivery, attachments, supplement, withdrawal."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from egov.dossiers.public_rating import RatingForm


def _style(form: forms.Form) -> None:
    for f in form.fields.values():
        widget = f.widget
        if isinstance(widget, forms.CheckboxInput | forms.RadioSelect):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")


class ApplicantForm(forms.Form):
    on_behalf = forms.BooleanField(label=_("I am submitting on behalf of someone else"), required=False)
    name = forms.CharField(label=_("Applicant's full name"), max_length=200, required=False)
    id_number = forms.CharField(
        label=_("Personal ID number (12 digits)"),
        max_length=12,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=15,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    email = forms.CharField(
        label=_("E-mail"),
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    address = forms.CharField(
        label=_("Address"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "a")
        super().__init__(*args, **kwargs)
        _style(self)

    def values(self) -> dict[str, Any]:
        """The raw values as typed (a draft keeps them even when invalid)."""
        data = self.data
        out: dict[str, Any] = {k: data.get(self.add_prefix(k), "") for k in self.fields if k != "on_behalf"}
        out["on_behalf"] = data.get(self.add_prefix("on_behalf")) in ("on", "true", "1", "True")
        return out


class DeliveryForm(forms.Form):
    delivery = forms.ChoiceField(
        label=_("How do you want to receive the result?"),
        choices=[
            ("online", _("Online, in my account (electronic result)")),
            ("post", _("By public post to my address")),
            ("counter", _("At the one-stop counter")),
        ],
        widget=forms.RadioSelect,
        initial="online",
    )
    delivery_address = forms.CharField(
        label=_("Address for the result (only when sent by post)"), max_length=300, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "d")
        super().__init__(*args, **kwargs)
        _style(self)


class AttachForm(forms.Form):
    file = forms.FileField(label=_("Choose a file (PDF, JPG or PNG)"), required=False)
    reuse = forms.CharField(required=False, widget=forms.HiddenInput)


class SupplementForm(forms.Form):
    note = forms.CharField(
        label=_("Note for the one-stop officer (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you withdraw the dossier?"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)
        self.fields["reason"].error_messages["required"] = _("Tell us why you withdraw the dossier.")


class OwnerRatingForm(RatingForm):
    """The logged-in owner rates without the last-4-digits check."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["verify"]
