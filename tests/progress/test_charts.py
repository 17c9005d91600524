"""The progress charts: pygal's SVG, kept to the site's Content-Security-Policy."""

from __future__ import annotations

from datetime import date, timedelta
from xml.etree import ElementTree

from footcoach.progress.charts import DOTS_UP_TO, MEMO, Line, bar_chart, line_chart

SVG = "{http://www.w3.org/2000/svg}"
LEFT = Line("Left foot", ((date(2026, 1, 1), 10.0), (date(2026, 1, 8), 12.5), (date(2026, 2, 8), 20.0)))
RIGHT = Line("Right foot", ((date(2026, 1, 1), 8.0), (date(2026, 1, 20), 18.0)))


def parse(svg: str) -> ElementTree.Element:
    # The SVG is the chart module's own output, not untrusted data.
    return ElementTree.fromstring(svg)  # noqa: S314


def texts(root: ElementTree.Element) -> list[str]:
    return [element.text or "" for element in root.iter(f"{SVG}text")]


def test_it_draws_a_dot_for_every_result_of_each_side_and_names_both_sides() -> None:
    root = parse(line_chart("Single-leg balance", [LEFT, RIGHT]))
    series = [group for group in root.iter(f"{SVG}g") if "serie-0" in group.get("class", "").split()]
    dots = [len(list(group.iter(f"{SVG}circle"))) for group in series]
    assert sum(dots) == 3
    assert len(list(root.iter(f"{SVG}circle"))) == 5
    assert {"Left foot", "Right foot"} <= set(texts(root))


def test_it_draws_a_long_line_without_dots_and_keeps_them_on_a_short_one() -> None:
    many = tuple((date(2016, 1, 1) + timedelta(days=91 * i), float(i % 7)) for i in range(DOTS_UP_TO + 1))
    root = parse(line_chart("Ten years", [Line("Left foot", many), RIGHT]))
    dots = [
        sum(len(list(group.iter(f"{SVG}circle"))) for group in root.iter(f"{SVG}g")
            if f"serie-{index}" in group.get("class", "").split())
        for index in (0, 1)
    ]
    assert dots == [0, 2]
    lines = [path for path in root.iter(f"{SVG}path") if {"line", "reactive"} <= set(path.get("class", "").split())]
    assert len(lines) == 2


def test_it_holds_nothing_the_content_security_policy_would_refuse() -> None:
    for svg in (line_chart("Single-leg balance", [LEFT, RIGHT]), bar_chart("Reach change", [("1 Jan", 2.0)])):
        root = parse(svg)
        tags = {element.tag.removeprefix(SVG) for element in root.iter()}
        assert not tags & {"style", "script", "foreignObject", "a", "image"}
        for element in root.iter():
            attributes = set(element.attrib)
            assert "style" not in attributes and "id" not in attributes
            assert not any(name.startswith("on") or name.endswith("href") for name in attributes)
        assert "<?xml" not in svg and "<!--" not in svg


def test_it_is_one_picture_named_for_screen_readers_and_escapes_what_it_shows() -> None:
    name = 'Heel raises <script>alert("x")</script> & more'
    svg = line_chart(name, [Line('<b>"Left"</b>', ((date(2026, 1, 1), 3.0),))])
    root = parse(svg)
    assert root.get("role") == "img"
    assert root.get("aria-label") == name
    assert [title.text for title in root.iter(f"{SVG}title")] == [name]
    assert "<script>" not in svg and "<b>" not in svg


def test_it_labels_a_long_history_by_month_and_year_and_a_short_one_by_day() -> None:
    months = tuple((date(2016, 1, 1) + timedelta(days=30 * i), float(i % 7)) for i in range(120))
    long_labels = [t for t in texts(parse(line_chart("Ten years", [Line("Pain", months)]))) if t[:3].isalpha()]
    assert long_labels and all(label[-4:].isdigit() for label in long_labels)
    short_labels = [t for t in texts(parse(line_chart("Weeks", [LEFT]))) if "Jan" in t or "Feb" in t]
    assert short_labels and all(label.split()[0].isdigit() for label in short_labels)


def test_it_draws_one_result_and_a_fixed_range_without_failing() -> None:
    root = parse(line_chart("Pain", [Line("Morning", ((date(2026, 3, 1), 4.0),))], range_=(0, 10)))
    assert len(list(root.iter(f"{SVG}circle"))) == 1
    assert {"0", "10"} <= set(texts(root))


def test_it_draws_one_bar_per_session_above_or_below_the_line() -> None:
    root = parse(bar_chart("Reach change", [("1 Jan", 2.0), ("3 Jan", -1.5), ("5 Jan", 0.0)]))
    bars = [rect for rect in root.iter(f"{SVG}rect") if "rect" in rect.get("class", "").split()]
    assert len(bars) == 3
    assert {"1 Jan", "3 Jan", "5 Jan"} <= set(texts(root))


def test_it_draws_a_chart_once_and_gives_the_same_picture_for_the_same_inputs() -> None:
    MEMO.clear()
    first = line_chart("Single-leg balance", [LEFT, RIGHT])
    again = line_chart("Single-leg balance", [Line("Left foot", LEFT.points), Line("Right foot", RIGHT.points)])
    assert again is first
    assert (MEMO.hits, MEMO.misses) == (1, 1)
    bars = [("1 Jan", 2.0), ("8 Jan", -1.0)]
    assert bar_chart("Reach", bars) is bar_chart("Reach", list(bars))
    assert (MEMO.hits, MEMO.misses) == (2, 2)


def test_it_draws_a_new_chart_for_other_data_or_other_words() -> None:
    MEMO.clear()
    first = line_chart("Single-leg balance", [LEFT])
    moved = Line("Left foot", ((date(2026, 1, 1), 10.0), (date(2026, 1, 8), 13.0), (date(2026, 2, 8), 20.0)))
    other = line_chart("Single-leg balance", [moved])
    assert other != first
    both = line_chart("Single-leg balance", [LEFT, RIGHT])
    renamed = line_chart("Single-leg balance", [LEFT, Line("Your right foot", RIGHT.points)])
    assert "Your right foot" in texts(parse(renamed))
    assert "Your right foot" not in texts(parse(both))
    ranged = line_chart("Single-leg balance", [LEFT], range_=(0, 30), y_labels=(0, 15, 30))
    assert {"15", "30"} <= set(texts(parse(ranged)))
    worded = line_chart("Single-leg balance", [LEFT], value_words=lambda value: f"{value:g} s")
    assert "20 s" in texts(parse(worded))
    assert "20 s" not in texts(parse(first))
    bars = [("1 Jan", 2.0), ("8 Jan", -1.0)]
    plain = bar_chart("Reach", bars)
    in_cm = bar_chart("Reach", bars, value_words=lambda value: f"{value:g} cm")
    assert in_cm != plain
    assert "2 cm" in texts(parse(in_cm))
    assert MEMO.hits == 0


def test_it_keeps_only_the_last_charts_drawn() -> None:
    MEMO.clear()
    for n in range(MEMO.size + 1):
        bar_chart("Reach", [("1 Jan", float(n))])
    assert len(MEMO._charts) == MEMO.size
    bar_chart("Reach", [("1 Jan", 0.0)])
    assert MEMO.hits == 0
