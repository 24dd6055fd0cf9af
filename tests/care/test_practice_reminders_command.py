"""Practice reminders by email, from the same command as homework reminders: once per chosen
slot in each person's own zone, only to those who turned email on at a confirmed address,
never with journal words, and with a one-click way to stop."""

from datetime import UTC, datetime, time, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from care.models import PracticeReminder, PracticeReminderSent
from tests.conftest import write_entry

PRIVATE = "I told nobody about the letter from the hospital."
# Wednesday 5 March 2025, 14:00 UTC: 08:00 in Chicago, 15:00 in Paris.
EIGHT_IN_CHICAGO = datetime(2025, 3, 5, 14, 0, tzinfo=UTC)


def remind() -> str:
    out = StringIO()
    call_command("send_homework_reminders", stdout=out, stderr=StringIO())
    return out.getvalue()


def at(moment):
    return time_machine.travel(moment, tick=False)


def wants(person, days="2", at_time=time(8, 0), *, by_email=True, set_on=None):
    """`person` asked to be emailed on `days` (0 is Monday) at `at_time` in their zone."""
    return PracticeReminder.objects.update_or_create(
        user=person,
        defaults={
            "days": days,
            "at": at_time,
            "by_email": by_email,
            "updated_at": set_on or datetime(2025, 1, 1, tzinfo=UTC),
        },
    )[0]


@pytest.fixture
def chicago(make_person):
    return make_person("casey", time_zone="America/Chicago")


def test_a_slot_is_emailed_once_however_often_the_command_runs(chicago, mailoutbox):
    wants(chicago)
    with at(EIGHT_IN_CHICAGO - timedelta(minutes=1)):
        remind()
    assert mailoutbox == []
    with at(EIGHT_IN_CHICAGO):
        output = remind()
        remind()
    with at(EIGHT_IN_CHICAGO + timedelta(hours=1)):
        again = remind()
    assert [message.to for message in mailoutbox] == [[chicago.email]]
    assert "Sent 1 practice reminder." in output
    assert "Sent 0 practice reminders." in again
    assert list(PracticeReminderSent.objects.values_list("user_id", "day", "at")) == [
        (chicago.pk, EIGHT_IN_CHICAGO.date(), time(8, 0))
    ]


def test_only_chosen_days_in_the_persons_own_zone(chicago, make_person, mailoutbox):
    paris = make_person("pat", time_zone="Europe/Paris")
    wants(chicago, days="2")  # Wednesdays, 08:00 in Chicago
    wants(paris, days="3")  # Thursdays, 08:00 in Paris
    with at(EIGHT_IN_CHICAGO):
        remind()
    assert [message.to for message in mailoutbox] == [[chicago.email]]
    with at(datetime(2025, 3, 6, 7, 0, tzinfo=UTC)):  # Thursday, 08:00 in Paris
        remind()
    assert [message.to for message in mailoutbox][1:] == [[paris.email]]


def test_each_chosen_day_is_its_own_slot(chicago, mailoutbox):
    wants(chicago, days="23")  # Wednesdays and Thursdays
    with at(EIGHT_IN_CHICAGO):
        remind()
    with at(EIGHT_IN_CHICAGO + timedelta(days=1)):
        remind()
    with at(EIGHT_IN_CHICAGO + timedelta(days=2)):
        remind()
    assert len(mailoutbox) == 2


def test_a_slot_before_the_reminder_was_set_or_long_past_is_not_sent(chicago, mailoutbox):
    wants(chicago, set_on=EIGHT_IN_CHICAGO + timedelta(minutes=30))
    with at(EIGHT_IN_CHICAGO + timedelta(hours=1)):
        remind()
    wants(chicago, set_on=datetime(2025, 1, 1, tzinfo=UTC))
    with at(EIGHT_IN_CHICAGO + timedelta(hours=4)):  # cron was down all morning
        remind()
    assert mailoutbox == []


def test_a_late_evening_slot_is_still_sent_just_after_midnight(chicago, mailoutbox):
    wants(chicago, days="2", at_time=time(23, 30))  # Wednesday 23:30 in Chicago
    with at(datetime(2025, 3, 6, 6, 5, tzinfo=UTC)):  # Thursday 00:05 in Chicago
        remind()
    assert len(mailoutbox) == 1
    assert PracticeReminderSent.objects.get().day.isoformat() == "2025-03-05"


