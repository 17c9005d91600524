"""The content loader: the shipped content is valid, and broken content is
reported with its file, line and field, all problems at once."""

from __future__ import annotations

import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from footcoach.core.loader import CONTENT_DIR, ContentError, check_content, load_library

METHOD = """\
- id: demo-method
  name: Demo method
  teacher: A Teacher
  credit: Taught by A Teacher; written in our words.
  source: demo-source
  summary: A method for the tests.
  frequency: Daily.
"""

SOURCE = """\
- id: demo-source
  citation: A Teacher, Demo, 2024.
  checked: seed
"""

EXERCISE = """\
- id: demo-lift
  name: Demo lift
  method: demo-method
  region: toes
  position: standing
  equipment: []
  summary: Lift the toes.
  purpose: Wakes the toes up.
  steps:
    - Lift all toes.
  dose:
    reps: 4
    sides: both
    origin: teacher
  cues:
    - Lift.
  claims:
    - text: Helps the toes.
      label: teacher-practice
      source: demo-source
  picture:
    view: top
    zones: [toes]
    alt: A foot from above with the toes highlighted.
"""

PROGRAM = """\
- id: demo-program
  name: Demo program
  method: demo-method
  summary: One lift.
  description: The demo program.
  frequency:
    min_per_week: 3
    text: Three times a week.
  items:
    - exercise: demo-lift
  claims:
    - text: Good for the toes.
      label: teacher-practice
      source: demo-source
"""


def write_content(root: Path, **files: str) -> Path:
    """A small valid content folder; keyword arguments replace or add files."""
    layout = {
        "methods/methods.yaml": METHOD,
        "sources/sources.yaml": SOURCE,
        "exercises/demo.yaml": EXERCISE,
        "programs/demo.yaml": PROGRAM,
    }
    for name, text in files.items():
        layout[name.replace("__", "/") + ".yaml"] = text
    for name, text in layout.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def test_it_loads_every_shipped_content_file() -> None:
    library, problems = check_content()
    assert problems == []
    assert library is not None
    assert len(library.methods) == 5
    assert len(library.programs) == 5
    # Every YAML file under content/ contributed: none is silently skipped.
    files = {p for p in CONTENT_DIR.rglob("*.yaml")}
    assert files and all(p.read_text().lstrip().startswith(("-", "#")) for p in files)


def test_it_loads_a_small_valid_folder(tmp_path: Path) -> None:
    library = load_library(write_content(tmp_path))
    assert list(library.exercises) == ["demo-lift"]
    assert library.exercises_of(library.programs["demo-program"])[0].name == "Demo lift"


def test_it_returns_immutable_objects(tmp_path: Path) -> None:
    library = load_library(write_content(tmp_path))
    exercise = library.exercises["demo-lift"]
    with pytest.raises(Exception, match="frozen"):
        exercise.name = "Changed"  # type: ignore[misc]
    with pytest.raises(TypeError):
        library.exercises["other"] = exercise  # type: ignore[index]


def test_it_names_file_line_and_field_of_a_missing_field(tmp_path: Path) -> None:
    write_content(tmp_path, exercises__demo=EXERCISE.replace("  region: toes\n", ""))
    _, problems = check_content(tmp_path)
    assert [(Path(p.file).name, p.line, p.field) for p in problems] == [("demo.yaml", 1, "demo-lift.region")]
    assert "required" in problems[0].message


def test_it_names_file_line_and_field_of_a_wrong_type(tmp_path: Path) -> None:
    write_content(tmp_path, exercises__demo=EXERCISE.replace("reps: 4", "reps: four"))
    _, problems = check_content(tmp_path)
    assert len(problems) == 1
    assert problems[0].line == 12
    assert problems[0].field == "demo-lift.dose.reps"
    assert str(problems[0]).startswith(f"{tmp_path / 'exercises/demo.yaml'}:12: demo-lift.dose.reps:")


