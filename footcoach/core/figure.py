"""Where the parts of a whole-body figure are, for each pose, seen from the side.

The figure faces left, as the side view of the foot does, so a close-up of the
foot beside it is the same way round. A pose is only joint angles; the joints
are found by walking out from the hip, and the whole figure is then scaled to the
room it has and set down on the floor. This module holds geometry only; figure_svg.py
turns it into SVG, so the figure shares the foot's colours and strokes.
"""

from __future__ import annotations

import math
from typing import Literal, NamedTuple

Point = tuple[float, float]

# Lengths for a figure about 210 units tall when standing: close to the usual
# proportions of an adult, so a fold or a seat looks possible.
TORSO, NECK, HEAD = 64.0, 7.0, 15.0
THIGH, SHIN, ANKLE_DROP, HEEL, TOE = 52.0, 48.0, 6.0, 5.0, 27.0
UPPER_ARM, FOREARM = 38.0, 44.0


class Capsule(NamedTuple):
    """A rounded limb from a to b, ra thick at a and rb at b; a circle when a is b."""

    a: Point
    b: Point
    ra: float
    rb: float


class Leg(NamedTuple):
    # Directions in degrees: 0 points straight down, 90 forward (left), 180 up.
    thigh: float
    shin: float
    foot: float


class Arm(NamedTuple):
    upper: float
    fore: float


class Pose(NamedTuple):
    torso: float
    head: float
    near_leg: Leg
    far_leg: Leg
    near_arm: Arm
    far_arm: Arm
    seat: Literal["none", "chair", "floor"]
    curl: float = 0.0  # how much further down the upper back points than the lower back
    # How the worked (near) foot rests, which decides how its close-up is drawn:
    # flat on the floor, raised off it, or lying on its heel with the toes up.
    worked_foot: Literal["on-floor", "raised", "heel-down"] = "on-floor"
    reach: bool = False  # an arrow from the fingertips down to the floor
    hands_on_leg: bool = False  # both hands at the worked shin, holding a towel if the picture has one
    wall: bool = False  # a wall just in front of the near hand, which rests on it
    # Two feet in a V, heels together, so a close-up from above shows both of them.
    feet_in_v: bool = False


STRAIGHT_LEG = Leg(0, 0, 90)
POSES: dict[str, Pose] = {
    "standing": Pose(180, 180, STRAIGHT_LEG, Leg(-4, 2, 90), Arm(6, 10), Arm(-6, -2), "none"),
    # Curled down from the top, as the steps say: the back rounds from the hips up so the
    # shoulders come down to about the hips' height, and the head and the arms hang from
    # them, the head well below the hips. The hips stay over the heels; the head hangs a
    # little forward of the arms, so the face shows, and the fingertips stop above the floor
    # in front of the toes.
    "forward-fold": Pose(112, 20, Leg(3, 3, 90), Leg(3, 3, 90), Arm(-20, 8), Arm(-26, 2), "none",
                         curl=56, reach=True),
    "seated": Pose(178, 178, Leg(90, 2, 90), Leg(90, -4, 90), Arm(16, 86), Arm(8, 80), "chair"),
    # Leaning forward on a chair with the near foot off the floor in front and both
    # hands reaching to that shin, well below the knee, as when working a towel along it.
    "seated-reaching": Pose(144, 120, Leg(98, 56, 116), Leg(86, -2, 90), Arm(28, 90), Arm(38, 81), "chair",
                            worked_foot="raised", hands_on_leg=True),
    # On the floor with the legs straight out in front, the toes up and the hands on
    # the floor just behind the hips, which keeps the figure narrow enough to be large.
    "seated-floor": Pose(172, 170, Leg(90, 90, 180), Leg(90, 90, 178), Arm(-38, 6), Arm(-38, -2), "floor",
                         worked_foot="heel-down"),
    # Mid-stride: the near heel lands in front, the far foot pushes off behind.
    "walking": Pose(176, 178, Leg(24, 4, 100), Leg(-18, -38, 60), Arm(-22, -8), Arm(18, 36), "none"),
    # The Pilates V seen from the side: heels together and up, knees bent forward over the
    # toes; the far foot turns out the other way, so it shows a little shorter.
    "footwork": Pose(180, 180, Leg(30, -22, 62), Leg(26, -24, 50), Arm(8, 16), Arm(2, 10), "none",
                     feet_in_v=True),
    # Facing a wall with both hands on it, the worked leg straight behind with its heel
    # down and the front knee bent: the calf stretch with the knee straight.
    "wall-lunge": Pose(162, 165, Leg(-20, -20, 90), Leg(28, -4, 90), Arm(92, 84), Arm(98, 90), "none",
                       wall=True),
    # The same at the wall with the back knee bent too and its heel still down, which
    # moves the stretch lower in the calf.
    "wall-lunge-bent-knee": Pose(166, 168, Leg(-2, -30, 90), Leg(30, -2, 90), Arm(98, 86), Arm(104, 92),
                                 "none", wall=True),
    # Standing on the worked foot with its heel raised high, the other foot lifted behind,
    # one hand resting on a wall for balance.
    "heel-raise": Pose(180, 180, Leg(0, 0, 52), Leg(-6, -78, 20), Arm(64, 92), Arm(-6, -2), "none",
                       worked_foot="on-floor", wall=True),
    # On a chair, leaning a little forward with the worked foot lifted in front of the other
    # knee: one hand draws the toes back while the other holds the arch.
    "seated-holding-foot": Pose(158, 150, Leg(118, 14, 150), Leg(90, -4, 90), Arm(31, 34), Arm(28, 25), "chair",
                                worked_foot="raised"),
}


