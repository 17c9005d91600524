"""Draw the exercise pictures and the foot map as inline SVG, from data.

Every view shows a right foot. The sole and the top view keep the big toe on
the left, the way a person sees their own foot when looking down and the way
foot charts draw it; the side view shows the inner side, so the toes point
left. Each named place of VIEW_PLACES has a centre (where arrows and props
go) and a shape made of ovals (what a highlight fills, clipped to the foot).
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable
from html import escape
from itertools import pairwise
from typing import NamedTuple

from footcoach.core.figure import POSES, Capsule, Chair, Figure, figure
from footcoach.core.schemas import Arrow, FootMap, Picture, PictureView, Prop

OUTLINE = "#1a1a1a"
SKIN = "#fbf3ea"
SKIN_SHADE = "#eedfcf"
HIGHLIGHT = "#b34700"
ARROW = "#0b3d91"
HIGHLIGHT_ON_SKIN = "#e5bfa4"  # HIGHLIGHT at the zones' 0.3 opacity over SKIN
ZONE = f'fill="{HIGHLIGHT}" fill-opacity="0.3" stroke="{HIGHLIGHT}" stroke-width="4"'
FLOOR_Y = 226.0

Point = tuple[float, float]
Move = Callable[[Point], Point]


class Oval(NamedTuple):
    cx: float
    cy: float
    rx: float
    ry: float
    turn: float = 0.0


class Place(NamedTuple):
    part: str  # "toes", "foot" or "leg": which piece of the foot it moves with
    centre: Point
    shape: tuple[Oval, ...]


SOLE, SIDE, TOP = PictureView.SOLE, PictureView.SIDE, PictureView.TOP

# Big toe first, little toe last; shared by the sole and the top view.
TOES = (
    Oval(72, 64, 19, 30, -6), Oval(104, 62, 11, 22, -2), Oval(126, 69, 10, 19, 6),
    Oval(146, 81, 9, 16, 16), Oval(162, 96, 8, 13, 28),
)
FOOT_AND_TOES: dict[str, Place] = {
    "big-toe": Place("toes", (72, 62), TOES[:1]),
    "little-toes": Place("toes", (134, 70), TOES[1:]),
    "toes": Place("toes", (106, 62), TOES),
    "inner-edge": Place("foot", (60, 150), (Oval(54, 180, 16, 100),)),
    "outer-edge": Place("foot", (160, 160), (Oval(166, 180, 18, 100),)),
}
PLACES: dict[PictureView, dict[str, Place]] = {
    SOLE: {
        **FOOT_AND_TOES,
        "heel": Place("foot", (108, 272), (Oval(108, 276, 42, 34),)),
        "arch-inner": Place("foot", (84, 206), (Oval(82, 206, 14, 40),)),
        "arch-middle": Place("foot", (110, 204), (Oval(110, 204, 14, 42),)),
        "arch-outer": Place("foot", (138, 204), (Oval(138, 204, 15, 42),)),
        "ball": Place("foot", (108, 124), (Oval(108, 124, 64, 26),)),
    },
    SIDE: {
        "heel": Place("foot", (236, 208), (Oval(242, 210, 28, 22),)),
        "arch": Place("foot", (152, 212), (Oval(152, 216, 40, 14),)),
        "ball": Place("foot", (100, 216), (Oval(100, 220, 22, 14),)),
        "toes": Place("toes", (58, 212), (Oval(56, 212, 28, 18),)),
        "ankle": Place("leg", (214, 150), (Oval(214, 150, 26, 22),)),
        "shin": Place("leg", (204, 62), (Oval(200, 62, 16, 64),)),
        "calf": Place("leg", (256, 62), (Oval(262, 62, 22, 64),)),
        "top-of-foot": Place("foot", (138, 184), (Oval(138, 186, 44, 16, -26),)),
    },
    TOP: {
        **FOOT_AND_TOES,
        "top-of-foot": Place("foot", (108, 168), (Oval(110, 168, 40, 56),)),
        "ankle": Place("leg", (108, 252), (Oval(108, 252, 40, 32),)),
    },
}
VIEW_BOX: dict[PictureView, tuple[int, int]] = {SOLE: (240, 320), SIDE: (320, 260), TOP: (240, 320)}
CENTRE: dict[PictureView, Point] = {SOLE: (108, 180), SIDE: (150, 170), TOP: (108, 180)}
VIEW_WORDS = {SOLE: "sole", SIDE: "inner side", TOP: "top"}
PROP_PLACE = {SOLE: "arch-middle", SIDE: "arch", TOP: "top-of-foot"}  # where a prop goes by default

# The forefoot, midfoot and heel, drawn over the bases of the toes. Seen from below
# the inner edge curves in under the arch; seen from above it does not.
FRONT = "M50 118C50 92 80 84 104 86C130 88 160 96 172 112"
SOLE_BODY = FRONT + "C180 140 166 200 156 246C150 290 126 304 106 304C82 304 66 288 68 256C70 232 86 208 82 180"
SOLE_BODY += "C78 156 50 146 50 118Z"
TOP_BODY = FRONT + "C180 140 168 200 158 246C152 290 128 306 106 306C82 306 62 290 60 256C58 220 50 160 50 118Z"
# The side outline as the points of its cubic curves, each tagged with the piece
# it moves with, so a lifted heel or lifted toes can be drawn by moving points.
T, F, L, Y = "toes", "foot", "leg", FLOOR_Y
SIDE_OUTLINE: tuple[tuple[str, float, float], ...] = (
    (T, 30, 214),
    (T, 28, 202), (T, 36, 196), (T, 50, 195), (T, 66, 194), (T, 80, 192), (F, 96, 186),
    (F, 124, 176), (F, 150, 164), (F, 168, 150), (F, 178, 142), (L, 186, 132), (L, 190, 118),
    (L, 194, 90), (L, 198, 40), (L, 196, -40), (L, 230, -40), (L, 250, -40), (L, 276, -40),
    (L, 280, 40), (L, 264, 100), (L, 246, 132), (L, 238, 150), (F, 240, 172), (F, 250, 190),
    (F, 262, 208), (F, 256, Y), (F, 232, Y), (F, 204, Y), (F, 176, 214), (F, 140, 216),
    (F, 118, 217), (F, 108, Y), (T, 90, Y), (T, 66, Y), (T, 38, Y), (T, 30, 214),
)
PIVOT: Point = (96, 214)  # where the ball of the foot meets the floor: a heel lifts about it
TOE_PIVOT: Point = (92, 204)  # the big toe joint
LEG_ANCHOR: Point = (210, 140)
# A foot lying on its heel points and flexes about the ankle joint; the pointed foot is
# drawn this many degrees further round, toes down, behind the flexed one. The curve
# between the two runs just beyond the tip of the big toe.
ANKLE_JOINT: Point = (232, 182)
POINTED = -40.0
TOE_TIP: Point = (28, 206)


def drawn_places(view: PictureView) -> frozenset[str]:
    """The places the drawing has geometry for in a view; must equal VIEW_PLACES."""
    return frozenset(PLACES[view])


def _view_of(picture: Picture) -> PictureView:
    """The picture's view of the foot; only pictures that have one reach the foot's drawing."""
    if picture.view is None:
        raise ValueError("this picture has no view of the foot")
    return picture.view


def _n(value: float) -> str:
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _pt(p: Point) -> str:
    return f"{_n(p[0])} {_n(p[1])}"


def _rotate(p: Point, about: Point, degrees: float) -> Point:
    a = math.radians(degrees)
    dx, dy = p[0] - about[0], p[1] - about[1]
    return (about[0] + dx * math.cos(a) - dy * math.sin(a), about[1] + dx * math.sin(a) + dy * math.cos(a))


def _movers(picture: Picture) -> dict[str, Move]:
    """How each piece moves when the heel or the toes are lifted."""
    if picture.view is not SIDE:
        lift = -7.0 if picture.toes_lifted else 0.0
        return {"toes": lambda p: (p[0], p[1] + lift), "foot": lambda p: p, "leg": lambda p: p}
    heel = -16.0 if picture.heel_lifted else 0.0
    toes = 28.0 if picture.toes_lifted else 0.0
    anchor = _rotate(LEG_ANCHOR, PIVOT, heel)
    shift = (anchor[0] - LEG_ANCHOR[0], anchor[1] - LEG_ANCHOR[1])
    return {
        "toes": lambda p: _rotate(p, TOE_PIVOT, toes),
        "foot": lambda p: _rotate(p, PIVOT, heel),
        "leg": lambda p: (p[0] + shift[0], p[1] + shift[1]),
    }


def _places(picture: Picture) -> dict[str, Place]:
    """The places of the picture's view, moved with a lifted heel or lifted toes."""
    moves = _movers(picture)
    moved = {}
    for name, place in PLACES[_view_of(picture)].items():
        move = moves[place.part]
        ovals = tuple(o._replace(cx=cx, cy=cy) for o in place.shape for cx, cy in [move((o.cx, o.cy))])
        moved[name] = place._replace(centre=move(place.centre), shape=ovals)
    return moved


