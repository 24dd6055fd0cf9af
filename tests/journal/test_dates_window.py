"""Dates stay in a sane window everywhere (issue 12, item 4).

Every date a person or a therapist types is kept between 1900 and 2199, with a message beside
the field; homework starts no more than two years ahead. Rows already stored at the ends of
Python's calendar (a homework starting 9999-12-30, an entry imported as 0001-01-01) must never
break a page, an export or the reminder run for anyone, in time zones far east and far west.
"""

from datetime import UTC, date, datetime
from io import StringIO
from unittest import mock

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import Client

from care.services import assign_practice, assign_series, edit_assignment
from compassion_site.lib.dates import shift
from journal.models import Entry, EntryNote, Run
from practices.models import Assignment, Practice, Schedule, Series, Unlock
from tests.care_world import build_care_world
from tests.conftest import BREAK, logged_in
from tests.factories import EntryNoteFactory

NOW = datetime(2026, 3, 11, 15, 0, tzinfo=UTC)  # a Wednesday; 09:00 in Chicago
TODAY = date(2026, 3, 11)
FAR_EAST, FAR_WEST, SAMOA = "Pacific/Kiritimati", "Etc/GMT+12", "Pacific/Pago_Pago"
ZONES = [FAR_EAST, FAR_WEST, SAMOA]
OUT_OF_WINDOW = ["9999-12-30", "0001-01-01", "1899-12-31", "2200-01-01"]
WINDOW_MESSAGE = "Please choose a date between 1900 and 2199."
AHEAD_MESSAGE = "within the next two years"


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def in_zone(person, zone: str):
    person.time_zone = zone
    person.save(update_fields=["time_zone"])
    return person


# Typing a date: assigning homework ----------------------------------------------------------


def assign_data(practice, **changes) -> dict:
    data = {
        "practice": str(practice.pk),
        "note": "",
        "schedule": "once",
        "starts_on": "2026-03-11",
        "due_on": "2026-03-18",
    }
    data.update(changes)
    return data


def series_data(**changes) -> dict:
    first, second = Practice.objects.for_library().order_by("slug")[:2]
    data = {
        "title": "Gently on",
        "note": "",
        "starts_on": "2026-03-11",
        "unlock": "done",
        "practice_1": str(first.pk),
        "practice_2": str(second.pk),
    }
    data.update(changes)
    return data


def error_beside(html: str, field: str, message: str) -> bool:
    return f'id="id_{field}_error"' in html and message in html


@pytest.mark.parametrize("field", ["starts_on", "due_on"])
@pytest.mark.parametrize("value", OUT_OF_WINDOW)
def test_a_homework_date_outside_1900_to_2199_is_refused_with_a_message_beside_the_field(
    library, therapist, care_client, field, value
):
    practice = Practice.objects.get(slug=BREAK)
    changes = {field: value}
    if field == "starts_on":
        changes["due_on"] = value  # so "before the start" can't be the reason
    response = logged_in(therapist).post(
        f"/care/clients/{care_client.pk}/assign/", assign_data(practice, **changes)
    )
    assert response.status_code == 400
    assert error_beside(response.content.decode(), field, WINDOW_MESSAGE)
    assert not Assignment.objects.exists()


@pytest.mark.parametrize(
    ("schedule", "field"),
    [
        ({"schedule": "once"}, "starts_on"),
        ({"schedule": "once", "starts_on": "2026-03-11"}, "due_on"),
        ({"schedule": "weekly", "times_per_week": "2", "weeks": "3", "due_on": ""}, "starts_on"),
        ({"schedule": "daily", "days": "5", "due_on": ""}, "starts_on"),
    ],
)
def test_homework_more_than_two_years_ahead_is_refused_with_a_message_beside_the_field(
    library, therapist, care_client, schedule, field
):
    practice = Practice.objects.get(slug=BREAK)
    far = "2030-01-01"
    data = assign_data(practice, **{"starts_on": far, "due_on": far, **schedule})
    response = logged_in(therapist).post(f"/care/clients/{care_client.pk}/assign/", data)
    assert response.status_code == 400
    assert error_beside(response.content.decode(), field, AHEAD_MESSAGE)
    assert not Assignment.objects.exists()


def test_a_far_do_it_by_date_left_over_from_once_is_not_held_against_a_weekly_schedule(
    library, therapist, care_client
):
    practice = Practice.objects.get(slug=BREAK)
    data = assign_data(
        practice, schedule="weekly", times_per_week="2", weeks="3", due_on="2030-01-01"
    )
    response = logged_in(therapist).post(f"/care/clients/{care_client.pk}/assign/", data)
    assert response.status_code == 303
    assert Assignment.objects.get().due_on is None


