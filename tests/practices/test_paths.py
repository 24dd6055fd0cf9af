"""Path files: checked like practice files (one bad file loads nothing), every lesson and
practice they name must exist, upserted by slug, and archived when their file is gone."""

import textwrap
from pathlib import Path

import pytest
from django.conf import settings

from practices.library import PracticeFileError
from practices.models import Path as PathRow
from practices.models import PathItem, Practice
from practices.paths import lessons_in, read_path_file, read_paths, sync_paths

PRACTICES = {"msc-self-compassion-break", "cft-safe-place", "ifs-parts-check-in"}
LESSONS = {"what-compassion-is": "What compassion is", "backdraft": "When kindness hurts"}

GOOD = """
slug: {slug}
title: A gentle start
summary: A few steps to begin with.
about: |
  For anyone starting out. Go at your own pace.
topic: msc
sources:
  - {{author: Kristin Neff, year: 2003, title: "Self-compassion"}}
items:
{items}
"""
ITEMS = """\
  - lesson: what-compassion-is
    note: Start here.
  - practice: msc-self-compassion-break
  - practice: cft-safe-place
"""


def path_text(slug: str = "a-gentle-start", items: str = ITEMS, **replace) -> str:
    text = textwrap.dedent(GOOD).format(slug=slug, items=items)
    for old, new in replace.items():
        text = text.replace(old, new)
    return text


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def problems_for(folder: Path, practices=PRACTICES, lessons=LESSONS) -> list[str]:
    with pytest.raises(PracticeFileError) as raised:
        read_paths(folder, practices, lessons)
    return [str(problem) for problem in raised.value.problems]


def one_problem(tmp_path, text: str, name: str = "a-gentle-start.yaml") -> list[str]:
    write(tmp_path, name, text)
    return problems_for(tmp_path)


def test_a_good_path_file_reads_with_its_items_in_order(tmp_path):
    write(tmp_path, "a-gentle-start.yaml", path_text())
    [definition] = read_paths(tmp_path, PRACTICES, LESSONS)
    assert definition.slug == "a-gentle-start"
    assert [(item["lesson"], item["practice"]) for item in definition.items] == [
        ("what-compassion-is", None),
        (None, "msc-self-compassion-break"),
        (None, "cft-safe-place"),
    ]
    assert definition.items[0]["note"] == "Start here."


