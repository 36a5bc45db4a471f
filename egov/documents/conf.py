"""Settings of the documents app (read here only; the integrator wires the env vars in config/)."""

from __future__ import annotations

from django.conf import settings

DEFAULT_REMIND_HOURS = 8.0


def remind_hours() -> float:
    """EGOV_DOCUMENT_REMIND_HOURS: working hours before a handling deadline when the handler is
    reminded (once)."""
    return float(getattr(settings, "EGOV_DOCUMENT_REMIND_HOURS", DEFAULT_REMIND_HOURS))


def same_day_cutoff() -> str:
    """EGOV_DOCUMENT_SAME_DAY_CUTOFF ("HH:MM"): documents arriving on a working day before it are due
    for registration and presentation the same day, later ones the next working day (rule 9).
    Defaults to EGOV_SAME_DAY_CUTOFF."""
    value = getattr(settings, "EGOV_DOCUMENT_SAME_DAY_CUTOFF", "") or getattr(
        settings, "EGOV_SAME_DAY_CUTOFF", "15:00"
    )
    return str(value)
