"""The close-up of the foot: its named places per view, its outline, arrows and props, as SVG.

Every view shows a right foot. The sole and the top view keep the big toe on
the left, the way a person sees their own foot when looking down and the way
foot charts draw it; the side view shows the inner side, so the toes point
left. Each named place of VIEW_PLACES has a centre (where arrows and props
go) and a shape made of ovals (what a highlight fills, clipped to the foot).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from itertools import pairwise
from typing import NamedTuple

from footcoach.core.schemas import Arrow, Picture, PictureView, Prop
from footcoach.core.svg import (
    HIGHLIGHT,
    OUTLINE,
    SKIN,
    SKIN_SHADE,
    Oval,
    Point,
    arrow_marks,
    ground_strip,
    head,
    num,
    oval,
    pt,
    rotate,
)

ZONE = f'fill="{HIGHLIGHT}" fill-opacity="0.3" stroke="{HIGHLIGHT}" stroke-width="4"'
FLOOR_Y = 226.0

Move = Callable[[Point], Point]


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


def view_of(picture: Picture) -> PictureView:
    """The picture's view of the foot; only pictures that have one reach the foot's drawing."""
    if picture.view is None:
        raise ValueError("this picture has no view of the foot")
    return picture.view


def _movers(picture: Picture) -> dict[str, Move]:
    """How each piece moves when the heel or the toes are lifted."""
    if picture.view is not SIDE:
        lift = -7.0 if picture.toes_lifted else 0.0
        return {"toes": lambda p: (p[0], p[1] + lift), "foot": lambda p: p, "leg": lambda p: p}
    heel = -16.0 if picture.heel_lifted else 0.0
    toes = 28.0 if picture.toes_lifted else 0.0
    anchor = rotate(LEG_ANCHOR, PIVOT, heel)
    shift = (anchor[0] - LEG_ANCHOR[0], anchor[1] - LEG_ANCHOR[1])
    return {
        "toes": lambda p: rotate(p, TOE_PIVOT, toes),
        "foot": lambda p: rotate(p, PIVOT, heel),
        "leg": lambda p: (p[0] + shift[0], p[1] + shift[1]),
    }


def places_of(picture: Picture) -> dict[str, Place]:
    """The places of the picture's view, moved with a lifted heel or lifted toes."""
    moves = _movers(picture)
    moved = {}
    for name, place in PLACES[view_of(picture)].items():
        move = moves[place.part]
        ovals = tuple(o._replace(cx=cx, cy=cy) for o in place.shape for cx, cy in [move((o.cx, o.cy))])
        moved[name] = place._replace(centre=move(place.centre), shape=ovals)
    return moved


def _foot_shapes(picture: Picture, places: dict[str, Place]) -> list[str]:
    """The skin of the foot with no style, so one list serves as drawing and as clip."""
    if picture.view is SIDE:
        return [f'<path d="{_side_outline(picture)}"/>']
    body = SOLE_BODY if picture.view is SOLE else TOP_BODY
    return [oval(o, "") for o in places["toes"].shape] + [f'<path d="{body}"/>']


