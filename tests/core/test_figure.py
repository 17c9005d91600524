"""The whole-body figure: pictures that show how the person stands or sits, not only the foot."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import get_args

import pytest

from footcoach.core.drawing import ARROW, HIGHLIGHT, SKIN, picture_svg
from footcoach.core.figure import POSES, Capsule, figure
from footcoach.core.loader import check_content, load_library
from footcoach.core.schemas import FIGURE_PLACES, Arrow, Picture, PictureView, Pose
from tests.core.svg_checks import assert_self_contained, parse
from tests.core.test_loader import EXERCISE, write_content

SVG = "{http://www.w3.org/2000/svg}"
LIBRARY = load_library()
FLOOR = 226.0


def posed_pictures() -> list[Picture]:
    """Every pose alone and beside each view of the foot, with the props a figure draws."""
    pictures = [Picture(pose=pose, zones=FIGURE_PLACES, alt=f"A figure {pose}.") for pose in get_args(Pose)]
    for pose in get_args(Pose):
        for view in PictureView:
            pictures.append(Picture(pose=pose, view=view, props=("towel",), alt=f"A figure {pose} and a foot."))
    return pictures


def bottom(shapes: tuple[Capsule, ...]) -> float:
    """How low a limb reaches: the floor's height when it rests on it."""
    return max(max(c.a[1] + c.ra, c.b[1] + c.rb) for c in shapes)


def gap(point: tuple[float, float], shape: Capsule) -> float:
    """How far a point is outside a limb's rounded edge; negative when it is on the limb."""
    (ax, ay), (bx, by), ra, rb = shape
    length = (bx - ax) ** 2 + (by - ay) ** 2
    t = max(0.0, min(1.0, ((point[0] - ax) * (bx - ax) + (point[1] - ay) * (by - ay)) / length)) if length else 0.0
    return math.dist(point, (ax + t * (bx - ax), ay + t * (by - ay))) - (ra + t * (rb - ra))


def figure_bounds(root: ET.Element) -> tuple[float, float, float, float]:
    """Left, top, right and bottom of the figure as drawn, read from its clip of rounded limbs."""
    clip = next(e for e in root.iter(f"{SVG}clipPath") if e.get("id", "").endswith("-figure"))
    xs: list[float] = []
    ys: list[float] = []
    for path in clip.iter(f"{SVG}path"):
        here = (0.0, 0.0)
        for command, numbers in re.findall(r"([MLAaZ])([^MLAaZ]*)", path.get("d", "")):
            values = [float(v) for v in numbers.replace(",", " ").split()]
            if command in "ML":
                here = (values[0], values[1])
                end, radius = here, 0.0
            elif command in "Aa":
                radius = values[0]
                end = (values[5], values[6]) if command == "A" else (here[0] + values[5], here[1] + values[6])
            else:
                continue
            # A limb's rounded end is half a circle about the middle of where it starts and ends.
            centre = ((here[0] + end[0]) / 2, (here[1] + end[1]) / 2)
            xs += [centre[0] - radius, centre[0] + radius]
            ys += [centre[1] - radius, centre[1] + radius]
            here = end
    return min(xs), min(ys), max(xs), max(ys)


def close_up_left(root: ET.Element) -> float:
    """Where the framed close-up begins, which is where the figure's panel ends."""
    return min(float(e.get("x", "0")) for e in root.iter(f"{SVG}rect") if e.get("stroke") == "#8a8a8a")


def test_it_has_a_figure_for_every_pose_and_place_the_schema_allows() -> None:
    assert set(POSES) == set(get_args(Pose))
    for pose in POSES:
        drawn = figure(pose, floor_y=FLOOR, centre_x=160, room=(260, 200))
        assert set(drawn.places) == set(FIGURE_PLACES), pose


def test_it_draws_the_forward_fold_reach_as_a_person_bending_over_a_floor() -> None:
    test = LIBRARY.tests["forward-fold-reach"]

    svg = picture_svg(test.picture, title=test.name)

    root = parse(svg)
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None and title.text == test.name
    assert desc is not None and desc.text == test.picture.alt and "bending forward" in desc.text
    assert any(e.get("id", "").endswith("-figure") for e in root.iter(f"{SVG}clipPath"))
    assert f'd="M0 {FLOOR:g}H320"' in svg  # the floor line
    assert f'fill="{ARROW}"' in svg  # the reach arrow
    assert HIGHLIGHT in svg  # the back and the backs of the legs


