"""People with a saved profile and logged sessions, for tests of the plan they get."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.test import Client

from footcoach.accounts.actions import do_save_profile
from footcoach.accounts.models import User
from footcoach.training.actions import do_record_logs

PASSWORD = "barefoot on the beach"

ALICE_ANSWERS: dict[str, Any] = {
    "birth_year": 1980,
    "goals": ["general"],
    "conditions": [],
    "equipment": ["soft-ball", "towel", "wall-or-chair"],
    "minutes_per_day": 20,
    "days_per_week": 5,
    "setting": "home",
    "start_side": "left",
    "cleared_by_clinician": False,
}

# Blood thinners rule out all but a soft ball, and this person has none.
BLOOD_THINNERS_TOWEL_ONLY: dict[str, Any] = {
    **ALICE_ANSWERS, "goals": ["heel-pain"], "conditions": ["anticoagulants"], "equipment": ["towel"],
    "minutes_per_day": 30,
}


def person_with(email: str, **answers: Any) -> Client:
    """A signed-in client of a new person whose profile is Alice's, changed by `answers`."""
    person = User.objects.create_user(email, PASSWORD)
    do_save_profile(person, {**ALICE_ANSWERS, **answers})
    client = Client()
    client.force_login(person)
    return client


def alice_with(**answers: Any) -> Client:
    return person_with("alice@example.org", **answers)


def plan_html(client: Client) -> str:
    response = client.get("/plan")
    assert response.status_code == 200
    return response.content.decode()


def log_week(person: User, monday: str, pain: int) -> None:
    """Three finished Sole Training sessions in the week starting `monday`, each with this pain."""
    first = date.fromisoformat(monday)
    logs = []
    for offset in (0, 2, 4):
        start = datetime.combine(first + timedelta(days=offset), datetime.min.time()).replace(hour=8)
        logs.append({
            "id": f"00000000-0000-4000-8{person.pk:03d}-{first:%Y%m%d}{offset:04d}",
            "program": "sole-training",
            "started_at": start.isoformat() + "+00:00",
            "ended_at": (start + timedelta(minutes=5)).isoformat() + "+00:00",
            "entries": [{"exercise": "heel-raise", "side": "left", "reps": 8, "pain": pain, "skipped": False}],
        })
    assert len(do_record_logs(person, logs).stored) == 3
