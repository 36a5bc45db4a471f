"""Forms of the signing pages (thin: the services check everything)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

MAX_PDF_BYTES = 30 * 1024 * 1024
MAX_IMAGE_BYTES = 2 * 1024 * 1024


class Pkcs12Form(forms.Form):
    file = forms.FileField(label=_("PKCS#12 file (.p12, .pfx)"))
    passphrase = forms.CharField(
        label=_("Passphrase"), widget=forms.PasswordInput, required=False, strip=False
    )
    label = forms.CharField(label=_("Label (optional)"), max_length=200, required=False)


class ImageForm(forms.Form):
    image = forms.FileField(label=_("PNG image with a transparent background"))

    def clean_image(self) -> object:
        image = self.cleaned_data["image"]
        if image.size > MAX_IMAGE_BYTES:
            raise forms.ValidationError(_("The image is larger than 2 MB."))
        return image


class ValidateForm(forms.Form):
    pdf = forms.FileField(label=_("Signed PDF file"))

    def clean_pdf(self) -> object:
        pdf = self.cleaned_data["pdf"]
        if pdf.size > MAX_PDF_BYTES:
            raise forms.ValidationError(_("The file is larger than 30 MB."))
        head = pdf.read(5)
        pdf.seek(0)
        if head != b"%PDF-":
            raise forms.ValidationError(_("The file is not a PDF."))
        return pdf