def _oval(o: Oval, style: str) -> str:
    turn = f' transform="rotate({_n(o.turn)} {_n(o.cx)} {_n(o.cy)})"' if o.turn else ""
    return f'<ellipse cx="{_n(o.cx)}" cy="{_n(o.cy)}" rx="{_n(o.rx)}" ry="{_n(o.ry)}"{turn} {style}/>'


def _foot_shapes(picture: Picture, places: dict[str, Place]) -> list[str]:
    """The skin of the foot with no style, so one list serves as drawing and as clip."""
    if picture.view is SIDE:
        return [f'<path d="{_side_outline(picture)}"/>']
    body = SOLE_BODY if picture.view is SOLE else TOP_BODY
    return [_oval(o, "") for o in places["toes"].shape] + [f'<path d="{body}"/>']


def _side_outline(picture: Picture, turn: float = 0.0) -> str:
    """The side view's outline, with the foot and toes turned about the ankle joint by turn degrees."""
    moves = _movers(picture)
    points = [moves[part]((x, y)) for part, x, y in SIDE_OUTLINE]
    texts = [_pt(p if part == "leg" else _rotate(p, ANKLE_JOINT, turn))
             for (part, _, _), p in zip(SIDE_OUTLINE, points, strict=True)]
    curves = "".join(f"C{' '.join(texts[i:i + 3])}" for i in range(1, len(texts), 3))
    return f"M{texts[0]}{curves}Z"


