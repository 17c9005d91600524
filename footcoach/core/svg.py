"""The SVG pieces the foot and the figure share: colours, numbers, ovals, arrows, the <svg> element."""

from __future__ import annotations

import math
from html import escape
from typing import NamedTuple

OUTLINE = "#1a1a1a"
SKIN = "#fbf3ea"
SKIN_SHADE = "#eedfcf"
HIGHLIGHT = "#b34700"
ARROW = "#0b3d91"
HIGHLIGHT_ON_SKIN = "#e5bfa4"  # HIGHLIGHT at the zones' 0.3 opacity over SKIN

Point = tuple[float, float]


class Oval(NamedTuple):
    cx: float
    cy: float
    rx: float
    ry: float
    turn: float = 0.0


def num(value: float) -> str:
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def pt(p: Point) -> str:
    return f"{num(p[0])} {num(p[1])}"


def rotate(p: Point, about: Point, degrees: float) -> Point:
    a = math.radians(degrees)
    dx, dy = p[0] - about[0], p[1] - about[1]
    return (about[0] + dx * math.cos(a) - dy * math.sin(a), about[1] + dx * math.sin(a) + dy * math.cos(a))


def oval(o: Oval, style: str) -> str:
    turn = f' transform="rotate({num(o.turn)} {num(o.cx)} {num(o.cy)})"' if o.turn else ""
    return f'<ellipse cx="{num(o.cx)}" cy="{num(o.cy)}" rx="{num(o.rx)}" ry="{num(o.ry)}"{turn} {style}/>'


def head(tip: Point, towards: Point) -> str:
    """A triangular arrowhead at tip, pointing away from towards."""
    length = math.hypot(tip[0] - towards[0], tip[1] - towards[1]) or 1.0
    ux, uy = (tip[0] - towards[0]) / length, (tip[1] - towards[1]) / length
    back_x, back_y = tip[0] - ux * 12, tip[1] - uy * 12
    corners = f"L{pt((back_x - uy * 7, back_y + ux * 7))}L{pt((back_x + uy * 7, back_y - ux * 7))}"
    return f'<path d="M{pt(tip)}{corners}Z"/>'


def arrow_marks(shafts: list[str], heads: list[str], *, dashed: bool = False) -> str:
    """Arrow shafts and heads in blue on a white halo, so they read over skin and highlights."""
    dash = ' stroke-dasharray="8 7"' if dashed else ""
    lines = "".join(f'<path d="{d}"/>' for d in shafts)
    tips = "".join(heads)
    return (
        f'<g fill="none" stroke="#fff" stroke-width="8" stroke-linecap="round">{lines}</g>'
        f'<g fill="#fff" stroke="#fff" stroke-width="5" stroke-linejoin="round">{tips}</g>'
        f'<g fill="none" stroke="{ARROW}" stroke-width="3.5" stroke-linecap="round"{dash}>{lines}</g>'
        f'<g fill="{ARROW}">{tips}</g>'
    )


def ground_strip(width: float, height: float, floor: float) -> str:
    return (f'<rect y="{num(floor)}" width="{num(width)}" height="{num(height - floor)}" fill="#eeebe6"/>'
            f'<path d="M0 {num(floor)}H{num(width)}" stroke="#6b6b6b" stroke-width="2"/>')


def root(size: tuple[float, float], title: str, desc: str, prefix: str, defs: str, body: str) -> str:
    width, height = size
    hatch = (f'<pattern id="{prefix}-hatch" width="7" height="7" patternUnits="userSpaceOnUse" '
             f'patternTransform="rotate(45)"><path d="M0 0V7" stroke="{HIGHLIGHT}" stroke-width="2.5"/>'
             "</pattern>")
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {num(width)} {num(height)}" role="img" '
        f'aria-labelledby="{prefix}-title {prefix}-desc" class="foot-picture">'
        f'<title id="{prefix}-title">{escape(title)}</title><desc id="{prefix}-desc">{escape(desc)}</desc>'
        f'<defs>{hatch}{defs}</defs>'
        f'<rect width="{num(width)}" height="{num(height)}" rx="12" fill="#fff"/>{body}</svg>'
    )
