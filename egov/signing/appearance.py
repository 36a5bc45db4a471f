"""Visible signature stamps per Decree 30/2020 Annex I, drawn with pyHanko primitives.

Text is shaped by pyHanko's OpenType engine (HarfBuzz) with Source Serif 4 (1000 units per em, so
glyph advances are not letter-spaced) and the same size is used for Tf and for shaping. Each line
is centred on its own; pyHanko's TextBox only left-aligns, which is why the stamp draws lines itself.

Layout of the personal signature box (x1, y1, x2, y2 in PDF points):

    ┌──────────────────────────────┐
    │      KT. CHỦ TỊCH            │  mode line (bold), optional
    │      PHÓ CHỦ TỊCH            │  position line (bold)
    │      [ signature image ]     │  blue PNG, centred, aspect kept
    │      Phạm Văn Hùng           │  full name (bold)
    └──────────────────────────────┘

The agency signature box is computed from the drawn image rectangle: a seal of its actual diameter,
vertically centred on the image, whose right edge lies one third into the image from its left edge,
so the seal covers about the left third of the signature; two short lines of signature information
(agency, time) sit under the leader's stamp, centred under the seal, in 6 pt blue.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from PIL import Image
from pyhanko.pdf_utils import layout
from pyhanko.pdf_utils.content import ResourceType
from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
from pyhanko.pdf_utils.generic import pdf_name
from pyhanko.pdf_utils.images import PdfImage
from pyhanko.stamp.base import BaseStamp, BaseStampStyle

from egov.signing import conf
from egov.signing.fonts import stamp_font_path

Box = tuple[float, float, float, float]
Rgb = tuple[float, float, float]

BLACK: Rgb = (0.0, 0.0, 0.0)
BLUE: Rgb = (0.0, 0.2, 0.7)
MM = 72 / 25.4
PERSONAL_FONT_SIZE = 11
INFO_FONT_SIZE = 6
ATTACHMENT_FONT_SIZE = 10
LINE_GAP = 1.25


@dataclass(frozen=True)
class Line:
    text: str
    size: float
    bold: bool = False
    colour: Rgb = BLACK


@dataclass(frozen=True)
class PlacedLine:
    line: Line
    centre_x: float | None  # None: left-aligned at x
    x: float
    baseline: float


@dataclass(frozen=True)
class StampSpec:
    """What to draw in a box of width × height (box-local coordinates)."""

    width: float
    height: float
    lines: tuple[PlacedLine, ...] = ()
    image_png: bytes | None = None
    image_rect: Box | None = None  # x1, y1, x2, y2 box-local
    image_under_text: bool = True


def _font_factory(bold: bool) -> GlyphAccumulatorFactory:
    return GlyphAccumulatorFactory(str(stamp_font_path(bold)), font_size=PERSONAL_FONT_SIZE)


@dataclass
class _Fonts:
    writer: Any
    engines: dict[bool, Any] = field(default_factory=dict)

    def get(self, bold: bool) -> Any:
        if bold not in self.engines:
            self.engines[bold] = _font_factory(bold).create_font_engine(self.writer)
        return self.engines[bold]


def image_size(png: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(png)) as img:
        return img.width, img.height


def fit_rect(area: Box, aspect: float) -> Box:
    """The largest rectangle of width/height `aspect` centred in `area`."""
    x1, y1, x2, y2 = area
    w, h = x2 - x1, y2 - y1
    if w / h > aspect:
        nw, nh = h * aspect, h
    else:
        nw, nh = w, w / aspect
    cx, cy = (x1 + x2) / 2, (y1 + y2) / 2
    return (cx - nw / 2, cy - nh / 2, cx + nw / 2, cy + nh / 2)


def personal_layout(
    *, width: float, height: float, top: list[Line], bottom: list[Line], image_aspect: float | None
) -> tuple[list[PlacedLine], Box | None]:
    """Place the title lines at the top, the name at the bottom, and the image between them."""
    placed: list[PlacedLine] = []
    y = height
    for line in top:
        y -= line.size * LINE_GAP
        placed.append(PlacedLine(line, width / 2, 0, y + line.size * 0.25))
    image_top = y - 2
    y = 0.0
    for line in reversed(bottom):
        placed.append(PlacedLine(line, width / 2, 0, y + line.size * 0.35))
        y += line.size * LINE_GAP
    image_bottom = y + 2
    rect = None
    if image_aspect and image_top - image_bottom > 4:
        rect = fit_rect((4, image_bottom, width - 4, image_top), image_aspect)
    return placed, rect


def seal_box_for(
    *, personal_box: Box, image_rect: Box, diameter_mm: float, text_width: float = 0.0
) -> tuple[Box, float, Box]:
    """Page box of the agency signature, its text band height, and the seal's rectangle inside the
    box (Annex I, position 8). The box is widened to `text_width` around the seal's centre."""
    px, py = personal_box[0], personal_box[1]
    ix1, iy1, ix2, iy2 = (image_rect[0] + px, image_rect[1] + py, image_rect[2] + px, image_rect[3] + py)
    d = diameter_mm * MM
    right = ix1 + (ix2 - ix1) / 3
    cy = (iy1 + iy2) / 2
    band = INFO_FONT_SIZE * LINE_GAP * 2 + 2
    width = max(d, text_width + 4)
    cx = right - d / 2
    # The information lines go under the leader's stamp (below the full name), never over it.
    band_top = min(cy - d / 2, personal_box[1])
    box = (cx - width / 2, band_top - band, cx + width / 2, cy + d / 2)
    height = box[3] - box[1]
    seal_rect = (width / 2 - d / 2, height - d, width / 2 + d / 2, height)
    return box, band, seal_rect


