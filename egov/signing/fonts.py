"""The stamp fonts, reduced once per machine for speed.

pyHanko subsets the embedded font on every signature; on the full Source Serif 4 that costs about
0.4 s, mostly decompiling its large GSUB/GPOS tables. The stamp only needs Latin + Vietnamese
(precomposed letters, so no mark positioning) and kerning, so the first use writes a reduced copy
(same outlines and advance widths, 1000 units per em, no GSUB/GPOS: pair kerning is dropped,
which at 6–11 pt is invisible) into EGOV_SIGNING_FONT_CACHE (default: a folder in
the system temp dir), keyed by the source file's SHA-256. The copy is a cache, never shipped.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import threading
from pathlib import Path

from django.conf import settings

from egov.signing import conf

_LOCK = threading.Lock()
_MEMO: dict[bool, Path] = {}
UNICODES = (
    list(range(0x20, 0x7F))
    + list(range(0xA0, 0x250))
    + list(range(0x300, 0x310))
    + list(range(0x1E00, 0x1F00))
    + list(range(0x2010, 0x2030))
    + [0x20AB, 0x2116]
)


def cache_dir() -> Path:
    default = Path(tempfile.gettempdir()) / "egov-signing-fonts"
    return Path(getattr(settings, "EGOV_SIGNING_FONT_CACHE", "") or default)


def stamp_font_path(bold: bool) -> Path:
    if bold in _MEMO and _MEMO[bold].exists():
        return _MEMO[bold]
    with _LOCK:
        source = conf.stamp_font(bold=bold)
        digest = hashlib.sha256(source.read_bytes()).hexdigest()[:16]
        target = cache_dir() / f"stamp-{digest}-v2.otf"
        if not target.exists():
            _reduce(source, target)
        _MEMO[bold] = target
        return target


def _reduce(source: Path, target: Path) -> None:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    target.parent.mkdir(parents=True, exist_ok=True)
    options = subset.Options()
    options.layout_features = []  # no GSUB/GPOS: NFC Vietnamese uses precomposed glyphs
    options.name_IDs = ["*"]
    options.notdef_outline = True
    font = TTFont(str(source))
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=UNICODES)
    level = logging.getLogger("fontTools").level
    logging.getLogger("fontTools").setLevel(logging.WARNING)
    try:
        subsetter.subset(font)
    finally:
        logging.getLogger("fontTools").setLevel(level)
    fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".otf")
    os.close(fd)
    font.save(tmp)
    os.replace(tmp, target)
