from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Owner type of blank forms (ProcedureComponent.blank_form) when they are attached to an object.
BLANK_FORM_OWNER_TYPES = ("catalog.procedurecomponent", "catalog.procedureversion", "catalog.procedure")


def _sqlite_functions(sender: Any, connection: Any, **kwargs: Any) -> None:
    """SQLite's LOWER() knows only ASCII; search ranking needs Unicode lower case (egov.catalog.search)."""
    if connection.vendor == "sqlite":
        from egov.catalog.search import SQLITE_LOWER, sqlite_lower

        connection.connection.create_function(SQLITE_LOWER, 1, sqlite_lower, deterministic=True)


class CatalogConfig(AppConfig):
    name = "egov.catalog"
    label = "catalog"
    verbose_name = _("Procedure catalogue")

    def ready(self) -> None:
        from django.db import connections
        from django.db.backends.signals import connection_created

        from egov.catalog.selectors import blank_form_can_read
        from egov.core.files.access import register_file_access

        connection_created.connect(_sqlite_functions, dispatch_uid="egov.catalog.sqlite_functions")
        for conn in connections.all(initialized_only=True):  # opened before ready(): rare, but possible
            if conn.connection is not None:
                _sqlite_functions(sender=None, connection=conn)
        for owner_type in BLANK_FORM_OWNER_TYPES:
            register_file_access(owner_type, blank_form_can_read)
