"""Walking a path: start, pause, resume and leave; what counts as done; what is next; who may
do what; and reads that cost the same however long the path or the person's history."""

import textwrap
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from journal.models import LessonRead, PathWalk, Run
from journal.queries import path_for_lesson
from practices.models import Path, Practice
from practices.paths import sync_paths
from tests.conftest import BREAK
from tests.journal.conftest import walk_whole_practice

LESSONS = {"what-compassion-is": "What compassion is", "backdraft": "When kindness hurts"}
PATH = """
slug: a-gentle-start
title: A gentle start
summary: A few steps to begin with.
about: |
  For anyone starting out. Go at your own pace.
topic: msc
sources:
  - {author: Kristin Neff, year: 2003, title: "Self-compassion"}
items:
  - lesson: what-compassion-is
    note: Start here.
  - practice: msc-self-compassion-break
  - lesson: backdraft
  - practice: cft-safe-place
"""
URL = "/paths/a-gentle-start/"
UNKIND = ("missed", "behind", "overdue", "streak")


@pytest.fixture
def a_path(library, tmp_path) -> Path:
    (tmp_path / "a-gentle-start.yaml").write_text(textwrap.dedent(PATH), encoding="utf-8")
    sync_paths(tmp_path, lesson_slugs=LESSONS)
    return Path.objects.get(slug="a-gentle-start")


def finish(person, slug: str, when=None) -> Run:
    practice = Practice.objects.get(slug=slug)
    when = when or timezone.now()
    return Run.objects.create(
        user=person,
        practice=practice,
        practice_version=practice.version,
        status=Run.Status.FINISHED,
        started_at=when - timedelta(minutes=5),
        finished_at=when,
    )


def page_text(client, url: str = URL) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def next_title(client) -> str:
    """The title of the step marked as next on the path's page."""
    html = page_text(client)
    marked = html.split('aria-current="step"', 1)[1]
    return marked.split('class="path-step__title"><a href="', 1)[1].split(">", 1)[1].split("<")[0]


def test_anyone_may_read_the_paths_and_a_path(a_path, client):
    listing = page_text(client, "/paths/")
    assert "A gentle start" in listing and "4 steps" in listing
    page = page_text(client)
    assert "For anyone starting out." in page
    assert "Kristin Neff (2003)" in page
    assert 'href="/learn/what-compassion-is/"' in page
    assert 'href="/practices/msc-self-compassion-break/"' in page
    assert "Log in to start" in page


def test_an_unknown_or_archived_path_is_a_404(a_path, robin_client):
    assert robin_client.get("/paths/no-such-path/").status_code == 404
    Path.objects.filter(pk=a_path.pk).update(archived_at=timezone.now())
    assert robin_client.get(URL).status_code == 404
    assert robin_client.post(URL + "start/").status_code == 404
    assert "A gentle start" not in page_text(robin_client, "/paths/")


def test_a_strangers_posts_need_a_login_and_change_nothing(a_path, client):
    for action in ("start", "pause", "resume", "leave", "lessons/backdraft/read"):
        response = client.post(f"{URL}{action}/")
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    assert not PathWalk.objects.exists()
    assert not LessonRead.objects.exists()


def test_the_actions_need_post_and_a_csrf_token(a_path, practitioner):
    careful = Client(enforce_csrf_checks=True)
    careful.force_login(practitioner)
    assert careful.get(URL + "start/").status_code == 405
    assert careful.post(URL + "start/").status_code == 403
    assert not PathWalk.objects.exists()


def test_start_pause_resume_and_leave(a_path, robin_client, practitioner):
    response = robin_client.post(URL + "start/")
    assert response.status_code == 303 and response["Location"] == URL
    walk = PathWalk.objects.get(user=practitioner)
    assert walk.is_active
    page = page_text(robin_client)
    assert "0 of 4 done" in page and "Pause for now" in page

    assert robin_client.post(URL + "pause/").status_code == 303
    walk.refresh_from_db()
    assert walk.is_paused
    page = page_text(robin_client)
    assert "Paused: resume when you like." in page
    assert "Resume this path" in page

    assert robin_client.post(URL + "resume/").status_code == 303
    walk.refresh_from_db()
    assert walk.is_active

    robin_client.post(URL + "leave/")
    walk.refresh_from_db()
    assert walk.left_at is not None
    page = page_text(robin_client)
    assert "You can come back whenever you like." in page
    assert "Start this path" in page

    # Starting again after leaving is a new walk; the old one is kept as it was.
    robin_client.post(URL + "start/")
    assert PathWalk.objects.filter(user=practitioner).count() == 2
    assert PathWalk.objects.filter(user=practitioner, left_at__isnull=True).count() == 1
    # Starting twice is still one walk
    robin_client.post(URL + "start/")
    assert PathWalk.objects.filter(user=practitioner, left_at__isnull=True).count() == 1


