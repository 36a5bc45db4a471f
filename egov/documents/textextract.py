"""Text of a document's file, for the search index (egov.documents.search).

- PDF: `pdftotext` (poppler-utils) in a subprocess with a timeout; when the binary is missing, pypdf
  if it is installed; nothing otherwise.
- DOCX / ODT: the paragraphs of word/document.xml / content.xml (zipfile + ElementTree, with a cap
  on the uncompressed size).
- OCR, optional: scanned PDFs (no text layer; rendered with `pdftoppm`) and JPEG/PNG scans go
  through `tesseract -l vie` ONLY when the `tesseract` binary is installed and lists the `vie`
  language (Debian/Ubuntu: apt-get install tesseract-ocr tesseract-ocr-vie); otherwise skipped.

The result is NFC, whitespace-tidied and capped at EGOV_DOCUMENT_TEXT_MAX_CHARS characters. Files
above EGOV_DOCUMENT_TEXT_MAX_BYTES are not read. Extraction never raises on a bad file: it returns
what it could read ("" at worst) and logs why.
"""

from __future__ import annotations

import functools
import logging
import re
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from django.conf import settings

from egov.core.files.kinds import FileKind
from egov.core.files.models import StoredFile
from egov.core.files.storage import storage_path
from egov.core.text import nfc

logger = logging.getLogger(__name__)

DEFAULT_MAX_CHARS = 100_000
DEFAULT_MAX_BYTES = 50 * 1024 * 1024
DEFAULT_TIMEOUT = 30.0
OCR_MAX_PAGES = 10
XML_MAX_BYTES = 20 * 1024 * 1024
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ODF_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"


def max_chars() -> int:
    """EGOV_DOCUMENT_TEXT_MAX_CHARS: characters of extracted text kept per document."""
    return int(getattr(settings, "EGOV_DOCUMENT_TEXT_MAX_CHARS", DEFAULT_MAX_CHARS))


def max_bytes() -> int:
    """EGOV_DOCUMENT_TEXT_MAX_BYTES: larger files are not read."""
    return int(getattr(settings, "EGOV_DOCUMENT_TEXT_MAX_BYTES", DEFAULT_MAX_BYTES))


def timeout() -> float:
    """EGOV_DOCUMENT_TEXT_TIMEOUT: seconds allowed to each external program (pdftotext, tesseract)."""
    return float(getattr(settings, "EGOV_DOCUMENT_TEXT_TIMEOUT", DEFAULT_TIMEOUT))


def tidy(text: str, *, limit: int | None = None) -> str:
    """NFC, no control characters, spaces collapsed inside lines, at most one blank line, capped."""
    text = nfc(text).replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", " ", text)
    lines = [" ".join(line.split()) for line in text.split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return text[: limit if limit is not None else max_chars()]


def _run(args: list[str], *, input_bytes: bytes | None = None) -> bytes:
    """Run a program without a shell; its stdout, or b"" on failure or timeout."""
    try:
        done = subprocess.run(  # noqa: S603 - fixed program names, no shell
            args, input=input_bytes, capture_output=True, timeout=timeout(), check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        logger.warning("text extraction: %s failed: %s", args[0], exc)
        return b""
    if done.returncode != 0:
        logger.info("text extraction: %s exited with %s", args[0], done.returncode)
    return done.stdout[: max_chars() * 4]


@functools.cache
def ocr_available() -> bool:
    """Whether `tesseract` is installed with the Vietnamese language data (checked once)."""
    binary = shutil.which("tesseract")
    if not binary:
        return False
    out = _run([binary, "--list-langs"])
    return "vie" in out.decode("utf-8", "replace").split()


def _pdf_text(path: Path) -> str:
    binary = shutil.which("pdftotext")
    if binary:
        return _run([binary, "-q", "-enc", "UTF-8", "-layout", str(path), "-"]).decode("utf-8", "replace")
    try:
        import pypdf  # type: ignore[import-not-found]  # optional, not a dependency
    except ImportError:
        logger.info("text extraction: neither pdftotext nor pypdf is installed")
        return ""
    try:
        reader = pypdf.PdfReader(str(path))
        return "\n".join((page.extract_text() or "") for page in reader.pages[:500])
    except Exception as exc:
        logger.info("text extraction: pypdf failed: %s", exc)
        return ""


def _ocr_image(path: Path) -> str:
    binary = shutil.which("tesseract")
    if not binary:
        return ""
    return _run([binary, str(path), "-", "-l", "vie"]).decode("utf-8", "replace")


def _ocr_pdf(path: Path) -> str:
    render = shutil.which("pdftoppm")
    if not render:
        return ""
    with tempfile.TemporaryDirectory(prefix="egov-ocr-") as tmp:
        _run([render, "-r", "200", "-gray", "-png", "-l", str(OCR_MAX_PAGES), str(path), f"{tmp}/p"])
        return "\n\n".join(_ocr_image(page) for page in sorted(Path(tmp).glob("p*.png")))


def _zip_xml(path: Path, member: str) -> ElementTree.Element | None:
    try:
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo(member)
            if info.file_size > XML_MAX_BYTES:
                logger.info("text extraction: %s too large in %s", member, path.name)
                return None
            data = archive.read(info)
        if b"<!ENTITY" in data or b"<!DOCTYPE" in data:  # no entity expansion (billion laughs)
            return None
        return ElementTree.fromstring(data)  # noqa: S314 - no DTD, capped size
    except (KeyError, OSError, zipfile.BadZipFile, ElementTree.ParseError) as exc:
        logger.info("text extraction: cannot read %s: %s", member, exc)
        return None


def _docx_paragraph(paragraph: ElementTree.Element) -> str:
    parts: list[str] = []
    for node in paragraph.iter():
        if node.tag == f"{W}t" and node.text:
            parts.append(node.text)
        elif node.tag == f"{W}tab":
            parts.append("\t")
        elif node.tag in (f"{W}br", f"{W}cr"):
            parts.append("\n")
    return "".join(parts)


def docx_text(path: Path) -> str:
    root = _zip_xml(path, "word/document.xml")
    if root is None:
        return ""
    return "\n".join(_docx_paragraph(p) for p in root.iter(f"{W}p"))


def odt_text(path: Path) -> str:
    root = _zip_xml(path, "content.xml")
    if root is None:
        return ""
    blocks = [p for p in root.iter() if p.tag in (f"{ODF_TEXT}p", f"{ODF_TEXT}h")]
    return "\n".join("".join(p.itertext()) for p in blocks)


def path_text_extract(path: Path, kind: str) -> str:
    """The text of the file at `path`, of egov file kind `kind` (see module docstring)."""
    try:
        if path.stat().st_size > max_bytes():
            logger.info("text extraction: %s is above the size cap", path.name)
            return ""
    except OSError:
        return ""
    text = ""
    if kind == FileKind.PDF:
        text = _pdf_text(path)
        if not text.strip() and ocr_available():
            text = _ocr_pdf(path)
    elif kind == FileKind.DOCX:
        text = docx_text(path)
    elif kind == FileKind.ODT:
        text = odt_text(path)
    elif kind in (FileKind.JPEG, FileKind.PNG) and ocr_available():
        text = _ocr_image(path)
    return tidy(text)


def document_text_extract(stored_file: StoredFile | Any) -> str:
    """The text of a stored file (StoredFile): "" for formats without text, or when unreadable."""
    if stored_file is None:
        return ""
    return path_text_extract(storage_path(stored_file.storage_name), str(stored_file.kind))
