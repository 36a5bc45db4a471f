from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

CALENDAR_SETTINGS = frozenset(
    {"EGOV_OFFICE_HOURS", "EGOV_HOURS_PER_WORKING_DAY", "EGOV_CALENDAR_YEARS", "TIME_ZONE"}
)


def _settings_changed(*, setting: str, **kwargs: Any) -> None:
    """Tests that change the calendar settings get a calendar rebuilt from them (cache only)."""
    if setting in CALENDAR_SETTINGS:
        from egov.core.calendar.cache import reset

        reset()


class WorkCalendarConfig(AppConfig):
    name = "egov.core.calendar"
    label = "work_calendar"
    verbose_name = _("Working calendar")

    def ready(self) -> None:
        from django.test.signals import setting_changed

        setting_changed.connect(_settings_changed, dispatch_uid="work_calendar_settings_changed")
