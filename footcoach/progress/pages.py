"""What the progress pages show of a person's Progress: charts, their tables, and words.

The numbers come from footcoach.progress.reading; this module only lays them
out, so that the page, the API and the command line never disagree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from html import escape

from django.utils.safestring import SafeString, mark_safe

from footcoach.accounts.plan_page import page_url
from footcoach.core.norms import SideDifference, number, say_value
from footcoach.core.progress import AdherenceDay, PainWeek, Point, Progress, ReleaseCheck, Series
from footcoach.core.schemas import SelfTest, Source
from footcoach.core.verdicts import Helping
from footcoach.progress.charts import Line, bar_chart, line_chart

SIDE_WORDS = {"left": "Left foot", "right": "Right foot", None: "Result"}
PERIOD_WORDS = {
    "day": "one point per day",
    "week": "one point per week, the mean of that week's results",
    "month": "one point per month, the mean of that month's results",
    "quarter": "one point per three months, the mean of their results",
}
VERDICT_WORDS = {
    "better": "Better",
    "no-change": "No clear change",
    "worse": "Worse",
    "not-enough-data": "Not enough data yet",
}
RELEASE_REACH = "release-reach"
# The record page shows the latest rows; /progress shows them all in a fold.
RECENT_ROWS = 10


# The same days are worded on every visit (each table row, each calendar
# cell), and strftime costs more than the rest of a row: each is worded once.
@lru_cache(maxsize=4096)
def day_words(day: date) -> str:
    return f"{day.day} {day:%b} {day.year}"


@lru_cache(maxsize=4096)
def _short_day(day: date) -> str:
    return f"{day.day} {day:%b}"


@lru_cache(maxsize=512)
def _weekday_words(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B}"


def value_words(test: SelfTest, point: Point) -> str:
    """A result, or a week's or month's mean, in words: "21 seconds", "pass", "2 of 3 passed"."""
    if point.count > 1:
        if test.unit == "pass-fail":
            return f"{round(point.value * point.count)} of {point.count} passed"
        return f"{say_value(test, point.value)} (mean of {point.count})"
    return say_value(test, point.value)


@dataclass(frozen=True)
class NormLine:
    """The published figure for the person, and each side's result beside it."""

    text: str
    citation: str
    comparisons: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Row:
    """One line of a chart's table: the day (or week, month) and a cell per column."""

    day: str
    cells: tuple[str, ...]

    @property
    def html(self) -> SafeString:
        """The row as the table shows it, an empty cell as a dash.

        Written here rather than by the template, as the calendar's cells are:
        a long history has hundreds of cells, and the template engine's loop
        over them cost far more than a join.
        """
        cells = "".join(f"<td>{escape(cell or '—')}</td>" for cell in self.cells)
        return mark_safe(f'<tr><th scope="row">{escape(self.day)}</th>{cells}</tr>')  # noqa: S308 - every text in it is escaped


@dataclass(frozen=True)
class TestPanel:
    test: SelfTest
    series: tuple[Series, ...]
    chart: SafeString | None
    caption: str
    # What each row of the table stands for: a day, or a week's, month's or quarter's mean.
    row_heading: str
    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    latest: tuple[tuple[str, str], ...]
    norm: NormLine | None
    difference: SideDifference | None
    # The test's record page: reversed once per process, as a page asks for every test's.
    record_url: str

    @property
    def has_results(self) -> bool:
        return any(series.points for series in self.series)

    @property
    def recent_rows(self) -> tuple[Row, ...]:
        return self.rows[:RECENT_ROWS]


def _period_label(series: Sequence[Series]) -> str:
    # The coarsest of the sides' periods: a side with a shorter history may be
    # summarised more finely, and its table rows then still read truly.
    periods = {s.period for s in series if s.points}
    return next((period for period in ("quarter", "month", "week") if period in periods), "day")


def _period_words(period: str) -> Callable[[date], str]:
    if period == "quarter":
        return lambda d: f"{d:%B} to {d.replace(month=d.month + 2):%B} {d.year}"
    if period == "month":
        return lambda d: f"{d:%B} {d.year}"
    if period == "week":
        return lambda d: f"Week of {day_words(d)}"
    return day_words


def _chart_words(test: SelfTest) -> Callable[[float], str]:
    if test.unit == "pass-fail":
        return lambda value: "pass" if value >= 1 else "fail" if value <= 0 else f"{round(value * 100)} % passed"
    return number


