"""Import of an export: the same data back, once; a hostile file changes nothing."""

from __future__ import annotations

import copy
import io
import json
import uuid
import zipfile
from typing import Any

import pytest
from django.core import mail

from footcoach.accounts.models import User
from footcoach.coaching.actions import do_accept_invitation, do_create_invitation
from footcoach.core.export_format import ExportFileError, read_export
from footcoach.ownership.actions import NOT_IMPORTED, PROFILE_KEPT, ImportRefused, do_import
from footcoach.progress.models import SelfTestResult
from footcoach.training.actions import do_record_logs
from footcoach.training.models import LogEntry, SessionLog
from tests.document_paths import replaced
from tests.ownership.support import days_ago, exported, give_everything, person, release_log, row_counts
from tests.training.support import make_log

pytestmark = pytest.mark.django_db

# What belongs to the account rather than to the data, or is not imported by design.
ACCOUNT_SPECIFIC = ("exported_at", "account", "homework", "links", "api_tokens")


def comparable(document: dict[str, Any]) -> dict[str, Any]:
    """The document without its account-specific parts, and without the times a server sets on storing."""
    kept = {name: value for name, value in document.items() if name not in ACCOUNT_SPECIFIC}
    kept["logs"] = [{k: v for k, v in log.items() if k != "received_at"} for log in kept["logs"]]
    kept["results"] = [{k: v for k, v in result.items() if k != "recorded_at"} for result in kept["results"]]
    return kept


def fresh_import() -> tuple[dict[str, Any], User, Any]:
    """Ann's export, imported into Bea's new account after Ann's is gone."""
    ann = person("ann@example.org")
    give_everything(ann)
    before = exported(ann)
    ann.delete()
    bea = person("bea@example.org")
    return before, bea, do_import(bea, copy.deepcopy(before))


def test_it_imports_an_export_into_a_fresh_account_with_the_same_data() -> None:
    before, bea, report = fresh_import()

    assert report.added == {"profile": 1, "logs": 4, "results": 6}
    assert report.already == {"profile": 0, "logs": 0, "results": 0}
    after = exported(bea)
    old, new = comparable(before), comparable(after)
    assert set(old) == set(new)
    for section in old:
        if isinstance(old[section], list):
            assert len(new[section]) == len(old[section]), section
            for index, (was, now) in enumerate(zip(old[section], new[section], strict=True)):
                for name in was:
                    assert now[name] == was[name], f"{section}[{index}].{name}"
        else:
            assert new[section] == old[section], section
    # The rich parts are there, not only equal: both feet, a stop, a skipped step, morning pain.
    assert {r["side"] for r in after["results"]} == {"left", "right", None}
    assert any(r["test"] == "first-step-pain" and r["id"] is None for r in after["results"])
    timed = next(r for r in after["results"] if r["measured_by"] == "phone")
    assert (timed["sway"], timed["trace"]["ay"]) == (0.412, [9.8, 9.79, 9.81])
    stopped = next(log for log in after["logs"] if log["stopped_reason"])
    assert stopped["stopped_reason"] == "pain-over-7"
    assert [e["skip_reason"] for e in stopped["entries"]] == [None, None, "pain", None]
    assert stopped["entries"][0] | {"value": -4.5, "moment": "before", "kind": "test"} == stopped["entries"][0]


def test_it_says_what_it_did_not_import_and_why() -> None:
    before, _, report = fresh_import()

    assert before["homework"] and before["links"] and before["api_tokens"]
    assert report.not_imported == [(section, 1, why) for section, why in NOT_IMPORTED.items()]
    assert report.sentences()[2:] == [
        "Not imported: 1 homework: homework is given by a teacher: they give it again once they coach you here.",
        "Not imported: 1 link with a teacher or client: a link with a teacher or a client needs both people: "
        "the teacher invites you again here.",
        "Not imported: 1 API token: tokens are secret and not in an export: make new ones on the account page.",
    ]


def test_it_adds_nothing_on_a_second_import_and_says_all_was_there() -> None:
    before, bea, _ = fresh_import()
    counts = row_counts()

    again = do_import(bea, copy.deepcopy(before))

    assert again.added == {"profile": 0, "logs": 0, "results": 0}
    assert again.already == {"profile": 1, "logs": 4, "results": 6}
    assert row_counts() == counts


def test_it_keeps_the_accounts_own_profile_and_morning_pain() -> None:
    ann = person("ann@example.org")
    give_everything(ann)
    document = exported(ann)
    document["profile"]["minutes_per_day"] = 30
    pain = next(r for r in document["results"] if r["test"] == "first-step-pain")
    pain["value"] = 9.0

    report = do_import(ann, document)

    assert ("profile", 1, PROFILE_KEPT) in report.not_imported
    assert ann.profile.minutes_per_day == 15
    assert SelfTestResult.objects.get(owner=ann, test="first-step-pain", taken_on=pain["date"]).value != 9