def test_homework_can_start_two_years_ahead_in_the_clients_own_day(library, therapist, care_client):
    practice = Practice.objects.get(slug=BREAK)
    last = shift(TODAY, 2 * 365).isoformat()
    response = logged_in(therapist).post(
        f"/care/clients/{care_client.pk}/assign/",
        assign_data(practice, starts_on=last, due_on=last),
    )
    assert response.status_code == 303
    assert Assignment.objects.get().starts_on.isoformat() == last


@pytest.mark.parametrize("value", [*OUT_OF_WINDOW, "2030-01-01"])
def test_a_series_starting_outside_the_window_or_years_ahead_is_refused_beside_the_field(
    library, therapist, care_client, value
):
    response = logged_in(therapist).post(
        f"/care/clients/{care_client.pk}/series/", series_data(starts_on=value)
    )
    assert response.status_code == 400
    message = AHEAD_MESSAGE if value == "2030-01-01" else WINDOW_MESSAGE
    assert error_beside(response.content.decode(), "starts_on", message)
    assert not Series.objects.exists()


def test_changing_homework_to_a_date_outside_the_window_is_refused_and_nothing_changes(
    library, therapist, care_client
):
    practice = Practice.objects.get(slug=BREAK)
    assignment = assign_practice(
        therapist, care_client, practice, starts_on=TODAY, due_on=shift(TODAY, 7)
    )
    response = logged_in(therapist).post(
        f"/care/assignments/{assignment.pk}/",
        assign_data(practice, starts_on="9999-12-30", due_on="9999-12-31"),
    )
    assert response.status_code == 400
    assert error_beside(response.content.decode(), "starts_on", WINDOW_MESSAGE)
    assignment.refresh_from_db()
    assert assignment.starts_on == TODAY


def test_homework_already_stored_at_the_end_of_the_calendar_can_be_opened_and_put_right(
    library, therapist, care_client
):
    practice = Practice.objects.get(slug=BREAK)
    assignment = assign_practice(therapist, care_client, practice, starts_on=TODAY, due_on=TODAY)
    Assignment.objects.filter(pk=assignment.pk).update(
        starts_on=date(9999, 12, 30), due_on=date.max
    )
    theo = logged_in(therapist)
    assert theo.get(f"/care/assignments/{assignment.pk}/").status_code == 200
    response = theo.post(f"/care/assignments/{assignment.pk}/", assign_data(practice))
    assert response.status_code == 303
    assignment.refresh_from_db()
    assert (assignment.starts_on, assignment.due_on) == (TODAY, date(2026, 3, 18))


def test_the_date_pickers_offer_only_the_window(library, therapist, care_client):
    html = logged_in(therapist).get(f"/care/clients/{care_client.pk}/assign/").content.decode()
    assert 'min="1900-01-01"' in html and 'max="2199-12-31"' in html


@pytest.mark.parametrize(
    "write",
    [
        lambda therapist, client, practice: assign_practice(
            therapist, client, practice, starts_on=date(9999, 12, 30), due_on=date.max
        ),
        lambda therapist, client, practice: assign_practice(
            therapist, client, practice, starts_on=TODAY, due_on=date(2200, 1, 1)
        ),
        lambda therapist, client, practice: assign_series(
            therapist, client, [practice, practice], title="Far", starts_on=date(1, 1, 1)
        ),
    ],
    ids=["assign-far-ahead", "due-after-2199", "series-in-year-1"],
)
def test_the_homework_services_refuse_dates_outside_the_window_whoever_calls_them(
    library, therapist, care_client, write
):
    with pytest.raises(ValidationError):
        write(therapist, care_client, Practice.objects.get(slug=BREAK))
    assert not Assignment.objects.exists() and not Series.objects.exists()


def test_changing_homework_through_the_service_refuses_dates_outside_the_window(
    library, therapist, care_client
):
    practice = Practice.objects.get(slug=BREAK)
    assignment = assign_practice(therapist, care_client, practice, starts_on=TODAY, due_on=TODAY)
    with pytest.raises(ValidationError):
        edit_assignment(
            assignment,
            practice=practice,
            note="",
            schedule=Schedule.ONCE,
            starts_on=date(9999, 12, 30),
            due_on=date.max,
            times_per_week=None,
            weeks=None,
            days=None,
        )
    assignment.refresh_from_db()
    assert assignment.starts_on == TODAY


