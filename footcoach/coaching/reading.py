"""The teacher's dashboard read in bulk: every client's last weeks in a fixed number of queries.

A teacher may have hundreds of clients with years of daily logs. Each read
below covers all of them at once (grouped by owner, bounded to the last 28
days), returns plain rows rather than model objects, and the rules in
footcoach.core.alerts turn the rows into adherence and alerts. The number of
queries does not grow with the number of clients.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from django.db.models import (
    Aggregate,
    Avg,
    CharField,
    Count,
    DateField,
    Func,
    IntegerField,
    Max,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import TruncDate
from django.utils import timezone

from footcoach.accounts.models import Profile, User
from footcoach.coaching.access import clients_of
from footcoach.coaching.models import Assignment
from footcoach.core.alerts import (
    RECENT_DAYS,
    WINDOW_DAYS,
    Adherence,
    Alert,
    ClientFacts,
    SessionFacts,
    adherence,
    alerts_for,
    attention_key,
    trend,
)
from footcoach.core.homework import Homework, homework_days
from footcoach.core.planner import build_plan
from footcoach.core.profile import PROFILE_FIELDS, ProfileError, parse_profile
from footcoach.core.safety import red_flags
from footcoach.library.content import get_library
from footcoach.progress.models import SelfTestResult
from footcoach.progress.reading import DayOf
from footcoach.training.models import LogEntry, SessionLog, Side, SkipReason, readable

RECENT_SESSIONS = 3
SKIP_WORDS = {SkipReason.NO_TIME: "no time", SkipReason.NO_EQUIPMENT: "no equipment", SkipReason.PAIN: "pain",
              SkipReason.OTHER: "other"}
# Every side a result may be stored for: naming them all lets the unique
# (owner, test, side, taken_on) index bound the days as well.
SIDES = ("", *Side.values)


@dataclass(frozen=True)
class ClientRow:
    """One client's line on the dashboard."""

    client_id: int
    email: str
    since: datetime
    shares_conditions: bool
    last_7: Adherence
    last_28: Adherence
    trend: str | None
    recent: tuple[SessionFacts, ...]  # newest first
    last_session_day: date | None
    skips: tuple[tuple[str, int], ...]  # (reason words, times) over 28 days, most first
    homework: int  # assignments due today
    alerts: tuple[Alert, ...]


def _start_of(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time(), tzinfo=timezone.get_current_timezone())


@lru_cache(maxsize=4096)
def _plan_pattern(answers: tuple[tuple[str, Any], ...], this_year: int, plan_year: int) -> tuple[tuple[int, int], ...]:
    """How many sessions the person's own plan holds on each day 0-6 of its weeks.

    The plan is the one footcoach.progress.reading counts adherence against;
    it depends only on the answers and the years, so clients with the same
    answers share one planner run, and a second load of the dashboard none.
    """
    library = get_library()
    try:
        profile = parse_profile({name: list(value) if isinstance(value, tuple) else value for name, value in answers},
                                library, this_year=this_year)
    except ProfileError:
        return ()
    plan = build_plan(profile, library, start=date(plan_year, 1, 1), weeks=1)
    return tuple(((day.day - date(plan_year, 1, 1)).days, len(day.sessions)) for day in plan.days)


def _day_of(field: str) -> Any:
    """The local day of a time, computed in SQL."""
    tz = timezone.get_current_timezone()
    if getattr(tz, "key", None) == "UTC":
        # Stored times are UTC already: SQLite's own date() reads them, where
        # Django's TruncDate would call into Python for every row.
        return DayOf(field, output_field=DateField())
    return TruncDate(field, tzinfo=tz)


class _DayNumber(Func):
    """The number of days from `first` to a day, in SQL: a small whole number
    read back as it is, where a date costs two conversions for every row."""

    output_field = IntegerField()

    def __init__(self, day: Any, first: date) -> None:
        super().__init__(day, Value(first, output_field=DateField()))

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, Any]:
        # PostgreSQL: a date less a date is a number of days (a truncated time
        # is a timestamp, which would make an interval).
        return super().as_sql(compiler, connection, template="((%(expressions)s))", arg_joiner=")::date - (",
                              **extra)

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, Any]:
        return super().as_sql(compiler, connection, template="CAST(julianday(%(expressions)s) AS INTEGER)",
                              arg_joiner=") - julianday(", **extra)


