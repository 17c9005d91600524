"""A person's progress read from the database: the one way the page, the API and the CLI read it.

Ten years of daily records must read as fast as a month of them, in the same
number of queries. So every read is either summarised in SQL (a series by
day, week or month) or bounded in time (the verdicts' windows, the recent
release sessions, adherence, pain by week); no row becomes a model object.
The queries made depend on which kinds of records a person has (a source
with no series is asked nothing more), never on how many.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from functools import cached_property, lru_cache
from typing import Any

from django.db.models import Avg, Case, Count, DateField, F, Max, Min, Q, QuerySet, Sum, When
from django.db.models.functions import TruncDate, TruncDay, TruncMonth, TruncQuarter, TruncWeek
from django.utils import timezone

from footcoach.accounts.access import get_profile_for
from footcoach.accounts.models import User
from footcoach.core.library import Library
from footcoach.core.norms import SideDifference, compare_with_norm, norm_for, side_difference
from footcoach.core.planner import build_plan
from footcoach.core.profile import Profile as CoreProfile
from footcoach.core.profile import ProfileError
from footcoach.core.progress import AdherenceDay, PainWeek, Period, Point, Progress, ReleaseCheck, Series
from footcoach.core.schemas import SelfTest
from footcoach.core.verdicts import Helping, comparison_windows, paired_verdict, trend_verdict
from footcoach.library.content import get_library
from footcoach.prepared import Param, Prepared
from footcoach.progress.models import FIRST_STEP_PAIN, SelfTestResult
from footcoach.training.models import EntryKind, LogEntry, SessionLog, readable, start_of

# A series spanning up to this many days is drawn day by day; up to
# WEEKLY_SPAN week by week; up to MONTHLY_SPAN month by month; longer,
# quarter by quarter. So no series has much more than a hundred points, and
# ten years have forty: a chart stays readable and quick to draw.
DAILY_SPAN = 120
WEEKLY_SPAN = 2 * 365
MONTHLY_SPAN = 5 * 365
RELEASE_WEEKS = 26
RELEASE_SESSIONS = 60
ADHERENCE_WEEKS = 13
PAIN_WEEKS = 26
RELEASE_REACH = "release-reach"
# A self-test taken inside a session counts as a result like a stand-alone
# one when it is taken under the same conditions: at the start ("before") or
# at a moment the program does not name. Readings between the feet and after
# the work are the release checks, not the test's own series.
SERIES_MOMENTS = ("", "before")

Key = tuple[str, str]  # (test id, side or "")


@dataclass
class _Span:
    first: date
    last: date


def read_progress(person: User, today: date) -> Progress:
    library = get_library()
    profile = _profile(person)
    joined = timezone.localdate(person.date_joined)
    tests = _series_keys(library)
    # Each source with the series it holds. A source holding none (most
    # people never take a self-test inside a session) is asked nothing more.
    found = [(source, keys) for source, keys in _spans(_sources(person, library)) if keys]
    spans = _merged_spans(keys for _, keys in found)
    periods = {key: _period(span) for key, span in spans.items()}
    points = _summaries(found, periods)
    windows = {key: comparison_windows(span.first, span.last) for key, span in spans.items()}
    details = _details(found, spans, windows)

    age = profile.age_in(today.year) if profile is not None else None
    sex = profile.sex if profile is not None else None
    series: list[Series] = []
    helping: list[Helping] = []
    latest: dict[Key, Point] = {}
    for key, test in tests.items():
        test_id, side = key
        span = spans.get(key)
        last_point = _latest(details.get(key, {}), span.last) if span is not None else None
        norm = norm_for(test, age, sex)
        series.append(Series(
            test=test_id,
            side=side or None,
            period=periods.get(key, "day"),
            points=tuple(points.get(key, ())),
            latest=last_point,
            norm=norm,
            norm_comparison=compare_with_norm(test, last_point.value, norm) if norm and last_point else None,
        ))
        if last_point is not None and span is not None:
            latest[key] = last_point
            helping.append(_trend(test, side or None, details.get(key, {}), windows.get(key)))

    # The release checks, adherence and pain by week each look back a few
    # weeks at the person's sessions: one read serves all three.
    sessions = _recent_sessions(
        person, min(_adherence_since(joined, today), _pain_since(today), today - timedelta(weeks=RELEASE_WEEKS))
    )
    checks = _release_checks(library, sessions, today)
    if checks:
        reach = library.tests[_release_test(library)]
        helping.append(paired_verdict([(check.before, check.after) for check in checks], reach.higher_is_better))
    return Progress(
        tests=tuple(series),
        side_differences=_side_differences(tests, latest),
        release_checks=tuple(checks),
        adherence=_adherence(profile, joined, today, sessions),
        pain_by_week=_pain_by_week(person, today, sessions, _last_morning_pain(library, found)),
        helping=tuple(helping),
    )


def _profile(person: User) -> CoreProfile | None:
    stored = get_profile_for(person)
    if stored is None:
        return None
    try:
        return stored.as_core()
    except ProfileError:
        # Answers the content no longer takes (a renamed condition): progress
        # still reads, only without the profile's norms and plan.
        return None


def _series_keys(library: Library) -> dict[Key, SelfTest]:
    """Each self-test and side, in content order: left and right for a test taken per foot."""
    keys: dict[Key, SelfTest] = {}
    for test in library.tests.values():
        for side in ("left", "right") if test.per_side else ("",):
            keys[(test.id, side)] = test
    return keys


@dataclass(frozen=True)
class _Source:
    """Where results are kept: stand-alone results, dated by a day, or those
    taken inside sessions, dated by the time the session started."""

    person: User
    everyones: QuerySet[Any]  # every person's results this source keeps (see _everyones)
    owner: str  # the lookup naming whose a result is
    test: str  # the column holding the self-test's id
    when: str  # the column dating a result
    dated: bool  # True when `when` is a day; False when it is a time
    # The first and last time of each of the person's series here: (test, side, first, last).
    spans: list[tuple[str, str, Any, Any]]

    @cached_property
    def rows(self) -> QuerySet[Any]:
        """The person's results; narrowed only for a source found to hold some."""
        return self.everyones.filter(**{self.owner: self.person})

    def day_of(self, value: Any) -> date:
        return value if self.dated else timezone.localdate(readable(value))

    def between(self, first: date, last: date) -> Q:
        if self.dated:
            return Q(**{f"{self.when}__range": (first, last)})
        return Q(**{f"{self.when}__gte": start_of(first), f"{self.when}__lt": start_of(last + timedelta(days=1))})

    def truncated(self, period: Period) -> Any:
        """The day, or the first day of the week, month or quarter, a result falls in, computed in SQL."""
        if self.dated:
            if period == "day":
                return F(self.when)
            trunc = {"week": _WeekOf, "month": _MonthOf, "quarter": _QuarterOf}[period]
            return trunc(self.when, output_field=DateField())
        tz = timezone.get_current_timezone()
        if getattr(tz, "key", None) == "UTC":
            # Stored times are UTC already: SQLite's own date functions read
            # them as they are (see _WeekOf), with no call into Python per row.
            trunc = {"day": DayOf, "week": _WeekOf, "month": _MonthOf, "quarter": _QuarterOf}[period]
            return trunc(self.when, output_field=DateField())
        if period == "day":
            return TruncDate(self.when, tzinfo=tz)
        trunc = {"week": TruncWeek, "month": TruncMonth, "quarter": TruncQuarter}[period]
        return trunc(self.when, tzinfo=tz, output_field=DateField())


