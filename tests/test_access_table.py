"""Who may do what: every route of the site and the API, against each role.

The routes are read from Django's URL resolver and the methods of the API
routes from its OpenAPI document, so a route added without a row here fails
`test_it_has_a_row_for_every_route_and_a_route_for_every_row`, naming it.

The roles are the columns of TABLE: anonymous; the person, who owns the
objects named in the URL (signed in with the browser's session, and for API
routes also with a personal API token); and another person, signed in, who
must get nothing of the person's. Someone else's thing answers exactly as a
missing one does, 404. Then two teachers: the teacher of the person, linked
to her by an invitation she accepted, and another teacher with no link to her.
A teacher gets nothing of the person's own routes either: those are hers. A
teacher reaches a client only through the coaching routes, and only through
footcoach.coaching.access.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import pytest
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.middleware.csrf import CSRF_SECRET_LENGTH
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from footcoach.accounts.actions import do_create_token, do_save_profile
from footcoach.accounts.models import ApiToken, Profile, User
from footcoach.api.routes import api
from footcoach.coaching.actions import do_accept_invitation, do_assign_homework, do_create_invitation, do_end_link
from footcoach.coaching.models import CoachingLink
from footcoach.core.homework import check_homework
from footcoach.core.loader import load_library
from footcoach.progress.actions import do_record_morning_pain, do_sync_results
from footcoach.progress.models import SelfTestResult
from footcoach.reminders.actions import do_renew_feed
from footcoach.training.actions import do_record_logs
from footcoach.training.models import LogEntry, SessionLog
from tests.training.support import make_log

pytestmark = pytest.mark.django_db

LIBRARY = load_library()
PASSWORD = "barefoot on the beach"


@dataclass(frozen=True)
class Redirect:
    to: str


# Anonymous, sent to sign in and brought back to the page asked for afterwards.
SIGN_IN = Redirect("/accounts/signin?next={path}")

Answer = int | Redirect

# The columns of TABLE after route and method, in this order.
ROLES = ("anonymous", "person", "another", "teacher", "other-teacher")

# fmt: off
TABLE: list[tuple[str, str, Answer, Answer, Answer, Answer, Answer]] = [
    # route                                     method  anonymous  the person                 another person,
    #                                                                                   then teacher, other teacher
    # The library, open to all.
    ("/",                                       "GET",  200,       200,                       200, 200, 200),
    ("/library",                                "GET",  200,       200,                       200, 200, 200),
    ("/library/exercises/<slug:exercise_id>",   "GET",  200,       200,                       200, 200, 200),
    ("/library/programs/<slug:program_id>",     "GET",  200,       200,                       200, 200, 200),
    ("/library/programs/<slug:program_id>/handout", "GET", 200,    200,                       200, 200, 200),
    ("/library/programs/<slug:program_id>/handout.pdf", "GET", 200, 200,                      200, 200, 200),
    # Class mode: a program shown to a room, for teachers only; it reads no one's data.
    ("/coach/class/<slug:program_id>",          "GET",  SIGN_IN,   403,                       403, 200, 200),
    # Marking who came to a class: the teacher's own row, of her own active clients only.
    ("/coach/class/<slug:program_id>/attendance", "GET", SIGN_IN,  405,                       405, 405, 405),
    ("/coach/class/<slug:program_id>/attendance", "POST", SIGN_IN, 403,                       403,
                                                                                              Redirect("/coach/class/{program_id}"),
                                                                                              Redirect("/coach/class/{program_id}")),
    ("/library/tests",                          "GET",  200,       200,                       200, 200, 200),
    ("/library/tests/<slug:test_id>",           "GET",  200,       200,                       200, 200, 200),
    ("/library/evidence",                       "GET",  200,       200,                       200, 200, 200),
    ("/sw.js",                                  "GET",  200,       200,                       200, 200, 200),
    ("/manifest.webmanifest",                   "GET",  200,       200,                       200, 200, 200),
    # For load balancers: up, and its database answering; reads no one's data.
    ("/healthz",                                "GET",  200,       200,                       200, 200, 200),
    # Signing up and in: whoever is signed in already goes on to their own pages.
    ("/accounts/signup",                        "GET",  200,       Redirect("/account"),      Redirect("/account"),
                                                                                              Redirect("/account"),
                                                                                              Redirect("/account")),
    ("/accounts/signup",                        "POST", 400,       Redirect("/account"),      Redirect("/account"),
                                                                                              Redirect("/account"),
                                                                                              Redirect("/account")),
    ("/accounts/signin",                        "GET",  200,       Redirect("/plan"),         Redirect("/plan"),
                                                                                              Redirect("/plan"),
                                                                                              Redirect("/plan")),
    ("/accounts/signin",                        "POST", 200,       Redirect("/plan"),         Redirect("/plan"),
                                                                                              Redirect("/plan"),
                                                                                              Redirect("/plan")),
    # Signing out is a form: a link or a page fetched in the background cannot do it.
    ("/accounts/signout",                       "GET",  405,       405,                       405, 405, 405),
    ("/accounts/signout",                       "POST", Redirect("/"), Redirect("/"),         Redirect("/"),
                                                                                              Redirect("/"),
                                                                                              Redirect("/")),
    # Password reset: for whoever holds the link mailed to the person.
    ("/accounts/password-reset",                "GET",  200,       200,                       200, 200, 200),
    ("/accounts/password-reset",                "POST", 400,       400,                       400, 400, 400),
    ("/accounts/password-reset/sent",           "GET",  200,       200,                       200, 200, 200),
    ("/accounts/reset/<uidb64>/<token>",        "GET",  Redirect("/accounts/reset/{uidb64}/set-password"),
                                                                   Redirect("/accounts/reset/{uidb64}/set-password"),
                                                                                              Redirect("/accounts/reset/{uidb64}/set-password"),
                                                                                              Redirect("/accounts/reset/{uidb64}/set-password"),
                                                                                              Redirect("/accounts/reset/{uidb64}/set-password")),
    ("/accounts/reset/done",                    "GET",  200,       200,                       200, 200, 200),
    # The account page and its forms: each signed-in person sees only their own.
    ("/account",                                "GET",  SIGN_IN,   200,                       200, 200, 200),
    ("/account/password",                       "GET",  SIGN_IN,   200,                       200, 200, 200),
    ("/account/password",                       "POST", SIGN_IN,   400,                       400, 400, 400),
    # Deleting one's own account: an empty form (no password) deletes nothing. The page after
    # it is for anyone: whoever deleted an account is signed out by then.
    ("/account/delete",                         "GET",  SIGN_IN,   200,                       200, 200, 200),
    ("/account/delete",                         "POST", SIGN_IN,   400,                       400, 400, 400),
    ("/account/deleted",                        "GET",  200,       200,                       200, 200, 200),
    ("/account/tokens",                         "GET",  SIGN_IN,   405,                       405, 405, 405),
    ("/account/tokens",                         "POST", SIGN_IN,   400,                       400, 400, 400),
    ("/account/tokens/<int:token_id>/revoke",   "GET",  SIGN_IN,   200,                       404, 404, 404),
    ("/account/tokens/<int:token_id>/revoke",   "POST", SIGN_IN,   Redirect("/account#tokens"), 404, 404, 404),
    # The calendar feed: its token is the key, so whoever holds the address reads that calendar
    # (a calendar app has no session); a wrong, renewed or stopped token is 404 for everyone.
    ("/calendar/<str:feed_token>.ics",          "GET",  200,       200,                       200, 200, 200),
    # Each signed-in person's own calendar file, feed address and reminders, after a confirmation
    # page; an empty reminder form is refused.
    ("/account/calendar.ics",                   "GET",  SIGN_IN,   200,                       200, 200, 200),
    ("/account/calendar/renew",                 "GET",  SIGN_IN,   200,                       200, 200, 200),
    ("/account/calendar/renew",                 "POST", SIGN_IN,   Redirect("/account#calendar"),
                                                                                              Redirect("/account#calendar"),
                                                                                              Redirect("/account#calendar"),
                                                                                              Redirect("/account#calendar")),
    ("/account/calendar/stop",                  "GET",  SIGN_IN,   200,                       200, 200, 200),
    ("/account/calendar/stop",                  "POST", SIGN_IN,   Redirect("/account#calendar"),
                                                                                              Redirect("/account#calendar"),
                                                                                              Redirect("/account#calendar"),
                                                                                              Redirect("/account#calendar")),
    ("/account/reminders",                      "GET",  SIGN_IN,   405,                       405, 405, 405),
    ("/account/reminders",                      "POST", SIGN_IN,   400,                       400, 400, 400),
    # The profile and the plan: another person, with no profile yet, is asked for theirs.
    ("/start",                                  "GET",  SIGN_IN,   200,                       200, 200, 200),
    ("/start",                                  "POST", SIGN_IN,   400,                       400, 400, 400),
    ("/start/<slug:step_slug>",                 "GET",  SIGN_IN,   200,                       200, 200, 200),
    ("/start/<slug:step_slug>",                 "POST", SIGN_IN,   400,                       400, 400, 400),
    ("/profile/edit",                           "GET",  SIGN_IN,   Redirect("/start"),        Redirect("/start"),
                                                                                              Redirect("/start"),
                                                                                              Redirect("/start")),
    ("/profile/edit/<slug:step_slug>",          "GET",  SIGN_IN,   200,                       Redirect("/start"),
                                                                                              Redirect("/start"),
                                                                                              Redirect("/start")),
    ("/profile/edit/<slug:step_slug>",          "POST", SIGN_IN,   400,                       Redirect("/start"),
                                                                                              Redirect("/start"),
                                                                                              Redirect("/start")),
    ("/plan",                                   "GET",  SIGN_IN,   200,                       Redirect("/start"),
                                                                                              Redirect("/start"),
                                                                                              Redirect("/start")),
    # Progress: each signed-in person sees and records only their own; an empty form is refused.
    ("/progress",                               "GET",  SIGN_IN,   200,                       200, 200, 200),
    ("/progress/tests/<slug:test_id>",          "GET",  SIGN_IN,   200,                       200, 200, 200),
    ("/progress/tests/<slug:test_id>",          "POST", SIGN_IN,   400,                       400, 400, 400),
    ("/progress/morning-pain",                  "GET",  SIGN_IN,   405,                       405, 405, 405),
    ("/progress/morning-pain",                  "POST", SIGN_IN,   Redirect("/plan"),         Redirect("/plan"),
                                                                                              Redirect("/plan"),
                                                                                              Redirect("/plan")),
    # Each signed-in person's own data, to download and to import; an empty import form is refused.
    ("/account/export",                         "GET",  SIGN_IN,   200,                       200, 200, 200),
    ("/account/export.json",                    "GET",  SIGN_IN,   200,                       200, 200, 200),
    ("/account/export.zip",                     "GET",  SIGN_IN,   200,                       200, 200, 200),
    ("/account/import",                         "GET",  SIGN_IN,   405,                       405, 405, 405),
    ("/account/import",                         "POST", SIGN_IN,   400,                       400, 400, 400),
    # Anyone may try a session as published; the log stays on their device until they sign in.
    ("/session/<slug:program_id>",              "GET",  200,       200,                       200, 200, 200),
    # The API. Its documents and library are open to all; logs need a session or a token.
    ("/api/",                                   "GET",  404,       404,                       404, 404, 404),
    ("/api/openapi.json",                       "GET",  200,       200,                       200, 200, 200),
    ("/api/docs",                               "GET",  200,       200,                       200, 200, 200),
    ("/api/exercises",                          "GET",  200,       200,                       200, 200, 200),
    ("/api/exercises/<exercise_id>",            "GET",  200,       200,                       200, 200, 200),
    ("/api/programs",                           "GET",  200,       200,                       200, 200, 200),
    ("/api/programs/<program_id>",              "GET",  200,       200,                       200, 200, 200),
    ("/api/tests",                              "GET",  200,       200,                       200, 200, 200),
    ("/api/conditions",                         "GET",  200,       200,                       200, 200, 200),
    ("/api/logs",                               "GET",  401,       200,                       200, 200, 200),
    ("/api/logs/<log_id>",                      "GET",  401,       200,                       404, 404, 404),
    ("/api/logs/sync",                          "GET",  405,       405,                       405, 405, 405),
    # The person's own log sent again is "already"; another person sending its id is refused, per log.
    ("/api/logs/sync",                          "POST", 401,       200,                       200, 200, 200),
    # Results as logs: the person's own result sent again is "already"; another's sending its id is refused.
    ("/api/results/sync",                       "GET",  405,       405,                       405, 405, 405),
    ("/api/results/sync",                       "POST", 401,       200,                       200, 200, 200),
    ("/api/progress",                           "GET",  401,       200,                       200, 200, 200),
    # Coaching. Invitations are a teacher's: whoever has not turned on "I teach" is told how (403).
    ("/coach/invitations",                      "GET",  SIGN_IN,   403,                       403, 200, 200),
    ("/coach/invitations",                      "POST", SIGN_IN,   403,                       403,
                                                                                              Redirect("/coach/invitations"),
                                                                                              Redirect("/coach/invitations")),
    ("/coach/invitations/<int:invitation_id>/revoke", "GET", SIGN_IN, 405,                    405, 405, 405),
    ("/coach/invitations/<int:invitation_id>/revoke", "POST", SIGN_IN, 404,                   404,
                                                                                              Redirect("/coach/invitations"),
                                                                                              404),
    # An invitation's link: signed out, a page to sign in or up. The person, already linked to
    # the teacher, and the teacher, whose own it is, are told why they cannot accept it (409);
    # an empty answer is refused (400). Typing a code needs an account.
    ("/invite",                                 "GET",  SIGN_IN,   200,                       200, 200, 200),
    ("/invite",                                 "POST", SIGN_IN,   400,                       400, 400, 400),
    ("/invite/<str:invitation_token>",          "GET",  200,       409,                       200, 409, 200),
    ("/invite/<str:invitation_token>",          "POST", SIGN_IN,   409,                       400, 409, 400),
    # Ending a link: for either of its two people, after a confirmation that the empty form lacks.
    ("/account/links/<int:link_id>/end",        "GET",  SIGN_IN,   200,                       404, 200, 404),
    ("/account/links/<int:link_id>/end",        "POST", SIGN_IN,   400,                       404, 400, 404),
    # The teacher switch says "on" or "off"; an empty form changes nothing.
    ("/account/teacher",                        "GET",  SIGN_IN,   405,                       405, 405, 405),
    ("/account/teacher",                        "POST", SIGN_IN,   400,                       400, 400, 400),
    # The teacher's dashboard and one client's page: read only, a client's page through the gate.
    ("/coach",                                  "GET",  SIGN_IN,   403,                       403, 200, 200),
    ("/coach/alert-emails",                     "GET",  SIGN_IN,   405,                       405, 405, 405),
    ("/coach/alert-emails",                     "POST", SIGN_IN,   403,                       403,
                                                                                              Redirect("/coach"),
                                                                                              Redirect("/coach")),
    ("/coach/clients/<int:client_id>",          "GET",  SIGN_IN,   404,                       404, 200, 404),
    # Homework: the client's teacher gives, changes and ends it; an empty form is refused (400).
    # The person runs a set given to her in the player; nobody else reaches it.
    ("/coach/clients/<int:client_id>/homework/new", "GET", SIGN_IN, 404,                      404, 200, 404),
    ("/coach/clients/<int:client_id>/homework/new", "POST", SIGN_IN, 404,                     404, 400, 404),
    ("/coach/homework/<int:assignment_id>/edit", "GET", SIGN_IN,   404,                       404, 200, 404),
    ("/coach/homework/<int:assignment_id>/edit", "POST", SIGN_IN,  404,                       404, 400, 404),
    ("/coach/assignments/<int:assignment_id>/handout", "GET", SIGN_IN, 404,                   404, 200, 404),
    ("/coach/assignments/<int:assignment_id>/handout.pdf", "GET", SIGN_IN, 404,               404, 200, 404),
    ("/homework/<int:assignment_id>/session",   "GET",  SIGN_IN,   200,                       404, 404, 404),
    ("/api/coach/clients/<client_id>/homework", "GET",  401,       403,                       403, 200, 404),
    ("/api/coach/clients/<client_id>/homework", "POST", 401,       403,                       403, 422, 404),
    ("/api/coach/homework/<assignment_id>",     "GET",  401,       403,                       403, 200, 404),
    ("/api/coach/homework/<assignment_id>",     "PUT",  401,       403,                       403, 422, 404),
    # Ending comes last of the homework rows: after it, the homework is gone for everyone.
    ("/coach/homework/<int:assignment_id>/end", "GET",  SIGN_IN,   405,                       405, 405, 405),
    ("/coach/homework/<int:assignment_id>/end", "POST", SIGN_IN,   404,                       404,
                                                                                              Redirect("/coach/clients/{client_id}/homework/new"),
                                                                                              404),
    # A teacher's clients; someone who does not teach is told how to start (403).
    ("/api/coach/clients",                      "GET",  401,       403,                       403, 200, 200),
    # One client's adherence and alerts: through the gate, as the dashboard shows them.
    ("/api/coach/clients/<client_id>/adherence", "GET", 401,       403,                       403, 200, 404),
]
# fmt: on

# What each POST sends where an empty form would not show the rule: the
# sign-up form as a browser sends it, every field blank; and the person's own
# log to the sync, which another person must not take over.
FORMS: dict[str, Any] = {"/accounts/signup": lambda world: {"email": "", "password": ""}}
JSON_BODIES: dict[str, Any] = {
    "/api/logs/sync": lambda world: {"logs": [world.log]},
    "/api/results/sync": lambda world: {"results": [RESULT]},
    # Homework with nothing in it, which the teacher is told is missing its exercises.
    "/api/coach/clients/<client_id>/homework": lambda world: {},
    "/api/coach/homework/<assignment_id>": lambda world: {},
}
# The person's result, stored before the table is walked.
RESULT = {"id": "6c5e0a4e-9d1f-4b8a-9f2e-2f8f1f0c7a11", "test": "single-leg-stance", "side": "left",
          "date": "2025-03-03", "value": 21}


def _walk(patterns: list[URLPattern | URLResolver], prefix: str = "") -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern)


def site_routes() -> set[str]:
    return {"/" + route for route in _walk(get_resolver().url_patterns)}


def api_methods() -> dict[str, set[str]]:
    """Each API operation's route, spelled as the resolver spells it, with its methods."""
    paths = api.get_openapi_schema()["paths"]
    return {
        re.sub(r"\{(\w+)\}", r"<\1>", path): {method.upper() for method in operations}
        for path, operations in paths.items()
    }