BAD_FILES = [
    # (what is wrong, the file's text, the problem it reads back)
    (
        "slug is not the file name",
        path_text(slug="another-name"),
        "a-gentle-start.yaml: slug: 'another-name' must be the file's name, 'a-gentle-start'",
    ),
    (
        "slug not a slug",
        path_text(slug="A Gentle Start"),
        "a-gentle-start.yaml: slug: must be lowercase letters, digits and single hyphens",
    ),
    (
        "title missing",
        path_text(**{"title: A gentle start\n": ""}),
        "a-gentle-start.yaml: title: is missing",
    ),
    (
        "title too long",
        path_text(**{"A gentle start": "x" * 81}),
        "a-gentle-start.yaml: title: is 81 characters; at most 80",
    ),
    (
        "summary too long",
        path_text(**{"A few steps to begin with.": "y" * 161}),
        "a-gentle-start.yaml: summary: is 161 characters; at most 160",
    ),
    (
        "about too long",
        path_text(**{"For anyone starting out. Go at your own pace.": "z" * 801}),
        "a-gentle-start.yaml: about: is 801 characters; at most 800",
    ),
    (
        "unknown topic",
        path_text(**{"topic: msc": "topic: yoga"}),
        "a-gentle-start.yaml: topic: 'yoga' is not one of cft, msc, ifs, tend",
    ),
    (
        "no sources",
        path_text(
            **{'  - {author: Kristin Neff, year: 2003, title: "Self-compassion"}\n': "  []\n"}
        ),
        "a-gentle-start.yaml: sources: must list at least one source",
    ),
    (
        "a source's year not a year",
        path_text(**{"year: 2003": "year: 203"}),
        "a-gentle-start.yaml: sources[1].year: must be from 1900 to 2100, not 203",
    ),
    (
        "a field paths don't have",
        path_text() + "minutes: 5\n",
        "a-gentle-start.yaml: minutes: is not a field a path has",
    ),
    (
        "items not a list",
        path_text(items="  lesson: what-compassion-is"),
        "a-gentle-start.yaml: items: must be a list of lessons and practices",
    ),
    (
        "too few items",
        path_text(items="  - lesson: what-compassion-is\n  - practice: cft-safe-place\n"),
        "a-gentle-start.yaml: items: must have 3 to 20 items, not 2",
    ),
    (
        "too many items",
        path_text(items="".join(f"  - lesson: lesson-{n}\n" for n in range(21))),
        "a-gentle-start.yaml: items: must have 3 to 20 items, not 21",
    ),
    (
        "an item both a lesson and a practice",
        path_text(items=ITEMS + "  - {lesson: backdraft, practice: ifs-parts-check-in}\n"),
        "a-gentle-start.yaml: items[4]: names both a lesson and a practice; "
        "an item is one or the other",
    ),
    (
        "an item neither",
        path_text(items=ITEMS + "  - note: Only a note.\n"),
        "a-gentle-start.yaml: items[4]: must name a lesson or a practice",
    ),
    (
        "an item not a mapping",
        path_text(items=ITEMS + "  - backdraft\n"),
        "a-gentle-start.yaml: items[4]: must be a mapping like {lesson: ...} or {practice: ...}",
    ),
    (
        "an item with a field items don't have",
        path_text(items=ITEMS + "  - {lesson: backdraft, minutes: 3}\n"),
        "a-gentle-start.yaml: items[4].minutes: is not a field of a path's item "
        "(lesson, practice, note)",
    ),
    (
        "a note too long",
        path_text(items=ITEMS + f"  - {{lesson: backdraft, note: {'n' * 201}}}\n"),
        "a-gentle-start.yaml: items[4].note: is 201 characters; at most 200",
    ),
    (
        "the same item twice",
        path_text(items=ITEMS + "  - practice: cft-safe-place\n"),
        "a-gentle-start.yaml: items[4]: practice 'cft-safe-place' is already an earlier item",
    ),
    (
        "a practice not in the library",
        path_text(items=ITEMS + "  - practice: msc-no-such-practice\n"),
        "a-gentle-start.yaml: items[4].practice: 'msc-no-such-practice' is not a self-guided "
        "practice in the library",
    ),
    (
        "a lesson with no file",
        path_text(items=ITEMS + "  - lesson: no-such-lesson\n"),
        "a-gentle-start.yaml: items[4].lesson: 'no-such-lesson' is not a lesson "
        "(practices/lessons/no-such-lesson.md)",
    ),
    (
        "not a mapping",
        "- just\n- a list\n",
        "a-gentle-start.yaml: (file): must be a mapping of fields",
    ),
    (
        "not YAML",
        "slug: [unclosed\n",
        "a-gentle-start.yaml: (file): is not valid YAML",
    ),
    (
        "YAML aliases",
        path_text(**{"title: A gentle start": "title: &t A gentle start\nsummary2: *t"}),
        "a-gentle-start.yaml: (file): uses YAML aliases or anchors",
    ),
    (
        "nested too deeply",
        path_text() + "deep: " + "[" * 30 + "]" * 30 + "\n",
        "a-gentle-start.yaml: (file): is nested more deeply than a path file ever is",
    ),
]


@pytest.mark.parametrize(("wrong", "text", "says"), BAD_FILES, ids=[case[0] for case in BAD_FILES])
def test_every_kind_of_bad_path_file_is_refused_with_its_own_words(tmp_path, wrong, text, says):
    problems = one_problem(tmp_path, text)
    assert any(problem.startswith(says) for problem in problems), problems


def test_a_file_over_64_kb_is_refused_before_it_is_read(tmp_path):
    write(tmp_path, "a-gentle-start.yaml", path_text() + "#" + "x" * 65 * 1024 + "\n")
    definition, problems = read_path_file(tmp_path / "a-gentle-start.yaml")
    assert definition is None
    assert [str(problem) for problem in problems] == [
        "a-gentle-start.yaml: (file): is larger than 64 KB, far more than a path file ever is"
    ]


def test_a_practice_offered_only_with_a_therapist_cannot_be_on_a_path(library, tmp_path):
    Practice.objects.filter(slug="cft-safe-place").update(self_guided=False)
    write(tmp_path, "a-gentle-start.yaml", path_text())
    with pytest.raises(PracticeFileError) as raised:
        sync_paths(tmp_path, lesson_slugs=LESSONS)
    assert "items[3].practice: 'cft-safe-place' is not a self-guided practice" in str(raised.value)