def test_starting_a_paused_path_picks_it_up_again(a_path, robin_client, practitioner):
    robin_client.post(URL + "start/")
    robin_client.post(URL + "pause/")
    robin_client.post(URL + "start/")
    assert PathWalk.objects.get(user=practitioner).is_active


def test_a_lesson_is_done_once_read_and_a_practice_once_finished_after_starting(
    a_path, robin_client, practitioner
):
    finish(practitioner, BREAK, when=timezone.now() - timedelta(days=3))  # before the path
    robin_client.post(URL + "start/")
    assert next_title(robin_client) == "What compassion is"

    response = robin_client.post(URL + "lessons/what-compassion-is/read/")
    assert response.status_code == 303 and response["Location"] == URL
    assert LessonRead.objects.filter(user=practitioner, lesson_slug="what-compassion-is").exists()
    # A run finished before starting the path doesn't count for it
    assert next_title(robin_client) == "A self-compassion break"

    finish(practitioner, BREAK)
    assert next_title(robin_client) == "When kindness hurts"
    # Any order is fine: the later practice done first is ticked, and the lesson is still next
    finish(practitioner, "cft-safe-place")
    assert next_title(robin_client) == "When kindness hurts"
    assert page_text(robin_client).count("· Done") == 3

    robin_client.post(URL + "lessons/backdraft/read/")
    page = page_text(robin_client)
    assert "aria-current" not in page
    assert "You've been through every step." in page


def test_a_practice_finished_through_the_steps_counts(a_path, robin_client, practitioner):
    robin_client.post(URL + "start/")
    robin_client.post(URL + "lessons/what-compassion-is/read/")
    robin_client.post(f"/journal/runs/start/{BREAK}/")
    walk_whole_practice(robin_client, Run.objects.get(user=practitioner))
    assert next_title(robin_client) == "When kindness hurts"


def test_someone_elses_reading_and_practice_count_for_no_one_else(a_path, robin_client, stranger):
    robin_client.post(URL + "start/")
    LessonRead.objects.create(user=stranger, lesson_slug="what-compassion-is")
    finish(stranger, BREAK)
    assert next_title(robin_client) == "What compassion is"


def test_a_lesson_not_on_the_path_cannot_be_marked_read_here(a_path, robin_client):
    assert robin_client.post(URL + "lessons/three-systems/read/").status_code == 404
    assert not LessonRead.objects.exists()


def test_marking_read_from_a_lesson_page_goes_back_there_and_never_off_the_site(
    a_path, robin_client
):
    read = URL + "lessons/backdraft/read/"
    assert robin_client.post(read, {"next": "/learn/backdraft/"})["Location"] == (
        "/learn/backdraft/"
    )
    assert robin_client.post(read, {"next": "https://elsewhere.example/"})["Location"] == URL


def test_an_htmx_action_answers_with_the_panel_of_the_page(a_path, robin_client):
    headers = {"HX-Request": "true", "HX-Target": "path-panel"}
    response = robin_client.post(URL + "start/", headers=headers, follow=True)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="path-panel"')
    assert "on this path. Go at your own pace" in html  # the message is shown in the panel itself
    assert "<html" not in html


def test_home_shows_whats_next_and_a_paused_path_kindly(a_path, robin_client, practitioner):
    home = page_text(robin_client, "/")
    assert "Next on your path" not in home
    assert "Follow a path" in home
    robin_client.post(URL + "start/")
    home = page_text(robin_client, "/")
    assert "Next on your path:" in home
    assert 'href="/learn/what-compassion-is/"' in home
    robin_client.post(URL + "lessons/what-compassion-is/read/")
    assert 'class="on-paths__next">A self-compassion break<' in page_text(robin_client, "/")
    robin_client.post(URL + "pause/")
    home = page_text(robin_client, "/")
    assert "Paused: resume when you like." in home
    assert "Next on your path" not in home
    robin_client.post(URL + "leave/")
    assert "A gentle start" not in page_text(robin_client, "/")


def test_the_words_are_kind_everywhere_on_the_way(a_path, robin_client):
    pages = [page_text(robin_client, "/paths/"), page_text(robin_client)]
    robin_client.post(URL + "start/")
    pages += [page_text(robin_client), page_text(robin_client, "/paths/")]
    robin_client.post(URL + "pause/")
    pages += [page_text(robin_client), page_text(robin_client, "/")]
    robin_client.post(URL + "leave/")
    pages += [page_text(robin_client)]
    for html in pages:
        lowered = html.lower()
        assert not [word for word in UNKIND if word in lowered]


