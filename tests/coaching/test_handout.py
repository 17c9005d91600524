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

from footcoach.coaching.handout import handout_for
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


def test_it_links_the_handout_from_the_program_page() -> None:
    html = Client().get("/library/programs/sole-training").content.decode()
    assert '<a href="/library/programs/sole-training/handout">Printable handout</a>' in html
