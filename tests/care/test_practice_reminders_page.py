"""Reminders of one's own at /reminders/: days and a time in one's zone, email only to a
confirmed address, what happens on a night the clocks change, and the private calendar feed
(a token kept only as its hash, revoked and replaced, and never any journal words)."""

import hashlib
import re
from datetime import UTC, date, datetime, time, timedelta
from html import unescape

import pytest
import time_machine
from icalendar import Calendar

from care.models import PracticeReminder
from care.services import assign_practice
from practices.models import Practice
from tests.conftest import BREAK, logged_in, write_entry

PRIVATE = "The kettle whistled and I finally cried about Dad."
FEED_LINK = re.compile(r'id="feed-link"[^>]*value="([^"]+)"')


def save(client, **data):
    form = {"action": "save", "days": ["0", "2", "4"], "at": "07:30", **data}
    return client.post("/reminders/", form)


def reminder_of(person) -> PracticeReminder | None:
    return PracticeReminder.objects.filter(user=person).first()


def make_link(client) -> str:
    response = client.post("/reminders/calendar/")
    assert response.status_code == 303
    page = client.get("/reminders/").content.decode()
    match = FEED_LINK.search(page)
    assert match, "the new calendar link is shown"
    return match.group(1)


def path_of(url: str) -> str:
    return url.split("testserver", 1)[1]


def parse(response) -> Calendar:
    assert response.status_code == 200
    return Calendar.from_ical(response.content)


# The form ---------------------------------------------------------------------------------


def test_a_person_chooses_days_and_a_time_in_their_own_zone(robin_client, practitioner):
    page = robin_client.get("/reminders/")
    assert "No reminders set yet." in page.content.decode()
    assert "America/New_York" in page.content.decode()
    assert reminder_of(practitioner) is None  # opening the page makes nothing

    response = save(robin_client, by_email="on")

    assert response.status_code == 303
    reminder = reminder_of(practitioner)
    assert (reminder.weekdays, reminder.at, reminder.by_email) == ([0, 2, 4], time(7, 30), True)
    page = robin_client.get("/reminders/").content.decode()
    assert "Now: Monday, Wednesday, Friday at 07:30, by email too." in page
    assert 'value="07:30"' in page


def test_settings_lead_to_the_reminders_page(robin_client):
    page = robin_client.get("/accounts/settings/").content.decode()
    assert 'href="/reminders/"' in page


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"days": []}, "days", "Choose at least one day."),
        ({"days": ["9"]}, "days", "Choose days from the list."),
        ({"at": "25:99"}, "at", "like 08:30"),
        ({"at": "half past seven"}, "at", "like 08:30"),
        ({"at": ""}, "at", "Choose a time, like 08:30."),
    ],
)
def test_bad_input_gets_a_message_beside_the_field_and_nothing_is_saved(
    robin_client, practitioner, data, field, message
):
    save(robin_client, days=["6"], at="21:00")
    before = reminder_of(practitioner)

    response = save(robin_client, **data)

    assert response.status_code == 200
    html = response.content.decode()
    errors = re.search(rf'<ul class="field-errors" id="id_{field}_error">(.*?)</ul>', html, re.S)
    assert errors and message in errors.group(1)
    after = reminder_of(practitioner)
    assert (after.days, after.at, after.by_email) == (before.days, before.at, before.by_email)


def test_email_is_only_for_a_confirmed_address(make_person):
    person = make_person("waiting", email="waiting@example.org")
    person.email_confirmed_at = None
    person.save(update_fields=["email_confirmed_at"])
    client = logged_in(person)

    response = save(client, by_email="on")

    assert response.status_code == 200
    assert "Emails go only to an address you've confirmed." in unescape(response.content.decode())
    assert reminder_of(person) is None
    assert save(client).status_code == 303  # without email it saves


def test_reminders_can_be_turned_off(robin_client, practitioner):
    save(robin_client, by_email="on")
    robin_client.post("/reminders/", {"action": "stop"})
    reminder = reminder_of(practitioner)
    assert (reminder.days, reminder.at, reminder.by_email) == ("", None, False)
    assert "No reminders set yet." in robin_client.get("/reminders/").content.decode()


@pytest.mark.parametrize(
    ("zone", "chosen", "instead"),
    [("Europe/London", "01:30", "02:00"), ("Europe/Paris", "02:30", "03:00")],
)
def test_the_page_says_plainly_what_happens_when_the_clocks_skip_the_time(
    make_person, zone, chosen, instead
):
    person = make_person("sam", time_zone=zone)
    client = logged_in(person)
    with time_machine.travel(datetime(2026, 3, 20, 12, tzinfo=UTC), tick=False):
        assert save(client, days=["6"], at=chosen).status_code == 303  # Sundays
        page = client.get("/reminders/").content.decode()
    assert (
        "On Sunday 29 March the clocks go forward and that time doesn&#x27;t happen, so that "
        f"day we&#x27;ll remind you at {instead}, the moment the clocks change." in page
    )
    assert "On Sunday 25 October the clocks go back and that time happens twice" in page


