"""Settings read by the e-form engine (one place, with defaults)."""

from __future__ import annotations

from django.conf import settings


def default_province_code() -> int | None:
    """EGOV_DEFAULT_PROVINCE_CODE: the province whose communes an admin_unit field lists by default."""
    value = getattr(settings, "EGOV_DEFAULT_PROVINCE_CODE", None)
    return int(value) if value not in (None, "") else None
