from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NationalPortalConfig(AppConfig):
    name = "egov.nationalportal"
    label = "nationalportal"
    verbose_name = _("National public service portal")

    def ready(self) -> None:
        from egov.nationalportal.outbox import dvcqg_send
        from egov.notifications.channels import channel_sender_register

        channel_sender_register("dvcqg", dvcqg_send)
