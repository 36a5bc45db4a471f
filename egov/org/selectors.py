"""Reads for the organisation: roles of a staff member, staff home data. (Stub until the org slice lands.)"""

from __future__ import annotations

from typing import Any


def staff_roles(*, user: Any) -> set[str]:
    return set()


def staff_home_context(*, user: Any) -> dict[str, Any]:
    return {}
