"""The client's say over what a linked therapist sees: the Sharing page, the access log,
sharing an entry or everything done for one homework, unsharing, and ending a link.

Every page is a `private_page` (404 for visitors). Entries come through
`queries.get_entry_for_user`, homework through `sharing.get_assignment_for_client` and links
through `get_link_for_client`, each a 404 for anyone else. The writes are the services in
journal/sharing.py; the reads for these pages are below, each a fixed number of queries.
"""

from dataclasses import dataclass, field

from django.contrib import messages
from django.db.models import Count, Exists, F, OuterRef, Window
from django.db.models.functions import RowNumber
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from compassion_site.accounts.access import private_page
from compassion_site.accounts.models import CareLink
from compassion_site.lib.htmx import redirect_after_post
from compassion_site.lib.http import page_number, safe_next, see_other
from compassion_site.lib.posted import small_number
from journal import queries, sharing
from journal.homework import assignments_of
from journal.models import AccessRecord, Share
from practices.models import Status

SHARED_SHOWN = 50  # entries listed per therapist on the Sharing page; the rest are counted
LOG_PER_PAGE = 50
LINKS_READ = 50  # current and past links read for the Sharing page

# Reads for these pages ---------------------------------------------------------------------


@dataclass
class TherapistSees:
    """What one current therapist can see today."""

    link: CareLink
    homework: list = field(default_factory=list)
    shares: list[Share] = field(default_factory=list)
    shared_total: int = 0

    @property
    def therapist(self):
        return self.link.therapist

    @property
    def shared_whole(self) -> list:
        return [assignment for assignment in self.homework if assignment.shares_entries]

    @property
    def more(self) -> int:
        return self.shared_total - len(self.shares)


def links_of(client) -> tuple[list[CareLink], list[CareLink]]:
    """The client's current links (oldest first) and past ones (latest ended first, one per
    therapist not linked now), with each therapist. One query."""
    links = list(
        CareLink.objects.filter(client=client)
        .select_related("therapist")
        .order_by(F("ended_at").desc(nulls_first=True), "started_at")[:LINKS_READ]
    )
    current = [link for link in links if link.ended_at is None]
    seen = {link.therapist_id for link in current}
    past = []
    for link in links:
        if link.therapist_id not in seen:
            seen.add(link.therapist_id)
            past.append(link)
    return current, past


def shared_by_therapist(client, therapist_ids, limit: int):
    """Entries shared with each therapist that they can read now (not in the trash): the
    newest `limit` per therapist, each share with its entry, its `place` and the therapist's
    `total`. One query, however many are shared."""
    return (
        Share.objects.filter(
            therapist_id__in=therapist_ids, entry__user=client, entry__deleted_at__isnull=True
        )
        .select_related("entry")
        .only("therapist", "created_at", "entry__title", "entry__created_at")
        .annotate(
            place=Window(
                RowNumber(),
                partition_by=[F("therapist_id")],
                order_by=[F("entry__created_at").desc(), F("entry_id").desc()],
            ),
            total=Window(Count("pk"), partition_by=[F("therapist_id")]),
        )
        .filter(place__lte=limit)
        .order_by("therapist_id", "place")
    )


def what_therapists_see(client, current: list[CareLink]) -> list[TherapistSees]:
    """For each current link: the homework the therapist set (whose facts of completion they
    see), the entries shared with them, and the homework shared whole. Two queries."""
    sees = {link.therapist_id: TherapistSees(link) for link in current}
    if not sees:
        return []
    statuses = (Status.ACTIVE, Status.PAUSED, Status.ENDED)
    for assignment in assignments_of(client, statuses=statuses):
        sees[assignment.therapist_id].homework.append(assignment)
    for share in shared_by_therapist(client, list(sees), SHARED_SHOWN):
        seen = sees[share.therapist_id]
        seen.shares.append(share)
        seen.shared_total = share.total
    return list(sees.values())


def access_log_page(client, page: int):
    """One page of the client's access log, newest first, with each therapist and whether
    they are still linked; one more than a page, to tell whether there are older ones. One
    query."""
    linked_now = CareLink.objects.active().filter(client=client, therapist=OuterRef("therapist"))
    offset = (page - 1) * LOG_PER_PAGE
    return list(
        AccessRecord.objects.filter(client=client)
        .only("entry", "entry_title", "opened_at", "therapist", "reader_name")
        .annotate(still_linked=Exists(linked_now))
        .order_by("-opened_at", "-id")[offset : offset + LOG_PER_PAGE + 1]
    )


def get_link_for_client(request, link_id: int) -> CareLink:
    """One of the signed-in person's current links with a therapist; 404 for anyone else's,
    and for a link already ended."""
    link = (
        CareLink.objects.active()
        .select_related("therapist")
        .filter(pk=link_id, client=request.user)
        .first()
    )
    if link is None:
        raise Http404("No such link")
    return link


def linked_therapist(client, chosen: str | None):
    """The therapist with this id, if the client is linked with them now; else None."""
    therapist_id = small_number(chosen)
    if therapist_id is None:
        return None
    link = sharing.therapist_links(client).filter(therapist_id=therapist_id).first()
    return link.therapist if link else None


