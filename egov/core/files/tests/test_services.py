from __future__ import annotations

import hashlib
import stat
import unicodedata
from pathlib import Path

import pytest
from django.db import transaction
from pytest_django import Settings

from egov.accounts.models import User
from egov.core.audit.models import AuditEvent
from egov.core.files.errors import UploadRejected
from egov.core.files.kinds import SCAN_KINDS
from egov.core.files.models import StoredFile
from egov.core.files.selectors import file_list_for_owner, file_open
from egov.core.files.services import file_attach, file_store
from egov.core.files.storage import storage_path
from egov.core.files.tests import samples

pytestmark = pytest.mark.django_db


def _refused(files_root: Path, upload: object, **kwargs: object) -> str:
    """Store must fail, leave nothing behind, and say why in Vietnamese."""
    with pytest.raises(UploadRejected) as info:
        file_store(upload=upload, **kwargs)  # type: ignore[arg-type]
    assert samples.stored_paths(files_root) == []
    assert not StoredFile.objects.exists()
    assert not AuditEvent.objects.filter(action="file.store").exists()
    return str(info.value)


@pytest.mark.parametrize(
    ("name", "content", "kind", "content_type"),
    [
        ("Đơn đề nghị.pdf", samples.pdf_bytes(), "pdf", "application/pdf"),
        ("ảnh chân dung.JPG", samples.jpeg_bytes(), "jpeg", "image/jpeg"),
        ("so-do.png", samples.png_bytes(), "png", "image/png"),
        (
            "to-trinh.docx",
            samples.docx_bytes(),
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "bang-ke.xlsx",
            samples.xlsx_bytes(),
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        ("bien-ban.odt", samples.odt_bytes(), "odt", "application/vnd.oasis.opendocument.text"),
    ],
)
def test_genuine_files_are_stored(
    citizen: User, files_root: Path, name: str, content: bytes, kind: str, content_type: str
) -> None:
    stored = file_store(upload=samples.upload(name, content, "application/octet-stream"), user=citizen)

    assert stored.kind == kind
    assert stored.content_type == content_type  # from the bytes, not from the browser
    assert stored.original_name == name
    assert stored.size == len(content)
    assert stored.sha256 == hashlib.sha256(content).hexdigest()
    assert stored.uploaded_by == citizen
    with file_open(stored) as stream:
        assert stream.read() == content

    path = storage_path(stored.storage_name)
    assert path.relative_to(files_root).parts == (
        stored.storage_name[:2],
        stored.storage_name[2:4],
        path.name,
    )
    assert name not in str(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o750
    assert stat.S_IMODE(path.parent.parent.stat().st_mode) == 0o750
    assert list((files_root / "tmp").iterdir()) == []

    event = AuditEvent.objects.get(action="file.store")
    assert event.actor_id == citizen.pk
    assert event.object_id == str(stored.pk)
    assert event.data["sha256"] == stored.sha256


def test_vietnamese_name_is_stored_nfc(citizen: User) -> None:
    decomposed = unicodedata.normalize("NFD", "Giấy khai sinh Nguyễn Văn Đức.pdf")
    stored = file_store(upload=samples.upload(decomposed, samples.pdf_bytes()), user=citizen)
    stored.refresh_from_db()
    assert stored.original_name == "Giấy khai sinh Nguyễn Văn Đức.pdf"
    assert unicodedata.is_normalized("NFC", stored.original_name)


def test_renamed_executable_is_refused(citizen: User, files_root: Path) -> None:
    message = _refused(files_root, samples.upload("hoa-don.pdf", samples.exe_bytes()), user=citizen)
    assert message == "Tệp “hoa-don.pdf” là chương trình hoặc tập lệnh; không được phép tải lên loại tệp này."


@pytest.mark.parametrize("content", [samples.html_bytes(), samples.svg_bytes()])
def test_markup_named_pdf_is_refused(citizen: User, files_root: Path, content: bytes) -> None:
    message = _refused(files_root, samples.upload("don.pdf", content), user=citizen)
    assert message == "Tệp “don.pdf” không phải là tệp PDF hợp lệ."


def test_png_named_pdf_is_refused(citizen: User, files_root: Path) -> None:
    message = _refused(files_root, samples.upload("scan.pdf", samples.png_bytes()), user=citizen)
    assert message == (
        "Tệp “scan.pdf” thực chất là tệp PNG, không khớp với phần mở rộng của tên tệp. "
        "Hãy đổi tên tệp thành đuôi .png hoặc chọn đúng tệp."
    )


def test_plain_zip_is_refused(citizen: User, files_root: Path) -> None:
    message = _refused(files_root, samples.upload("ho-so.zip", samples.plain_zip_bytes()), user=citizen)
    assert message == (
        "Tệp “ho-so.zip” không thuộc định dạng được hỗ trợ. "
        "Các định dạng được chấp nhận: PDF, JPEG, PNG, DOCX, XLSX, ODT."
    )
    message = _refused(files_root, samples.upload("ho-so.docx", samples.plain_zip_bytes()), user=citizen)
    assert message == "Tệp “ho-so.docx” không phải là tệp DOCX hợp lệ."


def test_zip_bomb_is_refused(citizen: User, files_root: Path) -> None:
    message = _refused(files_root, samples.upload("bom.docx", samples.zip_bomb_bytes()), user=citizen)
    assert message == (
        "Tệp “bom.docx” khi giải nén có dung lượng quá lớn hoặc quá nhiều thành phần "
        "nên không được chấp nhận."
    )


def test_kind_outside_the_callers_list_is_refused(citizen: User, files_root: Path) -> None:
    upload = samples.upload("bang-ke.xlsx", samples.xlsx_bytes())
    message = _refused(files_root, upload, user=citizen, allowed_kinds=SCAN_KINDS)
    assert message == (
        "Tệp “bang-ke.xlsx” là tệp XLSX, không được chấp nhận ở đây. "
        "Các định dạng được chấp nhận: PDF, JPEG, PNG."
    )


def test_file_over_the_limit_is_refused_before_reading(
    citizen: User, files_root: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.EGOV_UPLOAD_MAX_BYTES = 100
    upload = samples.upload("lon.pdf", samples.pdf_bytes())

    def no_reading(*args: object, **kwargs: object) -> None:
        raise AssertionError("the size was known: nothing should be read")

    monkeypatch.setattr(upload, "chunks", no_reading)
    message = _refused(files_root, upload, user=citizen)
    assert message == "Tệp “lon.pdf” vượt quá dung lượng cho phép 100 byte."


def test_file_over_the_limit_is_refused_while_streaming(
    citizen: User, files_root: Path, settings: Settings
) -> None:
    """A size that lies (or is unknown) does not get past the counter on the bytes really read."""
    settings.EGOV_UPLOAD_MAX_BYTES = 2 * 1024 * 1024
    upload = samples.upload("lon.pdf", b"%PDF-1.4\n" + b"0" * (3 * 1024 * 1024) + b"\n%%EOF")
    upload.size = 1000
    message = _refused(files_root, upload, user=citizen)
    assert message == "Tệp “lon.pdf” vượt quá dung lượng cho phép 2 MB."


def test_default_limit_message(citizen: User, files_root: Path, settings: Settings) -> None:
    settings.EGOV_UPLOAD_MAX_BYTES = 20 * 1024 * 1024
    upload = samples.upload("lon.pdf", samples.pdf_bytes())
    upload.size = 21 * 1024 * 1024
    assert _refused(files_root, upload, user=citizen) == "Tệp “lon.pdf” vượt quá dung lượng cho phép 20 MB."


def test_empty_file_is_refused(citizen: User, files_root: Path) -> None:
    assert _refused(files_root, samples.upload("rong.pdf", b""), user=citizen) == (
        "Tệp “rong.pdf” không có nội dung."
    )


def test_messages_follow_the_active_language(citizen: User, files_root: Path) -> None:
    from django.utils import translation

    with pytest.raises(UploadRejected) as info:
        file_store(upload=samples.upload("don.pdf", samples.html_bytes()), user=citizen)
    with translation.override("en"):
        assert str(info.value) == "The file “don.pdf” is not a valid PDF file."
    assert info.value.code == "invalid"


def test_owner_link_and_system_upload(citizen: User) -> None:
    stored = file_store(upload=samples.upload("a.pdf", samples.pdf_bytes()), user=None, owner=citizen)
    assert stored.uploaded_by is None
    assert (stored.owner_type, stored.owner_id) == ("accounts.user", str(citizen.pk))
    assert list(file_list_for_owner(owner=citizen)) == [stored]
    assert AuditEvent.objects.get(action="file.store").actor_id is None


def test_attach_later(citizen: User, other_user: User) -> None:
    stored = file_store(upload=samples.upload("a.pdf", samples.pdf_bytes()), user=citizen)
    attached = file_attach(stored=stored, owner=other_user, user=citizen)
    assert (attached.owner_type, attached.owner_id) == ("accounts.user", str(other_user.pk))
    assert file_attach(stored=stored, owner=other_user, user=citizen) == attached  # idempotent
    with pytest.raises(ValueError, match="already attached"):
        file_attach(stored=stored, owner=citizen, user=citizen)
    assert AuditEvent.objects.filter(action="file.attach").count() == 1


def test_rollback_of_the_surrounding_transaction_removes_the_file(citizen: User, files_root: Path) -> None:
    kept = file_store(upload=samples.upload("giu-lai.pdf", samples.pdf_bytes()), user=citizen)

    class Boom(Exception):
        pass

    with pytest.raises(Boom), transaction.atomic():
        stored = file_store(upload=samples.upload("huy.pdf", samples.pdf_bytes()), user=citizen)
        path = storage_path(stored.storage_name)
        assert path.exists()
        raise Boom

    assert not path.exists()
    assert list(StoredFile.objects.all()) == [kept]
    assert samples.stored_paths(files_root) == [storage_path(kept.storage_name)]


def test_failure_while_writing_the_row_removes_the_file(
    citizen: User, files_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_audit(**kwargs: object) -> None:
        raise RuntimeError("audit chain unavailable")

    monkeypatch.setattr("egov.core.files.services.audit_record", broken_audit)
    with pytest.raises(RuntimeError):
        file_store(upload=samples.upload("a.pdf", samples.pdf_bytes()), user=citizen)
    assert samples.stored_paths(files_root) == []
    assert not StoredFile.objects.exists()
