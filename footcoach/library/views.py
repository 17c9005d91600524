from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from footcoach.core.dose import exercise_minutes, program_minutes
from footcoach.core.schemas import (
    EQUIPMENT_NAMES,
    EVIDENCE_LABEL_MEANINGS,
    EVIDENCE_LABEL_NAMES,
    REGION_NAMES,
    EvidenceLabel,
    Position,
)
from footcoach.core.search import (
    NO_EQUIPMENT,
    conditions_named,
    filter_exercises,
    goals_named,
    parse_filter,
    programs_found,
)
from footcoach.library.caching import content_page
from footcoach.library.content import content_version, get_library

T = TypeVar("T")


@content_page
def home(request: HttpRequest) -> HttpResponse:
    library = get_library()
    programs = [(p, program_minutes(p, library)) for p in library.programs.values()]
    return render(request, "library/home.html", {"programs": programs})


@content_page
def library_index(request: HttpRequest) -> HttpResponse:
    library = get_library()
    wanted, errors = parse_filter(request.GET.dict())
    exercises = filter_exercises(library, wanted)
    # What the words searched for name: the goals whose programs are found,
    # best first, and the conditions with advice of their own.
    words = wanted.text
    context = {
        "programs": [(p, program_minutes(p, library)) for p in library.programs.values()],
        "goals_found": goals_named(library, words) if words else [],
        "programs_found": [(p, program_minutes(p, library)) for p in programs_found(library, words)] if words else [],
        "conditions_found": conditions_named(library, words) if words else [],
        "exercises": [(e, exercise_minutes(e), library.method_of(e)) for e in exercises],
        "total": len(library.exercises),
        "errors": errors,
        "query": request.GET.get("q", ""),
        "selected": request.GET.dict(),
        "filtered": any(request.GET.get(k) for k in ("q", "region", "position", "equipment", "minutes")),
        "regions": list(REGION_NAMES.items()),
        "positions": [(Position.SEATED, "Seated"), (Position.STANDING, "Standing")],
        "equipment": [(NO_EQUIPMENT, "No equipment"), *EQUIPMENT_NAMES.items()],
        "minute_choices": [1, 2, 3, 5, 10],
        # The list of exercises with their pictures is most of the page and of its time:
        # the template keeps it drawn once per content version and address.
        "content_version": content_version(),
    }
    return render(request, "library/index.html", context, status=400 if errors else 200)


def _lookup(items: Mapping[str, T], item_id: str, label: str) -> T:
    try:
        return items[item_id]
    except KeyError:
        raise Http404(f"There is no {label} called {item_id!r} in the library.") from None


@content_page
def exercise_detail(request: HttpRequest, exercise_id: str) -> HttpResponse:
    library = get_library()
    exercise = _lookup(library.exercises, exercise_id, "exercise")
    context = {
        "exercise": exercise,
        "method": library.method_of(exercise),
        "minutes": exercise_minutes(exercise),
        "programs": library.programs_with(exercise),
        "sources": library.sources,
        "content_version": content_version(),
    }
    return render(request, "library/exercise.html", context)


@content_page
def program_detail(request: HttpRequest, program_id: str) -> HttpResponse:
    library = get_library()
    program = _lookup(library.programs, program_id, "program")
    steps = []
    for item in program.items:
        if item.exercise is not None:
            steps.append({"item": item, "exercise": library.exercises[item.exercise],
                          "dose": item.dose or library.exercises[item.exercise].dose})
        else:
            steps.append({"item": item, "test": library.tests[item.test or ""]})
    context = {
        "program": program,
        "method": library.method_of(program),
        "minutes": program_minutes(program, library),
        "steps": steps,
        "foot_map": library.maps.get(program.foot_map or ""),
        "sources": library.sources,
        "content_version": content_version(),
    }
    return render(request, "library/program.html", context)


@content_page
def test_detail(request: HttpRequest, test_id: str) -> HttpResponse:
    library = get_library()
    test = _lookup(library.tests, test_id, "self-test")
    norm_sources = list(dict.fromkeys(norm.source for norm in test.norms))
    context = {"test": test, "sources": library.sources, "norm_sources": norm_sources,
               "content_version": content_version()}
    return render(request, "library/test.html", context)


@content_page
def tests_index(request: HttpRequest) -> HttpResponse:
    return render(request, "library/tests.html", {"tests": list(get_library().tests.values())})


@content_page
def evidence_labels(request: HttpRequest) -> HttpResponse:
    labels = [(label.value, EVIDENCE_LABEL_NAMES[label], EVIDENCE_LABEL_MEANINGS[label]) for label in EvidenceLabel]
    return render(request, "library/evidence.html", {"labels": labels})
