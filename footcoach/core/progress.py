"""A person's progress as the web page, the API and the command line show it.

The dataclasses are what footcoach.progress.reading fills from the database;
progress_json writes them in the public shape of GET /api/progress and
`footcoach progress --json`, whose field names people's scripts rely on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from footcoach.core.norms import NormFound, SideDifference
    from footcoach.core.verdicts import Helping

Period = Literal["day", "week", "month", "quarter"]

# Results are read to a tenth at best (half a centimetre, a second), and a
# mean of them to two decimals says all they can tell.
DECIMALS = 2


@dataclass(frozen=True)
class Point:
    """One result, or the mean of `count` results of the week or month starting on `day`."""

    day: date
    value: float
    count: int = 1


@dataclass(frozen=True)
class Series:
    """One self-test on one side (None: both feet, or a test without sides), oldest point first."""

    test: str
    side: str | None
    period: Period
    points: tuple[Point, ...]
    latest: Point | None
    norm: NormFound | None
    norm_comparison: str | None


@dataclass(frozen=True)
class ReleaseCheck:
    """The reach of one release session before, between the feet and after; change > 0 is an improvement."""

    day: date
    before: float
    between: float | None
    after: float
    change: float


@dataclass(frozen=True)
class AdherenceDay:
    day: date
    planned: int
    done: int


@dataclass(frozen=True)
class PainWeek:
    """The week starting on `week`: the mean of each session's highest pain, and of the first-step morning pain."""

    week: date
    session_pain: float | None
    morning_pain: float | None


@dataclass(frozen=True)
class Progress:
    tests: tuple[Series, ...]
    side_differences: tuple[SideDifference, ...]
    release_checks: tuple[ReleaseCheck, ...]
    adherence: tuple[AdherenceDay, ...]
    pain_by_week: tuple[PainWeek, ...]
    helping: tuple[Helping, ...]


def _number(value: float | None) -> float | None:
    return None if value is None else round(value, DECIMALS)


def _point_json(point: Point) -> dict[str, Any]:
    return {"date": point.day.isoformat(), "value": _number(point.value), "count": point.count}


def _series_json(series: Series) -> dict[str, Any]:
    norm = series.norm
    return {
        "test": series.test,
        "side": series.side,
        "period": series.period,
        "results": [_point_json(point) for point in series.points],
        "latest": None if series.latest is None else _point_json(series.latest),
        "norm": None if norm is None else {"value": _number(norm.value), "source": norm.source, "text": norm.text},
        "norm_comparison": series.norm_comparison,
    }


def progress_json(progress: Progress) -> dict[str, Any]:
    """The Progress contract of GET /api/progress: dates as YYYY-MM-DD, numbers to two decimals."""
    return {
        "tests": [_series_json(series) for series in progress.tests],
        "side_differences": [
            {
                "test": difference.test,
                "left": _number(difference.left),
                "right": _number(difference.right),
                "matters": difference.matters,
                "text": difference.text,
                "source": difference.source,
            }
            for difference in progress.side_differences
        ],
        "release_checks": [
            {
                "date": check.day.isoformat(),
                "before": _number(check.before),
                "between": _number(check.between),
                "after": _number(check.after),
                "change": _number(check.change),
            }
            for check in progress.release_checks
        ],
        "adherence": {
            "days": [
                {"date": day.day.isoformat(), "planned": day.planned, "done": day.done}
                for day in progress.adherence
            ]
        },
        "pain_by_week": [
            {
                "week": week.week.isoformat(),
                "session_pain": _number(week.session_pain),
                "morning_pain": _number(week.morning_pain),
            }
            for week in progress.pain_by_week
        ],
        "helping": [
            {
                "measure": helping.measure,
                "side": helping.side,
                "verdict": helping.verdict,
                "change": _number(helping.change),
                "interval": None if helping.interval is None else [_number(end) for end in helping.interval],
                "text": helping.text,
            }
            for helping in progress.helping
        ],
    }
