from egov.documents.views.detail import incoming_action, incoming_detail
from egov.documents.views.lists import incoming_list_view, overdue_view, register_export
from egov.documents.views.register import incoming_register_view

__all__ = [
    "incoming_action",
    "incoming_detail",
    "incoming_list_view",
    "incoming_register_view",
    "overdue_view",
    "register_export",
]
