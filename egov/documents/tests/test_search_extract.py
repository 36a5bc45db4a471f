"""Text extraction for the document search: PDF (pdftotext, a WeasyPrint PDF with Vietnamese text),
DOCX, ODT, caps, damaged files, and OCR that is skipped when tesseract + vie are missing."""

from __future__ import annotations

import io
import shutil
import unicodedata
import zipfile
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from egov.core.files.services import file_store
from egov.core.files.tests.samples import pdf_bytes
from egov.documents import textextract
from egov.documents.textextract import document_text_extract, path_text_extract, tidy

needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils missing")
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def docx_bytes(*paragraphs: str) -> bytes:
    body = "".join(f'<w:p><w:r><w:t xml:space="preserve">{escape(p)}</w:t></w:r></w:p>' for p in paragraphs)
    document = f'<?xml version="1.0"?><w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>'
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<Types><Override PartName="/word/document.xml" ContentType="'
            'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        archive.writestr("word/document.xml", document)
    return out.getvalue()


def odt_bytes(text: str) -> bytes:
    ns = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
    content = (
        f'<?xml version="1.0"?><office:document-content xmlns:office="o" xmlns:text="{ns}">'
        f"<text:p>{text}</text:p></office:document-content>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", content)
    return out.getvalue()


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@needs_pdftotext
def test_pdf_text_with_pdftotext(tmp_path: Path) -> None:
    path = write(tmp_path, "a.pdf", pdf_bytes("Ke hoach chuyen doi so 2026"))
    assert path_text_extract(path, "pdf") == "Ke hoach chuyen doi so 2026"


@needs_pdftotext
def test_vietnamese_pdf_made_by_weasyprint_is_nfc(tmp_path: Path) -> None:
    weasyprint = pytest.importorskip("weasyprint")
    from egov.printing.pdf import font_face_css

    html = "<p style='font-family: EgovSans'>Kế hoạch triển khai chuyển đổi số năm 2026</p>"
    data = weasyprint.HTML(string=html).write_pdf(stylesheets=[weasyprint.CSS(string=font_face_css())])
    text = path_text_extract(write(tmp_path, "vn.pdf", data), "pdf")
    assert "Kế hoạch triển khai chuyển đổi số" in text
    assert unicodedata.is_normalized("NFC", text)


def test_pdf_without_pdftotext_or_pypdf_gives_nothing(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.setattr(textextract.shutil, "which", lambda name: None)
    monkeypatch.setitem(__import__("sys").modules, "pypdf", None)
    textextract.ocr_available.cache_clear()
    try:
        assert path_text_extract(write(tmp_path, "a.pdf", pdf_bytes("hello")), "pdf") == ""
    finally:
        textextract.ocr_available.cache_clear()


def test_docx_and_odt(tmp_path: Path) -> None:
    decomposed = unicodedata.normalize("NFD", "Quyết định")
    path = write(tmp_path, "a.docx", docx_bytes("Về việc cải cách hành chính", f"{decomposed} số 05"))
    assert path_text_extract(path, "docx") == "Về việc cải cách hành chính\nQuyết định số 05"
    assert (
        path_text_extract(write(tmp_path, "a.odt", odt_bytes("Công văn  đôn đốc")), "odt")
        == "Công văn đôn đốc"
    )


def test_damaged_and_hostile_files_give_nothing(tmp_path: Path) -> None:
    assert path_text_extract(write(tmp_path, "bad.docx", b"not a zip"), "docx") == ""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", '<!DOCTYPE d [<!ENTITY a "aaaa">]><d>&a;</d>')
    assert path_text_extract(write(tmp_path, "dtd.docx", out.getvalue()), "docx") == ""
    assert path_text_extract(tmp_path / "missing.pdf", "pdf") == ""
    assert path_text_extract(write(tmp_path, "a.xlsx", b"PK"), "xlsx") == ""


def test_caps(tmp_path: Path, settings: Any) -> None:
    settings.EGOV_DOCUMENT_TEXT_MAX_CHARS = 10
    assert tidy("Về   việc\x00 cải cách hành chính") == "Về việc cả"
    settings.EGOV_DOCUMENT_TEXT_MAX_BYTES = 10
    assert path_text_extract(write(tmp_path, "a.docx", docx_bytes("long enough")), "docx") == ""


def test_ocr_is_skipped_without_tesseract(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.setattr(textextract.shutil, "which", lambda name: None)
    textextract.ocr_available.cache_clear()
    try:
        assert textextract.ocr_available() is False
        assert path_text_extract(write(tmp_path, "scan.png", b"\x89PNG"), "png") == ""
    finally:
        textextract.ocr_available.cache_clear()


def test_ocr_needs_the_vietnamese_language(monkeypatch: Any) -> None:
    monkeypatch.setattr(textextract.shutil, "which", lambda name: f"/usr/bin/{name}")
    monkeypatch.setattr(
        textextract, "_run", lambda args, **kw: b"List of available languages (2):\neng\nosd\n"
    )
    textextract.ocr_available.cache_clear()
    try:
        assert textextract.ocr_available() is False
        monkeypatch.setattr(textextract, "_run", lambda args, **kw: b"List (2):\neng\nvie\n")
        textextract.ocr_available.cache_clear()
        assert textextract.ocr_available() is True
    finally:
        textextract.ocr_available.cache_clear()


@pytest.mark.django_db
def test_document_text_extract_reads_a_stored_file() -> None:
    upload = SimpleUploadedFile(
        "cv.docx",
        docx_bytes("Báo cáo chuyển đổi số"),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    stored = file_store(upload=upload, user=None)
    assert document_text_extract(stored) == "Báo cáo chuyển đổi số"
    assert document_text_extract(None) == ""