@pytest.mark.parametrize(
    "change",
    [
        {"by_email": False},
        {"email_confirmed_at": None},
        {"email": ""},
        {"is_active": False},
    ],
)
def test_nobody_is_emailed_without_asking_or_without_a_confirmed_address(
    chicago, mailoutbox, change
):
    wants(chicago, by_email=change.pop("by_email", True))
    for name, value in change.items():
        setattr(chicago, name, value)
    chicago.save()
    with at(EIGHT_IN_CHICAGO):
        remind()
    assert mailoutbox == []


def test_the_email_has_no_journal_words_and_a_one_click_way_to_stop(chicago, mailoutbox):
    write_entry(chicago, PRIVATE, title="The letter")
    wants(chicago)
    with at(EIGHT_IN_CHICAGO):
        remind()
    [email] = mailoutbox
    assert PRIVATE not in email.body and "The letter" not in email.body
    assert "Wednesday at 08:00 (America/Chicago)" in email.body
    url = email.extra_headers["List-Unsubscribe"].strip("<>")
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert url.startswith("http://127.0.0.1:8000/reminders/unsubscribe/")
    assert url in email.body
    path = url.removeprefix("http://127.0.0.1:8000")

    # A link checker opening it changes nothing; the page asks first.
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(path)
    assert page.status_code == 200
    assert "Stop reminder emails" in page.content.decode()
    assert PracticeReminder.objects.get(user=chicago).by_email is True

    # A mail app's one-click POST, without a CSRF token, turns email off.
    done = browser.post(path, {"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200
    assert "no more reminder emails" in done.content.decode()
    reminder = PracticeReminder.objects.get(user=chicago)
    assert reminder.by_email is False
    assert (reminder.days, reminder.at) == ("2", time(8, 0))  # the calendar keeps its times
    with at(EIGHT_IN_CHICAGO + timedelta(days=7)):
        remind()
    assert len(mailoutbox) == 1


@pytest.mark.parametrize("token", ["not-signed", "MQ:forged:signature"])
def test_a_tampered_unsubscribe_link_answers_404(chicago, client, token):
    wants(chicago)
    assert client.get(f"/reminders/unsubscribe/{token}/").status_code == 404
    assert client.post(f"/reminders/unsubscribe/{token}/").status_code == 404
    assert PracticeReminder.objects.get(user=chicago).by_email is True


# Nights the clocks change -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "chosen"), [("Europe/London", "01:30"), ("Europe/Paris", "02:30")]
)
def test_a_time_the_clocks_skip_is_sent_at_the_first_real_moment_after_it(
    make_person, mailoutbox, zone, chosen
):
    person = make_person("sam", time_zone=zone)
    hour, minute = map(int, chosen.split(":"))
    wants(person, days="6", at_time=time(hour, minute))  # Sundays
    # Sunday 29 March 2026: both zones jump forward at 01:00 UTC.
    with at(datetime(2026, 3, 29, 0, 59, tzinfo=UTC)):
        remind()
    assert mailoutbox == []
    with at(datetime(2026, 3, 29, 1, 0, tzinfo=UTC)):
        output = remind()
    assert "Sent 1 practice reminder." in output
    with at(datetime(2026, 3, 29, 2, 0, tzinfo=UTC)):
        remind()
    assert len(mailoutbox) == 1


def test_a_time_that_happens_twice_is_sent_the_first_time_only(make_person, mailoutbox):
    person = make_person("sam", time_zone="Europe/London")
    wants(person, days="6", at_time=time(1, 30))
    # Sunday 25 October 2026: 01:30 happens at 00:30 UTC (summer time) and 01:30 UTC.
    with at(datetime(2026, 10, 25, 0, 30, tzinfo=UTC)):
        remind()
    with at(datetime(2026, 10, 25, 1, 30, tzinfo=UTC)):
        remind()
    assert len(mailoutbox) == 1


# Query bounds -----------------------------------------------------------------------------


def queries_for_a_run() -> int:
    with CaptureQueriesContext(connection) as queries:
        remind()
    return len(queries)


def test_the_run_takes_the_same_few_queries_for_one_person_or_twenty(make_person, mailoutbox):
    with at(EIGHT_IN_CHICAGO):
        wants(make_person("first", time_zone="America/Chicago"))
        first_for_one = queries_for_a_run()
        again_for_one = queries_for_a_run()
        for number in range(20):
            wants(make_person(f"more{number}", time_zone="America/Chicago"))
        first_for_twenty = queries_for_a_run()
        again_for_twenty = queries_for_a_run()
    assert len(mailoutbox) == 21
    assert again_for_one == again_for_twenty
    per_email = first_for_one - again_for_one
    assert first_for_twenty - again_for_twenty == 20 * per_email
    assert per_email <= 3
    assert timezone.now() > EIGHT_IN_CHICAGO  # the clock came back