def test_one_bad_file_loads_nothing(library, tmp_path):
    write(tmp_path, "a-gentle-start.yaml", path_text())
    write(tmp_path, "broken.yaml", path_text(slug="broken", items="  - lesson: backdraft\n"))
    before = list(PathRow.objects.values_list("slug", "version", "archived_at"))
    with pytest.raises(PracticeFileError):
        sync_paths(tmp_path, lesson_slugs=LESSONS)
    assert not PathRow.objects.filter(slug__in=["a-gentle-start", "broken"]).exists()
    assert list(PathRow.objects.values_list("slug", "version", "archived_at")) == before


def test_sync_writes_paths_updates_them_by_slug_and_archives_a_removed_file(library, tmp_path):
    write(tmp_path, "a-gentle-start.yaml", path_text())
    parts_text = path_text(
        slug="parts", items=ITEMS.replace("cft-safe-place", "ifs-parts-check-in")
    )
    write(tmp_path, "parts.yaml", parts_text)
    report = sync_paths(tmp_path, lesson_slugs=LESSONS)
    assert sorted(report.created) == ["a-gentle-start", "parts"]
    path = PathRow.objects.get(slug="a-gentle-start")
    items = list(path.items.order_by("position"))
    assert [item.title for item in items] == [
        "What compassion is",
        Practice.objects.get(slug="msc-self-compassion-break").title,
        Practice.objects.get(slug="cft-safe-place").title,
    ]
    assert items[0].url == "/learn/what-compassion-is/"
    assert items[1].url == "/practices/msc-self-compassion-break/"
    assert path.sources == [{"author": "Kristin Neff", "year": 2003, "title": "Self-compassion"}]

    assert sync_paths(tmp_path, lesson_slugs=LESSONS).unchanged == ["a-gentle-start", "parts"]

    write(tmp_path, "a-gentle-start.yaml", path_text(items=ITEMS + "  - lesson: backdraft\n"))
    (tmp_path / "parts.yaml").unlink()
    report = sync_paths(tmp_path, lesson_slugs=LESSONS)
    assert report.updated == ["a-gentle-start"]
    assert report.archived == ["parts"]
    assert path.items.count() == 4
    assert PathRow.objects.get(slug="parts").is_archived
    assert PathItem.objects.filter(path__slug="parts").count() == 3  # kept, for who walked it

    write(tmp_path, "parts.yaml", parts_text)
    assert sync_paths(tmp_path, lesson_slugs=LESSONS).updated == ["parts"]
    assert not PathRow.objects.get(slug="parts").is_archived


def test_lessons_are_found_by_file_name_with_their_titles(tmp_path):
    write(tmp_path, "backdraft.md", "---\nslug: backdraft\ntitle: When kindness hurts\n---\nText")
    write(tmp_path, "no-header.md", "Just words.")
    assert lessons_in(tmp_path) == {"backdraft": "When kindness hurts", "no-header": ""}


# The real files -------------------------------------------------------------------------------

REAL_PATHS = {"first-steps-in-cft", "self-compassion-in-daily-life", "getting-to-know-your-parts"}


def test_the_real_path_files_load_against_the_real_library_and_lessons(library, tmp_path):
    practices = set(Practice.objects.for_library().values_list("slug", flat=True))
    lessons = lessons_in()
    for file in sorted(settings.PATH_LIBRARY_DIR.glob("*.yaml")):
        definition, problems = read_path_file(file)
        assert definition is not None, problems  # every real file fits the format
        named = {item["lesson"] or item["practice"] for item in definition.items}
        assert named - practices - set(lessons) == set(), file.name
        write(tmp_path, file.name, file.read_text(encoding="utf-8"))
    assert {file.stem for file in settings.PATH_LIBRARY_DIR.glob("*.yaml")} >= REAL_PATHS
    report = sync_paths(tmp_path)  # the library fixture's sync loaded them already
    assert set(report.created + report.updated + report.unchanged) >= REAL_PATHS
    assert set(PathRow.objects.filter(archived_at=None).values_list("slug", flat=True)) >= (
        REAL_PATHS
    )
    parts = PathRow.objects.get(slug="getting-to-know-your-parts")
    assert parts.items.first().title == "Parts and Self"  # the lesson's own title
    # every practice on the IFS path is one a person may begin on their own
    assert all(item.practice.self_guided for item in parts.items.exclude(practice=None))
