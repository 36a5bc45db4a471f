from egov.documents.models.common import URGENCY_PRIORITY, Channel, Secrecy, Urgency, is_secret, is_urgent
from egov.documents.models.incoming import (
    Direction,
    DirectionRecipient,
    HandlerAssignment,
    HandlingUpdate,
    IncomingDocument,
)
from egov.documents.models.numbering import IssuedNumber, NumberCounter, NumberSeries
from egov.documents.models.outgoing import OutgoingDocument
from egov.documents.models.types import DOCUMENT_TYPES, DocumentType

__all__ = [
    "DOCUMENT_TYPES",
    "URGENCY_PRIORITY",
    "Channel",
    "Direction",
    "DirectionRecipient",
    "DocumentType",
    "HandlerAssignment",
    "HandlingUpdate",
    "IncomingDocument",
    "IssuedNumber",
    "NumberCounter",
    "NumberSeries",
    "OutgoingDocument",
    "Secrecy",
    "Urgency",
    "is_secret",
    "is_urgent",
]
