from __future__ import annotations

import pytest
from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.datastructures import MultiValueDict
from pytest_django import Settings

from egov.core.files.forms import SniffedFileField
from egov.core.files.kinds import SCAN_KINDS
from egov.core.files.tests import samples


class SupplementForm(forms.Form):
    note = forms.CharField()
    scan = SniffedFileField(allowed_kinds=SCAN_KINDS)


def _form(name: str, content: bytes) -> SupplementForm:
    files: MultiValueDict[str, UploadedFile] = MultiValueDict({"scan": [samples.upload(name, content)]})
    return SupplementForm(data={"note": "Bổ sung giấy tờ"}, files=files)


def test_valid_file_passes_and_can_be_read_again() -> None:
    form = _form("giay-to.pdf", samples.pdf_bytes())
    assert form.is_valid(), form.errors
    assert form.cleaned_data["scan"].read() == samples.pdf_bytes()


def test_invalid_file_is_a_field_error_and_keeps_the_rest(files_root: object) -> None:
    form = _form("giay-to.pdf", samples.exe_bytes())
    assert not form.is_valid()
    assert form.errors["scan"] == [
        "Tệp “giay-to.pdf” là chương trình hoặc tập lệnh; không được phép tải lên loại tệp này."
    ]
    assert form.cleaned_data["note"] == "Bổ sung giấy tờ"
    assert 'value="Bổ sung giấy tờ"' in str(form["note"])
    assert samples.stored_paths(files_root) == []  # type: ignore[arg-type]


def test_kind_and_size_rules(settings: Settings) -> None:
    form = _form("bang-ke.docx", samples.docx_bytes())
    assert not form.is_valid()
    assert form.errors["scan"] == [
        "Tệp “bang-ke.docx” là tệp DOCX, không được chấp nhận ở đây. "
        "Các định dạng được chấp nhận: PDF, JPEG, PNG."
    ]
    settings.EGOV_UPLOAD_MAX_BYTES = 1536
    form = _form("giay-to.pdf", samples.pdf_bytes() + b"\n" * 2000)
    assert not form.is_valid()
    assert form.errors["scan"] == ["Tệp “giay-to.pdf” vượt quá dung lượng cho phép 1,5 KB."]


def test_required_and_accept_attribute() -> None:
    form = SupplementForm(data={"note": "x"}, files=MultiValueDict())
    assert not form.is_valid()
    assert form.errors["scan"] == ["Trường này là bắt buộc."]
    assert 'accept=".pdf,.jpg,.jpeg,.png"' in str(form["scan"])


def test_unknown_kind_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        SniffedFileField(allowed_kinds={"exe"})
