"""Email people who asked for it: about homework due today, and at the times they chose to be
reminded to practise, each in their own time zone.

Meant for cron, as often as hourly.

Homework: a client hears once they are past the morning hour of their own day (8 by default),
and never twice about the same due item, because each item sent is recorded
(care.ReminderSent) in the same transaction as the email goes; if sending fails nothing is
recorded, and the next run tries again.

Practice reminders (care.PracticeReminder, set at /reminders/): a person who turned email on,
with a confirmed address, hears once per chosen slot (a day and a time in their zone), recorded
(care.PracticeReminderSent) the same way, so never twice for the same slot. A slot is sent by
the first run at or after its moment, up to three hours late; after that it passes quietly. A
time the clocks skip that night (01:30 in London when they go forward) is sent at the first
real moment after it; a time that happens twice, the first time. Each email carries a
one-click unsubscribe link (and the List-Unsubscribe headers mail apps show as a button).

No email names anything a person wrote, nor the therapist's note: homework emails name only
the practices, who set them, and a link.

One assignment (or one person) whose reminders can't be worked out is left out, reported by
its number alone, and never stops the reminders for anyone else; the run then ends with an
error so cron tells someone.
"""

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.mail import EmailMessage, send_mail
from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from care import reminders
from care.models import PracticeReminder, PracticeReminderSent, ReminderSent
from compassion_site.lib.dates import local_moment, shift
from journal.homework import plan_for
from practices.models import Assignment, Status
from practices.schedule import Due, sort_homework

logger = logging.getLogger(__name__)

DEFAULT_HOUR = 8
DEFAULT_BASE_URL = "http://127.0.0.1:8000"
SUBJECT = "A gentle reminder: practice for today"
PRACTICE_SUBJECT = "A gentle reminder, as you asked"


def reminded_assignments():
    """Active homework of every client who wants reminders, from therapists they are still
    linked with, with what the email and the schedule need. One query."""
    return (
        Assignment.objects.with_active_link()
        .filter(
            status=Status.ACTIVE,
            client__homework_reminders=True,
            client__is_active=True,
            client__email_confirmed_at__isnull=False,  # never to an address not shown to be theirs
        )
        .exclude(client__email="")
        .select_related("practice", "therapist", "series", "client")
        .order_by("client_id", "created_at", "position")
    )


@dataclass
class Waiting:
    """Who is waiting for a reminder, and what could not be worked out (by number only)."""

    dues: dict[int, list[Due]] = field(default_factory=dict)
    left_out_assignments: dict[int, str] = field(default_factory=dict)  # number: error kind
    left_out_clients: dict[int, str] = field(default_factory=dict)


def due_today_by_client(now: datetime, hour: int) -> Waiting:
    """For each client past `hour` in their own day, their homework due that day and still
    open, leaving out anything already reminded about. Three queries in all.

    Anything at all that goes wrong working out one assignment, or one client's day, leaves
    out only that assignment or client."""
    assignments = list(reminded_assignments())
    plan = plan_for(assignments, tolerate=(Exception,))
    result = Waiting(left_out_assignments=plan.left_out)
    dues: dict[int, list[Due]] = defaultdict(list)
    for due in plan.dues:
        dues[due.assignment.client_id].append(due)

    waiting: dict[int, list[Due]] = {}
    for client_id, client_dues in dues.items():
        try:
            client = client_dues[0].assignment.client
            local = local_moment(now, client.zone)
            if local.hour < hour:
                continue
            today = sort_homework(client_dues, local.date()).today
        except Exception as error:
            result.left_out_clients[client_id] = type(error).__name__
            logger.warning(
                "Reminders left out for user %s: their day could not be worked out (%s)",
                client_id,
                type(error).__name__,
            )
            continue
        if today:
            waiting[client_id] = today
    if not waiting:
        return result

    sent = set(
        ReminderSent.objects.filter(
            assignment__in=[due.assignment.pk for items in waiting.values() for due in items],
            due_on__in={due.due for items in waiting.values() for due in items},
        ).values_list("assignment_id", "due_on")
    )
    for client_id, items in waiting.items():
        fresh = [due for due in items if (due.assignment.pk, due.due) not in sent]
        if fresh:
            result.dues[client_id] = fresh
    return result