# Typing a date: the journal's filters --------------------------------------------------------


@pytest.mark.parametrize(("field", "value"), [("start", "0001-01-01"), ("end", "9999-12-31")])
def test_a_journal_filter_date_outside_the_window_gets_a_message_beside_the_field(
    robin_client, field, value
):
    response = robin_client.get(f"/journal/?{field}={value}")
    assert response.status_code == 200
    assert error_beside(response.content.decode(), field, WINDOW_MESSAGE)


# Rows already stored at the ends of the calendar ---------------------------------------------

END, START = datetime(9999, 12, 31, 23, 0, tzinfo=UTC), datetime(1, 1, 1, 0, 30, tzinfo=UTC)


def homework_at(world, day: date) -> None:
    """Every kind of homework in the world made to start on `day`, bypassing the forms."""
    Assignment.objects.filter(pk=world.assignment.pk).update(starts_on=day)
    Series.objects.filter(pk=world.series.pk).update(
        starts_on=day, unlock=Unlock.AFTER_DAYS, unlock_days=60
    )
    Assignment.objects.filter(series=world.series).update(starts_on=day)
    practice = world.assignment.practice
    for schedule in ({"days": 365, "schedule": Schedule.DAILY}, {"due_on": TODAY}):
        made = assign_practice(world.therapist, world.client, practice, starts_on=TODAY, **schedule)
        due_on = date.max if made.schedule == Schedule.ONCE else None
        Assignment.objects.filter(pk=made.pk).update(starts_on=day, due_on=due_on)


def writing_at(world, moment: datetime) -> None:
    """The client's entries, their runs and a looking-back note all dated `moment`."""
    entries = Entry.objects.filter(pk__in=[world.shared_entry.pk, world.private_entry.pk])
    EntryNoteFactory(entry=world.shared_entry, text="Looking back.")
    runs = Run.objects.filter(entry__in=entries)
    runs.update(started_at=moment, finished_at=moment)
    Run.objects.filter(pk=world.open_run.pk).update(started_at=moment)
    entries.update(created_at=moment, updated_at=moment)
    EntryNote.objects.filter(entry=world.shared_entry).update(created_at=moment)


BAD_ROWS = {
    "homework-at-the-end": lambda world: homework_at(world, date(9999, 12, 30)),
    "homework-in-year-1": lambda world: homework_at(world, date(1, 1, 1)),
    "writing-at-the-end": lambda world: writing_at(world, END),
    "writing-in-year-1": lambda world: writing_at(world, START),
}


@pytest.fixture(params=ZONES)
def odd_world(request, library, therapist, care_client, other_therapist, other_client):
    """The care world, with everyone in a far time zone; the test adds the odd rows."""
    world = build_care_world(therapist, care_client, other_therapist, other_client, TODAY)
    for person in (therapist, care_client):
        in_zone(person, request.param)
    care_client.homework_reminders = True
    care_client.save(update_fields=["homework_reminders"])
    return world


def client_pages(world) -> list[str]:
    entry, private = world.shared_entry.pk, world.private_entry.pk
    return [
        "/",
        "/homework/",
        "/journal/",
        "/journal/?start=2026-01-01&end=2026-12-31",
        "/journal/?q=garden",
        f"/journal/entries/{entry}/",
        f"/journal/entries/{private}/",
        f"/journal/entries/{entry}/edit/",
        f"/journal/parts/{world.part.pk}/",
        "/progress/",
        "/progress/?range=30",
        "/progress/?range=all",
        "/sharing/",
        "/journal/export/",
        "/journal/export/tend-journal.json",
        "/journal/export/print/",
    ]


def therapist_pages(world) -> list[str]:
    client = world.client.pk
    return [
        "/",
        "/care/",
        f"/care/clients/{client}/",
        f"/care/assignments/{world.assignment.pk}/",
        f"/care/clients/{client}/entries/{world.shared_entry.pk}/",
        "/progress/",
    ]


def broken_pages(person, pages) -> list[tuple[str, int]]:
    browser = Client(raise_request_exception=False)
    browser.force_login(person)
    answers = [(page, browser.get(page).status_code) for page in pages]
    return [(page, status) for page, status in answers if status != 200]


@pytest.mark.parametrize("bad", BAD_ROWS)
def test_rows_at_the_ends_of_the_calendar_never_break_a_page_in_a_far_time_zone(odd_world, bad):
    BAD_ROWS[bad](odd_world)
    assert broken_pages(odd_world.client, client_pages(odd_world)) == []
    assert broken_pages(odd_world.therapist, therapist_pages(odd_world)) == []


