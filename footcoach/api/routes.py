from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from ninja import Query, Schema
from ninja.decorators import decorate_view
from ninja.errors import HttpError

from footcoach.api.coach import router as coach_router
from footcoach.api.errors import JsonErrorsAPI
from footcoach.api.logs import router as logs_router
from footcoach.api.progress import router as progress_router
from footcoach.api.schemas import ConditionOut, ErrorOut, ExerciseOut, ProgramOut, SelfTestOut
from footcoach.core.dose import exercise_minutes, program_minutes
from footcoach.core.library import Library
from footcoach.core.schemas import Exercise, Program
from footcoach.core.search import filter_exercises, parse_filter
from footcoach.library.caching import content_answer
from footcoach.library.content import get_library

api = JsonErrorsAPI(
    title="footcoach API",
    version="1",
    description="The foot exercise library, and a person's own session logs (sign in, or send a personal API token).",
    docs_url="/docs",
)
api.add_router("/logs", logs_router)
api.add_router("", progress_router)
api.add_router("/coach", coach_router)


class ExerciseQuery(Schema):
    q: str = ""
    region: str = ""
    position: str = ""
    equipment: str = ""
    minutes: str = ""
    method: str = ""


def _exercise_out(exercise: Exercise, library: Library) -> ExerciseOut:
    method = library.method_of(exercise)
    return ExerciseOut(
        **exercise.model_dump(),
        minutes=exercise_minutes(exercise),
        method_name=method.name,
        credit=method.credit,
        url=reverse("exercise", args=[exercise.id]),
    )


def _program_out(program: Program, library: Library) -> ProgramOut:
    method = library.method_of(program)
    return ProgramOut(
        **program.model_dump(),
        minutes=program_minutes(program, library),
        method_name=method.name,
        credit=method.credit,
        url=reverse("program", args=[program.id]),
    )


def _not_found(kind: str, item_id: str) -> HttpError:
    return HttpError(404, f"No {kind} has the id {item_id!r}.")


@api.get("/exercises", response={200: list[ExerciseOut], 400: ErrorOut}, tags=["library"])
@decorate_view(content_answer)
def list_exercises(request: HttpRequest, filters: Query[ExerciseQuery]) -> object:
    """All exercises, or those matching the filters (region, position, equipment, minutes, q)."""
    library = get_library()
    wanted, errors = parse_filter({k: v for k, v in filters.dict().items() if v})
    if errors:
        return api.create_response(request, {"detail": errors}, status=400)
    return [_exercise_out(e, library) for e in filter_exercises(library, wanted)]


@api.get("/exercises/{exercise_id}", response={200: ExerciseOut, 404: ErrorOut}, tags=["library"])
@decorate_view(content_answer)
def get_exercise(request: HttpRequest, exercise_id: str) -> ExerciseOut:
    library = get_library()
    if exercise_id not in library.exercises:
        raise _not_found("exercise", exercise_id)
    return _exercise_out(library.exercises[exercise_id], library)


@api.get("/programs", response=list[ProgramOut], tags=["library"])
@decorate_view(content_answer)
def list_programs(request: HttpRequest) -> list[ProgramOut]:
    library = get_library()
    return [_program_out(p, library) for p in library.programs.values()]


@api.get("/programs/{program_id}", response={200: ProgramOut, 404: ErrorOut}, tags=["library"])
@decorate_view(content_answer)
def get_program(request: HttpRequest, program_id: str) -> ProgramOut:
    library = get_library()
    if program_id not in library.programs:
        raise _not_found("program", program_id)
    return _program_out(library.programs[program_id], library)


@api.get("/tests", response=list[SelfTestOut], tags=["library"])
@decorate_view(content_answer)
def list_tests(request: HttpRequest) -> list[SelfTestOut]:
    return [
        SelfTestOut(**t.model_dump(), url=reverse("test", args=[t.id])) for t in get_library().tests.values()
    ]


@api.get("/conditions", response=list[ConditionOut], tags=["library"])
@decorate_view(content_answer)
def list_conditions(request: HttpRequest) -> list[ConditionOut]:
    return [ConditionOut(**c.model_dump()) for c in get_library().conditions.values()]