def email_body(client, dues: list[Due], base_url: str) -> str:
    context = {
        "name": client.shown_name,
        "items": [
            {
                "title": due.assignment.practice.title,
                "minutes": due.assignment.practice.minutes,
                "therapist": due.assignment.therapist.shown_name,
            }
            for due in dues
        ],
        "homework_url": base_url + reverse("homework"),
        "settings_url": base_url + reverse("settings"),
    }
    return render_to_string("care/homework_reminder_email.txt", context).strip() + "\n"


@dataclass
class Slot:
    """One chosen day and time of one person's practice reminder, and when it really is."""

    reminder: PracticeReminder
    day: date  # in the person's zone
    moment: datetime

    @property
    def person(self):
        return self.reminder.user


def reminded_people():
    """Practice reminders of everyone who turned email on, to a confirmed address. One query."""
    return (
        PracticeReminder.objects.filter(
            by_email=True,
            at__isnull=False,
            user__is_active=True,
            user__email_confirmed_at__isnull=False,  # never to an address not shown to be theirs
        )
        .exclude(days="")
        .exclude(user__email="")
        .select_related("user")
        .order_by("user_id")
    )


def practice_slots_due(now: datetime) -> tuple[list[Slot], dict[int, str]]:
    """Each slot whose moment has come (and not more than `reminders.GRACE` ago), not yet
    sent, and not from before the reminder was set; and who was left out, by number. Two
    queries in all."""
    slots: list[Slot] = []
    left_out: dict[int, str] = {}
    for reminder in reminded_people():
        try:
            zone = reminder.user.zone
            today = local_moment(now, zone).date()
            for day in (shift(today, -1), today):  # a late slot may have begun yesterday
                if day.weekday() not in reminder.weekdays:
                    continue
                moment = reminders.real_moment(day, reminder.at, zone)
                if reminder.updated_at <= moment <= now < moment + reminders.GRACE:
                    slots.append(Slot(reminder, day, moment))
        except Exception as error:
            left_out[reminder.user_id] = type(error).__name__
            logger.warning(
                "Practice reminder left out for user %s: it could not be worked out (%s)",
                reminder.user_id,
                type(error).__name__,
            )
    if not slots:
        return slots, left_out
    sent = set(
        PracticeReminderSent.objects.filter(
            user__in={slot.reminder.user_id for slot in slots},
            day__in={slot.day for slot in slots},
        ).values_list("user_id", "day", "at")
    )
    fresh = [
        slot for slot in slots if (slot.reminder.user_id, slot.day, slot.reminder.at) not in sent
    ]
    return fresh, left_out


