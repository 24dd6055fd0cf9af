"""Lessons: files checked like practices (every bad file named with its problem, and one bad
file loads nothing), rendered safely once at sync time, and read by anyone at /learn/."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from practices.lessons import MAX_FILE_BYTES, read_lessons
from practices.library import PracticeFileError
from practices.models import Lesson, Practice
from practices.services import sync_library

# What lessons may name to try: one self-guided practice, one offered only with a therapist.
PRACTICES = {"msc-self-compassion-break": True, "ifs-meeting-an-exile": False}
DIAGRAM = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" role="img" '
    'aria-labelledby="circle-title"><title id="circle-title">A calm circle</title>'
    '<circle class="diagram-soothing" cx="5" cy="5" r="4"/></svg>\n'
)
HEADER = """---
slug: {slug}
title: A gentle lesson
summary: A short line about what this lesson is for.
order: {order}
topic: msc
try: msc-self-compassion-break
sources:
  - {{author: Kristin Neff, year: 2003, title: "Self-compassion: An alternative conceptualization"}}
---
"""
# A tag that would do something: a script, an image, a handler, a link off the site.
LIVE_HTML = re.compile(
    r"<(script|img|iframe|style)\b|<[a-z][^>]*\son\w+=|<a\b[^>]*\shref=\"(?!/)", re.I
)
SENTENCE = "Kindness toward yourself can start with {n} small breaths and a softer voice today."


def body(words: int = 630, extra: str = "") -> str:
    """Plain Markdown of about `words` words (each sentence is 14), with `extra` in the middle."""
    sentences = [SENTENCE.format(n=number) for number in range(1, words // 14 + 1)]
    half = len(sentences) // 2
    return (
        "\n\n".join([" ".join(sentences[:half]), extra, " ".join(sentences[half:])]) + "\n"
        if extra
        else " ".join(sentences) + "\n"
    )


def lesson(slug: str = "a-gentle-lesson", order: int = 1, text: str | None = None) -> str:
    return HEADER.format(slug=slug, order=order) + (text if text is not None else body())


@pytest.fixture
def folders(tmp_path) -> tuple[Path, Path]:
    lessons, diagrams = tmp_path / "lessons", tmp_path / "diagrams"
    lessons.mkdir()
    diagrams.mkdir()
    (tmp_path / "paths").mkdir()  # no paths: the real ones name the real lessons
    (diagrams / "calm-circle.svg").write_text(DIAGRAM)
    return lessons, diagrams


def problems_of(folders, files: dict[str, str | bytes]) -> list[str]:
    lessons, diagrams = folders
    for name, content in files.items():
        if isinstance(content, bytes):
            (lessons / name).write_bytes(content)
        else:
            (lessons / name).write_text(content)
    with pytest.raises(PracticeFileError) as error:
        read_lessons(lessons, PRACTICES, diagrams)
    return [str(problem) for problem in error.value.problems]


def read(folders, files: dict[str, str]):
    lessons, diagrams = folders
    for name, content in files.items():
        (lessons / name).write_text(content)
    return read_lessons(lessons, PRACTICES, diagrams)


# Every bad file, with its problem -----------------------------------------------------------


def test_a_good_lesson_is_read_with_its_reading_time(folders):
    [found] = read(folders, {"a-gentle-lesson.md": lesson(text=body(630))})
    assert found.slug == "a-gentle-lesson" and found.try_slug == "msc-self-compassion-break"
    assert found.minutes == 3  # 630 words at 200 a minute
    assert found.sources == [
        {
            "author": "Kristin Neff",
            "year": 2003,
            "title": "Self-compassion: An alternative conceptualization",
        }
    ]


def test_a_header_that_is_not_yaml_is_named(folders):
    text = lesson().replace("title: A gentle lesson", "title: [not closed")
    [problem] = problems_of(folders, {"a-gentle-lesson.md": text})
    assert problem.startswith("a-gentle-lesson.md: (header): is not valid YAML")


def test_a_file_without_a_header_is_named(folders):
    [problem] = problems_of(folders, {"a-gentle-lesson.md": body()})
    assert problem == "a-gentle-lesson.md: (file): must begin with a header between --- lines"


def test_missing_and_unknown_fields_are_named(folders):
    text = lesson().replace("summary: A short line about what this lesson is for.\n", "")
    text = text.replace("topic: msc\n", "topic: msc\nmood: calm\n")
    problems = problems_of(folders, {"a-gentle-lesson.md": text})
    assert problems == [
        "a-gentle-lesson.md: mood: is not a field a lesson has",
        "a-gentle-lesson.md: summary: is missing",
    ]


def test_an_unknown_topic_and_a_wrong_source_are_named(folders):
    text = lesson().replace("topic: msc", "topic: yoga").replace("year: 2003", "year: 1850")
    problems = problems_of(folders, {"a-gentle-lesson.md": text})
    assert "a-gentle-lesson.md: topic: 'yoga' is not one of cft, msc, ifs, tend" in problems
    assert "a-gentle-lesson.md: sources[1].year: must be from 1900 to 2100, not 1850" in problems


def test_a_lesson_without_sources_is_named(folders):
    text = lesson().split("sources:")[0] + "---\n" + body()
    [problem] = problems_of(folders, {"a-gentle-lesson.md": text})
    assert problem.startswith("a-gentle-lesson.md: sources: is missing")


def test_the_slug_must_be_the_file_name(folders):
    [problem] = problems_of(folders, {"another-name.md": lesson()})
    assert problem == "another-name.md: slug: 'a-gentle-lesson' must be the file's name"


def test_two_lessons_cannot_share_an_order(folders):
    problems = problems_of(
        folders,
        {
            "first-lesson.md": lesson("first-lesson", 3),
            "second-lesson.md": lesson("second-lesson", 3),
        },
    )
    assert problems == ["second-lesson.md: order: 3 is already the order of first-lesson.md"]


def test_try_must_name_a_practice_in_the_library(folders):
    text = lesson().replace("try: msc-self-compassion-break", "try: no-such-practice")
    [problem] = problems_of(folders, {"a-gentle-lesson.md": text})
    assert problem == "a-gentle-lesson.md: try: 'no-such-practice' is not a practice in the library"


def test_try_must_name_a_practice_someone_may_do_alone(folders):
    text = lesson().replace("try: msc-self-compassion-break", "try: ifs-meeting-an-exile")
    [problem] = problems_of(folders, {"a-gentle-lesson.md": text})
    assert problem == (
        "a-gentle-lesson.md: try: 'ifs-meeting-an-exile' is offered only with a therapist; "
        "name a self-guided one"
    )


@pytest.mark.parametrize(("words", "counted"), [(300, 294), (1400, 1400)])
def test_the_body_must_be_600_to_1200_words(folders, words, counted):
    [problem] = problems_of(folders, {"a-gentle-lesson.md": lesson(text=body(words))})
    assert problem == (
        f"a-gentle-lesson.md: (body): is {counted} words; a lesson is 600 to 1,200 words"
    )


@pytest.mark.parametrize(
    "link",
    [
        "[a site](https://example.org/)",
        "[a sneaky one](//example.org/)",
        "<https://example.org/>",
        "![a picture](https://example.org/tracker.png)",
    ],
)
def test_links_go_only_to_tends_own_pages(folders, link):
    [problem] = problems_of(folders, {"a-gentle-lesson.md": lesson(text=body(extra=link))})
    assert problem.startswith("a-gentle-lesson.md: (body): links to ")
    assert problem.endswith("link only to Tend's own pages, starting with /")


def test_a_diagram_must_be_a_file_that_exists(folders):
    text = body(extra="[[diagram: no-such-diagram]]")
    [problem] = problems_of(folders, {"a-gentle-lesson.md": lesson(text=text)})
    assert problem == (
        "a-gentle-lesson.md: (body): names the diagram 'no-such-diagram', which is not a file "
        "in diagrams/"
    )


def test_a_diagram_name_cannot_climb_out_of_the_folder(folders):
    text = body(extra="[[diagram: ../lessons/a-gentle-lesson]]")
    [problem] = problems_of(folders, {"a-gentle-lesson.md": lesson(text=text)})
    assert "names the diagram '../lessons/a-gentle-lesson'" in problem


def test_a_file_too_big_is_refused_before_it_is_read(folders):
    text = lesson() + "[" * MAX_FILE_BYTES  # would take the YAML reader far too long
    [problem] = problems_of(folders, {"a-gentle-lesson.md": text})
    assert problem == f"a-gentle-lesson.md: (file): is {len(text):,} bytes; at most 65,536"


def test_a_nul_character_is_refused(folders):
    text = lesson(text=body(extra="a\x00b"))
    [problem] = problems_of(folders, {"a-gentle-lesson.md": text})
    assert problem == (
        "a-gentle-lesson.md: (file): holds a NUL character (\\0), which no practice's text can hold"
    )


def test_a_file_that_is_not_utf8_is_refused(folders):
    [problem] = problems_of(folders, {"a-gentle-lesson.md": lesson().encode("utf-16")})
    assert problem == "a-gentle-lesson.md: (file): is not UTF-8 text"


def test_yaml_aliases_in_the_header_are_refused(folders):
    text = lesson().replace("title: A gentle lesson", "title: &x A gentle lesson")
    [problem] = problems_of(folders, {"a-gentle-lesson.md": text})
    assert "uses YAML aliases or anchors" in problem


# Rendering ----------------------------------------------------------------------------------


def test_raw_html_never_reaches_the_page(folders):
    hostile = (
        '<script>alert("hi")</script>\n\n<img src=x onerror=alert(1)>\n\n'
        '<a href="https://example.org/" onclick="x()">hidden</a>\n\n'
        "[a script](javascript:alert(1))"
    )
    [found] = read(folders, {"a-gentle-lesson.md": lesson(text=body(extra=hostile))})
    assert not LIVE_HTML.search(found.body_html), found.body_html
    assert "&lt;script&gt;" in found.body_html  # shown as the text it was, harmlessly


def test_markdown_renders_to_the_allowed_tags_and_headings_start_at_h2(folders):
    extra = (
        "# A big heading\n\n## A section\n\n### A smaller one\n\n- one\n- two\n\n1. first\n\n"
        "> a quiet quote\n\n**bold**, *soft* and `code`, a [lesson](/learn/backdraft/)."
    )
    [found] = read(folders, {"a-gentle-lesson.md": lesson(text=body(extra=extra))})
    html = found.body_html
    assert "<h1" not in html and "<h2>A big heading</h2>" in html
    assert "<h2>A section</h2>" in html and "<h3>A smaller one</h3>" in html
    assert "<ul>" in html and "<ol>" in html and "<blockquote>" in html
    assert "<strong>bold</strong>" in html and "<em>soft</em>" in html
    assert "<code>code</code>" in html
    assert '<a href="/learn/backdraft/">lesson</a>' in html


def test_a_diagram_line_becomes_its_svg_in_a_figure(folders):
    text = body(extra="[[diagram: calm-circle]]")
    [found] = read(folders, {"a-gentle-lesson.md": lesson(text=text)})
    assert f'<figure class="diagram">{DIAGRAM.strip()}</figure>' in found.body_html
    assert "[[diagram" not in found.body_html
    assert found.minutes == 3  # the diagram line is not counted as words


# Syncing ------------------------------------------------------------------------------------


def test_sync_loads_every_real_lesson_and_a_second_sync_changes_nothing(db):
    report = sync_library()
    files = sorted(path.stem for path in settings.LESSON_LIBRARY_DIR.glob("*.md"))
    assert sorted(report.lessons.created) == files
    assert len(files) >= 12
    orders = list(Lesson.objects.current().values_list("order", flat=True))
    assert orders == sorted(set(orders))
    for lesson in Lesson.objects.select_related("try_practice"):
        assert 3 <= lesson.minutes <= 6, lesson.slug
        assert lesson.try_practice.self_guided and lesson.try_practice.author is None
        assert lesson.sources and "<script" not in lesson.body_html
    before = list(Lesson.objects.values_list("pk", "version", "updated_at"))
    again = sync_library()
    assert not again.lessons.changed and not again.practices.changed
    assert list(Lesson.objects.values_list("pk", "version", "updated_at")) == before


def test_the_real_diagrams_are_shown_with_their_names(library):
    for slug, name in [
        ("three-systems", "The three circles"),
        ("parts-and-self", "Parts around Self"),
    ]:
        html = Lesson.objects.get(slug=slug).body_html
        assert '<figure class="diagram"><svg' in html, slug
        assert f">{name}" in html and 'role="img"' in html, slug


def test_a_removed_file_archives_its_lesson_and_bringing_it_back_restores_it(db, folders):
    lessons, diagrams = folders
    (lessons / "first-lesson.md").write_text(lesson("first-lesson", 1))
    (lessons / "second-lesson.md").write_text(lesson("second-lesson", 2))
    sync_library(
        lesson_folder=lessons, diagram_folder=diagrams, path_folder=lessons.parent / "paths"
    )
    (lessons / "second-lesson.md").unlink()
    report = sync_library(
        lesson_folder=lessons, diagram_folder=diagrams, path_folder=lessons.parent / "paths"
    )
    assert report.lessons.archived == ["second-lesson"]
    assert Lesson.objects.get(slug="second-lesson").is_archived
    assert list(Lesson.objects.current().values_list("slug", flat=True)) == ["first-lesson"]
    (lessons / "second-lesson.md").write_text(lesson("second-lesson", 2))
    report = sync_library(
        lesson_folder=lessons, diagram_folder=diagrams, path_folder=lessons.parent / "paths"
    )
    assert report.lessons.updated == ["second-lesson"]
    assert not Lesson.objects.get(slug="second-lesson").is_archived


def test_a_changed_file_updates_its_lesson(db, folders):
    lessons, diagrams = folders
    (lessons / "a-gentle-lesson.md").write_text(lesson())
    sync_library(
        lesson_folder=lessons, diagram_folder=diagrams, path_folder=lessons.parent / "paths"
    )
    old = Lesson.objects.get().version
    (lessons / "a-gentle-lesson.md").write_text(lesson().replace("A gentle", "A kind"))
    report = sync_library(
        lesson_folder=lessons, diagram_folder=diagrams, path_folder=lessons.parent / "paths"
    )
    assert report.lessons.updated == ["a-gentle-lesson"]
    assert Lesson.objects.get().title == "A kind lesson" and Lesson.objects.get().version != old


def test_one_bad_lesson_loads_nothing_not_even_the_practices(db, folders):
    lessons, diagrams = folders
    (lessons / "a-gentle-lesson.md").write_text(lesson())
    (lessons / "broken.md").write_text(lesson("broken", 2, text=body(100)))
    with pytest.raises(PracticeFileError):
        sync_library(
            lesson_folder=lessons, diagram_folder=diagrams, path_folder=lessons.parent / "paths"
        )
    assert not Lesson.objects.exists()
    assert not Practice.objects.exists()


def test_the_command_reports_lessons_and_fails_loudly_on_a_bad_one(db, folders, settings):
    lessons, diagrams = folders
    (lessons / "broken.md").write_text(lesson("broken", 2, text=body(100)))
    settings.LESSON_LIBRARY_DIR, settings.LESSON_DIAGRAM_DIR = lessons, diagrams
    with pytest.raises(CommandError, match=r"broken\.md: \(body\): is 98 words"):
        call_command("sync_practices")
    assert not Practice.objects.exists()


def test_the_lesson_folder_is_the_one_in_the_repository():
    assert Path(settings.LESSON_LIBRARY_DIR).is_dir()
    assert Path(settings.LESSON_DIAGRAM_DIR).is_dir()


# The pages ----------------------------------------------------------------------------------


def test_anyone_may_read_the_list_of_lessons_in_order(
    client, library, django_assert_max_num_queries
):
    with django_assert_max_num_queries(2):
        response = client.get("/learn/")
    assert response.status_code == 200
    html = response.content.decode()
    titles = list(Lesson.objects.values_list("title", flat=True))
    places = [html.index(title) for title in titles]
    assert places == sorted(places)
    assert 'href="/learn/what-compassion-is/"' in html
    for label in (
        "Compassion Focused Therapy",
        "Mindful Self-Compassion",
        "Internal Family Systems",
        "Using Tend",
    ):
        assert label in html
    assert "minutes to read" in html


def test_anyone_may_read_a_lesson_with_its_practice_sources_and_neighbours(
    client, library, django_assert_max_num_queries
):
    lesson = Lesson.objects.get(slug="three-systems")
    with django_assert_max_num_queries(2):
        response = client.get("/learn/three-systems/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<h1 id="lesson-title">{lesson.title}</h1>' in html
    assert f"About {lesson.minutes} minutes to read" in html
    practice = lesson.try_practice
    assert f'href="/practices/{practice.slug}/">{practice.title}</a>' in html
    assert "<cite>The Compassionate Mind</cite>" in html and "Paul Gilbert (2009)" in html
    assert 'href="/learn/what-compassion-is/" rel="prev"' in html
    assert 'href="/learn/the-inner-critic/" rel="next"' in html
    assert '<figure class="diagram"><svg' in html


def test_the_first_and_last_lessons_have_one_neighbour(client, library):
    first, last = Lesson.objects.first(), Lesson.objects.last()
    html = client.get(f"/learn/{first.slug}/").content.decode()
    assert 'rel="prev"' not in html and 'rel="next"' in html
    html = client.get(f"/learn/{last.slug}/").content.decode()
    assert 'rel="prev"' in html and 'rel="next"' not in html


def test_a_script_in_a_lesson_never_reaches_the_page(client, db, folders):
    lessons, diagrams = folders
    hostile = "<script>alert('hi')</script>\n\n<b onclick=x>b</b>"
    (lessons / "a-gentle-lesson.md").write_text(lesson(text=body(extra=hostile)))
    sync_library(
        lesson_folder=lessons, diagram_folder=diagrams, path_folder=lessons.parent / "paths"
    )
    html = client.get("/learn/a-gentle-lesson/").content.decode()
    main = html.split('<main id="main"', 1)[1]
    assert "<script" not in main and not LIVE_HTML.search(main)
    assert "&lt;script&gt;" in main  # shown as the text it was, harmlessly


def test_unknown_and_archived_lessons_are_a_404(client, library):
    assert client.get("/learn/no-such-lesson/").status_code == 404
    Lesson.objects.filter(slug="backdraft").update(archived_at="2026-01-01T00:00Z")
    assert client.get("/learn/backdraft/").status_code == 404
    assert "/learn/backdraft/" not in client.get("/learn/").content.decode()


def test_the_page_about_compassion_became_the_first_lesson(client, library):
    response = client.get("/about/compassion/")
    assert response.status_code == 301
    assert response["Location"] == "/learn/what-compassion-is/"
    assert client.get(response["Location"]).status_code == 200
    html = client.get("/practices/").content.decode()
    assert 'href="/learn/what-compassion-is/"' in html


def test_learn_is_in_the_navigation_and_about_our_content_in_the_footer(client, library):
    html = client.get("/").content.decode()
    nav = html.split('aria-label="Main"', 1)[1].split("</nav>", 1)[0]
    assert 'href="/learn/"' in nav
    footer = html.split('<footer class="site-footer">', 1)[1]
    assert 'href="/about/content/">About our content</a>' in footer
    response = client.get("/about/content/")
    assert response.status_code == 200
    assert "<h1>About our content</h1>" in response.content.decode()
