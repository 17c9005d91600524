"""The rules that tell a teacher which clients need attention first."""

from __future__ import annotations

from datetime import date, timedelta

from footcoach.core.alerts import (
    Adherence,
    AlertKind,
    ClientFacts,
    SessionFacts,
    adherence,
    alerts_for,
    attention_key,
    trend,
)

TODAY = date(2026, 3, 18)


def session(days_ago: int, pain: int | None = 2, *, stopped: str = "", feeling: int | None = 7) -> SessionFacts:
    return SessionFacts(TODAY - timedelta(days=days_ago), "pilates-foot-series", pain, feeling, stopped)


def facts(*sessions: SessionFacts, morning: tuple[float | None, float | None] = (None, None),
          red_flags: tuple[str, ...] = (), cleared: bool = False, homework_since: date | None = None) -> ClientFacts:
    last = max((s.day for s in sessions), default=None)
    return ClientFacts(tuple(sessions), last, morning[0], morning[1], red_flags, cleared, homework_since)


def kinds(client: ClientFacts, *, shares: bool = False) -> list[AlertKind]:
    return [alert.kind for alert in alerts_for(client, TODAY, shares_conditions=shares)]


def test_it_raises_nothing_for_calm_regular_sessions() -> None:
    assert kinds(facts(*(session(d) for d in range(14)), homework_since=TODAY - timedelta(days=30))) == []


def test_it_puts_a_pain_of_8_first_with_its_day() -> None:
    alerts = alerts_for(facts(session(3, stopped="sharp-pain"), session(1, pain=8)), TODAY, shares_conditions=False)
    assert [a.kind for a in alerts] == [AlertKind.HIGH_PAIN, AlertKind.STOPPED]
    assert alerts[0].words == "Pain of 8/10 in a session on Tue 17 Mar"


def test_it_forgets_a_pain_of_8_after_a_week() -> None:
    assert AlertKind.HIGH_PAIN not in kinds(facts(session(7, pain=9), session(1)))


def test_it_names_the_worst_pain_of_the_week() -> None:
    alerts = alerts_for(facts(session(5, pain=10), session(1, pain=8)), TODAY, shares_conditions=False)
    assert alerts[0].words == "Pain of 10/10 in a session on Fri 13 Mar"


def test_it_sees_session_pain_rising_week_on_week_by_a_point_or_more() -> None:
    rising = facts(session(10, pain=2), session(8, pain=3), session(3, pain=4), session(1, pain=4))
    assert kinds(rising) == [AlertKind.PAIN_RISING]
    assert alerts_for(rising, TODAY, shares_conditions=False)[0].words == (
        "Pain in sessions rising: 4.0/10 this week, 2.5/10 the week before"
    )
    assert kinds(facts(session(10, pain=3), session(2, pain=3), session(1, pain=4))) == []


def test_it_sees_morning_pain_rising() -> None:
    assert kinds(facts(session(1), morning=(5.0, 3.0))) == [AlertKind.MORNING_PAIN_RISING]
    assert kinds(facts(session(1), morning=(3.0, 5.0))) == []
    assert kinds(facts(session(1), morning=(5.0, None))) == []


def test_it_names_a_red_flag_only_when_conditions_are_shared() -> None:
    flagged = facts(session(1), red_flags=("Wound or sore on the foot",))
    hidden = alerts_for(flagged, TODAY, shares_conditions=False)[0]
    shown = alerts_for(flagged, TODAY, shares_conditions=True)[0]
    assert hidden.kind == AlertKind.RED_FLAG
    assert "Wound" not in hidden.words
    assert "(Wound or sore on the foot)" in shown.words


def test_it_says_when_a_clinician_cleared_the_red_flag() -> None:
    cleared = alerts_for(facts(red_flags=("Numb feet",), cleared=True), TODAY, shares_conditions=False)
    assert "cleared by a clinician" in cleared[0].words


def test_it_sees_a_quiet_week_only_while_homework_is_due() -> None:
    quiet = facts(session(9), homework_since=TODAY - timedelta(days=20))
    assert kinds(quiet) == [AlertKind.NO_SESSIONS]
    assert alerts_for(quiet, TODAY, shares_conditions=False)[0].words == "No session for 9 days while homework is due"
    assert kinds(facts(session(9))) == []
    # Homework given three days ago has not had its week yet.
    assert kinds(facts(session(20), homework_since=TODAY - timedelta(days=3))) == []


def test_it_counts_a_quiet_week_from_the_homework_when_no_session_followed() -> None:
    alerts = alerts_for(facts(homework_since=TODAY - timedelta(days=8)), TODAY, shares_conditions=False)
    assert alerts[0].words == "No session in the 8 days since the homework began"


def test_it_orders_clients_by_their_most_urgent_alert() -> None:
    pain = alerts_for(facts(session(1, pain=9)), TODAY, shares_conditions=False)
    quiet = alerts_for(facts(session(9), red_flags=("x",), homework_since=TODAY - timedelta(days=30)), TODAY,
                       shares_conditions=False)
    calm = alerts_for(facts(session(1)), TODAY, shares_conditions=False)
    ordered = sorted([calm, quiet, pain], key=attention_key)
    assert ordered == [pain, quiet, calm]


def test_it_counts_adherence_as_the_progress_calendar_does() -> None:
    planned = {TODAY - timedelta(days=d): 1 for d in range(0, 7, 2)}  # 4 planned
    done = {TODAY: 2, TODAY - timedelta(days=1): 1, TODAY - timedelta(days=2): 1}
    # Two sessions on one day do not make up for a missed day, nor does an unplanned one.
    assert adherence(done, planned, TODAY - timedelta(days=6), TODAY) == Adherence(2, 4)


def test_it_calls_a_change_of_adherence_a_trend() -> None:
    assert trend(Adherence(3, 3), Adherence(6, 9)) == "up"
    assert trend(Adherence(1, 3), Adherence(9, 9)) == "down"
    assert trend(Adherence(2, 3), Adherence(6, 9)) == "steady"
    assert trend(Adherence(0, 0), Adherence(6, 9)) is None