def practice_email(slot: Slot, base_url: str) -> EmailMessage:
    """The practice reminder: no words of the person's, a link to Tend, and a one-click way
    to stop (in the body and in the headers mail apps turn into a button)."""
    person = slot.person
    unsubscribe_url = base_url + reverse(
        "reminders_unsubscribe", args=[reminders.unsubscribe_token(person)]
    )
    context = {
        "name": person.shown_name,
        "days": ", ".join(reminders.WEEKDAYS[day] for day in slot.reminder.weekdays),
        "time": f"{slot.reminder.at:%H:%M}",
        "zone": person.time_zone,
        "site_url": base_url + reverse("home"),
        "reminders_url": base_url + reverse("reminders"),
        "unsubscribe_url": unsubscribe_url,
    }
    body = render_to_string("care/reminders/email.txt", context).strip() + "\n"
    return EmailMessage(
        PRACTICE_SUBJECT,
        body,
        None,
        [person.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


class Command(BaseCommand):
    help = (
        "Email clients who turned reminders on about homework due today, once each, after "
        "the morning hour of their own day; and everyone who chose times to be reminded to "
        "practise, once per chosen slot. Safe to run from cron as often as hourly."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--hour",
            type=int,
            default=DEFAULT_HOUR,
            choices=range(24),
            metavar="HOUR",
            help=f"Send only once it is this hour or later in the client's day "
            f"(0 to 23; default {DEFAULT_HOUR}).",
        )
        parser.add_argument(
            "--base-url",
            default=DEFAULT_BASE_URL,
            help="The address of the site, for the link in the email "
            f"(default {DEFAULT_BASE_URL}).",
        )

    def handle(self, *args, hour: int, base_url: str, **options):
        base_url = base_url.rstrip("/")
        waiting = due_today_by_client(timezone.now(), hour)
        for number, error in waiting.left_out_assignments.items():
            self.stderr.write(f"Left out assignment {number}: its schedule raised {error}")
        for number, error in waiting.left_out_clients.items():
            self.stderr.write(f"Left out user {number}: their day raised {error}")
        emails = items = failed = 0
        for dues in waiting.dues.values():
            client = dues[0].assignment.client
            try:
                with transaction.atomic():
                    # Recorded first: a second run at the same moment stops at the unique
                    # constraint. If the email can't go, the records roll back with it.
                    ReminderSent.objects.bulk_create(
                        ReminderSent(assignment=due.assignment, due_on=due.due) for due in dues
                    )
                    send_mail(
                        SUBJECT,
                        email_body(client, dues, base_url),
                        None,
                        [client.email],
                        fail_silently=False,
                    )
            except IntegrityError:
                continue  # another run sent this one just now
            except Exception as error:  # any failure to send: the next run tries again
                failed += 1
                self.stderr.write(
                    f"Could not send a reminder to user {client.pk}: {type(error).__name__}"
                )
                continue
            emails += 1
            items += len(dues)
        self.stdout.write(
            f"Sent {emails} reminder email{'' if emails == 1 else 's'} "
            f"about {items} due item{'' if items == 1 else 's'}."
        )
        practice_sent, practice_failed, practice_left_out = self.send_practice_reminders(base_url)
        self.stdout.write(
            f"Sent {practice_sent} practice reminder{'' if practice_sent == 1 else 's'}."
        )
        failed += practice_failed
        problems = []
        if failed:
            problems.append(
                f"{failed} reminder{'' if failed == 1 else 's'} could not be sent; "
                "the next run will try again."
            )
        if waiting.left_out_assignments or waiting.left_out_clients:
            problems.append(
                "Some homework could not be worked out and was left out (listed above); "
                "everyone else's reminders went."
            )
        if practice_left_out:
            problems.append(
                "Some practice reminders could not be worked out and were left out (listed "
                "above); everyone else's went."
            )
        if problems:
            raise CommandError(" ".join(problems))

    def send_practice_reminders(self, base_url: str) -> tuple[int, int, dict[int, str]]:
        """Email each practice slot that has come; how many went, how many failed, and who
        was left out."""
        slots, left_out = practice_slots_due(timezone.now())
        for number, error in left_out.items():
            self.stderr.write(f"Left out user {number}: their practice reminder raised {error}")
        sent = failed = 0
        for slot in slots:
            try:
                with transaction.atomic():
                    # Recorded first, as for homework: a second run stops at the constraint.
                    PracticeReminderSent.objects.create(
                        user=slot.person, day=slot.day, at=slot.reminder.at
                    )
                    practice_email(slot, base_url).send(fail_silently=False)
            except IntegrityError:
                continue
            except Exception as error:
                failed += 1
                self.stderr.write(
                    f"Could not send a practice reminder to user {slot.person.pk}: "
                    f"{type(error).__name__}"
                )
                continue
            sent += 1
        return sent, failed, left_out
