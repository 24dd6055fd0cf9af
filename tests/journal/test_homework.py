"""The client's homework page, beginning homework, and finishing it so it counts."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext

from care.services import assign_practice, assign_series, set_status
from compassion_site.accounts.models import CareLink
from journal.models import Entry, Run
from journal.sharing import end_link
from practices.models import Practice, Schedule, Status, Unlock
from tests.conftest import BREAK
from tests.factories import PracticeFactory, RunFactory, StepFactory
from tests.journal.conftest import post_step, step, walk_whole_practice

# Wednesday 5 March 2025, noon in Chicago (where Casey lives; UTC-6 until 9 March).
NOW = datetime(2025, 3, 5, 18, 0, tzinfo=UTC)
WED = date(2025, 3, 5)
MON = date(2025, 3, 3)
NOTE = "Try this after work, when the house is quiet. Go gently."


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def casey(client, care_client, library):
    client.force_login(care_client)
    return client


def practice(slug=BREAK) -> Practice:
    return Practice.objects.get(slug=slug)


def give(therapist, client, slug=BREAK, **schedule):
    schedule.setdefault("starts_on", WED)
    if schedule.get("schedule", Schedule.ONCE) == Schedule.ONCE:
        schedule.setdefault("due_on", WED)
    return assign_practice(therapist, client, practice(slug), **schedule)


def finished_run(assignment, when: datetime) -> Run:
    """A run of this homework, finished at `when` (without walking the steps)."""
    return RunFactory(
        user=assignment.client,
        practice=assignment.practice,
        practice_version=assignment.practice.version,
        assignment=assignment,
        status=Run.Status.FINISHED,
        finished_at=when,
    )


def begin(client, assignment):
    return client.post(f"/homework/{assignment.pk}/begin/")


def section_html(html: str, heading_id: str) -> str:
    """The <section> holding the heading with this id ("" when there is none)."""
    match = re.search(
        rf'<section[^>]*aria-labelledby="{heading_id}".*?</section>', html, flags=re.S
    )
    return match.group(0) if match else ""


def said(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


ANSWER_FOR_KIND = {
    "write": lambda step: {"text": "A few honest words."},
    "rate": lambda step: {"rating": "5"},
    "choose": lambda step: {"choices": step.options[0]},
    "part": lambda step: {"new_part": "The Worrier"},
}


def walk_any_practice(client, run):
    """Answer every step of any practice through the views, plainly, and finish."""
    response = post_step(client, run, "check-in", distress="5", feeling="unsure")
    assert response.status_code == 303
    for practice_step in run.practice.steps.all():
        answer = ANSWER_FOR_KIND.get(practice_step.kind, lambda step: {})(practice_step)
        response = post_step(client, run, practice_step.key, **answer)
        assert response.status_code == 303, (practice_step.key, response.content[:500])
    return post_step(client, run, "check-out", distress="4", feeling="steadier")


# The page -------------------------------------------------------------------------------------


def test_the_homework_page_sorts_what_is_set_into_gentle_sections(
    casey, care_client, therapist, frozen
):
    today = give(therapist, care_client, note=NOTE)
    weekly = give(
        therapist,
        care_client,
        "cft-grounding",
        schedule=Schedule.WEEKLY,
        starts_on=MON,
        times_per_week=3,
        weeks=2,
    )
    finished_run(weekly, datetime(2025, 3, 4, 15, 0, tzinfo=UTC))
    earlier = give(
        therapist,
        care_client,
        "msc-soothing-touch",
        starts_on=date(2025, 2, 24),
        due_on=date(2025, 3, 1),
    )
    later = give(
        therapist,
        care_client,
        "msc-affectionate-breathing",
        starts_on=date(2025, 3, 10),
        due_on=date(2025, 3, 14),
    )
    done = give(therapist, care_client, "cft-safe-place", starts_on=MON, due_on=date(2025, 3, 4))
    finished_run(done, datetime(2025, 3, 4, 16, 0, tzinfo=UTC))

    response = casey.get("/homework/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()

    due_today = section_html(html, "due-today-heading")
    assert today.practice.title in due_today
    assert "from Theo Marsh" in due_today
    assert "Theo Marsh&#x27;s note" in due_today or "Theo Marsh's note" in due_today
    assert "Try this after work, when the house is quiet. Go gently." in due_today
    assert f'action="/homework/{today.pk}/begin/"' in due_today
    assert 'method="post"' in due_today
    assert f"{today.practice.minutes} min" in due_today

    this_week = section_html(html, "this-week-heading")
    assert weekly.practice.title in this_week
    assert "1 of 3 this week" in this_week
    assert "3 times a week for 2 weeks" in this_week

    still_open = section_html(html, "still-open-heading")
    assert earlier.practice.title in still_open
    assert "whenever you&#x27;re ready" in still_open or "whenever you're ready" in still_open
    assert f'action="/homework/{earlier.pk}/begin/"' in still_open

    coming = section_html(html, "later-heading")
    assert later.practice.title in coming
    assert "Opens on Monday 10 March" in coming
    assert f"/homework/{later.pk}/begin/" not in coming

    done_lately = section_html(html, "done-heading")
    assert done.practice.title in done_lately
    assert f"/homework/{done.pk}/begin/" not in done_lately
    assert "Thank you" in done_lately

    lowered = html.lower()
    for shaming in ("missed", "overdue", "failed", "behind"):
        assert shaming not in lowered


def test_someone_without_a_therapist_learns_how_to_join_one(robin_client, library):
    html = robin_client.get("/homework/").content.decode()
    assert "If you work with a therapist who uses Tend, they can send you an invite" in html
    assert 'href="/invite/"' in html


def test_someone_with_a_therapist_and_nothing_set_sees_a_calm_word(casey):
    html = casey.get("/homework/").content.decode()
    assert "Nothing due right now" in html
    assert 'href="/invite/"' not in html
    assert ">Homework</a>" in html  # the navigation offers the page


def test_paused_homework_is_not_listed_as_due_and_cannot_be_begun(
    casey, care_client, therapist, frozen
):
    assignment = give(therapist, care_client, note=NOTE)
    set_status(assignment, Status.PAUSED)
    html = casey.get("/homework/").content.decode()
    assert section_html(html, "due-today-heading") == ""
    assert "paused by Theo Marsh" in html
    assert NOTE not in html
    assert f"/homework/{assignment.pk}/begin/" not in html

    response = begin(casey, assignment)
    assert response.status_code == 303
    assert response["Location"] == "/homework/"
    assert any("paused" in message for message in said(response))
    assert not Run.objects.filter(assignment=assignment).exists()


def test_homework_the_therapist_ended_is_refused_calmly(casey, care_client, therapist, frozen):
    assignment = give(therapist, care_client)
    set_status(assignment, Status.ENDED)
    assert assignment.practice.title not in casey.get("/homework/").content.decode()
    response = begin(casey, assignment)
    assert response.status_code == 303
    assert response["Location"] == "/homework/"
    assert any("no longer part of your homework" in message for message in said(response))
    assert not Run.objects.filter(assignment=assignment).exists()


def test_dates_follow_the_clients_own_day(casey, care_client, therapist):
    # 03:00 on Thursday in UTC is still Wednesday evening in Chicago.
    assignment = give(therapist, care_client, due_on=WED)
    with time_machine.travel(datetime(2025, 3, 6, 3, 0, tzinfo=UTC), tick=False):
        html = casey.get("/homework/").content.decode()
    assert assignment.practice.title in section_html(html, "due-today-heading")


# Beginning and finishing ----------------------------------------------------------------------


def test_begin_starts_a_run_for_the_homework_and_finishing_counts_toward_it(
    casey, care_client, therapist, frozen
):
    assignment = give(therapist, care_client, note=NOTE)
    response = begin(casey, assignment)
    assert response.status_code == 303
    run = Run.objects.get(assignment=assignment)
    assert run.user == care_client
    assert run.practice == assignment.practice
    assert response["Location"] == step(run, "check-in")

    check_in = casey.get(step(run, "check-in")).content.decode()
    assert "Homework from Theo Marsh" in check_in
    assert NOTE in check_in

    finish = walk_whole_practice(casey, run)
    assert finish["Location"] == f"/journal/runs/{run.pk}/summary/"
    run.refresh_from_db()
    assert run.status == Run.Status.FINISHED
    summary = casey.get(finish["Location"]).content.decode()
    assert "This counts toward your homework from Theo Marsh" in summary

    html = casey.get("/homework/").content.decode()
    assert section_html(html, "due-today-heading") == ""
    assert assignment.practice.title in section_html(html, "done-heading")


def test_the_check_in_of_a_practice_begun_from_the_library_says_nothing_of_homework(casey, frozen):
    response = casey.post(f"/journal/runs/start/{BREAK}/")
    html = casey.get(response["Location"]).content.decode()
    assert "Homework from" not in html


def test_a_practice_offered_only_with_a_therapist_can_be_begun_from_homework(
    casey, care_client, therapist, frozen
):
    exile = practice("ifs-meeting-an-exile")
    assert not exile.self_guided
    assert casey.post(f"/journal/runs/start/{exile.slug}/").status_code == 403
    assignment = give(therapist, care_client, exile.slug)
    response = begin(casey, assignment)
    assert response.status_code == 303
    run = Run.objects.get(assignment=assignment)
    assert walk_any_practice(casey, run).status_code == 303
    run.refresh_from_db()
    assert run.status == Run.Status.FINISHED
    assert Entry.objects.filter(run=run).exists()


def test_a_therapists_own_practice_can_be_begun_and_finished_from_homework(
    casey, care_client, therapist, frozen
):
    own = PracticeFactory(
        slug="theo-a-kind-pause",
        version="v1",
        title="A kind pause, from Theo",
        modality="msc",
        intensity="gentle",
        minutes=4,
        summary="A short pause I use with clients.",
        why="It helps.",
        source="Theo Marsh",
        author=therapist,
    )
    StepFactory(practice=own, key="arrive", position=1, kind="read", title="Arrive")
    StepFactory(
        practice=own, key="words", position=2, kind="write", title="Words", prompt="What's here?"
    )
    assignment = give(therapist, care_client, own.slug)
    assert begin(casey, assignment).status_code == 303
    run = Run.objects.get(assignment=assignment)
    walk_any_practice(casey, run)
    run.refresh_from_db()
    assert run.status == Run.Status.FINISHED


def test_beginning_again_picks_up_the_practice_already_begun(casey, care_client, therapist, frozen):
    assignment = give(therapist, care_client)
    begin(casey, assignment)
    run = Run.objects.get(assignment=assignment)
    post_step(casey, run, "check-in", distress="5", feeling="tired")
    post_step(casey, run, "welcome")
    response = begin(casey, assignment)
    assert response.status_code == 303
    assert Run.objects.filter(assignment=assignment).count() == 1
    run.refresh_from_db()
    assert response["Location"] == step(run, run.current_step)
    assert run.current_step == "difficulty"
    assert any("already begun" in message for message in said(response))
    html = casey.get("/homework/").content.decode()
    assert f'aria-label="Continue {assignment.practice.title}"' in html


def test_begin_is_post_only(casey, care_client, therapist):
    assignment = give(therapist, care_client)
    assert casey.get(f"/homework/{assignment.pk}/begin/").status_code == 405


# Series ---------------------------------------------------------------------------------------


def test_a_series_shows_its_steps_in_order_and_refuses_a_locked_one(
    casey, care_client, therapist, frozen
):
    series = assign_series(
        therapist,
        care_client,
        [practice(BREAK), practice("cft-grounding"), practice("msc-soothing-touch")],
        title="A gentle start",
        note="One at a time; there's no hurry.",
        starts_on=WED,
    )
    first, second, third = series.items.order_by("position")
    html = casey.get("/homework/").content.decode()
    outline = section_html(html, "series-heading")
    assert "A gentle start" in outline
    assert "One at a time; there&#x27;s no hurry." in outline
    positions = [outline.index(item.practice.title) for item in (first, second, third)]
    assert positions == sorted(positions)
    assert outline.count("Opens when you finish the one before") == 2
    assert "Step 1 of 3 in “A gentle start”" in section_html(html, "this-week-heading")

    response = begin(casey, second)
    assert response.status_code == 303
    assert response["Location"] == "/homework/"
    assert any("opens when you finish the one before" in message for message in said(response))
    assert not Run.objects.filter(assignment=second).exists()

    begin(casey, first)
    walk_whole_practice(casey, Run.objects.get(assignment=first))
    assert begin(casey, second)["Location"].startswith("/journal/runs/")
    assert Run.objects.filter(assignment=second).exists()


def test_a_series_by_days_says_when_a_step_opens(casey, care_client, therapist, frozen):
    series = assign_series(
        therapist,
        care_client,
        [practice(BREAK), practice("cft-grounding")],
        title="Two weeks",
        starts_on=WED,
        unlock=Unlock.AFTER_DAYS,
        unlock_days=7,
    )
    _, second = series.items.order_by("position")
    html = casey.get("/homework/").content.decode()
    assert "Opens on Wednesday 12 March" in section_html(html, "series-heading")
    response = begin(casey, second)
    assert response["Location"] == "/homework/"
    assert any("opens on Wednesday 12 March" in message for message in said(response))
    assert not Run.objects.filter(assignment=second).exists()


# Who may begin ---------------------------------------------------------------------------------


def test_after_the_link_ends_the_homework_goes_and_begin_is_a_404(
    casey, care_client, therapist, frozen
):
    assignment = give(therapist, care_client, note=NOTE)
    link = CareLink.objects.get(therapist=therapist, client=care_client)
    end_link(link, care_client)
    html = casey.get("/homework/").content.decode()
    assert assignment.practice.title not in html
    assert NOTE not in html
    assert "they can send you an invite" in html
    assert begin(casey, assignment).status_code == 404
    assert not Run.objects.filter(assignment=assignment).exists()


@pytest.mark.parametrize("who", ["other_client", "therapist", "other_therapist", "stranger"])
def test_nobody_but_the_client_can_begin_their_homework(
    client, care_client, therapist, library, who, request
):
    assignment = give(therapist, care_client)
    client.force_login(request.getfixturevalue(who))
    assert begin(client, assignment).status_code == 404
    assert not Run.objects.filter(assignment=assignment).exists()


def test_a_visitor_gets_a_404_for_homework_and_for_begin(client, care_client, therapist, library):
    assignment = give(therapist, care_client)
    assert client.get("/homework/").status_code == 404
    assert begin(client, assignment).status_code == 404
    assert not Run.objects.exists()


def test_the_homework_page_shows_only_the_clients_own_homework(
    casey, care_client, other_client, therapist, frozen
):
    give(therapist, other_client, "cft-safe-place", note="For Olive only.")
    html = casey.get("/homework/").content.decode()
    assert "For Olive only." not in html
    assert "A safe place" not in html


# Queries -------------------------------------------------------------------------------------


def count_queries(client, path="/homework/") -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


HOMEWORK_BOUND = 5  # session, person, assignments, days done, practices begun


def test_the_homework_page_reads_the_same_few_times_for_one_or_thirty_assignments(
    casey, care_client, therapist, frozen, django_assert_max_num_queries
):
    give(therapist, care_client)
    with django_assert_max_num_queries(HOMEWORK_BOUND):
        casey.get("/homework/")
    one = count_queries(casey)

    slugs = list(Practice.objects.for_library().values_list("slug", flat=True))
    for number in range(29):
        slug = slugs[number % len(slugs)]
        if number % 3 == 0:
            assignment = give(therapist, care_client, slug, schedule=Schedule.DAILY, days=5)
        elif number % 3 == 1:
            assignment = give(
                therapist,
                care_client,
                slug,
                schedule=Schedule.WEEKLY,
                starts_on=MON,
                times_per_week=2,
                weeks=3,
            )
        else:
            assignment = give(therapist, care_client, slug, note=f"Note {number}")
        finished_run(assignment, NOW - timedelta(hours=2))
    assign_series(
        therapist,
        care_client,
        [practice(BREAK), practice("cft-grounding")],
        title="Series",
        starts_on=WED,
    )
    begin(casey, give(therapist, care_client))

    with django_assert_max_num_queries(HOMEWORK_BOUND):
        casey.get("/homework/")
    assert count_queries(casey) == one


# Home ----------------------------------------------------------------------------------------


def test_home_shows_what_is_due_now_with_a_begin_for_each(casey, care_client, therapist, frozen):
    assignment = give(therapist, care_client, note=NOTE)
    html = casey.get("/").content.decode()
    card = section_html(html, "homework-heading")
    assert assignment.practice.title in card
    assert "from Theo Marsh" in card
    assert f'action="/homework/{assignment.pk}/begin/"' in card
    assert 'href="/homework/"' in card


def test_home_shows_at_most_five_and_no_card_when_nothing_is_due(
    casey, care_client, therapist, frozen
):
    assert section_html(casey.get("/").content.decode(), "homework-heading") == ""
    slugs = list(Practice.objects.for_library().values_list("slug", flat=True))[:7]
    for slug in slugs:
        give(therapist, care_client, slug)
    card = section_html(casey.get("/").content.decode(), "homework-heading")
    assert card.count("/begin/") == 5


def test_home_reads_a_bounded_number_of_times_with_homework(
    casey, care_client, therapist, frozen, django_assert_max_num_queries
):
    for slug in list(Practice.objects.for_library().values_list("slug", flat=True))[:10]:
        give(therapist, care_client, slug)
    # The home page's own reads, and the homework's two (the link, already read for the
    # navigation, is read once for both), and today's daily check-in.
    with django_assert_max_num_queries(9):
        assert casey.get("/").status_code == 200


@pytest.mark.parametrize(
    ("starts_on", "shown_in"),
    [
        (MON, "this-week-heading"),  # this week's stretch runs Monday to Sunday
        (date(2025, 2, 27), "due-today-heading"),  # this stretch ends today; the next, tomorrow
    ],
)
def test_a_weekly_practice_shows_once_not_again_under_later(
    casey, care_client, therapist, frozen, starts_on, shown_in
):
    weekly = give(
        therapist,
        care_client,
        "cft-grounding",
        schedule=Schedule.WEEKLY,
        starts_on=starts_on,
        times_per_week=3,
        weeks=4,
    )
    html = casey.get("/homework/").content.decode()
    assert weekly.practice.title in section_html(html, shown_in)
    assert weekly.practice.title not in section_html(html, "later-heading")
    assert html.count(f'action="/homework/{weekly.pk}/begin/"') == 1


def test_a_weekly_practice_not_yet_begun_still_shows_under_later(
    casey, care_client, therapist, frozen
):
    weekly = give(
        therapist,
        care_client,
        "cft-grounding",
        schedule=Schedule.WEEKLY,
        starts_on=date(2025, 3, 10),
        times_per_week=2,
        weeks=2,
    )
    html = casey.get("/homework/").content.decode()
    later = section_html(html, "later-heading")
    assert weekly.practice.title in later
    assert later.count(weekly.practice.title) == 1
    assert weekly.practice.title not in section_html(html, "this-week-heading")
