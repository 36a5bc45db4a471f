"""Malformed and hostile input: always a clear EdxmlError, never a crash, a file read or a network access."""

from __future__ import annotations

import socket

import pytest

from egov.documents.edxml import NAMESPACE, EdxmlError, envelope_build, envelope_parse, status_parse
from egov.documents.edxml.tests.factories import minimal_envelope

HEAD = f'<edXML xmlns="{NAMESPACE}"><edXML:edXMLEnvelope xmlns:edXML="{NAMESPACE}"><edXML:edXMLHeader>'


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def _code(data: bytes) -> str:
    with pytest.raises(EdxmlError) as exc:
        envelope_parse(data)
    assert str(exc.value)
    return exc.value.code


XXE_FILE = b"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE edXML [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<edXML xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016"><x>&xxe;</x></edXML>"""

XXE_NETWORK = b"""<?xml version="1.0"?>
<!DOCTYPE edXML SYSTEM "http://127.0.0.1:9/evil.dtd">
<edXML xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016"/>"""

XXE_PARAMETER = b"""<?xml version="1.0"?>
<!DOCTYPE r [<!ENTITY % p SYSTEM "http://127.0.0.1:9/p.dtd"> %p;]>
<r/>"""

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<edXML xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016"><s>&lol9;</s></edXML>"""


@pytest.mark.parametrize("data", [XXE_FILE, XXE_NETWORK, XXE_PARAMETER, BILLION_LAUGHS])
def test_dtd_and_entities_are_refused(data: bytes) -> None:
    assert _code(data) == "dtd"
    with pytest.raises(EdxmlError):
        status_parse(data)


def test_doctype_with_odd_spacing_is_refused() -> None:
    assert _code(b'<?xml version="1.0"?>\n<!doctype x>\n<x/>') in {"dtd", "malformed"}
    assert _code(b'<?xml version="1.0"?>' + b" " * 5000 + b"<!DOCTYPE x []><x/>") == "dtd"


@pytest.mark.parametrize(
    "data",
    [
        "<?xml version='1.0' encoding='UTF-16'?><edXML/>".encode("utf-16"),
        b"\xef\xbb\xbf" + "<!DOCTYPE x>".encode("utf-16-le"),
        b"<?xml version='1.0' encoding='ISO-8859-1'?><edXML/>",
    ],
)
def test_non_utf8_is_refused(data: bytes) -> None:
    assert _code(data) in {"encoding", "malformed"}


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"not xml at all",
        b"<edXML><unclosed></edXML>",
        HEAD.encode() + b"&undefined;</edXML:edXMLHeader></edXML:edXMLEnvelope></edXML>",
        b"\xff\xfe\xfd garbage",
        b"<?xml version='1.0' encoding='UTF-8'?><a>\xc3\x28</a>",
    ],
)
def test_malformed_xml_is_refused(data: bytes) -> None:
    assert _code(data) in {"malformed", "encoding"}


def test_non_bytes_input_is_refused() -> None:
    with pytest.raises(EdxmlError):
        envelope_parse("<edXML/>")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "data",
    [
        b'<edXML xmlns="http://example.org/other"><edXMLEnvelope/></edXML>',
        b"<edXML><edXMLEnvelope/></edXML>",
        f'<Envelope xmlns="{NAMESPACE}"/>'.encode(),
        f'<edXML xmlns="{NAMESPACE}"><Other/></edXML>'.encode(),
    ],
)
def test_wrong_root_or_namespace_is_refused(data: bytes) -> None:
    assert _code(data) == "namespace"


def test_oversized_package_is_refused_before_parsing() -> None:
    data = envelope_build(minimal_envelope())
    with pytest.raises(EdxmlError) as exc:
        envelope_parse(data, max_bytes=len(data) - 1)
    assert exc.value.code == "too_large"


def test_deep_nesting_does_not_crash() -> None:
    data = (
        HEAD.encode()
        + b"<a>" * 100_000
        + b"</a>" * 100_000
        + b"</edXML:edXMLHeader></edXML:edXMLEnvelope></edXML>"
    )
    assert _code(data) in {"malformed", "required"}