def test_it_has_a_row_for_every_route_and_a_route_for_every_row() -> None:
    routes = site_routes()
    rows = {row[0] for row in TABLE}
    assert not routes - rows, f"Routes with no row in the access table: {sorted(routes - rows)}"
    assert not rows - routes, f"Rows of the access table for no route: {sorted(rows - routes)}"
    assert not set(api_methods()) - routes, "Every API operation is also a route of the resolver."


def test_it_gives_every_row_one_answer_per_role_and_every_route_a_get_row() -> None:
    for row in TABLE:
        assert len(row) == 2 + len(ROLES), f"{row[1]} {row[0]} has {len(row) - 2} answers for {len(ROLES)} roles."
    methods: dict[str, list[str]] = {}
    for route, method, *_ in TABLE:
        methods.setdefault(route, []).append(method)
    for route, listed in methods.items():
        assert len(listed) == len(set(listed)), f"{route} has two rows for one method."
        assert "GET" in listed, f"{route} has no GET row: any link can ask for it."
    for route, declared in api_methods().items():
        missing = declared - set(methods.get(route, []))
        assert not missing, f"{route} takes {sorted(missing)}, which the access table does not list."


@dataclass
class World:
    """The people of the table and the person's things, made once per test."""

    person: User
    another: User
    person_token: str
    another_token: str
    log: dict[str, Any]
    params: dict[str, str]
    teacher: User
    other_teacher: User
    teacher_token: str
    other_teacher_token: str


