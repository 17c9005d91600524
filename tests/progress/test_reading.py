"""Reading a person's progress from what they recorded: summaries, release checks, adherence, pain."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from footcoach.accounts.actions import do_save_profile
from footcoach.accounts.models import User
from footcoach.core.loader import load_library
from footcoach.core.norms import norm_for
from footcoach.core.progress import Progress, Series
from footcoach.progress.models import SelfTestResult
from footcoach.progress.reading import read_progress
from footcoach.training.actions import do_record_logs

pytestmark = pytest.mark.django_db

LIBRARY = load_library()
TODAY = date(2026, 3, 10)
ANSWERS: dict[str, Any] = {
    "birth_year": 1952, "goals": ["balance"], "conditions": [], "equipment": ["wall-or-chair"],
    "minutes_per_day": 15, "days_per_week": 3, "setting": "home", "start_side": "left",
    "cleared_by_clinician": False,
}


def someone(email: str = "alice@example.org", *, joined: date = date(2020, 1, 1), **answers: Any) -> User:
    person = User.objects.create_user(email, "barefoot on the beach")
    person.date_joined = datetime(joined.year, joined.month, joined.day, 9, tzinfo=UTC)
    person.save()
    do_save_profile(person, {**ANSWERS, **answers})
    return person


def results(person: User, test: str, side: str, days: list[date], value: Any) -> None:
    """One result on each day; `value` is a number or a function of the day's index."""
    SelfTestResult.objects.bulk_create(
        SelfTestResult(owner=person, test=test, side=side, taken_on=day,
                       value=value(index) if callable(value) else value)
        for index, day in enumerate(days)
    )


def session(person: User, day: date, program: str = "sole-training", entries: list[dict[str, Any]] | None = None,
            hour: int = 8) -> None:
    start = datetime(day.year, day.month, day.day, hour, tzinfo=UTC)
    log = {
        "id": str(uuid.uuid4()), "program": program,
        "started_at": start.isoformat(), "ended_at": (start + timedelta(minutes=10)).isoformat(),
        "entries": entries or [{"exercise": "toe-fan", "reps": 8, "pain": 1}],
    }
    assert do_record_logs(person, [log]).stored


def release(person: User, day: date, before: float, between: float, after: float) -> None:
    session(person, day, "spiky-ball-release", [
        {"kind": "test", "exercise": "forward-fold-reach", "moment": "before", "value": before},
        {"exercise": "spiky-ball-heel", "side": "left", "seconds": 60, "pain": 2},
        {"kind": "test", "exercise": "forward-fold-reach", "moment": "between", "side": "left", "value": between},
        {"exercise": "spiky-ball-heel", "side": "right", "seconds": 60, "pain": 4},
        {"kind": "test", "exercise": "forward-fold-reach", "moment": "after", "side": "right", "value": after},
    ])


def days(first: date, count: int, every: int = 1) -> list[date]:
    return [first + timedelta(days=every * index) for index in range(count)]


def series(progress: Progress, test: str, side: str | None = None) -> Series:
    return next(s for s in progress.tests if s.test == test and s.side == side)


def test_it_gives_one_series_per_self_test_and_side_in_content_order_even_when_empty() -> None:
    progress = read_progress(someone(), TODAY)
    expected = [
        (test.id, side) for test in LIBRARY.tests.values() for side in (("left", "right") if test.per_side else (None,))
    ]
    assert [(s.test, s.side) for s in progress.tests] == expected
    assert all(s.points == () and s.latest is None for s in progress.tests)
    assert progress.release_checks == progress.pain_by_week == progress.helping == progress.side_differences == ()


def test_it_shows_a_short_history_day_by_day() -> None:
    alice = someone()
    results(alice, "single-leg-stance", "left", days(date(2026, 1, 1), 30, every=2), lambda i: 10 + i)

    stance = series(read_progress(alice, TODAY), "single-leg-stance", "left")

    assert stance.period == "day"
    first_two = [(p.day, p.value, p.count) for p in stance.points][:2]
    assert first_two == [(date(2026, 1, 1), 10, 1), (date(2026, 1, 3), 11, 1)]
    assert len(stance.points) == 30
    assert (stance.latest.day, stance.latest.value) == (date(2026, 2, 28), 39)  # type: ignore[union-attr]


def test_it_summarises_a_year_by_week_and_years_by_month() -> None:
    alice = someone()
    # A year of daily results: weeks start on Monday; 2025-03-03 is one.
    results(alice, "heel-raise-count", "right", days(date(2025, 3, 3), 365), lambda i: i % 7)
    # Four years of daily morning pain, always 3.
    results(alice, "first-step-pain", "", days(date(2022, 3, 1), 4 * 365), 3)

    progress = read_progress(alice, TODAY)

    raises = series(progress, "heel-raise-count", "right")
    assert raises.period == "week"
    assert raises.points[0].day == date(2025, 3, 3)
    assert all(p.day.weekday() == 0 for p in raises.points)
    assert (raises.points[0].value, raises.points[0].count) == (3, 7)  # the mean of 0..6
    assert sum(p.count for p in raises.points) == 365
    pain = series(progress, "first-step-pain")
    assert pain.period == "month"
    assert all(p.day.day == 1 for p in pain.points)
    assert len(pain.points) == 48  # March 2022 to February 2026
    assert {p.value for p in pain.points} == {3}
    assert sum(p.count for p in pain.points) == 4 * 365
    # A single result stays the latest, whatever the summary.
    assert (pain.latest.day, pain.latest.count) == (date(2022, 3, 1) + timedelta(days=4 * 365 - 1), 1)  # type: ignore[union-attr]


