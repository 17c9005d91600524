"""A whole-body figure as SVG, alone or laid out beside a close-up of the foot."""

from __future__ import annotations

import math

from footcoach.core.figure import POSES, Capsule, Chair, Figure, figure
from footcoach.core.foot import FLOOR_Y, SIDE, TOP, VIEW_BOX, close_up
from footcoach.core.schemas import Picture
from footcoach.core.svg import (
    HIGHLIGHT,
    HIGHLIGHT_ON_SKIN,
    OUTLINE,
    SKIN,
    SKIN_SHADE,
    Point,
    arrow_marks,
    ground_strip,
    head,
    num,
    pt,
    root,
)


def _capsule(shape: Capsule) -> str:
    """A rounded limb as a closed path, so it can be filled, outlined and used as a clip."""
    (ax, ay), (bx, by), ra, rb = shape
    length = math.hypot(bx - ax, by - ay)
    if length < 1:
        return (f"M{pt((ax - ra, ay))}a{num(ra)} {num(ra)} 0 1 0 {num(2 * ra)} 0"
                f"a{num(ra)} {num(ra)} 0 1 0 {num(-2 * ra)} 0Z")
    nx, ny = -(by - ay) / length, (bx - ax) / length
    return (f"M{pt((ax + nx * ra, ay + ny * ra))}L{pt((bx + nx * rb, by + ny * rb))}"
            f"A{num(rb)} {num(rb)} 0 0 0 {pt((bx - nx * rb, by - ny * rb))}"
            f"L{pt((ax - nx * ra, ay - ny * ra))}A{num(ra)} {num(ra)} 0 0 0 {pt((ax + nx * ra, ay + ny * ra))}Z")