def test_it_names_an_unknown_choice_and_what_is_allowed(tmp_path: Path) -> None:
    write_content(tmp_path, exercises__demo=EXERCISE.replace("position: standing", "position: lying"))
    _, problems = check_content(tmp_path)
    assert problems[0].line == 5
    assert "seated" in problems[0].message and "standing" in problems[0].message


def test_it_reports_a_dangling_reference_at_its_line(tmp_path: Path) -> None:
    write_content(tmp_path, programs__demo=PROGRAM.replace("exercise: demo-lift", "exercise: demo-lfit"))
    _, problems = check_content(tmp_path)
    assert len(problems) == 1
    assert (problems[0].line, problems[0].field) == (10, "demo-program.items.0.exercise")
    assert "demo-lfit" in problems[0].message


def test_it_reports_an_unknown_source_in_a_claim(tmp_path: Path) -> None:
    write_content(tmp_path, exercises__demo=EXERCISE.replace("source: demo-source", "source: nowhere"))
    _, problems = check_content(tmp_path)
    assert [(p.line, p.field) for p in problems] == [(20, "demo-lift.claims.0.source")]


def test_it_reports_bad_yaml_with_its_line(tmp_path: Path) -> None:
    write_content(tmp_path, programs__demo="- id: demo-program\n  name: [unclosed\n  method: x\n")
    _, problems = check_content(tmp_path)
    assert len(problems) == 1
    assert problems[0].file.endswith("programs/demo.yaml")
    assert problems[0].line >= 2
    assert "not valid YAML" in problems[0].message


def test_it_reports_a_key_given_twice(tmp_path: Path) -> None:
    write_content(tmp_path, exercises__demo=EXERCISE.replace("  region: toes\n", "  region: toes\n  region: heel\n"))
    _, problems = check_content(tmp_path)
    assert [(p.line, p.message) for p in problems] == [(5, "this key is given twice")]


def test_it_reports_an_id_used_twice(tmp_path: Path) -> None:
    write_content(tmp_path, exercises__more=EXERCISE)
    _, problems = check_content(tmp_path)
    assert len(problems) == 1
    assert "already used" in problems[0].message


def test_it_reports_all_problems_at_once(tmp_path: Path) -> None:
    broken = EXERCISE.replace("  region: toes\n", "").replace("reps: 4", "reps: -1")
    write_content(tmp_path, exercises__demo=broken,
                  programs__demo=PROGRAM.replace("demo-lift", "missing-one"),
                  methods__extra="- id: x\n  name: [\n")
    _, problems = check_content(tmp_path)
    fields = {p.field for p in problems}
    assert {"demo-lift.region", "demo-lift.dose.reps", "demo-program.items.0.exercise"} <= fields
    assert any("not valid YAML" in p.message for p in problems)


def test_it_refuses_a_picture_place_the_view_lacks(tmp_path: Path) -> None:
    write_content(tmp_path, exercises__demo=EXERCISE.replace("zones: [toes]", "zones: [heel]"))
    _, problems = check_content(tmp_path)
    assert len(problems) == 1
    assert "heel" in problems[0].message and "top view" in problems[0].message


def test_it_asks_a_red_flag_for_what_still_holds_after_a_clinician_clears_it(tmp_path: Path) -> None:
    flag = """- id: demo-flag
  name: Demo flag
  question: Is something wrong?
  red_flag: true
  why_we_ask: Because.
  advice: See a clinician first.
"""
    write_content(tmp_path, conditions__demo=flag)
    _, problems = check_content(tmp_path)
    assert [(Path(p.file).name, p.line, p.field) for p in problems] == [("demo.yaml", 1, "demo-flag")]
    assert problems[0].message.startswith("after_clearance: a red flag needs it")
    write_content(tmp_path, conditions__demo=flag + "  after_clearance: Keep it light.\n")
    assert check_content(tmp_path)[1] == []


