"""Downloads, only through here: login, permission check, then an attachment with safe headers."""

from __future__ import annotations

import logging
import uuid
from urllib.parse import quote

from django.contrib.auth.views import redirect_to_login
from django.http import FileResponse, Http404, HttpRequest, HttpResponseBase
from django.views.decorators.http import require_safe

from egov.core.files.naming import filename_ascii
from egov.core.files.selectors import file_get_for_download, file_open

logger = logging.getLogger(__name__)


def content_disposition(name: str) -> str:
    """`attachment` with an ASCII fallback and the exact UTF-8 name (RFC 6266 / RFC 5987)."""
    return f"attachment; filename=\"{filename_ascii(name)}\"; filename*=UTF-8''{quote(name, safe='')}"


@require_safe
def file_download(request: HttpRequest, file_id: uuid.UUID) -> HttpResponseBase:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    # Missing and forbidden look the same, so a guessed id tells nothing.
    stored = file_get_for_download(user=request.user, file_id=file_id)
    if stored is None:
        raise Http404
    try:
        stream = file_open(stored)
    except FileNotFoundError:
        logger.error("Stored file %s has a row but no bytes on disk", stored.pk)
        raise Http404 from None
    response = FileResponse(stream, content_type=stored.content_type)
    response["Content-Disposition"] = content_disposition(stored.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
