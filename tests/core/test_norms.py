"""Norm look-up and the side-difference rule, against the shipped content's tables."""

from __future__ import annotations

import pytest

from footcoach.core.loader import CONTENT_DIR, load_library
from footcoach.core.norms import NormFound, compare_with_norm, norm_for, say_value, side_difference

TESTS = load_library().tests
STANCE = TESTS["single-leg-stance"]
HEEL_RAISE = TESTS["heel-raise-count"]
KNEE_TO_WALL = TESTS["knee-to-wall"]
JUDGING = ("poor", "abnormal", "risk", "normal", "bad", "good", "weak", "diagnos")


def test_it_finds_each_stance_band_at_both_its_edges() -> None:
    for norm in STANCE.norms:
        for age in (norm.age_min, norm.age_max):
            found = norm_for(STANCE, age, None)
            assert found is not None
            assert (found.value, found.source) == (norm.value, norm.source)


def test_it_moves_to_the_next_band_one_year_past_an_edge() -> None:
    bands = sorted(STANCE.norms, key=lambda norm: norm.age_min)
    for younger, older in zip(bands, bands[1:], strict=False):
        assert norm_for(STANCE, younger.age_max, "female").value == younger.value  # type: ignore[union-attr]
        assert norm_for(STANCE, younger.age_max + 1, "female").value == older.value  # type: ignore[union-attr]


def test_it_has_no_norm_outside_the_tables_ages() -> None:
    youngest = min(norm.age_min for norm in STANCE.norms)
    oldest = max(norm.age_max for norm in STANCE.norms)
    assert norm_for(STANCE, youngest - 1, None) is None
    assert norm_for(STANCE, oldest + 1, None) is None
    assert norm_for(STANCE, None, None) is None


def test_it_says_the_stance_average_in_plain_words() -> None:
    seventies = next(norm for norm in STANCE.norms if norm.age_min == 70)
    found = norm_for(STANCE, 75, None)
    assert found is not None
    assert found.text.startswith(f"People in their seventies average about {seventies.value:g} seconds.")


def test_it_takes_a_norm_for_the_persons_sex_only_when_they_gave_it() -> None:
    by_sex = {norm.sex: norm for norm in HEEL_RAISE.norms if norm.sex != "any"}
    past_flat_floor = max(norm.age_max for norm in HEEL_RAISE.norms if norm.sex == "any") + 1
    women = norm_for(HEEL_RAISE, past_flat_floor, "female")
    men = norm_for(HEEL_RAISE, past_flat_floor, "male")
    assert women is not None and men is not None
    assert (women.value, men.value) == (by_sex["female"].value, by_sex["male"].value)
    assert women.text.startswith(f"Women aged {by_sex['female'].age_min} to {by_sex['female'].age_max} "
                                 f"have a middle value of {by_sex['female'].value:g}")
    assert norm_for(HEEL_RAISE, past_flat_floor, None) is None
    assert norm_for(HEEL_RAISE, by_sex["female"].age_max + 1, "female") is None


def test_it_takes_the_first_norm_that_fits_in_content_order() -> None:
    first = HEEL_RAISE.norms[0]
    found = norm_for(HEEL_RAISE, first.age_min, "female")
    assert found is not None and found.value == first.value


def test_it_ships_no_norm_where_the_content_has_none() -> None:
    for test_id in ("forward-fold-reach", "toe-control", "first-step-pain"):
        assert norm_for(TESTS[test_id], 40, "female") is None
    assert norm_for(KNEE_TO_WALL, KNEE_TO_WALL.norms[-1].age_max + 1, "male") is None


@pytest.mark.parametrize(("value", "words"), [
    (21, "is about the same as that figure."),
    (18, "is a little under that figure; for this test, higher is better."),
    (40, "is well over that figure; for this test, higher is better."),
])
def test_it_compares_a_result_with_a_norm_without_judging(value: float, words: str) -> None:
    sentence = compare_with_norm(STANCE, value, NormFound(21, "springer-2007", "People ..."))
    assert sentence == f"Your {value} seconds {words}"
    assert not any(word in sentence.lower() for word in JUDGING)


