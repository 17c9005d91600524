"""Which clients need their teacher's attention first, and why.

Pure rules over a few aggregated facts about each client's last weeks, so that
the dashboard, the API, the command line and the email alert agree. The words
say what happened, never what caused it: the app does not diagnose, and a
condition is named only when the client chose to share their conditions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

# A session with a pain rating this high is shown first, at once.
HIGH_PAIN = 8
# A week's mean pain this many points (of 10) above the week before's is "rising":
# less than a point is within what a person's ratings vary from day to day.
PAIN_RISE = 1.0
# Alerts look at the last week; pain rising compares it with the week before.
RECENT_DAYS = 7
QUIET_DAYS = 7
# Adherence of the last week against the three before it: a change of at least
# this share of the planned sessions is called a trend.
TREND_CHANGE = 0.15
WINDOW_DAYS = 28


class AlertKind(StrEnum):
    HIGH_PAIN = "high-pain"
    PAIN_RISING = "pain-rising"
    MORNING_PAIN_RISING = "morning-pain-rising"
    STOPPED = "stopped"
    RED_FLAG = "red-flag"
    NO_SESSIONS = "no-sessions"


# Lower comes first: a pain of 8 or more outranks everything else.
RANK = {
    AlertKind.HIGH_PAIN: 0,
    AlertKind.PAIN_RISING: 1,
    AlertKind.MORNING_PAIN_RISING: 1,
    AlertKind.STOPPED: 2,
    AlertKind.RED_FLAG: 3,
    AlertKind.NO_SESSIONS: 4,
}
NO_ALERT_RANK = len(RANK)


@dataclass(frozen=True)
class SessionFacts:
    """One session as the dashboard sees it: its highest pain rating and how it ended."""

    day: date
    program: str
    highest_pain: int | None
    feeling: int | None
    stopped_reason: str  # a stop-rule id, or "" for a session that was not stopped


@dataclass(frozen=True)
class ClientFacts:
    """What the rules need of one client, read in bulk for all of a teacher's clients."""

    sessions: tuple[SessionFacts, ...]  # at least those of the last two weeks, any order
    last_session_day: date | None  # the latest session ever, so that a quiet month is seen
    morning_pain_recent: float | None  # mean first-step pain of the last 7 days
    morning_pain_before: float | None  # and of the 7 days before
    red_flags: tuple[str, ...]  # the names of the red flags in the client's health answers
    cleared_by_clinician: bool
    homework_since: date | None  # when the homework due today began; None when none is due


@dataclass(frozen=True)
class Alert:
    kind: AlertKind
    words: str
    day: date | None = None

    @property
    def rank(self) -> int:
        return RANK[self.kind]


def _mean(values: Iterable[int]) -> float | None:
    found = list(values)
    return sum(found) / len(found) if found else None


def _rising(recent: float | None, before: float | None) -> bool:
    return recent is not None and before is not None and recent - before >= PAIN_RISE


def _day(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b}"


def alerts_for(facts: ClientFacts, today: date, *, shares_conditions: bool) -> tuple[Alert, ...]:
    """The client's alerts, most urgent first."""
    week_start = today - timedelta(days=RECENT_DAYS - 1)
    before_start = week_start - timedelta(days=RECENT_DAYS)
    recent = [s for s in facts.sessions if week_start <= s.day <= today]
    found: list[Alert] = []

    painful = [s for s in recent if s.highest_pain is not None and s.highest_pain >= HIGH_PAIN]
    if painful:
        worst = max(painful, key=lambda s: (s.highest_pain or 0, s.day))
        found.append(Alert(AlertKind.HIGH_PAIN, f"Pain of {worst.highest_pain}/10 in a session on {_day(worst.day)}",
                           worst.day))

    pain_recent = _mean(s.highest_pain for s in recent if s.highest_pain is not None)
    pain_before = _mean(
        s.highest_pain for s in facts.sessions if before_start <= s.day < week_start and s.highest_pain is not None
    )
    if _rising(pain_recent, pain_before):
        found.append(Alert(
            AlertKind.PAIN_RISING,
            f"Pain in sessions rising: {pain_recent:.1f}/10 this week, {pain_before:.1f}/10 the week before",
        ))
    if _rising(facts.morning_pain_recent, facts.morning_pain_before):
        found.append(Alert(
            AlertKind.MORNING_PAIN_RISING,
            f"First-step morning pain rising: {facts.morning_pain_recent:.1f}/10 this week, "
            f"{facts.morning_pain_before:.1f}/10 the week before",
        ))

    stopped = [s for s in recent if s.stopped_reason]
    if stopped:
        last = max(stopped, key=lambda s: s.day)
        times = "a session" if len(stopped) == 1 else f"{len(stopped)} sessions"
        found.append(Alert(AlertKind.STOPPED, f"A stop rule ended {times} this week, the last on {_day(last.day)}",
                           last.day))

    if facts.red_flags:
        which = f" ({', '.join(facts.red_flags)})" if shares_conditions else ""
        if facts.cleared_by_clinician:
            words = f"A red flag in the health answers{which}, cleared by a clinician: changes still apply"
        else:
            words = f"A red flag in the health answers{which}: a clinician should be seen before foot work"
        found.append(Alert(AlertKind.RED_FLAG, words))

    if facts.homework_since is not None:
        quiet_from = max(facts.homework_since, facts.last_session_day or facts.homework_since)
        quiet = (today - quiet_from).days
        if quiet >= QUIET_DAYS:
            words = (f"No session for {quiet} days while homework is due" if facts.last_session_day
                     and facts.last_session_day >= facts.homework_since
                     else f"No session in the {quiet} days since the homework began")
            found.append(Alert(AlertKind.NO_SESSIONS, words))
    return tuple(sorted(found, key=lambda alert: alert.rank))


def attention_key(alerts: tuple[Alert, ...]) -> tuple[int, int]:
    """Sort key putting the clients who need attention first: by their most
    urgent alert, then by how many alerts they have (more first)."""
    if not alerts:
        return (NO_ALERT_RANK, 0)
    return (min(alert.rank for alert in alerts), -len(alerts))


@dataclass(frozen=True)
class Adherence:
    """Sessions done of those planned over a window; a day's extra sessions do not make up for a missed one."""

    done: int
    planned: int

    @property
    def share(self) -> float | None:
        return self.done / self.planned if self.planned else None


def adherence(
    done_by_day: Mapping[date, int], planned_by_day: Mapping[date, int], first: date, last: date
) -> Adherence:
    """Planned and done sessions from `first` to `last`, counted as the progress calendar counts them."""
    done = planned = 0
    day = first
    while day <= last:
        wanted = planned_by_day.get(day, 0)
        planned += wanted
        done += min(done_by_day.get(day, 0), wanted)
        day += timedelta(days=1)
    return Adherence(done, planned)


def trend(last_week: Adherence, weeks_before: Adherence) -> str | None:
    """"up", "down" or "steady": the last 7 days' share of planned sessions
    done against the 21 days before; None when either had none planned."""
    now, then = last_week.share, weeks_before.share
    if now is None or then is None:
        return None
    if now - then >= TREND_CHANGE:
        return "up"
    if then - now >= TREND_CHANGE:
        return "down"
    return "steady"
