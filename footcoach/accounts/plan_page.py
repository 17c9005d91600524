"""What the plan page shows: this week's plan with every id turned into the content's words."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from functools import lru_cache
from html import escape

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from footcoach.core.dose import describe_dose
from footcoach.core.homework import Homework, assignment_of, homework_days, screened
from footcoach.core.library import Library
from footcoach.core.planner import PlanSession, advice_name, build_plan, left_out_by_reason
from footcoach.core.profile import Profile
from footcoach.core.progression import SessionRecord
from footcoach.core.safety import Modification
from footcoach.core.schemas import EVIDENCE_LABEL_NAMES, Claim
from footcoach.library.templatetags.footcoach import long_day
from footcoach.training.history import Stop


@lru_cache(maxsize=4096)
def page_url(name: str, key: str | int) -> str:
    """The address of one page of the site (a player, an exercise), reversed once.

    Addresses follow the URL configuration alone, which does not change while
    the server runs, and the plan page asks for the same few dozen on every
    visit: reversing them each time was a tenth of its template's time.
    """
    return reverse(name, args=[key])


@dataclass(frozen=True)
class Said:
    """A text about one thing, with the thing's name and the labelled evidence behind it."""

    name: str
    text: str
    claims: tuple[Claim, ...] = ()

    @property
    def labels(self) -> list[tuple[str, str]]:
        """Each evidence label of the claims once, for the line that folds them away."""
        return [(label.value, EVIDENCE_LABEL_NAMES[label]) for label in dict.fromkeys(c.label for c in self.claims)]


@dataclass(frozen=True)
class ItemLine:
    exercise: str
    name: str
    dose: str
    modifications: tuple[Modification, ...]

    @property
    def url(self) -> str:
        return page_url("exercise", self.exercise)


@dataclass(frozen=True)
class Stopped:
    """A session a stop rule ended today: what happened, and what the rule says to do next."""

    label: str
    what_to_do: str
    at: datetime
    claims: tuple[Claim, ...] = ()

    @property
    def labels(self) -> list[tuple[str, str]]:
        return Said("", "", self.claims).labels


@dataclass(frozen=True)
class SessionBlock:
    program: str
    name: str
    minutes: int
    note: str
    items: tuple[ItemLine, ...]
    # Set on today's session when a stop rule ended it today and it was not done since.
    stop: Stopped | None = None
    # Homework: the assignment, who gave it and their note.
    homework: int | None = None
    teacher: str = ""
    teacher_note: str = ""

    @property
    def items_html(self) -> SafeString:
        """The session's exercises, each a link with its dose, as the plan lists them.

        Written here rather than by the template, as the week's days are. Every text in it is escaped.
        """
        return mark_safe("".join(  # noqa: S308 - every text in it is escaped
            f'\n      <li><a class="item-name" href="{escape(item.url)}">{escape(item.name)}</a> '
            f'<span class="dose">{escape(item.dose)}</span></li>\n      '
            for item in self.items
        ))

    @property
    def start_url(self) -> str:
        # A program given as homework runs the program's own player.
        if self.homework is not None and assignment_of(self.program) is not None:
            return page_url("homework-session", self.homework)
        return page_url("session", self.program)

    @property
    def modifications(self) -> tuple[Modification, ...]:
        """Each change made in this session, once, in the order the items first need it.

        Shown with its reason beside the session, so a reason that covers every
        standing exercise is read once, not on every line.
        """
        return tuple(dict.fromkeys(m for item in self.items for m in item.modifications))