def test_it_alerts_no_teacher_about_imported_sessions(django_capture_on_commit_callbacks: Any) -> None:
    ann = person("ann@example.org")
    tess = person("tess@example.org", teacher=True)
    User.objects.filter(pk=tess.pk).update(emails_alerts=True)
    do_accept_invitation(ann, do_create_invitation(tess), shares_conditions=False)
    # A session stopped by a stop rule, with a pain of 8, from Ann's account on another server.
    elsewhere = person("ann@elsewhere.example.org")
    assert do_record_logs(elsewhere, [release_log(days_ago(1))]).stored
    document = exported(elsewhere)
    elsewhere.delete()

    with django_capture_on_commit_callbacks(execute=True):
        report = do_import(ann, document)

    assert report.added["logs"] == 1
    assert mail.outbox == []


def good_document() -> dict[str, Any]:
    """An export of Ann's, with Ann gone: what a hostile file is made from."""
    ann = person("ann@example.org")
    give_everything(ann)
    document = exported(ann)
    ann.delete()
    return document


HOSTILE = {
    "a count as text": ("logs.0.entries.0.pain", "3", "logs[0].entries[0].pain"),
    "a pain of 11": ("logs.0.entries.1.pain", 11, "logs[0].entries[1].pain"),
    "a huge number": ("logs.0.feeling", 10**15, "logs[0].feeling"),
    "a huge string": ("logs.0.note", "x" * 100_000, "logs[0].note"),
    "a NUL byte": ("results.0.test", "single-leg\x00stance", "results[0].test"),
    "a session before 2000": ("logs.1.started_at", "1999-12-31T23:00:00+00:00", "logs[1].started_at"),
    "a time past year 9999": ("logs.1.ended_at", "9999-12-31T23:59:00-05:00", "logs[1].ended_at"),
    "a day far ahead": ("results.1.date", "9999-12-31", "results[1].date"),
    "a day that does not exist": ("results.0.date", "2025-02-30", "results[0].date"),
    "an unknown program": ("logs.2.program", "no-such-program", "logs[2].program"),
    "a bad profile": ("profile.minutes_per_day", 5000, "profile.minutes_per_day"),
    "a deep nest": ("plan", json.loads("[" * 50 + "]" * 50), "plan"),
}


@pytest.mark.parametrize("kind", HOSTILE)
def test_it_refuses_a_hostile_file_naming_where_and_changes_nothing(kind: str) -> None:
    path, value, where = HOSTILE[kind]
    document = replaced(good_document(), path, value)
    bea = person("bea@example.org")
    counts = row_counts()

    with pytest.raises(ImportRefused) as refused:
        do_import(bea, document)

    assert any(at.startswith(where) for at, _ in refused.value.problems), refused.value.problems
    assert row_counts() == counts


def test_it_refuses_a_log_whose_id_is_another_persons_without_saying_whose() -> None:
    document = good_document()
    carl = person("carl@example.org")
    carls = make_log(id=document["logs"][2]["id"], note="Carl's own note")
    assert do_record_logs(carl, [carls]).stored
    bea = person("bea@example.org")
    counts = row_counts()

    with pytest.raises(ImportRefused) as refused:
        do_import(bea, document)

    assert refused.value.problems == [("logs[2].id", "this id is already taken; give the log a new UUID")]
    assert row_counts() == counts
    assert SessionLog.objects.get(id=carls["id"]).owner == carl
    assert LogEntry.objects.filter(log__owner=carl).count() == len(carls["entries"])
    assert "carl" not in str(refused.value).lower()


def test_it_refuses_a_result_whose_id_is_another_persons() -> None:
    document = good_document()
    carl = person("carl@example.org")
    taken = next(r for r in document["results"] if r["id"])
    from footcoach.progress.actions import do_sync_results

    assert do_sync_results(carl, [{k: taken[k] for k in ("id", "test", "side", "date", "value")}]).stored
    bea = person("bea@example.org")
    counts = row_counts()

    with pytest.raises(ImportRefused) as refused:
        do_import(bea, document)

    index = document["results"].index(taken)
    assert refused.value.problems == [(f"results[{index}].id", "this id is already taken; give the result a new UUID")]
    assert row_counts() == counts


def test_it_refuses_a_zip_bomb_without_opening_it() -> None:
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("export.json", b"\x00" * 50_000_000)
    assert len(bomb.getvalue()) < 100_000

    with pytest.raises(ExportFileError) as refused:
        read_export(bomb.getvalue())

    assert "this is a zip file" in refused.value.problems[0][1]


def test_it_refuses_a_document_of_another_shape_before_reading_any_of_it() -> None:
    bea = person("bea@example.org")
    counts = row_counts()
    for document in ([], {"format": "footcoach-export", "version": 2}, {"logs": []}):
        with pytest.raises(ImportRefused):
            do_import(bea, document)
    assert row_counts() == counts


def test_it_keys_logs_by_their_id() -> None:
    document = good_document()
    bea = person("bea@example.org")
    do_import(bea, copy.deepcopy(document))
    document["logs"][0]["id"] = str(uuid.uuid4())

    report = do_import(bea, document)

    assert (report.added["logs"], report.already["logs"]) == (1, 3)