# Text of the person's that nobody else may see, in any answer.
SECRET_NOTE = "Alice's private note about her left heel"
SECRET_TOKEN_NAME = "Alice's old laptop"


def make_world() -> World:
    person = User.objects.create_user("alice@example.org", PASSWORD)
    another = User.objects.create_user("charlie@example.org", PASSWORD)
    answers = {"birth_year": 1970, "goals": ["balance"], "conditions": [], "equipment": ["towel"],
               "minutes_per_day": 15, "days_per_week": 5, "setting": "home", "start_side": "left",
               "cleared_by_clinician": False}
    do_save_profile(person, answers)
    old_token, _ = do_create_token(person, SECRET_TOKEN_NAME)
    _, person_token = do_create_token(person, "Alice's phone")
    _, another_token = do_create_token(another, "Charlie's phone")
    log = make_log(note=SECRET_NOTE)
    assert do_record_logs(person, [log]).as_out().stored
    do_record_morning_pain(person, SessionLog.objects.get().started_at.date(), 3)
    assert do_sync_results(person, [RESULT]).stored
    # Her teacher, linked by an invitation she accepted; another teacher, linked to nobody.
    teacher = User.objects.create_user("tess@example.org", PASSWORD, is_teacher=True)
    other_teacher = User.objects.create_user("otto@example.org", PASSWORD, is_teacher=True)
    _, teacher_token = do_create_token(teacher, "Tess's phone")
    _, other_teacher_token = do_create_token(other_teacher, "Otto's phone")
    link = do_accept_invitation(person, do_create_invitation(teacher), shares_conditions=False)
    homework = do_assign_homework(link, check_homework(
        LIBRARY, program="", items=[{"exercise": "toe-fan"}], times_per_week=3,
        starts_on=SessionLog.objects.get().started_at.date(), ends_on=None, note="Spread your toes slowly.",
    ))
    # Two open invitations of the teacher's: one to open, one to revoke.
    to_open, to_revoke = do_create_invitation(teacher), do_create_invitation(teacher)
    params = {
        "exercise_id": next(iter(LIBRARY.exercises)),
        "program_id": "sole-training",
        "test_id": next(iter(LIBRARY.tests)),
        "step_slug": "about",
        "token_id": str(old_token.pk),
        "log_id": log["id"],
        "uidb64": urlsafe_base64_encode(force_bytes(person.pk)),
        "invitation_token": to_open.token,
        "invitation_id": str(to_revoke.pk),
        "link_id": str(link.pk),
        "client_id": str(person.pk),
        "assignment_id": str(homework.pk),
        "feed_token": do_renew_feed(person, "UTC"),
    }
    return World(person, another, person_token, another_token, log, params, teacher, other_teacher, teacher_token,
                 other_teacher_token)