def test_it_folds_at_the_hips_with_the_fingertips_above_the_floor_and_the_arrow_reaching_it() -> None:
    fold = figure("forward-fold", floor_y=FLOOR, centre_x=160, room=(260, 200), largest=1.6)
    (torso, *_), _, _ = fold.near

    assert bottom(fold.near[1]) == pytest.approx(FLOOR)  # standing on the feet
    assert abs(torso.b[1] - torso.a[1]) < abs(torso.b[0] - torso.a[0])  # the back leans over, not upright
    assert fold.fingertip[1] < FLOOR - 30  # room for an arrow between the fingertips and the floor
    assert fold.reach is not None
    start, end = fold.reach
    assert start[0] == pytest.approx(fold.fingertip[0]) and end[0] == pytest.approx(start[0])  # straight down
    assert 0 < start[1] - fold.fingertip[1] < 6  # from the fingertips, not beside or above them
    assert end[1] == pytest.approx(FLOOR - 2)
    toes = fold.near[1][2]
    assert start[0] + 12 < toes.b[0] - toes.rb  # the arrow and its floor mark land in front of the toes


def test_it_hangs_the_head_below_the_hips_with_the_face_clear_of_the_arms() -> None:
    fold = figure("forward-fold", floor_y=FLOOR, centre_x=160, room=(260, 200), largest=1.6)
    (lower_back, *_, head), _, near_arm = fold.near

    assert head.a[1] > lower_back.a[1] + head.ra and head.a[0] < lower_back.a[0]  # below and in front of the hips
    assert head.a[0] < near_arm[0].a[0]  # in front of the arms, not behind them
    for limb in near_arm:
        assert gap(fold.eye, limb) > 6  # the eye is on the face, not on the arm


def test_it_sits_on_a_chair_with_both_feet_on_the_floor() -> None:
    seated = figure("seated", floor_y=FLOOR, centre_x=100, room=(170, 200))
    near_leg, far_leg = seated.near[1], seated.far[0]

    assert seated.chair is not None
    assert bottom(near_leg) == pytest.approx(FLOOR, abs=1) and bottom(far_leg) == pytest.approx(FLOOR, abs=1)
    thigh = near_leg[0]
    assert abs(thigh.b[1] - thigh.a[1]) < 10  # the thigh lies along the seat
    assert seated.chair.seat_y == pytest.approx(thigh.a[1] + thigh.ra, abs=12)


def test_it_sits_on_the_floor_with_the_legs_out_and_the_toes_up() -> None:
    sitting = figure("seated-floor", floor_y=FLOOR, centre_x=100, room=(170, 200))
    (lower_back, *_), near_leg, _ = sitting.near
    foot = near_leg[2]

    assert lower_back.a[1] + lower_back.ra == pytest.approx(FLOOR, abs=1)  # the hips are on the floor
    assert foot.b[1] < foot.a[1] - 10  # the toes point up
    assert sitting.chair is None


def test_it_raises_the_worked_foot_while_reaching_for_the_leg() -> None:
    reaching = figure("seated-reaching", floor_y=FLOOR, centre_x=100, room=(170, 200))

    assert bottom(reaching.far[0]) == pytest.approx(FLOOR)
    assert bottom(reaching.near[1]) < FLOOR - 3


def test_it_draws_the_foot_spine_seated_on_the_floor_beside_a_close_up_of_the_foot() -> None:
    exercise = LIBRARY.exercises["foot-spine"]

    root = parse(picture_svg(exercise.picture, title=exercise.name))

    assert exercise.picture.pose == "seated-floor"
    clips = {e.get("id", "").rsplit("-", 1)[-1] for e in root.iter(f"{SVG}clipPath")}
    assert {"figure", "clip", "panel"} <= clips  # the person, the foot and its frame
    assert "sitting on the floor" in exercise.picture.alt


@pytest.mark.parametrize("item", ["foot-spine", "towel-self-massage"])
def test_it_makes_a_figure_beside_a_close_up_fill_its_panel(item: str) -> None:
    picture = LIBRARY.exercises[item].picture

    root = parse(picture_svg(picture, title=item))

    height = float(root.get("viewBox", "").split()[3])
    left, top, right, bottom = figure_bounds(root)
    assert (bottom - top) / height > 0.6
    assert 0 < left and right < close_up_left(root)  # and stays inside it


def test_it_shows_the_foot_spine_pointing_and_flexing_as_two_positions_and_one_curve() -> None:
    exercise = LIBRARY.exercises["foot-spine"]

    svg = picture_svg(exercise.picture, title=exercise.name)

    root = parse(svg)
    dashed_feet = [e for e in root.iter(f"{SVG}path") if e.get("stroke-dasharray") and e.get("fill") == SKIN]
    assert len(dashed_feet) == 1  # the pointed foot, faint behind the flexed one drawn solid
    shafts = [p for g in root.iter(f"{SVG}g") if g.get("stroke") == ARROW for p in g.iter(f"{SVG}path")]
    heads = [p for g in root.iter(f"{SVG}g") if g.get("fill") == ARROW for p in g.iter(f"{SVG}path")]
    assert len(shafts) == 1 and "A" in shafts[0].get("d", "")  # one curve between the two
    assert len(heads) == 2  # pointing one way, flexing back the other
    assert "dashed outline" in exercise.picture.alt