# The calendar feed ------------------------------------------------------------------------


@pytest.fixture
def casey_with_homework(care_client, therapist, library):
    today = date.today()
    assign_practice(
        therapist,
        care_client,
        Practice.objects.get(slug=BREAK),
        note="Only for Casey's eyes: the harbour image.",
        starts_on=today,
        due_on=today + timedelta(days=3),
    )
    write_entry(care_client, PRIVATE, title="Sunday")
    return care_client


def test_the_feed_has_the_weekly_reminder_in_the_persons_zone_and_homework_due_dates(
    casey_with_homework, client
):
    casey = logged_in(casey_with_homework)
    save(casey, days=["1", "3"], at="18:45")
    url = make_link(casey)
    assert url.startswith("http://testserver/reminders/calendar/")

    response = client.get(path_of(url))  # a calendar app: no login

    assert response["Content-Type"].startswith("text/calendar")
    assert response["Cache-Control"] == "private, no-store"
    calendar = parse(response)
    events = calendar.walk("VEVENT")
    weekly = next(event for event in events if "RRULE" in event)
    assert weekly["RRULE"]["FREQ"] == ["WEEKLY"]
    assert weekly["RRULE"]["BYDAY"] == ["TU", "TH"]
    start = weekly.decoded("DTSTART")
    assert (start.hour, start.minute, str(start.tzinfo)) == (18, 45, "America/Chicago")
    assert start.weekday() in (1, 3)
    assert weekly.to_ical().count(b"TZID=America/Chicago") >= 1
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["America/Chicago"]
    assert weekly["URL"] == "http://testserver/"
    [homework] = [event for event in events if "RRULE" not in event]
    assert homework.decoded("DTSTART") == date.today() + timedelta(days=3)
    assert str(homework["SUMMARY"]) == "Homework: A self-compassion break"
    body = response.content.decode()
    assert PRIVATE not in body
    assert "harbour" not in body


def test_the_link_is_shown_once_and_only_its_hash_is_kept(robin_client, practitioner):
    url = make_link(robin_client)
    token = url.rsplit("/", 1)[1].removesuffix(".ics")
    assert len(token) >= 43
    reminder = reminder_of(practitioner)
    assert reminder.feed_token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(list(PracticeReminder.objects.values_list()))
    again = robin_client.get("/reminders/").content.decode()
    assert token not in again
    assert "can't be shown again" in again


def test_a_revoked_or_replaced_link_answers_404(robin_client, client):
    old = make_link(robin_client)
    new = make_link(robin_client)
    assert client.get(path_of(old)).status_code == 404
    assert client.get(path_of(new)).status_code == 200

    robin_client.post("/reminders/calendar/revoke/")

    assert client.get(path_of(new)).status_code == 404
    assert "Make my calendar link" in robin_client.get("/reminders/").content.decode()


@pytest.mark.parametrize("token", ["wrong", "x" * 43, "a" * 500])
def test_a_wrong_token_answers_404(robin_client, client, token):
    make_link(robin_client)
    assert client.get(f"/reminders/calendar/{token}.ics").status_code == 404


def test_a_feed_of_someone_who_left_answers_404(robin_client, client, practitioner):
    url = make_link(robin_client)
    practitioner.is_active = False
    practitioner.save(update_fields=["is_active"])
    assert client.get(path_of(url)).status_code == 404


def test_a_feed_with_no_days_chosen_still_holds_the_homework(casey_with_homework, client):
    url = make_link(logged_in(casey_with_homework))
    events = parse(client.get(path_of(url))).walk("VEVENT")
    assert [str(event["SUMMARY"]) for event in events] == ["Homework: A self-compassion break"]


# Query bounds -----------------------------------------------------------------------------


def test_the_page_and_the_feed_take_the_same_few_queries_however_much_homework(
    care_client, therapist, library, client, django_assert_max_num_queries
):
    casey = logged_in(care_client)
    save(casey)
    url = make_link(casey)
    practices = list(Practice.objects.in_library()[:12])
    for practice in practices:
        assign_practice(therapist, care_client, practice, starts_on=date.today())
    with django_assert_max_num_queries(8):
        assert casey.get("/reminders/").status_code == 200
    with django_assert_max_num_queries(3):
        events = parse(client.get(path_of(url))).walk("VEVENT")
    assert len(events) == 1 + len(practices)