class AnnexStampStyle(BaseStampStyle):
    """A BaseStampStyle drawing a prepared StampSpec (no border, no background)."""

    def __init__(self, spec: StampSpec) -> None:
        object.__setattr__(self, "spec", spec)
        object.__setattr__(self, "border_width", 0)
        object.__setattr__(self, "border_color", None)
        object.__setattr__(self, "background", None)
        object.__setattr__(self, "background_opacity", 1.0)

    def create_stamp(self, writer: Any, box: layout.BoxConstraints, text_params: dict) -> AnnexStamp:
        return AnnexStamp(writer=writer, style=self, box=box)


class AnnexStamp(BaseStamp):
    def _render_inner_content(self) -> list[bytes]:
        spec: StampSpec = self.style.spec
        commands: list[bytes] = []
        text = self._text_commands(spec)
        image = self._image_commands(spec) if spec.image_png and spec.image_rect else []
        commands.extend(image + text if spec.image_under_text else text + image)
        return commands

    def _image_commands(self, spec: StampSpec) -> list[bytes]:
        if spec.image_png is None or spec.image_rect is None:
            return []
        x1, y1, x2, y2 = spec.image_rect
        pil = Image.open(io.BytesIO(spec.image_png))
        pil.load()
        image = PdfImage(pil, writer=self.writer, box=layout.BoxConstraints(x2 - x1, y2 - y1))
        drawn = image.render()
        self.import_resources(image.resources)
        return [b"q 1 0 0 1 %g %g cm %s Q" % (x1, y1, drawn)]

    def _text_commands(self, spec: StampSpec) -> list[bytes]:
        if not spec.lines:
            return []
        fonts = _Fonts(self.writer)
        commands: list[bytes] = []
        used: set[bool] = set()
        for placed in spec.lines:
            line = placed.line
            if not line.text:
                continue
            engine = fonts.get(line.bold)
            used.add(line.bold)
            engine.font_size = line.size  # the size used for Td in shaping must equal the Tf size
            shaped = engine.shape(line.text)
            width = shaped.x_advance * line.size
            x = placed.centre_x - width / 2 if placed.centre_x is not None else placed.x
            name = b"/FB" if line.bold else b"/FR"
            commands.append(
                b"BT %s %g Tf %g %g %g rg 1 0 0 1 %g %g Tm %s ET"
                % (name, line.size, *line.colour, x, placed.baseline, shaped.graphics_ops)
            )
        for bold in used:
            self.set_resource(
                category=ResourceType.FONT,
                name=pdf_name("/FB" if bold else "/FR"),
                value=fonts.get(bold).as_resource(),
            )
        return [b"q", *commands, b"Q"]


def text_width(text: str, *, size: float, bold: bool = False) -> float:
    """Advance width of `text` in points (for placing boxes), via fontTools."""
    font = _tt_font(bold)
    cmap = font.getBestCmap()
    metrics = font["hmtx"].metrics
    upem = font["head"].unitsPerEm
    total = sum(metrics[cmap[ord(ch)]][0] for ch in text if ord(ch) in cmap)
    return float(total) * size / upem


_TT_CACHE: dict[bool, Any] = {}


def _tt_font(bold: bool) -> Any:
    if bold not in _TT_CACHE:
        from fontTools.ttLib import TTFont

        _TT_CACHE[bold] = TTFont(str(conf.stamp_font(bold=bold)), lazy=True)
    return _TT_CACHE[bold]


__all__ = [
    "BLUE",
    "AnnexStampStyle",
    "Line",
    "PlacedLine",
    "StampSpec",
    "image_size",
    "personal_layout",
    "seal_box_for",
    "text_width",
]