class DayOf(TruncDay):
    """The day of a UTC time (see _WeekOf)."""

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, Any]:
        sql, params = compiler.compile(self.lhs)
        return f"date({sql})", params


class _WeekOf(TruncWeek):
    """The Monday of a day's week. On SQLite in SQL's own date functions: Django's
    truncation there calls back into Python for every row, which a long history feels."""

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, Any]:
        sql, params = compiler.compile(self.lhs)
        return f"date({sql}, '-6 days', 'weekday 1')", params


class _MonthOf(TruncMonth):
    """The first day of a day's month (see _WeekOf)."""

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, Any]:
        sql, params = compiler.compile(self.lhs)
        return f"strftime('%%Y-%%m-01', {sql})", params


class _QuarterOf(TruncQuarter):
    """The first day of a day's quarter (see _WeekOf): January, April, July or October the 1st."""

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, Any]:
        sql, params = compiler.compile(self.lhs)
        month = f"(CAST(strftime('%%m', {sql}) AS INTEGER) - 1) / 3 * 3 + 1"
        return f"printf('%%s-%%02d-01', strftime('%%Y', {sql}), {month})", (*params, *params)


def _sources(person: User, library: Library) -> tuple[_Source, _Source]:
    (stand_alone, stand_alone_spans), (in_sessions, in_sessions_spans) = _everyones(tuple(library.tests))
    return (
        _Source(person, stand_alone, "owner", "test", "taken_on", True, stand_alone_spans.all(owner=person.pk)),
        _Source(person, in_sessions, "log__owner", "exercise", "log__started_at", False,
                in_sessions_spans.all(owner=person.pk)),
    )


