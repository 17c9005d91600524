"""The teacher's dashboard (/coach) and one client's page (/coach/clients/<id>): read only.

A teacher reads a client's sessions and progress here and writes nothing in
their name; the only thing saved from these pages is the teacher's own
choice of alert emails.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Max, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from footcoach.accounts.models import Profile, User
from footcoach.coaching.access import get_client_for_teacher
from footcoach.coaching.models import Assignment
from footcoach.coaching.reading import SKIP_WORDS, ClientRow, read_dashboard
from footcoach.core.alerts import Adherence
from footcoach.library.content import get_library
from footcoach.progress.pages import calendar, pain_table, test_panel, verdicts
from footcoach.progress.reading import read_progress
from footcoach.training.models import LogEntry, SessionLog

SESSIONS_SHOWN = 30


TREND_WORDS = {
    "up": "doing more than the 3 weeks before",
    "down": "doing less than the 3 weeks before",
    "steady": "steady",
    None: "not enough planned to tell",
}


@dataclass(frozen=True)
class Card:
    """One client's card on the dashboard, its words made once here so that
    hundreds of cards render as plain text rather than as template logic.

    A client with an alert gets the whole card; the others, one line of the
    same facts, so that a teacher of hundreds reads who needs attention first
    and the page stays quick to make and to read.
    """

    row: ClientRow
    url: str
    facts: tuple[tuple[str, str], ...]  # (what, words)
    recent: tuple[tuple[str, str, str, str], ...]  # (day, program, highest pain, feeling)
    summary: str  # the facts and the latest session in a line, for a client with no alert


def _done(value: Adherence) -> str:
    return f"{value.done} of {value.planned} planned done" if value.planned else "none planned"


def _rating(value: int | None) -> str:
    return f"{value}/10" if value is not None else "—"


# A day as the date filter writes "D j M", without its cost for every day of hundreds of cards.
DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _day(value: date) -> str:
    return f"{DAY_NAMES[value.weekday()]} {value.day} {MONTH_NAMES[value.month - 1]}"


def _card(row: ClientRow, url: str, program_names: dict[str, str]) -> Card:
    skips = ", ".join(f"{words} ({times})" for words, times in row.skips) or "none"
    facts = (
        ("Last 7 days", _done(row.last_7)),
        ("Last 28 days", _done(row.last_28)),
        ("Trend", TREND_WORDS.get(row.trend, TREND_WORDS[None])),
        ("Homework due", str(row.homework) if row.homework else "none"),
        ("Last session", _day(row.last_session_day) if row.last_session_day else "none yet"),
        ("Skipped steps, 28 days", skips),
    )
    shown = row.recent if row.alerts else row.recent[:1]
    recent = tuple(
        (_day(s.day), program_names.get(s.program, "Homework"), _rating(s.highest_pain), _rating(s.feeling))
        for s in shown
    )
    summary = ""
    if not row.alerts:
        words = [f"{what}: {said}." for what, said in facts]
        if recent:
            day, program, pain, feeling = recent[0]
            words.append(f"Latest session {day}: {program}, highest pain {pain}, feeling {feeling}.")
        summary = " ".join(words)
    return Card(row=row, url=url, facts=facts, recent=recent, summary=summary)


def _teacher_needed(request: HttpRequest) -> HttpResponse:
    return render(request, "coaching/teacher_needed.html", status=403)


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    teacher: User = request.user  # type: ignore[assignment]
    if not teacher.is_teacher:
        return _teacher_needed(request)
    today = timezone.localdate()
    rows = read_dashboard(teacher, today)
    program_names = {key: program.name for key, program in get_library().programs.items()}
    return render(request, "coaching/dashboard.html", {
        "cards": [_card(row, reverse("coach-client", args=[row.client_id]), program_names) for row in rows],
        "needing_attention": sum(1 for row in rows if row.alerts),
    })


@login_required
@require_POST
def alert_emails(request: HttpRequest) -> HttpResponse:
    teacher: User = request.user  # type: ignore[assignment]
    if not teacher.is_teacher:
        return _teacher_needed(request)
    wanted = request.POST.get("emails_alerts") == "on"
    User.objects.filter(pk=teacher.pk).update(emails_alerts=wanted)
    messages.success(
        request,
        f"Alert emails on: we write to {teacher.email} when a client's session raises an alert."
        if wanted else "Alert emails off: alerts show here only.",
    )
    return redirect("coach")


def _sessions(client: User) -> list[dict[str, Any]]:
    """The client's latest sessions, each with its highest pain and pressure and its skip reasons."""
    rows = list(
        SessionLog.objects.of(client)
        .order_by("-started_at")
        .values("id", "started_at", "program", "feeling", "stopped_reason")
        .annotate(pain=Max("entries__pain"), pressure=Max("entries__pressure"))[:SESSIONS_SHOWN]
    )
    skipped: dict[Any, list[str]] = {}
    for log_id, reason in (
        LogEntry.objects.filter(log_id__in=[row["id"] for row in rows], skipped=True)
        .order_by("log_id", "position")
        .values_list("log_id", "skip_reason")
    ):
        skipped.setdefault(log_id, []).append(SKIP_WORDS.get(reason, "no reason given"))  # type: ignore[call-overload]
    programs = get_library().programs
    stop_rules = {rule.id: rule.label for rule in get_library().stop_rules.values()}
    for row in rows:
        row["day"] = timezone.localtime(row["started_at"])
        row["program_name"] = programs[row["program"]].name if row["program"] in programs else row["program"]
        row["stopped_words"] = stop_rules.get(row["stopped_reason"], row["stopped_reason"])
        row["skips"] = ", ".join(skipped.get(row["id"], ()))
    return rows


def _shared_conditions(client: User) -> list[str]:
    conditions = get_library().conditions
    stored: Iterable[str] = (
        Profile.objects.filter(owner=client).values_list("conditions", flat=True).first() or ()
    )
    return [conditions[c].name for c in stored if c in conditions]


@login_required
@require_GET
def client_page(request: HttpRequest, client_id: int) -> HttpResponse:
    link = get_client_for_teacher(request.user, client_id)  # type: ignore[arg-type]
    client = link.client
    today = timezone.localdate()
    library = get_library()
    progress = read_progress(client, today)
    panels = [test_panel(test, progress, library.sources) for test in library.tests.values()]
    homework = list(
        Assignment.objects.of_link(link).not_ended().filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
    )
    return render(request, "coaching/client.html", {
        "link": link,
        "client": client,
        "homework": [(item, library.programs[item.program].name if item.program in library.programs
                      else "A set of exercises") for item in homework],
        "sessions": _sessions(client),
        "conditions": _shared_conditions(client) if link.shares_conditions else None,
        "panels": [panel for panel in panels if panel.has_results],
        "helping": verdicts(progress.helping, library.tests),
        "calendar": calendar(progress.adherence, today, whose="their"),
        "pain": pain_table(progress.pain_by_week),
    })