class _Joined(Aggregate):
    """The values of a group joined by commas: one row per client, not one per
    client and day, for the month of days a teacher's hundreds of clients logged."""

    function = "GROUP_CONCAT"
    output_field = CharField()

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, Any]:
        return super().as_sql(compiler, connection, function="STRING_AGG",
                              template="%(function)s(CAST(%(expressions)s AS text), ',')", **extra)


def read_dashboard(teacher: User, today: date, *, client_id: int | None = None) -> list[ClientRow]:
    """The teacher's clients (or the one client, when given), those needing attention first,
    each with adherence, recent sessions and alerts."""
    library = get_library()
    tz = timezone.get_current_timezone()
    first = today - timedelta(days=WINDOW_DAYS - 1)
    two_weeks = today - timedelta(days=2 * RECENT_DAYS - 1)
    chosen = clients_of(teacher) if client_id is None else clients_of(teacher).filter(client_id=client_id)
    owners = chosen.values("client_id")

    # Up to the end of today: a session a wrong clock dated later is no day of
    # the window (and on PostgreSQL may lie past Python's calendar).
    tomorrow = _start_of(today + timedelta(days=1))
    window = SessionLog.objects.filter(owner__in=owners, started_at__lt=tomorrow)
    # The latest session, one index seek per client: a MAX grouped by
    # owner would read every session of every year.
    latest = (
        SessionLog.objects.filter(owner=OuterRef("client_id"), started_at__lt=tomorrow)
        .order_by("-started_at").values("started_at")[:1]
    )
    links = list(
        chosen.annotate(last_at=Subquery(latest))
        .values_list("client_id", "client__email", "client__date_joined", "started_at", "shares_conditions", "last_at")
    )
    # Each client's sessions as the day numbers they fell on, a day once for each session.
    day_number = _DayNumber(_day_of("started_at"), first)
    done: dict[int, dict[date, int]] = {
        owner: {first + timedelta(days=int(number)): count for number, count in Counter(numbers.split(",")).items()}
        for owner, numbers in window.since(first).values_list("owner_id").annotate(numbers=_Joined(day_number))
        .order_by()
    }
    # Each session's highest pain, read from its own few entries.
    highest = LogEntry.objects.filter(log=OuterRef("pk")).order_by().values("log").annotate(most=Max("pain"))
    sessions: dict[int, list[SessionFacts]] = defaultdict(list)
    for owner, number, program, feeling, stopped, most in (
        window.since(two_weeks)
        .annotate(day=day_number, highest=Subquery(highest.values("most")))
        .values_list("owner_id", "day", "program", "feeling", "stopped_reason", "highest")
        .order_by("-started_at")
    ):
        sessions[owner].append(SessionFacts(first + timedelta(days=number), program, most, feeling, stopped))
    skips: dict[int, dict[str, int]] = defaultdict(dict)
    for owner, reason, count in (
        LogEntry.objects.filter(log__owner__in=owners, log__started_at__gte=_start_of(first),
                                log__started_at__lt=tomorrow, skipped=True)
        .values_list("log__owner_id", "skip_reason")
        .annotate(count=Count("*"))
        .order_by()
    ):
        words = SKIP_WORDS.get(reason, "no reason given")  # type: ignore[call-overload]
        skips[owner][words] = skips[owner].get(words, 0) + count
    week_start = today - timedelta(days=RECENT_DAYS - 1)
    morning = {
        owner: (recent, before)
        for owner, recent, before in SelfTestResult.objects.morning_pain().filter(
            owner__in=owners, side__in=SIDES, taken_on__gte=two_weeks, taken_on__lte=today
        )
        .values_list("owner_id")
        .annotate(recent=Avg("value", filter=Q(taken_on__gte=week_start)),
                  before=Avg("value", filter=Q(taken_on__lt=week_start)))
        .order_by()
    }
    profiles = {row["owner_id"]: row for row in Profile.objects.filter(owner__in=owners).values("owner_id",
                                                                                                  *PROFILE_FIELDS)}
    homework: dict[int, list[Homework]] = defaultdict(list)
    for assignment_id, client, program, times, starts_on, ends_on in (
        Assignment.objects.not_ended().of_active_links()
        .filter(link__teacher=teacher, link__client__in=owners, starts_on__lte=today)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=first))
        .values_list("id", "link__client_id", "program", "times_per_week", "starts_on", "ends_on")
    ):
        # Only its days matter here: the teacher's name, items and note are left out.
        homework[client].append(Homework(id=assignment_id, teacher="", program=program, items=(),
                                         times_per_week=times, starts_on=starts_on, ends_on=ends_on, note=""))

    rows = []
    for client_id, email, joined_at, since, shares, last_at in links:
        joined = timezone.localdate(joined_at, tz)
        profile = profiles.get(client_id)
        planned = _planned(profile, homework.get(client_id, []), joined, first, today)
        due = [given.starts_on for given in homework.get(client_id, ())
               if given.starts_on <= today and (given.ends_on is None or given.ends_on >= today)]
        flags = red_flags(profile["conditions"], library) if profile else ()
        recent_morning = morning.get(client_id, (None, None))
        facts = ClientFacts(
            sessions=tuple(sessions.get(client_id, ())),
            last_session_day=timezone.localdate(readable(last_at), tz) if last_at else None,
            morning_pain_recent=recent_morning[0],
            morning_pain_before=recent_morning[1],
            red_flags=tuple(flag.name for flag in flags),
            cleared_by_clinician=bool(profile and profile["cleared_by_clinician"]),
            homework_since=min(due, default=None),
        )
        days_done = done.get(client_id, {})
        last_7 = adherence(days_done, planned, week_start, today)
        before = adherence(days_done, planned, first, week_start - timedelta(days=1))
        rows.append(ClientRow(
            client_id=client_id,
            email=email,
            since=since,
            shares_conditions=shares,
            last_7=last_7,
            last_28=Adherence(last_7.done + before.done, last_7.planned + before.planned),
            trend=trend(last_7, before),
            recent=facts.sessions[:RECENT_SESSIONS],
            last_session_day=facts.last_session_day,
            skips=tuple(sorted(skips.get(client_id, {}).items(), key=lambda item: -item[1])),
            homework=len(due),
            alerts=alerts_for(facts, today, shares_conditions=shares),
        ))
    rows.sort(key=lambda row: attention_key(row.alerts))
    return rows


