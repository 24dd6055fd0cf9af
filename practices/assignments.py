"""Write-side logic for homework: a therapist sets, changes, pauses and ends assignments.

Each function is atomic. None of them touches runs already made: past runs stay as they were.
Each refuses a date outside Tend's window (1900 to 2199) with a ValidationError, whoever calls
it, so no homework can be stored at the ends of the calendar.
"""

from datetime import date

from django.db import transaction

from compassion_site.lib.dates import validate_realistic
from practices.models import Assignment, Practice, Schedule, Series, Status, Unlock


@transaction.atomic
def assign_practice(
    therapist,
    client,
    practice: Practice,
    *,
    note: str = "",
    schedule: str = Schedule.ONCE,
    starts_on: date,
    due_on: date | None = None,
    times_per_week: int | None = None,
    weeks: int | None = None,
    days: int | None = None,
) -> Assignment:
    """Give one practice to a client on a schedule. Forms check the values first; the
    database's constraints catch anything that slips past."""
    check_dates(starts_on, due_on)
    return Assignment.objects.create(
        therapist=therapist,
        client=client,
        practice=practice,
        note=note.strip(),
        **schedule_fields(schedule, starts_on, due_on, times_per_week, weeks, days),
    )


def check_dates(*days: date | None) -> None:
    """A ValidationError for a date outside 1900 to 2199 (forms say so beside the field)."""
    for day in days:
        validate_realistic(day)


def schedule_fields(schedule, starts_on, due_on, times_per_week, weeks, days) -> dict:
    """Only the fields the chosen schedule uses; the others are cleared."""
    fields = {
        "schedule": schedule,
        "starts_on": starts_on,
        "due_on": None,
        "times_per_week": None,
        "weeks": None,
        "days": None,
    }
    if schedule == Schedule.ONCE:
        fields["due_on"] = due_on
    elif schedule == Schedule.WEEKLY:
        fields.update(times_per_week=times_per_week, weeks=weeks)
    else:
        fields["days"] = days
    return fields


@transaction.atomic
def assign_series(
    therapist,
    client,
    practices: list[Practice],
    *,
    title: str,
    note: str = "",
    starts_on: date,
    unlock: str = Unlock.AFTER_DONE,
    unlock_days: int | None = None,
) -> Series:
    """Several practices in order: each a step done once, unlocking as the series says."""
    check_dates(starts_on)
    series = Series.objects.create(
        therapist=therapist,
        client=client,
        title=title.strip(),
        note=note.strip(),
        starts_on=starts_on,
        unlock=unlock,
        unlock_days=unlock_days if unlock == Unlock.AFTER_DAYS else None,
    )
    Assignment.objects.bulk_create(
        Assignment(
            therapist=therapist,
            client=client,
            practice=practice,
            note="",
            schedule=Schedule.ONCE,
            starts_on=starts_on,
            series=series,
            position=position,
        )
        for position, practice in enumerate(practices, start=1)
    )
    return series


@transaction.atomic
def edit_assignment(assignment: Assignment, *, practice: Practice, note: str, **schedule) -> None:
    """Change the practice, note or schedule from now on; runs already done stay counted
    against this assignment and keep the practice they were done with."""
    assignment.practice = practice
    assignment.note = note.strip()
    if assignment.series_id is None:
        fields = schedule_fields(**schedule)
        check_dates(fields["starts_on"], fields["due_on"])
        for name, value in fields.items():
            setattr(assignment, name, value)
    assignment.save()


def series_members(assignment: Assignment):
    """The assignment, or every step of its series: pausing and ending act on the whole."""
    if assignment.series_id:
        return Assignment.objects.filter(series_id=assignment.series_id)
    return Assignment.objects.filter(pk=assignment.pk)


@transaction.atomic
def set_status(assignment: Assignment, status: str) -> None:
    """Pause, resume or end an assignment (a whole series together). An ended one stays
    ended: the therapist sets a new one instead."""
    members = series_members(assignment).exclude(status=Status.ENDED)
    for member in members.select_for_update():
        member.status = status
        member.save(update_fields=["status", "updated_at"])
    assignment.refresh_from_db(fields=["status"])
