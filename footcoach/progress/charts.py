"""Progress charts drawn on the server as SVG with pygal, readable offline and in print.

The site's Content-Security-Policy allows no inline script or style, and pygal
puts both into its SVG for its tooltips and colours. A filter takes them out
(with the style attributes and the tooltips' hidden parts), and site.css draws
the chart by the classes pygal gives every part. The chart is one picture with
a name; the page gives its text equivalent (a table) beside it.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any
from xml.etree.ElementTree import Element

import pygal
from django.utils.safestring import SafeString, mark_safe
from pygal.style import Style

# The sizes pygal lays the chart out with; site.css gives the text the same
# sizes. The picture is scaled to the page's width, so they are large.
_STYLE = Style(
    font_family="inherit",
    label_font_size=18,
    major_label_font_size=18,
    legend_font_size=20,
    title_font_size=20,
    value_font_size=18,
    no_data_font_size=20,
)
_WIDTH = 480
_HEIGHT = 330
_DROPPED = {"style", "script", "desc"}
# A line of more points than this is drawn without its dots: they would touch
# and blur into a thick line at the chart's width, and each dot costs pygal
# as much work as the rest of the chart. A month of days keeps them.
DOTS_UP_TO = 31


# Drawing one chart costs pygal about 12 ms, and /progress draws up to seven.
# A chart is a function of its inputs alone (label, points, range, y labels and
# the words its values are given), and a person asking for the page again, or
# two new people with the same few results, asks for the same charts.
MEMO_SIZE = 256


class Memo:
    """The last `size` charts drawn, by their inputs; bounded, and safe across threads.

    Sharing entries between people is safe: the key holds only what the chart
    draws (no person, no id), so an entry can only be found by someone whose
    chart would be the very same picture, and the SVG holds nothing else.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self.hits = 0
        self.misses = 0
        self._charts: OrderedDict[Hashable, SafeString] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, draw: Callable[[], SafeString]) -> SafeString:
        with self._lock:
            found = self._charts.get(key)
            if found is not None:
                self._charts.move_to_end(key)
                self.hits += 1
                return found
            self.misses += 1
        # Drawn outside the lock, so one slow chart does not hold up the others;
        # two threads drawing the same chart at once both get a correct picture.
        chart = draw()
        with self._lock:
            self._charts[key] = chart
            self._charts.move_to_end(key)
            while len(self._charts) > self.size:
                self._charts.popitem(last=False)
        return chart

    def clear(self) -> None:
        with self._lock:
            self._charts.clear()
            self.hits = self.misses = 0


MEMO = Memo(MEMO_SIZE)


def _wording(value_words: Callable[[float], str], values: Sequence[float]) -> tuple[object, ...]:
    # How a chart words its values is part of what it draws. The formatter's
    # code tells two formatters apart even where they word these values alike
    # (pygal also words the y-axis labels it picks), and the words themselves
    # tell apart one code closed over different things.
    return (getattr(value_words, "__code__", value_words), tuple(value_words(value) for value in values))


@dataclass(frozen=True)
class Line:
    """One series of a chart over time: its name (shown in the legend) and its points."""

    name: str
    points: tuple[tuple[date, float], ...]


def _local(tag: object) -> str:
    # Comments and processing instructions have a function, not a name, as tag.
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _keep_to_policy(label: str) -> Callable[[Element], Element]:
    def clean(root: Element) -> Element:
        for parent in [root, *root.iter()]:
            for child in list(parent):
                tag = _local(child.tag)
                tooltips = "tooltip-overlay" in child.get("class", "").split()
                # The titles inside are hover tips on the guides; the chart keeps its own.
                inner_title = tag == "title" and parent is not root
                if not tag or tag in _DROPPED or tooltips or inner_title:
                    parent.remove(child)
        for element in root.iter():
            element.attrib.pop("style", None)
            # pygal repeats ids (one per legend entry) in every chart of a page.
            element.attrib.pop("id", None)
        for title in root.findall("title") + root.findall("{http://www.w3.org/2000/svg}title"):
            title.text = label
        root.set("role", "img")
        root.set("aria-label", label)
        root.set("class", "pygal-chart chart")
        return root

    return clean