def _pointed_foot(picture: Picture) -> str:
    """The pointed foot, faint and dashed, to lie behind the flexed one drawn solid."""
    return (f'<path d="{_side_outline(picture, POINTED)}" fill="{SKIN}" fill-opacity="0.7" stroke="{OUTLINE}" '
            'stroke-opacity="0.55" stroke-width="2.5" stroke-dasharray="7 5" stroke-linejoin="round"/>')


def _swing_arrows(picture: Picture) -> str:
    """One curve round the toes from the flexed foot to the pointed one, with a head at the
    pointed end for a point arrow and at the flexed end for a flex arrow."""
    reach = math.dist(TOE_TIP, ANKLE_JOINT)
    radius = reach + 18
    flexed = (ANKLE_JOINT[0] + (TOE_TIP[0] - ANKLE_JOINT[0]) * radius / reach,
              ANKLE_JOINT[1] + (TOE_TIP[1] - ANKLE_JOINT[1]) * radius / reach)
    pointed = _rotate(flexed, ANKLE_JOINT, POINTED)
    back = math.degrees(12 / radius)  # a head's length along the curve
    motions = {arrow.motion for arrow in picture.arrows}
    heads = []
    if "point" in motions:
        heads.append(_head(pointed, _rotate(flexed, ANKLE_JOINT, POINTED + back)))
    if "flex" in motions:
        heads.append(_head(flexed, _rotate(flexed, ANKLE_JOINT, -back)))
    # POINTED is negative, which SVG draws with the sweep flag 0.
    return _arrow_marks([f"M{_pt(flexed)}A{_n(radius)} {_n(radius)} 0 0 0 {_pt(pointed)}"], heads)


def _foot_details(picture: Picture, places: dict[str, Place]) -> list[str]:
    line = f'fill="none" stroke="{OUTLINE}" stroke-width="1.5" stroke-linecap="round"'
    if picture.view is SIDE:
        x, y = places["toes"].centre
        ankle_x, ankle_y = places["ankle"].centre
        nail_and_ankle_bone = f"M{_pt((x - 24, y - 9))}q3 -6 12 -7M{_pt((ankle_x - 8, ankle_y + 6))}a10 9 0 1 1 16 0"
        return [f'<path d="{nail_and_ankle_bone}" {line}/>']
    if picture.view is TOP:
        nails = [_oval(o._replace(cy=o.cy - o.ry * 0.45, rx=o.rx * 0.55, ry=o.ry * 0.35), line)
                 for o in places["toes"].shape]
        leg = places["ankle"].shape[0]
        skin = f'fill="{SKIN_SHADE}" stroke="{OUTLINE}" stroke-width="2.5"'
        bones = [leg._replace(cx=leg.cx + dx, cy=leg.cy + dy, rx=9, ry=11) for dx, dy in ((-38, -8), (38, 6))]
        tendons = f'<path d="M90 226L76 104M104 222L104 94M118 224L128 98" {line} stroke-opacity="0.3"/>'
        return [tendons, *nails, *(_oval(o, skin) for o in bones), _oval(leg, skin)]
    return [f'<path d="M78 112q30 -12 62 -4M96 296q12 4 24 0" {line}/>']


def _lift_hints(picture: Picture) -> list[str]:
    """In the sole and top views a lifted part casts a shadow where it would rest."""
    if picture.view is SIDE:
        return []
    lifted = (TOES if picture.toes_lifted else ()) + ((Oval(109, 277, 40, 26),) if picture.heel_lifted else ())
    return [_oval(o._replace(cx=o.cx + 3, cy=o.cy + 5), 'fill="#1a1a1a" fill-opacity="0.14"') for o in lifted]


