"""The progress pages: recording a self-test without JavaScript, and /progress
with its charts, their tables, the norms and the empty states."""

from __future__ import annotations

import html as html_text
import re
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from footcoach.accounts.models import User
from footcoach.core.progress import AdherenceDay
from footcoach.progress.actions import do_record_result
from footcoach.progress.models import SelfTestResult
from footcoach.progress.pages import calendar
from footcoach.training.actions import do_record_logs
from tests.plan_support import alice_with, log_week, person_with

pytestmark = pytest.mark.django_db

SATURDAY = "2026-11-21 07:30 +0000"
TODAY = date(2026, 11, 21)
TESTS = (
    "forward-fold-reach",
    "single-leg-stance",
    "heel-raise-count",
    "knee-to-wall",
    "toe-control",
    "first-step-pain",
)


def alice() -> User:
    return User.objects.get(email="alice@example.org")


def stored(person: User) -> list[tuple[str, str, float, str]]:
    return sorted(SelfTestResult.objects.of(person).values_list("test", "side", "value", "taken_on").order_by())


def record(client: Client, test: str, **form: str) -> Any:
    return client.post(f"/progress/tests/{test}", form)


def charts(html: str) -> list[str]:
    return re.findall(r'<svg [^>]*class="pygal-chart chart"[^>]*aria-label="([^"]*)"', html)


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", html_text.unescape(re.sub(r"<svg.*?</svg>|<[^>]+>", " ", html, flags=re.S)))


@time_machine.travel(SATURDAY, tick=False)
def test_it_records_a_result_sent_by_the_form_and_asks_for_the_other_foot_next() -> None:
    client = alice_with()
    response = record(client, "single-leg-stance", value="23", side="left", date="2026-11-21")
    assert response.status_code == 302
    assert response["Location"] == "/progress/tests/single-leg-stance?side=right"
    page = client.get(response["Location"])
    html = page.content.decode()
    assert "Saved: 23 seconds for your left foot today." in html
    assert re.search(r'value="right" checked', html)
    assert stored(alice()) == [("single-leg-stance", "left", 23.0, date(2026, 11, 21))]


@time_machine.travel(SATURDAY, tick=False)
def test_it_reads_a_decimal_comma_as_a_phone_number_pad_types_it_and_keeps_the_test_step() -> None:
    client = alice_with()
    assert record(client, "knee-to-wall", value="8,5", side="right").status_code == 302
    assert record(client, "forward-fold-reach", value=" 12.3 ", date="2026-11-20").status_code == 302
    assert stored(alice()) == [
        ("forward-fold-reach", "", 12.5, date(2026, 11, 20)),
        ("knee-to-wall", "right", 8.5, date(2026, 11, 21)),
    ]


@time_machine.travel(SATURDAY, tick=False)
def test_a_later_result_the_same_day_replaces_the_first_and_pain_and_pass_fail_take_their_buttons() -> None:
    client = alice_with()
    record(client, "toe-control", value="0", side="left")
    record(client, "toe-control", value="1", side="left")
    record(client, "first-step-pain", value="4")
    assert stored(alice()) == [
        ("first-step-pain", "", 4.0, TODAY),
        ("toe-control", "left", 1.0, TODAY),
    ]
    html = client.get("/progress/tests/toe-control").content.decode()
    assert 'name="value" value="1">Pass</button>' in html
    pain = client.get("/progress/tests/first-step-pain").content.decode()
    assert len(re.findall(r'<button type="submit" name="value" value="\d+"', pain)) == 11


