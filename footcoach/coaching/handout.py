"""A program as a printable handout: the page, and the same page as a PDF.

The layout data (steps, doses, pictures, cautions, credit) depends only on the
content, so it is made once per content version and kept; only the QR code,
which holds this site's address, is drawn for the request.
"""

from __future__ import annotations

import functools
import logging
import mimetypes
import threading
from collections import Counter
from dataclasses import dataclass, replace
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_safe

from footcoach.coaching.access import get_assignment_for_teacher
from footcoach.coaching.homework import as_homework, screened_for
from footcoach.coaching.qr import qr_svg
from footcoach.core.dose import describe_dose, program_minutes
from footcoach.core.drawing import picture_svg
from footcoach.core.homework import homework_program
from footcoach.core.library import Library
from footcoach.core.schemas import Method, Program, ProgramItem
from footcoach.library.content import get_library

MOMENT_WORDS = {"before": "Before you start", "between": "Between the feet: compare the sides", "after": "At the end"}
SIDE_WORDS = {"first": "First foot", "second": "Second foot"}


@dataclass(frozen=True)
class OrderLine:
    """One line of the program's order: what to do, on which foot, how much."""

    name: str
    detail: str
    note: str


@dataclass(frozen=True)
class Card:
    """One exercise or self-test, with its picture, told once however often it recurs."""

    name: str
    kind: str  # "exercise" or "test"
    picture: str  # inline SVG, escaped by the drawing module
    alt: str
    dose: str
    steps: tuple[str, ...]
    cautions: tuple[str, ...]


@dataclass(frozen=True)
class Handout:
    program_id: str
    name: str
    summary: str
    minutes: int
    frequency: str
    in_order: bool
    start_side: str
    order: tuple[OrderLine, ...]
    cards: tuple[Card, ...]
    # Cautions that several cards share, said once for all of them (the
    # spiky-ball cards share four): the paper stays short and none is lost.
    shared_cautions: tuple[str, ...]
    method_name: str
    credit: str


def _order_line(item: ProgramItem, library: Library) -> OrderLine:
    if item.exercise is not None:
        exercise = library.exercises[item.exercise]
        side = f"{SIDE_WORDS[item.side]} · " if item.side else ""
        return OrderLine(exercise.name, side + describe_dose(item.dose or exercise.dose), item.note or "")
    test = library.tests[item.test or ""]
    return OrderLine(f"Check: {test.name}", MOMENT_WORDS.get(item.moment or "", ""), item.note or "")


def _cards(program: Program, library: Library) -> tuple[Card, ...]:
    cards: dict[str, Card] = {}
    for item in program.items:
        if item.exercise is not None and f"e:{item.exercise}" not in cards:
            exercise = library.exercises[item.exercise]
            cards[f"e:{item.exercise}"] = Card(
                name=exercise.name,
                kind="exercise",
                picture=picture_svg(exercise.picture, title=exercise.name),
                alt=exercise.picture.alt,
                dose=describe_dose(item.dose or exercise.dose),
                steps=exercise.steps,
                cautions=exercise.cautions,
            )
        elif item.test is not None and f"t:{item.test}" not in cards:
            test = library.tests[item.test]
            cards[f"t:{item.test}"] = Card(
                name=f"Check: {test.name}",
                kind="test",
                picture=picture_svg(test.picture, title=test.name),
                alt=test.picture.alt,
                dose="",
                steps=test.procedure,
                cautions=test.cautions,
            )
    return tuple(cards.values())


def _share_cautions(cards: tuple[Card, ...]) -> tuple[tuple[Card, ...], tuple[str, ...]]:
    counts = Counter(caution for card in cards for caution in dict.fromkeys(card.cautions))
    shared = tuple(dict.fromkeys(c for card in cards for c in card.cautions if counts[c] > 1))
    own = tuple(replace(card, cautions=tuple(c for c in card.cautions if counts[c] == 1)) for card in cards)
    return own, shared


