"""The therapist's side: the overview, a client's page, assigning, changing and ending
homework, reading what a client shared and commenting on it. A therapist reaches only their
own linked clients, and only what those clients chose to share."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.test import Client

from care.services import assign_practice, assign_series
from compassion_site.accounts.models import CareLink
from journal import services, sharing
from journal.models import AccessRecord, Answer, Entry, Run, TherapistComment
from practices.models import Assignment, Practice, Schedule, Series, Status
from tests.conftest import PASSWORD, link, logged_in
from tests.factories import CareLinkFactory

BREAK = "msc-self-compassion-break"
SECRET = "My sister said the thing about the wedding again"
NOW = datetime(2026, 3, 11, 15, 0, tzinfo=UTC)  # a Wednesday
TODAY = date(2026, 3, 11)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def finish_homework(assignment, *, before=6, after=3, text=SECRET, hard=False) -> Entry:
    """The client does an assigned practice: check-in, one written answer, check-out."""
    run = services.start_run(assignment.client, assignment.practice, assignment)
    services.save_check(run, "check-in", distress=before, feeling="tense")
    step = assignment.practice.steps.filter(kind="write").first()
    answer = Answer(run=run, step_key=step.key, text=text)
    answer.take_snapshot(step)
    answer.save()
    services.save_check(run, "check-out", distress=after, feeling="calmer", stirred_up=hard)
    return services.finish_run(run)


@pytest.fixture
def homework(library, therapist, care_client):
    return assign_practice(
        therapist,
        care_client,
        Practice.objects.get(slug=BREAK),
        note="Try it after work.",
        schedule=Schedule.WEEKLY,
        starts_on=date(2026, 3, 9),
        times_per_week=3,
        weeks=2,
    )


# The overview ------------------------------------------------------------------------------


def test_the_overview_shows_each_client_with_this_weeks_homework_and_what_they_shared(
    theo, homework, care_client, therapist
):
    finish_homework(homework, before=7, after=3)
    hard = finish_homework(homework, before=2, after=6, hard=True)
    sharing.share_entry(hard, therapist)
    html = theo.get("/care/").content.decode()
    assert "casey" in html
    assert "2 of 3" in html  # this week: twice of three times
    assert "A self-compassion break" in html or homework.practice.title in html
    assert "0.0" in html  # (3-7 + 6-2) / 2 = 0
    assert "2 of 3 done" in html
    assert f'href="/care/clients/{care_client.pk}/entries/{hard.pk}/"' in html
    assert SECRET not in html


def test_the_overview_leaves_out_other_therapists_clients_and_ended_links(
    theo, therapist, other_therapist, make_person, care_client
):
    someone = make_person("sam")
    CareLinkFactory(therapist=other_therapist, client=someone)
    ended = make_person("former")
    CareLinkFactory(therapist=therapist, client=ended, ended_at=NOW)
    html = theo.get("/care/").content.decode()
    assert "casey" in html
    assert "sam" not in html
    assert "former" not in html


def test_a_therapist_with_no_clients_is_shown_how_to_invite(theo):
    html = theo.get("/care/").content.decode()
    assert "No clients linked yet" in html
    assert 'href="/care/invites/"' in html


def test_the_overview_reads_a_fixed_number_of_queries_for_fifty_clients(
    library, therapist, make_person, django_assert_max_num_queries
):
    practice = Practice.objects.get(slug=BREAK)
    theo = logged_in(therapist)

    def add_clients(start, count):
        for number in range(start, start + count):
            person = make_person(f"client{number}")
            CareLinkFactory(therapist=therapist, client=person)
            assignment = assign_practice(
                therapist, person, practice, schedule=Schedule.DAILY, starts_on=TODAY, days=7
            )
            entry = finish_homework(assignment, hard=True)
            sharing.share_entry(entry, therapist)

    add_clients(0, 1)
    with django_assert_max_num_queries(6):
        assert theo.get("/care/").status_code == 200
    add_clients(1, 49)
    with django_assert_max_num_queries(6):
        html = theo.get("/care/").content.decode()
    assert html.count('href="/care/clients/') == 50 * 2  # name and hard entry for each


# A client's page ---------------------------------------------------------------------------


def test_a_clients_page_shows_homework_facts_but_never_unshared_writing(
    theo, homework, care_client
):
    finish_homework(homework, before=6, after=2)
    html = theo.get(f"/care/clients/{care_client.pk}/").content.decode()
    assert homework.practice.title in html
    assert "Try it after work." in html
    assert "3 times a week for 2 weeks" in html
    assert "Done 1 of 6 so far." in html
    assert "Not shared" in html
    assert SECRET not in html
    assert 'role="img"' in html
    assert "This week so far: 1 of 3." in html


def test_a_shared_entry_is_linked_from_the_clients_page(theo, homework, care_client, therapist):
    entry = finish_homework(homework)
    sharing.share_entry(entry, therapist)
    html = theo.get(f"/care/clients/{care_client.pk}/").content.decode()
    assert f'href="/care/clients/{care_client.pk}/entries/{entry.pk}/"' in html


def test_a_clients_page_reads_a_fixed_number_of_queries(
    theo, homework, care_client, therapist, django_assert_max_num_queries
):
    with django_assert_max_num_queries(9):
        assert theo.get(f"/care/clients/{care_client.pk}/").status_code == 200
    for _ in range(6):
        sharing.share_entry(finish_homework(homework), therapist)
    series = assign_series(
        therapist,
        care_client,
        list(Practice.objects.in_library()[:4]),
        title="Four weeks",
        starts_on=TODAY,
    )
    assert series.items.count() == 4
    with django_assert_max_num_queries(9):
        assert theo.get(f"/care/clients/{care_client.pk}/").status_code == 200


def charted_weeks(response) -> list[str]:
    return [week.label for week in response.context["page"].weeks]


def test_done_against_planned_begins_with_the_first_homework_not_weeks_of_zeros_before_it(
    theo, homework, care_client
):
    CareLink.objects.filter(client=care_client).update(
        started_at=datetime(2025, 11, 3, 15, tzinfo=UTC)
    )
    response = theo.get(f"/care/clients/{care_client.pk}/")
    assert charted_weeks(response) == ["9 Mar"]
    html = response.content.decode()
    assert "From the week of 9 March, when the first homework began" in html
    assert "Over the last 12 weeks" not in html


def test_done_against_planned_begins_with_the_link_when_older_homework_came_before_it(
    theo, library, therapist, care_client
):
    assign_practice(
        therapist,
        care_client,
        Practice.objects.get(slug=BREAK),
        schedule=Schedule.DAILY,
        starts_on=date(2026, 1, 5),
        days=60,
    )
    CareLink.objects.filter(client=care_client).update(
        started_at=datetime(2026, 2, 18, 15, tzinfo=UTC)
    )
    response = theo.get(f"/care/clients/{care_client.pk}/")
    assert charted_weeks(response) == ["16 Feb", "23 Feb", "2 Mar", "9 Mar"]
    assert "From the week of 16 February, when you and casey were linked" in (
        response.content.decode()
    )


def test_done_against_planned_shows_twelve_weeks_at_most(theo, library, therapist, care_client):
    CareLink.objects.filter(client=care_client).update(
        started_at=datetime(2025, 6, 2, 15, tzinfo=UTC)
    )
    assign_practice(
        therapist,
        care_client,
        Practice.objects.get(slug=BREAK),
        schedule=Schedule.DAILY,
        starts_on=date(2025, 7, 1),
        days=300,
    )
    response = theo.get(f"/care/clients/{care_client.pk}/")
    assert len(charted_weeks(response)) == 12
    assert charted_weeks(response)[-1] == "9 Mar"
    assert "Over the last 12 weeks" in response.content.decode()


def test_a_series_note_on_the_therapists_page_is_shown_as_their_note_to_the_client(
    theo, library, therapist, care_client
):
    assign_series(
        therapist,
        care_client,
        list(Practice.objects.for_library()[:2]),
        title="Soothing",
        note="The next opens when you have done the one before.",
        starts_on=TODAY,
    )
    html = theo.get(f"/care/clients/{care_client.pk}/").content.decode()
    assert "Your note to casey" in html
    assert "Each step opens for casey when they have done the one before." in html


# Assigning ---------------------------------------------------------------------------------


def assign_data(chosen, **changes):
    data = {
        "practice": str(chosen.pk),
        "note": "Gently, when you can.",
        "schedule": "once",
        "starts_on": "2026-03-11",
        "due_on": "2026-03-18",
    }
    data.update(changes)
    return data


def test_a_therapist_assigns_a_practice_once_by_a_date(theo, library, care_client, therapist):
    practice = Practice.objects.get(slug=BREAK)
    response = theo.post(f"/care/clients/{care_client.pk}/assign/", assign_data(practice))
    assert response.status_code == 303
    assignment = Assignment.objects.get()
    assert (assignment.therapist, assignment.client, assignment.practice) == (
        therapist,
        care_client,
        practice,
    )
    assert assignment.due_on == date(2026, 3, 18)
    assert assignment.note == "Gently, when you can."


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"schedule": "weekly", "times_per_week": "2", "weeks": "4"}, (2, 4, None)),
        ({"schedule": "daily", "days": "10"}, (None, None, 10)),
    ],
)
def test_a_therapist_assigns_a_practice_a_few_times_a_week_or_daily(
    theo, library, care_client, changes, expected
):
    practice = Practice.objects.get(slug=BREAK)
    response = theo.post(
        f"/care/clients/{care_client.pk}/assign/", assign_data(practice, due_on="", **changes)
    )
    assert response.status_code == 303
    assignment = Assignment.objects.get()
    assert (assignment.times_per_week, assignment.weeks, assignment.days) == expected
    assert assignment.due_on is None


def test_a_practice_offered_only_with_a_therapist_can_be_assigned(theo, library, care_client):
    practice = Practice.objects.get(slug="ifs-meeting-an-exile")
    assert not practice.self_guided
    response = theo.post(f"/care/clients/{care_client.pk}/assign/", assign_data(practice))
    assert response.status_code == 303
    assert Assignment.objects.get().practice == practice


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"due_on": "2026-03-01"}, "due_on", "This date is before the start"),
        ({"due_on": ""}, "due_on", "Choose the date to do it by."),
        ({"schedule": "weekly", "times_per_week": "0", "weeks": "2"}, "times_per_week", "Choose at least once a week."),
        ({"schedule": "weekly", "times_per_week": "9", "weeks": "2"}, "times_per_week", "At most 7 times a week."),
        ({"schedule": "weekly", "times_per_week": "2", "weeks": ""}, "weeks", "Choose for how many weeks."),
        ({"schedule": "daily", "days": "0"}, "days", "Choose at least 1 day."),
        ({"schedule": "sometimes"}, "schedule", "Choose how often."),
        ({"starts_on": "not a date"}, "starts_on", "Enter a date."),
        ({"practice": "999999"}, "practice", "Choose a practice from the list"),
        ({"practice": ""}, "practice", "Choose a practice to assign."),
    ],
)  # fmt: skip
def test_bad_assignments_get_a_message_beside_the_field_and_nothing_is_saved(
    theo, library, care_client, changes, field, message
):
    practice = Practice.objects.get(slug=BREAK)
    response = theo.post(
        f"/care/clients/{care_client.pk}/assign/", assign_data(practice, **changes)
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html
    assert message in html
    assert not Assignment.objects.exists()


def test_a_therapist_cannot_assign_another_therapists_own_practice(
    theo, library, care_client, other_therapist
):
    theirs = Practice.objects.get(slug=BREAK)
    theirs.pk, theirs.slug, theirs.author = None, "umas-own-break", other_therapist
    theirs.save()
    response = theo.post(f"/care/clients/{care_client.pk}/assign/", assign_data(theirs))
    assert response.status_code == 400
    assert "Choose a practice from the list" in response.content.decode()
    assert not Assignment.objects.exists()
    page = theo.get(f"/care/clients/{care_client.pk}/assign/").content.decode()
    assert "umas-own-break" not in page
    assert f'value="{theirs.pk}"' not in page


def test_a_therapist_assigns_a_series_that_opens_step_by_step(theo, library, care_client):
    first, second = Practice.objects.for_library()[:2]
    response = theo.post(
        f"/care/clients/{care_client.pk}/series/",
        {
            "title": "Settling in",
            "starts_on": "2026-03-11",
            "unlock": "days",
            "unlock_days": "3",
            "practice_1": str(first.pk),
            "practice_2": str(second.pk),
        },
    )
    assert response.status_code == 303
    series = Series.objects.get()
    assert (series.unlock, series.unlock_days) == ("days", 3)
    assert [item.practice for item in series.items.order_by("position")] == [first, second]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"practice_2": ""}, "practice_2", "a series has at least two."),
        ({"unlock": "days", "unlock_days": ""}, "unlock_days", "Choose how many days between"),
        ({"title": ""}, "title", "Give the series a name"),
    ],
)
def test_a_series_with_bad_values_gets_messages_and_nothing_is_saved(
    theo, library, care_client, changes, field, message
):
    first, second = Practice.objects.for_library()[:2]
    data = {
        "title": "Settling in",
        "starts_on": "2026-03-11",
        "unlock": "done",
        "practice_1": str(first.pk),
        "practice_2": str(second.pk),
    }
    data.update(changes)
    response = theo.post(f"/care/clients/{care_client.pk}/series/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html
    assert message in html
    assert not Series.objects.exists()
    assert not Assignment.objects.exists()


# Changing, pausing and ending homework ------------------------------------------------------


def test_editing_homework_keeps_the_runs_already_done(theo, homework):
    entry = finish_homework(homework)
    other = Practice.objects.for_library().exclude(pk=homework.practice_id).first()
    response = theo.post(
        f"/care/assignments/{homework.pk}/",
        assign_data(other, note="A new note", due_on="", schedule="daily", days="5"),
    )
    assert response.status_code == 303
    homework.refresh_from_db()
    assert (homework.practice, homework.note, homework.days) == (other, "A new note", 5)
    run = Run.objects.get(entry=entry)
    assert run.assignment == homework
    assert run.practice.slug == BREAK


def test_pausing_resuming_and_ending_homework(theo, homework):
    theo.post(f"/care/assignments/{homework.pk}/pause/")
    homework.refresh_from_db()
    assert homework.status == Status.PAUSED
    theo.post(f"/care/assignments/{homework.pk}/pause/")
    homework.refresh_from_db()
    assert homework.status == Status.ACTIVE
    theo.post(f"/care/assignments/{homework.pk}/end/")
    homework.refresh_from_db()
    assert homework.status == Status.ENDED
    response = theo.get(f"/care/assignments/{homework.pk}/")
    assert response.status_code == 302  # an ended one can't be edited; assign it anew


def test_pausing_a_series_step_pauses_the_whole_series(theo, library, therapist, care_client):
    series = assign_series(
        therapist, care_client, list(Practice.objects.for_library()[:3]), title="S", starts_on=TODAY
    )
    theo.post(f"/care/assignments/{series.items.first().pk}/pause/")
    assert set(series.items.values_list("status", flat=True)) == {Status.PAUSED}


# Reading what was shared -------------------------------------------------------------------


def test_a_therapist_reads_a_shared_entry_and_the_client_sees_who_read_it(
    theo, homework, care_client, therapist
):
    entry = finish_homework(homework)
    url = f"/care/clients/{care_client.pk}/entries/{entry.pk}/"
    assert theo.get(url).status_code == 404  # not shared yet: facts only
    sharing.share_entry(entry, therapist)
    html = theo.get(url).content.decode()
    assert SECRET in html
    record = AccessRecord.objects.get()
    assert (record.client, record.therapist, record.entry) == (care_client, therapist, entry)


def test_opening_a_shared_entry_once_and_commenting_on_it_logs_one_read(
    theo, homework, care_client, therapist
):
    entry = finish_homework(homework)
    sharing.share_entry(entry, therapist)
    url = f"/care/clients/{care_client.pk}/entries/{entry.pk}/"
    assert theo.get(url).status_code == 200
    response = theo.post(url + "comments/", {"text": "Thank you for this."}, follow=True)
    assert response.status_code == 200
    assert "Thank you for this." in response.content.decode()
    assert AccessRecord.objects.filter(entry=entry).count() == 1
    assert theo.get(url).status_code == 200  # opening it again later is a read again
    assert AccessRecord.objects.filter(entry=entry).count() == 2


def test_the_page_after_a_comment_on_one_entry_does_not_hide_the_read_of_another(
    theo, homework, care_client, therapist
):
    first, second = finish_homework(homework), finish_homework(homework)
    sharing.share_entry(first, therapist)
    sharing.share_entry(second, therapist)
    base = f"/care/clients/{care_client.pk}/entries/"
    theo.get(f"{base}{first.pk}/")
    theo.post(f"{base}{first.pk}/comments/", {"text": "Thank you."})  # not followed
    theo.get(f"{base}{second.pk}/")
    assert AccessRecord.objects.filter(entry=second).count() == 1


def test_a_therapists_comment_is_saved_and_a_blank_one_gets_a_message(
    theo, homework, care_client, therapist
):
    entry = finish_homework(homework)
    sharing.share_entry(entry, therapist)
    url = f"/care/clients/{care_client.pk}/entries/{entry.pk}/comments/"
    response = theo.post(url, {"text": "   "})
    assert response.status_code == 400
    assert "Write a comment first." in response.content.decode()
    assert not TherapistComment.objects.exists()
    response = theo.post(url, {"text": "Lovely noticing here."})
    assert response.status_code == 303
    comment = TherapistComment.objects.get()
    assert (comment.entry, comment.therapist, comment.text) == (
        entry,
        therapist,
        "Lovely noticing here.",
    )


def test_a_comment_draft_is_kept_restored_and_let_go_when_the_comment_is_left(
    theo, homework, care_client, therapist, other_therapist
):
    """A therapist's comment is writing too: kept as a draft while they type, back in the
    box when they open the entry again, gone once the comment is left; saving a draft is not
    a reading of the entry, and no one else can save or see one."""
    entry = finish_homework(homework)
    sharing.share_entry(entry, therapist)
    url = f"/care/clients/{care_client.pk}/entries/{entry.pk}/"
    theo.get(url)
    response = theo.post(url + "comments/", {"text": "Half a thought about", "draft": "save"})
    assert response.status_code == 200
    assert "Saved as a draft at" in response.content.decode()
    assert not TherapistComment.objects.exists()
    assert AccessRecord.objects.filter(entry=entry).count() == 1  # a draft is not a reading
    html = theo.get(url).content.decode()
    assert "Half a thought about</textarea>" in html
    assert "Your draft from" in html and "press Leave the comment" in html
    # Another therapist, even one linked to the same client, can neither save nor see it.
    uma = logged_in(other_therapist)
    link(other_therapist, care_client)
    refused = uma.post(url + "comments/", {"text": "Not mine", "draft": "save"})
    assert refused.status_code == 404
    assert uma.get(url).status_code == 404
    assert theo.post(url + "comments/", {"text": "x" * 5_000, "draft": "save"}).status_code == 413
    theo.post(url + "comments/", {"text": "Half a thought about this, now whole."})
    html = theo.get(url).content.decode()
    assert "Your draft from" not in html
    assert "Half a thought about</textarea>" not in html
    assert TherapistComment.objects.get().text == "Half a thought about this, now whole."


def test_unsharing_or_trashing_an_entry_closes_it_to_the_therapist_at_once(
    theo, homework, care_client, therapist
):
    entry = finish_homework(homework)
    sharing.share_entry(entry, therapist)
    url = f"/care/clients/{care_client.pk}/entries/{entry.pk}/"
    assert theo.get(url).status_code == 200
    services.trash_entry(entry)
    assert theo.get(url).status_code == 404
    services.restore_entry(entry)
    assert theo.get(url).status_code == 200
    sharing.unshare_entry(entry)
    assert theo.get(url).status_code == 404
    assert theo.post(url + "comments/", {"text": "Hello"}).status_code == 404


def test_ending_the_link_from_the_therapists_side_closes_everything(
    theo, homework, care_client, therapist
):
    entry = finish_homework(homework)
    sharing.share_entry(entry, therapist)
    page = theo.get(f"/care/clients/{care_client.pk}/end/")
    assert "keeps everything they wrote" in page.content.decode()
    response = theo.post(f"/care/clients/{care_client.pk}/end/")
    assert response.status_code == 303
    for url in (
        f"/care/clients/{care_client.pk}/",
        f"/care/clients/{care_client.pk}/entries/{entry.pk}/",
        f"/care/assignments/{homework.pk}/",
    ):
        assert theo.get(url).status_code == 404
    assert "casey" not in theo.get("/care/").content.decode()
    homework.refresh_from_db()
    assert homework.status == Status.ENDED
    assert Entry.objects.filter(pk=entry.pk).exists()  # the client keeps everything


# Who may open the therapist's pages ---------------------------------------------------------


def care_urls(client_id, entry_id, assignment_id):
    return [
        ("get", "/care/"),
        ("get", f"/care/clients/{client_id}/"),
        ("get", f"/care/clients/{client_id}/assign/"),
        ("get", f"/care/clients/{client_id}/series/"),
        ("get", f"/care/clients/{client_id}/end/"),
        ("get", f"/care/clients/{client_id}/entries/{entry_id}/"),
        ("post", f"/care/clients/{client_id}/entries/{entry_id}/comments/"),
        ("get", f"/care/assignments/{assignment_id}/"),
        ("post", f"/care/assignments/{assignment_id}/pause/"),
        ("post", f"/care/assignments/{assignment_id}/end/"),
    ]


@pytest.mark.parametrize("who", ["visitor", "client", "practitioner", "other_therapist"])
def test_nobody_but_the_linked_therapist_reaches_a_clients_pages(
    request, homework, care_client, therapist, who
):
    entry = finish_homework(homework)
    sharing.share_entry(entry, therapist)
    person = (
        None
        if who == "visitor"
        else request.getfixturevalue({"client": "care_client"}.get(who, who))
    )
    browser = Client()
    if person is not None:
        browser.login(username=person.username, password=PASSWORD)
    for method, url in care_urls(care_client.pk, entry.pk, homework.pk):
        response = getattr(browser, method)(url, {"text": "hi"} if method == "post" else None)
        if url == "/care/" and who == "other_therapist":
            assert response.status_code == 200
            assert "casey" not in response.content.decode()
            continue
        assert response.status_code == 404, (who, method, url)
    homework.refresh_from_db()
    assert homework.status == Status.ACTIVE
    assert not TherapistComment.objects.exists()
    assert not AccessRecord.objects.exists()


def label_of(html: str, field: str) -> str:
    start = html.index(f'<label for="id_{field}"')
    return html[start : html.index("</label>", start)]


def test_the_assign_form_marks_optional_only_what_is_truly_optional(theo, library, care_client):
    html = theo.get(f"/care/clients/{care_client.pk}/assign/").content.decode()
    assert "(optional)" in label_of(html, "note")
    for field in ("due_on", "times_per_week", "weeks", "days"):
        # Each is needed with its own schedule: a form that refuses it empty never calls it
        # optional.
        assert "(optional)" not in label_of(html, field), field


@pytest.mark.parametrize(
    ("schedule", "text", "planned"),
    [
        ({"schedule": Schedule.WEEKLY, "times_per_week": 2}, "2 times a week for 1 week", 2),
        ({"schedule": Schedule.DAILY}, "every day for 1 day", 1),
    ],
)
def test_homework_kept_without_a_length_reads_as_one_week_or_day_everywhere(
    library, care_client, therapist, schedule, text, planned
):
    practice = Practice.objects.get(slug=BREAK)
    assignment = assign_practice(
        therapist, care_client, practice, starts_on=date(2026, 3, 11), **schedule
    )
    assert assignment.schedule_text == text
    assert assignment.planned_total == planned
    assert "None" not in assignment.schedule_text
