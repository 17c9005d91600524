"""Importing an export into an account: all of it, or, for a file with any problem, nothing."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction

from footcoach.accounts.actions import do_save_profile
from footcoach.accounts.models import Profile, User
from footcoach.core.export_format import ExportFileError, Problem, check_export
from footcoach.core.profile import ProfileError
from footcoach.core.results import ResultError
from footcoach.progress.actions import ITEM_FIELDS, do_sync_results
from footcoach.progress.actions import _checked as checked_result  # the sync's own check of one result
from footcoach.progress.models import SelfTestResult
from footcoach.training.actions import do_record_logs
from footcoach.training.schemas import Refusal

# Logs and results go through the sync a batch at a time, as a phone sends them.
BATCH = 1000
# Fields the export adds to what the sync takes: set anew when stored here.
LOG_EXPORT_ONLY = ("received_at",)

# What an import leaves out, and why, in the person's words.
NOT_IMPORTED = {
    "homework": "homework is given by a teacher: they give it again once they coach you here",
    "links": "a link with a teacher or a client needs both people: the teacher invites you again here",
    "api_tokens": "tokens are secret and not in an export: make new ones on the account page",
}
# What each kind is called, one and several.
NOUNS = {
    "profile": ("profile", "profiles"),
    "logs": ("session", "sessions"),
    "results": ("self-test result", "self-test results"),
    "homework": ("homework", "homework"),
    "links": ("link with a teacher or client", "links with teachers or clients"),
    "api_tokens": ("API token", "API tokens"),
}
PROFILE_KEPT = "this account has a profile of its own, kept as it is; change it on the profile page"


class ImportRefused(ExportFileError):
    """An export that cannot be imported; nothing of it was stored."""


@dataclass
class ImportReport:
    """What an import did: counts by kind ("profile", "logs", "results") and what it left out, and why."""

    added: dict[str, int] = field(default_factory=lambda: {"profile": 0, "logs": 0, "results": 0})
    already: dict[str, int] = field(default_factory=lambda: {"profile": 0, "logs": 0, "results": 0})
    not_imported: list[tuple[str, int, str]] = field(default_factory=list)

    def sentences(self) -> list[str]:
        """The report in words, as the page and the command say it."""
        return [
            f"Added: {self._counts(self.added)}.",
            f"Already here: {self._counts(self.already)}.",
            *(f"Not imported: {_count(count, *NOUNS[what])}: {why}." for what, count, why in self.not_imported),
        ]

    @staticmethod
    def _counts(counts: Mapping[str, int]) -> str:
        return ", ".join(_count(counts[what], *NOUNS[what]) for what in ("profile", "logs", "results"))

    def as_json(self) -> dict[str, Any]:
        return {
            "added": self.added,
            "already": self.already,
            "not_imported": [{"what": what, "count": count, "why": why} for what, count, why in self.not_imported],
        }


def do_import(person: User, document: Any) -> ImportReport:
    """Store the export's profile, session logs and self-test results in the person's account.

    Raises ImportRefused, naming each problem by its path in the document, and
    then stores nothing: a file of the wrong shape, a log or result the sync
    would refuse, or an id another account holds (which is not said). What is
    already in the account is counted, not stored again, so a second import of
    the same file adds nothing.
    """
    problems = check_export(document)
    if problems:
        raise ImportRefused(problems)
    report = ImportReport()
    with transaction.atomic():
        problems += _import_profile(person, document.get("profile"), report)
        problems += _import_logs(person, document["logs"], report)
        problems += _import_results(person, document["results"], report)
        if problems:
            # Raised inside the transaction, so that every row stored above is rolled back.
            raise ImportRefused(problems)
    for section, why in NOT_IMPORTED.items():
        if document[section]:
            report.not_imported.append((section, len(document[section]), why))
    return report


def _import_profile(person: User, data: Mapping[str, Any] | None, report: ImportReport) -> list[Problem]:
    if data is None:
        return []
    stored = Profile.objects.filter(owner=person).first()
    if stored is not None:
        if stored.as_data() == {name: value for name, value in data.items() if not (name == "sex" and not value)}:
            report.already["profile"] = 1
        else:
            report.not_imported.append(("profile", 1, PROFILE_KEPT))
        return []
    try:
        do_save_profile(person, data)
    except ProfileError as error:
        return [(f"profile.{problem.field}", problem.message) for problem in error.problems]
    report.added["profile"] = 1
    return []


def _import_logs(person: User, logs: Sequence[Mapping[str, Any]], report: ImportReport) -> list[Problem]:
    problems: list[Problem] = []
    for start in range(0, len(logs), BATCH):
        batch = [{name: value for name, value in log.items() if name not in LOG_EXPORT_ONLY}
                 for log in logs[start:start + BATCH]]
        answer = do_record_logs(person, batch, alert_teachers=False)
        report.added["logs"] += len(answer.stored)
        report.already["logs"] += len(answer.already)
        problems += _renumbered(answer.refused, "logs", start)
    return problems


def _renumbered(refused: Sequence[Refusal], section: str, start: int) -> list[Problem]:
    """The sync's refusals, named by the item's place in the whole file rather than in its batch."""
    problems = []
    for refusal in refused:
        local, whole = f"{section}[{refusal.index}]", f"{section}[{start + refusal.index}]"
        problems += [(whole + where.removeprefix(local), message) for where, message in refusal.errors]
    return problems


def _import_results(person: User, results: Sequence[Mapping[str, Any]], report: ImportReport) -> list[Problem]:
    problems: list[Problem] = []
    with_id = [(index, item) for index, item in enumerate(results) if item["id"] is not None]
    for start in range(0, len(with_id), BATCH):
        batch = with_id[start:start + BATCH]
        answer = do_sync_results(person, [{name: item[name] for name in ITEM_FIELDS if name in item}
                                          for _, item in batch])
        report.added["results"] += len(answer.stored)
        report.already["results"] += len(answer.already)
        for refusal in answer.refused:
            index = batch[refusal.index][0]
            local = f"results[{refusal.index}]"
            problems += [(f"results[{index}]" + where.removeprefix(local), message)
                         for where, message in refusal.errors]
    problems += _import_server_results(person, [(i, item) for i, item in enumerate(results) if item["id"] is None],
                                       report)
    return problems


def _import_server_results(
    person: User, results: Sequence[tuple[int, Mapping[str, Any]]], report: ImportReport
) -> list[Problem]:
    """Results recorded on the server (the morning check-in), which have no id: keyed by their test, side and day.

    One the account already holds for that test, side and day is kept: the
    account's own record wins over the file's. They are checked one by one as
    the sync checks a result, and stored together: ten years of mornings take
    one statement rather than thousands.
    """
    held = set(SelfTestResult.objects.of(person).values_list("test", "side", "taken_on"))
    problems: list[Problem] = []
    new: list[SelfTestResult] = []
    for index, item in results:
        where = f"results[{index}]"
        try:
            day = date.fromisoformat(item["date"])
        except ValueError:
            problems.append((f"{where}.date", f"{item['date']!r} is not a day of the calendar"))
            continue
        try:
            value, side = checked_result(item["test"], float(item["value"]), item["side"], day)
        except ResultError as error:
            problems += [(f"{where}.{name}", message) for name, message in error.problems]
            continue
        key = (item["test"], side or "", day)
        if key in held:
            report.already["results"] += 1
            continue
        held.add(key)
        new.append(SelfTestResult(owner=person, test=key[0], side=key[1], value=value, taken_on=day))
    SelfTestResult.objects.bulk_create(new, batch_size=BATCH)
    report.added["results"] += len(new)
    return problems


def _count(count: int, one: str, several: str) -> str:
    return f"{count} {one if count == 1 else several}"
