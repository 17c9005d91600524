"""The `footcoach` command, run as a user runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

from rich.console import Console

from footcoach.cli_output import print_plan
from footcoach.core.loader import load_library
from footcoach.core.planner import build_plan
from footcoach.core.profile import parse_profile
from footcoach.core.progression import SessionRecord

ENGLISH_POSITIONS = {"seated", "standing", "either"}
EQUIPMENT_IDS = {"spiky-ball", "hard-ball", "soft-ball", "towel", "toe-separators", "wall-or-chair"}
LIBRARY = load_library()


def words(text: str) -> str:
    """The text with its line breaks and indents as single spaces, to find a sentence however it wrapped."""
    return " ".join(text.split())


def widest_line(text: str) -> int:
    return max(len(line) for line in text.splitlines())


def footcoach(
    *args: str, stdin: str | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "footcoach.cli", *args],
        input=stdin, capture_output=True, text=True, timeout=60, env={**os.environ, **(env or {})},
    )


def test_it_lists_the_library_as_json() -> None:
    result = footcoach("library", "--json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert len(rows) >= 20
    for row in rows:
        assert {"id", "name", "method", "region", "position", "equipment"} <= set(row)
        assert row["position"] in ENGLISH_POSITIONS
        assert set(row["equipment"]) <= EQUIPMENT_IDS
    assert {"sole-training", "pilates-foot-series", "ball-rolling", "spiky-ball-release", "heel-pain-guideline"} == {
        row["method"] for row in rows
    }
    toe_fan = next(row for row in rows if row["id"] == "toe-fan")
    assert (toe_fan["method"], toe_fan["position"], toe_fan["equipment"]) == ("sole-training", "standing", [])


def test_it_filters_by_region_and_equipment() -> None:
    toes = json.loads(footcoach("library", "--json", "--region", "toes").stdout)
    assert toes and all(row["region"] == "toes" for row in toes)
    towel = json.loads(footcoach("library", "--json", "--equipment", "towel").stdout)
    assert [row["id"] for row in towel] == ["high-load-heel-raise", "towel-self-massage"]
    nothing = json.loads(footcoach("library", "--json", "--equipment", "none").stdout)
    assert nothing and all(row["equipment"] == [] for row in nothing)


def test_it_prints_a_table_without_json() -> None:
    result = footcoach("library", "--region", "heel", env={"COLUMNS": "200"})
    assert result.returncode == 0
    assert "spiky-ball-heel" in result.stdout


def test_it_fits_the_library_table_to_the_terminal_without_breaking_names_word_by_word() -> None:
    result = footcoach("library", env={"COLUMNS": "80"})
    assert result.returncode == 0, result.stderr
    assert widest_line(result.stdout) <= 80
    for exercise_id in ("standing-footwork-reverse", "supination-pronation", "spiky-ball-sole-lines"):
        assert exercise_id in result.stdout
    # Two-line names keep several words on a line, not one word under another.
    assert "│ Roll the ball of " in result.stdout and "│ Rolling the feet " in result.stdout
    assert "Not shown at this width: method, region; widen the terminal or use --json." in result.stdout

    # At 120 columns every column fits.
    result = footcoach("library", env={"COLUMNS": "120"})
    assert widest_line(result.stdout) <= 120
    header = next(line for line in result.stdout.splitlines() if " id " in line)
    assert [cell.strip() for cell in header.split("┃")[1:-1]] == [
        "id", "name", "method", "region", "position", "equipment", "min"]
    assert "pilates-foot-series" in result.stdout and "Not shown" not in result.stdout


def test_it_refuses_an_unknown_region_naming_what_is_allowed() -> None:
    result = footcoach("library", "--json", "--region", "knee")
    assert result.returncode == 2
    assert "region" in result.stderr and "'knee'" in result.stderr and "heel" in result.stderr
    assert "Traceback" not in result.stderr


def test_it_checks_the_shipped_content() -> None:
    result = footcoach("check-content")
    assert result.returncode == 0, result.stdout
    assert "Content is valid" in result.stdout


def test_it_reports_broken_content_with_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "exercises").mkdir()
    (tmp_path / "exercises" / "bad.yaml").write_text("- id: x\n  name: X\n  region: [\n")
    result = footcoach("check-content", str(tmp_path))
    assert result.returncode == 1
    assert f"{tmp_path / 'exercises' / 'bad.yaml'}:4:" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_it_creates_a_user_with_the_password_from_stdin(tmp_path: Path) -> None:
    # A fresh SQLite data folder of its own, as on a new machine.
    env = {"FOOTCOACH_DATA": str(tmp_path), "DATABASE_URL": ""}
    assert footcoach("manage", "migrate", "--noinput", "-v0", env=env).returncode == 0

    result = footcoach("user", "create", "Teacher@Example.org", "--teacher", stdin="a long walk barefoot\n", env=env)
    assert result.returncode == 0, result.stderr
    assert "teacher" in result.stdout

    check = footcoach(
        "manage", "shell", "-v0", "-c",
        "from footcoach.accounts.models import User; u = User.objects.get(email='teacher@example.org'); "
        "print(u.is_teacher, u.password.split('$')[0], u.check_password('a long walk barefoot'))",
        env=env,
    )
    assert check.stdout.split() == ["True", "argon2", "True"], check.stderr

    again = footcoach("user", "create", "teacher@example.org", stdin="another long password\n", env=env)
    assert again.returncode == 2
    assert "already exists" in again.stderr

    weak = footcoach("user", "create", "new@example.org", stdin="123\n", env=env)
    assert weak.returncode == 2
    assert "password" in weak.stderr
    count = footcoach("manage", "shell", "-v0", "-c",
                      "from footcoach.accounts.models import User; print(User.objects.count())", env=env)
    assert count.stdout.strip() == "1"


PROFILE = {
    "birth_year": 1952, "goals": ["balance", "heel-pain"], "conditions": ["diabetes-neuropathy"],
    "equipment": ["soft-ball", "towel"], "minutes_per_day": 20, "days_per_week": 5, "setting": "home",
    "start_side": "left", "cleared_by_clinician": False,
}


def write_profile(tmp_path: Path, **changes: object) -> Path:
    path = tmp_path / "profile.json"
    path.write_text(json.dumps({**PROFILE, **changes}))
    return path


def test_it_prints_the_plan_as_json_with_the_documented_shape(tmp_path: Path) -> None:
    # Room for the ball rolling after the heel-pain program, so its soft-ball swap shows.
    result = footcoach("plan", "--profile", str(write_profile(tmp_path, minutes_per_day=35)), "--start", "2026-11-30",
                       "--weeks", "2", "--json")
    assert result.returncode == 0, result.stderr
    plan = json.loads(result.stdout)
    assert {"see_clinician", "left_out", "days"} <= set(plan)
    assert plan["see_clinician"] == []
    assert len(plan["days"]) == 10
    assert plan["days"][0]["date"] == "2026-11-30"
    for day in plan["days"]:
        assert sum(s["minutes"] for s in day["sessions"]) <= 35
        for session in day["sessions"]:
            assert {"program", "minutes", "items"} <= set(session)
            for item in session["items"]:
                assert {"exercise", "dose", "modifications"} <= set(item)
                assert all(isinstance(m, str) for m in item["modifications"])
    for left in plan["left_out"]:
        assert ("program" in left or "exercise" in left) and left["reason"]
    rolled = [i for d in plan["days"] for s in d["sessions"] for i in s["items"] if i["exercise"] == "ball-roll-heel"]
    assert rolled and "Soft ball instead of the hard ball" in rolled[0]["modifications"]


def test_it_gives_an_empty_plan_and_a_reason_for_an_uncleared_red_flag(tmp_path: Path) -> None:
    path = write_profile(tmp_path, conditions=["hot-swollen-foot"])
    plan = json.loads(footcoach("plan", "--profile", str(path), "--json").stdout)
    assert plan["days"] == []
    assert [c["condition"] for c in plan["see_clinician"]] == ["hot-swollen-foot"]
    assert plan["see_clinician"][0]["reason"]


def test_it_prints_a_readable_plan_without_json(tmp_path: Path) -> None:
    result = footcoach("plan", "--profile", str(write_profile(tmp_path, minutes_per_day=35)), "--start", "2026-11-30",
                       env={"COLUMNS": "200"})
    assert result.returncode == 0
    assert "Monday 30 November 2026" in result.stdout
    assert "Soft ball instead of the hard ball" in result.stdout


def test_it_names_each_bad_profile_field_and_exits_2(tmp_path: Path) -> None:
    path = write_profile(tmp_path, minutes_per_day=500, goals=["fly"])
    result = footcoach("plan", "--profile", str(path), env={"COLUMNS": "200"})
    assert result.returncode == 2
    assert "minutes_per_day: 500 is out of range; give 3 to 90 minutes" in result.stderr
    assert 'goals[0]: "fly" is not allowed' in result.stderr
    assert "Traceback" not in result.stderr


def test_each_problem_is_one_whole_line_even_in_a_narrow_terminal(tmp_path: Path) -> None:
    path = write_profile(tmp_path, minutes_per_day=500, goals=["fly"])
    result = footcoach("plan", "--profile", str(path), env={"COLUMNS": "50"})
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 2 and all(line.startswith(f"error: {path}: ") for line in lines)
    assert any(line.endswith("give 3 to 90 minutes") for line in lines)


def test_it_reports_a_missing_field_bad_json_and_a_bad_date(tmp_path: Path) -> None:
    data = dict(PROFILE)
    del data["setting"]
    path = tmp_path / "missing.json"
    path.write_text(json.dumps(data))
    missing = footcoach("plan", "--profile", str(path))
    assert missing.returncode == 2 and "setting: this field is required" in missing.stderr

    broken = tmp_path / "broken.json"
    broken.write_text('{"birth_year": 1950,\n  "goals": ]\n}')
    result = footcoach("plan", "--profile", str(broken), env={"COLUMNS": "200"})
    assert result.returncode == 2 and f"{broken}:2:" in result.stderr

    bad_date = footcoach("plan", "--profile", str(write_profile(tmp_path)), "--start", "30/11/2026")
    assert bad_date.returncode == 2 and "YYYY-MM-DD" in bad_date.stderr


def test_it_refuses_quoted_numbers_and_yes_no_words_in_a_profile_file(tmp_path: Path) -> None:
    # "no" must never count as cleared by a clinician.
    path = write_profile(tmp_path, conditions=["hot-swollen-foot"], cleared_by_clinician="no", minutes_per_day="15")
    result = footcoach("plan", "--profile", str(path), env={"COLUMNS": "200"})
    assert result.returncode == 2
    assert 'cleared_by_clinician: "no" is not allowed; write true or false' in result.stderr
    assert 'minutes_per_day: "15" is not a number we can use' in result.stderr


def test_it_prints_the_advice_with_its_evidence_and_what_was_left_out_in_80_columns(tmp_path: Path) -> None:
    path = write_profile(tmp_path, conditions=["anticoagulants", "plantar-heel-pain"], equipment=["towel"])
    result = footcoach("plan", "--profile", str(path), "--start", "2026-11-30", env={"COLUMNS": "80"})
    assert result.returncode == 0, result.stderr
    assert widest_line(result.stdout) <= 80
    text = words(result.stdout)
    heel = LIBRARY.conditions["plantar-heel-pain"]
    guideline = LIBRARY.sources["koc-2023-heel-pain-cpg"].citation.rstrip(".")
    assert f"Advice for you • Taking blood thinners. {LIBRARY.conditions['anticoagulants'].advice}" in text
    assert f"• Heel pain. {heel.advice} - {heel.claims[0].text} Guideline-recommended (grade A). " \
           f"Source: {guideline}." in text
    # Balance advice reaches everyone from 65 without calling them unsteady.
    assert "• From age 65. Do every standing exercise next to a wall" in text
    assert "Unsteady balance" not in text
    # The reason for many left-out exercises is read once, after all their names.
    assert ("• Roll the heel; Roll the arch; Roll the ball of the foot; Roll under the toes. "
            "Use a soft ball with light pressure to avoid bruising. It needs a soft ball, which you have not listed."
            ) in text
    assert "• Ball rolling for the soles; Spiky-ball foot release. Too few of the exercises can be offered" in text
    assert "Left out for now • Pilates foot series. It needs 5 sessions a week" in text
    assert "Good to know • Sole Training, five minutes is meant for every day; it is planned on all 5 of your days." \
        in text
    # Advice comes before the first day, as on the web page.
    assert text.index("Advice for you") < text.index("Monday 30 November 2026")


def test_it_prints_see_a_clinician_with_its_evidence_and_how_to_go_on_for_a_red_flag(tmp_path: Path) -> None:
    path = write_profile(tmp_path, conditions=["calf-pain-swelling", "plantar-heel-pain"])
    result = footcoach("plan", "--profile", str(path), env={"COLUMNS": "80"})
    assert result.returncode == 0, result.stderr
    assert widest_line(result.stdout) <= 80
    text = words(result.stdout.replace("│", " "))
    calf = LIBRARY.conditions["calf-pain-swelling"]
    assert "Please see a clinician first" in text
    assert f"• Pain and swelling in one calf. {calf.advice}" in text
    assert f"{calf.claims[0].text} Guideline-recommended." in text
    assert 'set "cleared_by_clinician": true in your profile file' in text
    assert "Advice for you • Heel pain." in text
    assert "Monday" not in text and "Left out" not in text


def test_it_says_a_cleared_red_flag_was_checked_and_plans_the_week(tmp_path: Path) -> None:
    path = write_profile(tmp_path, conditions=["calf-pain-swelling"], cleared_by_clinician=True)
    result = footcoach("plan", "--profile", str(path), "--start", "2026-11-30", env={"COLUMNS": "80"})
    text = words(result.stdout)
    assert "Checked by a clinician You told us a clinician has checked this" in text
    assert "• Pain and swelling in one calf." in text
    assert "Please see a clinician first" not in text
    assert "Monday 30 November 2026" in text


def test_it_says_nothing_fits_and_why_when_no_program_fits_the_minutes(tmp_path: Path) -> None:
    result = footcoach("plan", "--profile", str(write_profile(tmp_path, minutes_per_day=3)), env={"COLUMNS": "80"})
    assert result.returncode == 0, result.stderr
    text = words(result.stdout)
    assert "Nothing fits yet" in text
    assert "• Sole Training, five minutes. It takes about 4 minutes, more than your 3 minutes a day." in text


def test_it_prints_the_dose_changes_of_a_plan_with_history() -> None:
    profile = parse_profile({**PROFILE, "goals": ["strength"], "conditions": []}, LIBRARY, this_year=2026)
    start = date(2026, 11, 30)
    easy_weeks = [SessionRecord(start - timedelta(days=7 * weeks_before - day), "sole-training", True, 1)
                  for weeks_before in (1, 2) for day in (0, 2, 4)]
    plan = build_plan(profile, LIBRARY, start, 1, history=easy_weeks)
    console = Console(record=True, width=80)
    print_plan(plan, profile, LIBRARY, console)
    text = words(console.export_text())
    assert plan.changes and f"Changes to your doses • {plan.changes[0]}" in text


def test_plan_with_email_reads_the_accounts_logged_sessions_and_steps_the_dose_up(
    data_dir: Path, tmp_path: Path
) -> None:
    env = {"FOOTCOACH_DATA": str(data_dir), "DATABASE_URL": ""}
    monday = date(2026, 11, 23)
    logs = [{
        "id": f"00000000-0000-4000-8000-0000000000{n:02d}", "program": "sole-training",
        "started_at": f"{day.isoformat()}T08:00:00+00:00", "ended_at": f"{day.isoformat()}T08:05:00+00:00",
        "entries": [{"exercise": "heel-raise", "side": "left", "reps": 8, "pain": 1, "skipped": False}],
    } for n, day in enumerate(monday - timedelta(days=d) for d in (14, 12, 7, 5))]
    code = (
        "import json, sys\nfrom footcoach.accounts.models import User\n"
        "from footcoach.training.actions import do_record_logs\n"
        f"print(len(do_record_logs(User.objects.get(), json.loads({json.dumps(json.dumps(logs))})).stored))"
    )
    stored = footcoach("manage", "shell", "-v0", "-c", code, env=env)
    assert stored.stdout.strip() == "4", stored.stderr
    profile = tmp_path / "profile.json"
    profile.write_text(json.dumps({
        "birth_year": 1980, "goals": ["strength"], "conditions": [], "equipment": [], "minutes_per_day": 20,
        "days_per_week": 5, "setting": "home", "start_side": "left", "cleared_by_clinician": False,
    }))

    args = ("plan", "--profile", str(profile), "--start", monday.isoformat(), "--json")
    alone = json.loads(footcoach(*args, env=env).stdout)
    result = footcoach(*args, "--email", "ANN@example.org", env=env)
    assert result.returncode == 0, result.stderr
    logged = json.loads(result.stdout)
    assert alone["changes"] == []
    assert any("Dose stepped up: two easy weeks" in change for change in logged["changes"])
    def heel_reps(plan: dict) -> list[int]:
        return [item["dose"]["reps"] for session in plan["days"][0]["sessions"] for item in session["items"]
                if item["exercise"] == "heel-raise"]

    assert heel_reps(alone) == [8] and heel_reps(logged) == [10]

    unknown = footcoach(*args, "--email", "nobody@example.org", env=env)
    assert unknown.returncode == 2 and "--email: no account has the address nobody@example.org" in unknown.stderr


def test_it_plans_the_heel_pain_stretches_and_heel_raise_within_fifteen_minutes(tmp_path: Path) -> None:
    path = write_profile(
        tmp_path, birth_year=1956, goals=["heel-pain"], conditions=["plantar-heel-pain"],
        equipment=["soft-ball", "towel", "wall-or-chair"], minutes_per_day=15, days_per_week=7,
    )

    result = footcoach("plan", "--profile", str(path), "--start", "2026-03-02", "--json")

    assert result.returncode == 0, result.stderr
    plan = json.loads(result.stdout)
    planned = {i["exercise"] for d in plan["days"] for s in d["sessions"] for i in s["items"]}
    assert {"calf-stretch-straight", "calf-stretch-bent", "plantar-fascia-stretch",
            "high-load-heel-raise"} <= planned
    assert all(sum(s["minutes"] for s in day["sessions"]) <= 15 for day in plan["days"])
    shown = footcoach("plan", "--profile", str(path), "--start", "2026-03-02", env={"COLUMNS": "200"})
    assert "Heel pain stretches and heel raises" in shown.stdout
    assert "Slow heel raise, toes on a towel" in words(shown.stdout)