class Band(NamedTuple):
    """A highlight: a thick line through points, drawn inside the figure's outline."""

    points: tuple[Point, ...]
    width: float


class Chair(NamedTuple):
    seat_y: float
    front_x: float
    back_x: float
    top_y: float
    floor_y: float


class Figure(NamedTuple):
    far: tuple[tuple[Capsule, ...], ...]  # drawn first and in shade: the far leg and arm
    near: tuple[tuple[Capsule, ...], ...]  # each a limb of its own, back to front
    eye: Point
    near_hand: Point
    far_hand: Point
    fingertip: Point
    near_foot: Point  # the middle of the worked foot, where a close-up points
    near_calf: Point | None  # behind the worked calf, where the hands hold a towel round it
    places: dict[str, tuple[Band, ...]]  # what each of FIGURE_PLACES highlights
    chair: Chair | None
    reach: tuple[Point, Point] | None
    # Where the face of a wall meets the floor, for a pose whose near hand rests on one.
    wall: Point | None = None


def _step(start: Point, degrees: float, length: float) -> Point:
    angle = math.radians(degrees)
    return (start[0] - math.sin(angle) * length, start[1] + math.cos(angle) * length)


def _leg(hip: Point, leg: Leg) -> tuple[Capsule, ...]:
    knee = _step(hip, leg.thigh, THIGH)
    ankle = _step(knee, leg.shin, SHIN)
    base = _step(ankle, leg.shin, ANKLE_DROP)
    heel, toe = _step(base, leg.foot + 180, HEEL), _step(base, leg.foot, TOE)
    return (Capsule(hip, knee, 10.5, 8), Capsule(knee, ankle, 8, 5.5), Capsule(heel, toe, 5.5, 4.5))


def _arm(shoulder: Point, arm: Arm) -> tuple[Capsule, ...]:
    elbow = _step(shoulder, arm.upper, UPPER_ARM)
    hand = _step(elbow, arm.fore, FOREARM)
    return (Capsule(shoulder, elbow, 6.5, 5.5), Capsule(elbow, hand, 5.5, 4.5))


def _back_band(chain: tuple[Capsule, ...], turn: float) -> Band:
    """The back half of a chain of limbs: a line along it, moved towards the side turn degrees
    from the chain's direction (-90 for a leg, +90 for the back, as both run from the hip)."""
    radius = min(c.rb for c in chain)
    points = [chain[0].a, *(c.b for c in chain)]
    sides = [_direction(c.a, c.b) + turn for c in (chain[0], *chain)]
    return Band(tuple(_step(p, side, radius * 0.5) for p, side in zip(points, sides, strict=True)), radius)


def _direction(a: Point, b: Point) -> float:
    """The direction from a to b in the degrees _step uses."""
    return math.degrees(math.atan2(a[0] - b[0], b[1] - a[1]))


def _lowest(shapes: list[Capsule]) -> float:
    return max(max(s.a[1] + s.ra, s.b[1] + s.rb) for s in shapes)


def _span(shapes: list[Capsule]) -> tuple[float, float]:
    left = min(min(s.a[0] - s.ra, s.b[0] - s.rb) for s in shapes)
    return left, max(max(s.a[0] + s.ra, s.b[0] + s.rb) for s in shapes)


