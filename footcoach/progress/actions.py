"""Changes to a person's self-test scores."""

from __future__ import annotations

import math
import re
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from footcoach.accounts.models import User
from footcoach.core.results import ResultError, check_result
from footcoach.core.traces import MEASURED_BY, TraceError, check_sway, check_trace
from footcoach.library.content import get_library
from footcoach.progress.models import FIRST_STEP_PAIN, ResultReceipt, SelfTestResult
from footcoach.training.schemas import Refusal, SyncResult

PAIN_SCORES = range(11)
# footcoach did not exist before this (as for session logs): an earlier day
# is a clock that was never set.
EARLIEST_DAY = date(2000, 1, 1)
ID_TAKEN = "this id is already taken; give the result a new UUID"
ITEM_FIELDS = ("id", "test", "side", "date", "value", "measured_by", "sway", "trace")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


def do_record_morning_pain(person: User, day: date, pain: int) -> SelfTestResult:
    """Keep the person's first-step pain for `day`, replacing an earlier score that day."""
    if pain not in PAIN_SCORES:
        raise ValueError(f"pain must be a whole number from 0 to 10, not {pain!r}")
    result, _ = SelfTestResult.objects.update_or_create(
        owner=person, test=FIRST_STEP_PAIN, side="", taken_on=day, defaults={"value": pain, "uid": None}
    )
    return result


def check_day(day: date) -> str | None:
    """Why a result cannot be dated `day`, or None. Tomorrow is allowed: the
    person's clock may be ahead of the server's by a time zone."""
    latest = timezone.localdate() + timedelta(days=1)
    if day < EARLIEST_DAY:
        return f"{day.isoformat()} is before {EARLIEST_DAY.isoformat()}; give the day the test was taken"
    if day > latest:
        return f"{day.isoformat()} is after {latest.isoformat()}, a day still to come; give the day the test was taken"
    return None


def _checked(test_id: str, value: float, side: str | None, day: date) -> tuple[float, str | None]:
    """The value rounded to the test's step and the side, or ResultError naming every problem
    (fields "test", "value", "side", "date")."""
    tests = get_library().tests
    if test_id not in tests:
        shown = test_id if len(test_id) <= 40 and test_id.isprintable() else f"{test_id[:40]!r}…"
        raise ResultError("test", f"no self-test has the id {shown!r}; choose from {', '.join(tests)}")
    problems: list[tuple[str, str]] = []
    try:
        value, side = check_result(tests[test_id], value, side)
    except ResultError as error:
        problems.extend(error.problems)
    if (day_problem := check_day(day)) is not None:
        problems.append(("date", day_problem))
    if problems:
        raise ResultError(*problems[0], problems=tuple(problems))
    return value, side


@dataclass(frozen=True)
class Measured:
    """How a result was measured: by hand (the default), or by the phone with
    its sway (a stance's) and its motion trace, checked by core/traces.py."""

    by: str = ""
    sway: float | None = None
    trace: dict[str, object] | None = None


BY_HAND = Measured()


def do_record_result(
    person: User, test_id: str, value: float, side: str | None, day: date, uid: uuid.UUID | None = None,
    measured: Measured = BY_HAND,
) -> SelfTestResult:
    """Keep one self-test result, replacing the person's earlier one of that test, side and day.

    Raises ResultError naming each bad field ("test", "value", "side" or
    "date"). A result whose uid was received before is not stored again: the
    stored one is returned unchanged, even when a later result replaced it.
    Raises ResultError on "id" when the uid is another person's.
    """
    value, side = _checked(test_id, value, side, day)
    stored, _ = _store(person, test_id, value, side, day, uid, measured)
    return stored


def _store(
    person: User, test_id: str, value: float, side: str | None, day: date, uid: uuid.UUID | None,
    measured: Measured,
) -> tuple[SelfTestResult, bool]:
    """The stored result and whether it was stored now (False: its uid came before)."""
    try:
        return _store_once(person, test_id, value, side, day, uid, measured)
    except IntegrityError:
        # A parallel request stored this uid, or a result of the same day,
        # between our read and our write: settle again against what it wrote.
        return _store_once(person, test_id, value, side, day, uid, measured)


def _store_once(
    person: User, test_id: str, value: float, side: str | None, day: date, uid: uuid.UUID | None,
    measured: Measured,
) -> tuple[SelfTestResult, bool]:
    # The savepoint confines a failure to this result, so the rest of a batch carries on.
    with transaction.atomic():
        if uid is not None:
            owner = ResultReceipt.objects.filter(uid=uid).values_list("owner_id", flat=True).first()
            if owner is not None and owner != person.pk:
                raise ResultError("id", ID_TAKEN)
            if owner is not None:
                kept = SelfTestResult.objects.filter(owner=person, uid=uid).first()
                same_day = SelfTestResult.objects.filter(owner=person, test=test_id, side=side or "", taken_on=day)
                return kept or same_day.first() or SelfTestResult(owner=person, test=test_id, value=value,
                                                                  taken_on=day, uid=uid), False
            ResultReceipt.objects.create(uid=uid, owner=person)
        result, _ = SelfTestResult.objects.update_or_create(
            owner=person, test=test_id, side=side or "", taken_on=day,
            defaults={"value": value, "uid": uid, "measured_by": measured.by, "sway": measured.sway,
                      "motion_trace": measured.trace},
        )
    return result, True


