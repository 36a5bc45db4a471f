"""No tables: one unmanaged model only to declare the API's own permissions."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ApiPermissions(models.Model):
    class Meta:
        managed = False
        default_permissions = ()
        permissions = [("import_legacy", _("Can import legacy dossiers through the API"))]
        verbose_name = _("API permission")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)