@dataclass(frozen=True)
class DayLine:
    day: date
    sessions: tuple[SessionBlock, ...]
    is_today: bool
    # A day gone by since the person joined: a session not logged shows as not done.
    is_past: bool = False
    # Programs logged that day: gone through to the end, or begun at all.
    done: frozenset[str] = frozenset()
    started: frozenset[str] = frozenset()
    # Sessions logged that day that the plan did not hold, such as a ball
    # release on a rest day: they count as much as the planned ones.
    extras: tuple[Extra, ...] = ()

    @property
    def minutes(self) -> int:
        return sum(s.minutes for s in self.sessions)

    @property
    def done_count(self) -> int:
        return len(self.done)

    @property
    def week_html(self) -> SafeString:
        """The day as the plan's week, day by day, lists it: what was done, missed or beyond the plan.

        Written here rather than by the template, as /progress writes its
        calendar's cells: the template engine's loops over the week's days
        and sessions were half the plan template's time. Every text in it is
        escaped.
        """
        parts = [
            f'<li{_TODAY if self.is_today else ""}>\n        <span class="week-day">{escape(long_day(self.day))}'
            f'{" (today)" if self.is_today else ""}</span>\n        '
        ]
        if self.sessions or self.extras:
            sessions = "".join(
                f"<li>{_DONE + ' ' if s.program in self.done else _MISSED + ' ' if self.is_past else ''}"
                f"{escape(s.name)}, {s.minutes} min</li>"
                for s in self.sessions
            )
            extras = "".join(
                f"<li>{_DONE if extra.done else _STARTED} {escape(extra.name)} (beyond the plan)</li>"
                for extra in self.extras
            )
            parts.append(
                f'\n        <ul class="week-sessions">\n          {sessions}\n          {extras}\n'
                '        </ul>\n        '
            )
        parts.append("\n        ")
        if not self.sessions:
            parts.append('<span class="week-sessions">Rest day</span>')
        parts.append("\n      </li>")
        return mark_safe("".join(parts))  # noqa: S308 - every text in it is escaped


_TODAY = ' aria-current="date"'
_DONE = '<span class="status done">Done</span>'
_MISSED = '<span class="status missed">Not done</span>'
_STARTED = '<span class="status missed">Started</span>'


@dataclass(frozen=True)
class Extra:
    program: str
    name: str
    done: bool


@dataclass(frozen=True)
class HomeworkLine:
    """Homework as the client reads it above their plan."""

    id: int
    teacher: str
    name: str
    times_per_week: int
    starts_on: date
    ends_on: date | None
    note: str
    # Names of the exercises the client's screening left out of it.
    left_out: tuple[str, ...]
    offered: bool


@dataclass(frozen=True)
class PlanPage:
    # True while a red flag waits for a clinician: no sessions are shown.
    blocked: bool
    see_clinician: tuple[Said, ...]
    today: DayLine
    # When today is a rest day, the next day with sessions, shown in full.
    next_day: DayLine | None
    week: tuple[DayLine, ...]
    left_out: tuple[Said, ...]
    changes: tuple[str, ...]
    notes: tuple[str, ...]
    advice: tuple[Said, ...]
    homework: tuple[HomeworkLine, ...] = ()

    @property
    def has_sessions(self) -> bool:
        return any(day.sessions for day in self.week)

    @property
    def changed_for_you(self) -> tuple[Modification, ...]:
        """The changes made in the sessions shown first, each once, said once above them."""
        days = [self.today, *([self.next_day] if self.next_day else [])]
        return tuple(dict.fromkeys(m for day in days for session in day.sessions for m in session.modifications))

    @property
    def done_this_week(self) -> int:
        """Programs gone through to the end, one a day each, planned or not."""
        return sum(day.done_count for day in self.week)

    @property
    def planned_this_week(self) -> int:
        return sum(len(day.sessions) for day in self.week)


def week_start(today: date, joined: date | None) -> date:
    """The first day of the person's current plan week.

    Weeks start on the weekday the person joined, so that the first week holds
    no days from before they joined. Without a joining day (or with one ahead
    of the person's clock) the week starts on Monday, or today.
    """
    if joined is None:
        return today - timedelta(days=today.weekday())
    if joined >= today:
        return today
    return today - timedelta(days=(today - joined).days % 7)


