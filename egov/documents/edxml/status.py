"""Status messages (edXML:Status): build, parse and the StatusCode table.

Shape, as the public status builders write it (see the package docstring for sources)::

    <edXML xmlns=NS><edXML:edXMLEnvelope xmlns:edXML=NS><edXML:edXMLHeader>
      <edXML:Status>
        <ResponseFor> OrganId, Code, PromulgationDate, DocumentId </ResponseFor>
        <From> OrganId, OrganizationInCharge, OrganName, … </From>
        <StatusCode/> <Description/> <Timestamp/> (yyyy/MM/dd HH:mm:ss)
        <StaffInfo> Department, Staff, Mobile, Email </StaffInfo>
      </edXML:Status>
    </edXML:edXMLHeader></edXML:edXMLEnvelope></edXML>
"""

from __future__ import annotations

from egov.documents.edxml import build, errors, parse, validate
from egov.documents.edxml.model import StatusMessage
from egov.documents.edxml.status_codes import STATUS_CODES, STATUS_LABELS, status_label
from egov.documents.edxml.xmlio import (
    child,
    find_envelope,
    format_timestamp,
    new_root,
    parse_bytes,
    parse_timestamp,
    serialize,
    sub,
    text_of,
)

__all__ = ["STATUS_CODES", "STATUS_LABELS", "status_build", "status_label", "status_parse"]

STATUS_MAX_BYTES = 1024 * 1024


def status_build(message: StatusMessage) -> bytes:
    """Serialise a status message; refuses unknown status codes and invalid fields (EdxmlError)."""
    validate.status(message)
    root, env_el = new_root()
    header = sub(env_el, "edXMLHeader")
    st = sub(header, "Status")
    build.response_for(st, message.response_for)
    build.organization(st, "From", message.sender)
    sub(st, "StatusCode", message.status_code)
    build._opt(st, "Description", message.description)
    sub(st, "Timestamp", format_timestamp(message.timestamp))
    build.staff_info(st, message.staff_info)
    return serialize(root)


def status_parse(data: bytes, *, max_bytes: int = STATUS_MAX_BYTES) -> StatusMessage:
    """Parse and validate a status message; unknown codes and hostile XML raise EdxmlError."""
    root = parse_bytes(data, max_bytes=max_bytes)
    env_el = find_envelope(root)
    st = child(child(env_el, "edXMLHeader"), "Status")
    if st is None:
        raise errors.required("Status")
    rf_el = child(st, "ResponseFor")
    if rf_el is None:
        raise errors.required("ResponseFor")
    from_el = child(st, "From")
    if from_el is None:
        raise errors.required("From")
    code = text_of(st, "StatusCode")
    if not code:
        raise errors.required("StatusCode")
    if code not in STATUS_CODES:
        raise errors.unknown_status(code)
    raw_ts = text_of(st, "Timestamp")
    if not raw_ts:
        raise errors.required("Timestamp")
    message = StatusMessage(
        response_for=parse.response_for(rf_el),
        sender=parse.organization(from_el),
        status_code=code,
        timestamp=parse_timestamp("Timestamp", raw_ts),
        description=parse._s(st, "Description"),
        staff_info=parse.staff_info(st),
    )
    validate.status(message)
    return message