def belongings(person: User) -> dict[str, Any]:
    """Everything stored of the person's, read afresh from the database."""
    return {
        "account": User.objects.filter(pk=person.pk).values("email", "password", "is_active").get(),
        "tokens": list(ApiToken.objects.of(person).order_by("pk").values("pk", "name", "hashed")),
        "profile": Profile.objects.filter(owner=person).values().first(),
        "logs": list(SessionLog.objects.of(person).order_by("id").values()),
        "entries": list(LogEntry.objects.filter(log__owner=person).order_by("pk").values()),
        "results": list(SelfTestResult.objects.of(person).order_by("pk").values()),
    }


@dataclass
class Caller:
    """One way in for a role: a client, and how to sign it in again after signing out."""

    role: str
    way: str
    client: Client
    user: User | None

    def keep_signed_in(self) -> None:
        # A sign-out row ends the session; the rows after it still need one.
        cookie = self.client.cookies.get(settings.SESSION_COOKIE_NAME)
        if self.way == "session" and (cookie is None or not cookie.value):
            self.client.force_login(self.user)  # type: ignore[arg-type]


# A CSRF secret as the csrftoken cookie holds it; a page's forms send it back.
CSRF_SECRET = "s" * CSRF_SECRET_LENGTH


def browser(*, sends_csrf_token: bool = True) -> Client:
    """A client that, like a browser, is held to the CSRF check, and passes it
    as a page of the site would: the cookie's value sent back with each form."""
    client = Client(enforce_csrf_checks=True, **({"HTTP_X_CSRFTOKEN": CSRF_SECRET} if sends_csrf_token else {}))
    client.cookies[settings.CSRF_COOKIE_NAME] = CSRF_SECRET
    return client