def _planned(
    profile: Mapping[str, Any] | None, homework: list[Homework], joined: date, first: date, last: date,
) -> dict[date, int]:
    """Sessions planned on each day from `first` to `last`: the client's own plan's and the homework's."""
    planned: dict[date, int] = defaultdict(int)
    if profile is not None:
        answers = tuple(
            (name, tuple(value) if isinstance(value, list) else value)
            for name in PROFILE_FIELDS if name != "sex" or profile[name]
            for value in (profile[name],)
        )
        # The plan repeats weekly from the day the client joined: step through
        # each of its session days rather than through every day.
        start = max(first, joined)
        for offset, sessions in _plan_pattern(answers, last.year, joined.year):
            day = start + timedelta(days=(offset - (start - joined).days) % 7)
            while day <= last:
                planned[day] += sessions
                day += timedelta(days=7)
    for given in homework:
        for day in homework_days(given, first, (last - first).days + 1):
            planned[day] += 1
    return planned


def row_json(row: ClientRow) -> dict[str, Any]:
    """One client's dashboard line as the API and `footcoach coach clients --json` give it."""
    def counted(value: Adherence) -> dict[str, int]:
        return {"done": value.done, "planned": value.planned}

    return {
        "id": row.client_id,
        "email": row.email,
        "since": row.since.isoformat(),
        "shares_conditions": row.shares_conditions,
        "last_7_days": counted(row.last_7),
        "last_28_days": counted(row.last_28),
        "trend": row.trend,
        "last_session": row.last_session_day.isoformat() if row.last_session_day else None,
        "recent_sessions": [
            {"date": s.day.isoformat(), "program": s.program, "highest_pain": s.highest_pain, "feeling": s.feeling,
             "stopped_reason": s.stopped_reason or None}
            for s in row.recent
        ],
        "skip_reasons": {words: times for words, times in row.skips},
        "homework_due": row.homework,
        "alerts": [
            {"kind": str(alert.kind), "words": alert.words, "date": alert.day.isoformat() if alert.day else None}
            for alert in row.alerts
        ],
    }
