"""Safety screening: from a person's profile, what may be offered and how.

The rules are data in the condition files; this module only applies them.
Each exercise is either left out, with the reasons, or offered with the
changes that make it safer for this person, each with its reason. Nothing
here names a cause of anyone's symptoms.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from footcoach.core.library import Library
from footcoach.core.profile import SUPPORT_AGE, Profile
from footcoach.core.schemas import (
    EQUIPMENT_NAMES,
    Condition,
    Equipment,
    Exercise,
    Position,
    Program,
    Rule,
    Selector,
    Tag,
)

BALLS = (Equipment.SPIKY_BALL, Equipment.HARD_BALL, Equipment.SOFT_BALL)

CHANGE_TEXT = {
    "seated": "Seated",
    "soft-ball": "Soft ball",
    "light-pressure": "Light pressure",
    "gentle-pressure": "Gentle pressure",
    "near-support": "Next to a wall or chair",
    "hand-on-support": "One hand on a wall or chair",
    "skin-check": "Check your skin afterwards",
    "shoes-on": "Keep your shoes on",
}

# The condition whose rules also apply to everyone from SUPPORT_AGE on.
AGE_CONDITION = "poor-balance"


@dataclass(frozen=True)
class Modification:
    text: str
    reason: str

    def __str__(self) -> str:
        return f"{self.text}: {self.reason}"


@dataclass(frozen=True)
class Verdict:
    """What happens to one exercise for one person."""

    exercise: str
    excluded: bool = False
    reasons: tuple[str, ...] = ()
    modifications: tuple[Modification, ...] = ()
    # The equipment the person uses, after any stand-in (a soft ball for a spiky one).
    equipment: tuple[Equipment, ...] = ()


@dataclass(frozen=True)
class ClinicianFirst:
    condition: str
    reason: str


@dataclass(frozen=True)
class Screening:
    see_clinician: tuple[ClinicianFirst, ...]
    # True while a red flag has not been cleared by a clinician: no plan at all.
    blocked: bool
    verdicts: Mapping[str, Verdict]
    advice: tuple[tuple[str, str], ...] = field(default_factory=tuple)

    def allowed(self, exercise_id: str) -> bool:
        return not self.verdicts[exercise_id].excluded

    def too_little_left(self, program: Program) -> bool:
        """A program is a whole: when fewer than a third of its exercise steps
        remain (say, only "stand and notice" of the ball release), what is left
        is not the method any more, so it is not offered."""
        exercises = [item.exercise for item in program.items if item.exercise is not None]
        return 3 * sum(1 for exercise in exercises if self.allowed(exercise)) < len(exercises)


def selects(selector: Selector, exercise: Exercise, library: Library) -> bool:
    if selector.all_exercises or exercise.id in selector.exercises:
        return True
    if set(selector.tags) & set(exercise.tags) or exercise.position in selector.positions:
        return True
    if set(selector.equipment) & set(exercise.equipment):
        return True
    return any(program.id in selector.programs for program in library.programs_with(exercise))


def _conditions(profile: Profile, library: Library, this_year: int) -> list[tuple[Condition, str]]:
    """The person's conditions, each with a prefix for its reasons."""
    found = [(library.conditions[c], "") for c in profile.conditions]
    if profile.age_in(this_year) >= SUPPORT_AGE and AGE_CONDITION not in profile.conditions:
        found.append((library.conditions[AGE_CONDITION], f"From age {SUPPORT_AGE}: "))
    return found