def callers(world: World, *, api_route: bool) -> list[Caller]:
    """Each role's ways in: the browser's session, and for the API a Bearer token too.

    The person comes last, so that what the person's own requests change
    (a revoked token) is still there when the others try it.
    """
    found = [Caller("anonymous", "none", browser(), None)]
    if api_route:
        found.append(Caller("anonymous", "unknown token", Client(HTTP_AUTHORIZATION="Bearer fc_not-a-token"), None))
    for role, user, token in (
        ("another", world.another, world.another_token),
        ("other-teacher", world.other_teacher, world.other_teacher_token),
        ("teacher", world.teacher, world.teacher_token),
        ("person", world.person, world.person_token),
    ):
        found.append(Caller(role, "session", browser(), user))
        if api_route:
            found.append(Caller(role, "token", Client(HTTP_AUTHORIZATION=f"Bearer {token}"), user))
    return found


def reset_token(person: User) -> str:
    # A sign-in ends the links mailed before it, so the link is made just before use.
    person.refresh_from_db()
    return default_token_generator.make_token(person)


def fill(route: str, params: dict[str, str]) -> str:
    return re.sub(r"<(?:\w+:)?(\w+)>", lambda match: quote(params[match.group(1)], safe=""), route)


def check(response: Any, path: str, expected: Answer, params: dict[str, str], where: str) -> None:
    if isinstance(expected, Redirect):
        location = expected.to.format(path=quote(path, safe="/"), **params)
        assert (response.status_code, response.get("Location")) == (302, location), where
    else:
        assert response.status_code == expected, where