# The Sharing page and the access log -------------------------------------------------------


@private_page
@require_GET
def sharing_page(request):
    """Exactly what each current therapist can see today, and what they can't."""
    current, past = links_of(request.user)
    context = {
        "sees": what_therapists_see(request.user, current),
        "past": past,
        "shared_journal_url": reverse("journal") + "?shared=on",
    }
    return TemplateResponse(request, "journal/sharing.html", context)


@private_page
@require_GET
def access_log(request):
    """Who read which shared entry, and when: newest first, a page at a time."""
    page = page_number(request)
    records = access_log_page(request.user, page)
    context = {
        "records": records[:LOG_PER_PAGE],
        "page": page,
        "older_url": f"{reverse('access_log')}?page={page + 1}"
        if len(records) > LOG_PER_PAGE
        else "",
        "newer_url": f"{reverse('access_log')}?page={page - 1}" if page > 1 else "",
    }
    return TemplateResponse(request, "journal/access_log.html", context)


@private_page
@require_http_methods(["GET", "POST"])
def end_link_client(request, link_id: int):
    """Ask first, saying plainly what happens; then end the link."""
    link = get_link_for_client(request, link_id)
    name = link.therapist.shown_name
    if request.method == "POST":
        sharing.end_link(link, request.user)
        messages.info(
            request,
            f"You've ended the link with {name}. They can't see anything of yours now, "
            "and everything you wrote is still here.",
        )
        return see_other(reverse("sharing"))
    return TemplateResponse(request, "journal/end_link.html", {"link": link, "name": name})


# Sharing one entry -------------------------------------------------------------------------


def sharing_changed(request, entry, text: str, *, error: bool = False):
    """After a share or unshare: htmx gets the Sharing panel in place, with the news for
    screen readers; a plain form gets a message and a 303 back."""
    if request.htmx:
        context = {
            "entry": entry,
            "sharing": sharing.sharing_of_entry(entry),
            "status_text": text,
            "error": error,
            "swapped": True,
        }
        return TemplateResponse(request, "journal/entry.html#sharing", context)
    (messages.error if error else messages.success)(request, text)
    entry_url = reverse("entry_detail", args=[entry.pk]) + "#sharing"
    return see_other(safe_next(request, entry_url))


@private_page
@require_POST
def entry_share(request, entry_id: int):
    """Share the entry with one of the therapists the person is linked with now."""
    entry = queries.get_entry_for_user(request, entry_id)  # never one in the trash
    therapist = linked_therapist(request.user, request.POST.get("therapist"))
    not_shared = "Not shared: you can share only with a therapist you're linked with now."
    if therapist is None:
        return sharing_changed(request, entry, not_shared, error=True)
    try:
        sharing.share_entry(entry, therapist)
    except sharing.NotLinked:
        return sharing_changed(request, entry, not_shared, error=True)
    name = therapist.shown_name
    text = f"Shared with {name}. They can read this entry now, until you stop sharing it."
    return sharing_changed(request, entry, text)


@private_page
@require_POST
def entry_unshare(request, entry_id: int):
    """Stop sharing the entry with one therapist (`therapist`: their id) or with everyone
    (`therapist`: "all"). Works on an entry in the trash too."""
    entry = queries.get_entry_for_user(request, entry_id, in_trash=None)
    chosen = request.POST.get("therapist", "")
    if chosen == "all":
        sharing.unshare_entry(entry)
        return sharing_changed(request, entry, "This entry is private again: only you can read it.")
    shares = {share.therapist_id: share for share in entry.shares.select_related("therapist")}
    share = shares.get(small_number(chosen))
    if share is None:
        text = "That entry wasn't shared with them, so nothing changed."
        return sharing_changed(request, entry, text, error=True)
    sharing.unshare_entry(entry, share.therapist)
    name = share.therapist.shown_name
    text = f"Stopped sharing with {name}. They can't read this entry any more."
    if len(shares) == 1:
        text += " Only you can read it now."
    return sharing_changed(request, entry, text)


# Sharing everything done for one homework --------------------------------------------------


@private_page
@require_POST
def assignment_share(request, assignment_id: int):
    """`share`: "on" shares everything done for this homework with the therapist who set
    it, now and later; "off" stops, at once."""
    assignment = sharing.get_assignment_for_client(request, assignment_id)
    name = assignment.therapist.shown_name
    title = assignment.practice.title
    choice = request.POST.get("share")
    if choice == "on":
        try:
            sharing.share_assignment(assignment)
        except sharing.NotLinked:
            raise Http404("No such homework") from None
        messages.success(
            request,
            f"{name} can now read everything you write for {title}, including what you "
            "write for it later. You can stop at any time.",
        )
    elif choice == "off":
        sharing.unshare_assignment(assignment)
        messages.success(
            request,
            f"Stopped sharing what you write for {title}. {name} sees only which practice "
            "you did, when, and your before-and-after ratings.",
        )
    else:
        messages.error(request, "Nothing changed: choose to share or to stop sharing.")
    url = safe_next(request, reverse("sharing"))
    return redirect_after_post(request, url)