_Rows = tuple[QuerySet[Any], Prepared]


@lru_cache(maxsize=1)
def _everyones(tests: tuple[str, ...]) -> tuple[_Rows, _Rows]:
    """Everyone's results of these self-tests in each source, and the read of each series' first and last time.

    The results are never evaluated here: a source found to hold some of the
    person's takes a copy narrowed to them. The first and last times are read
    on every visit, prepared. Building these (each lookup and aggregate
    resolved) cost more than running them; the content's tests do not change
    while the server runs.
    """
    stand_alone = SelfTestResult.objects.filter(test__in=tests)
    in_sessions = LogEntry.objects.filter(
        kind=EntryKind.TEST, skipped=False, value__isnull=False, moment__in=SERIES_MOMENTS, exercise__in=tests,
    )
    return (stand_alone, Prepared(lambda: _first_and_last(
        stand_alone.filter(owner=Param("owner", SelfTestResult.owner.field)), "test", "taken_on"
    ))), (in_sessions, Prepared(lambda: _first_and_last(
        in_sessions.filter(log__owner=Param("owner", SessionLog.owner.field)), "exercise", "log__started_at"
    )))


def _first_and_last(rows: QuerySet[Any], test: str, when: str) -> QuerySet[Any]:
    return rows.values_list(test, "side").annotate(Min(when), Max(when)).order_by()


# A source, and the first and last day of each series it holds results of.
_Found = tuple[_Source, dict[Key, _Span]]


def _spans(sources: Sequence[_Source]) -> list[_Found]:
    found = []
    for source in sources:
        rows = source.spans
        found.append((source, {(test, side): _Span(source.day_of(first), source.day_of(last))
                               for test, side, first, last in rows}))
    return found


def _merged_spans(held: Iterable[Mapping[Key, _Span]]) -> dict[Key, _Span]:
    """Each series' first and last day over all sources."""
    spans: dict[Key, _Span] = {}
    for keys in held:
        for key, one in keys.items():
            span = spans.get(key)
            if span is None:
                spans[key] = _Span(one.first, one.last)
            else:
                span.first, span.last = min(span.first, one.first), max(span.last, one.last)
    return spans


def _period(span: _Span) -> Period:
    days = (span.last - span.first).days
    if days <= DAILY_SPAN:
        return "day"
    return "week" if days <= WEEKLY_SPAN else "month" if days <= MONTHLY_SPAN else "quarter"




def _bucket(source: _Source, keys: Iterable[Key], periods: Mapping[Key, Period]) -> Case:
    """The day, week or month each row's result is summarised into, as its series' period says."""
    return Case(
        *(
            When(Q(**{source.test: test, "side": side}), then=source.truncated(periods[test, side]))
            for test, side in keys
            if periods[test, side] != "day"
        ),
        default=source.truncated("day"),
        output_field=DateField(),
    )


def _summaries(found: Sequence[_Found], periods: Mapping[Key, Period]) -> dict[Key, list[Point]]:
    """Each series' points, summed and counted per day, week or month in SQL, then merged."""
    sums: dict[Key, dict[date, tuple[float, int]]] = defaultdict(dict)
    for source, keys in found:
        grouped = (
            source.rows.annotate(bucket=_bucket(source, keys, periods))
            .values(source.test, "side", "bucket")
            .annotate(total=Sum("value"), count=Count("id"))
            .order_by()
        )
        for row in grouped:
            key, bucket = (row[source.test], row["side"]), _as_day(row["bucket"])
            total, count = sums[key].get(bucket, (0.0, 0))
            sums[key][bucket] = (total + row["total"], count + row["count"])
    return {
        key: [Point(day, total / count, count) for day, (total, count) in sorted(buckets.items())]
        for key, buckets in sums.items()
    }


def _as_day(value: date) -> date:
    # PostgreSQL's date_trunc answers a timestamp, which Django turns back into
    # a date only for a Trunc of its own, not for one inside a Case.
    return value.date() if isinstance(value, datetime) else value


