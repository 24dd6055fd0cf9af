"""What a linked therapist may see of a client's journal, and the client's say over it.

By default a therapist sees only facts of completion for the homework they assigned (which
practice, when, the check-in ratings). They read an entry's writing only while the client
shares it with them and they are still linked. Every reading is logged for the client.

Reads that decide access are here too, each raising 404 for anyone who may not see.
"""

from django.db import transaction
from django.http import Http404
from django.utils import timezone

from compassion_site.accounts.models import CareLink
from journal.models import AccessRecord, Entry, Run, Share, TherapistComment
from practices.models import Assignment, Status

# Access -------------------------------------------------------------------------------------


def active_link(therapist, client) -> CareLink | None:
    return CareLink.objects.active().filter(therapist=therapist, client=client).first()


def therapist_links(client):
    """The client's current therapists, oldest link first."""
    return (
        CareLink.objects.active()
        .filter(client=client)
        .select_related("therapist")
        .order_by("started_at")
    )


def get_assignment_for_client(request, assignment_id: int) -> Assignment:
    """One of the signed-in person's assignments, from a therapist still linked; 404 otherwise."""
    assignment = (
        Assignment.objects.with_active_link()
        .select_related("practice", "therapist", "series")
        .filter(pk=assignment_id, client=request.user)
        .first()
    )
    if assignment is None:
        raise Http404("No such homework")
    return assignment


# What the client does ----------------------------------------------------------------------


class NotLinked(Exception):
    """The therapist is not (or no longer) linked with the entry's author."""


@transaction.atomic
def share_entry(entry: Entry, therapist) -> Share:
    """Let this therapist read this entry. Only with a therapist the author is linked to."""
    if active_link(therapist, entry.user) is None:
        raise NotLinked
    share, _ = Share.objects.get_or_create(entry=entry, therapist=therapist)
    return share


@transaction.atomic
def unshare_entry(entry: Entry, therapist=None) -> int:
    """Stop sharing the entry with one therapist, or with everyone. Takes effect at once."""
    shares = Share.objects.filter(entry=entry)
    if therapist is not None:
        shares = shares.filter(therapist=therapist)
    removed, _ = shares.delete()
    return removed


def entries_of(assignment: Assignment):
    return Entry.objects.kept().filter(run__assignment=assignment, user=assignment.client)


@transaction.atomic
def share_assignment(assignment: Assignment) -> int:
    """Share everything done for this homework with the therapist who set it, now and later."""
    if active_link(assignment.therapist, assignment.client) is None:
        raise NotLinked
    assignment.shares_entries = True
    assignment.save(update_fields=["shares_entries", "updated_at"])
    already = set(
        Share.objects.filter(
            therapist=assignment.therapist, entry__run__assignment=assignment
        ).values_list("entry_id", flat=True)
    )
    new = [
        Share(entry=entry, therapist=assignment.therapist)
        for entry in entries_of(assignment).exclude(pk__in=already)
    ]
    Share.objects.bulk_create(new)
    return len(new)


@transaction.atomic
def unshare_assignment(assignment: Assignment) -> int:
    """Stop sharing everything done for this homework, and what is written for it later."""
    assignment.shares_entries = False
    assignment.save(update_fields=["shares_entries", "updated_at"])
    removed, _ = Share.objects.filter(
        therapist=assignment.therapist,
        entry__run__assignment=assignment,
        entry__user=assignment.client,
    ).delete()
    return removed


def share_if_chosen(run: Run, entry: Entry) -> None:
    """A run finished for homework the client shares wholesale: share its entry too, while
    the link the homework was set through is still the active one (a link ended and made
    again is a new link, and consent given before it doesn't carry over)."""
    assignment = run.assignment
    if assignment is None or not assignment.shares_entries:
        return
    link = active_link(assignment.therapist, run.user)
    if link is not None and link.started_at <= assignment.created_at:
        Share.objects.get_or_create(entry=entry, therapist=assignment.therapist)


@transaction.atomic
def end_link(link: CareLink, ended_by) -> None:
    """Either side ends the link. The therapist loses all access at once: every share with
    them goes and their homework ends. The client keeps everything they wrote, and the
    therapist's comments on it."""
    link = CareLink.objects.select_for_update().get(pk=link.pk)
    if link.ended_at is not None:
        return
    link.ended_at = timezone.now()
    link.ended_by = ended_by
    link.save(update_fields=["ended_at", "ended_by"])
    Share.objects.filter(therapist=link.therapist, entry__user=link.client).delete()
    Assignment.objects.filter(
        therapist=link.therapist, client=link.client, status__in=[Status.ACTIVE, Status.PAUSED]
    ).update(status=Status.ENDED, updated_at=timezone.now())
    # Every consent given through this link ends with it, "share everything for this
    # homework" too: a link made again later starts from sharing nothing.
    Assignment.objects.filter(
        therapist=link.therapist, client=link.client, shares_entries=True
    ).update(shares_entries=False, updated_at=timezone.now())


# What the therapist does -------------------------------------------------------------------


@transaction.atomic
def add_comment(entry: Entry, therapist, text: str) -> TherapistComment:
    return TherapistComment.objects.create(entry=entry, therapist=therapist, text=text.strip())


def record_access(entry: Entry, therapist) -> AccessRecord:
    """Log that the therapist opened the entry; the client sees it in their access log."""
    return AccessRecord.objects.create(
        client=entry.user,
        therapist=therapist,
        reader_name=therapist.shown_name,
        entry=entry,
        entry_title=entry.display_title,
    )


# What the client sees of one entry's sharing ---------------------------------------------

READINGS_CHECKED = 20


def sharing_of_entry(entry: Entry) -> dict:
    """For the entry's own page: the author's current therapists, who the entry is shared
    with, who it could be shared with, the homework it was done for (when a linked therapist
    set it), the therapists' comments (kept after unsharing or the link ending), and who read
    it lately. Two queries with no therapist, five at most, however much there is."""
    links = list(therapist_links(entry.user_id).order_by("started_at"))  # id: no user query
    comments = list(TherapistComment.objects.filter(entry=entry).select_related("therapist"))
    found = {
        "links": links,
        "comments": comments,
        "shares": [],
        "can_share_with": [],
        "readers": [],
        "homework": None,
    }
    if not links:
        return found
    shares = list(Share.objects.filter(entry=entry).select_related("therapist").order_by("pk"))
    shared_with = {share.therapist_id for share in shares}
    found["shares"] = shares
    found["can_share_with"] = [
        link.therapist for link in links if link.therapist_id not in shared_with
    ]
    readers = {}
    recent = AccessRecord.objects.filter(entry=entry)
    for record in recent[:READINGS_CHECKED]:
        readers.setdefault(record.therapist_id or record.reader_name, record)
    found["readers"] = list(readers.values())
    assignment_id = entry.run.assignment_id if entry.run_id else None
    if assignment_id is not None:
        found["homework"] = (
            Assignment.objects.select_related("therapist")
            .filter(pk=assignment_id, therapist__in=[link.therapist_id for link in links])
            .first()
        )
    return found