def _top(shapes: list[Capsule]) -> float:
    return min(min(s.a[1] - s.ra, s.b[1] - s.rb) for s in shapes)


def figure(pose_name: str, *, floor_y: float, centre_x: float, room: tuple[float, float],
           largest: float = 1.0) -> Figure:
    """The figure in a pose, resting on the floor at floor_y and centred on centre_x, made as
    large as fits the room (width, height) up to the largest scale."""
    pose = POSES[pose_name]
    hip: Point = (0.0, 0.0)
    # The back is two pieces, so a fold can round it from the hips up.
    middle = _step(hip, pose.torso, TORSO / 2)
    shoulder = _step(middle, pose.torso - pose.curl, TORSO / 2)
    torso: tuple[Capsule, ...] = (Capsule(hip, middle, 15, 15.5), Capsule(middle, shoulder, 15.5, 16))
    head_centre = _step(shoulder, pose.head, NECK + HEAD)
    head = (Capsule(shoulder, _step(shoulder, pose.head, NECK + 4), 6, 6),
            Capsule(head_centre, head_centre, HEAD, HEAD))
    near_leg, far_leg = _leg(hip, pose.near_leg), _leg(hip, pose.far_leg)
    near_arm, far_arm = _arm(shoulder, pose.near_arm), _arm(shoulder, pose.far_arm)
    body = [*torso, *head, *near_leg, *far_leg, *near_arm, *far_arm]
    seat_y, seat_front, seat_back = torso[0].ra, near_leg[0].b[0] + 14, torso[0].ra + 10
    left, right = _span(body)
    if pose.seat == "chair":
        right = max(right, seat_back + 6)
    # A seated figure or a fold rests on its feet; anyone else on their lowest point,
    # so a fold's fingertips and a raised foot hang above the floor.
    standing_on = [*far_leg] if pose.seat == "chair" or pose.reach else body
    lowest = _lowest(standing_on)
    scale = min(largest, room[0] / (right - left), room[1] / (lowest - _top(body)))
    dx, dy = centre_x - scale * (left + right) / 2, floor_y - scale * lowest

    def at(p: Point) -> Point:
        return (p[0] * scale + dx, p[1] * scale + dy)

    def placed(shapes: tuple[Capsule, ...]) -> tuple[Capsule, ...]:
        return tuple(Capsule(at(c.a), at(c.b), c.ra * scale, c.rb * scale) for c in shapes)

    torso, near_leg, far_leg = placed(torso), placed(near_leg), placed(far_leg)
    hand = placed(near_arm)[-1]
    fingertip = _step(hand.b, _direction(hand.a, hand.b), hand.rb)
    foot, shin = near_leg[2], near_leg[1]
    # Low on the calf, so the towel and the hands are clear of the knee.
    calf = (shin.a[0] + (shin.b[0] - shin.a[0]) * 0.65, shin.a[1] + (shin.b[1] - shin.a[1]) * 0.65)
    chair = None
    if pose.seat == "chair":
        chair = Chair(at((0, seat_y))[1], at((seat_front, 0))[0], at((seat_back, 0))[0],
                      at(shoulder)[1] + 6, floor_y)
    reach = None
    if pose.reach:
        # From the fingertips straight down to the floor they reach for.
        reach = ((fingertip[0], fingertip[1] + 4), (fingertip[0], floor_y - 2))
    return Figure(
        far=(far_leg, placed(far_arm)),
        near=((*torso, *placed(head)), near_leg, placed(near_arm)),
        eye=at(_step(_step(head_centre, pose.head - 90, HEAD * 0.5), pose.head, HEAD * 0.2)),
        near_hand=hand.b,
        far_hand=at(far_arm[-1].b),
        fingertip=fingertip,
        near_foot=((foot.a[0] + foot.b[0]) / 2, (foot.a[1] + foot.b[1]) / 2),
        near_calf=_step(calf, pose.near_leg.shin - 90, shin.ra) if pose.hands_on_leg else None,
        places={
            "back": (_back_band(torso, 90),),
            "back-of-legs": (_back_band(near_leg[:2], -90),),
            "feet": tuple(Band((f.a, f.b), f.ra * 2) for f in (near_leg[2], far_leg[2])),
        },
        chair=chair,
        reach=reach,
        wall=(fingertip[0], floor_y) if pose.wall else None,
    )
