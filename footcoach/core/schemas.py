"""The shapes of the content files: what an exercise, a program, a self-test,
a condition, a method, a source and a foot map must hold.

Every model is frozen and refuses unknown fields, so a typo in a content file
is an error rather than a silently ignored key.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=60)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class EvidenceLabel(StrEnum):
    GUIDELINE = "guideline-recommended"
    TRIAL = "trial-evidence"
    NORM = "measurement-norm"
    TEACHER = "teacher-practice"
    BELIEF = "traditional-belief"


EVIDENCE_LABEL_NAMES: dict[EvidenceLabel, str] = {
    EvidenceLabel.GUIDELINE: "Guideline-recommended",
    EvidenceLabel.TRIAL: "Trial evidence",
    EvidenceLabel.NORM: "Measurement norm",
    EvidenceLabel.TEACHER: "Expert or teacher practice",
    EvidenceLabel.BELIEF: "Traditional belief, not evidence",
}

EVIDENCE_LABEL_MEANINGS: dict[EvidenceLabel, str] = {
    EvidenceLabel.GUIDELINE: "A clinical practice guideline recommends it; we show the grade.",
    EvidenceLabel.TRIAL: "Randomised trials or a review of them support this specific claim. We say how strong "
    "the support is and whether other trials disagree.",
    EvidenceLabel.NORM: "Reference values, or how reliable a measurement is; not a claim that anything helps.",
    EvidenceLabel.TEACHER: "What teachers, therapists or a panel of experts do or advise, with a sensible reason, "
    "but not tested directly in trials. footcoach's own rules of caution carry this label too.",
    EvidenceLabel.BELIEF: "Comes from a tradition such as reflexology. There is no good evidence for it, and we "
    "never present it as an effect.",
}


class Position(StrEnum):
    SEATED = "seated"
    STANDING = "standing"
    EITHER = "either"


class Equipment(StrEnum):
    SPIKY_BALL = "spiky-ball"
    HARD_BALL = "hard-ball"
    SOFT_BALL = "soft-ball"
    TOWEL = "towel"
    TOE_SEPARATORS = "toe-separators"
    WALL_OR_CHAIR = "wall-or-chair"


EQUIPMENT_NAMES: dict[Equipment, str] = {
    Equipment.SPIKY_BALL: "Spiky ball",
    Equipment.HARD_BALL: "Hard ball",
    Equipment.SOFT_BALL: "Soft ball",
    Equipment.TOWEL: "Towel",
    Equipment.TOE_SEPARATORS: "Toe separators",
    Equipment.WALL_OR_CHAIR: "Wall or chair",
}


class Region(StrEnum):
    TOES = "toes"
    FOREFOOT = "forefoot"
    ARCH = "arch"
    HEEL = "heel"
    WHOLE_SOLE = "whole-sole"
    ANKLE = "ankle"
    LOWER_LEG = "lower-leg"


REGION_NAMES: dict[Region, str] = {
    Region.TOES: "Toes",
    Region.FOREFOOT: "Ball of the foot",
    Region.ARCH: "Arch",
    Region.HEEL: "Heel",
    Region.WHOLE_SOLE: "Whole sole",
    Region.ANKLE: "Ankle",
    Region.LOWER_LEG: "Calf and shin",
}


class Tag(StrEnum):
    """What kind of load an exercise puts on the body. Safety rules in the
    condition files select exercises by these tags."""

    BALL_WORK = "ball-work"
    STANDING_BALL_WORK = "standing-ball-work"
    BALANCE = "balance"
    SINGLE_LEG = "single-leg"
    BAREFOOT = "barefoot"
    TOE_STRENGTH = "toe-strength"
    MOBILITY = "mobility"
    SELF_MASSAGE = "self-massage"
    CALF_LOAD = "calf-load"
    WALKING = "walking"


class Sides(StrEnum):
    BOTH = "both"  # both feet work at the same time
    EACH = "each"  # the full dose on one foot, then on the other
    ALTERNATING = "alternating"  # left, right, left, ... within the dose
    ONE = "one"  # one foot; the program says which (first or second side)


class DoseOrigin(StrEnum):
    TEACHER = "teacher"  # the dose the teacher gives in the method
    OUR_DEFAULT = "our-default"  # the method gives none; this is ours


class Claim(Frozen):
    """One statement about what something does, with how strong its support is."""

    text: Text
    label: EvidenceLabel
    source: Slug
    # A guideline's grade of recommendation (e.g. "A"), for guideline claims only.
    grade: Annotated[str, StringConstraints(pattern=r"^[A-F]$")] | None = None
    # The size of the evidence behind a trial claim, e.g. "meta-analysis of 26 trials".
    strength: ShortText | None = None

    @model_validator(mode="after")
    def _grade_only_for_guidelines(self) -> Claim:
        if self.grade is not None and self.label is not EvidenceLabel.GUIDELINE:
            raise ValueError("a grade belongs to guideline-recommended claims; use strength for trials")
        return self


class Dose(Frozen):
    reps: Annotated[int, Field(ge=1, le=100)] | None = None
    seconds: Annotated[int, Field(ge=1, le=600)] | None = None
    sets: Annotated[int, Field(ge=1, le=10)] = 1
    sides: Sides
    origin: DoseOrigin
    note: ShortText | None = None

    @model_validator(mode="after")
    def _needs_reps_or_seconds(self) -> Dose:
        if self.reps is None and self.seconds is None:
            raise ValueError("a dose needs reps, seconds, or both")
        return self


class PictureView(StrEnum):
    SOLE = "sole"
    SIDE = "side"
    TOP = "top"


# The named places a picture may highlight or point to, per view. core/foot.py
# holds their geometry; a test checks the two stay in step.
VIEW_PLACES: dict[PictureView, tuple[str, ...]] = {
    PictureView.SOLE: (
        "heel", "arch-inner", "arch-middle", "arch-outer", "ball",
        "big-toe", "little-toes", "toes", "outer-edge", "inner-edge",
    ),
    PictureView.SIDE: (
        "heel", "arch", "ball", "toes", "ankle", "shin", "calf", "top-of-foot",
    ),
    PictureView.TOP: (
        "big-toe", "little-toes", "toes", "top-of-foot", "ankle", "inner-edge", "outer-edge",
    ),
}

# What the body does during an exercise: a still hold, a movement, rolling on
# a ball, or counted repetitions.
Action = Literal["hold", "move", "roll", "count"]
Motion = Literal["roll", "lift", "press", "rock", "spread", "slide", "point", "flex"]
Prop = Literal["spiky-ball", "hard-ball", "soft-ball", "towel", "toe-separators", "wall", "chair"]
# A whole-body figure seen from the side, drawn beside the foot (or alone when
# the picture has no view) so the picture shows how the person stands or sits.
Pose = Literal[
    "standing", "forward-fold", "seated", "seated-reaching", "seated-floor", "walking", "footwork",
    "wall-lunge", "wall-lunge-bent-knee", "heel-raise", "seated-holding-foot",
]
# What a figure drawn alone may highlight; the figure module draws them.
FIGURE_PLACES: tuple[str, ...] = ("back", "back-of-legs", "feet")


class Arrow(Frozen):
    start: Slug
    end: Slug
    motion: Motion


class Picture(Frozen):
    """A view of the foot, a figure in a pose, or both: the figure beside a close-up of the foot."""

    view: PictureView | None = None
    pose: Pose | None = None
    zones: tuple[Slug, ...] = ()
    arrows: tuple[Arrow, ...] = ()
    props: tuple[Prop, ...] = ()
    prop_at: Slug | None = None
    heel_lifted: bool = False
    toes_lifted: bool = False
    alt: Text

    @model_validator(mode="after")
    def _places_exist_in_view(self) -> Picture:
        if self.view is None:
            return self._figure_alone()
        allowed = VIEW_PLACES[self.view]
        named = [*self.zones, *(a.start for a in self.arrows), *(a.end for a in self.arrows)]
        if self.prop_at is not None:
            named.append(self.prop_at)
        unknown = sorted({place for place in named if place not in allowed})
        if unknown:
            raise ValueError(
                f"{', '.join(unknown)} not a place in the {self.view.value} view; "
                f"allowed: {', '.join(allowed)}"
            )
        return self

    def _figure_alone(self) -> Picture:
        if self.pose is None:
            raise ValueError("a picture needs a view of the foot, a pose, or both")
        # Arrows, props and lifts belong to a view of the foot; a figure alone has none.
        if self.arrows or self.props or self.prop_at or self.heel_lifted or self.toes_lifted:
            raise ValueError("arrows, props, prop_at and lifts need a view of the foot; add a view")
        unknown = sorted(set(self.zones) - set(FIGURE_PLACES))
        if unknown:
            raise ValueError(
                f"{', '.join(unknown)} not a place of a figure drawn alone; allowed: {', '.join(FIGURE_PLACES)}"
            )
        return self


class Source(Frozen):
    id: Slug
    citation: Text
    url: str | None = None
    checked: Literal["primary", "secondary", "seed", "own"]


class Method(Frozen):
    id: Slug
    name: ShortText
    teacher: ShortText
    organisation: ShortText | None = None
    credit: Text
    source: Slug
    summary: Text
    frequency: ShortText


class Exercise(Frozen):
    id: Slug
    name: ShortText
    method: Slug
    region: Region
    position: Position
    equipment: tuple[Equipment, ...] = ()
    # Equipment that can stand in for a listed item, e.g. a soft ball for a spiky one.
    substitutes: dict[Equipment, tuple[Equipment, ...]] = {}
    tags: tuple[Tag, ...] = ()
    summary: ShortText
    purpose: Text
    steps: Annotated[tuple[Text, ...], Field(min_length=1)]
    dose: Dose
    cues: Annotated[tuple[ShortText, ...], Field(min_length=1)]
    cautions: tuple[Text, ...] = ()
    claims: Annotated[tuple[Claim, ...], Field(min_length=1)]
    picture: Picture
    # What the body does while the player runs the step, shown as its label.
    # Left out, a counted dose counts and a timed one holds.
    action: Action | None = None
    # Seconds to get into place before the work starts: the phone put down,
    # the ball placed, a hand on the wall.
    get_ready: Annotated[int, Field(ge=1, le=60)] | None = None
    # Seconds one repetition's movement takes at the pace the exercise asks
    # for (a slow heel raise is not a toe lift); a hold in the dose is added.
    rep_seconds: Annotated[float, Field(gt=0, le=30)] | None = None
    # What to have at hand besides the equipment, e.g. a wall or chair to hold.
    needs: tuple[ShortText, ...] = ()

    @model_validator(mode="after")
    def _substitutes_replace_listed_items(self) -> Exercise:
        stray = [item.value for item in self.substitutes if item not in self.equipment]
        if stray:
            raise ValueError(
                f"substitutes given for {', '.join(stray)}, which is not in equipment"
            )
        return self


class ProgramItem(Frozen):
    exercise: Slug | None = None
    test: Slug | None = None
    # For a one-sided exercise or test: the first foot or the second one. Which
    # foot is "first" is the person's choice (see Program.start_side).
    side: Literal["first", "second"] | None = None
    moment: Literal["before", "between", "after"] | None = None
    dose: Dose | None = None
    note: ShortText | None = None

    @model_validator(mode="after")
    def _exactly_one_target(self) -> ProgramItem:
        if (self.exercise is None) == (self.test is None):
            raise ValueError("each item names exactly one of exercise or test")
        return self


class Frequency(Frozen):
    min_per_week: Annotated[int, Field(ge=1, le=7)]
    daily: bool = False
    before_activity: bool = False
    text: ShortText


class StartSide(Frozen):
    default: Literal["easier", "tighter"]
    why: Text


class Program(Frozen):
    id: Slug
    name: ShortText
    method: Slug
    summary: ShortText
    description: Text
    frequency: Frequency
    in_order: bool = True
    start_side: StartSide | None = None
    items: Annotated[tuple[ProgramItem, ...], Field(min_length=1)]
    claims: Annotated[tuple[Claim, ...], Field(min_length=1)]
    foot_map: Slug | None = None


class Norm(Frozen):
    age_min: Annotated[int, Field(ge=0, le=120)]
    age_max: Annotated[int, Field(ge=0, le=120)]
    sex: Literal["any", "female", "male"] = "any"
    value: float
    spread: float | None = None
    statistic: ShortText
    source: Slug

    @model_validator(mode="after")
    def _ages_in_order(self) -> Norm:
        if self.age_min > self.age_max:
            raise ValueError("age_min is above age_max")
        return self


class MeaningfulChange(Frozen):
    value: float
    text: ShortText
    source: Slug


class ResultRange(Frozen):
    """The values a result may take: from min to max in steps of step."""

    min: float
    max: float
    step: Annotated[float, Field(gt=0)]

    @model_validator(mode="after")
    def _min_below_max(self) -> ResultRange:
        if not self.min < self.max:
            raise ValueError("min must be below max")
        return self


class SideDifferenceFigure(Frozen):
    """The smallest gap between the two feet that is beyond measuring error."""

    value: Annotated[float, Field(gt=0)]
    text: ShortText
    source: Slug


# Units whose results are whole numbers, with the range each must keep.
WHOLE_UNITS: dict[str, tuple[float, float] | None] = {
    "count": None,
    "score-0-10": (0, 10),
    "pass-fail": (0, 1),
}


# Each unit as a result is told ("Result in cm") and as it follows a number ("12 cm").
UNIT_WORDS: dict[str, tuple[str, str]] = {
    "cm": ("in cm", "cm"),
    "seconds": ("in seconds", "seconds"),
    "count": ("as a count", "times"),
    "score-0-10": ("as a score from 0 to 10", "out of 10"),
    "pass-fail": ("as pass or fail", ""),
}


class PhoneMeasure(Frozen):
    """How the phone's own motion sensors can take a self-test (motion.js):
    `stance` times a single-leg stance, `heel-raises` counts rises."""

    measure: Literal["stance", "heel-raises"]
    # Where the phone goes and why, shown and spoken before the measure starts.
    hold: Text


# The unit each way of measuring gives.
PHONE_UNITS = {"stance": "seconds", "heel-raises": "count"}


class SelfTest(Frozen):
    id: Slug
    name: ShortText
    summary: ShortText
    purpose: Text
    procedure: Annotated[tuple[Text, ...], Field(min_length=1)]
    unit: Literal["cm", "seconds", "count", "score-0-10", "pass-fail"]
    per_side: bool
    higher_is_better: bool
    position: Position
    equipment: tuple[Equipment, ...] = ()
    cautions: tuple[Text, ...] = ()
    norms: tuple[Norm, ...] = ()
    norms_note: Text
    meaningful_change: MeaningfulChange | None = None
    range: ResultRange
    # Only for a test taken per foot, and only where a source gives the figure.
    side_difference: SideDifferenceFigure | None = None
    claims: Annotated[tuple[Claim, ...], Field(min_length=1)]
    picture: Picture
    # What to have at hand besides the equipment, e.g. a ruler to read the reach.
    needs: tuple[ShortText, ...] = ()
    # Set when the phone can measure this test by itself.
    phone: PhoneMeasure | None = None

    @model_validator(mode="after")
    def _range_fits_unit(self) -> SelfTest:
        if self.phone is not None and PHONE_UNITS[self.phone.measure] != self.unit:
            raise ValueError(f"phone.measure: {self.phone.measure} gives {PHONE_UNITS[self.phone.measure]}, "
                             f"not {self.unit}")
        if self.unit in WHOLE_UNITS:
            fixed = WHOLE_UNITS[self.unit]
            if self.range.step != 1:
                raise ValueError(f"range.step: a {self.unit} result is a whole number; use step 1")
            if fixed is not None and (self.range.min, self.range.max) != fixed:
                raise ValueError(f"range: a {self.unit} result runs from {fixed[0]:g} to {fixed[1]:g}")
        if self.side_difference is not None and not self.per_side:
            raise ValueError("side_difference: only a test taken per foot has a difference between the feet")
        return self

    @property
    def result_in(self) -> str:
        return UNIT_WORDS[self.unit][0]

    @property
    def unit_after_number(self) -> str:
        return UNIT_WORDS[self.unit][1]


class Selector(Frozen):
    """Which content a rule touches: any exercise matching a tag, using an item
    of equipment, or named by id (exercise or program)."""

    tags: tuple[Tag, ...] = ()
    equipment: tuple[Equipment, ...] = ()
    exercises: tuple[Slug, ...] = ()
    programs: tuple[Slug, ...] = ()
    positions: tuple[Position, ...] = ()
    all_exercises: bool = False

    @model_validator(mode="after")
    def _selects_something(self) -> Selector:
        if not (self.tags or self.equipment or self.exercises or self.programs or self.positions
                or self.all_exercises):
            raise ValueError("a selector names tags, equipment, exercises, programs or positions")
        return self


Change = Literal[
    "exclude",
    "seated",
    "soft-ball",
    "light-pressure",
    "gentle-pressure",
    "near-support",
    "hand-on-support",
    "skin-check",
    "shoes-on",
]


class Rule(Frozen):
    applies_to: Selector
    changes: Annotated[tuple[Change, ...], Field(min_length=1)]
    reason: Text


class Condition(Frozen):
    id: Slug
    name: ShortText
    question: ShortText
    red_flag: bool
    why_we_ask: Text
    advice: Text
    # For a red flag: what still holds once a clinician has said exercise is
    # fine; the advice above is for before that.
    after_clearance: Text | None = None
    rules: tuple[Rule, ...] = ()
    claims: tuple[Claim, ...] = ()
    # The everyday and medical words people search with ("plantar fasciitis").
    also_called: tuple[ShortText, ...] = ()

    @model_validator(mode="after")
    def _red_flag_says_what_holds_after(self) -> Condition:
        if self.red_flag and self.after_clearance is None:
            raise ValueError("after_clearance: a red flag needs it, to say what still holds once a clinician "
                             "has cleared the person")
        return self


class MapZone(Frozen):
    place: Slug
    name: ShortText
    what_to_do: Text
    belief: Claim | None = None


class FootMap(Frozen):
    id: Slug
    name: ShortText
    view: PictureView
    intro: Text
    zones: Annotated[tuple[MapZone, ...], Field(min_length=1)]
    claims: tuple[Claim, ...] = ()

    @model_validator(mode="after")
    def _places_exist_in_view(self) -> FootMap:
        allowed = VIEW_PLACES[self.view]
        unknown = [z.place for z in self.zones if z.place not in allowed]
        if unknown:
            raise ValueError(f"{', '.join(unknown)} not a place in the {self.view.value} view")
        return self




class StopRule(Frozen):
    """A reason to stop a session at once, or to ease off within it, and what
    the person should do next."""

    id: Slug
    label: ShortText
    what_to_do: Text
    # Pain ratings above this set the rule off on their own; None for rules
    # the person reports with a tap (sharp pain, new numbness).
    pain_above: Annotated[int, Field(ge=0, le=10)] | None = None
    # False for a rule that asks the person to ease off and carry on.
    ends_session: bool = True
    claims: tuple[Claim, ...] = ()


class GoalId(StrEnum):
    HEEL_PAIN = "heel-pain"
    BACK_PAIN = "back-pain"
    HAMSTRINGS = "hamstrings"
    BALANCE = "balance"
    MOBILITY = "mobility"
    STRENGTH = "strength"
    RUNNING_PREP = "running-prep"
    MINIMALIST_SHOES = "minimalist-shoes"
    DESK_BREAK = "desk-break"
    GENERAL = "general"


class Goal(Frozen):
    """What a person wants, and which programs serve it best, best first."""

    id: GoalId
    name: ShortText
    why: Text
    programs: Annotated[tuple[Slug, ...], Field(min_length=1)]
    tests: tuple[Slug, ...] = ()
    claims: tuple[Claim, ...] = ()
    # The everyday and medical words people search with ("sore heel"); a
    # search holding all the words of one finds the programs above.
    also_called: tuple[ShortText, ...] = ()
