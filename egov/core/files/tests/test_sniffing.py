from __future__ import annotations

import io

import pytest
from pytest_django import Settings

from egov.core.files import sniffing
from egov.core.files.naming import filename_ascii, filename_extension, filename_sanitise
from egov.core.files.sniffing import sniff
from egov.core.files.tests import samples


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (samples.pdf_bytes(), "pdf"),
        (samples.jpeg_bytes(), "jpeg"),
        (samples.png_bytes(), "png"),
        (samples.docx_bytes(), "docx"),
        (samples.xlsx_bytes(), "xlsx"),
        (samples.odt_bytes(), "odt"),
    ],
)
def test_genuine_files_are_recognised(content: bytes, kind: str) -> None:
    stream = io.BytesIO(content)
    assert sniff(stream).kind == kind
    assert stream.tell() == 0


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (samples.exe_bytes(), "executable"),
        (b"\x7fELF\x02\x01\x01" + b"\0" * 60, "executable"),
        (b"#!/bin/sh\nrm -rf /\n", "executable"),
        (samples.html_bytes(), ""),
        (samples.svg_bytes(), ""),
        (b"<?xml version='1.0'?><root/>", ""),
        (samples.plain_zip_bytes(), ""),
        (b"PK\x03\x04 truncated zip", ""),
        (b"%PDF-1.7\n1 0 obj << >> endobj\n", ""),  # no %%EOF: not even a damaged PDF
        (b"\x89PNG\r\n\x1a\n", ""),  # signature without IHDR
        (samples.odt_bytes(mimetype=b"application/vnd.oasis.opendocument.spreadsheet"), ""),
        (samples.docx_bytes(main_type=samples.DOCM_MAIN), ""),
        (samples.docx_bytes(macros=True), "macros"),
    ],
)
def test_other_content_is_refused(content: bytes, problem: str) -> None:
    result = sniff(io.BytesIO(content))
    assert result.kind is None
    assert result.problem == problem


def test_damaged_or_encrypted_pdf_passes_when_it_ends_like_a_pdf() -> None:
    content = b"%PDF-1.6\n<< /Encrypt 5 0 R >>\ngarbage\x00\xff\n%%EOF\n\n"
    assert sniff(io.BytesIO(content)).kind == "pdf"


def test_zip_bomb_is_refused_from_the_central_directory() -> None:
    bomb = samples.zip_bomb_bytes()
    assert len(bomb) < 200 * 1024
    assert sniff(io.BytesIO(bomb)) == sniffing.Sniffed(None, sniffing.ARCHIVE_TOO_LARGE)


def test_too_much_uncompressed_data_is_refused(settings: Settings) -> None:
    settings.EGOV_UPLOAD_MAX_UNCOMPRESSED_BYTES = 300
    assert sniff(io.BytesIO(samples.docx_bytes())).problem == sniffing.ARCHIVE_TOO_LARGE


def test_too_many_entries_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sniffing, "ZIP_MAX_ENTRIES", 2)
    assert sniff(io.BytesIO(samples.docx_bytes())).problem == sniffing.ARCHIVE_TOO_LARGE


def test_encrypted_zip_entries_are_refused() -> None:
    content = bytearray(samples.docx_bytes())
    # Set the "encrypted" flag bit in every central directory record.
    index = content.find(b"PK\x01\x02")
    while index != -1:
        content[index + 8] |= 0x01
        index = content.find(b"PK\x01\x02", index + 4)
    assert sniff(io.BytesIO(bytes(content))).problem == sniffing.ENCRYPTED


def test_filename_is_nfc_and_safe() -> None:
    decomposed = "Đơn đề nghị.pdf".replace("ơ", "o\u031b").replace("ề", "e\u0302\u0300")
    assert filename_sanitise(decomposed) == "Đơn đề nghị.pdf"
    assert filename_sanitise("C:\\Users\\an\\Giấy tờ\\CCCD.jpg") == "CCCD.jpg"
    assert filename_sanitise("../../etc/passwd") == "passwd"
    assert filename_sanitise("hoa_don\u202egpj.exe") == "hoa_dongpj.exe"  # right-to-left override
    assert filename_sanitise('a<b>:"c"|?*.pdf') == "a_b___c____.pdf"
    assert filename_sanitise(" .. ") == "tep"
    long = filename_sanitise("ả" * 300 + ".docx")
    assert len(long) == 255 and long.endswith("ả.docx")


def test_extension_and_ascii_fallback() -> None:
    assert filename_extension("Báo cáo.PDF") == "pdf"
    assert filename_extension(".pdf") == ""
    assert filename_extension("README") == ""
    assert filename_ascii('Đơn "xin" phép.pdf') == "Don _xin_ phep.pdf"