@time_machine.travel(SATURDAY, tick=False)
@pytest.mark.parametrize(
    ("test", "form", "field", "said"),
    [
        ("knee-to-wall", {"value": "abc", "side": "left"}, "value", "Give your result as a number"),
        ("knee-to-wall", {"value": "1e3", "side": "left"}, "value", "“1e3” is not one"),
        ("knee-to-wall", {"value": "NaN", "side": "left"}, "value", "Give your result as a number"),
        ("knee-to-wall", {"value": "-3", "side": "left"}, "value", "Give your result as a number"),
        ("knee-to-wall", {"value": "١٢", "side": "left"}, "value", "Give your result as a number"),
        ("knee-to-wall", {"value": "1\x002", "side": "left"}, "value", "Null characters are not allowed"),
        ("knee-to-wall", {"value": "", "side": "left"}, "value", "Give your result."),
        ("knee-to-wall", {"value": "99", "side": "left"}, "value", "from 0 to 30; 99 is outside that"),
        ("heel-raise-count", {"value": "12.5", "side": "left"}, "value", "12.5 is not a whole number"),
        ("knee-to-wall", {"value": "9"}, "side", "give side left or right"),
        ("knee-to-wall", {"value": "9", "side": "middle"}, "side", "Choose the left or the right foot."),
        ("first-step-pain", {"value": "3", "side": "left"}, "side", "not taken per foot"),
        ("knee-to-wall", {"value": "9", "side": "left", "date": "2026-02-30"}, "date", "such as 2026-03-01"),
        ("knee-to-wall", {"value": "9", "side": "left", "date": "1999-12-31"}, "date", "is before 2000-01-01"),
        ("knee-to-wall", {"value": "9", "side": "left", "date": "9999-12-31"}, "date", "a day still to come"),
        ("knee-to-wall", {"value": "9", "side": "left", "date": "21/11/2026"}, "date", "such as 2026-03-01"),
    ],
)
def test_it_refuses_a_bad_result_by_naming_the_field_beside_it_and_keeps_the_saved_one(
    test: str, form: dict[str, str], field: str, said: str
) -> None:
    client = alice_with()
    record(client, "knee-to-wall", value="9.5", side="left", date="2026-11-20")
    before = stored(alice())
    response = record(client, test, **form)
    assert response.status_code == 400
    html = response.content.decode()
    errors = re.search(rf'<ul class="field-errors" id="{field}-errors">(.*?)</ul>', html, re.S)
    assert errors and said in errors.group(1), html
    assert stored(alice()) == before


def test_it_answers_a_missing_test_as_not_found_and_needs_a_signed_in_person() -> None:
    assert alice_with().get("/progress/tests/no-such-test").status_code == 404
    for path in ("/progress", "/progress/tests/single-leg-stance"):
        response = Client().get(path)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/signin?next=")


@time_machine.travel(SATURDAY, tick=False)
def test_a_new_person_is_asked_for_a_first_result_of_each_test_and_sees_no_empty_chart() -> None:
    client = person_with("newcomer@example.org")
    html = client.get("/progress").content.decode()
    assert charts(html) == []
    for test in TESTS:
        assert f'href="/progress/tests/{test}">Record your first result</a>' in html
    assert "Not enough data yet" in html
    assert "No release sessions yet" in html and "No pain scores yet" in html


@time_machine.travel(SATURDAY, tick=False)
def test_it_charts_each_side_with_a_table_the_norm_and_its_source_and_a_gap_between_the_feet() -> None:
    client = alice_with()  # born in 1980: in her forties
    for day, left, right in ((date(2026, 11, 14), 8.0, 11.0), (date(2026, 11, 20), 8.5, 11.0)):
        do_record_result(alice(), "knee-to-wall", left, "left", day)
        do_record_result(alice(), "knee-to-wall", right, "right", day)
    html = client.get("/progress").content.decode()
    assert charts(html) == ["Chart of your knee-to-wall ankle bend results over time"]
    text = text_of(html)
    assert "Day Left foot Right foot 20 Nov 2026 8.5 cm 11 cm 14 Nov 2026 8 cm 11 cm" in text
    assert "Knee-to-wall ankle bend in cm: one point per day." in text
    assert "Source: Hoch MC, McKeon PO." in text
    assert "Your right foot is ahead by 2.5 cm" in text
    # Too early to judge, said once, in bold, then why.
    assert "Not enough data yet. Your results span less than 3 weeks." in text
    assert "Not enough data yet. Not enough data yet" not in text
    # The other tests still ask for a first result.
    assert 'href="/progress/tests/single-leg-stance">Record your first result</a>' in html


@time_machine.travel(SATURDAY, tick=False)
def test_it_shows_another_persons_results_to_nobody_but_them() -> None:
    client = alice_with()
    bob = person_with("bob@example.org")
    bob_user = User.objects.get(email="bob@example.org")
    do_record_result(bob_user, "single-leg-stance", 37, "left", TODAY)
    for path in ("/progress", "/progress/tests/single-leg-stance"):
        assert "37 seconds" not in client.get(path).content.decode()
        assert "37 seconds" in bob.get(path).content.decode()


@time_machine.travel(SATURDAY, tick=False)
def test_it_shows_sessions_planned_and_done_and_pain_by_week_in_words() -> None:
    client = alice_with()
    User.objects.filter(pk=alice().pk).update(date_joined=datetime(2026, 11, 4, 8, tzinfo=UTC))
    log_week(alice(), "2026-11-16", pain=2)  # Monday, Wednesday and Friday
    do_record_result(alice(), "first-step-pain", 3, None, date(2026, 11, 17))
    html = client.get("/progress").content.decode()
    text = text_of(html)
    # Each day says what happened in words, whatever the plan asked of it.
    for day in ("Monday 16", "Wednesday 18", "Friday 20"):
        assert re.search(rf"{day} November: (done|\d of \d done|done, not planned)", text), day
    for day in ("Tuesday 17", "Thursday 19"):
        assert re.search(rf"{day} November: (planned, not done|rest day)", text), day
    assert "Tuesday 3 November: before your plan began" in text
    assert re.search(r"Last 7 days: \d+ of \d+ planned sessions done", text)
    assert "Week of 16 Nov 2026 2 out of 10 3 out of 10" in text
    assert "Chart of your pain by week, during sessions and on your first steps in the morning" in charts(html)