def layout(program: Program, library: Library) -> Handout:
    """The handout of a program, from the content alone."""
    return _layout(program, library, (library.method_of(program),))


def set_layout(program: Program, library: Library) -> Handout:
    """The handout of exercises given as a set: a program of no method, so each
    method its exercises come from is credited."""
    methods = dict.fromkeys(library.exercises[item.exercise].method for item in program.items if item.exercise)
    return _layout(program, library, tuple(library.methods[method] for method in methods))


def _layout(program: Program, library: Library, methods: tuple[Method, ...]) -> Handout:
    cards, shared_cautions = _share_cautions(_cards(program, library))
    names = [method.name for method in methods]
    return Handout(
        program_id=program.id,
        name=program.name,
        summary=program.summary,
        minutes=program_minutes(program, library),
        frequency=program.frequency.text,
        in_order=program.in_order,
        start_side=program.start_side.why if program.start_side else "",
        order=tuple(_order_line(item, library) for item in program.items),
        cards=cards,
        shared_cautions=shared_cautions,
        method_name=" and ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names),
        credit=" ".join(method.credit for method in methods),
    )


class _Layouts:
    """Handouts made for one content version; a new library (a deploy) starts afresh."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._library: Library | None = None
        self._made: dict[str, Handout] = {}

    def get(self, library: Library, program: Program) -> Handout:
        with self._lock:
            if self._library is not library:
                self._library, self._made = library, {}
            if program.id not in self._made:
                self._made[program.id] = layout(program, library)
            return self._made[program.id]


_layouts = _Layouts()


def handout_for(program_id: str) -> Handout:
    library = get_library()
    program = library.programs.get(program_id)
    if program is None:
        raise Http404(f"There is no program called {program_id!r} in the library.")
    return _layouts.get(library, program)


def handout_context(
    request: HttpRequest, handout: Handout, *, note: str = "", opens: str = "", pdf_url: str = "",
    back: tuple[str, str] | None = None,
) -> dict[str, Any]:
    """What the handout page needs. By default it is the library program's; homework
    opens its own session, has its own PDF and leads back to the teacher's page."""
    # The QR code holds the whole address, so a phone that scans the paper
    # opens the program on this very site.
    address = request.build_absolute_uri(opens or reverse("program", args=[handout.program_id]))
    return {
        "handout": handout,
        "note": note,
        "address": address,
        "qr": qr_svg(address, title=f"QR code: open {handout.name} in footcoach"),
        "pdf_url": pdf_url or reverse("program-handout-pdf", args=[handout.program_id]),
        "back": back or (reverse("program", args=[handout.program_id]), handout.name),
    }


# ---- PDF ---------------------------------------------------------------------


def _fetch_static(url: str, static_prefix: str) -> Any:
    """What WeasyPrint asks for while it lays out the page: our static files,
    read from disk. Nothing is ever fetched over the network."""
    from weasyprint.urls import URLFetcherResponse

    if not url.startswith(static_prefix):
        raise ValueError(f"The handout loads only footcoach's own static files, not {url}")
    path = url[len(static_prefix) :].split("?")[0].split("#")[0]
    safe = path and ".." not in path and not path.startswith("/")
    # In production the page names the collected copy, under its hashed name
    # (footcoach.staticfiles); without collected files, the app folders' own.
    found = None
    if safe:
        found = staticfiles_storage.path(path) if staticfiles_storage.exists(path) else finders.find(path)
    if not found:
        raise ValueError(f"There is no static file {path!r}")
    with open(found if isinstance(found, str) else found[0], "rb") as handle:
        body = handle.read()
    content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
    return URLFetcherResponse(url, body, {"Content-Type": content_type})


def render_pdf(request: HttpRequest, html: str) -> bytes:
    base = request.build_absolute_uri("/")
    static_prefix = request.build_absolute_uri("/" + settings.STATIC_URL.lstrip("/"))
    return pdf_of(html, base, static_prefix)


