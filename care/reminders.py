"""A person's own reminders to practise: the moment a chosen time really happens in their zone,
the private calendar feed (its token, kept only as a hash, and the iCalendar it serves), and
the signed link that turns email reminders off.

A time chosen in a person's zone may not happen on a night the clocks jump forward (01:30 in
London, 02:30 in Paris or New York, on the spring night). Then the reminder comes at the first
real moment after it, the instant the clocks jump; a time that happens twice on the autumn
night is reminded the first time only.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from django.core import signing
from django.db import transaction
from django.utils import timezone
from icalendar import Calendar, Event, vRecur

from care.models import PracticeReminder
from compassion_site.lib.dates import LATEST, local_date, long_date, shift
from journal.homework import assignments_of, plan_for

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
ICAL_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")

# How long after its moment a slot may still be emailed (a late or missed cron run); after
# that the slot passes quietly: a reminder hours late helps nobody.
GRACE = timedelta(hours=3)
# Homework due dates in the feed: from a little in the past to a good while ahead.
FEED_PAST_DAYS = 14
FEED_AHEAD_DAYS = 366
FEED_SUMMARY = "A few kind minutes for yourself"
FEED_WORDS = (
    "A gentle nudge you set in Tend: a short practice, if today has room for one. "
    "Skipping is fine too."
)
HOMEWORK_SUMMARY = "Homework: {title}"
UNSUBSCRIBE_SALT = "care.reminders.unsubscribe"


def wall_time_exists(moment: datetime) -> bool:
    """True when an aware `moment`'s wall-clock time really happens in its zone."""
    naive = moment.replace(tzinfo=None)
    return moment.astimezone(UTC).astimezone(moment.tzinfo).replace(tzinfo=None) == naive


def real_moment(day: date, at: time, zone: tzinfo) -> datetime:
    """The moment `at` o'clock on `day` happens in `zone`. A time skipped when the clocks jump
    forward becomes the first real moment after it; a time that happens twice, the first."""
    wall = datetime.combine(day, at.replace(second=0, microsecond=0))
    # A jump is an hour or two, once a whole day (Samoa, 2011): two days of minutes is plenty.
    for minutes in range(2 * 24 * 60):
        candidate = (wall + timedelta(minutes=minutes)).replace(tzinfo=zone, fold=0)
        if wall_time_exists(candidate):
            return candidate
    return wall.replace(tzinfo=zone)


@dataclass
class ClockNote:
    """A chosen day on which the clocks change around the chosen time."""

    day: date
    skipped: bool  # the time doesn't happen (spring); otherwise it happens twice (autumn)
    instead: time | None = None

    @property
    def text(self) -> str:
        if self.skipped:
            return (
                f"On {long_date(self.day)} the clocks go forward and that time doesn't happen, "
                f"so that day we'll remind you at {self.instead:%H:%M}, the moment the clocks "
                "change."
            )
        return (
            f"On {long_date(self.day)} the clocks go back and that time happens twice; "
            "we'll remind you the first time only."
        )


def clock_notes(reminder: PracticeReminder, zone: tzinfo, today: date) -> list[ClockNote]:
    """Chosen days in the coming year whose chosen time is skipped or doubled by a clock
    change in the person's zone."""
    if not reminder.is_set:
        return []
    notes = []
    wanted = set(reminder.weekdays)
    at = reminder.at.replace(second=0, microsecond=0)
    for offset in range(366):
        day = shift(today, offset)
        if day.weekday() not in wanted or day >= LATEST:
            continue
        first = datetime.combine(day, at).replace(tzinfo=zone, fold=0)
        if not wall_time_exists(first):
            notes.append(ClockNote(day, True, real_moment(day, at, zone).time()))
        elif first.utcoffset() != first.replace(fold=1).utcoffset():
            notes.append(ClockNote(day, False))
    return notes


# The calendar feed's token ----------------------------------------------------------------


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def reminder_of(person) -> PracticeReminder:
    """The person's reminder, made (empty) the first time it is asked for."""
    reminder, _ = PracticeReminder.objects.get_or_create(user=person)
    return reminder