def test_it_counts_a_self_test_taken_in_a_session_and_makes_release_checks_of_the_release_sessions() -> None:
    alice = someone()
    for index, day in enumerate(days(date(2026, 2, 1), 4, every=7)):
        release(alice, day, before=20 - index, between=17 - index, after=14 - index)

    progress = read_progress(alice, TODAY)

    # The reading before the work is the day's forward-fold result; those between and after are not.
    reach = series(progress, "forward-fold-reach")
    assert [(p.day, p.value) for p in reach.points] == [
        (date(2026, 2, 1), 20), (date(2026, 2, 8), 19), (date(2026, 2, 15), 18), (date(2026, 2, 22), 17),
    ]
    # Lower is better for the reach gap, so 20 cm down to 14 cm is a change of +6.
    assert [(c.day, c.before, c.between, c.after, c.change) for c in progress.release_checks] == [
        (date(2026, 2, 1), 20, 17, 14, 6), (date(2026, 2, 8), 19, 16, 13, 6),
        (date(2026, 2, 15), 18, 15, 12, 6), (date(2026, 2, 22), 17, 14, 11, 6),
    ]
    release_reach = next(h for h in progress.helping if h.measure == "release-reach")
    assert release_reach.change == pytest.approx(6)


def test_it_reads_only_the_recent_release_sessions() -> None:
    alice = someone()
    release(alice, TODAY - timedelta(weeks=27), before=30, between=25, after=20)
    release(alice, TODAY - timedelta(weeks=2), before=10, between=9, after=8)
    assert [c.before for c in read_progress(alice, TODAY).release_checks] == [10]


def test_it_plans_the_profiles_days_from_the_day_the_person_joined_and_counts_any_session_as_done() -> None:
    joined = TODAY - timedelta(days=20)
    alice = someone(joined=joined)
    session(alice, joined - timedelta(days=1))  # a guest's session, before joining
    session(alice, joined)
    session(alice, joined + timedelta(days=1), program="ball-rolling")  # a day with nothing planned
    session(alice, joined + timedelta(days=1), hour=18)

    adherence = read_progress(alice, TODAY).adherence

    assert adherence[0].day == joined
    assert adherence[-1].day == TODAY
    # Three days a week: the day of the week they joined, two days later and four days later.
    assert [(day.day - joined).days % 7 for day in adherence if day.planned] == [0, 2, 4] * 3
    assert {day.day: day.done for day in adherence if day.done} == {joined: 1, joined + timedelta(days=1): 2}


def test_it_shows_the_last_thirteen_weeks_of_adherence_to_someone_who_joined_long_ago() -> None:
    adherence = read_progress(someone(joined=date(2015, 5, 5)), TODAY).adherence
    assert len(adherence) == 13 * 7
    assert adherence[-1].day == TODAY


def test_it_plans_nothing_and_shows_no_norm_to_a_person_without_a_profile() -> None:
    person = User.objects.create_user("guest@example.org", "barefoot on the beach")
    results(person, "single-leg-stance", "left", [TODAY], 20)
    progress = read_progress(person, TODAY)
    assert progress.adherence and not any(day.planned for day in progress.adherence)
    assert series(progress, "single-leg-stance", "left").norm is None


def test_it_compares_the_latest_result_with_the_norm_for_the_persons_age() -> None:
    alice = someone(birth_year=1952)  # 74 in 2026
    results(alice, "single-leg-stance", "left", [TODAY - timedelta(days=3), TODAY], 30)

    stance = series(read_progress(alice, TODAY), "single-leg-stance", "left")

    band = next(n for n in LIBRARY.tests["single-leg-stance"].norms if n.age_min <= 74 <= n.age_max)
    assert stance.norm == norm_for(LIBRARY.tests["single-leg-stance"], 74, None)
    assert stance.norm is not None and stance.norm.value == band.value
    assert stance.norm_comparison is not None and "30 seconds" in stance.norm_comparison


def test_it_compares_the_two_feet_by_their_latest_results() -> None:
    alice = someone()
    results(alice, "knee-to-wall", "left", [TODAY - timedelta(days=9), TODAY], 12)
    results(alice, "knee-to-wall", "right", [TODAY], 8)

    (difference,) = read_progress(alice, TODAY).side_differences

    assert (difference.test, difference.left, difference.right, difference.matters) == ("knee-to-wall", 12, 8, True)