def _head(tip: Point, towards: Point) -> str:
    """A triangular arrowhead at tip, pointing away from towards."""
    length = math.hypot(tip[0] - towards[0], tip[1] - towards[1]) or 1.0
    ux, uy = (tip[0] - towards[0]) / length, (tip[1] - towards[1]) / length
    back_x, back_y = tip[0] - ux * 12, tip[1] - uy * 12
    corners = f"L{_pt((back_x - uy * 7, back_y + ux * 7))}L{_pt((back_x + uy * 7, back_y - ux * 7))}"
    return f'<path d="M{_pt(tip)}{corners}Z"/>'


def _bow(a: Point, b: Point, bend: float, toward: Point) -> Point:
    """The control point of a curve from a to b, bowed by bend times its length toward a point."""
    mid = ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
    length = math.hypot(b[0] - a[0], b[1] - a[1]) or 1.0
    nx, ny = -(b[1] - a[1]) / length, (b[0] - a[0]) / length
    if nx * (toward[0] - mid[0]) + ny * (toward[1] - mid[1]) < 0:
        nx, ny = -nx, -ny
    return (mid[0] + nx * bend * length, mid[1] + ny * bend * length)


def _anchor(arrow: Arrow, places: dict[str, Place]) -> Point:
    """Where a lift or press arrow stands: at the end place, or at the start when the
    end is well above it (a heel lifting towards the calf)."""
    a, b = places[arrow.start].centre, places[arrow.end].centre
    return a if b[1] < a[1] - 40 else b


def _arrow(arrow: Arrow, places: dict[str, Place], centre: Point, shift: float) -> str:
    """One arrow, its shape chosen by the motion, in blue on a white halo."""
    a, b = places[arrow.start].centre, places[arrow.end].centre
    if math.hypot(b[0] - a[0], b[1] - a[1]) < 1 and arrow.motion not in ("lift", "press", "roll"):
        a, b = (a[0] - 26, a[1]), (a[0] + 26, a[1])
    mid = ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
    outward = (2 * mid[0] - centre[0], 2 * mid[1] - centre[1])
    shafts: list[str] = []
    heads: list[str] = []
    if arrow.motion in ("lift", "press"):
        # A bar marks the resting place: lift leaves it, press comes down onto it.
        x, y = _anchor(arrow, places)
        x += shift
        base, top = (x, y - 4), (x, y - 44)
        tip, tail = (top, base) if arrow.motion == "lift" else (base, top)
        shafts.append(f"M{_pt(tail)}L{_pt(tip)}M{_n(x - 12)} {_n(y + 1)}h24")
        heads.append(_head(tip, tail))
    elif arrow.motion == "roll" and a == b:
        start, end = (a[0] - 20, a[1]), (a[0], a[1] - 20)
        shafts.append(f"M{_pt(start)}A20 20 0 1 0 {_pt(end)}")
        heads.append(_head(end, (end[0] + 10, end[1])))
    elif arrow.motion == "spread":
        hub = _bow(a, b, 0.8, centre)
        for t in (0.0, 0.5, 1.0):
            target = (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)
            tail = (hub[0] + (target[0] - hub[0]) * 0.4, hub[1] + (target[1] - hub[1]) * 0.4)
            tip = (hub[0] + (target[0] - hub[0]) * 1.15, hub[1] + (target[1] - hub[1]) * 1.15)
            shafts.append(f"M{_pt(tail)}L{_pt(tip)}")
            heads.append(_head(tip, tail))
    else:
        bend = {"roll": 0.08, "slide": 0.0, "rock": 0.3, "point": 0.35, "flex": 0.35}[arrow.motion]
        toward = (mid[0], -1e6) if arrow.motion == "rock" else outward
        control = _bow(a, b, bend, toward)
        shafts.append(f"M{_pt(a)}Q{_pt(control)} {_pt(b)}")
        heads.append(_head(b, control))
        if arrow.motion == "rock":
            heads.append(_head(a, control))
    return _arrow_marks(shafts, heads, dashed=arrow.motion == "slide")


def _arrow_marks(shafts: list[str], heads: list[str], *, dashed: bool = False) -> str:
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


def _arrows(picture: Picture, places: dict[str, Place], swings: bool) -> list[str]:
    """All arrows; lift and press arrows at the same place stand side by side; a swinging
    foot's point and flex arrows are one curve."""
    upright = [_anchor(a, places) for a in picture.arrows if a.motion in ("lift", "press")]
    placed: list[Point] = []
    drawn = [_swing_arrows(picture)] if swings else []
    for arrow in picture.arrows:
        if swings and arrow.motion in ("point", "flex"):
            continue
        shift = 0.0
        if arrow.motion in ("lift", "press"):
            spot = _anchor(arrow, places)
            shift = 26 * (placed.count(spot) - (upright.count(spot) - 1) / 2)
            placed.append(spot)
        drawn.append(_arrow(arrow, places, CENTRE[_view_of(picture)], shift))
    return drawn


