"""Template helpers for the account pages."""

from __future__ import annotations

import math
from datetime import timedelta

from django import template

register = template.Library()


@register.filter
def whole_minutes(value: timedelta | None) -> int:
    """A cool-off period in whole minutes, rounded up (django-axes gives a timedelta)."""
    if not value:
        return 0
    return max(1, math.ceil(value.total_seconds() / 60))


@register.filter
def seconds_as_minutes(value: int | None) -> int:
    """Seconds in whole minutes, rounded up (at least 1)."""
    return max(1, math.ceil(int(value or 0) / 60))
