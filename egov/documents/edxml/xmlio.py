"""Low-level XML helpers: hardened parsing, element access, date formats.

Parsing is lxml with ``resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False``,
and any document type declaration is refused outright (before and after parsing), so XXE,
external DTDs and billion-laughs never reach the resolver. defusedxml is not installed; this is
the equivalent policy (forbid_dtd=True, forbid_entities=True, forbid_external=True).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from zoneinfo import ZoneInfo

from lxml import etree

from egov.documents.edxml import errors
from egov.documents.edxml.model import NAMESPACE

NS = "{" + NAMESPACE + "}"
VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
DATE_FORMAT = "%Y/%m/%d"
TIMESTAMP_FORMAT = "%Y/%m/%d %H:%M:%S"
# [M] a Status Timestamp is read as dd/MM/yyyy HH:mm:ss by one public consumer; accepted on input.
_ALT_TIMESTAMP_FORMAT = "%d/%m/%Y %H:%M:%S"
_DATE_RE = re.compile(r"^[0-9]{4}/[0-9]{2}/[0-9]{2}$")
_DOCTYPE_RE = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_XML_DECL_RE = re.compile(rb"^\s*<\?xml[^>]*encoding\s*=\s*[\"']([A-Za-z0-9._-]+)[\"']")


def parse_bytes(data: bytes, *, max_bytes: int) -> Any:
    """Parse untrusted bytes into an lxml root element, or raise EdxmlError."""
    if not isinstance(data, bytes | bytearray):
        raise errors.malformed("type")
    if len(data) > max_bytes:
        raise errors.too_large(max(1, max_bytes // (1024 * 1024)))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data[:4]:
        raise errors.bad_encoding()  # UTF-16/32 would also hide a DOCTYPE from the byte scan
    match = _XML_DECL_RE.match(data)
    if match and match.group(1).lower() not in (b"utf-8", b"utf8"):
        raise errors.bad_encoding()
    if _DOCTYPE_RE.search(data):
        raise errors.dtd_forbidden()
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        dtd_validation=False,
        remove_comments=True,
        remove_pis=True,
        encoding="utf-8",
    )
    try:
        root = etree.fromstring(bytes(data), parser=parser)
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise errors.malformed(str(exc)[:200]) from exc
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise errors.dtd_forbidden()
    for node in root.iter():
        if isinstance(node, etree._Entity):
            raise errors.dtd_forbidden()
    return root


def child(parent: Any, name: str) -> Any:
    """The first child ``{NS}name`` of ``parent`` or None."""
    if parent is None:
        return None
    return parent.find(NS + name)


def children(parent: Any, name: str) -> list[Any]:
    if parent is None:
        return []
    return list(parent.findall(NS + name))


def text_of(parent: Any, name: str) -> str:
    el = child(parent, name)
    if el is None:
        return ""
    return "".join(el.itertext()).strip()


def int_of(parent: Any, name: str, field: str) -> int | None:
    raw = text_of(parent, name)
    if raw == "":
        return None
    if not raw.isascii() or not raw.isdigit() or len(raw) > 6:
        raise errors.bad_number(field, raw)
    return int(raw)


def parse_date(field: str, raw: str) -> dt.date:
    if not _DATE_RE.match(raw):
        raise errors.bad_date(field, raw)
    try:
        return dt.date.fromisoformat(raw.replace("/", "-"))
    except ValueError as exc:
        raise errors.bad_date(field, raw) from exc


def parse_timestamp(field: str, raw: str) -> dt.datetime:
    for fmt in (TIMESTAMP_FORMAT, _ALT_TIMESTAMP_FORMAT):
        try:
            return dt.datetime.strptime(raw, fmt).replace(tzinfo=VN_TZ)
        except ValueError:
            continue
    raise errors.bad_timestamp(field, raw)


def format_date(value: dt.date) -> str:
    return f"{value.year:04d}/{value.month:02d}/{value.day:02d}"


def format_timestamp(value: dt.datetime) -> str:
    """Aware datetimes are converted to Vietnam time; a naive one is taken as Vietnam time."""
    if value.tzinfo is not None:
        value = value.astimezone(VN_TZ)
    return f"{format_date(value)} {value.hour:02d}:{value.minute:02d}:{value.second:02d}"


def sub(parent: Any, name: str, value: str | None = None) -> Any:
    el = etree.SubElement(parent, NS + name)
    if value is not None:
        el.text = value
    return el


def serialize(root: Any) -> bytes:
    out: bytes = etree.tostring(root, pretty_print=True, xml_declaration=True, encoding="UTF-8")
    return out


def new_root() -> tuple[Any, Any]:
    """``<edXML xmlns=NS><edXML:edXMLEnvelope xmlns:edXML=NS>`` as in the public SDK samples."""
    root = etree.Element(NS + "edXML", nsmap={None: NAMESPACE})
    env = etree.SubElement(root, NS + "edXMLEnvelope", nsmap={"edXML": NAMESPACE})
    return root, env


def find_envelope(root: Any) -> Any:
    """Accept the ``edXML`` wrapper (public samples) or a bare ``edXMLEnvelope`` root."""
    if root.tag == NS + "edXMLEnvelope":
        return root
    if root.tag == NS + "edXML":
        env = child(root, "edXMLEnvelope")
        if env is not None:
            return env
    raise errors.wrong_root(str(root.tag)[:200])