def _ball(prop: Prop, centre: Point) -> str:
    """A ball: spiky with spikes, hard in a firm blue, soft in a pale one."""
    radius, (cx, cy) = 19.0, centre
    fill = {"spiky-ball": "#6fae98", "hard-ball": "#7f95b5"}.get(prop, "#dde7f1")
    style = f'fill="{fill}" stroke="{OUTLINE}" stroke-width="2" stroke-linejoin="round"'
    shine = f'<path d="M{_pt((cx - 10, cy - 4))}a11 11 0 0 1 8 -8" fill="none" stroke="#fff" stroke-width="3"/>'
    if prop != "spiky-ball":
        return f'<circle cx="{_n(cx)}" cy="{_n(cy)}" r="{_n(radius)}" {style}/>{shine}'
    star = "L".join(_pt(_rotate((cx + radius + 6 * (i % 2), cy), centre, 15 * i)) for i in range(24))
    dots = "".join(f'<circle cx="{_n(cx + dx)}" cy="{_n(cy + dy)}" r="1.8" fill="{OUTLINE}"/>'
                   for dx, dy in ((6, 2), (-3, 8), (1, -7), (-8, 0)))
    return f'<path d="M{star}Z" {style}/>{shine}{dots}'


def _wall_or_chair(kind: str, left: bool, view: PictureView) -> str:
    """A wall or a chair standing at the left or right edge of the picture."""
    width, height = VIEW_BOX[view]
    floor = FLOOR_Y if view is SIDE else float(height)
    mirror = "" if left else f' transform="translate({width} 0) scale(-1 1)"'
    line = f'fill="none" stroke="{OUTLINE}" stroke-width="2.5" stroke-linecap="round"'
    if kind == "wall":
        bricks = "".join(f"M0 {y}H22M{11 * (y // 30 % 2)} {y}v30" for y in range(0, int(floor), 30))
        return (f'<g{mirror}><rect x="-2" y="-2" width="24" height="{_n(floor + 2)}" fill="#e4e1dc"/>'
                f'<path d="{bricks}" fill="none" stroke="{OUTLINE}" stroke-opacity="0.5"/>'
                f'<path d="M22 0V{_n(floor)}" {line}/></g>')
    seat = floor - 74
    wood = f'rx="3" fill="#c9a27a" stroke="{OUTLINE}" stroke-width="2"'
    return (f'<g{mirror}><path d="M10 {_n(seat)}V{_n(floor)}M46 {_n(seat)}V{_n(floor)}" {line}/>'
            f'<rect x="4" y="{_n(seat - 6)}" width="48" height="10" {wood}/>'
            f'<rect x="4" y="{_n(seat - 84)}" width="12" height="84" {wood}/></g>')


def _towel_round_leg(y: float) -> str:
    """A towel wrapped round the lower leg at height y, its two ends rising forward to the hands."""
    cloth = f'fill="#cfe3f0" stroke="{OUTLINE}" stroke-width="2" stroke-linejoin="round"'
    ends = f"M194 {_n(y - 6)}L150 {_n(y - 70)}L132 {_n(y - 58)}L190 {_n(y + 10)}Z"
    wrap = f"M186 {_n(y - 8)}Q236 {_n(y - 18)} 286 {_n(y - 2)}L284 {_n(y + 16)}Q236 {_n(y)} 188 {_n(y + 10)}Z"
    return f'<path d="{ends}" {cloth}/><path d="{wrap}" {cloth}/>'


def _props(picture: Picture, places: dict[str, Place]) -> tuple[list[str], list[str]]:
    """The props drawn behind the foot and the ones drawn in front of it."""
    view = _view_of(picture)
    side = view is SIDE
    at = picture.prop_at or PROP_PLACE[view]
    x, y = places[at].centre
    behind: list[str] = []
    front: list[str] = []
    cloth = f'fill="#cfe3f0" stroke="{OUTLINE}" stroke-width="2" stroke-linejoin="round"'
    for prop in picture.props:
        if prop.endswith("-ball") and side:
            behind.append(_ball(prop, (x, FLOOR_Y - 19)))
        elif prop.endswith("-ball"):
            # The ball is under the foot; drawn see-through so the highlight shows.
            front.append(f'<g opacity="0.8">{_ball(prop, (x, y))}</g>')
        elif prop == "towel" and side and places[at].part == "leg":
            front.append(_towel_round_leg(y))
        elif prop == "towel" and side:
            behind.append(f'<path d="M{_n(x - 90)} {_n(FLOOR_Y)}v-6h60q14 -14 28 0h92v6Z" {cloth}/>')
        elif prop == "towel":
            behind.append(f'<rect x="16" y="{_n(y - 24)}" width="184" height="48" rx="4" {cloth}/>'
                          f'<path d="M16 {_n(y - 12)}h184M16 {_n(y + 12)}h184" stroke="#8fb3cc"/>')
        elif prop == "toe-separators":
            toes = places["toes"]
            pads = [((p.cx + q.cx) / 2, (p.cy + q.cy) / 2 + 6) for p, q in pairwise(toes.shape)]
            front += [f'<rect x="{_n(px - 4)}" y="{_n(py - 9)}" width="8" height="18" rx="4" fill="#9ad1be" '
                      f'stroke="{OUTLINE}" stroke-width="1.5"/>' for px, py in pads or [toes.centre]]
        else:
            # A wall stands in front of the toes in the side view, beside the foot elsewhere,
            # unless prop_at says which side.
            left = x < CENTRE[view][0] if picture.prop_at else side and prop == "wall"
            behind.append(_wall_or_chair(prop, left, view))
    return behind, front


