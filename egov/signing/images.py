"""Generated demo images (Pillow): a red round seal with the agency's name, a blue signature scribble."""

from __future__ import annotations

import io
import math
import random

from PIL import Image, ImageDraw, ImageFont

from egov.signing import conf

SEAL_RED = (200, 20, 30, 255)
INK_BLUE = (20, 50, 190, 255)


def _font(size: int, bold: bool = True) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(conf.stamp_font(bold=bold)), size)


def seal_png(*, name: str, short_name: str, size: int = 600) -> bytes:
    """A red round seal: double ring, `name` around the top, a star and `short_name` in the middle."""
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    c, r = size / 2, size / 2 - 6
    draw.ellipse((c - r, c - r, c + r, c + r), outline=SEAL_RED, width=14)
    r2 = r * 0.66
    draw.ellipse((c - r2, c - r2, c + r2, c + r2), outline=SEAL_RED, width=6)
    text = name.upper()
    font = _font(int(size * 0.075))
    span = math.radians(300)
    start = -math.pi / 2 - span / 2
    ring = (r + r2) / 2
    for i, ch in enumerate(text):
        angle = start + span * (i + 0.5) / max(len(text), 1)
        glyph = Image.new("RGBA", (int(size * 0.12), int(size * 0.12)), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text(
            (glyph.width / 2, glyph.height / 2), ch, font=font, fill=SEAL_RED, anchor="mm"
        )
        glyph = glyph.rotate(-math.degrees(angle) - 90, resample=Image.Resampling.BICUBIC)
        x, y = c + ring * math.cos(angle), c + ring * math.sin(angle)
        img.alpha_composite(glyph, (int(x - glyph.width / 2), int(y - glyph.height / 2)))
    star = [
        (
            c + (r2 * 0.35 if k % 2 == 0 else r2 * 0.14) * math.cos(-math.pi / 2 + k * math.pi / 5),
            c
            - r2 * 0.3
            + (r2 * 0.35 if k % 2 == 0 else r2 * 0.14) * math.sin(-math.pi / 2 + k * math.pi / 5),
        )
        for k in range(10)
    ]
    draw.polygon(star, fill=SEAL_RED)
    words = short_name.upper().split()
    small = _font(int(size * 0.09))
    for i, line in enumerate(
        [" ".join(words[:2]), " ".join(words[2:])] if len(words) > 2 else [" ".join(words)]
    ):
        draw.text((c, c + r2 * 0.25 + i * size * 0.1), line, font=small, fill=SEAL_RED, anchor="mm")
    out = io.BytesIO()
    img.save(out, format="PNG")
    return out.getvalue()


def signature_png(*, full_name: str, width: int = 600, height: int = 240) -> bytes:
    """A blue handwritten-looking signature: the given name, slanted, with a flourish."""
    rng = random.Random(full_name)  # noqa: S311 - a drawing, not cryptography
    img = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    given = full_name.split()[-1] if full_name.split() else full_name
    font = ImageFont.truetype(str(conf.stamp_font(bold=False)), int(height * 0.42))
    layer = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    ImageDraw.Draw(layer).text((width * 0.18, height * 0.45), given, font=font, fill=INK_BLUE, anchor="lm")
    layer = layer.transform(
        layer.size,
        Image.Transform.AFFINE,
        (1, 0.35, -height * 0.15, 0, 1, 0),
        resample=Image.Resampling.BICUBIC,
    )
    img.alpha_composite(layer)
    points = []
    for i in range(60):
        t = i / 59
        x = width * (0.1 + 0.8 * t)
        y = height * (0.72 + 0.08 * math.sin(t * 9 + rng.random()) - 0.25 * t * (1 - t))
        points.append((x, y))
    draw.line(points, fill=INK_BLUE, width=6, joint="curve")
    draw.line([(width * 0.7, height * 0.2), (width * 0.86, height * 0.62)], fill=INK_BLUE, width=5)
    out = io.BytesIO()
    img.save(out, format="PNG")
    return out.getvalue()
