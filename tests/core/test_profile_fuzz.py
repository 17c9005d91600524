"""Whatever JSON a profile holds, parse_profile gives a Profile or names each bad field; the CLI says
each problem on one line and exits 2."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from footcoach.core.loader import load_library
from footcoach.core.profile import PROFILE_FIELDS, Profile, ProfileError, parse_profile

LIBRARY = load_library()
GOOD: dict[str, list[Any]] = {
    "birth_year": [1900, 1952, 2016],
    "goals": [["balance"], ["general", "heel-pain"]],
    "conditions": [[], ["poor-balance"], ["hot-swollen-foot"]],
    "equipment": [[], ["towel", "soft-ball"]],
    "minutes_per_day": [3, 15, 90],
    "days_per_week": [1, 7],
    "setting": ["home", "before-workout"],
    "start_side": ["left", "right"],
    "cleared_by_clinician": [True, False],
}
MISSING = object()

# Any text JSON can hold, lone surrogates from "\ud800" escapes included.
texts = st.text(st.characters(exclude_categories=()), max_size=30)
# Made when drawn: hypothesis cannot describe an integer Python will not write out.
huge_numbers = st.sampled_from([5000, -5000]).map(lambda digits: (10 ** abs(digits)) * (1 if digits > 0 else -1))
scalars = (st.none() | st.booleans() | st.integers() | st.floats() | texts | huge_numbers
           | st.sampled_from(["¹⁹⁵²", "١٩٥٢", "15", "true", "", "\x00", "x" * 10_000]))
json_values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                           | st.dictionaries(texts, inner, max_size=3), max_leaves=12)


@st.composite
def profile_data(draw: st.DrawFn) -> Any:
    if draw(st.integers(0, 19)) == 0:
        return draw(json_values)  # not even an object
    data: dict[Any, Any] = {}
    for field, good in GOOD.items():
        value = draw(st.sampled_from([MISSING, "good", "good", "any"]))
        if value == "good":
            data[field] = draw(st.sampled_from(good))
        elif value == "any":
            data[field] = draw(json_values)
    data.update(draw(st.dictionaries(texts, json_values, max_size=2)))
    return data


def one_line_each(error: ProfileError, data: Any) -> None:
    assert error.problems
    extra = [key for key in data if key not in PROFILE_FIELDS] if isinstance(data, dict) else []
    for problem in error.problems:
        said = str(problem)
        assert len(said.splitlines()) == 1 and said.isprintable() and len(said) < 600, said
        assert problem.message
        named = problem.field.split("[", 1)[0]
        # An unknown field is named as written, or in JSON's quotes when that would not read on one line.
        assert named in (*PROFILE_FIELDS, "profile") or problem.field in extra or (
            extra and problem.field.startswith('"')), problem.field


@settings(max_examples=100, deadline=None, derandomize=True)
@given(profile_data())
def test_it_gives_a_profile_or_names_each_bad_field_whatever_the_json(data: Any) -> None:
    try:
        profile = parse_profile(data, LIBRARY, this_year=2026)
    except ProfileError as error:
        one_line_each(error, data)
    else:
        assert isinstance(profile, Profile)
        assert set(data) == set(PROFILE_FIELDS)


@settings(max_examples=5, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=profile_data())
def test_the_command_line_says_each_problem_on_one_line_and_exits_2(data: Any, tmp_path: Path) -> None:
    try:
        parse_profile(data, LIBRARY, this_year=2026)
    except ProfileError as error:
        problems = error.problems
    else:
        return
    try:
        text = json.dumps(data, ensure_ascii=False)
    except ValueError:
        assume(False)  # a number too long to write; its own test is in tests/test_cli_bad_input.py
    path = tmp_path / "profile.json"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    result = subprocess.run(
        [sys.executable, "-m", "footcoach.cli", "plan", "--profile", str(path), "--start", "2026-03-02"],
        capture_output=True, text=True, timeout=60, env={**os.environ, "COLUMNS": "40"},
    )
    assert result.returncode == 2, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == len(problems), result.stderr
    assert all(line.startswith(f"error: {path}: ") for line in lines)
