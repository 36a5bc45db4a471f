"""HTML → PDF with WeasyPrint, offline: fonts come from the project's ``fonts/`` folder through
``@font-face`` file URLs, and the URL fetcher refuses anything but ``file:`` (inside the project)
and ``data:`` URLs, so a template can never make the server fetch from the network."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

FONTS_DIR = Path(settings.BASE_DIR) / "fonts"

# (family, file, weight) — DejaVu has full Vietnamese coverage. A Times New Roman-metric font with
# Vietnamese glyphs (Liberation Serif 2.x, Tinos) would match official documents more closely.
FONT_FILES: tuple[tuple[str, str, str], ...] = (
    ("EgovSerif", "DejaVuSerif.ttf", "normal"),
    ("EgovSerif", "DejaVuSerif-Bold.ttf", "bold"),
    ("EgovSans", "DejaVuSans.ttf", "normal"),
    ("EgovSans", "DejaVuSans-Bold.ttf", "bold"),
)


def font_face_css() -> str:
    rules = []
    for family, filename, weight in FONT_FILES:
        uri = (FONTS_DIR / filename).resolve().as_uri()
        # DejaVu ships no italic file here: let WeasyPrint synthesise oblique from the upright face.
        for style in ("normal", "italic"):
            rules.append(
                f"@font-face {{ font-family: {family}; src: url('{uri}'); "
                f"font-weight: {weight}; font-style: {style}; }}"
            )
    return "\n".join(rules)


class PdfUnavailable(RuntimeError):
    """WeasyPrint's system libraries (Pango) are missing on this machine."""


def _url_allowed(url: str) -> bool:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "data":
        return True
    if scheme == "file":
        return Path(unquote(parts.path)).resolve().is_relative_to(Path(settings.BASE_DIR).resolve())
    return False


@cache
def _weasyprint() -> Any:
    """Import WeasyPrint on first use, so that the site still starts (and says why PDFs fail) on a
    machine without Pango (Debian: apt-get install libpango-1.0-0 libpangoft2-1.0-0)."""
    try:
        import weasyprint
        from weasyprint.text.fonts import FontConfiguration
        from weasyprint.urls import URLFetcher
    except OSError as exc:  # a missing shared library
        raise PdfUnavailable(
            _("PDF printing needs the Pango library: apt-get install libpango-1.0-0 libpangoft2-1.0-0")
        ) from exc

    class LocalOnlyURLFetcher(URLFetcher):  # type: ignore[misc, valid-type]
        """Only ``data:`` URLs and ``file:`` URLs under the project directory are fetched."""

        def __init__(self) -> None:
            super().__init__(allowed_protocols=("file", "data"), allow_redirects=False)

        def fetch(self, url: str, headers: Any = None) -> Any:
            if _url_allowed(url):
                return super().fetch(url, headers)
            raise ValueError(f"Refused URL in PDF rendering: {url[:80]}")

    return weasyprint, FontConfiguration, LocalOnlyURLFetcher


def pdf_render(*, template: str, context: dict[str, Any], base_url: str | None = None) -> bytes:
    """Render a Django template to PDF bytes. The page size and margins come from the template
    (``printing/base.html`` sets A4 portrait, ``printing/base_landscape.html`` A4 landscape)."""
    weasyprint, font_configuration, fetcher_class = _weasyprint()
    html = render_to_string(template, context)
    font_config = font_configuration()
    fetcher = fetcher_class()
    fonts = weasyprint.CSS(string=font_face_css(), font_config=font_config, url_fetcher=fetcher)
    document = weasyprint.HTML(
        string=html,
        base_url=base_url or Path(settings.BASE_DIR).resolve().as_uri() + "/",
        url_fetcher=fetcher,
    )
    pdf = document.write_pdf(stylesheets=[fonts], font_config=font_config)
    assert pdf is not None  # noqa: S101 - write_pdf returns bytes when no target is given
    return bytes(pdf)