def test_the_librarys_test_page_links_to_recording_it() -> None:
    html = Client().get("/library/tests/knee-to-wall").content.decode()
    assert 'href="/progress/tests/knee-to-wall">Record your result</a>' in html


def daily_history(person: User, days: int) -> None:
    for offset in range(days):
        day = TODAY - timedelta(days=offset)
        do_record_result(person, "single-leg-stance", 10 + offset % 9, "left", day)
        do_record_result(person, "first-step-pain", offset % 6, None, day)


@time_machine.travel(SATURDAY, tick=False)
def test_the_pages_take_as_many_queries_for_two_years_of_results_as_for_a_week() -> None:
    counts = {}
    for email, days in (("week@example.org", 7), ("years@example.org", 730)):
        client = person_with(email)
        daily_history(User.objects.get(email=email), days)
        for path in ("/progress", "/progress/tests/single-leg-stance"):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(path).status_code == 200
            counts[email, path] = len(queries)
    for path in ("/progress", "/progress/tests/single-leg-stance"):
        assert counts["years@example.org", path] == counts["week@example.org", path] <= 9, counts


@time_machine.travel(SATURDAY, tick=False)
def test_a_long_history_is_charted_by_week_or_month_and_says_so(django_assert_max_num_queries: Any) -> None:
    client = person_with("years@example.org")
    daily_history(User.objects.get(email="years@example.org"), 730)
    with django_assert_max_num_queries(20):
        html = client.get("/progress").content.decode()
    text = text_of(html)
    assert "Single-leg balance in seconds: one point per week, the mean of that week's results." in text
    assert "(mean of 7)" in text
    # Each row of the chart's table is a week, and its heading says so.
    assert '<th scope="col">Week</th><th scope="col">Left foot</th>' in html


@time_machine.travel(SATURDAY, tick=False)
def test_ten_years_are_charted_by_three_months_and_the_table_names_them() -> None:
    client = person_with("years@example.org")
    person = User.objects.get(email="years@example.org")
    first = date(2016, 11, 21)
    SelfTestResult.objects.bulk_create(
        SelfTestResult(owner=person, test="first-step-pain", taken_on=first + timedelta(days=offset), value=3)
        for offset in range(10 * 365)
    )
    text = text_of(client.get("/progress").content.decode())
    assert "First-step morning pain: one point per three months, the mean of their results." in text
    assert "January to March 2017" in text
    assert "3 out of 10 (mean of 90)" in text
    assert "<th scope=\"col\">Quarter</th>" in client.get("/progress").content.decode()


@time_machine.travel(SATURDAY, tick=False)
def test_it_shows_each_release_session_before_and_after_as_a_chart_and_a_table() -> None:
    client = alice_with()
    for day, before, after in ((date(2026, 11, 16), 20.0, 17.0), (date(2026, 11, 18), 18.0, 18.5)):
        start = datetime(day.year, day.month, day.day, 8, tzinfo=UTC)
        log = {
            "id": str(uuid.uuid4()),
            "program": "spiky-ball-release",
            "started_at": start.isoformat(),
            "ended_at": (start + timedelta(minutes=10)).isoformat(),
            "entries": [
                {"kind": "test", "exercise": "forward-fold-reach", "moment": "before", "value": before},
                {"exercise": "spiky-ball-heel", "side": "left", "seconds": 60, "pain": 2},
                {"kind": "test", "exercise": "forward-fold-reach", "moment": "after", "value": after},
            ],
        }
        assert do_record_logs(alice(), [log]).stored
    html = client.get("/progress").content.decode()
    assert "Chart of the change in your reach over each release session; above the line is better" in charts(html)
    text = text_of(html)
    assert "18 Nov 2026 18 cm 18.5 cm −0.5 cm (worse)" in text
    assert "16 Nov 2026 20 cm 17 cm +3 cm (better)" in text


def test_the_calendar_speaks_of_their_plan_to_a_teacher() -> None:
    days = [AdherenceDay(date(2026, 11, 4), planned=1, done=1)]
    words = [cell.words for _, cells in calendar(days, date(2026, 11, 4), whose="their").weeks for cell in cells]
    assert words[:2] == ["Monday 2 November: before their plan began", "Tuesday 3 November: before their plan began"]
