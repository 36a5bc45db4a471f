"""Decide what a file is from its bytes, never from its name or the browser's content type.

Only a few kinds are recognised (see kinds.FileKind); everything else is "unknown". Office documents
are ZIP containers: they are recognised from their entries, after zip-bomb checks on the central
directory (entry count, total and per-entry expansion), without unpacking anything but the tiny
ODT `mimetype` entry and the OOXML `[Content_Types].xml`.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from dataclasses import dataclass
from typing import BinaryIO

from django.conf import settings

from egov.core.files.kinds import FileKind

HEAD_BYTES = 64
PDF_EOF_WINDOW = 2048
ZIP_MAX_ENTRIES = 2000
ZIP_MAX_RATIO = 200  # per entry, for entries over 1 MiB; real office XML stays well under 100
ZIP_RATIO_MIN_SIZE = 1024 * 1024
CONTENT_TYPES_MAX = 1024 * 1024

ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
DOCX_MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
XLSX_MAIN = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
ZIP_LOCAL_HEADER = b"PK\x03\x04"
EXECUTABLE_MAGIC = (
    b"MZ",  # Windows PE / DOS
    b"\x7fELF",
    b"\xfe\xed\xfa\xce",  # Mach-O 32/64, both byte orders, and universal binaries
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",
    b"#!",  # shell, Python, Perl … scripts
)

# Problems: why a file is not accepted even though it looked like something.
EXECUTABLE = "executable"
ARCHIVE_TOO_LARGE = "archive_too_large"
ENCRYPTED = "encrypted"
MACROS = "macros"


@dataclass(frozen=True)
class Sniffed:
    """`kind` is a FileKind value, or None; `problem` tells why when there is a specific reason."""

    kind: str | None
    problem: str = ""


UNKNOWN = Sniffed(None)


def sniff(stream: BinaryIO) -> Sniffed:
    """Look at a seekable binary stream. The position is left at the start."""
    stream.seek(0)
    head = stream.read(HEAD_BYTES)
    try:
        if head.startswith(b"%PDF-"):
            return Sniffed(FileKind.PDF) if _pdf_has_eof(stream) else UNKNOWN
        if head.startswith(b"\xff\xd8\xff"):
            return Sniffed(FileKind.JPEG)
        if head.startswith(PNG_SIGNATURE) and head[12:16] == b"IHDR":
            return Sniffed(FileKind.PNG)
        if head.startswith(ZIP_LOCAL_HEADER):
            return _sniff_zip(stream)
        if head.startswith(EXECUTABLE_MAGIC) or head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"#!"):
            return Sniffed(None, EXECUTABLE)
        return UNKNOWN
    finally:
        stream.seek(0)


def _pdf_has_eof(stream: BinaryIO) -> bool:
    """Damaged or encrypted PDFs pass, but the file must at least end like a PDF."""
    stream.seek(0, 2)
    end = stream.tell()
    stream.seek(max(0, end - PDF_EOF_WINDOW))
    return b"%%EOF" in stream.read(PDF_EOF_WINDOW)


def _zip_max_uncompressed() -> int:
    return int(settings.EGOV_UPLOAD_MAX_UNCOMPRESSED_BYTES)


# What the zipfile module may raise on hostile input.
_MALFORMED_ZIP = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    NotImplementedError,
    ValueError,
    EOFError,
    OSError,
    KeyError,
    RuntimeError,
    struct.error,
    zlib.error,
)


def _sniff_zip(stream: BinaryIO) -> Sniffed:
    try:
        with zipfile.ZipFile(stream) as archive:
            return _sniff_office(archive)
    except _MALFORMED_ZIP:
        return UNKNOWN


def _sniff_office(archive: zipfile.ZipFile) -> Sniffed:
    entries = archive.infolist()
    if len(entries) > ZIP_MAX_ENTRIES:
        return Sniffed(None, ARCHIVE_TOO_LARGE)
    if sum(e.file_size for e in entries) > _zip_max_uncompressed():
        return Sniffed(None, ARCHIVE_TOO_LARGE)
    for entry in entries:
        if entry.file_size > ZIP_RATIO_MIN_SIZE and entry.file_size > ZIP_MAX_RATIO * max(
            entry.compress_size, 1
        ):
            return Sniffed(None, ARCHIVE_TOO_LARGE)
    if any(e.flag_bits & 0x1 for e in entries):
        return Sniffed(None, ENCRYPTED)
    names = {e.filename for e in entries}
    if any(n.lower().rsplit("/", 1)[-1] == "vbaproject.bin" for n in names):
        return Sniffed(None, MACROS)

    found: list[str] = []
    if "[Content_Types].xml" in names:
        content_types = _read_small(archive, "[Content_Types].xml", CONTENT_TYPES_MAX)
        if "word/document.xml" in names and DOCX_MAIN in content_types:
            found.append(FileKind.DOCX)
        if "xl/workbook.xml" in names and XLSX_MAIN in content_types:
            found.append(FileKind.XLSX)
    first = entries[0] if entries else None
    if (
        first is not None
        and first.filename == "mimetype"
        and _read_small(archive, "mimetype", 256).strip() == ODT_MIMETYPE
        and "content.xml" in names
    ):
        found.append(FileKind.ODT)
    # A container claiming two formats at once is not a document anyone saved.
    return Sniffed(found[0]) if len(found) == 1 else UNKNOWN


def _read_small(archive: zipfile.ZipFile, name: str, limit: int) -> bytes:
    """Read at most `limit` bytes of an entry; a larger entry reads as empty (not recognised)."""
    info = archive.getinfo(name)
    if info.file_size > limit:
        return b""
    with archive.open(info) as entry:
        return entry.read(limit)
