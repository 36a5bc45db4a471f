from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from egov.accounts.models import national_id_validator


class ReceiptLookupForm(forms.Form):
    code = forms.CharField(
        label=_("Dossier code"),
        max_length=40,
        help_text=_("As printed on the receipt slip, for example 000.00.31.H59-260302-0001."),
    )
    id_number = forms.CharField(
        label=_("Personal ID number (12 digits)"),
        max_length=12,
        min_length=12,
        validators=[national_id_validator],
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def clean_code(self) -> str:
        return str(self.cleaned_data["code"]).strip()

    def clean_id_number(self) -> str:
        return str(self.cleaned_data["id_number"]).strip()
