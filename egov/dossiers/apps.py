from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossiersConfig(AppConfig):
    name = "egov.dossiers"
    label = "dossiers"
    verbose_name = _("Dossiers")

    def ready(self) -> None:
        from egov.core.files.access import register_file_access
        from egov.dossiers.files_access import dossier_file_can_read

        register_file_access("dossiers.dossier", dossier_file_can_read)
