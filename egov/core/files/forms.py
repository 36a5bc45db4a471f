"""SniffedFileField: the upload checks at form validation, before anything is stored.

    class SupplementForm(forms.Form):
        note = forms.CharField()
        scan = SniffedFileField(allowed_kinds=SCAN_KINDS, label=_("Scanned document"))

    # in the view, once form.is_valid():
    file_store(upload=form.cleaned_data["scan"], user=request.user, allowed_kinds=SCAN_KINDS)

An invalid file becomes an ordinary field error (in Vietnamese), so the form is shown again with
everything else the user typed. file_store repeats the checks (and runs the virus scan).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile

from egov.core.files.checks import upload_check, upload_check_size
from egov.core.files.kinds import accept_attribute, kinds_normalise
from egov.core.files.naming import filename_sanitise


class SniffedFileField(forms.FileField):
    def __init__(
        self, *, allowed_kinds: Iterable[str] | None = None, max_bytes: int | None = None, **kwargs: Any
    ) -> None:
        self.allowed_kinds = kinds_normalise(allowed_kinds)
        self.max_bytes = max_bytes  # None: settings.EGOV_UPLOAD_MAX_BYTES at validation time
        super().__init__(**kwargs)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        attrs.setdefault("accept", accept_attribute(self.allowed_kinds))
        return attrs

    def clean(self, data: Any, initial: Any = None) -> Any:
        value = super().clean(data, initial)
        if isinstance(value, UploadedFile):
            self._check(value)
        return value

    def _check(self, upload: UploadedFile) -> None:
        name = filename_sanitise(upload.name or "")
        size = upload.size or 0
        upload_check_size(name=name, size=size, max_bytes=self.max_bytes)
        stream = upload.file
        if stream is None:  # pragma: no cover - Django always gives a file object
            raise ValueError("upload without a file object")
        try:
            upload_check(
                name=name,
                stream=stream,  # type: ignore[arg-type]
                size=size,
                allowed_kinds=self.allowed_kinds,
                max_bytes=self.max_bytes,
            )
        finally:
            upload.seek(0)
