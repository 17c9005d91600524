"""Draw the exercise pictures and the foot map as inline SVG, from data.

The foot's close-up is drawn in foot.py, a whole-body figure in figure_svg.py, both
with the helpers of svg.py; this module holds the entry points the pages use.
"""

from __future__ import annotations

import hashlib
import math
from functools import lru_cache

from footcoach.core.figure_svg import posed_svg
from footcoach.core.foot import PLACES, VIEW_BOX, VIEW_WORDS, close_up, places_of, view_of
from footcoach.core.schemas import FootMap, Picture, PictureView
from footcoach.core.svg import ARROW, HIGHLIGHT, OUTLINE, SKIN, Point, num, oval, root

# Tests and templates take these from here, the drawing's front door.
__all__ = ["ARROW", "HIGHLIGHT", "PLACES", "SKIN", "drawn_places", "foot_map_svg", "picture_svg"]


def drawn_places(view: PictureView) -> frozenset[str]:
    """The places the drawing has geometry for in a view; must equal VIEW_PLACES."""
    return frozenset(PLACES[view])


def _svg(picture: Picture, title: str, desc: str, prefix: str, overlay: str = "", labels: str = "") -> str:
    clip, body = close_up(picture, prefix, overlay, labels)
    return root(VIEW_BOX[view_of(picture)], title, desc, prefix, clip, body)


def _prefix(title: str, content: str) -> str:
    """A short id prefix from the content, so two pictures on one page do not share ids."""
    return "fc" + hashlib.sha256(f"{title}\n{content}".encode()).hexdigest()[:8]


# A drawing depends only on its picture's data and title, both frozen values read
# from the content; the pages draw the same few dozen again and again (the library
# page alone shows every exercise), so each is drawn once per process. The bound is
# far above the pictures the content holds, stand-ins included.
@lru_cache(maxsize=1024)
def picture_svg(picture: Picture, *, title: str) -> str:
    """An exercise picture as an inline SVG element, labelled by the title and the alt text."""
    if picture.pose is not None:
        return posed_svg(picture, picture.pose, title, _prefix(title, picture.model_dump_json()))
    return _svg(picture, title, picture.alt, _prefix(title, picture.model_dump_json()))


@lru_cache(maxsize=64)
def foot_map_svg(foot_map: FootMap, *, title: str) -> str:
    """The map's view with each zone outlined and numbered from 1, in the map's order."""
    numbered = "; ".join(f"{number} {zone.name}" for number, zone in enumerate(foot_map.zones, start=1))
    desc = f"The {VIEW_WORDS[foot_map.view]} of a right foot with numbered areas: {numbered}."
    plain = Picture(view=foot_map.view, alt=foot_map.name)
    places = places_of(plain)
    dashed = f'fill="{HIGHLIGHT}" fill-opacity="0.12" stroke="{HIGHLIGHT}" stroke-width="3" stroke-dasharray="7 5"'
    ovals = "".join(oval(o, dashed) for zone in foot_map.zones for o in places[zone.place].shape)
    spots: list[Point] = []
    for zone in foot_map.zones:
        x, y = places[zone.place].centre
        # Nested zones (the toes and the big toe) sit close; move a number down until it is clear.
        while any(math.hypot(x - sx, y - sy) < 28 for sx, sy in spots):
            y += 28
        spots.append((x, y))
    labels = "".join(
        f'<circle cx="{num(x)}" cy="{num(y)}" r="13" fill="#fff" stroke="{OUTLINE}" stroke-width="2"/>'
        f'<text x="{num(x)}" y="{num(y + 6)}" text-anchor="middle" font-family="sans-serif" '
        f'font-size="17" font-weight="bold" fill="{OUTLINE}">{number}</text>'
        for number, (x, y) in enumerate(spots, start=1)
    )
    prefix = _prefix(title, foot_map.model_dump_json())
    return _svg(plain, title, desc, prefix, overlay=ovals, labels=labels)
