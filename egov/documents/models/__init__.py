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
from egov.documents.models.release import (
    ExchangePackage,
    ExchangeStatus,
    OutgoingRecipient,
    OutgoingReview,
    RecallNotice,
)
from egov.documents.models.types import DOCUMENT_TYPES, DocumentType

__all__ = [
    "DOCUMENT_TYPES",
    "URGENCY_PRIORITY",
    "Channel",
    "Direction",
    "DirectionRecipient",
    "DocumentType",
    "ExchangePackage",
    "ExchangeStatus",
    "HandlerAssignment",
    "HandlingUpdate",
    "IncomingDocument",
    "IssuedNumber",
    "NumberCounter",
    "NumberSeries",
    "OutgoingDocument",
    "OutgoingRecipient",
    "OutgoingReview",
    "RecallNotice",
    "Secrecy",
    "Urgency",
    "is_secret",
    "is_urgent",
]
from egov.documents.models.search import DocumentKind, DocumentText  # noqa: F401
from egov.documents.models.workfiles import FileList, TransferBatch, WorkFile, WorkFileItem  # noqa: F401
