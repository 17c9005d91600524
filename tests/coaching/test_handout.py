"""The printable handout of a program: the page, and the PDF a teacher hands
out, read back as a person would read it (its pages, its words, its QR code)."""

from __future__ import annotations

import io
import re
import unicodedata

import pypdf
import pypdfium2
import pytest
import zxingcpp
from django.test import Client, override_settings
from django.utils import timezone

from footcoach.accounts.actions import do_save_profile
from footcoach.accounts.models import User
from footcoach.coaching import handout
from footcoach.coaching.actions import (
    do_accept_invitation,
    do_assign_homework,
    do_create_invitation,
    do_end_homework,
    do_end_link,
)
from footcoach.coaching.handout import handout_for
from footcoach.coaching.models import Assignment
from footcoach.core.homework import check_homework
from footcoach.core.loader import load_library

LIBRARY = load_library()
A4 = (595, 842)  # points, rounded
LETTER = (612, 792)


def words(text: str) -> str:
    # PDF text comes with ligatures and line breaks; compare words, not layout.
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


def pdf_of(client: Client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    return response.content


def qr_codes_on_first_page(pdf: bytes) -> list[str]:
    page = pypdfium2.PdfDocument(pdf)[0]
    return [found.text for found in zxingcpp.read_barcodes(page.render(scale=3).to_pil())]


@pytest.mark.parametrize("program_id", sorted(LIBRARY.programs))
def test_it_prints_every_program_on_one_or_two_a4_pages_with_every_step_and_picture(program_id: str) -> None:
    program = LIBRARY.programs[program_id]
    pdf = pdf_of(Client(), f"/library/programs/{program_id}/handout.pdf")
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert 1 <= len(reader.pages) <= 2
    assert all((round(p.mediabox.width), round(p.mediabox.height)) == A4 for p in reader.pages)
    # Hyphenless words broken across lines come back with a space; compare
    # without spaces so that only a missing word can fail.
    text = words(" ".join(page.extract_text() for page in reader.pages)).replace(" ", "")

    def printed(sentence: str) -> bool:
        return words(sentence).replace(" ", "") in text

    assert printed(program.name)
    for item in program.items:
        thing = LIBRARY.exercises[item.exercise] if item.exercise else LIBRARY.tests[item.test or ""]
        assert printed(thing.name), thing.name
        instructions = thing.steps if item.exercise else thing.procedure  # type: ignore[union-attr]
        for step in instructions:
            assert printed(step), step
        for caution in thing.cautions:
            assert printed(caution), caution
        assert printed(thing.picture.alt), thing.picture.alt
    assert printed(LIBRARY.method_of(program).credit)
    assert printed("never a diagnosis")


@override_settings(ALLOWED_HOSTS=["coach.example.org"])
def test_it_puts_a_qr_code_on_the_paper_that_opens_the_program_here() -> None:
    pdf = pdf_of(Client(HTTP_HOST="coach.example.org"), "/library/programs/sole-training/handout.pdf")
    assert qr_codes_on_first_page(pdf) == ["http://coach.example.org/library/programs/sole-training"]


def test_it_serves_the_same_pdf_from_the_format_parameter() -> None:
    pdf = pdf_of(Client(), "/library/programs/heel-pain-guideline/handout?format=pdf")
    assert qr_codes_on_first_page(pdf) == ["http://testserver/library/programs/heel-pain-guideline"]


def test_it_prints_on_us_letter_when_asked() -> None:
    pdf = pdf_of(Client(), "/library/programs/spiky-ball-release/handout.pdf?paper=letter")
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert 1 <= len(reader.pages) <= 2
    assert {(round(p.mediabox.width), round(p.mediabox.height)) for p in reader.pages} == {LETTER}


@pytest.mark.parametrize("url", [
    "/library/programs/sole-training/handout?format=docx",
    "/library/programs/sole-training/handout.pdf?paper=A5\x00",
])
def test_it_refuses_a_format_or_paper_it_does_not_make_with_a_clear_message(url: str) -> None:
    response = Client().get(url)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'role="alert"' in html
    assert ("format=pdf" in html) if "format" in url else ("paper=a4 or paper=letter" in html)


def test_it_says_there_is_no_such_program() -> None:
    for url in ("/library/programs/no-such-program/handout", "/library/programs/no-such-program/handout.pdf"):
        response = Client().get(url)
        assert response.status_code == 404
        assert "no program called" in response.content.decode()


@pytest.mark.django_db
def test_it_shows_the_handout_page_with_a_download_link_and_an_inline_qr_code(
    django_assert_max_num_queries: object,
) -> None:
    with django_assert_max_num_queries(2):  # type: ignore[operator]
        response = Client().get("/library/programs/pilates-foot-series/handout")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="/library/programs/pilates-foot-series/handout.pdf"' in html and "Download PDF" in html
    qr = html[html.index('<svg role="img" viewBox'):]
    qr = qr[: qr.index("</svg>")]
    # Drawn on the server, kept to the policy: no style attribute, no script.
    assert "<title>QR code: open Pilates foot series in footcoach</title>" in qr
    assert "style=" not in qr and "<script" not in qr
    assert "http://testserver/library/programs/pilates-foot-series" in html


def test_it_draws_a_programs_pictures_once_per_content_version() -> None:
    first = handout_for("spiky-ball-release")
    assert handout_for("spiky-ball-release") is first
    # A caution that several cards share is printed once, above them.
    assert first.shared_cautions
    assert not any(c in card.cautions for card in first.cards for c in first.shared_cautions)


@override_settings(ALLOWED_HOSTS=["coach.example.org", "testserver"])
def test_it_lays_out_a_handout_pdf_once_however_often_it_is_asked_for() -> None:
    # Anyone may ask for a program's PDF, and laying one out takes a second of a core.
    handout.pdf_of.cache_clear()
    first = pdf_of(Client(), "/library/programs/ball-rolling/handout.pdf")
    again = pdf_of(Client(), "/library/programs/ball-rolling/handout.pdf")
    assert again == first
    assert handout.pdf_of.cache_info().hits == 1
    # Another site's address makes another paper, with its own QR code.
    elsewhere = pdf_of(Client(HTTP_HOST="coach.example.org"), "/library/programs/ball-rolling/handout.pdf")
    assert qr_codes_on_first_page(elsewhere) == ["http://coach.example.org/library/programs/ball-rolling"]
    assert handout.pdf_of.cache_info().hits == 1


def test_it_links_the_handout_from_the_program_page() -> None:
    html = Client().get("/library/programs/sole-training").content.decode()
    assert '<a href="/library/programs/sole-training/handout">Printable handout</a>' in html


# ---- Homework ------------------------------------------------------------------

NOTE = "Slowly, Alice: keep the toes long and breathe out as you point."


def homework(*, program: str = "", exercises: tuple[str, ...] = (), conditions: tuple[str, ...] = ()) -> Assignment:
    """Tess's homework for Alice, her client, who answered the health questions."""
    tess = User.objects.create_user("tess@example.org", "barefoot on the beach", is_teacher=True)
    alice = User.objects.create_user("alice@example.org", "barefoot on the beach")
    do_save_profile(alice, {
        "birth_year": 1980, "goals": ["balance"], "conditions": list(conditions),
        "equipment": ["spiky-ball", "hard-ball", "soft-ball", "towel", "toe-separators", "wall-or-chair"],
        "minutes_per_day": 15, "days_per_week": 5, "setting": "home", "start_side": "left",
        "cleared_by_clinician": True,
    })
    link = do_accept_invitation(alice, do_create_invitation(tess), shares_conditions=False)
    fields = check_homework(
        LIBRARY, program=program, items=[{"exercise": e} for e in exercises] if exercises else None,
        times_per_week=3, starts_on=timezone.localdate().isoformat(), ends_on="", note=NOTE,
    )
    return do_assign_homework(link, fields)


def teacher_of(assignment: Assignment) -> Client:
    client = Client()
    client.force_login(assignment.link.teacher)
    return client


@pytest.mark.django_db
def test_it_prints_a_program_given_as_homework_with_the_teachers_note_and_a_qr_code_that_opens_it(
    django_assert_max_num_queries: object,
) -> None:
    assignment = homework(program="pilates-foot-series")
    teacher = teacher_of(assignment)
    with django_assert_max_num_queries(6):  # type: ignore[operator]
        page = teacher.get(f"/coach/assignments/{assignment.pk}/handout")
    assert page.status_code == 200
    html = page.content.decode()
    assert "From your teacher" in html and "keep the toes long" in html
    assert f'href="/coach/homework/{assignment.pk}/edit">Homework for alice@example.org</a>' in html
    assert f'href="/coach/assignments/{assignment.pk}/handout.pdf"' in html

    edit = teacher.get(f"/coach/homework/{assignment.pk}/edit").content.decode()
    assert f'href="/coach/assignments/{assignment.pk}/handout">Printable handout, with your note</a>' in edit

    pdf = pdf_of(teacher, f"/coach/assignments/{assignment.pk}/handout.pdf")
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert 1 <= len(reader.pages) <= 2
    text = words(" ".join(page.extract_text() for page in reader.pages)).replace(" ", "")
    assert words(NOTE).replace(" ", "") in text
    assert words("Pilates foot series").replace(" ", "") in text
    # Scanned by the client, it opens this homework in their own player.
    assert qr_codes_on_first_page(pdf) == [f"http://testserver/homework/{assignment.pk}/session"]
    assert pdf_of(teacher, f"/coach/assignments/{assignment.pk}/handout?format=pdf").startswith(b"%PDF-")


@pytest.mark.django_db
def test_it_prints_a_set_of_exercises_with_each_one_and_the_credit_of_each_method() -> None:
    assignment = homework(exercises=("toe-fan", "towel-self-massage"))
    teacher = teacher_of(assignment)
    html = teacher.get(f"/coach/assignments/{assignment.pk}/handout").content.decode()
    pdf = pdf_of(teacher, f"/coach/assignments/{assignment.pk}/handout.pdf")
    text = words(" ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)).replace(" ", "")
    for exercise in (LIBRARY.exercises["toe-fan"], LIBRARY.exercises["towel-self-massage"]):
        assert exercise.name in html
        for said in (*exercise.steps, exercise.picture.alt, LIBRARY.methods[exercise.method].credit):
            assert words(said).replace(" ", "") in text, said
    assert words(NOTE).replace(" ", "") in text
    assert qr_codes_on_first_page(pdf) == [f"http://testserver/homework/{assignment.pk}/session"]


@pytest.mark.django_db
def test_it_tells_the_teacher_that_the_clients_screening_changes_the_homework_not_why() -> None:
    assignment = homework(exercises=("spiky-ball-heel", "toe-fan"), conditions=("diabetes-neuropathy",))
    html = teacher_of(assignment).get(f"/coach/assignments/{assignment.pk}/handout").content.decode()
    assert ("1 exercise left out and 1 changed for this client&#x27;s safety. "
            "This paper shows the homework as you gave it.") in html
    assert "your footcoach plan leaves out or changes some of these exercises for you" in html
    # Which condition is the client's to share: the teacher is not told.
    assert LIBRARY.conditions["diabetes-neuropathy"].name not in html
    untouched = homework_of_another_client()
    assert "For your safety" not in teacher_of(untouched).get(
        f"/coach/assignments/{untouched.pk}/handout").content.decode()


def homework_of_another_client() -> Assignment:
    tess = User.objects.get(email="tess@example.org")
    bob = User.objects.create_user("bob@example.org", "barefoot on the beach")
    link = do_accept_invitation(bob, do_create_invitation(tess), shares_conditions=False)
    fields = check_homework(LIBRARY, program="sole-training", items=None, times_per_week=2,
                            starts_on=timezone.localdate().isoformat(), ends_on="", note="")
    return do_assign_homework(link, fields)


@pytest.mark.django_db
@pytest.mark.parametrize("suffix", ["handout", "handout.pdf"])
def test_it_prints_homework_for_its_teacher_only_and_never_once_the_link_or_homework_ends(suffix: str) -> None:
    assignment = homework(program="sole-training")
    url = f"/coach/assignments/{assignment.pk}/{suffix}"
    assert Client().get(url)["Location"] == f"/accounts/signin?next={url}"
    for email in ("otto@example.org", "alice@example.org"):
        other = User.objects.filter(email=email).first() or User.objects.create_user(email, "x", is_teacher=True)
        stranger = Client()
        stranger.force_login(other)
        answer = stranger.get(url)
        assert answer.status_code == 404, email
        assert NOTE not in answer.content.decode()
    teacher = teacher_of(assignment)
    assert teacher.get(url).status_code == 200
    assert teacher.get(f"/coach/assignments/{assignment.pk + 1000}/{suffix}").status_code == 404
    do_end_homework(assignment)
    assert teacher.get(url).status_code == 404
    Assignment.objects.filter(pk=assignment.pk).update(ended_at=None)
    do_end_link(assignment.link)
    assert teacher.get(url).status_code == 404
