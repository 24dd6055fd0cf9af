"""Reading what a client shared, and commenting on it, under /care/.

Every view is a `therapist_page` (404 without therapist mode) and reaches a client only
through `care.queries.get_client_for_therapist` (404 unless linked now), and an entry only through
`care.queries.get_shared_entry` (404 unless shared with this therapist and not in the trash).
"""

from django.contrib import messages
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from care import queries as care
from care.forms import CommentForm
from compassion_site.accounts import drafts
from compassion_site.accounts.access import therapist_page
from compassion_site.accounts.drafts import keeps_drafts
from compassion_site.accounts.kept_words import keeps_words_when_logged_out, take_kept_words
from compassion_site.lib.http import see_other
from journal import queries, sharing
from journal.models import MAX_COMMENT_LENGTH

KEPT_COMMENT = (
    "We kept the comment you wrote while you were logged out. It isn't saved yet: "
    "look it over, then press Leave the comment."
)


def shared_entry_context(request, link, entry, form) -> dict:
    return {
        "link": link,
        "client": link.client,
        "entry": entry,
        "answers": queries.entry_answers(entry),
        "notes": list(entry.notes.all()),
        "comments": list(entry.comments.select_related("therapist")),
        "form": form,
    }


# Posting a comment sends the therapist back to the entry (see other). That page is the same
# reading, not a second one: the comment's view leaves a mark in the session, which only the
# next opening of a shared entry takes, and only straight after, so no read goes unlogged.
BACK_FROM_OWN_COMMENT = "tend:back_from_own_comment"
BACK_FROM_OWN_COMMENT_SECONDS = 60


def mark_back_from_own_comment(request, entry) -> None:
    request.session[BACK_FROM_OWN_COMMENT] = [entry.pk, timezone.now().timestamp()]


def is_back_from_own_comment(request, entry) -> bool:
    """Whether this opening is the page after the therapist's own comment on this entry
    (taking the mark, so the opening after it is logged again)."""
    mark = request.session.pop(BACK_FROM_OWN_COMMENT, None)
    if not mark:
        return False
    entry_id, at = mark
    age = timezone.now().timestamp() - at
    return entry_id == entry.pk and 0 <= age <= BACK_FROM_OWN_COMMENT_SECONDS


# A comment's draft holds what a comment can, and a little room around it.
COMMENT_DRAFT_CHARS = MAX_COMMENT_LENGTH + 1_000


def shared_entry_for_draft(request, client_id: int, entry_id: int):
    """A comment's draft is for a therapist the entry is shared with (a 404 for anyone else);
    saving one is not an opening of the entry, so nothing is logged."""
    link = care.get_client_for_therapist(request, client_id)
    care.get_shared_entry(request, link, entry_id)


@therapist_page
@keeps_drafts(back_to="shared_entry", max_chars=COMMENT_DRAFT_CHARS)
@require_GET
def shared_entry(request, client_id: int, entry_id: int):
    """An entry the client shares with this therapist. Each opening is in the client's log;
    the page after the therapist's own comment is not another opening."""
    link = care.get_client_for_therapist(request, client_id)
    entry = care.get_shared_entry(request, link, entry_id)
    if not is_back_from_own_comment(request, entry):
        sharing.record_access(entry, request.user)
    kept = take_kept_words(request)  # a comment written after the login ended
    if kept is not None:
        messages.info(request, KEPT_COMMENT)
        form = CommentForm(kept)
    elif request.draft is not None:
        form = CommentForm(initial=request.draft.initial)
    else:
        form = CommentForm()
    context = shared_entry_context(request, link, entry, form)
    return TemplateResponse(request, "care/shared_entry.html", context)


@keeps_words_when_logged_out(("text",), back_to="shared_entry")
@therapist_page
@keeps_drafts(back_to="shared_entry", max_chars=COMMENT_DRAFT_CHARS, allowed=shared_entry_for_draft)
@require_POST
def shared_entry_comment(request, client_id: int, entry_id: int):
    link = care.get_client_for_therapist(request, client_id)
    entry = care.get_shared_entry(request, link, entry_id)
    form = CommentForm(request.POST)
    if form.is_valid():
        sharing.add_comment(entry, request.user, form.cleaned_data["text"])
        drafts.done(request)
        mark_back_from_own_comment(request, entry)
        messages.success(request, f"Your comment is on the entry for {link.client.shown_name}.")
        url = reverse("shared_entry", args=[link.client_id, entry.pk])
        return see_other(url + "#comments")
    context = shared_entry_context(request, link, entry, form)
    return TemplateResponse(request, "care/shared_entry.html", context, status=400)