def test_it_points_out_a_gap_between_the_feet_at_the_contents_figure() -> None:
    figure = KNEE_TO_WALL.side_difference
    assert figure is not None
    at = side_difference(KNEE_TO_WALL, 10 + figure.value, 10)
    assert at.matters and at.source == figure.source
    assert at.text.startswith(f"Your left foot is ahead by {figure.value:g} cm")


def test_it_points_out_a_gap_just_over_the_figure_and_names_the_foot_ahead() -> None:
    figure = KNEE_TO_WALL.side_difference
    assert figure is not None
    over = side_difference(KNEE_TO_WALL, 10, 10 + figure.value + 0.5)
    assert over.matters
    assert over.text.startswith("Your right foot is ahead")


def test_it_calls_a_gap_just_under_the_figure_measuring_error() -> None:
    figure = KNEE_TO_WALL.side_difference
    assert figure is not None
    under = side_difference(KNEE_TO_WALL, 10 + figure.value - 0.5, 10)
    assert not under.matters
    assert "within measuring error" in under.text


def test_it_counts_a_gap_that_float_sums_leave_a_hair_short() -> None:
    assert side_difference(KNEE_TO_WALL, 12.1, 10.6).matters


def test_it_names_the_foot_ahead_in_the_tests_direction() -> None:
    # For a test where lower is better, the lower result is ahead.
    reach = TESTS["forward-fold-reach"].model_copy(update={"per_side": True})
    assert side_difference(reach, 5, 9).text.startswith("Your left foot is ahead by 4 cm")


def test_it_says_it_knows_no_figure_for_a_test_without_one() -> None:
    gap = side_difference(STANCE, 40, 10)
    assert (gap.matters, gap.source) == (False, None)
    assert "We know no published figure" in gap.text
    toes = side_difference(TESTS["toe-control"], 1, 0)
    assert toes.text.startswith("Your left foot is ahead (left pass, right fail).")


def test_it_cites_only_checked_sources_for_a_gap_between_the_feet() -> None:
    sources = load_library().sources
    for test in TESTS.values():
        if test.side_difference is not None:
            assert test.per_side, test.id
            assert sources[test.side_difference.source].checked in {"primary", "secondary"}, test.id


def test_it_keeps_the_content_free_of_paths_on_one_machine() -> None:
    # The content and its comments stand on their own, wherever the project is checked out.
    for path in CONTENT_DIR.rglob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        for marker in ("/work/", "/home/", "/tmp/", "../shared", "EVIDENCE.md"):
            assert marker not in text, (path.name, marker)


def test_it_says_a_count_in_repetitions_not_times() -> None:
    # "Ahead by 2 times" would read as twice as many.
    found = norm_for(HEEL_RAISE, 30, None)
    assert found is not None and f"{found.value:g} repetitions." in found.text
    assert compare_with_norm(HEEL_RAISE, 27, found) == "Your count of 27 is about the same as that figure."
    assert side_difference(HEEL_RAISE, 20, 22).text.startswith("Your right foot is ahead by 2 repetitions")


def test_it_finds_the_knee_to_wall_norm_at_its_edges_only() -> None:
    norm = KNEE_TO_WALL.norms[0]
    for age in (norm.age_min, norm.age_max):
        found = norm_for(KNEE_TO_WALL, age, "male")
        assert found is not None and (found.value, found.source) == (norm.value, norm.source)
    assert norm_for(KNEE_TO_WALL, norm.age_min - 1, "male") is None
    assert norm_for(KNEE_TO_WALL, norm.age_max + 1, "male") is None


def test_it_says_one_second_and_one_repetition_in_the_singular() -> None:
    stance, raises = TESTS["single-leg-stance"], TESTS["heel-raise-count"]
    assert [say_value(stance, value) for value in (1, 1.0, 21, 0.5)] == ["1 second", "1 second", "21 seconds",
                                                                        "0.5 seconds"]
    assert [say_value(raises, value) for value in (1, 12)] == ["1 repetition", "12 repetitions"]