def _stroke(points: tuple[Point, ...], width: float, colour: str) -> str:
    d = "M" + "L".join(pt(p) for p in points)
    return (f'<path d="{d}" fill="none" stroke="{colour}" stroke-width="{num(width)}" '
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
    return (f'<path d="M{num(front + 4)} {num(seat)}V{num(floor)}M{num(back - 4)} {num(seat)}V{num(floor)}" {line}/>'
            f'<rect x="{num(front)}" y="{num(seat)}" width="{num(back - front)}" height="9" {wood}/>'
            f'<rect x="{num(back - 10)}" y="{num(top)}" width="10" height="{num(seat - top + 4)}" {wood}/>')


def _wall(face: Point) -> str:
    """A wall standing on the floor, its face where the hand rests, in the foot pictures' greys."""
    x, floor = face
    line = f'fill="none" stroke="{OUTLINE}" stroke-width="2.5" stroke-linecap="round"'
    return (f'<rect x="{num(x - 16)}" y="-2" width="16" height="{num(floor + 2)}" fill="#e4e1dc"/>'
            f'<path d="M{num(x)} 0V{num(floor)}" {line}/>')


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
    eye = f'<circle cx="{num(fig.eye[0])}" cy="{num(fig.eye[1])}" r="2" fill="{OUTLINE}"/>'
    # A zone on the figure is a thick line filled with the highlight laid over skin, made
    # solid so the pieces of one zone join without seams, then hatched like the foot's.
    bands = [band for name in zones for band in fig.places[name]]
    marked = "".join(_stroke(b.points, b.width + 4, HIGHLIGHT) + _stroke(b.points, b.width, HIGHLIGHT_ON_SKIN)
                     + _stroke(b.points, b.width, f"url(#{prefix}-hatch)") for b in bands)
    reach = ""
    if fig.reach is not None:
        top, bottom = fig.reach
        bar = f"M{num(bottom[0] - 12)} {num(bottom[1] + 1)}h24"
        reach = arrow_marks([f"M{pt(top)}L{pt(bottom)}", bar], [head(bottom, top)])
    furniture = (_wall(fig.wall) if fig.wall else "") + (_chair(fig.chair) if fig.chair else "")
    body = (f'{furniture}{"".join(_limb(part, SKIN_SHADE) for part in fig.far)}'
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


# The Pilates V from above: a right foot and its mirror, heels touching on the middle line
# and each turned out this many degrees about its heel, made smaller so both fit the panel.
V_TURN, V_SCALE = 24.0, 0.62
V_HEEL: Point = (106.0, 280.0)  # the middle of the heel in the top view
V_HEEL_HALF_WIDTH = 42.0


def v_stance(panel_width: float, panel_height: float) -> tuple[str, str]:
    """The SVG transforms that place the right and the left foot of a V in the panel."""
    x, y = panel_width / 2, panel_height - 34
    gap = V_HEEL_HALF_WIDTH * V_SCALE
    heel = f"rotate({num(V_TURN)}) translate({num(-V_HEEL[0])} {num(-V_HEEL[1])})"
    return (f"translate({num(x + gap)} {num(y)}) scale({V_SCALE}) {heel}",
            f"translate({num(x - gap)} {num(y)}) scale({-V_SCALE} {V_SCALE}) {heel}")


def _feet_in_v(picture: Picture, prefix: str, width: float, height: float) -> tuple[str, str]:
    """Both feet from above in the V, each drawn as the view's close-up with ids of its own."""
    clips, feet = [], []
    for transform, side in zip(v_stance(width, height), ("r", "l"), strict=True):
        clip, foot = close_up(picture, f"{prefix}{side}")
        # Each foot clips its highlights to itself, but both share the picture's one hatch.
        foot = foot.replace(f"url(#{prefix}{side}-hatch)", f"url(#{prefix}-hatch)")
        clips.append(clip)
        feet.append(f'<g transform="{transform}">{foot}</g>')
    return "".join(clips), "".join(feet)


def posed_svg(picture: Picture, pose: str, title: str, prefix: str) -> str:
    """A figure in a pose, alone or beside a close-up of the foot framed as a detail."""
    if picture.view is None:
        width, height = VIEW_BOX[SIDE]
        fig = figure(pose, floor_y=FLOOR_Y, centre_x=width / 2, room=(width - 60, FLOOR_Y - 20), largest=1.6)
        clip, body = _figure_layer(picture, fig, prefix, picture.zones)
        return root((width, height), title, picture.alt, prefix, clip, ground_strip(width, height, FLOOR_Y) + body)
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
    if POSES[pose].feet_in_v and picture.view is TOP:
        foot_clip, close = _feet_in_v(picture, prefix, close_width, height)
    else:
        foot_clip, close = close_up(picture, prefix, ground=worked == "on-floor", swings=swings)
    panel = f'<clipPath id="{prefix}-panel"><rect width="{close_width}" height="{num(height)}" rx="10"/></clipPath>'
    if turned:
        # A pointed foot's heel would dip into the floor; the floor hides it.
        close = (ground_strip(close_width, height, floor)
                 + f'<g clip-path="url(#{prefix}-above)"><g transform="{TURN}">{close}</g></g>')
        panel += f'<clipPath id="{prefix}-above"><rect width="{close_width}" height="{num(floor + 2)}"/></clipPath>'
    if raised:
        close = f'<g transform="translate({-RAISED_CROP[0]} 0)">{close}</g>'
    frame = 'fill="none" stroke="#8a8a8a" stroke-width="2"'
    x, y = fig.near_foot
    body = (
        ground_strip(figure_width, height, floor) + figure_body
        + f'<g transform="translate({num(figure_width)} 0)" clip-path="url(#{prefix}-panel)">{close}</g>'
        # The close-up is framed, and the same frame rings the foot it enlarges.
        + f'<rect x="{num(figure_width + 1)}" y="1" width="{close_width - 2}" height="{num(height - 2)}" rx="10" '
        f'{frame}/><circle cx="{num(x)}" cy="{num(y)}" r="20" {frame}/>'
    )
    defs = foot_clip + figure_clip + panel
    return root((figure_width + close_width, height), title, picture.alt, prefix, defs, body)
