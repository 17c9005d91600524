"""Static files in production: collected under hashed names, every page and the
service worker asking for those names, and the ES modules importing each other by them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import call_command
from django.templatetags.static import static
from django.test import Client, override_settings

from footcoach.accounts.actions import do_save_profile
from footcoach.accounts.models import User
from footcoach.player.views import OFFLINE_STATIC

pytestmark = pytest.mark.django_db

HASHED = re.compile(r"^/static/footcoach/[\w/-]+\.[0-9a-f]{12}\.(css|js|svg|png)$")
STATIC_URL = re.compile(r"""/static/[^"'\s)<>]+""")


@pytest.fixture(scope="module")
def collected(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("collected")
    with override_settings(STATIC_ROOT=root):
        call_command("collectstatic", "--noinput", verbosity=0)
        yield root


@pytest.fixture
def alice() -> Client:
    person = User.objects.create_user("alice@example.org", "barefoot on the beach")
    do_save_profile(person, {
        "birth_year": 1980, "goals": ["general"], "conditions": [], "equipment": ["soft-ball", "towel"],
        "minutes_per_day": 20, "days_per_week": 7, "setting": "home", "start_side": "left",
        "cleared_by_clinician": False,
    })
    client = Client()
    client.force_login(person)
    return client


@pytest.mark.parametrize("path", ["/", "/library", "/library/exercises/toe-fan", "/library/tests", "/plan",
                                  "/session/sole-training", "/progress", "/account", "/accounts/signin"])
def test_every_page_asks_for_hashed_static_files_that_were_collected(
    collected: Path, alice: Client, path: str
) -> None:
    client = alice if path != "/accounts/signin" else Client()
    response = client.get(path)
    assert response.status_code == 200
    urls = set(STATIC_URL.findall(response.content.decode()))
    assert urls, "the page asks for no static file"
    for url in urls:
        assert HASHED.match(url), f"{path} asks for {url}, a name with no hash"
        assert (collected / url.removeprefix("/static/")).is_file(), url


def test_the_service_worker_keeps_the_hashed_files_it_was_given(collected: Path) -> None:
    text = Client().get("/sw.js").content.decode()
    given = re.search(r"^const STATIC_FILES = (\[.*\]);$", text, re.MULTILINE)
    assert given is not None
    urls = re.findall(r'"([^"]+)"', given.group(1))
    assert len(urls) == len(OFFLINE_STATIC) + 1 and urls[-1] == "/manifest.webmanifest"
    for url in urls[:-1]:
        assert HASHED.match(url), url
        assert (collected / url.removeprefix("/static/")).is_file(), url
    # Nothing in the worker's own code names a static file without its hash.
    assert not re.search(r'"/static/footcoach/\w+\.(js|css)"', text.split("\n", 4)[4])


def test_the_modules_import_each_other_by_their_hashed_names(collected: Path) -> None:
    folder = collected / "footcoach"
    [player] = [p for p in folder.glob("player.*.js") if HASHED.match(f"/static/footcoach/{p.name}")]
    [offline] = [p for p in folder.glob("offline.*.js") if HASHED.match(f"/static/footcoach/{p.name}")]
    imports = re.findall(r'from "\./([\w.]+)";', player.read_text())
    assert len(imports) >= 5
    for name in imports:
        assert re.fullmatch(r"\w+\.[0-9a-f]{12}\.js", name), name
        assert (folder / name).is_file()
    [dynamic] = re.findall(r'import\("\./([\w.]+)"\)', offline.read_text())
    assert re.fullmatch(r"sync\.[0-9a-f]{12}\.js", dynamic) and (folder / dynamic).is_file()


def test_a_hashed_file_is_kept_a_year_and_an_unhashed_one_is_not(collected: Path) -> None:
    client = Client()
    page = client.get("/library").content.decode()
    [css] = [url for url in STATIC_URL.findall(page) if "site." in url]
    # whitenoise reads the collected folder when it starts, as a server does.
    hashed = client.get(css)
    assert hashed.status_code == 200
    assert "immutable" in hashed["Cache-Control"]
    assert int(re.search(r"max-age=(\d+)", hashed["Cache-Control"]).group(1)) >= 365 * 24 * 3600  # type: ignore[union-attr]
    plain = client.get("/static/footcoach/site.css")
    assert "immutable" not in plain["Cache-Control"]


def test_a_handout_pdf_is_laid_out_with_its_collected_stylesheet(collected: Path) -> None:
    from footcoach.coaching.handout import _fetch_static

    page = Client().get("/library/programs/sole-training/handout").content.decode()
    [css] = [url for url in STATIC_URL.findall(page) if "handout." in url]
    assert HASHED.match(css)
    fetched = _fetch_static("http://testserver" + css, "http://testserver/static/")
    assert b"@page" in fetched.read()


def test_a_files_address_follows_a_new_collection_and_static_url(tmp_path: Path) -> None:
    # Addresses are kept once found (footcoach.staticfiles): a file changed and
    # collected again, or another STATIC_URL, must still give the right one.
    source = tmp_path / "source"
    (source / "footcoach").mkdir(parents=True)
    (source / "footcoach" / "note.css").write_text("body { color: black; }\n")
    with override_settings(STATIC_ROOT=tmp_path / "collected", STATICFILES_DIRS=[source]):
        call_command("collectstatic", "--noinput", verbosity=0)
        first = static("footcoach/note.css")
        assert static("footcoach/note.css") == first
        (source / "footcoach" / "note.css").write_text("body { color: navy; }\n")
        call_command("collectstatic", "--noinput", verbosity=0)
        second = static("footcoach/note.css")
        with override_settings(STATIC_URL="/assets/"):
            moved = static("footcoach/note.css")
    assert HASHED.match(first) and HASHED.match(second)
    assert first != second
    assert (tmp_path / "collected" / second.removeprefix("/static/")).read_text() == "body { color: navy; }\n"
    assert moved == second.replace("/static/", "/assets/", 1)