def test_path_for_lesson_gives_the_lesson_page_its_place_on_the_path(
    a_path, practitioner, robin_client
):
    assert path_for_lesson(practitioner, "what-compassion-is") is None  # not on the path
    robin_client.post(URL + "start/")
    found = path_for_lesson(practitioner, "what-compassion-is")
    assert found["state"].path == a_path and found["read"] is False
    robin_client.post(URL + "lessons/what-compassion-is/read/")
    found = path_for_lesson(practitioner, "what-compassion-is")
    assert found["read"] is True
    assert found["next"].item.practice.slug == BREAK
    assert path_for_lesson(practitioner, "not-on-any-path") is None


# Query bounds -----------------------------------------------------------------------------------


def many_more(tmp_path, practitioner, paths: int, runs: int) -> None:
    """More paths (each up to 20 items), more lessons read and more runs finished."""
    practices = list(Practice.objects.for_library().values_list("slug", flat=True)[:16])
    lessons = {f"lesson-{n}": f"Lesson {n}" for n in range(4)} | LESSONS
    items = "".join(f"  - lesson: lesson-{n}\n" for n in range(4))
    items += "".join(f"  - practice: {slug}\n" for slug in practices)
    for number in range(paths):
        slug = f"path-{number}"
        text = textwrap.dedent(PATH).split("items:")[0].replace("a-gentle-start", slug)
        (tmp_path / f"{slug}.yaml").write_text(text + "items:\n" + items, encoding="utf-8")
    sync_paths(tmp_path, lesson_slugs=lessons)
    client = Client()
    client.force_login(practitioner)
    for number in range(paths):
        client.post(f"/paths/path-{number}/start/")
    for slug in [*practices, *practices][:runs]:
        finish(practitioner, slug)
    for lesson in lessons:
        LessonRead.objects.get_or_create(user=practitioner, lesson_slug=lesson)


@pytest.mark.parametrize("url", ["/paths/", URL, "/"])
def test_reads_cost_the_same_however_many_paths_items_and_runs(
    a_path, tmp_path, practitioner, robin_client, django_assert_max_num_queries, url
):
    robin_client.post(URL + "start/")
    finish(practitioner, BREAK)
    robin_client.get(url)  # warm the session and anything cached once
    with django_assert_max_num_queries(40) as small:
        page_text(robin_client, url)
    queries = len(small.captured_queries)  # read now: the next request clears the log
    many_more(tmp_path, practitioner, paths=4, runs=30)
    with django_assert_max_num_queries(queries):
        page_text(robin_client, url)


def test_deleting_the_journal_forgets_the_paths_walked_and_the_lessons_read(
    a_path, robin_client, practitioner, stranger
):
    from tests.journal.test_leaving import CONFIRMED, DELETE_JOURNAL

    robin_client.post(URL + "start/")
    robin_client.post(URL + "lessons/backdraft/read/")
    LessonRead.objects.create(user=stranger, lesson_slug="backdraft")
    assert PathWalk.objects.filter(user=practitioner).exists()

    assert robin_client.post(DELETE_JOURNAL, CONFIRMED).status_code == 303

    assert not PathWalk.objects.filter(user=practitioner).exists()
    assert not LessonRead.objects.filter(user=practitioner).exists()
    assert LessonRead.objects.filter(user=stranger).exists()  # nobody else's


def test_a_lesson_page_asks_for_the_on_your_path_box_only_for_a_signed_in_person(
    a_path, robin_client
):
    lesson = "/learn/backdraft/"
    assert 'hx-get="/learn/backdraft/on-your-path/"' not in page_text(Client(), lesson)
    assert 'hx-get="/learn/backdraft/on-your-path/"' in page_text(robin_client, lesson)


def test_the_on_your_path_box_says_read_it_then_what_comes_next(
    a_path, robin_client, django_assert_max_num_queries
):
    box = "/learn/backdraft/on-your-path/"
    assert Client().get(box).status_code == 404  # a visitor has no path
    assert robin_client.get(box).status_code == 204  # on no path holding it: nothing
    robin_client.post(URL + "start/")
    with django_assert_max_num_queries(8):
        html = page_text(robin_client, box)
    assert "I've read it" in html
    assert 'name="next" value="/learn/backdraft/"' in html
    response = robin_client.post(URL + "lessons/backdraft/read/", {"next": "/learn/backdraft/"})
    assert response.status_code == 303 and response["Location"] == "/learn/backdraft/"
    html = page_text(robin_client, box)
    assert "I've read it" not in html
    assert "Next on your path" in html