def _side_outline(picture: Picture, turn: float = 0.0) -> str:
    """The side view's outline, with the foot and toes turned about the ankle joint by turn degrees."""
    moves = _movers(picture)
    points = [moves[part]((x, y)) for part, x, y in SIDE_OUTLINE]
    texts = [pt(p if part == "leg" else rotate(p, ANKLE_JOINT, turn))
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
    pointed = rotate(flexed, ANKLE_JOINT, POINTED)
    back = math.degrees(12 / radius)  # a head's length along the curve
    motions = {arrow.motion for arrow in picture.arrows}
    heads = []
    if "point" in motions:
        heads.append(head(pointed, rotate(flexed, ANKLE_JOINT, POINTED + back)))
    if "flex" in motions:
        heads.append(head(flexed, rotate(flexed, ANKLE_JOINT, -back)))
    # POINTED is negative, which SVG draws with the sweep flag 0.
    return arrow_marks([f"M{pt(flexed)}A{num(radius)} {num(radius)} 0 0 0 {pt(pointed)}"], heads)


def _foot_details(picture: Picture, places: dict[str, Place]) -> list[str]:
    line = f'fill="none" stroke="{OUTLINE}" stroke-width="1.5" stroke-linecap="round"'
    if picture.view is SIDE:
        x, y = places["toes"].centre
        ankle_x, ankle_y = places["ankle"].centre
        nail_and_ankle_bone = f"M{pt((x - 24, y - 9))}q3 -6 12 -7M{pt((ankle_x - 8, ankle_y + 6))}a10 9 0 1 1 16 0"
        return [f'<path d="{nail_and_ankle_bone}" {line}/>']
    if picture.view is TOP:
        nails = [oval(o._replace(cy=o.cy - o.ry * 0.45, rx=o.rx * 0.55, ry=o.ry * 0.35), line)
                 for o in places["toes"].shape]
        leg = places["ankle"].shape[0]
        skin = f'fill="{SKIN_SHADE}" stroke="{OUTLINE}" stroke-width="2.5"'
        bones = [leg._replace(cx=leg.cx + dx, cy=leg.cy + dy, rx=9, ry=11) for dx, dy in ((-38, -8), (38, 6))]
        tendons = f'<path d="M90 226L76 104M104 222L104 94M118 224L128 98" {line} stroke-opacity="0.3"/>'
        return [tendons, *nails, *(oval(o, skin) for o in bones), oval(leg, skin)]
    return [f'<path d="M78 112q30 -12 62 -4M96 296q12 4 24 0" {line}/>']


def _lift_hints(picture: Picture) -> list[str]:
    """In the sole and top views a lifted part casts a shadow where it would rest."""
    if picture.view is SIDE:
        return []
    lifted = (TOES if picture.toes_lifted else ()) + ((Oval(109, 277, 40, 26),) if picture.heel_lifted else ())
    return [oval(o._replace(cx=o.cx + 3, cy=o.cy + 5), 'fill="#1a1a1a" fill-opacity="0.14"') for o in lifted]


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
        shafts.append(f"M{pt(tail)}L{pt(tip)}M{num(x - 12)} {num(y + 1)}h24")
        heads.append(head(tip, tail))
    elif arrow.motion == "roll" and a == b:
        start, end = (a[0] - 20, a[1]), (a[0], a[1] - 20)
        shafts.append(f"M{pt(start)}A20 20 0 1 0 {pt(end)}")
        heads.append(head(end, (end[0] + 10, end[1])))
    elif arrow.motion == "spread":
        hub = _bow(a, b, 0.8, centre)
        for t in (0.0, 0.5, 1.0):
            target = (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)
            tail = (hub[0] + (target[0] - hub[0]) * 0.4, hub[1] + (target[1] - hub[1]) * 0.4)
            tip = (hub[0] + (target[0] - hub[0]) * 1.15, hub[1] + (target[1] - hub[1]) * 1.15)
            shafts.append(f"M{pt(tail)}L{pt(tip)}")
            heads.append(head(tip, tail))
    else:
        bend = {"roll": 0.08, "slide": 0.0, "rock": 0.3, "point": 0.35, "flex": 0.35}[arrow.motion]
        toward = (mid[0], -1e6) if arrow.motion == "rock" else outward
        control = _bow(a, b, bend, toward)
        shafts.append(f"M{pt(a)}Q{pt(control)} {pt(b)}")
        heads.append(head(b, control))
        if arrow.motion == "rock":
            heads.append(head(a, control))
    return arrow_marks(shafts, heads, dashed=arrow.motion == "slide")


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
        drawn.append(_arrow(arrow, places, CENTRE[view_of(picture)], shift))
    return drawn


def _ball(prop: Prop, centre: Point) -> str:
    """A ball: spiky with spikes, hard in a firm blue, soft in a pale one."""
    radius, (cx, cy) = 19.0, centre
    fill = {"spiky-ball": "#6fae98", "hard-ball": "#7f95b5"}.get(prop, "#dde7f1")
    style = f'fill="{fill}" stroke="{OUTLINE}" stroke-width="2" stroke-linejoin="round"'
    shine = f'<path d="M{pt((cx - 10, cy - 4))}a11 11 0 0 1 8 -8" fill="none" stroke="#fff" stroke-width="3"/>'
    if prop != "spiky-ball":
        return f'<circle cx="{num(cx)}" cy="{num(cy)}" r="{num(radius)}" {style}/>{shine}'
    star = "L".join(pt(rotate((cx + radius + 6 * (i % 2), cy), centre, 15 * i)) for i in range(24))
    dots = "".join(f'<circle cx="{num(cx + dx)}" cy="{num(cy + dy)}" r="1.8" fill="{OUTLINE}"/>'
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
        return (f'<g{mirror}><rect x="-2" y="-2" width="24" height="{num(floor + 2)}" fill="#e4e1dc"/>'
                f'<path d="{bricks}" fill="none" stroke="{OUTLINE}" stroke-opacity="0.5"/>'
                f'<path d="M22 0V{num(floor)}" {line}/></g>')
    seat = floor - 74
    wood = f'rx="3" fill="#c9a27a" stroke="{OUTLINE}" stroke-width="2"'
    return (f'<g{mirror}><path d="M10 {num(seat)}V{num(floor)}M46 {num(seat)}V{num(floor)}" {line}/>'
            f'<rect x="4" y="{num(seat - 6)}" width="48" height="10" {wood}/>'
            f'<rect x="4" y="{num(seat - 84)}" width="12" height="84" {wood}/></g>')


def _towel_round_leg(y: float) -> str:
    """A towel wrapped round the lower leg at height y, its two ends rising forward to the hands."""
    cloth = f'fill="#cfe3f0" stroke="{OUTLINE}" stroke-width="2" stroke-linejoin="round"'
    ends = f"M194 {num(y - 6)}L150 {num(y - 70)}L132 {num(y - 58)}L190 {num(y + 10)}Z"
    wrap = f"M186 {num(y - 8)}Q236 {num(y - 18)} 286 {num(y - 2)}L284 {num(y + 16)}Q236 {num(y)} 188 {num(y + 10)}Z"
    return f'<path d="{ends}" {cloth}/><path d="{wrap}" {cloth}/>'


def _props(picture: Picture, places: dict[str, Place]) -> tuple[list[str], list[str]]:
    """The props drawn behind the foot and the ones drawn in front of it."""
    view = view_of(picture)
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
            behind.append(f'<path d="M{num(x - 90)} {num(FLOOR_Y)}v-6h60q14 -14 28 0h92v6Z" {cloth}/>')
        elif prop == "towel":
            behind.append(f'<rect x="16" y="{num(y - 24)}" width="184" height="48" rx="4" {cloth}/>'
                          f'<path d="M16 {num(y - 12)}h184M16 {num(y + 12)}h184" stroke="#8fb3cc"/>')
        elif prop == "toe-separators":
            toes = places["toes"]
            pads = [((p.cx + q.cx) / 2, (p.cy + q.cy) / 2 + 6) for p, q in pairwise(toes.shape)]
            front += [f'<rect x="{num(px - 4)}" y="{num(py - 9)}" width="8" height="18" rx="4" fill="#9ad1be" '
                      f'stroke="{OUTLINE}" stroke-width="1.5"/>' for px, py in pads or [toes.centre]]
        else:
            # A wall stands in front of the toes in the side view, beside the foot elsewhere,
            # unless prop_at says which side.
            left = x < CENTRE[view][0] if picture.prop_at else side and prop == "wall"
            behind.append(_wall_or_chair(prop, left, view))
    return behind, front


def close_up(picture: Picture, prefix: str, overlay: str = "", labels: str = "",
              ground: bool = True, swings: bool = False) -> tuple[str, str]:
    """The clip of the foot and the drawing of the picture's view of it, in the view's own box;
    ground is False when the foot is off the floor, and swings True when the side view of a foot
    lying on its heel shows pointing as the foot turned about the ankle."""
    view = view_of(picture)
    width, height = VIEW_BOX[view]
    places = places_of(picture)
    skin = "".join(_foot_shapes(picture, places))
    behind, front = _props(picture, places)
    floor = ground_strip(width, height, FLOOR_Y) if view is SIDE and ground else ""
    # Colour is not the only cue: a highlight also has a hatch and a thick edge.
    hatch = f'fill="url(#{prefix}-hatch)"'
    zones = "".join(oval(o, ZONE) + oval(o, hatch) for name in picture.zones for o in places[name].shape)
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