@dataclass
class _Draft:
    """A verdict while the rules are being applied."""

    exercise: Exercise
    excluded: list[str] = field(default_factory=list)
    # Each rule's changes stay together with the rule's reason, so the person
    # reads one reason for "seated, soft ball, light pressure", not three.
    groups: list[tuple[str, list[str]]] = field(default_factory=list)
    banned: dict[Equipment, str] = field(default_factory=dict)  # equipment -> reason

    def apply(self, rule: Rule, prefix: str, selected: bool) -> None:
        """Apply a rule; `selected` says whether its selector picks this exercise.

        A rule that excludes a piece of equipment bans it for every exercise,
        including those that would otherwise swap it in as a stand-in.
        """
        reason = prefix + rule.reason
        by_equipment_only = _equipment_only(rule.applies_to)
        if not selected and not by_equipment_only:
            return
        changes: list[str] = []
        for change in rule.changes:
            if change == "exclude" and by_equipment_only:
                # Excluding a piece of equipment leaves the exercise open to a safe stand-in.
                for item in rule.applies_to.equipment:
                    self.banned.setdefault(item, reason)
            elif change == "exclude":
                self.excluded.append(reason)
            else:
                changes.append(change)
        if changes and selected:
            self.groups.append((reason, changes))

    def reason_for(self, change: str) -> str | None:
        return next((reason for reason, changes in self.groups if change in changes), None)

    def finish(self, owned: Iterable[Equipment]) -> Verdict:
        exercise = self.exercise
        have = set(owned)
        reasons = list(self.excluded)
        seated = self.reason_for("seated")
        if seated and exercise.position is Position.STANDING and not reasons:
            reasons.append(f"It can only be done standing. {seated}")
        soft_reason = self.reason_for("soft-ball")
        used: list[Equipment] = []
        modifications: list[Modification] = []
        for item in exercise.equipment:
            options = [item, *exercise.substitutes.get(item, ())]
            if soft_reason and item in BALLS:
                options = [o for o in options if o is Equipment.SOFT_BALL]
            usable = [o for o in options if o in have and o not in self.banned]
            if not usable:
                missing = _missing(item, options, self.banned, have)
                # Only the soft ball will do because of a rule: say the rule's why too.
                narrowed = soft_reason and item in BALLS and item not in self.banned
                reasons.append(f"{soft_reason} {missing}" if narrowed else missing)
                continue
            used.append(usable[0])
            if usable[0] is not item:
                why = self.banned.get(item) or soft_reason or f"You have no {EQUIPMENT_NAMES[item].lower()}."
                modifications.append(
                    Modification(f"{EQUIPMENT_NAMES[usable[0]]} instead of the {EQUIPMENT_NAMES[item].lower()}", why)
                )
        if reasons:
            return Verdict(exercise.id, excluded=True, reasons=tuple(dict.fromkeys(reasons)))
        sitting = exercise.position is Position.SEATED or (seated is not None)
        shown: set[str] = set()
        for reason, changes in self.groups:
            # Two rules asking for the same change show it once, with the first reason.
            texts = [CHANGE_TEXT[c] for c in changes if self._applies(c, sitting) and c not in shown]
            shown.update(changes)
            if texts:
                text = ", ".join([texts[0], *(t[0].lower() + t[1:] for t in texts[1:])])
                modifications.append(Modification(text, reason))
        return Verdict(exercise.id, modifications=tuple(modifications), equipment=tuple(used))

    def _applies(self, change: str, sitting: bool) -> bool:
        if change == "seated":
            return self.exercise.position is not Position.SEATED
        if change in {"near-support", "hand-on-support"}:
            return not sitting  # a support matters only when standing
        if change == "shoes-on":
            return Tag.BAREFOOT in self.exercise.tags
        if change == "soft-ball":
            return False  # shown as the equipment stand-in instead
        return True


def _equipment_only(selector: Selector) -> bool:
    return bool(selector.equipment) and not (
        selector.tags or selector.exercises or selector.programs or selector.positions or selector.all_exercises
    )


def _missing(item: Equipment, options: list[Equipment], banned: Mapping[Equipment, str], have: set[Equipment]) -> str:
    names = " or ".join(EQUIPMENT_NAMES[o].lower() for o in options)
    if item in banned and not any(o in have and o not in banned for o in options):
        if any(o in have for o in options):
            return banned[item]
        return f"{banned[item]} It needs a {names}, which you have not listed."
    return f"It needs a {names}, which you have not listed."


def red_flags(condition_ids: Iterable[str], library: Library) -> tuple[Condition, ...]:
    """The red flags among these condition ids, once each, in their order; ids
    the library does not know are passed over (the profile names them)."""
    known = [library.conditions[c] for c in dict.fromkeys(condition_ids) if c in library.conditions]
    return tuple(condition for condition in known if condition.red_flag)


def screen(profile: Profile, library: Library, *, this_year: int) -> Screening:
    """Apply every rule of the person's conditions to every exercise."""
    conditions = _conditions(profile, library, this_year)
    # Once a clinician has cleared the person, the advice to get help first
    # gives way to what still holds.
    see_clinician = tuple(
        ClinicianFirst(condition.id, (profile.cleared_by_clinician and condition.after_clearance) or condition.advice)
        for condition in red_flags(profile.conditions, library)
    )
    drafts = {exercise_id: _Draft(exercise) for exercise_id, exercise in library.exercises.items()}
    for condition, prefix in conditions:
        for rule in condition.rules:
            for draft in drafts.values():
                draft.apply(rule, prefix, selects(rule.applies_to, draft.exercise, library))
    verdicts = {exercise_id: draft.finish(profile.equipment) for exercise_id, draft in drafts.items()}
    advice = tuple((condition.id, condition.advice) for condition, _ in conditions if not condition.red_flag)
    return Screening(
        see_clinician=see_clinician,
        blocked=bool(see_clinician) and not profile.cleared_by_clinician,
        verdicts=verdicts,
        advice=advice,
    )
