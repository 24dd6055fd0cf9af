"""What a therapist does that changes something: invites (making, answering, withdrawing) and
homework (assigning, editing, pausing, ending).

Invites: linking a therapist and a client.

An invite is a link (an unguessable token) and a short code to read aloud. Only their
fingerprints are stored, so the plain text exists once: in the answer to `create_invite`.
Every service here is atomic, and the ones that answer an invite lock its row first, so an
invite is used at most once however many people press Accept at the same moment.

Ending a link is not here: it lives with sharing (journal/sharing.py).
"""

import secrets
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from compassion_site.accounts.models import (
    CODE_ALPHABET,
    CODE_LENGTH,
    CareLink,
    Invite,
    fingerprint,
    new_invite_code,
    normalise_code,
)
from compassion_site.lib.dates import validate_realistic
from practices.models import Assignment, Practice, Schedule, Series, Status, Unlock

CREATE_ATTEMPTS = 5


class InviteRefused(Exception):
    """An invite that can't be answered or withdrawn now. `reason` says why:
    "used", "declined", "revoked", "expired" (an `Invite.State` value) or "own"."""

    OWN = "own"

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def new_invite_token() -> str:
    return secrets.token_urlsafe(32)


@transaction.atomic
def create_invite(therapist, label: str = "") -> tuple[Invite, str, str]:
    """A new open invite from `therapist`, for 7 days. Returns the invite, the link's token
    and the code (8 characters, shown grouped as ABCD-EFGH): the only time either is known."""
    for _attempt in range(CREATE_ATTEMPTS):
        token, code = new_invite_token(), new_invite_code()
        try:
            with transaction.atomic():
                invite = Invite.objects.create(
                    therapist=therapist,
                    label=label.strip(),
                    token_hash=fingerprint(token),
                    code_hash=fingerprint(code),
                    expires_at=Invite.expiry_from(),
                )
        except IntegrityError:
            # A fingerprint already in use: astronomically rare for the token, rare for a
            # code. Draw again.
            continue
        return invite, token, code
    raise RuntimeError("Could not make an invite with a fresh link and code")


def find_invite_by_token(token: str) -> Invite | None:
    """The invite a link points to, whatever its state (with its therapist), or None."""
    if not token or len(token) > 200:
        return None
    return Invite.objects.select_related("therapist").filter(token_hash=fingerprint(token)).first()


def find_invite_by_code(typed: str) -> Invite | None:
    """The invite for a code as a person typed it (any case, spaces, with or without the
    hyphen), whatever its state, or None."""
    code = normalise_code(typed or "")
    if len(code) != CODE_LENGTH or any(letter not in CODE_ALPHABET for letter in code):
        return None
    return Invite.objects.select_related("therapist").filter(code_hash=fingerprint(code)).first()


def _lock(invite: Invite) -> Invite:
    """The invite's row, read again and locked until the transaction ends."""
    return Invite.objects.select_for_update().get(pk=invite.pk)


def _refuse_unless_open(invite: Invite) -> None:
    state = invite.state
    if state != Invite.State.OPEN:
        raise InviteRefused(str(state.value))


@transaction.atomic
def accept_invite(invite: Invite, person) -> CareLink:
    """Link `person` as a client of the invite's therapist and mark the invite used.

    Refuses (InviteRefused) an invite that is no longer open, or the therapist's own. If the
    two are already linked, no second link is made: the invite is still marked used (it has
    done its job, and a copy of the link can't then be used by anyone else) and the existing
    link is returned.
    """
    locked = _lock(invite)
    if locked.therapist_id == person.pk:
        raise InviteRefused(InviteRefused.OWN)
    _refuse_unless_open(locked)

    now = timezone.now()
    link = CareLink.objects.active().filter(therapist_id=locked.therapist_id, client=person).first()
    if link is None:
        try:
            with transaction.atomic():
                link = CareLink.objects.create(
                    therapist_id=locked.therapist_id, client=person, started_at=now
                )
        except IntegrityError:
            # Another invite from the same therapist was accepted at this very moment.
            link = CareLink.objects.active().get(therapist_id=locked.therapist_id, client=person)

    # The row is locked; the conditions also make this safe where locks are not supported.
    marked = Invite.objects.filter(
        pk=locked.pk,
        used_at__isnull=True,
        declined_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=now,
    ).update(used_at=now, used_by=person)
    if not marked:
        raise InviteRefused(Invite.State.USED.value)
    invite.used_at, invite.used_by = now, person
    return link


@transaction.atomic
def decline_invite(invite: Invite, person) -> None:
    """Say no to an invite: no link is made, and the therapist sees it as Declined."""
    locked = _lock(invite)
    if locked.therapist_id == person.pk:
        raise InviteRefused(InviteRefused.OWN)
    _refuse_unless_open(locked)
    locked.declined_at = timezone.now()
    locked.save(update_fields=["declined_at"])
    invite.declined_at = locked.declined_at


@transaction.atomic
def revoke_invite(invite: Invite) -> None:
    """The therapist withdraws an open invite: its link and code stop working."""
    locked = _lock(invite)
    _refuse_unless_open(locked)
    locked.revoked_at = timezone.now()
    locked.save(update_fields=["revoked_at"])
    invite.revoked_at = locked.revoked_at


# Homework: assigning, editing, pausing and ending -------------------------------------------

# Each function is atomic. None of them touches runs already made: past runs stay as they were.
# Each refuses a date outside Tend's window (1900 to 2199) with a ValidationError, whoever
# calls it, so no homework can be stored at the ends of the calendar.


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
