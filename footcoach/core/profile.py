"""Who a person is, what they want and what they have: the planner's input.

The field names are a contract: people keep profile files (JSON) for the
command line with exactly these keys.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import Field, StrictBool, StrictInt, ValidationError

from footcoach.core.library import Library
from footcoach.core.schemas import Equipment, Frozen, GoalId

MIN_MINUTES, MAX_MINUTES = 3, 90
EARLIEST_BIRTH_YEAR = 1900
# footcoach's exercises and norms are for people this old and older.
YOUNGEST_AGE = 10
# Age at which standing work is always offered next to a support (see safety).
SUPPORT_AGE = 65


class Setting(StrEnum):
    HOME = "home"
    DESK = "desk"
    BEFORE_WORKOUT = "before-workout"


class Profile(Frozen):
    # Numbers and yes/no answers must be real JSON numbers and booleans: a
    # profile file saying "cleared_by_clinician": "no" must not count as cleared.
    birth_year: Annotated[StrictInt, Field(ge=EARLIEST_BIRTH_YEAR, le=2100)]
    goals: Annotated[tuple[GoalId, ...], Field(min_length=1)]
    conditions: tuple[str, ...]
    equipment: tuple[Equipment, ...]
    minutes_per_day: Annotated[StrictInt, Field(ge=MIN_MINUTES, le=MAX_MINUTES)]
    days_per_week: Annotated[StrictInt, Field(ge=1, le=7)]
    setting: Setting
    start_side: Literal["left", "right"]
    cleared_by_clinician: StrictBool
    # Optional, and only to pick the published figure for men or for women
    # where a self-test's norms give one for each; profile files without it stay valid.
    sex: Literal["female", "male"] | None = None

    def age_in(self, year: int) -> int:
        return year - self.birth_year


PROFILE_FIELDS = tuple(Profile.model_fields)
LIST_FIELDS = ("goals", "conditions", "equipment")


@dataclass(frozen=True)
class FieldProblem:
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


class ProfileError(Exception):
    def __init__(self, problems: list[FieldProblem]) -> None:
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems))


def _allowed(field: str, library: Library) -> str:
    if field == "goals":
        return ", ".join(g.value for g in GoalId)
    if field == "equipment":
        return ", ".join(e.value for e in Equipment)
    if field == "conditions":
        return ", ".join(library.conditions)
    if field == "setting":
        return ", ".join(s.value for s in Setting)
    if field == "start_side":
        return "left, right"
    if field == "sex":
        return "female, male, or null to leave it out"
    return ""


# A message names a wrong value by its start: a 5,000-digit number or a page
# of text would bury the words that say what is allowed.
SHOWN_LENGTH = 40


def _shown(value: Any) -> str:
    """A value as it is written in a profile file (JSON), e.g. true or "15", cut short if long."""
    try:
        written = json.dumps(value, ensure_ascii=False)
    except ValueError:
        # Python writes out no integer of more than 4,300 digits.
        return "a number with too many digits to write out"
    except RecursionError:
        return "a list or object nested too deeply to write out"
    except TypeError:
        # Values from a form or another caller need not be JSON types.
        written = repr(value)
    # Kept on one line and readable: any character that is not printable (a line
    # separator, a control or a lone surrogate) is written as its JSON escape.
    written = "".join(char if char.isprintable() else json.dumps(char)[1:-1] for char in written)
    return written if len(written) <= SHOWN_LENGTH else f"{written[:SHOWN_LENGTH]}…"


def _field_name(part: Any) -> str:
    """A field's name as written in the file; an odd one (a line break, a page of text) written as JSON."""
    name = str(part)
    return name if name.isprintable() and len(name) <= SHOWN_LENGTH else _shown(name)


def _years_allowed(this_year: int) -> str:
    return f"give the year you were born, from {EARLIEST_BIRTH_YEAR} to {this_year - YOUNGEST_AGE}"


