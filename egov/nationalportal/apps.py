from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NationalPortalConfig(AppConfig):
    name = "egov.nationalportal"
    label = "nationalportal"
    verbose_name = _("National public service portal")
