"""QR codes drawn on the server as inline SVG, so that a printed page can send
a phone straight to the app."""

from __future__ import annotations

from functools import lru_cache

import segno


@lru_cache(maxsize=256)
def qr_svg(url: str, *, title: str) -> str:
    """The URL as an inline SVG element, sized by its viewBox.

    segno draws the code as one path with presentation attributes and no
    style attribute, so the page keeps to the Content-Security-Policy. Error
    correction "M" survives a crease or a smudge on paper.
    """
    code = segno.make_qr(url, error="m", boost_error=False)
    # omitsize leaves out width and height so that the stylesheet sizes it; segno
    # escapes the title it writes into the SVG.
    svg: str = code.svg_inline(
        scale=1, border=4, omitsize=True, title=title, svgclass="qr", lineclass=None, dark="#000", light="#fff"
    )
    # The title names the picture for screen readers once it is an image.
    return svg.replace("<svg ", '<svg role="img" ', 1)