def test_it_raises_with_every_problem_from_load_library(tmp_path: Path) -> None:
    shutil.copytree(write_content(tmp_path / "a"), tmp_path / "b")
    (tmp_path / "b/exercises/demo.yaml").write_text("not a list")
    with pytest.raises(ContentError) as caught:
        load_library(tmp_path / "b")
    assert "must hold a YAML list" in str(caught.value)


def billion_laughs(levels: int) -> str:
    """Each line's list holds ten of the one before: a few lines stand for 10**levels values."""
    lines = ["- &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"- &l{n} [{', '.join([f'*l{n - 1}'] * 10)}]" for n in range(1, levels)]
    return "\n".join(lines) + "\n"


def test_it_refuses_an_alias_bomb_at_the_line_where_it_grows_too_big(tmp_path: Path) -> None:
    write_content(tmp_path, methods__bomb=billion_laughs(5))
    _, problems = check_content(tmp_path)
    assert [(Path(p.file).name, p.line) for p in problems] == [("bomb.yaml", 5)]
    assert "more than 20000 values" in problems[0].message


def test_it_refuses_a_billion_laughs_quickly_from_the_command_line(tmp_path: Path) -> None:
    write_content(tmp_path, methods__bomb=billion_laughs(9))

    def little_memory() -> None:
        # Should the bomb be expanded, it fails here rather than eat the machine's memory.
        resource.setrlimit(resource.RLIMIT_AS, (2 * 1024**3, 2 * 1024**3))

    result = subprocess.run([sys.executable, "-m", "footcoach.cli", "check-content", str(tmp_path)],
                            capture_output=True, text=True, timeout=120, preexec_fn=little_memory)  # noqa: S603
    assert result.returncode == 1
    assert f"{tmp_path / 'methods/bomb.yaml'}:5: not accepted as content: more than 20000 values" in result.stdout
    assert "Traceback" not in result.stderr


def test_it_refuses_an_alias_inside_what_it_refers_to(tmp_path: Path) -> None:
    write_content(tmp_path, methods__loop="- &loop [*loop]\n")
    _, problems = check_content(tmp_path)
    assert [(p.line, p.message) for p in problems] == [
        (1, "not accepted as content: the alias *loop is inside what it refers to")
    ]


@pytest.mark.parametrize("opening", ["[", "{a: ", "- "])
def test_it_refuses_deep_nesting_at_its_line(tmp_path: Path, opening: str) -> None:
    write_content(tmp_path, methods__deep="# A list in a list in a...\n- " + opening * 5000 + "\n")
    _, problems = check_content(tmp_path)
    assert [(p.line, p.message) for p in problems] == [(2, "not accepted as content: nested more than 20 levels deep")]


@pytest.mark.parametrize("character", ["\x00", "\x07", "\ufffe"])
def test_it_names_the_line_of_a_character_yaml_does_not_allow(tmp_path: Path, character: str) -> None:
    more = METHOD.replace("demo-method", "more").replace("Demo method", f"Demo{character}")
    write_content(tmp_path, methods__more=more)
    _, problems = check_content(tmp_path)
    assert [(Path(p.file).name, p.line) for p in problems] == [("more.yaml", 2)]
    assert problems[0].message.startswith(f"not valid YAML: character #x{ord(character):04x} is not allowed")


@pytest.mark.parametrize(("value", "says"), [("9" * 5000, "Exceeds the limit"), ("2024-13-45", "month must be")])
def test_it_names_the_line_of_a_value_yaml_reads_but_python_cannot_hold(
    tmp_path: Path, value: str, says: str
) -> None:
    more = EXERCISE.replace("demo-lift", "more").replace("reps: 4", f"reps: {value}")
    write_content(tmp_path, exercises__more=more)
    _, problems = check_content(tmp_path)
    assert [(Path(p.file).name, p.line) for p in problems] == [("more.yaml", 12)]
    assert problems[0].message.startswith(f"not valid YAML: cannot read the value '{value[:40]}")
    assert says in problems[0].message