def _ground(width: float, height: float, floor: float) -> str:
    return (f'<rect y="{_n(floor)}" width="{_n(width)}" height="{_n(height - floor)}" fill="#eeebe6"/>'
            f'<path d="M0 {_n(floor)}H{_n(width)}" stroke="#6b6b6b" stroke-width="2"/>')


def _close_up(picture: Picture, prefix: str, overlay: str = "", labels: str = "",
              ground: bool = True, swings: bool = False) -> tuple[str, str]:
    """The clip of the foot and the drawing of the picture's view of it, in the view's own box;
    ground is False when the foot is off the floor, and swings True when the side view of a foot
    lying on its heel shows pointing as the foot turned about the ankle."""
    view = _view_of(picture)
    width, height = VIEW_BOX[view]
    places = _places(picture)
    skin = "".join(_foot_shapes(picture, places))
    behind, front = _props(picture, places)
    floor = _ground(width, height, FLOOR_Y) if view is SIDE and ground else ""
    # Colour is not the only cue: a highlight also has a hatch and a thick edge.
    hatch = f'fill="url(#{prefix}-hatch)"'
    zones = "".join(_oval(o, ZONE) + _oval(o, hatch) for name in picture.zones for o in places[name].shape)
    foot = (
        "".join(_lift_hints(picture))
        + (_pointed_foot(picture) if swings else "")
        + f'<g fill="{SKIN}" stroke="{OUTLINE}" stroke-width="2.5" stroke-linejoin="round">{skin}</g>'
        + f'<g clip-path="url(#{prefix}-clip)">{zones}{overlay}</g>'
        + "".join(_foot_details(picture, places) + front + _arrows(picture, places, swings))
        + labels
    )
    if view is SIDE and any(p.endswith("-ball") for p in picture.props):
        foot = f'<g transform="translate(0 -30)">{foot}</g>'  # the foot rests on the ball
    return f'<clipPath id="{prefix}-clip">{skin}</clipPath>', f'{floor}{"".join(behind)}{foot}'


def _root(size: tuple[float, float], title: str, desc: str, prefix: str, defs: str, body: str) -> str:
    width, height = size
    hatch = (f'<pattern id="{prefix}-hatch" width="7" height="7" patternUnits="userSpaceOnUse" '
             f'patternTransform="rotate(45)"><path d="M0 0V7" stroke="{HIGHLIGHT}" stroke-width="2.5"/>'
             "</pattern>")
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_n(width)} {_n(height)}" role="img" '
        f'aria-labelledby="{prefix}-title {prefix}-desc" class="foot-picture">'
        f'<title id="{prefix}-title">{escape(title)}</title><desc id="{prefix}-desc">{escape(desc)}</desc>'
        f'<defs>{hatch}{defs}</defs>'
        f'<rect width="{_n(width)}" height="{_n(height)}" rx="12" fill="#fff"/>{body}</svg>'
    )


def _svg(picture: Picture, title: str, desc: str, prefix: str, overlay: str = "", labels: str = "") -> str:
    clip, body = _close_up(picture, prefix, overlay, labels)
    return _root(VIEW_BOX[_view_of(picture)], title, desc, prefix, clip, body)


def _capsule(shape: Capsule) -> str:
    """A rounded limb as a closed path, so it can be filled, outlined and used as a clip."""
    (ax, ay), (bx, by), ra, rb = shape
    length = math.hypot(bx - ax, by - ay)
    if length < 1:
        return f"M{_pt((ax - ra, ay))}a{_n(ra)} {_n(ra)} 0 1 0 {_n(2 * ra)} 0a{_n(ra)} {_n(ra)} 0 1 0 {_n(-2 * ra)} 0Z"
    nx, ny = -(by - ay) / length, (bx - ax) / length
    return (f"M{_pt((ax + nx * ra, ay + ny * ra))}L{_pt((bx + nx * rb, by + ny * rb))}"
            f"A{_n(rb)} {_n(rb)} 0 0 0 {_pt((bx - nx * rb, by - ny * rb))}"
            f"L{_pt((ax - nx * ra, ay - ny * ra))}A{_n(ra)} {_n(ra)} 0 0 0 {_pt((ax + nx * ra, ay + ny * ra))}Z")


