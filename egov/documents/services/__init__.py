"""Writes of the documents app (see the modules for details)."""

from egov.documents.services.handling import (
    Addressee,
    incoming_assign_handler,
    incoming_close,
    incoming_direct,
    incoming_progress,
)
from egov.documents.services.incoming import (
    IncomingData,
    incoming_receive,
    incoming_register,
    incoming_register_received,
    incoming_return,
    registration_due,
)
from egov.documents.services.numbering import (
    counter_next,
    document_number_issue,
    document_number_issue_row,
    document_symbol,
    number_display,
)
from egov.documents.services.outgoing import outgoing_check_exchangeable, outgoing_number

__all__ = [
    "Addressee",
    "IncomingData",
    "counter_next",
    "document_number_issue",
    "document_number_issue_row",
    "document_symbol",
    "incoming_assign_handler",
    "incoming_close",
    "incoming_direct",
    "incoming_progress",
    "incoming_receive",
    "incoming_register",
    "incoming_register_received",
    "incoming_return",
    "number_display",
    "outgoing_check_exchangeable",
    "outgoing_number",
    "registration_due",
]