def test_it_keeps_a_point_arrow_on_a_foot_standing_on_the_floor_an_arrow() -> None:
    picture = Picture(view=PictureView.SIDE, arrows=(Arrow(start="ankle", end="toes", motion="point"),), alt="A foot.")

    svg = picture_svg(picture, title="Point")

    assert "stroke-dasharray" not in svg


def test_it_holds_the_towel_round_the_calf_clear_of_the_knee() -> None:
    reaching = figure("seated-reaching", floor_y=FLOOR, centre_x=115, room=(200, 210), largest=1.4)
    thigh = reaching.near[1][0]
    knee, thickness = thigh.b, thigh.rb

    assert reaching.near_calf is not None
    assert math.dist(knee, reaching.near_calf) - thickness > 2.5 * thickness
    for hand in (reaching.near_hand, reaching.far_hand):
        assert math.dist(knee, hand) - thickness > 4 * thickness


def test_it_draws_the_towel_massage_arrows_well_apart_on_either_side_of_the_leg() -> None:
    exercise = LIBRARY.exercises["towel-self-massage"]

    root = parse(picture_svg(exercise.picture, title=exercise.name))

    lines = []
    for group in root.iter(f"{SVG}g"):
        if group.get("stroke") == ARROW:
            numbers = [float(v) for v in re.findall(r"-?[\d.]+", group[0].get("d", ""))]
            lines.append(((numbers[0], numbers[1]), (numbers[-2], numbers[-1])))
    assert len(lines) == 2

    def distance(p: tuple[float, float], line: tuple[tuple[float, float], tuple[float, float]]) -> float:
        a, b = line
        return gap(p, Capsule(a, b, 0, 0))

    # Two straight arrows that do not cross are closest at one of their ends.
    first, second = lines
    closest = min(*(distance(p, second) for p in first), *(distance(p, first) for p in second))
    assert closest > 40  # far more than an arrowhead, so they read as two strokes, not an X


@pytest.mark.parametrize("picture", posed_pictures(), ids=lambda p: f"{p.pose}-{p.view}")
def test_it_draws_well_formed_self_contained_svg_for_every_pose(picture: Picture) -> None:
    svg = picture_svg(picture, title="Any")

    root = assert_self_contained(svg)
    assert svg.replace('xmlns="http://www.w3.org/2000/svg"', "").count("http") == 0
    assert "href" not in svg and "@import" not in svg
    assert [e.tag for e in root.iter() if e.tag == f"{SVG}svg"] == [f"{SVG}svg"]  # one image, no nested one


def test_it_keeps_a_picture_without_a_pose_a_drawing_of_the_foot_alone() -> None:
    picture = Picture(view=PictureView.SIDE, zones=("heel",), alt="A foot from the side.")

    svg = picture_svg(picture, title="Heel")

    assert "-figure" not in svg
    assert parse(svg).get("viewBox") == "0 0 320 260"


def test_it_refuses_a_pose_it_does_not_know_with_file_line_and_field(tmp_path: Path) -> None:
    exercise = EXERCISE.replace("    view: top\n", "    view: top\n    pose: cartwheel\n")
    _, problems = check_content(write_content(tmp_path, exercises__demo=exercise))

    assert [(Path(p.file).name, p.line, p.field) for p in problems] == [("demo.yaml", 23, "demo-lift.picture.pose")]
    assert "seated-floor" in problems[0].message  # the message lists the poses there are


def test_it_refuses_a_picture_with_neither_a_view_nor_a_pose(tmp_path: Path) -> None:
    exercise = EXERCISE.replace("    view: top\n    zones: [toes]\n", "")
    _, problems = check_content(write_content(tmp_path, exercises__demo=exercise))

    assert [(p.line, p.field) for p in problems] == [(21, "demo-lift.picture")]
    assert "a view of the foot, a pose, or both" in problems[0].message


def test_it_refuses_foot_places_and_arrows_on_a_figure_drawn_alone() -> None:
    with pytest.raises(ValueError, match="heel not a place of a figure drawn alone"):
        Picture(pose="standing", zones=("heel",), alt="A person standing.")
    with pytest.raises(ValueError, match="need a view of the foot"):
        Picture(pose="standing", arrows=(Arrow(start="heel", end="toes", motion="lift"),), alt="A person.")


def test_it_gives_every_changed_picture_alt_text_that_names_the_person() -> None:
    posed = [item for item in (*LIBRARY.exercises.values(), *LIBRARY.tests.values()) if item.picture.pose]
    assert {item.id for item in posed} >= {"forward-fold-reach", "foot-spine", "towel-self-massage"}
    for item in posed:
        assert "person" in item.picture.alt, item.id