def _day_words(span_days: int) -> Callable[[date], str]:
    if span_days > 300:
        return lambda day: f"{day:%b} {day.year}"
    return lambda day: f"{day.day} {day:%b}"


def _render(chart: Any, label: str) -> SafeString:
    chart.add_xml_filter(_keep_to_policy(label))
    svg = chart.render(is_unicode=True)
    # Every text in the SVG went through ElementTree, which escapes it.
    return mark_safe(svg)  # noqa: S308


def _config(label: str, **extra: Any) -> dict[str, Any]:
    return {
        "style": _STYLE,
        "width": _WIDTH,
        "height": _HEIGHT,
        "js": [],
        "css": [],
        "no_prefix": True,
        "disable_xml_declaration": True,
        "legend_at_bottom": True,
        "legend_at_bottom_columns": 2,
        "margin": 12,
        # Room for the last date, which pygal centres under the chart's right edge.
        "margin_right": 36,
        "dots_size": 5,
        "x_label_rotation": 0,
        "truncate_label": -1,
        "truncate_legend": -1,
        "no_data_text": "No results yet",
        **extra,
    }


def line_chart(
    label: str,
    lines: Sequence[Line],
    *,
    value_words: Callable[[float], str] = lambda value: f"{value:g}",
    range_: tuple[float, float] | None = None,
    y_labels: Sequence[float] | None = None,
) -> SafeString:
    """An SVG chart of each line over time, named `label` for screen readers."""
    values = [value for line in lines for _, value in line.points] + [*(range_ or ()), *(y_labels or ())]
    key = (
        "line",
        label,
        tuple((line.name, line.points) for line in lines),
        range_,
        None if y_labels is None else tuple(y_labels),
        _wording(value_words, values),
    )
    return MEMO.get(key, lambda: _draw_lines(label, lines, value_words, range_, y_labels))


def _draw_lines(
    label: str,
    lines: Sequence[Line],
    value_words: Callable[[float], str],
    range_: tuple[float, float] | None,
    y_labels: Sequence[float] | None,
) -> SafeString:
    days = [day for line in lines for day, _ in line.points]
    span = (max(days) - min(days)).days if days else 0
    config = _config(
        label,
        show_legend=len(lines) > 1,
        x_value_formatter=_day_words(span),
        value_formatter=value_words,
        x_labels_major_count=3,
        show_minor_x_labels=False,
        y_labels_major_count=5,
        show_minor_y_labels=False,
        range=range_,
        include_x_axis=range_ is None,
    )
    if y_labels is not None:
        config["y_labels"] = list(y_labels)
    chart = pygal.DateLine(**config)
    for line in lines:
        chart.add(line.name, sorted(line.points), show_dots=len(line.points) <= DOTS_UP_TO)
    return _render(chart, label)


def bar_chart(
    label: str,
    bars: Sequence[tuple[str, float]],
    *,
    value_words: Callable[[float], str] = lambda value: f"{value:g}",
) -> SafeString:
    """An SVG bar chart, one bar per named value (a session, say), named `label`."""
    key = ("bar", label, tuple(bars), _wording(value_words, [value for _, value in bars]))
    return MEMO.get(key, lambda: _draw_bars(label, bars, value_words))


def _draw_bars(label: str, bars: Sequence[tuple[str, float]], value_words: Callable[[float], str]) -> SafeString:
    config = _config(
        label,
        show_legend=False,
        value_formatter=value_words,
        x_labels=[name for name, _ in bars],
        x_labels_major_count=3,
        show_minor_x_labels=False,
        include_x_axis=True,
    )
    chart = pygal.Bar(**config)
    chart.add(label, [value for _, value in bars])
    return _render(chart, label)
