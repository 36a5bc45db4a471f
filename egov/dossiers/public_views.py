"""Public dossier tracking (no login): look a dossier up by its code, or open it from the QR code
printed on the forms. Rate-limited per client IP (setting EGOV_RATELIMIT_TRACKING, e.g. '30/m').

The pages are rendered without the request (`_page.html`, no context processors): they never read
`request.user` or the session, never use the CSRF token and set no cookie, so a look-up costs one
cache read (or one query) plus the rate-limit counter."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.loader import get_template
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from egov.core.ratelimit import ratelimit
from egov.dossiers.public_status import (
    CODE_MAX_LENGTH,
    PublicStatus,
    cache_seconds,
    normalise_code,
    public_status,
)

RATE_SETTING = "EGOV_RATELIMIT_TRACKING"
RATE_TEMPLATE = "dossiers/public/ratelimited.html"
LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def _page(template: str, context: dict[str, Any], *, status: int = 200) -> HttpResponse:
    context = {"site_name": settings.EGOV_SITE_NAME, "LANGUAGE_CODE": get_language(), **context}
    return HttpResponse(get_template(template).render(context), status=status)


def updated_text(as_of: datetime | None) -> str:
    """'Cập nhật lúc 09:41 (có thể chậm tới 30 giây)': when the figures shown were read."""
    if as_of is None:
        return ""
    seconds = cache_seconds()
    if seconds > 0:
        text = _("Updated at %(time)s (may be up to %(seconds)s seconds old)")
    else:
        text = _("Updated at %(time)s")
    return text % {"time": timezone.localtime(as_of, LOCAL_TZ).strftime("%H:%M"), "seconds": seconds}


def _status_page(code: str) -> HttpResponse:
    found: PublicStatus | None = public_status(code=code)
    context: dict[str, Any] = {"code": normalise_code(code), "result": found, "code_max": CODE_MAX_LENGTH}
    if found is None:
        return _page("dossiers/public/not_found.html", context, status=404)
    context["updated"] = updated_text(found.as_of)
    return _page("dossiers/public/status.html", context)


@require_safe
@ratelimit("tracking", 30, 60, setting=RATE_SETTING, template=RATE_TEMPLATE)
def lookup(request: HttpRequest) -> HttpResponse:
    code = request.GET.get("ma", "").strip()
    if code:
        return _status_page(code)
    return _page("dossiers/public/lookup.html", {"code_max": CODE_MAX_LENGTH})


@require_safe
@ratelimit("tracking", 30, 60, setting=RATE_SETTING, template=RATE_TEMPLATE)
def status(request: HttpRequest, code: str) -> HttpResponse:
    normalised = normalise_code(code)
    if normalised != code and normalised:
        return redirect("tracking:status", code=normalised)
    return _status_page(code)
