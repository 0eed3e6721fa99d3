"""QR codes as inline SVG (``segno``), so phones can jump from a screen to where they act."""

from __future__ import annotations

from functools import lru_cache

import segno
from markupsafe import Markup


@lru_cache(maxsize=64)
def qr_svg(url: str) -> Markup:
    """An inline ``<svg>`` for ``url``, dark on light (phones read that best), scalable by CSS.

    segno writes only paths and numbers into the SVG (the URL is not in it as text),
    so it is safe to put in a page as markup.
    """
    code = segno.make(url, error="m", micro=False)
    svg = code.svg_inline(scale=1, border=2, dark="#000", light="#fff", omitsize=True,
                          svgclass="qr-code", lineclass=None)
    return Markup(svg)
