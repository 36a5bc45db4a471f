from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from egov.core.navigation import nav_items_for


def site(request: HttpRequest) -> dict[str, Any]:
    return {
        "site_name": settings.EGOV_SITE_NAME,
        "demo_mode": settings.DEMO_MODE,
        "nav_items": SimpleLazyObject(lambda: nav_items_for(request)),
    }
