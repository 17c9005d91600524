"""The export: every field of every record, in JSON and in CSV, read in a bounded number of queries."""

from __future__ import annotations

import csv
import io
import uuid
import zipfile
from typing import Any

import pytest

from footcoach.core.export_format import ENTRY_FIELDS, LOG_FIELDS, RESULT_FIELDS, SECTIONS, check_export
from footcoach.ownership.export import RESULT_COLUMNS, RESULT_NOT_EXPORTED
from footcoach.ownership.files import write_zip
from footcoach.progress.models import SelfTestResult
from footcoach.training.actions import do_record_logs
from tests.ownership.support import PROFILE, days_ago, exported, give_everything, person, stamp
from tests.training.support import make_log

pytestmark = pytest.mark.django_db


def test_it_exports_every_field_of_a_self_test_result() -> None:
    stored = {field.name for field in SelfTestResult._meta.concrete_fields} - set(RESULT_NOT_EXPORTED)
    exported_fields = {RESULT_COLUMNS.get(field.name, field.name) for field in RESULT_FIELDS}
    missing = stored - exported_fields
    assert not missing, (f"SelfTestResult's {sorted(missing)} are not exported: add them to RESULT_FIELDS "
                         "in footcoach/core/export_format.py (optional=True), or to RESULT_NOT_EXPORTED")


def test_it_exports_everything_a_person_has_and_no_secret() -> None:
    ann = person("ann@example.org")
    tess = give_everything(ann)

    document = exported(ann)

    assert check_export(document) == []
    assert (document["format"], document["version"]) == ("footcoach-export", 1)
    assert document["account"]["email"] == "ann@example.org"
    assert document["profile"] == PROFILE
    assert document["plan"]["days"] and document["plan"]["weeks"] == 1
    assert [len(document[name]) for name in SECTIONS] == [4, 6, 1, 1, 1]
    assert document["links"][0] | {"role": "client", "with": "tess@example.org", "shares_conditions": True} \
        == document["links"][0]
    assert document["homework"][0]["teacher"] == "tess@example.org"
    assert document["homework"][0]["note"] == "Spread your toes slowly."
    assert document["api_tokens"][0]["name"] == "Ann's phone"
    assert set(document["api_tokens"][0]) == {"name", "created_at", "last_used_at"}
    # The teacher's side: the link as she sees it, and nothing of Ann's sessions.
    theirs = exported(tess)
    assert theirs["links"][0]["role"] == "teacher" and theirs["links"][0]["with"] == "ann@example.org"
    assert theirs["logs"] == [] and theirs["homework"] == []


def test_it_writes_a_zip_of_csv_files_with_a_readme_of_their_columns() -> None:
    ann = person("ann@example.org")
    give_everything(ann)
    out = io.BytesIO()

    write_zip(ann, out)

    archive = zipfile.ZipFile(out)
    names = set(archive.namelist())
    traces = {name for name in names if name.startswith("traces/")}
    assert names - traces == {"README.txt", "account.csv", "profile.csv", "logs.csv", "entries.csv", "results.csv",
                     "homework.csv", "links.csv", "api_tokens.csv"}
    readme = archive.read("README.txt").decode()

    def table(name: str) -> list[dict[str, str]]:
        return list(csv.DictReader(io.StringIO(archive.read(name).decode())))

    for field in (*LOG_FIELDS, *ENTRY_FIELDS, *RESULT_FIELDS):
        assert f"  {field.name}: {field.meaning}" in readme
    assert len(table("logs.csv")) == 4
    entries = table("entries.csv")
    assert len(entries) == 3 * 4 + 4
    # A formula a note starts with is shown as text, not run.
    assert any(row["note"] == "'=SUM(A1)" for row in entries)
    assert list(table("results.csv")[0]) == [field.name for field in RESULT_FIELDS]
    assert {row["field"]: row["value"] for row in table("profile.csv")}["goals"] == "balance heel-pain"
    # A phone's motion trace is a file of its own, named in its result's row.
    timed = next(row for row in table("results.csv") if row["measured_by"] == "phone")
    assert timed["trace"].startswith("traces/") and timed["trace"] in names
    assert table(timed["trace"])[1] == {"second": "0.02", "ax": "-0.2", "ay": "9.79", "az": "0.2"}


def many_logs(count: int) -> list[dict[str, Any]]:
    return [make_log(id=str(uuid.uuid4()), started_at=stamp(days_ago(1 + n // 3), 6 + n % 3 * 4),
                     ended_at=stamp(days_ago(1 + n // 3), 7 + n % 3 * 4)) for n in range(count)]


def test_it_reads_a_long_history_in_a_few_queries(django_assert_max_num_queries: Any) -> None:
    ann = person("ann@example.org")
    give_everything(ann)
    assert not do_record_logs(ann, many_logs(1200)).refused

    with django_assert_max_num_queries(30):
        document = exported(ann)

    assert len(document["logs"]) == 1204
    days = [log["started_at"] for log in document["logs"]]
    assert days == sorted(days)
    assert len({log["id"] for log in document["logs"]}) == 1204
