"""The exercise pictures and the foot map, drawn from data as inline SVG."""

from __future__ import annotations

import pytest

from footcoach.core.drawing import PLACES, drawn_places, foot_map_svg, picture_svg
from footcoach.core.schemas import VIEW_PLACES, Arrow, FootMap, MapZone, Picture, PictureView
from tests.core.svg_checks import assert_self_contained, parse

SVG = "{http://www.w3.org/2000/svg}"
MOTIONS = ("roll", "lift", "press", "rock", "spread", "slide", "point", "flex")
PROPS = ("spiky-ball", "hard-ball", "soft-ball", "towel", "toe-separators", "wall", "chair")


def every_kind_of_picture() -> list[Picture]:
    """One picture per view and motion, and one per view and prop, with lifts and highlights."""
    pictures = []
    for view, places in VIEW_PLACES.items():
        first, last = places[0], places[-1]
        for motion in MOTIONS:
            pictures.append(Picture(
                view=view, zones=(first,), alt=f"A {motion} arrow.",
                arrows=(Arrow(start=first, end=last, motion=motion), Arrow(start=last, end=last, motion=motion)),
            ))
        for prop in PROPS:
            pictures.append(Picture(
                view=view, zones=places, props=(prop,), prop_at=last, heel_lifted=True, toes_lifted=True,
                alt=f"A {prop}.",
            ))
    return pictures


def test_it_has_geometry_for_every_place_of_every_view() -> None:
    for view in PictureView:
        assert drawn_places(view) == set(VIEW_PLACES[view]), view
        for name, place in PLACES[view].items():
            assert place.shape, f"{view.value} {name} has no shape"


def test_it_draws_well_formed_svg_labelled_by_title_and_alt() -> None:
    picture = Picture(view=PictureView.SOLE, zones=("heel",), alt="The sole with the heel <highlighted> & 'marked'.")

    root = parse(picture_svg(picture, title="Roll the heel"))

    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("viewBox")
    assert root.get("width") is None and root.get("height") is None
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None and title.text == "Roll the heel"
    assert desc is not None and desc.text == "The sole with the heel <highlighted> & 'marked'."
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"


@pytest.mark.parametrize("picture", every_kind_of_picture(), ids=lambda p: f"{p.view.value}-{p.alt}")
def test_it_draws_every_motion_and_prop_in_every_view(picture: Picture) -> None:
    svg = picture_svg(picture, title="Any")

    assert_self_contained(svg)


def test_it_changes_the_drawing_when_a_zone_is_highlighted() -> None:
    plain = Picture(view=PictureView.SIDE, alt="A foot from the side.")
    highlighted = Picture(view=PictureView.SIDE, zones=("calf",), alt="A foot from the side.")

    assert picture_svg(plain, title="Calf") != picture_svg(highlighted, title="Calf")
    assert "hatch" in picture_svg(highlighted, title="Calf")


def test_it_gives_two_pictures_different_id_prefixes() -> None:
    toes = Picture(view=PictureView.TOP, zones=("toes",), alt="A foot from above.")
    ankle = Picture(view=PictureView.TOP, zones=("ankle",), alt="A foot from above.")

    first = {e.get("id") for e in parse(picture_svg(toes, title="Toes")).iter() if e.get("id")}
    second = {e.get("id") for e in parse(picture_svg(ankle, title="Toes")).iter() if e.get("id")}

    assert first and second
    assert not first & second


def test_it_refers_to_nothing_outside_the_picture() -> None:
    for picture in every_kind_of_picture():
        svg = picture_svg(picture, title="Any")
        assert svg.replace('xmlns="http://www.w3.org/2000/svg"', "").count("http") == 0
        assert "href" not in svg and "@import" not in svg


def test_it_draws_the_same_string_for_the_same_picture() -> None:
    def make() -> Picture:
        return Picture(
            view=PictureView.SOLE, zones=("arch-inner", "ball"), props=("spiky-ball",), prop_at="ball",
            arrows=(Arrow(start="heel", end="big-toe", motion="roll"),), heel_lifted=True, alt="A sole.",
        )

    assert picture_svg(make(), title="Sole") == picture_svg(make(), title="Sole")


def test_it_numbers_the_foot_map_zones_in_order() -> None:
    foot_map = FootMap(
        id="rolling-map", name="Sole map", view=PictureView.SOLE, intro="Where to roll.",
        zones=(
            MapZone(place="toes", name="Toes", what_to_do="Roll lightly."),
            MapZone(place="big-toe", name="Big toe", what_to_do="Roll lightly."),
            MapZone(place="heel", name="Heel", what_to_do="Roll in circles."),
        ),
    )

    svg = foot_map_svg(foot_map, title="Sole map")

    root = parse(svg)
    assert root.get("role") == "img"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None and title.text == "Sole map"
    assert desc is not None and desc.text is not None
    assert "1 Toes; 2 Big toe; 3 Heel" in desc.text
    assert [t.text for t in root.iter(f"{SVG}text")] == ["1", "2", "3"]
    assert svg.replace('xmlns="http://www.w3.org/2000/svg"', "").count("http") == 0
    assert foot_map_svg(foot_map, title="Sole map") == svg


def test_it_draws_a_picture_once_and_gives_the_same_drawing_after() -> None:
    # The library page shows every exercise's picture; drawing them on every
    # request was most of its time.
    def make() -> Picture:
        return Picture(view=PictureView.SOLE, zones=("arch-inner",), alt="A sole.")

    picture = make()
    first = picture_svg(picture, title="Drawn once")
    assert picture_svg(make(), title="Drawn once") is first
    assert picture_svg(picture, title="Another title") is not first