def _details(
    found_in: Sequence[_Found],
    spans: Mapping[Key, _Span],
    windows: Mapping[Key, tuple[tuple[date, date], tuple[date, date]] | None],
) -> dict[Key, dict[date, list[float]]]:
    """The single results of each series' latest day and of its verdict windows, by day.

    Both are bounded in time, so the rows read do not grow with the history.
    """
    wanted: dict[Key, list[tuple[date, date]]] = {}
    for key, span in spans.items():
        pair = windows.get(key)
        # The last window ends on the latest day, so it holds it already.
        wanted[key] = list(pair) if pair is not None else [(span.last, span.last)]
    found: dict[Key, dict[date, list[float]]] = defaultdict(lambda: defaultdict(list))
    for source, keys in found_in:
        # Each source is asked for the days of the series it holds.
        stretches = _merged([days for key in keys for days in wanted[key]])
        tests, sides = sorted({test for test, _ in keys}), sorted({side for _, side in keys})
        # One SELECT per stretch of days, joined in one query: each reads only
        # its stretch through the index, where one WHERE with every range
        # OR-ed would read the person's whole history. Series whose windows
        # overlap share a stretch (most start and end together), so there
        # are a few SELECTs to build rather than two for every series.
        parts = [
            source.rows.filter(source.between(first, last), **{f"{source.test}__in": tests, "side__in": sides})
            .values_list(source.test, "side", source.when, "value").order_by()
            for first, last in stretches
        ]
        for test, side, when, value in parts[0].union(*parts[1:], all=True):
            day = source.day_of(when)
            # A stretch may hold another series' days: keep each series' own.
            if any(first <= day <= last for first, last in wanted.get((test, side), ())):
                found[(test, side)][day].append(value)
    return found


def _merged(ranges: Iterable[tuple[date, date]]) -> list[tuple[date, date]]:
    """The ranges of days, those that overlap or touch made one."""
    merged: list[tuple[date, date]] = []
    for first, last in sorted(ranges):
        if merged and first <= merged[-1][1] + timedelta(days=1):
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return merged


def _latest(days: Mapping[date, list[float]], last: date) -> Point | None:
    values = days.get(last)
    if not values:
        return None
    return Point(last, sum(values) / len(values), len(values))


def _trend(
    test: SelfTest, side: str | None, days: Mapping[date, list[float]],
    pair: tuple[tuple[date, date], tuple[date, date]] | None,
) -> Helping:
    if pair is None:
        return trend_verdict(test, [], [], side)
    (first_start, first_end), (last_start, last_end) = pair
    first = [value for day, values in sorted(days.items()) if first_start <= day <= first_end for value in values]
    last = [value for day, values in sorted(days.items()) if last_start <= day <= last_end for value in values]
    return trend_verdict(test, first, last, side)


def _side_differences(tests: Mapping[Key, SelfTest], latest: Mapping[Key, Point]) -> tuple[SideDifference, ...]:
    """For each test taken per foot with a result on both feet, the latest of each compared."""
    found = []
    for (test_id, side), test in tests.items():
        if side != "left":
            continue
        left, right = latest.get((test_id, "left")), latest.get((test_id, "right"))
        if left is not None and right is not None:
            found.append(side_difference(test, left.value, right.value))
    return tuple(found)


def _release_test(library: Library) -> str:
    # The reach check of the spiky-ball release; named here once.
    return "forward-fold-reach"


def _release_programs(library: Library) -> list[str]:
    """The programs that take a self-test before and after their work."""
    return [
        program.id
        for program in library.programs.values()
        if any(item.test is not None for item in program.items)
    ]


def _local_day(column: str, tz: tzinfo) -> Any:
    """The day, where `tz` keeps its calendar, of a stored time, computed in SQL."""
    if getattr(tz, "key", None) == "UTC":
        return DayOf(column, output_field=DateField())
    return TruncDate(column, tzinfo=tz)


# A session of the recent weeks as the release checks, adherence and pain by
# week need it: its id, its program, its day and the highest pain of its entries.
_Session = tuple[Any, str, date, int | None]


def _recent_sessions(person: User, first: date) -> list[_Session]:
    """Each session since `first`, oldest first, in one read for all that looks back a few weeks.

    The highest pain is the one the log kept of its steps when it was stored,
    so the read is of the logs alone, not a join over each of their steps.
    """
    return _sessions_read(timezone.get_current_timezone()).all(owner=person.pk, since=start_of(first))


@lru_cache(maxsize=64)
def _sessions_read(tz: tzinfo) -> Prepared:
    """The read of a person's sessions as _recent_sessions needs them, with their days where `tz` keeps its calendar.

    One for each time zone, prepared: building the query every time cost more than running it.
    """
    return Prepared(lambda: (
        SessionLog.objects.annotate(day=_local_day("started_at", tz))
        .filter(owner=Param("owner", SessionLog.owner.field),
                started_at__gte=Param("since", SessionLog.started_at.field))
        .values_list("id", "program", "day", "highest_pain")
        .order_by("started_at")
    ))


