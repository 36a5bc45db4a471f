"""Writes of the documents app (see the modules for details)."""

from egov.documents.services.exchange import (
    exchange_package_create,
    exchange_status_for,
    exchange_status_receive,
    exchange_statuses_pending,
)
from egov.documents.services.exchange_import import exchange_import
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
from egov.documents.services.outgoing import (
    RecipientInput,
    outgoing_approve,
    outgoing_check_exchangeable,
    outgoing_decide,
    outgoing_draft_create,
    outgoing_draft_update,
    outgoing_format_check,
    outgoing_issue_number,
    outgoing_number,
    outgoing_pdf_upload,
    outgoing_review,
    outgoing_submit,
)
from egov.documents.services.release import (
    outgoing_mark_paper_signed,
    outgoing_recall,
    outgoing_release,
    outgoing_replace,
    outgoing_sign,
    recall_notice_for,
)

__all__ = [
    "Addressee",
    "IncomingData",
    "RecipientInput",
    "counter_next",
    "document_number_issue",
    "document_number_issue_row",
    "document_symbol",
    "exchange_import",
    "exchange_package_create",
    "exchange_status_for",
    "exchange_status_receive",
    "exchange_statuses_pending",
    "incoming_assign_handler",
    "incoming_close",
    "incoming_direct",
    "incoming_progress",
    "incoming_receive",
    "incoming_register",
    "incoming_register_received",
    "incoming_return",
    "number_display",
    "outgoing_approve",
    "outgoing_check_exchangeable",
    "outgoing_decide",
    "outgoing_draft_create",
    "outgoing_draft_update",
    "outgoing_format_check",
    "outgoing_issue_number",
    "outgoing_mark_paper_signed",
    "outgoing_number",
    "outgoing_pdf_upload",
    "outgoing_recall",
    "outgoing_release",
    "outgoing_replace",
    "outgoing_review",
    "outgoing_sign",
    "outgoing_submit",
    "recall_notice_for",
    "registration_due",
]

from egov.documents.services.workfiles import (
    EntryData,
    archive_transfer_record,
    file_list_add_entry,
    file_list_approve,
    file_list_create,
    workfile_add_document,
    workfile_close,
    workfile_open,
    workfile_remove_document,
)

__all__ += [
    "EntryData",
    "archive_transfer_record",
    "file_list_add_entry",
    "file_list_approve",
    "file_list_create",
    "workfile_add_document",
    "workfile_close",
    "workfile_open",
    "workfile_remove_document",
]
