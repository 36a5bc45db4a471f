"""Official documents (Decree 30/2020): incoming and outgoing registers, direction, numbering, release."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "egov.documents"
    label = "documents"
    verbose_name = _("Documents and direction")

    def ready(self) -> None:
        from egov.core.files.access import register_file_access
        from egov.documents.files_access import incoming_file_can_read, outgoing_file_can_read

        register_file_access("documents.incomingdocument", incoming_file_can_read)
        register_file_access("documents.outgoingdocument", outgoing_file_can_read)