def _release_checks(library: Library, sessions: Sequence[_Session], today: date) -> list[ReleaseCheck]:
    """The before-to-after reach of each recent release session, oldest first."""
    test = library.tests[_release_test(library)]
    programs = set(_release_programs(library))
    since = today - timedelta(weeks=RELEASE_WEEKS)
    recent = [(log_id, day) for log_id, program, day, _ in sessions if program in programs and day >= since]
    recent = recent[-RELEASE_SESSIONS:]
    if not recent:
        return []
    readings: dict[Any, dict[str, float]] = defaultdict(dict)
    rows = (
        LogEntry.objects.filter(log_id__in=[log_id for log_id, _ in recent], kind=EntryKind.TEST,
                                exercise=test.id, skipped=False, value__isnull=False)
        .values_list("log_id", "moment", "value")
        .order_by("position")
    )
    for log_id, moment, value in rows:
        readings[log_id].setdefault(moment, value)  # the first reading of each moment
    checks = []
    for log_id, day in recent:
        session = readings.get(log_id, {})
        before, after = session.get("before"), session.get("after")
        if before is None or after is None:
            continue
        change = after - before if test.higher_is_better else before - after
        checks.append(ReleaseCheck(day, before, session.get("between"), after, change))
    return checks


def _adherence_since(joined: date, today: date) -> date:
    return max(today - timedelta(weeks=ADHERENCE_WEEKS) + timedelta(days=1), min(joined, today))


def _adherence(
    profile: CoreProfile | None, joined: date, today: date, sessions: Sequence[_Session]
) -> tuple[AdherenceDay, ...]:
    """Planned and done sessions of each day of the last weeks, from the day the person joined."""
    first = _adherence_since(joined, today)
    planned_by_offset = _planned_by_offset(profile, joined) if profile is not None else (0,) * 7
    done: dict[date, int] = defaultdict(int)
    for _, _, day, _ in sessions:
        if day >= first:
            done[day] += 1
    days = []
    for index in range((today - first).days + 1):
        day = first + timedelta(days=index)
        planned = planned_by_offset[(day - joined).days % 7] if day >= joined else 0
        days.append(AdherenceDay(day, planned, done.get(day, 0)))
    return tuple(days)


@lru_cache(maxsize=4096)
def _planned_by_offset(profile: CoreProfile, joined: date) -> tuple[int, ...]:
    """How many sessions the person's plan holds on each day 0-6 of its weeks.

    The plan's weeks start on the weekday the person joined (as on the plan
    page). It depends only on the answers, the day and the content, which is
    the same for the whole process: a second visit, or another person with
    the same answers who joined the same day, runs no planner.
    """
    plan = build_plan(profile, get_library(), start=joined, weeks=1)
    planned = [0] * 7
    for day in plan.days:
        if 0 <= (offset := (day.day - joined).days) < 7:
            planned[offset] = len(day.sessions)
    return tuple(planned)


def _pain_since(today: date) -> date:
    return today - timedelta(days=today.weekday()) - timedelta(weeks=PAIN_WEEKS - 1)


def _last_morning_pain(library: Library, found: Sequence[_Found]) -> date | None:
    """The last day first-step pain was scored, as the series read found it; None when never."""
    if FIRST_STEP_PAIN not in library.tests:
        # Not one of the content's series: the series read did not look for it.
        return date.max
    stand_alone = next((keys for source, keys in found if source.dated), {})
    return max((span.last for (test, _), span in stand_alone.items() if test == FIRST_STEP_PAIN), default=None)


def _pain_by_week(
    person: User, today: date, sessions: Sequence[_Session], last_morning: date | None
) -> tuple[PainWeek, ...]:
    """The mean of each session's highest pain, and of first-step morning pain, per week (Monday first)."""
    first = _pain_since(today)
    session_pain: dict[date, list[float]] = defaultdict(list)
    for _, _, day, highest in sessions:
        if highest is not None and day >= first:
            session_pain[day - timedelta(days=day.weekday())].append(highest)
    morning: dict[date, float] = {}
    # Scores there are none of in these weeks are not asked for.
    if last_morning is not None and last_morning >= first:
        morning = dict(
            SelfTestResult.objects.filter(owner=person, test=FIRST_STEP_PAIN, taken_on__gte=first)
            .annotate(week=_WeekOf("taken_on", output_field=DateField()))
            .values("week")
            .annotate(mean=Avg("value"))
            .order_by()
            .values_list("week", "mean")
        )
    weeks = sorted(set(session_pain) | set(morning))
    return tuple(
        PainWeek(
            week,
            sum(session_pain[week]) / len(session_pain[week]) if session_pain.get(week) else None,
            morning.get(week),
        )
        for week in weeks
    )