# Laying out a PDF takes a second of a core, and a program's handout can be
# asked for by anyone: the same page (same HTML on the same site) is laid out
# once. The PDF depends on nothing else, so a kept one is never stale.
@functools.lru_cache(maxsize=32)
def pdf_of(html: str, base: str, static_prefix: str) -> bytes:
    # Imported here: WeasyPrint is heavy, and only a PDF needs it.
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    class StaticOnly(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: object = None) -> Any:
            return _fetch_static(url, static_prefix)

    pdf: bytes = HTML(string=html, base_url=base, url_fetcher=StaticOnly()).write_pdf()
    return pdf


PAPERS = ("a4", "letter")
# The site's stylesheet holds screen rules (SVG properties, media features)
# that WeasyPrint does not know; it says so, harmlessly, for every PDF.
logging.getLogger("weasyprint").setLevel(logging.ERROR)


def _pdf_response(request: HttpRequest, template: str, context: dict[str, Any], filename: str) -> HttpResponse:
    paper = request.GET.get("paper", "a4").lower()
    if paper not in PAPERS:
        context["format_error"] = f"There is no paper size {paper[:40]!r}: use paper=a4 or paper=letter."
        return render(request, template, context, status=400)
    html = render_to_string(template, {**context, "for_pdf": True, "paper": paper}, request=request)
    response = HttpResponse(render_pdf(request, html), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}.pdf"'
    return response


def _page_or_pdf(request: HttpRequest, handout: Handout, context: dict[str, Any]) -> HttpResponse:
    wanted = request.GET.get("format", "html")
    if wanted == "pdf":
        return _pdf_response(request, "coaching/handout.html", context, f"{slugify(handout.name)}-handout")
    if wanted != "html":
        context["format_error"] = f"There is no handout format {wanted[:40]!r}: use format=pdf, or leave it out."
        return render(request, "coaching/handout.html", context, status=400)
    return render(request, "coaching/handout.html", context)


@require_safe
def program_handout(request: HttpRequest, program_id: str) -> HttpResponse:
    handout = handout_for(program_id)
    return _page_or_pdf(request, handout, handout_context(request, handout))


@require_safe
def program_handout_pdf(request: HttpRequest, program_id: str) -> HttpResponse:
    handout = handout_for(program_id)
    context = handout_context(request, handout)
    return _pdf_response(request, "coaching/handout.html", context, f"{slugify(handout.name)}-handout")


# ---- Homework ------------------------------------------------------------------


def _assignment_handout(request: HttpRequest, assignment_id: int) -> tuple[Handout, dict[str, Any]]:
    """The handout of homework the teacher gave, with the teacher's note, through the coaching gate."""
    assignment = get_assignment_for_teacher(request.user, assignment_id)  # type: ignore[arg-type]
    library = get_library()
    homework = as_homework(assignment, assignment.link.teacher, library)
    if assignment.program:
        handout = handout_for(assignment.program)
    elif homework.items:
        handout = set_layout(homework_program(homework, library), library)
    else:
        raise Http404("None of this homework's exercises is in the library any more.")
    context = handout_context(
        request, handout, note=assignment.note,
        # The client scans it to open this homework in their own player.
        opens=reverse("homework-session", args=[assignment.pk]),
        pdf_url=reverse("assignment-handout-pdf", args=[assignment.pk]),
        back=(reverse("edit-homework", args=[assignment.pk]), f"Homework for {assignment.link.client.email}"),
    )
    # The paper shows the homework as given; the client's app, what is safe for them.
    context["safety"] = screened_for(assignment.link, homework).for_teacher
    return handout, context


@login_required
@require_safe
def assignment_handout(request: HttpRequest, assignment_id: int) -> HttpResponse:
    return _page_or_pdf(request, *_assignment_handout(request, assignment_id))


@login_required
@require_safe
def assignment_handout_pdf(request: HttpRequest, assignment_id: int) -> HttpResponse:
    handout, context = _assignment_handout(request, assignment_id)
    return _pdf_response(request, "coaching/handout.html", context, f"{slugify(handout.name)}-handout")