def _message(error: Mapping[str, Any], field: str, library: Library, this_year: int) -> str:
    kind = error["type"]
    if kind == "missing":
        return "this field is required"
    if kind == "extra_forbidden":
        return f"unknown field; the fields are {', '.join(PROFILE_FIELDS)}"
    if kind in {"enum", "literal_error"}:
        return f"{_shown(error.get('input'))} is not allowed; choose from {_allowed(field, library)}"
    if field == "minutes_per_day" and kind in {"greater_than_equal", "less_than_equal"}:
        return f"{_shown(error.get('input'))} is out of range; give {MIN_MINUTES} to {MAX_MINUTES} minutes"
    if field == "days_per_week" and kind in {"greater_than_equal", "less_than_equal"}:
        return f"{_shown(error.get('input'))} is out of range; give 1 to 7 days"
    if kind == "bool_type":
        return f"{_shown(error.get('input'))} is not allowed; write true or false (without quotes)"
    if field == "birth_year" and kind in {"int_parsing", "int_type", "greater_than_equal", "less_than_equal",
                                          "int_from_float"}:
        return f"{_shown(error.get('input'))} is not a year we can use; {_years_allowed(this_year)}"
    if field == "days_per_week" and kind in {"int_parsing", "int_type", "int_from_float"}:
        return f"{_shown(error.get('input'))} is not a number we can use; give 1 to 7 days"
    if field == "minutes_per_day" and kind in {"int_parsing", "int_type", "int_from_float"}:
        return f"{_shown(error.get('input'))} is not a number we can use; give {MIN_MINUTES} to {MAX_MINUTES} minutes"
    if field == "goals" and kind == "too_short":
        return f"choose at least one goal from {_allowed(field, library)}"
    if field in LIST_FIELDS and kind in {"tuple_type", "list_type"}:
        example = _allowed(field, library).split(", ")[0]
        return (f"{_shown(error.get('input'))} is not a list; write one in square brackets, such as [] or "
                f'["{example}"], choosing from {_allowed(field, library)}')
    return str(error["msg"]).removeprefix("Value error, ")


def parse_profile(data: Any, library: Library, *, this_year: int) -> Profile:
    """Validate profile data (parsed JSON or form values) against the library.

    Raises ProfileError listing every problem, each naming its field and what
    is allowed.
    """
    if not isinstance(data, Mapping):
        raise ProfileError([FieldProblem("profile", "must be a JSON object with the profile fields")])
    problems: list[FieldProblem] = []
    try:
        profile = Profile.model_validate(dict(data))
    except ValidationError as exc:
        for error in exc.errors():
            loc = [_field_name(part) for part in error["loc"]]
            field = loc[0] if loc else "profile"
            where = field + "".join(f"[{part}]" for part in loc[1:])
            problems.append(FieldProblem(where, _message(error, field, library, this_year)))
        profile = None
    # A bad goal id already says what is allowed; "choose at least one" on top would repeat it.
    if any(p.field.startswith("goals[") for p in problems):
        problems = [p for p in problems if p.field != "goals"]
    conditions = data.get("conditions")
    if isinstance(conditions, list | tuple):
        # Each condition is checked here against the library, so the schema's
        # own word on a condition that is not text would only repeat it.
        problems = [p for p in problems if not p.field.startswith("conditions[")]
        for index, condition in enumerate(conditions):
            if not isinstance(condition, str) or condition not in library.conditions:
                problems.append(FieldProblem(
                    f"conditions[{index}]",
                    f"{_shown(condition)} is not a condition footcoach knows; "
                    f"choose from {_allowed('conditions', library)}",
                ))
    birth_year = data.get("birth_year")
    # Only a year the contract takes can be too recent: a year out of its range
    # already has its one message, which says the years allowed.
    already_wrong = any(p.field == "birth_year" for p in problems)
    if isinstance(birth_year, int) and not already_wrong and birth_year > this_year - YOUNGEST_AGE:
        problems.append(FieldProblem(
            "birth_year",
            f"{birth_year} is too recent: footcoach is for people aged {YOUNGEST_AGE} and over; "
            f"{_years_allowed(this_year)}",
        ))
    if problems or profile is None:
        raise ProfileError(problems)
    return profile