def plan_page(
    profile: Profile, library: Library, today: date, history: Sequence[SessionRecord] = (), joined: date | None = None,
    stops: Sequence[Stop] = (), homework: Sequence[Homework] = (),
) -> PlanPage:
    start = week_start(today, joined)
    # Two weeks, so that on a rest day at the end of the week the next session
    # (the next week's first) can be shown; the week list shows this week only.
    plan = build_plan(profile, library, start=start, weeks=2, history=history)
    by_day: dict[date, list[SessionBlock]] = {}
    for planned in plan.days:
        by_day[planned.day] = [_session(library, s) for s in planned.sessions]
    given = _homework(profile, library, today, history, homework, start, by_day)
    logged = _logged(history)
    first = joined or start
    week = tuple(_day(library, by_day.get(start + timedelta(days=i), []), start + timedelta(days=i), today, first,
                      logged) for i in range(7))
    today_line = _with_stops(library, week[(today - start).days], stops)
    week = tuple(today_line if day.is_today else day for day in week)
    upcoming = sorted(day for day, sessions in by_day.items() if day > today and sessions)
    next_day = (_day(library, by_day[upcoming[0]], upcoming[0], today, first, logged)
                if upcoming and not today_line.sessions else None)
    blocked = bool(plan.see_clinician) and not profile.cleared_by_clinician
    return PlanPage(
        blocked=blocked,
        see_clinician=tuple(
            Said(library.conditions[c.condition].name, c.reason, library.conditions[c.condition].claims)
            for c in plan.see_clinician
        ),
        today=today_line,
        next_day=next_day,
        week=week,
        # Names such as "Sole Training, five minutes" hold commas, so a semicolon separates them.
        left_out=tuple(Said("; ".join(group.names), group.reason)
                       for group in left_out_by_reason(plan.left_out, library)),
        changes=plan.changes,
        notes=plan.notes,
        advice=tuple(
            Said(advice_name(condition, profile, library), text, library.conditions[condition].claims)
            for condition, text in plan.advice
        ),
        homework=given,
    )


def _homework(
    profile: Profile, library: Library, today: date, history: Sequence[SessionRecord], homework: Sequence[Homework],
    start: date, by_day: dict[date, list[SessionBlock]],
) -> tuple[HomeworkLine, ...]:
    """Each homework's line, its sessions added to the days it falls on, after the plan's own."""
    lines = []
    for given in homework:
        made = screened(given, profile, library, today=today, history=history)
        program = library.programs.get(given.program)
        if made.session is not None:
            block = replace(_session(library, made.session, program.name if program else "Homework"),
                            homework=given.id, teacher=given.teacher, teacher_note=given.note)
            for day in homework_days(given, start, 14):
                by_day.setdefault(day, []).append(block)
        lines.append(HomeworkLine(
            given.id, given.teacher, program.name if program else _set_name(given, library), given.times_per_week,
            given.starts_on, given.ends_on, given.note,
            tuple(library.exercises[e].name for e in made.left_out), made.session is not None,
        ))
    return tuple(lines)


def _set_name(homework: Homework, library: Library) -> str:
    names = [library.exercises[item.exercise].name for item in homework.items if item.exercise is not None]
    return "; ".join(names)


Logged = dict[date, tuple[frozenset[str], frozenset[str]]]


def _logged(history: Sequence[SessionRecord]) -> Logged:
    """For each day, the programs gone through to the end, and those begun at all."""
    days: dict[date, tuple[set[str], set[str]]] = {}
    for record in history:
        done, started = days.setdefault(record.day, (set(), set()))
        started.add(record.program)
        if record.completed:
            done.add(record.program)
    return {day: (frozenset(done), frozenset(started)) for day, (done, started) in days.items()}


def _day(
    library: Library, sessions: Sequence[SessionBlock], day: date, today: date, first: date, logged: Logged
) -> DayLine:
    done, started = logged.get(day, (frozenset(), frozenset()))
    planned_programs = {session.program for session in sessions}
    extras = tuple(
        Extra(program, library.programs[program].name if program in library.programs else program, program in done)
        for program in sorted(started - planned_programs)
    )
    return DayLine(day, tuple(sessions), is_today=day == today,
                   is_past=first <= day < today, done=done, started=started, extras=extras)


def _with_stops(library: Library, day: DayLine, stops: Sequence[Stop]) -> DayLine:
    """Today's sessions, each carrying the last stop of the day unless it was done to the end since."""
    last: dict[str, Stop] = {}
    for stop in sorted((s for s in stops if s.day == day.day), key=lambda s: s.at):
        last[stop.program] = stop
    sessions = []
    for session in day.sessions:
        stop = last.get(session.program)
        rule = library.stop_rules.get(stop.rule) if stop is not None else None
        if stop is None or rule is None or session.program in day.done:
            sessions.append(session)
        else:
            sessions.append(replace(session, stop=Stopped(rule.label, rule.what_to_do, stop.at, rule.claims)))
    return replace(day, sessions=tuple(sessions))


def _session(library: Library, session: PlanSession, name: str | None = None) -> SessionBlock:
    return SessionBlock(
        program=session.program,
        name=name or library.programs[session.program].name,
        minutes=session.minutes,
        note=session.note,
        items=tuple(
            ItemLine(item.exercise, library.exercises[item.exercise].name, describe_dose(item.dose),
                     item.modifications)
            for item in session.items
        ),
    )