def _stroke(points: tuple[Point, ...], width: float, colour: str) -> str:
    d = "M" + "L".join(_pt(p) for p in points)
    return (f'<path d="{d}" fill="none" stroke="{colour}" stroke-width="{_n(width)}" '
            'stroke-linecap="round" stroke-linejoin="round"/>')


def _limb(shapes: tuple[Capsule, ...], fill: str) -> str:
    """One limb as a single outlined shape: the outline is drawn wide, then covered by the fill,
    so the joints of one limb show no seams while a limb in front keeps its own edge."""
    d = "".join(_capsule(c) for c in shapes)
    return (f'<path d="{d}" fill="none" stroke="{OUTLINE}" stroke-width="5" stroke-linejoin="round"/>'
            f'<path d="{d}" fill="{fill}"/>')


def _chair(chair: Chair) -> str:
    """The chair a seated figure sits on, in the wood and strokes of the foot pictures' chair."""
    seat, front, back, top, floor = chair
    line = f'fill="none" stroke="{OUTLINE}" stroke-width="2.5" stroke-linecap="round"'
    wood = f'rx="3" fill="#c9a27a" stroke="{OUTLINE}" stroke-width="2"'
    return (f'<path d="M{_n(front + 4)} {_n(seat)}V{_n(floor)}M{_n(back - 4)} {_n(seat)}V{_n(floor)}" {line}/>'
            f'<rect x="{_n(front)}" y="{_n(seat)}" width="{_n(back - front)}" height="9" {wood}/>'
            f'<rect x="{_n(back - 10)}" y="{_n(top)}" width="10" height="{_n(seat - top + 4)}" {wood}/>')


def _figure_layer(picture: Picture, fig: Figure, prefix: str, zones: tuple[str, ...]) -> tuple[str, str]:
    """The clip of the figure and its drawing: chair, limbs far to near, a held towel, the
    highlighted zones and the reach arrow."""
    shapes = "".join(f'<path d="{_capsule(c)}"/>' for part in (*fig.far, *fig.near) for c in part)
    torso, leg, arm = (_limb(part, SKIN) for part in fig.near)
    # Held at both ends, a towel goes round the back of the worked calf.
    towel = ""
    if fig.near_calf is not None and "towel" in picture.props:
        held = (fig.far_hand, fig.near_calf, fig.near_hand)
        towel = _stroke(held, 12, OUTLINE) + _stroke(held, 8, "#cfe3f0")
    eye = f'<circle cx="{_n(fig.eye[0])}" cy="{_n(fig.eye[1])}" r="2" fill="{OUTLINE}"/>'
    # A zone on the figure is a thick line filled with the highlight laid over skin, made
    # solid so the pieces of one zone join without seams, then hatched like the foot's.
    bands = [band for name in zones for band in fig.places[name]]
    marked = "".join(_stroke(b.points, b.width + 4, HIGHLIGHT) + _stroke(b.points, b.width, HIGHLIGHT_ON_SKIN)
                     + _stroke(b.points, b.width, f"url(#{prefix}-hatch)") for b in bands)
    reach = ""
    if fig.reach is not None:
        top, bottom = fig.reach
        bar = f"M{_n(bottom[0] - 12)} {_n(bottom[1] + 1)}h24"
        reach = _arrow_marks([f"M{_pt(top)}L{_pt(bottom)}", bar], [_head(bottom, top)])
    body = (f'{_chair(fig.chair) if fig.chair else ""}{"".join(_limb(part, SKIN_SHADE) for part in fig.far)}'
            f'{torso}{leg}{towel}{arm}{eye}<g clip-path="url(#{prefix}-figure)">{marked}</g>{reach}')
    return f'<clipPath id="{prefix}-figure">{shapes}</clipPath>', body


FIGURE_WIDTH = 200.0  # the figure's share of a picture that also has a close-up of the foot
# A figure sitting on the floor is wide and low, so beside a foot lying on its heel the
# picture is wider for the figure and lower, the close-up made smaller to fit.
TURNED_FIGURE_WIDTH = 220.0
TURNED_BOX = (260, 250)
# Turns the side view so the leg lies along the floor with the toes up; a little under
# a right angle, so the heel and the calf both touch the floor. The scale leaves room
# on the left and above for the foot pointed and the curve round the toes.
TURN = "translate(290 0.2) scale(0.8) rotate(88)"
# A raised foot seen from the side has no floor and needs less than the view's width;
# the close-up is cropped this much at its left and right and the figure gets the room.
RAISED_CROP = (14, 16)


