"""Linking a therapist and a client: making, answering and withdrawing invites.

An invite is a link (an unguessable token) and a short code to read aloud. Only their
fingerprints are stored, so the plain text exists once: in the answer to `create_invite`.
Every service here is atomic, and the ones that answer an invite lock its row first, so an
invite is used at most once however many people press Accept at the same moment.

Ending a link is not here: it lives with sharing (journal/sharing.py).
"""

import secrets

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