def test_it_answers_each_role_as_the_access_table_says() -> None:
    world = make_world()
    site_callers = callers(world, api_route=False)
    api_callers = callers(world, api_route=True)
    for caller in {id(c): c for c in site_callers + api_callers}.values():
        caller.keep_signed_in()
    before = belongings(world.person)
    for route, method, *answers in TABLE:
        if "<token>" in route:
            world.params["token"] = reset_token(world.person)
        path = fill(route, world.params)
        expected = dict(zip(ROLES, answers, strict=True))
        for caller in api_callers if route.startswith("/api/") else site_callers:
            where = f"{method} {path} as {caller.role} ({caller.way})"
            if method == "GET":
                response = caller.client.get(path)
            elif route in JSON_BODIES:
                send = getattr(caller.client, method.lower())
                response = send(path, JSON_BODIES[route](world), content_type="application/json")
            else:
                response = caller.client.post(path, FORMS[route](world) if route in FORMS else {})
            check(response, path, expected[caller.role], world.params, where)
            if caller.role == "person":
                before = belongings(world.person)
            else:
                assert belongings(world.person) == before, f"{where} changed the person's things."
                body = b"".join(response.streaming_content) if response.streaming else response.content
                text = body.decode(errors="replace")
                assert SECRET_NOTE not in text and SECRET_TOKEN_NAME not in text, f"{where} shows the person's things."
            caller.keep_signed_in()
    # The person's own revoke row went through.
    assert not ApiToken.objects.filter(name=SECRET_TOKEN_NAME).exists()


