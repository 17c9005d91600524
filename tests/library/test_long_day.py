"""The plan's days in words: what Django's date filter writes, from the words kept for each day."""

from __future__ import annotations

from datetime import date

from django.template import Context, Template
from hypothesis import given
from hypothesis import strategies as st

FILTERED = Template('{% load footcoach %}{{ day|long_day }}')
DJANGOS = Template('{{ day|date:"l j F" }}')


@given(st.dates(min_value=date.min, max_value=date.max))
def test_it_writes_what_the_date_filter_writes_for_any_day(day: date) -> None:
    assert FILTERED.render(Context({"day": day})) == DJANGOS.render(Context({"day": day}))


def test_it_words_a_day_of_the_plan_as_a_person_reads_it() -> None:
    assert FILTERED.render(Context({"day": date(2026, 12, 7)})) == "Monday 7 December"
    assert FILTERED.render(Context({"day": date(2028, 2, 29)})) == "Tuesday 29 February"