def _posed_svg(picture: Picture, pose: str, title: str, prefix: str) -> str:
    """A figure in a pose, alone or beside a close-up of the foot framed as a detail."""
    if picture.view is None:
        width, height = VIEW_BOX[SIDE]
        fig = figure(pose, floor_y=FLOOR_Y, centre_x=width / 2, room=(width - 60, FLOOR_Y - 20), largest=1.6)
        clip, body = _figure_layer(picture, fig, prefix, picture.zones)
        return _root((width, height), title, picture.alt, prefix, clip, _ground(width, height, FLOOR_Y) + body)
    worked = POSES[pose].worked_foot
    turned = worked == "heel-down" and picture.view is SIDE
    raised = worked == "raised" and picture.view is SIDE
    close_width, height = TURNED_BOX if turned else VIEW_BOX[picture.view]
    figure_width = TURNED_FIGURE_WIDTH if turned else FIGURE_WIDTH
    if raised:
        close_width -= sum(RAISED_CROP)
        figure_width += sum(RAISED_CROP)
    floor = height - 34.0
    fig = figure(pose, floor_y=floor, centre_x=figure_width / 2, room=(figure_width - 30, floor - 16), largest=1.4)
    figure_clip, figure_body = _figure_layer(picture, fig, prefix, ())
    swings = turned and any(arrow.motion == "point" for arrow in picture.arrows)
    foot_clip, close = _close_up(picture, prefix, ground=worked == "on-floor", swings=swings)
    panel = f'<clipPath id="{prefix}-panel"><rect width="{close_width}" height="{_n(height)}" rx="10"/></clipPath>'
    if turned:
        # A pointed foot's heel would dip into the floor; the floor hides it.
        close = (_ground(close_width, height, floor)
                 + f'<g clip-path="url(#{prefix}-above)"><g transform="{TURN}">{close}</g></g>')
        panel += f'<clipPath id="{prefix}-above"><rect width="{close_width}" height="{_n(floor + 2)}"/></clipPath>'
    if raised:
        close = f'<g transform="translate({-RAISED_CROP[0]} 0)">{close}</g>'
    frame = 'fill="none" stroke="#8a8a8a" stroke-width="2"'
    x, y = fig.near_foot
    body = (
        _ground(figure_width, height, floor) + figure_body
        + f'<g transform="translate({_n(figure_width)} 0)" clip-path="url(#{prefix}-panel)">{close}</g>'
        # The close-up is framed, and the same frame rings the foot it enlarges.
        + f'<rect x="{_n(figure_width + 1)}" y="1" width="{close_width - 2}" height="{_n(height - 2)}" rx="10" '
        f'{frame}/><circle cx="{_n(x)}" cy="{_n(y)}" r="20" {frame}/>'
    )
    defs = foot_clip + figure_clip + panel
    return _root((figure_width + close_width, height), title, picture.alt, prefix, defs, body)


def _prefix(title: str, content: str) -> str:
    """A short id prefix from the content, so two pictures on one page do not share ids."""
    return "fc" + hashlib.sha256(f"{title}\n{content}".encode()).hexdigest()[:8]


def picture_svg(picture: Picture, *, title: str) -> str:
    """An exercise picture as an inline SVG element, labelled by the title and the alt text."""
    if picture.pose is not None:
        return _posed_svg(picture, picture.pose, title, _prefix(title, picture.model_dump_json()))
    return _svg(picture, title, picture.alt, _prefix(title, picture.model_dump_json()))


def foot_map_svg(foot_map: FootMap, *, title: str) -> str:
    """The map's view with each zone outlined and numbered from 1, in the map's order."""
    numbered = "; ".join(f"{number} {zone.name}" for number, zone in enumerate(foot_map.zones, start=1))
    desc = f"The {VIEW_WORDS[foot_map.view]} of a right foot with numbered areas: {numbered}."
    plain = Picture(view=foot_map.view, alt=foot_map.name)
    places = _places(plain)
    dashed = f'fill="{HIGHLIGHT}" fill-opacity="0.12" stroke="{HIGHLIGHT}" stroke-width="3" stroke-dasharray="7 5"'
    ovals = "".join(_oval(o, dashed) for zone in foot_map.zones for o in places[zone.place].shape)
    spots: list[Point] = []
    for zone in foot_map.zones:
        x, y = places[zone.place].centre
        # Nested zones (the toes and the big toe) sit close; move a number down until it is clear.
        while any(math.hypot(x - sx, y - sy) < 28 for sx, sy in spots):
            y += 28
        spots.append((x, y))
    labels = "".join(
        f'<circle cx="{_n(x)}" cy="{_n(y)}" r="13" fill="#fff" stroke="{OUTLINE}" stroke-width="2"/>'
        f'<text x="{_n(x)}" y="{_n(y + 6)}" text-anchor="middle" font-family="sans-serif" '
        f'font-size="17" font-weight="bold" fill="{OUTLINE}">{number}</text>'
        for number, (x, y) in enumerate(spots, start=1)
    )
    prefix = _prefix(title, foot_map.model_dump_json())
    return _svg(plain, title, desc, prefix, overlay=ovals, labels=labels)
