"""A small fixed-window rate limiter on Django's cache, and a view decorator answering 429.

``rate_limit(key, limit, window_seconds)`` counts hits per key in the current window (the window
number is part of the cache key, so counters expire by themselves). With a shared cache (Redis,
database) the limit holds across processes; with LocMemCache it is per process.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import lru_cache, wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _

KEY_PREFIX = "egov:rl"
VI_MESSAGE = "Bạn đã gửi quá nhiều yêu cầu. Vui lòng chờ một phút rồi thử lại."


def rate_limit(key: str, limit: int, window_seconds: int) -> bool:
    """Count one hit for ``key``; True while the hit is within ``limit`` for this window.

    One cache round trip in the steady state (``incr``); the first hit of a window costs a failed
    ``incr`` and an ``add``."""
    if limit <= 0:
        return False
    window = int(time.time() // window_seconds)
    cache_key = f"{KEY_PREFIX}:{key}:{window_seconds}:{window}"
    try:
        count = cache.incr(cache_key)
    except ValueError:  # first hit of this window (or the counter was evicted)
        if cache.add(cache_key, 1, timeout=window_seconds + 1):
            return True
        try:
            count = cache.incr(cache_key)  # another process added it in between
        except ValueError:
            return True
    return count <= limit


def client_ip(request: HttpRequest) -> str:
    """REMOTE_ADDR (set the proxy to pass the client address; X-Forwarded-For is not trusted)."""
    return str(request.META.get("REMOTE_ADDR") or "unknown")


def parse_rate(value: str | tuple[int, int]) -> tuple[int, int]:
    """'30/m', '30/min', '100/h', '5/10s' or (limit, seconds) → (limit, seconds)."""
    if isinstance(value, tuple):
        return value
    return _parse_rate(str(value))


@lru_cache(maxsize=64)
def _parse_rate(value: str) -> tuple[int, int]:
    count, _sep, period = value.partition("/")
    period = period.strip().lower() or "m"
    units = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "hour": 3600, "d": 86400, "day": 86400}
    digits = "".join(ch for ch in period if ch.isdigit())
    unit = period[len(digits) :]
    if unit not in units:
        raise ValueError(f"Bad rate: {value!r}")
    return int(count), int(digits or 1) * units[unit]


def ratelimit(
    group: str,
    limit: int | None = None,
    window: int | None = None,
    *,
    setting: str | None = None,
    template: str | None = None,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Limit a view per client IP. ``setting`` names a settings value like '30/m' read at request
    time (so tests can change it); otherwise ``limit`` hits per ``window`` seconds."""

    def current() -> tuple[int, int]:
        if setting is not None and getattr(settings, setting, None) is not None:
            return parse_rate(getattr(settings, setting))
        return int(limit or 60), int(window or 60)

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            hits, seconds = current()
            if not rate_limit(f"{group}:{client_ip(request)}", hits, seconds):
                return too_many_requests(request, seconds, template)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def too_many_requests(request: HttpRequest, retry_after: int, template: str | None = None) -> HttpResponse:
    if template:
        # Rendered without the request: no context processor, no session or user, no cookie.
        context = {
            "retry_after": retry_after,
            "site_name": settings.EGOV_SITE_NAME,
            "LANGUAGE_CODE": get_language(),
        }
        body: str = render_to_string(template, context)
    else:
        msgid = "Too many requests. Please wait a minute and try again."
        message = _(msgid)
        if message == msgid and (get_language() or "vi").startswith("vi"):
            message = VI_MESSAGE  # until the core catalogue has this string
        body = (
            f'<!doctype html><html lang="vi"><meta charset="utf-8"><title>429</title><p>{message}</p></html>'
        )
    response = HttpResponse(body, status=429)
    response["Retry-After"] = str(retry_after)
    return response
