"""Leaving Tend: deleting all of one's journal but keeping the account, or deleting the account
and everything in it. Each is one transaction: it all goes, or nothing does.

What happens to other people when someone leaves:

- Every care link of theirs ends first, through `sharing.end_link`, on both sides: a linked
  therapist loses access at once (every share goes) and homework between them ends.
- A departing therapist's clients keep everything they wrote: their runs and entries stay, and
  runs done for that therapist's homework simply no longer point at it (the homework itself
  goes with the therapist). The therapist's comments on clients' entries are the therapist's
  own words and go with them.
- A departing therapist's own practices that someone else's runs still use are kept, archived
  and without an author, so those runs still read with the practice's title and steps; they
  never show in the library or to anyone assigning. Those nobody else used go with them.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from compassion_site.accounts.backends import forget_login_records
from compassion_site.accounts.models import CareLink, Draft, KeptWords, Session, User
from journal import sharing
from journal.models import (
    AccessRecord,
    AllTimeSums,
    CheckIn,
    Entry,
    EntryNote,
    LessonRead,
    Part,
    PathWalk,
    Run,
    Tag,
    Welcome,
)
from practices.models import Assignment, Practice


@dataclass
class WhatWouldGo:
    """What deleting would remove, counted for the Leaving page."""

    entries: int = 0
    trash: int = 0
    runs: int = 0
    notes: int = 0
    parts: int = 0
    tags: int = 0
    clients: int = 0
    therapists: int = 0
    own_practices: int = 0
    check_ins: int = 0

    @property
    def journal_is_empty(self) -> bool:
        return not (
            self.entries or self.trash or self.runs or self.parts or self.tags or self.check_ins
        )


def _count(queryset):
    """A correlated count of `queryset` (filtered on OuterRef("pk")), for one annotated query."""
    counted = queryset.order_by().values(group=Value(1)).annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def what_would_go(user) -> WhatWouldGo:
    """Counts of the person's journal and links, in one query."""
    person = OuterRef("pk")
    counted = {
        "entries": Entry.objects.filter(user=person, deleted_at__isnull=True),
        "trash": Entry.objects.filter(user=person, deleted_at__isnull=False),
        "runs": Run.objects.filter(user=person),
        "notes": EntryNote.objects.filter(entry__user=person),
        "parts": Part.objects.filter(user=person),
        "tags": Tag.objects.filter(user=person),
        "clients": CareLink.objects.filter(therapist=person, ended_at__isnull=True),
        "therapists": CareLink.objects.filter(client=person, ended_at__isnull=True),
        "own_practices": Practice.objects.filter(author=person, archived_at__isnull=True),
        "check_ins": CheckIn.objects.filter(user=person),
    }
    # Prefixed: several names are also the user's related names.
    row = (
        User.objects.filter(pk=user.pk)
        .annotate(**{f"n_{name}": _count(queryset) for name, queryset in counted.items()})
        .values(*(f"n_{name}" for name in counted))
        .first()
    )
    counts = {name.removeprefix("n_"): value for name, value in (row or {}).items()}
    return WhatWouldGo(**counts)


@transaction.atomic
def delete_journal_data(user, *, keep_session: str | None = None) -> int:
    """Delete everything in the person's journal: every run and its answers, every entry (kept
    and in the trash) with its notes, shares and therapists' comments, their parts, their tags,
    the log of therapists' readings, the paths they follow and the lessons they marked read,
    their welcome answers, the dashboard's all-time sums, words kept through an ended login,
    and drafts of writing not saved yet. Their sessions on other devices end too (a session
    can hold a message naming an entry); `keep_session`, the key of the one they are using,
    stays. The account, its settings and its links stay. Returns how many entries went."""
    entries = Entry.objects.filter(user=user).count()
    Run.objects.filter(user=user).delete()  # with their answers and their entries
    CheckIn.objects.filter(user=user).delete()  # the daily check-ins, words and lines
    Entry.objects.filter(user=user).delete()  # free writing: notes, shares, comments, tags
    Part.objects.filter(user=user).delete()
    Tag.objects.filter(user=user).delete()
    AccessRecord.objects.filter(client=user).delete()
    KeptWords.objects.filter(writer=user).delete()
    Draft.objects.filter(writer=user).delete()
    PathWalk.objects.filter(user=user).delete()  # where they are on a path, and what they read
    LessonRead.objects.filter(user=user).delete()
    Welcome.objects.filter(user=user).delete()  # the welcome answers, and what they suggest
    AllTimeSums.objects.filter(user=user).delete()  # the dashboard's sums of it all
    User.objects.filter(pk=user.pk).update(has_kept_words=False)
    Session.objects.filter(user=user).exclude(session_key=keep_session).delete()
    return entries


@transaction.atomic
def delete_account(user) -> None:
    """End every care link of the person's (so therapists lose access at once), delete their
    journal and their account, and keep what other people's journals still need. Their sessions
    on every device go with the account, and so do Axes' records of their logins."""
    User.objects.select_for_update().filter(pk=user.pk).first()
    links = CareLink.objects.active().filter(Q(therapist=user) | Q(client=user))
    for link in links:
        sharing.end_link(link, ended_by=user)
    delete_journal_data(user)
    # Homework they gave goes with them; clients' runs for it keep everything but the link.
    Assignment.objects.filter(therapist=user).delete()
    used = Practice.objects.filter(author=user).filter(
        Q(runs__isnull=False) | Q(assignments__isnull=False)
    )
    now = timezone.now()
    Practice.objects.filter(pk__in=used.values("pk")).update(
        author=None, archived_at=Coalesce("archived_at", Value(now)), updated_at=now
    )
    forget_login_records(user)
    user.delete()  # with their sessions, links, invites, own practices nobody used, the rest