def _test_chart(test: SelfTest, series: Sequence[Series], label: str) -> SafeString | None:
    lines = [Line(SIDE_WORDS[s.side], tuple((p.day, p.value) for p in s.points)) for s in series if s.points]
    if not lines:
        return None
    if test.unit == "pass-fail":
        return line_chart(label, lines, value_words=_chart_words(test), range_=(0, 1), y_labels=(0, 1))
    if test.unit == "score-0-10":
        return line_chart(label, lines, range_=(0, 10), y_labels=(0, 2, 4, 6, 8, 10))
    return line_chart(label, lines)


def _rows(test: SelfTest, series: Sequence[Series], period: str) -> tuple[Row, ...]:
    by_day: dict[date, list[str]] = {}
    for column, one in enumerate(series):
        for point in one.points:
            by_day.setdefault(point.day, [""] * len(series))[column] = value_words(test, point)
    when = _period_words(period)
    return tuple(Row(when(day), tuple(cells)) for day, cells in sorted(by_day.items(), reverse=True))


def test_panel(test: SelfTest, progress: Progress, sources: Mapping[str, Source]) -> TestPanel:
    series = tuple(s for s in progress.tests if s.test == test.id)
    period = _period_label(series)
    unit = f" in {test.unit_after_number}" if test.unit in {"cm", "seconds"} else ""
    caption = f"{test.name}{unit}: {PERIOD_WORDS[period]}."
    normed = [s for s in series if s.norm is not None]
    norm = None
    if normed and (found := normed[0].norm) is not None:
        citation = sources[found.source].citation if found.source in sources else found.source
        comparisons = tuple((SIDE_WORDS[s.side], s.norm_comparison) for s in normed if s.norm_comparison)
        norm = NormLine(found.text, citation, comparisons)
    difference = next((d for d in progress.side_differences if d.test == test.id), None)
    latest = tuple(
        (SIDE_WORDS[s.side], f"{value_words(test, s.latest)} on {day_words(s.latest.day)}")
        for s in series
        if s.latest is not None
    )
    return TestPanel(
        test=test,
        series=series,
        chart=_test_chart(test, series, f"Chart of your {test.name.lower()} results over time"),
        caption=caption,
        row_heading=period.capitalize(),
        columns=tuple(SIDE_WORDS[s.side] for s in series),
        rows=_rows(test, series, period),
        latest=latest,
        norm=norm,
        difference=difference,
        record_url=page_url("record-test", test.id),
    )


@dataclass(frozen=True)
class Verdict:
    measure: str
    verdict: str
    words: str
    text: str


def verdicts(helping: Iterable[Helping], tests: Mapping[str, SelfTest]) -> tuple[Verdict, ...]:
    found = []
    for one in helping:
        name = (
            tests[one.measure].name
            if one.measure in tests
            else ("Reach in the release sessions" if one.measure == RELEASE_REACH else one.measure)
        )
        if one.side:
            name = f"{name}, {SIDE_WORDS[one.side].lower()}"
        words = VERDICT_WORDS.get(one.verdict, one.verdict)
        # The text stands alone in the API; on the page it follows the words in bold.
        text = one.text.removeprefix(f"{words}: ")
        found.append(Verdict(name, one.verdict, words, text[:1].upper() + text[1:]))
    return tuple(found)


@dataclass(frozen=True)
class ReleaseTable:
    chart: SafeString | None
    rows: tuple[tuple[str, str, str, str, str], ...]
    has_between: bool


def _signed(value: float, unit: str) -> str:
    if round(value, 2) == 0:
        return f"no change (0 {unit})"
    word = "better" if value > 0 else "worse"
    return f"{'+' if value > 0 else '−'}{number(abs(value))} {unit} ({word})"


def release_table(checks: Sequence[ReleaseCheck]) -> ReleaseTable:
    if not checks:
        return ReleaseTable(None, (), False)
    ordered = sorted(checks, key=lambda check: check.day)
    chart = bar_chart(
        "Chart of the change in your reach over each release session; above the line is better",
        [(_short_day(check.day), check.change) for check in ordered],
        value_words=number,
    )
    rows = tuple(
        (
            day_words(c.day),
            f"{number(c.before)} cm",
            "" if c.between is None else f"{number(c.between)} cm",
            f"{number(c.after)} cm",
            _signed(c.change, "cm"),
        )
        for c in reversed(ordered)
    )
    return ReleaseTable(chart, rows, any(c.between is not None for c in checks))


