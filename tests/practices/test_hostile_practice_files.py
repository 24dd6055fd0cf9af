"""Hostile practice files: a therapist's import page refuses, quickly and in words, what
would keep a worker busy for minutes, fill its memory or break a conversion; the library's
loader reads with the same guard and still loads the library."""

import re
import time
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from practices.library import PracticeFileError, read_library
from practices.models import Practice

IMPORT_PAGE = "/care/practices/import/"
NOTHING = "Nothing was imported. Fix these in the file and try again."
GOOD = """\
slug: kind-words
title: Kind words
modality: cft
skills: [feeling]
intensity: gentle
minutes: {minutes}
self_guided: false
summary: A few kind words.
why: It helps.
source: Compassion Focused Therapy
sources: [{{author: Paul Gilbert, year: 2009, title: The Compassionate Mind}}]
steps:
  - {{key: start, kind: read, title: Begin, body: Settle in.}}
  - {{key: words, kind: write, title: Words, prompt: What would a friend say}}
  - {{key: breathe, kind: timer, title: Breathe, body: Breathe slowly., seconds: 60}}
  - {{key: end, kind: write, title: Looking back, prompt: What stays with you}}
"""


def field_errors(page: str) -> list[str]:
    found = re.search(r'<ul class="field-errors" id="id_file_error">(.*?)</ul>', page)
    return [unescape(text) for text in re.findall(r"<li>(.*?)</li>", found[1])] if found else []


def post(theo, content: bytes):
    upload = SimpleUploadedFile("practice.yaml", content, content_type="application/yaml")
    started = time.perf_counter()
    response = theo.post(IMPORT_PAGE, {"file": upload})
    return response, time.perf_counter() - started


def refused(theo, therapist, content: bytes) -> tuple[list[str], float]:
    response, seconds = post(theo, content)
    assert response.status_code == 200
    assert not Practice.objects.filter(author=therapist).exists()
    return field_errors(response.content.decode()), seconds


def test_the_good_file_imports(theo, therapist):
    response, _ = post(theo, GOOD.format(minutes=5).encode())
    assert response.status_code == 303
    assert Practice.objects.get(author=therapist).minutes == 5


@pytest.mark.parametrize("digits", [30, 5_000])
def test_minutes_of_thousands_of_digits_is_explained_not_a_server_error(theo, therapist, digits):
    errors, _ = refused(theo, therapist, GOOD.format(minutes="9" * digits).encode())
    assert errors == ["The file has a number far longer than any a practice file needs.", NOTHING]


def test_a_date_like_value_is_read_as_the_text_it_is_even_an_impossible_date(theo, therapist):
    # YAML reads 0000-01-01 as a date, and year 0 doesn't exist: that was a server error.
    content = GOOD.format(minutes=5).replace("summary: A few kind words.", "summary: 0000-01-01")
    response, _ = post(theo, content.encode())
    assert response.status_code == 303
    assert Practice.objects.get(author=therapist).summary == "0000-01-01"


def test_an_impossible_date_where_a_number_belongs_is_explained(theo, therapist):
    errors, _ = refused(theo, therapist, GOOD.format(minutes="2024-02-30").encode())
    assert errors and errors[-1] == NOTHING
    assert any("minutes" in error for error in errors)


def test_100_kb_of_nested_brackets_is_refused_at_once(theo, therapist):
    content = b"title: " + b"[" * 50_000 + b"]" * 50_000
    errors, seconds = refused(theo, therapist, content)
    assert errors == ["The file is nested more deeply than a practice file ever is.", NOTHING]
    assert seconds < 5  # about a millisecond; it took 75 seconds of CPU before


def test_deep_indentation_is_refused(theo, therapist):
    content = "".join(f"{' ' * depth}k{depth}:\n" for depth in range(40)).encode()
    errors, _ = refused(theo, therapist, content)
    assert errors == ["The file is nested more deeply than a practice file ever is.", NOTHING]


def test_a_billion_laughs_is_refused_unexpanded(theo, therapist):
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for number in range(1, 9):
        name, previous = chr(ord("a") + number), chr(ord("a") + number - 1)
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    errors, seconds = refused(theo, therapist, "\n".join(lines).encode())
    assert errors[0].startswith("The file uses YAML aliases or anchors")
    assert seconds < 5


def test_an_anchor_alone_is_refused_too(theo, therapist):
    content = GOOD.format(minutes=5).replace("title: Kind words", "title: &t Kind words")
    errors, _ = refused(theo, therapist, content.encode())
    assert errors == [
        "The file uses YAML aliases or anchors (*name, &name), which practice files don't use.",
        NOTHING,
    ]


def test_a_file_of_a_hundred_thousand_tiny_items_is_refused_unread(theo, therapist):
    content = b"steps: [" + b"1," * 99_000 + b"1]"
    errors, seconds = refused(theo, therapist, content)
    assert errors == ["The file has more in it than a practice file ever has.", NOTHING]
    assert seconds < 5


def test_a_file_with_hundreds_of_problems_lists_the_first_hundred(theo, therapist):
    content = GOOD.format(minutes=5) + "".join(f"colour{number}: blue\n" for number in range(300))
    errors, _ = refused(theo, therapist, content.encode())
    assert len(errors) == 102
    assert errors[0] == "colour0 is not a field a practice has."
    assert errors[-2] == "The file has more than 100 problems; Tend stopped checking after these."
    assert errors[-1] == NOTHING


def test_a_long_wrong_value_is_quoted_short(theo, therapist):
    content = GOOD.format(minutes=5).replace("modality: cft", "modality: " + "x" * 50_000)
    errors, _ = refused(theo, therapist, content.encode())
    assert errors[0].startswith("modality: 'xxxxxxxx")
    assert len(errors[0]) < 200


def test_a_file_over_200_kb_is_not_kept_while_the_request_is_read(theo, therapist):
    response, _ = post(theo, b"title: " + b"x" * 210_000)
    assert field_errors(response.content.decode()) == [
        "This file is larger than 200 KB, more than a practice file needs. Nothing was imported."
    ]
    assert not response.wsgi_request.FILES
    assert not Practice.objects.filter(author=therapist).exists()


def test_the_practice_import_still_checks_the_csrf_token(therapist):
    client = Client(enforce_csrf_checks=True)
    client.force_login(therapist)
    response = client.post(
        IMPORT_PAGE, {"file": SimpleUploadedFile("p.yaml", GOOD.format(minutes=5).encode())}
    )
    assert response.status_code == 403
    assert not Practice.objects.filter(author=therapist).exists()


def test_the_librarys_loader_reads_with_the_same_guard(tmp_path, settings):
    for path in settings.PRACTICE_LIBRARY_DIR.glob("*.yaml"):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    assert len(read_library(tmp_path)) == len(list(settings.PRACTICE_LIBRARY_DIR.glob("*.yaml")))
    (tmp_path / "kind-words.yaml").write_text(
        GOOD.format(minutes=5).replace("title: Kind words", "title: &t Kind words")
    )
    with pytest.raises(PracticeFileError) as raised:
        read_library(tmp_path)
    assert "kind-words.yaml: (file): uses YAML aliases or anchors" in str(raised.value)