def test_it_answers_someone_elses_thing_as_it_answers_a_missing_one() -> None:
    world = make_world()
    missing = {"token_id": "999999", "log_id": "00000000-0000-4000-8000-000000000000", "link_id": "999999"}
    for route in ("/account/tokens/<int:token_id>/revoke", "/api/logs/<log_id>", "/account/links/<int:link_id>/end"):
        theirs, nobodys = fill(route, world.params), fill(route, {**world.params, **missing})
        for caller in callers(world, api_route=route.startswith("/api/")):
            if caller.role != "another":
                continue
            caller.keep_signed_in()
            answer, missing_answer = caller.client.get(theirs), caller.client.get(nobodys)
            assert answer.status_code == missing_answer.status_code == 404
            # The API's message repeats the id asked for; a log id is a UUID, so
            # swapping it touches nothing else.
            same = answer.content.decode().replace(world.params["log_id"], missing["log_id"])
            assert same == missing_answer.content.decode(), f"{theirs} as another person ({caller.way})"


def test_it_refuses_the_teacher_every_coaching_route_about_the_client_once_the_link_ends() -> None:
    world = make_world()
    do_end_link(CoachingLink.objects.active().get(client=world.person))
    about_the_client = ("<client_id>", "<int:client_id>", "<int:link_id>")
    coaching = [route for route, method, *_ in TABLE if method == "GET" and (
        route.startswith(("/coach", "/api/coach")) or any(part in route for part in about_the_client))]
    assert "/api/coach/clients" in coaching and "/account/links/<int:link_id>/end" in coaching
    for caller in callers(world, api_route=True):
        if caller.role != "teacher":
            continue
        caller.keep_signed_in()
        for route in coaching:
            if route.startswith("/api/") != (caller.way == "token") and caller.way == "token":
                continue
            response = caller.client.get(fill(route, world.params))
            where = f"GET {route} as the former teacher ({caller.way})"
            if any(part in route for part in about_the_client):
                assert response.status_code == 404, where
            assert world.person.email not in response.content.decode(), where


def test_it_refuses_a_form_or_a_sync_from_a_signed_in_browser_without_the_csrf_token() -> None:
    # What another site's page could make the person's browser send.
    world = make_world()
    before = belongings(world.person)
    for path, body in (("/account/tokens", {"name": "Evil page"}), ("/api/logs/sync", {"logs": [make_log()]})):
        client = browser(sends_csrf_token=False)
        client.force_login(world.person)
        assert client.post(path, body, content_type="application/json").status_code == 403, path
        assert client.post(path, body).status_code == 403, path
    assert belongings(world.person) == before
