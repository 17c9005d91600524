"""The onboarding screens: what each asks, why, and how its form becomes profile answers.

The answers build up in a draft (a dict under the contract's field names) kept
in the session between screens. Every check is parse_profile's: a screen is
fine when the core finds no problem with the fields it asks for.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict

from footcoach.accounts.models import Profile
from footcoach.accounts.plan_page import Said
from footcoach.core.library import Library
from footcoach.core.profile import (
    MAX_MINUTES,
    MIN_MINUTES,
    SUPPORT_AGE,
    FieldProblem,
    ProfileError,
    parse_profile,
)
from footcoach.core.safety import AGE_CONDITION, red_flags
from footcoach.core.schemas import EQUIPMENT_NAMES, EVIDENCE_LABEL_NAMES, Claim, Equipment

LIST_FIELDS = ("goals", "conditions", "equipment")
NUMBER_FIELDS = ("birth_year", "minutes_per_day", "days_per_week")
# Longer than any choice's id, and short enough to keep in the session between screens.
MAX_TEXT = 100
# Django's fields read numbers and text as every other form here does: any
# Unicode decimal digits (not superscripts), no NUL characters.
_NUMBER = forms.IntegerField(required=False)
_TEXT = forms.CharField(required=False, max_length=MAX_TEXT)

FIELD_LABELS = {
    "birth_year": "Year you were born",
    "sex": "Sex",
    "goals": "What you would like",
    "conditions": "Your health",
    "cleared_by_clinician": "Checked by a clinician",
    "equipment": "What you have",
    "minutes_per_day": "Minutes a day",
    "days_per_week": "Days a week",
    "setting": "Where you will do it",
    "start_side": "Which foot first",
}

MINUTES_CHOICES = (5, 10, 15, 20, 30, 45, 60)


@dataclass(frozen=True)
class Step:
    slug: str
    title: str
    fields: tuple[str, ...]

    @property
    def template(self) -> str:
        return f"accounts/start_{self.slug}.html"


STEPS = (
    Step("about", "About you", ("birth_year", "sex")),
    Step("goals", "What would you like from footcoach?", ("goals",)),
    Step("health", "Your health", ("conditions", "cleared_by_clinician")),
    Step("time", "What you have, and your time", (
        "equipment", "minutes_per_day", "days_per_week", "setting", "start_side",
    )),
)


def step_named(slug: str) -> Step | None:
    return next((step for step in STEPS if step.slug == slug), None)


def step_after(step: Step) -> Step | None:
    index = STEPS.index(step)
    return STEPS[index + 1] if index + 1 < len(STEPS) else None


def step_before(step: Step) -> Step | None:
    index = STEPS.index(step)
    return STEPS[index - 1] if index > 0 else None


def step_asking(field: str) -> Step:
    base = field.split("[", 1)[0]
    return next((step for step in STEPS if base in step.fields), STEPS[0])


def read_answers(step: Step, form: QueryDict, library: Library) -> tuple[dict[str, Any], list[FieldProblem]]:
    """The step's answers from its form, under the contract's field names, and
    the problems of any answer that is not text a form can take.

    Every value goes through a Django form field: text with a NUL character,
    or longer than any choice, is refused and left out of the answers. An
    empty answer is left out, so the core reports it as missing. A number that
    is not a whole number stays text (cut short), so the core reports it in the
    words it uses for that field.
    """
    answers: dict[str, Any] = {}
    refused: list[FieldProblem] = []

    def text(name: str, value: str) -> str:
        try:
            return str(_TEXT.clean(value))
        except ValidationError as error:
            refused.append(FieldProblem(name, " ".join(error.messages)))
            return ""

    for name in step.fields:
        if name in LIST_FIELDS:
            values = [text(name, value) for value in form.getlist(name)]
            if not any(problem.field == name for problem in refused):
                answers[name] = [value for value in values if value]
        elif name == "cleared_by_clinician":
            # Clearance is about a red flag: without one ticked it means nothing,
            # and must not silently clear a red flag ticked later.
            conditions = answers.get("conditions", [])
            red_flag = any(c in library.conditions and library.conditions[c].red_flag for c in conditions)
            answers[name] = red_flag and form.get(name) == "yes"
        elif name in NUMBER_FIELDS:
            value = form.get(name, "")
            try:
                number = _NUMBER.clean(value)
            except ValidationError:
                answers[name] = value.strip()[:MAX_TEXT]
            else:
                if number is not None:
                    answers[name] = number
        elif value := text(name, form.get(name, "")):
            answers[name] = value
    return answers, refused


def with_answers(draft: Mapping[str, Any], step: Step, answers: Mapping[str, Any]) -> dict[str, Any]:
    """The draft with this step's fields replaced by its new answers."""
    kept = {name: value for name, value in draft.items() if name not in step.fields}
    return {**kept, **answers}


def see_clinician_first(draft: Mapping[str, Any], library: Library) -> tuple[Said, ...]:
    """Each red flag ticked and not cleared by a clinician, with the condition's
    advice, as the plan shows it.

    The screens after the health questions tell it at once: some of these
    advise getting help today, which cannot wait for the last answer.
    """
    if draft.get("cleared_by_clinician") is True:
        return ()
    conditions = draft.get("conditions")
    ticked = [c for c in conditions if isinstance(c, str)] if isinstance(conditions, list) else []
    return tuple(Said(condition.name, condition.advice, condition.claims) for condition in red_flags(ticked, library))