def test_it_means_pain_by_week_from_each_sessions_highest_pain_and_the_morning_scores() -> None:
    alice = someone()
    monday = TODAY - timedelta(days=TODAY.weekday())
    session(alice, monday, entries=[{"exercise": "toe-fan", "pain": 2}, {"exercise": "heel-raise", "pain": 6}])
    session(alice, monday + timedelta(days=1), entries=[{"exercise": "toe-fan", "pain": 4}])
    results(alice, "first-step-pain", "", [monday, monday + timedelta(days=1)], lambda i: 3 + 2 * i)

    (week,) = read_progress(alice, TODAY).pain_by_week

    assert (week.week, week.session_pain, week.morning_pain) == (monday, 5, 4)


def test_it_says_a_clear_improvement_of_morning_pain_is_better() -> None:
    alice = someone()
    results(alice, "first-step-pain", "", days(TODAY - timedelta(days=120), 28), lambda i: 7 + i % 2)
    results(alice, "first-step-pain", "", days(TODAY - timedelta(days=27), 28), lambda i: 2 + i % 2)

    (pain,) = [h for h in read_progress(alice, TODAY).helping if h.measure == "first-step-pain"]

    assert (pain.verdict, pain.change) == ("better", pytest.approx(5))
    assert pain.interval is not None and pain.interval[0] > 0


def test_it_never_reads_another_persons_results() -> None:
    alice, charlie = someone(), someone("charlie@example.org")
    results(charlie, "single-leg-stance", "left", days(TODAY - timedelta(days=60), 60), 40)
    release(charlie, TODAY - timedelta(days=2), 20, 15, 10)
    session(charlie, TODAY)

    progress = read_progress(alice, TODAY)

    assert all(s.points == () for s in progress.tests)
    assert progress.release_checks == progress.helping == progress.pain_by_week == ()
    assert not any(day.done for day in progress.adherence)


def count_queries(person: User) -> int:
    with CaptureQueriesContext(connection) as queries:
        read_progress(person, TODAY)
    return len(queries)


def history(person: User, first: date) -> None:
    span = (TODAY - first).days + 1
    for test, side in (("single-leg-stance", "left"), ("single-leg-stance", "right"), ("first-step-pain", "")):
        results(person, test, side, days(first, span), lambda i: 10 + i % 5)
    for day in days(first, span, every=max(1, span // 40)):
        release(person, day, 20, 18, 15)


def test_it_reads_a_long_history_in_as_many_queries_as_a_short_one() -> None:
    short, long = someone("short@example.org"), someone("long@example.org")
    history(short, TODAY - timedelta(days=40))
    history(long, TODAY - timedelta(days=6 * 365))
    assert count_queries(long) == count_queries(short)
    progress = read_progress(long, TODAY)
    assert series(progress, "first-step-pain").period == "quarter"
    assert len(series(progress, "first-step-pain").points) <= 6 * 4 + 1


def test_it_asks_only_for_the_kinds_of_records_a_person_has() -> None:
    # Most people only do their sessions: the summaries, the release readings
    # and the morning scores they have none of are then not asked for.
    sessions_only = someone("sessions@example.org")
    for day in days(TODAY - timedelta(days=40), 40):
        session(sessions_only, day)
    everything = someone("everything@example.org")
    history(everything, TODAY - timedelta(days=40))

    # The profile, the results' first and last days in each source, and the sessions.
    assert count_queries(sessions_only) == 4
    # Then each source's summaries and latest results, the release readings and the morning scores.
    assert count_queries(everything) == 10


def test_it_leaves_morning_scores_older_than_the_pain_weeks_out_of_pain_by_week() -> None:
    alice = someone()
    results(alice, "first-step-pain", "", days(TODAY - timedelta(weeks=60), 20), 6)
    session(alice, TODAY - timedelta(days=3))

    (week,) = read_progress(alice, TODAY).pain_by_week
    assert (week.session_pain, week.morning_pain) == (1, None)
    assert series(read_progress(alice, TODAY), "first-step-pain").points


def test_it_summarises_more_than_five_years_by_quarter_each_the_mean_of_its_results() -> None:
    alice = someone()
    # Every day from 2020: 1 in the first month of each quarter, 4 in the other two.
    first = date(2020, 1, 1)
    results(alice, "first-step-pain", "", days(first, (TODAY - first).days),
            lambda i: 1 if (first + timedelta(days=i)).month % 3 == 1 else 4)

    pain = series(read_progress(alice, TODAY), "first-step-pain")

    assert pain.period == "quarter"
    assert [p.day for p in pain.points[:5]] == [date(2020, 1, 1), date(2020, 4, 1), date(2020, 7, 1),
                                                 date(2020, 10, 1), date(2021, 1, 1)]
    winter = pain.points[4]  # 31 days of January at 1, then 28 of February and 31 of March at 4
    assert (winter.value, winter.count) == (pytest.approx((31 * 1 + 59 * 4) / 90), 90)
    assert (pain.points[-1].day, pain.points[-1].count) == (date(2026, 1, 1), 31 + 28 + 9)
    assert sum(p.count for p in pain.points) == (TODAY - first).days
