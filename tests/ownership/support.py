"""What the export and import tests share: a person with some of everything, and ways to read it back."""

from __future__ import annotations

import io
import json
import uuid
from datetime import date, timedelta
from typing import Any

from django.apps import apps
from django.utils import timezone

from footcoach.accounts.actions import do_create_token, do_save_profile
from footcoach.accounts.models import User
from footcoach.coaching.actions import do_accept_invitation, do_assign_homework, do_create_invitation
from footcoach.core.homework import check_homework
from footcoach.core.loader import load_library
from footcoach.ownership.files import write_json
from footcoach.progress.actions import do_record_morning_pain, do_sync_results
from footcoach.training.actions import do_record_logs
from tests.training.support import make_log

LIBRARY = load_library()
PASSWORD = "barefoot on the beach"
PROFILE = {"birth_year": 1952, "goals": ["balance", "heel-pain"], "conditions": [], "equipment": ["towel"],
           "minutes_per_day": 15, "days_per_week": 5, "setting": "home", "start_side": "left",
           "cleared_by_clinician": False, "sex": "female"}


def person(email: str, *, teacher: bool = False) -> User:
    return User.objects.create_user(email, PASSWORD, is_teacher=teacher)


def days_ago(count: int) -> date:
    return timezone.localdate() - timedelta(days=count)


def stamp(day: date, hour: int, minute: int = 0) -> str:
    return f"{day.isoformat()}T{hour:02d}:{minute:02d}:00+00:00"


def release_log(day: date) -> dict[str, Any]:
    """A release session stopped by a stop rule, with the reach test before and after and a skipped step."""
    return {
        "id": str(uuid.uuid4()), "program": "spiky-ball-release", "started_at": stamp(day, 18),
        "ended_at": stamp(day, 18, 12), "stopped_reason": "pain-over-7", "feeling": 3,
        "note": "Ünïcode note: arch sore = tight?",
        "entries": [
            {"kind": "test", "exercise": "forward-fold-reach", "moment": "before", "value": -4.5},
            {"exercise": "toe-fan", "side": "left", "reps": 8, "pressure": 6, "pain": 8, "note": "=SUM(A1)"},
            {"exercise": "toe-fan", "side": "right", "skipped": True, "skip_reason": "pain"},
            {"kind": "test", "exercise": "forward-fold-reach", "moment": "after", "value": -2.0},
        ],
    }


def give_everything(ann: User) -> User:
    """Ann's profile, sessions, results on both sides, morning pain, a token, and homework
    from her teacher Tess, to whom she is linked; Tess is returned."""
    do_save_profile(ann, PROFILE)
    logs = [make_log(started_at=stamp(days_ago(n), 7, 30), ended_at=stamp(days_ago(n), 7, 36)) for n in (1, 2, 9)]
    logs.append(release_log(days_ago(3)))
    assert not do_record_logs(ann, logs).refused
    results = [
        {"id": str(uuid.uuid4()), "test": "single-leg-stance", "side": side, "date": days_ago(2).isoformat(),
         "value": value}
        for side, value in (("left", 21), ("right", 17.5))
    ]
    results.append({"id": str(uuid.uuid4()), "test": "forward-fold-reach", "side": None,
                    "date": days_ago(5).isoformat(), "value": 3})
    # A stance the phone timed, with its sway and the trace it was measured from.
    results.append({"id": str(uuid.uuid4()), "test": "single-leg-stance", "side": "left",
                    "date": days_ago(4).isoformat(), "value": 12, "measured_by": "phone", "sway": 0.412,
                    "trace": {"rate": 50, "ax": [0.1, -0.2, 0.05], "ay": [9.8, 9.79, 9.81], "az": [0.3, 0.2, 0.25]}})
    assert not do_sync_results(ann, results).refused
    for n, pain in ((1, 4), (2, 2)):
        do_record_morning_pain(ann, days_ago(n), pain)
    do_create_token(ann, "Ann's phone")
    tess = person("tess@example.org", teacher=True)
    link = do_accept_invitation(ann, do_create_invitation(tess), shares_conditions=True)
    do_assign_homework(link, check_homework(
        LIBRARY, program="", items=[{"exercise": "toe-fan"}], times_per_week=3,
        starts_on=days_ago(10), ends_on=None, note="Spread your toes slowly.",
    ))
    return tess


def exported(someone: User) -> dict[str, Any]:
    out = io.StringIO()
    write_json(someone, out)
    return json.loads(out.getvalue())  # type: ignore[no-any-return]


def row_counts() -> dict[str, int]:
    """How many rows every model holds: a refused import leaves each the same."""
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}