def problems_of(
    step: Step | None, draft: Mapping[str, Any], library: Library, *, this_year: int,
    refused: Sequence[FieldProblem] = (),
) -> list[FieldProblem]:
    """The core's problems with the fields this step asks for (all fields when step is None).

    `refused` are the form's own problems (from read_answers): they come
    instead of the core's for the same field, which would only say it is missing.
    """
    named = {problem.field.split("[", 1)[0] for problem in refused}
    try:
        parse_profile(draft, library, this_year=this_year)
    except ProfileError as error:
        return [*refused, *(
            _plain(problem)
            for problem in error.problems
            if (step is None or problem.field.split("[", 1)[0] in step.fields)
            and problem.field.split("[", 1)[0] not in named
        )]
    return list(refused)


def _plain(problem: FieldProblem) -> FieldProblem:
    # The core's own messages name what is allowed; only the long list of goal
    # ids reads badly beside the goal tiles.
    field = problem.field
    if field == "goals" and problem.message.startswith("choose at least one goal"):
        return FieldProblem(field, "choose at least one goal from the list")
    if field == "sex":
        # The file's words ("or null") mean nothing beside the tiles.
        return FieldProblem(field, "choose Woman, Man or Prefer not to say")
    return problem


@dataclass(frozen=True)
class Choice:
    """One tile: a checkbox or radio button with its label and why."""

    name: str
    value: str
    label: str
    checked: bool
    why: str = ""
    red_flag: bool = False
    # The labelled evidence for what the why says, shown beside it.
    claims: tuple[Claim, ...] = ()

    @property
    def id(self) -> str:
        return f"{self.name}-{self.value}"

    @property
    def labels(self) -> list[tuple[str, str]]:
        """Each evidence label of the claims once, as (css name, words), to show before they are opened."""
        labels = dict.fromkeys(claim.label for claim in self.claims)
        return [(label.value, EVIDENCE_LABEL_NAMES[label]) for label in labels]


def _after_health(step: Step) -> bool:
    return STEPS.index(step) > next(i for i, s in enumerate(STEPS) if s.slug == "health")


def _chosen(draft: Mapping[str, Any], name: str, value: str) -> bool:
    answer = draft.get(name)
    if isinstance(answer, list):
        return value in answer
    return str(answer) == value


def screen(
    step: Step, draft: Mapping[str, Any], library: Library, problems: list[FieldProblem], *, editing: bool = False
) -> dict[str, Any]:
    """What a step's template shows: its choices, the answers so far, and any problems.

    When editing, the screen changes a saved profile on its own: it saves at
    once instead of leading to the next screen.
    """
    errors: dict[str, list[str]] = {}
    for problem in problems:
        errors.setdefault(problem.field.split("[", 1)[0], []).append(problem.message)
    context: dict[str, Any] = {
        "step": step,
        "number": STEPS.index(step) + 1,
        "count": len(STEPS),
        "back": step_before(step),
        "draft": draft,
        "errors": errors,
        "error_list": [(name, FIELD_LABELS.get(name, name), messages) for name, messages in errors.items()],
        "support_age": SUPPORT_AGE,
        "sources": library.sources,
        "editing": editing,
        # A person changing one screen of a saved profile sees this on the plan instead.
        "see_clinician": () if editing or not _after_health(step) else see_clinician_first(draft, library),
    }
    if step.slug == "about":
        balance = library.conditions[AGE_CONDITION]
        near_support = [rule.reason for rule in balance.rules if "near-support" in rule.changes]
        context["age_why"] = f"From age {SUPPORT_AGE}: {near_support[0]}" if near_support else ""
        # "Prefer not to say" sends no value, so the profile keeps none; it is
        # not ticked for the person, since not answering says the same.
        context["sexes"] = [
            *(Choice("sex", value, label, _chosen(draft, "sex", value)) for value, label in Profile.Sex.choices),
            Choice("sex", "", "Prefer not to say", False),
        ]
    elif step.slug == "goals":
        context["goals"] = [
            Choice("goals", goal.id, goal.name, _chosen(draft, "goals", goal.id), why=goal.why, claims=goal.claims)
            for goal in library.goals.values()
        ]
    elif step.slug == "health":
        conditions = [
            Choice("conditions", c.id, c.question, _chosen(draft, "conditions", c.id), why=c.why_we_ask,
                   red_flag=c.red_flag, claims=c.claims)
            for c in library.conditions.values()
        ]
        context["red_flags"] = [c for c in conditions if c.red_flag]
        context["conditions"] = [c for c in conditions if not c.red_flag]
        context["cleared"] = bool(draft.get("cleared_by_clinician"))
    elif step.slug == "time":
        minutes = set(MINUTES_CHOICES)
        saved = draft.get("minutes_per_day")
        # A profile from the command line may hold any number of minutes; keep it on offer.
        if isinstance(saved, int) and not isinstance(saved, bool) and MIN_MINUTES <= saved <= MAX_MINUTES:
            minutes.add(saved)
        context.update(
            equipment=[
                Choice("equipment", item.value, EQUIPMENT_NAMES[item], _chosen(draft, "equipment", item.value))
                for item in Equipment
            ],
            minutes=[
                Choice("minutes_per_day", str(m), f"{m} minutes", _chosen(draft, "minutes_per_day", str(m)))
                for m in sorted(minutes)
            ],
            days=[
                Choice("days_per_week", str(d), f"{d} {'day' if d == 1 else 'days'}",
                       _chosen(draft, "days_per_week", str(d)))
                for d in range(1, 8)
            ],
            settings=[
                Choice("setting", value, label, _chosen(draft, "setting", value))
                for value, label in Profile.Setting.choices
            ],
            sides=[
                Choice("start_side", value, label, _chosen(draft, "start_side", value))
                for value, label in Profile.Side.choices
            ],
            start_side_why=[
                (program.name, program.start_side.why)
                for program in library.programs.values()
                if program.start_side is not None and program.start_side.default == "easier"
            ],
        )
    return context