@dataclass(frozen=True)
class ResultIn:
    uid: uuid.UUID
    test: str
    side: str | None
    day: date
    value: float
    measured: Measured = BY_HAND


def _read_measured(raw: Mapping[object, object], where: str) -> tuple[Measured, list[tuple[str, str]]]:
    """How a result a device sent was measured, or the problems of its fields."""
    by = raw.get("measured_by") or ""
    if by and by not in MEASURED_BY:
        return BY_HAND, [(f"{where}.measured_by", "measured_by is \"phone\" or null (measured by hand)")]
    if not by:
        extra = [name for name in ("sway", "trace") if raw.get(name) is not None]
        if extra:
            return BY_HAND, [(f"{where}.{extra[0]}", f"{extra[0]} comes only with \"measured_by\": \"phone\"")]
        return BY_HAND, []
    try:
        sway = None if raw.get("sway") is None else check_sway(raw.get("sway"))
        trace = None if raw.get("trace") is None else check_trace(raw.get("trace"))
    except TraceError as error:
        return BY_HAND, [(f"{where}.{error.field}", error.message)]
    return Measured(str(by), sway, trace), []


def _read_item(raw: object, where: str) -> tuple[ResultIn | None, list[tuple[str, str]]]:
    """One result as a device sent it, or the problems of each field named `results[i].field`."""
    if not isinstance(raw, Mapping):
        return None, [(where, 'each result must be a JSON object: {"id", "test", "side", "date", "value"}')]
    problems: list[tuple[str, str]] = [
        (f"{where}.{name}" if isinstance(name, str) and name.isprintable() and len(name) <= 40 else where,
         f"unknown field; the fields are {', '.join(ITEM_FIELDS)}")
        for name in raw
        if name not in ITEM_FIELDS
    ]
    uid = _uid(raw.get("id"))
    if uid is None:
        problems.append((f"{where}.id", "give the result's id as a UUID, such as \"3f2c...-...\", made by the device"))
    test = raw.get("test")
    if not isinstance(test, str):
        problems.append((f"{where}.test", "give the self-test's id as text, e.g. \"single-leg-stance\""))
    side = raw.get("side")
    if side == "":
        side = None  # devices send an absent choice as null or as ""
    if side is not None and side not in ("left", "right"):
        problems.append((f"{where}.side", "side is \"left\", \"right\" or null"))
    day = _day(raw.get("date"))
    if day is None:
        problems.append((f"{where}.date", "write the day as a text \"YYYY-MM-DD\", for example \"2025-03-01\""))
    value = raw.get("value")
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        problems.append((f"{where}.value", "give the result as a JSON number"))
    measured, measure_problems = _read_measured(raw, where)
    problems.extend(measure_problems)
    if problems or uid is None or day is None or not isinstance(test, str):
        return None, problems
    return ResultIn(uid, test, side, day, float(value), measured), []  # type: ignore[arg-type]


def _uid(raw: object) -> uuid.UUID | None:
    if not isinstance(raw, str):
        return None
    try:
        return uuid.UUID(raw)
    except ValueError:
        return None


def _day(raw: object) -> date | None:
    if not isinstance(raw, str) or not _DAY.fullmatch(raw):
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        return None


def _check_measurable(item: ResultIn) -> None:
    """Refuse a phone's measure of a test the phone cannot measure (content/tests/)."""
    test = get_library().tests.get(item.test)
    if item.measured.by and test is not None:
        if test.phone is None:
            raise ResultError("measured_by", f"the phone does not measure {test.id}; send it as measured by hand")
        if item.measured.sway is not None and test.phone.measure != "stance":
            raise ResultError("sway", f"only a stance has a sway; {test.id} has none")


def do_sync_results(person: User, items: Sequence[object]) -> SyncResult:
    """Store each result of a batch a device sent exactly once, each on its own.

    The answer has the shape of the session logs' sync: the ids stored now,
    the ids received before ("already"), and the results refused with each
    bad field named as `results[i].value`. One bad result never holds back
    the others; an id another person sent is refused without saying more.
    """
    answer = SyncResult()
    for index, raw in enumerate(items):
        where = f"results[{index}]"
        item, problems = _read_item(raw, where)
        # The refusal names the result by its id whenever the id is a usable
        # UUID, so a device can match the answer to its queue.
        uid = _uid(raw.get("id")) if isinstance(raw, Mapping) else None
        shown_id = None if uid is None else str(uid)
        if item is None:
            answer.refused.append(Refusal(index=index, id=shown_id, errors=problems))
            continue
        try:
            value, side = _checked(item.test, item.value, item.side, item.day)
            _check_measurable(item)
            _, stored = _store(person, item.test, value, side, item.day, item.uid, item.measured)
        except ResultError as error:
            errors = [(f"{where}.{field}", message) for field, message in error.problems]
            answer.refused.append(Refusal(index=index, id=shown_id, errors=errors))
            continue
        (answer.stored if stored else answer.already).append(str(item.uid))
    return answer
