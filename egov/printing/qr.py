"""QR codes (segno) as data URIs, pointing at the public tracking page of a dossier."""

from __future__ import annotations

from urllib.parse import quote

import segno
from django.conf import settings
from django.urls import reverse

DEFAULT_PUBLIC_BASE_URL = "http://127.0.0.1:8000"


def public_base_url() -> str:
    return str(getattr(settings, "EGOV_PUBLIC_BASE_URL", DEFAULT_PUBLIC_BASE_URL)).rstrip("/")


def tracking_url(code: str) -> str:
    """Absolute URL of the public status page for a dossier code (what the QR code encodes)."""
    path = reverse("tracking:status", kwargs={"code": code})
    return public_base_url() + quote(path, safe="/:-._~")


def qr_data_uri(text: str, *, scale: int = 4) -> str:
    """A ``data:image/svg+xml`` URI with the QR code of ``text`` (error correction M)."""
    qr = segno.make(text, error="m", micro=False)
    return str(qr.svg_data_uri(scale=scale, border=2))