@dataclass(frozen=True)
class Cell:
    day: date | None
    mark: str
    words: str
    kind: str


@dataclass(frozen=True)
class Calendar:
    weeks: tuple[tuple[str, tuple[Cell, ...]], ...]
    last_7: tuple[int, int]
    last_28: tuple[int, int]

    @property
    def any_planned_or_done(self) -> bool:
        return any(cell.kind not in {"rest", "none"} for _, cells in self.weeks for cell in cells)

    @property
    def rows(self) -> tuple[tuple[str, SafeString], ...]:
        """Each week's heading and its seven cells as the table shows them.

        The cells are written here rather than by the template: thirteen weeks
        of them cost the template engine more than the rest of the page.
        """
        return tuple(
            (week, mark_safe("".join(  # noqa: S308 - every text in it is escaped
                _cell_html(cell.kind, cell.mark, cell.words) for cell in cells
            )))
            for week, cells in self.weeks
        )


# The same few hundred cells (a day's words, with one of a few marks) are
# written on every visit: each is escaped and written once.
@lru_cache(maxsize=4096)
def _cell_html(kind: str, mark: str, words: str) -> str:
    return (
        f'<td class="day-{escape(kind)}"><span aria-hidden="true">{escape(mark)}</span>'
        f'<span class="visually-hidden">{escape(words)}</span></td>'
    )


def _cell(day: AdherenceDay, today: date) -> Cell:
    when = _weekday_words(day.day)
    if day.planned and day.done >= day.planned:
        return Cell(day.day, "✓", f"{when}: done", "done")
    if day.planned and day.done:
        return Cell(day.day, "◐", f"{when}: {day.done} of {day.planned} done", "part")
    if day.planned:
        later = day.day >= today
        return Cell(day.day, "○", f"{when}: planned{'' if later else ', not done'}", "planned" if later else "missed")
    if day.done:
        return Cell(day.day, "+", f"{when}: done, not planned", "extra")
    return Cell(day.day, "·", f"{when}: rest day", "rest")


def calendar(days: Sequence[AdherenceDay], today: date, whose: str = "your") -> Calendar:
    """The days as weeks from Monday, each day a mark with its words; `whose` plan
    it is, "your" for the person and "their" for their teacher."""
    if not days:
        return Calendar((), (0, 0), (0, 0))
    known = {day.day: day for day in days}
    first = min(known)
    monday = first - timedelta(days=first.weekday())
    last = max(max(known), today)
    weeks = []
    while monday <= last:
        cells = []
        for offset in range(7):
            day = monday + timedelta(days=offset)
            found = known.get(day)
            if found is None:
                outside = "still to come" if day > today else f"before {whose} plan began"
                cells.append(Cell(day, "", f"{_weekday_words(day)}: {outside}", "none"))
            else:
                cells.append(_cell(found, today))
        weeks.append((_short_day(monday), tuple(cells)))
        monday += timedelta(days=7)

    def summed(span: int) -> tuple[int, int]:
        after = today - timedelta(days=span)
        recent = [day for day in days if after < day.day <= today]
        return sum(min(d.done, d.planned) for d in recent), sum(d.planned for d in recent)

    return Calendar(tuple(reversed(weeks)), summed(7), summed(28))


@dataclass(frozen=True)
class PainTable:
    chart: SafeString | None
    rows: tuple[tuple[str, str, str], ...]


def pain_table(weeks: Sequence[PainWeek]) -> PainTable:
    shown = [week for week in weeks if week.session_pain is not None or week.morning_pain is not None]
    if not shown:
        return PainTable(None, ())
    lines = [
        Line("During sessions", tuple((w.week, w.session_pain) for w in shown if w.session_pain is not None)),
        Line("Next mornings", tuple((w.week, w.morning_pain) for w in shown if w.morning_pain is not None)),
    ]
    chart = line_chart(
        "Chart of your pain by week, during sessions and on your first steps in the morning",
        [line for line in lines if line.points],
        range_=(0, 10),
        y_labels=(0, 2, 4, 6, 8, 10),
    )

    def said(value: float | None) -> str:
        return "—" if value is None else f"{number(value)} out of 10"

    rows = tuple((f"Week of {day_words(w.week)}", said(w.session_pain), said(w.morning_pain)) for w in reversed(shown))
    return PainTable(chart, rows)