@pytest.mark.parametrize("bad", BAD_ROWS)
def test_rows_at_the_ends_of_the_calendar_never_stop_the_reminder_run(odd_world, bad):
    BAD_ROWS[bad](odd_world)
    call_command("send_homework_reminders", "--hour", "0", stdout=StringIO(), stderr=StringIO())


def test_homework_stored_at_the_end_of_the_calendar_still_shows_its_therapist_to_put_right(
    odd_world,
):
    homework_at(odd_world, date(9999, 12, 30))
    page = logged_in(odd_world.therapist).get(f"/care/clients/{odd_world.client.pk}/")
    assert f"/care/assignments/{odd_world.assignment.pk}/" in page.content.decode()


@pytest.mark.parametrize("bad", ["writing-at-the-end", "writing-in-year-1"])
def test_the_markdown_export_reads_writing_at_the_ends_of_the_calendar(odd_world, bad):
    BAD_ROWS[bad](odd_world)
    response = logged_in(odd_world.client).get("/journal/export/tend-journal.md")
    assert response.status_code == 200
    # The status goes out before the file does: the whole file must arrive, not cut short.
    text = response.getvalue().decode()
    assert text.startswith("# ")
    assert "not complete" not in text


@pytest.mark.parametrize("page", ["/journal/trash/", "entry"])
def test_an_entry_put_in_the_trash_at_the_end_of_the_calendar_still_shows(
    library, practitioner, page
):
    from journal.services import create_entry

    entry = create_entry(practitioner, title="", body="Kept.", feeling=None, tags=[])
    Entry.objects.filter(pk=entry.pk).update(deleted_at=END)
    url = f"/journal/entries/{entry.pk}/" if page == "entry" else page
    assert logged_in(practitioner).get(url).status_code == 200


# The reminder run: one bad assignment never stops the others ---------------------------------


@pytest.fixture
def olive_due_today(library, therapist, other_client):
    """Olive (Paris, 16:00 now) asked for reminders and has homework due today."""
    other_client.homework_reminders = True
    other_client.save(update_fields=["homework_reminders"])
    practice = Practice.objects.get(slug=BREAK)
    return assign_practice(therapist, other_client, practice, starts_on=TODAY, due_on=TODAY)


def test_homework_starting_at_the_end_of_the_calendar_does_not_stop_reminders_for_others(
    library, therapist, care_client, olive_due_today, mailoutbox
):
    care_client.homework_reminders = True
    care_client.save(update_fields=["homework_reminders"])
    practice = Practice.objects.get(slug=BREAK)
    weekly = assign_practice(
        therapist,
        care_client,
        practice,
        schedule=Schedule.WEEKLY,
        starts_on=TODAY,
        times_per_week=2,
        weeks=3,
    )
    Assignment.objects.filter(pk=weekly.pk).update(starts_on=date(9999, 12, 30))
    call_command("send_homework_reminders", stdout=StringIO(), stderr=StringIO())
    assert [message.to for message in mailoutbox] == [[olive_due_today.client.email]]


def test_one_assignment_whose_schedule_cannot_be_worked_out_is_left_out_and_the_rest_are_sent(
    library, therapist, care_client, olive_due_today, mailoutbox, caplog
):
    care_client.homework_reminders = True
    care_client.save(update_fields=["homework_reminders"])
    practice = Practice.objects.get(slug=BREAK)
    broken = assign_practice(therapist, care_client, practice, starts_on=TODAY, due_on=TODAY)

    from journal import homework

    real = homework.dues_for

    def dues_for(assignment, done_days):
        if assignment.pk == broken.pk:
            raise RuntimeError("something nobody foresaw")
        return real(assignment, done_days)

    out, err = StringIO(), StringIO()
    with mock.patch.object(homework, "dues_for", dues_for), pytest.raises(CommandError):
        call_command("send_homework_reminders", stdout=out, stderr=err)
    assert [message.to for message in mailoutbox] == [[olive_due_today.client.email]]
    assert "Sent 1 reminder email about 1 due item." in out.getvalue()
    assert f"assignment {broken.pk}" in err.getvalue()
    assert "RuntimeError" in err.getvalue()
    said = err.getvalue() + caplog.text
    for private in (care_client.username, care_client.email, practice.title, "nobody foresaw"):
        assert private not in said
