"""The export page, its downloads and the import form, through HTTP."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from footcoach.accounts.models import User
from footcoach.core.export_format import MAX_FILE_BYTES
from tests.ownership.support import exported, give_everything, person, row_counts

pytestmark = pytest.mark.django_db


def signed_in(someone: User) -> Client:
    client = Client()
    client.force_login(someone)
    return client


def upload(client: Client, content: bytes, name: str = "footcoach-export-2026-12-01.json", **extra: Any) -> Any:
    return client.post("/account/import", {"file": SimpleUploadedFile(name, content)}, **extra)


def ann_gone() -> bytes:
    """Ann's JSON export, downloaded from the page before her account was deleted."""
    ann = person("ann@example.org")
    give_everything(ann)
    body = b"".join(signed_in(ann).get("/account/export.json").streaming_content)  # type: ignore[attr-defined]
    ann.delete()
    return body


def test_it_shows_the_two_downloads_and_the_import_form(django_assert_max_num_queries: Any) -> None:
    client = signed_in(person("ann@example.org"))

    with time_machine.travel("2026-03-05 10:00 +00:00"), django_assert_max_num_queries(6):
        page = client.get("/account/export")

    assert page.status_code == 200
    text = page.content.decode()
    assert 'href="/account/export.json"' in text and "footcoach-export-2026-03-05.json" in text
    assert 'href="/account/export.zip"' in text and "footcoach-export-2026-03-05.zip" in text
    assert 'enctype="multipart/form-data"' in text and 'for="export-file"' in text


def test_it_downloads_the_json_export_named_with_the_day(django_assert_max_num_queries: Any) -> None:
    ann = person("ann@example.org")
    give_everything(ann)
    client = signed_in(ann)

    with time_machine.travel("2026-03-05 10:00 +00:00", tick=False), django_assert_max_num_queries(25):
        answer = client.get("/account/export.json")
        body = b"".join(answer.streaming_content)

    assert answer["Content-Disposition"] == 'attachment; filename="footcoach-export-2026-03-05.json"'
    assert answer["Content-Type"] == "application/json"
    assert "no-cache" in answer["Cache-Control"] or "max-age=0" in answer["Cache-Control"]
    document = json.loads(body)
    assert len(document["logs"]) == 4 and document["account"]["email"] == "ann@example.org"


def test_it_downloads_the_csv_zip(django_assert_max_num_queries: Any) -> None:
    ann = person("ann@example.org")
    give_everything(ann)
    client = signed_in(ann)

    with django_assert_max_num_queries(25):
        answer = client.get("/account/export.zip")
        body = b"".join(answer.streaming_content)

    assert answer["Content-Type"] == "application/zip"
    assert answer["Content-Disposition"].endswith('.zip"')
    assert "README.txt" in zipfile.ZipFile(io.BytesIO(body)).namelist()


def test_it_imports_an_uploaded_export_and_says_what_it_added() -> None:
    body = ann_gone()
    bea = person("bea@example.org")
    client = signed_in(bea)

    first = upload(client, body)

    assert first.status_code == 200
    text = first.content.decode()
    assert "Added: 1 profile, 4 sessions, 6 self-test results." in text
    assert "Not imported: 1 link with a teacher or client: a link with a teacher or a client needs both people" in text
    assert len(exported(bea)["logs"]) == 4
    counts = row_counts()
    again = upload(client, body)
    assert "Already here: 1 profile, 4 sessions, 6 self-test results." in again.content.decode()
    assert row_counts() == counts


@pytest.mark.parametrize(("content", "said"), [
    (b'{"format": "footcoach-export", "version": 1, "logs": "lots"}', "<code>logs</code>: a list"),
    (b"PK\x03\x04" + b"\x00" * 64, "this is a zip file (the CSV export, for spreadsheets)"),
    (b"[" * 200_000, "nested too deeply"),
    (b'{"n": 1e999}', "not a footcoach export"),
])
def test_it_refuses_a_bad_file_saying_where_and_stores_nothing(content: bytes, said: str) -> None:
    client = signed_in(person("bea@example.org"))
    counts = row_counts()

    answer = upload(client, content)

    assert answer.status_code == 400
    text = answer.content.decode()
    assert "was not imported, and nothing of it was stored" in text
    assert said in text
    assert row_counts() == counts


def test_it_refuses_a_file_of_a_gigabyte_before_reading_it() -> None:
    client = signed_in(person("bea@example.org"))

    answer = upload(client, b"{}", CONTENT_LENGTH=str(2**30))

    assert answer.status_code == 413
    assert f"larger than {MAX_FILE_BYTES // 2**20} MB" in answer.content.decode()


def test_it_asks_for_a_file_when_none_was_chosen() -> None:
    answer = signed_in(person("bea@example.org")).post("/account/import", {})

    assert answer.status_code == 400
    assert "Choose your export file" in answer.content.decode()


def test_it_exports_only_the_signed_in_persons_own_data() -> None:
    ann = person("ann@example.org")
    give_everything(ann)
    carl = person("carl@example.org")

    body = b"".join(signed_in(carl).get("/account/export.json").streaming_content)  # type: ignore[attr-defined]

    document = json.loads(body)
    assert document["account"]["email"] == "carl@example.org"
    assert document["logs"] == [] and document["results"] == [] and document["profile"] is None
    assert b"ann@example.org" not in body
