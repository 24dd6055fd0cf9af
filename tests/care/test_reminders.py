"""Email reminders for homework due today: opt-in, once per due item, in each client's own
morning, and never with anything the client wrote (or the therapist's note) in them."""

from datetime import UTC, date, datetime
from io import StringIO
from unittest import mock

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from care.models import ReminderSent
from care.services import assign_practice, set_status
from compassion_site.accounts.models import CareLink
from journal.models import Run
from journal.sharing import end_link
from practices.models import Practice, Schedule, Status
from tests.conftest import BREAK, write_entry
from tests.factories import AnswerFactory, CareLinkFactory, RunFactory

WED = date(2025, 3, 5)
# 15:00 UTC on Wednesday 5 March 2025: 09:00 in Chicago, 16:00 in Paris.
MORNING_IN_CHICAGO = datetime(2025, 3, 5, 15, 0, tzinfo=UTC)
NOTE = "Remember the harbour image from our session."


def remind(*args) -> str:
    out = StringIO()
    call_command("send_homework_reminders", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def at(moment):
    return time_machine.travel(moment, tick=False)


def wants_reminders(person):
    person.homework_reminders = True
    person.save(update_fields=["homework_reminders"])
    return person


def due_today(therapist, client, slug=BREAK, **schedule):
    schedule.setdefault("starts_on", WED)
    if schedule.get("schedule", Schedule.ONCE) == Schedule.ONCE:
        schedule.setdefault("due_on", WED)
    return assign_practice(
        therapist, client, Practice.objects.get(slug=slug), note=NOTE, **schedule
    )


@pytest.fixture
def casey(care_client, library):
    """Casey (Chicago) has asked for reminders."""
    return wants_reminders(care_client)


def test_only_clients_who_asked_are_reminded(casey, other_client, therapist, mailoutbox):
    due_today(therapist, casey)
    due_today(therapist, other_client)  # Olive hasn't turned reminders on
    with at(MORNING_IN_CHICAGO):
        output = remind()
    assert [message.to for message in mailoutbox] == [[casey.email]]
    assert "Sent 1 reminder email about 1 due item." in output


def test_a_reminder_is_sent_once_however_often_the_command_runs(casey, therapist, mailoutbox):
    assignment = due_today(therapist, casey)
    with at(MORNING_IN_CHICAGO):
        remind()
        output = remind()
    with at(datetime(2025, 3, 5, 22, 0, tzinfo=UTC)):
        remind()
    assert len(mailoutbox) == 1
    assert "Sent 0 reminder emails about 0 due items." in output
    assert list(ReminderSent.objects.values_list("assignment_id", "due_on")) == [
        (assignment.pk, WED)
    ]


def test_one_email_lists_everything_due_today(casey, therapist, other_therapist, mailoutbox):
    due_today(therapist, casey)
    due_today(therapist, casey, "cft-grounding", schedule=Schedule.DAILY, days=3)
    due_today(therapist, casey, "msc-soothing-touch", due_on=date(2025, 3, 9))  # not today
    with at(MORNING_IN_CHICAGO):
        output = remind()
    [email] = mailoutbox
    assert "A self-compassion break" in email.body
    assert "A minute to steady yourself" in email.body
    assert "Soothing touch" not in email.body
    assert email.body.count("from Theo Marsh") == 2
    assert "about 2 due items" in output


def test_a_daily_practice_is_reminded_again_the_next_day(casey, therapist, mailoutbox):
    due_today(therapist, casey, schedule=Schedule.DAILY, days=3)
    with at(MORNING_IN_CHICAGO):
        remind()
    with at(datetime(2025, 3, 6, 15, 0, tzinfo=UTC)):
        remind()
    assert len(mailoutbox) == 2
    assert sorted(ReminderSent.objects.values_list("due_on", flat=True)) == [
        WED,
        date(2025, 3, 6),
    ]


def test_nobody_hears_before_the_morning_hour_of_their_own_day(
    casey, other_client, therapist, mailoutbox
):
    wants_reminders(other_client)
    due_today(therapist, casey)
    due_today(therapist, other_client)
    # 13:00 UTC: 07:00 in Chicago, 14:00 in Paris.
    with at(datetime(2025, 3, 5, 13, 0, tzinfo=UTC)):
        remind()
        assert [message.to for message in mailoutbox] == [[other_client.email]]
        remind("--hour", "7")
    assert [message.to for message in mailoutbox] == [[other_client.email], [casey.email]]


def test_today_is_the_clients_own_day(casey, other_client, therapist, mailoutbox):
    wants_reminders(other_client)
    due_today(therapist, casey)
    due_today(therapist, other_client)
    # 03:00 UTC on Thursday: still Wednesday evening in Chicago, Thursday morning in Paris.
    with at(datetime(2025, 3, 6, 3, 0, tzinfo=UTC)):
        remind("--hour", "0")
    assert [message.to for message in mailoutbox] == [[casey.email]]


def test_the_email_has_no_journal_text_and_not_even_the_therapists_note(
    casey, therapist, mailoutbox
):
    assignment = due_today(therapist, casey, schedule=Schedule.DAILY, days=2)
    secret = "Zanzibar-violet-umbrella my sister said"
    write_entry(casey, body=secret, title=f"About {secret}")
    earlier = RunFactory(
        user=casey,
        practice=assignment.practice,
        practice_version=assignment.practice.version,
        assignment=assignment,
        status=Run.Status.FINISHED,
        feeling_before=secret[:30],
        finished_at=datetime(2025, 3, 4, 18, 0, tzinfo=UTC),
    )
    AnswerFactory(
        run=earlier,
        step_key="difficulty",
        position=2,
        kind="write",
        step_title="Difficulty",
        text=secret,
    )
    with at(MORNING_IN_CHICAGO):
        remind("--base-url", "https://tend.example.org/")
    [email] = mailoutbox
    everything = email.subject + email.body + str(email.message())
    assert "Zanzibar" not in everything
    assert "harbour" not in everything
    assert NOTE not in everything
    assert "A self-compassion break" in email.body
    assert "Theo Marsh" in email.body
    assert "https://tend.example.org/homework/" in email.body
    assert "https://tend.example.org/accounts/settings/" in email.body
    assert not email.alternatives  # plain text only


@pytest.mark.parametrize("status", [Status.PAUSED, Status.ENDED])
def test_paused_or_ended_homework_is_not_reminded(casey, therapist, mailoutbox, status):
    assignment = due_today(therapist, casey)
    set_status(assignment, status)
    with at(MORNING_IN_CHICAGO):
        remind()
    assert mailoutbox == []


def test_homework_already_done_today_is_not_reminded(casey, therapist, mailoutbox):
    assignment = due_today(therapist, casey)
    RunFactory(
        user=casey,
        practice=assignment.practice,
        practice_version=assignment.practice.version,
        assignment=assignment,
        status=Run.Status.FINISHED,
        finished_at=datetime(2025, 3, 5, 13, 0, tzinfo=UTC),
    )
    with at(MORNING_IN_CHICAGO):
        remind()
    assert mailoutbox == []
    assert not ReminderSent.objects.exists()


def test_homework_from_a_therapist_no_longer_linked_is_not_reminded(casey, therapist, mailoutbox):
    due_today(therapist, casey)
    end_link(CareLink.objects.get(therapist=therapist, client=casey), casey)
    with at(MORNING_IN_CHICAGO):
        remind()
    assert mailoutbox == []


def test_when_sending_fails_nothing_is_recorded_and_the_next_run_tries_again(
    casey, therapist, mailoutbox
):
    due_today(therapist, casey)
    with (
        at(MORNING_IN_CHICAGO),
        mock.patch(
            "care.management.commands.send_homework_reminders.send_mail",
            side_effect=ConnectionRefusedError,
        ),
        pytest.raises(CommandError, match="the next run will try again"),
    ):
        remind()
    assert not ReminderSent.objects.exists()
    with at(MORNING_IN_CHICAGO):
        remind()
    assert len(mailoutbox) == 1
    assert ReminderSent.objects.count() == 1


def clients_with_homework(count, make_person, therapist, prefix):
    for number in range(count):
        person = wants_reminders(make_person(f"{prefix}{number}", time_zone="America/Chicago"))
        CareLinkFactory(therapist=therapist, client=person)
        due_today(therapist, person)
        due_today(therapist, person, "cft-grounding", schedule=Schedule.DAILY, days=3)


def queries_for_a_run() -> int:
    with CaptureQueriesContext(connection) as queries:
        remind()
    return len(queries)


def test_reading_what_is_due_takes_the_same_few_queries_for_one_client_or_twenty(
    make_person, therapist, library, mailoutbox
):
    with at(MORNING_IN_CHICAGO):
        clients_with_homework(1, make_person, therapist, "first")
        first_for_one = queries_for_a_run()
        again_for_one = queries_for_a_run()
        clients_with_homework(20, make_person, therapist, "more")
        first_for_twenty = queries_for_a_run()
        again_for_twenty = queries_for_a_run()
    assert len(mailoutbox) == 21
    # Nothing left to send: assignments, days done, reminders already sent, however many;
    # and one for the practice reminders people chose (none here).
    assert again_for_one == again_for_twenty == 4
    # Sending adds only the record of each email (in its own transaction), nothing per item.
    per_email = first_for_one - again_for_one
    assert first_for_twenty - again_for_twenty == 20 * per_email
    assert per_email <= 3