def make_feed_token(person) -> str:
    """A new private feed token for `person`, replacing any old one (which stops working at
    once). Only its hash is kept: the token itself is shown once and then gone."""
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        reminder = reminder_of(person)
        reminder.feed_token_hash = token_hash(token)
        reminder.feed_made_at = timezone.now()
        reminder.save(update_fields=["feed_token_hash", "feed_made_at"])
    return token


def revoke_feed_token(person) -> None:
    PracticeReminder.objects.filter(user=person).update(feed_token_hash="", feed_made_at=None)


def reminder_for_token(token: str) -> PracticeReminder | None:
    """The reminder whose feed `token` opens, or None. Looked up by the token's hash, so no
    comparison of secrets can leak their likeness through its timing."""
    if not token or len(token) > 200:
        return None
    return (
        PracticeReminder.objects.filter(feed_token_hash=token_hash(token), user__is_active=True)
        .select_related("user")
        .first()
    )


# The feed itself --------------------------------------------------------------------------


def first_chosen_day(reminder: PracticeReminder, zone: tzinfo) -> date:
    """The first chosen weekday on or after the day the reminder was last set."""
    day = local_date(reminder.updated_at, zone)
    wanted = set(reminder.weekdays)
    for offset in range(7):
        if shift(day, offset).weekday() in wanted:
            return shift(day, offset)
    return day


def calendar_for(reminder: PracticeReminder, *, site_url: str, homework_url: str) -> bytes:
    """The person's private iCalendar: their weekly reminder and their homework due dates.
    Never anything they wrote, and not their therapist's notes either."""
    person = reminder.user
    zone = person.zone
    now = timezone.now()
    calendar = Calendar()
    calendar.add("prodid", "-//Tend//Reminders//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "Tend")
    if reminder.is_set:
        start = datetime.combine(first_chosen_day(reminder, zone), reminder.at).replace(tzinfo=zone)
        event = Event()
        event.add("uid", f"practice-{reminder.pk}@tend")
        event.add("dtstamp", now)
        event.add("last-modified", reminder.updated_at)
        event.add("dtstart", start)
        event.add("duration", timedelta(minutes=10))
        event.add(
            "rrule", vRecur(freq="WEEKLY", byday=[ICAL_DAYS[day] for day in reminder.weekdays])
        )
        event.add("summary", FEED_SUMMARY)
        event.add("description", f"{FEED_WORDS}\n{site_url}")
        event.add("url", site_url)
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    today = local_date(now, zone)
    first, last = shift(today, -FEED_PAST_DAYS), shift(today, FEED_AHEAD_DAYS)
    plan = plan_for(list(assignments_of(person)))
    for due in sorted(plan.dues, key=lambda due: (due.due, due.assignment.pk)):
        if not due.is_open or not first <= due.due <= last:
            continue
        event = Event()
        event.add("uid", f"homework-{due.assignment.pk}-{due.due:%Y%m%d}@tend")
        event.add("dtstamp", now)
        event.add("dtstart", due.due)
        event.add("dtend", shift(due.due, 1))
        event.add("summary", HOMEWORK_SUMMARY.format(title=due.assignment.practice.title))
        event.add(
            "description",
            f"From {due.assignment.therapist.shown_name}, whenever suits you that day.\n"
            f"{homework_url}",
        )
        event.add("url", homework_url)
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


# Unsubscribing by a signed link -----------------------------------------------------------


def unsubscribe_token(person) -> str:
    return signing.dumps(person.pk, salt=UNSUBSCRIBE_SALT, compress=True)


def person_id_for_unsubscribe(token: str) -> int | None:
    try:
        value = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None


def stop_emails(person_id: int) -> bool:
    """Turn email reminders off; True when they were on."""
    return bool(
        PracticeReminder.objects.filter(user_id=person_id, by_email=True).update(by_email=False)
    )
