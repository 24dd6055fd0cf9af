"""The journal: the list (with search and filters), writing a new entry, reading, editing and
adding a looking-back note, and the trash. Only the author sees any of it."""

from django.contrib import messages
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import trigger_client_event

from compassion_site.accounts import drafts
from compassion_site.accounts.access import private_page
from compassion_site.accounts.drafts import keeps_drafts
from compassion_site.accounts.kept_words import (
    keeps_words_when_logged_out,
    sent_or_kept,
)
from compassion_site.lib.dates import local_date
from compassion_site.lib.htmx import for_htmx, wants_partial
from compassion_site.lib.http import page_number, see_other
from journal import queries, services, sharing
from journal.filters import filtered_entries
from journal.forms import (
    EntryEditForm,
    EntryForm,
    NoteForm,
)
from journal.models import (
    MAX_ANSWER_LENGTH,
    MAX_ENTRY_LENGTH,
    MAX_NOTE_LENGTH,
)
from journal.search import uses_full_text, with_snippets

# The journal -------------------------------------------------------------------------------

ENTRIES_PER_PAGE = 20


def by_month(entries: list, previous=None) -> list[dict]:
    """Entries in groups by month in the person's time zone. A first group in the same month
    as `previous` (the entry just before this page) continues it, without a new heading."""
    groups = []
    last_month = None
    if previous is not None:
        last_month = local_date(previous.created_at).replace(day=1)
    for entry in entries:
        month = local_date(entry.created_at).replace(day=1)
        if not groups or month != groups[-1]["month"]:
            continues = not groups and month == last_month
            groups.append({"month": month, "entries": [], "continues": continues})
        groups[-1]["entries"].append(entry)
    return groups


@private_page
@require_GET
@for_htmx(use_partial="results")
@for_htmx(if_hx_target="load-more", use_partial="more")
def journal(request):
    """The journal: newest first, by month, with filters and search in the URL; htmx asks
    for the results alone, or for the next page to append."""
    entries, form, journal_filter = filtered_entries(request)
    search = journal_filter.search
    page = page_number(request)
    offset = (page - 1) * ENTRIES_PER_PAGE
    if not search or uses_full_text():  # SQLite's snippets are cut from search_text
        entries = entries.defer("body", "search_text")
    is_load_more = wants_partial(request, "load-more")
    first = max(offset - 1, 0)
    window = list(entries.prefetch_related("tags")[first : offset + ENTRIES_PER_PAGE + 1])
    previous = window.pop(0) if offset and window else None
    has_more = len(window) > ENTRIES_PER_PAGE
    shown = window[:ENTRIES_PER_PAGE]
    if search:
        with_snippets(shown, search)
    context = {
        "form": form,
        "journal_filter": journal_filter,
        "search": search,
        "entries": shown,
        "groups": [] if search else by_month(shown, previous if is_load_more else None),
        "page": page,
        "has_more": has_more,
        "next_page_url": next_page_url(request, page + 1) if has_more else "",
        "is_first_page": page == 1,
        "print_url": filtered_url(request, "export_print"),
    }
    if page == 1 and not journal_filter.active and not wants_partial(request):
        context["revisit"] = queries.revisit(request.user)
        context["journal_is_empty"] = not shown
    response = TemplateResponse(request, "journal/journal.html", context)
    if is_load_more and shown:
        trigger_client_event(
            response, "tend:more-shown", {"focus": f"#entry-{shown[0].pk}"}, after="settle"
        )
    return response


def next_page_url(request, page: int) -> str:
    query = request.GET.copy()
    query["page"] = page
    return f"{reverse('journal')}?{query.urlencode()}"


def filtered_url(request, name: str) -> str:
    """The page `name` with the journal's search and filters from this request."""
    query = request.GET.copy()
    query.pop("page", None)
    return f"{reverse(name)}?{query.urlencode()}" if query else reverse(name)


ENTRY_FIELDS = ("title", "body", "feeling", "tags")
# A draft holds what its form can, and a little room for the title, tags and the rest.
AROUND_THE_WORDS = 5_000
ENTRY_DRAFT_CHARS = MAX_ENTRY_LENGTH + AROUND_THE_WORDS
EDIT_DRAFT_CHARS = MAX_ENTRY_LENGTH + 12 * MAX_ANSWER_LENGTH + AROUND_THE_WORDS
NOTE_DRAFT_CHARS = MAX_NOTE_LENGTH + AROUND_THE_WORDS


def entry_for_draft(request, entry_id: int):
    """Drafts of an entry's pages are for the entry's writer alone (a 404 for anyone else)."""
    queries.get_entry_for_user(request, entry_id)


@keeps_words_when_logged_out(ENTRY_FIELDS, back_to="new_entry")
@private_page
@keeps_drafts(back_to="new_entry", max_chars=ENTRY_DRAFT_CHARS)
@require_http_methods(["GET", "POST"])
def new_entry(request):
    data = sent_or_kept(request, "Save entry")
    if data is None and request.draft is not None:
        form = EntryForm(initial=request.draft.initial)
    else:
        form = EntryForm(data)
    if request.method == "POST" and form.is_valid():
        entry = services.create_entry(request.user, **form.cleaned_data)
        drafts.done(request)
        messages.success(request, "Saved in your journal.")
        return see_other(reverse("entry_detail", args=[entry.pk]))
    return TemplateResponse(request, "journal/entry_new.html", {"form": form})


def entry_page_context(entry, **extra) -> dict:
    context = {
        "entry": entry,
        "answers": queries.entry_answers(entry),
        "notes": list(entry.notes.all()),
        "sharing": sharing.sharing_of_entry(entry),
    }
    context.update(extra)
    return context


@private_page
@keeps_drafts(back_to="entry_detail", max_chars=NOTE_DRAFT_CHARS, allowed=entry_for_draft)
@require_GET
def entry_detail(request, entry_id: int):
    entry = queries.get_entry_for_user(request, entry_id, in_trash=None)
    kept = sent_or_kept(request, "Add note")  # a note written while logged out
    if entry.deleted_at is not None:
        note_form = NoteForm()
    elif kept is not None:
        note_form = NoteForm(kept)
    elif request.draft is not None:
        note_form = NoteForm(initial=request.draft.initial)
    else:
        note_form = NoteForm()
    context = entry_page_context(entry, note_form=note_form)
    return TemplateResponse(request, "journal/entry.html", context)


@keeps_words_when_logged_out(("text",), back_to="entry_detail")
@private_page
@keeps_drafts(back_to="entry_detail", max_chars=NOTE_DRAFT_CHARS, allowed=entry_for_draft)
@require_POST
def entry_add_note(request, entry_id: int):
    entry = queries.get_entry_for_user(request, entry_id)
    return save_note(request, entry, request.POST)


def save_note(request, entry, data):
    form = NoteForm(data)
    if form.is_valid():
        services.add_note(entry, form.cleaned_data["text"], form.cleaned_data["submission"])
        drafts.done(request)
        messages.success(request, "Your note is added, dated today.")
        return see_other(reverse("entry_detail", args=[entry.pk]) + f"#notes-{entry.pk}")
    context = entry_page_context(entry, note_form=form)
    return TemplateResponse(request, "journal/entry.html", context, status=400)


@keeps_words_when_logged_out(("*",), back_to="entry_edit")
@private_page
@keeps_drafts(back_to="entry_edit", max_chars=EDIT_DRAFT_CHARS, allowed=entry_for_draft)
@require_http_methods(["GET", "POST"])
def entry_edit(request, entry_id: int):
    """Edit an entry. If another tab saved an edit since this page opened, nothing is
    overwritten: both versions are shown and the person chooses."""
    entry = queries.get_entry_for_user(request, entry_id)
    answers = queries.entry_answers(entry)
    tags = list(entry.tags.all())
    data = sent_or_kept(request, "Save changes")
    if request.method == "GET":
        if data is None:
            initial = EntryEditForm.initial_for(entry, answers, tags)
            if request.draft is not None:
                # The draft keeps the version it began from: saving it over a newer edit
                # shows both, as from another tab.
                initial.update(request.draft.initial)
            form = EntryEditForm(initial=initial, entry=entry, answers=answers)
        else:
            form = EntryEditForm(data, entry=entry, answers=answers)
        return TemplateResponse(request, "journal/entry_edit.html", {"entry": entry, "form": form})

    form = EntryEditForm(data, entry=entry, answers=answers)
    if not form.is_valid():
        context = {"entry": entry, "form": form}
        return TemplateResponse(request, "journal/entry_edit.html", context, status=400)
    data = form.cleaned_data
    conflict = services.edit_entry(
        entry,
        seen_version=data["version"],
        title=data.get("title"),
        body=data.get("body"),
        feeling=data.get("feeling"),
        tags=data["tags"],
        answers=form.answer_changes(),
    )
    if conflict is None:
        drafts.done(request)
        messages.success(request, "Your changes are saved.")
        return see_other(reverse("entry_detail", args=[entry.pk]))
    # Show both versions. The form keeps this tab's words and now carries the saved version,
    # so "Save my version" replaces it knowingly; "Keep the saved version" changes nothing.
    saved = conflict.saved
    differences = form.differences(saved, answers, tags)
    resubmit = data.copy()
    resubmit["version"] = saved.version
    form = EntryEditForm(resubmit, entry=entry, answers=answers)
    form.is_valid()
    context = {"entry": saved, "form": form, "differences": differences, "conflict": True}
    return TemplateResponse(request, "journal/entry_edit.html", context, status=409)


@private_page
@require_POST
def entry_delete(request, entry_id: int):
    entry = queries.get_entry_for_user(request, entry_id)
    services.trash_entry(entry)
    messages.info(
        request,
        f"Moved “{entry.display_title}” to the trash. You can restore it from there for 30 days.",
    )
    return see_other(reverse("journal"))


@private_page
@require_POST
def entry_restore(request, entry_id: int):
    entry = queries.get_entry_for_user(request, entry_id, in_trash=True)
    services.restore_entry(entry)
    messages.success(request, f"Restored “{entry.display_title}” to your journal.")
    return see_other(reverse("trash"))


@private_page
@require_POST
def entry_purge(request, entry_id: int):
    entry = queries.get_entry_for_user(request, entry_id, in_trash=True)
    services.purge_entry(entry)
    messages.info(request, f"“{entry.display_title}” is deleted for good.")
    return see_other(reverse("trash"))


@private_page
@require_GET
def trash(request):
    entries = list(queries.trash(request.user))
    return TemplateResponse(request, "journal/trash.html", {"entries": entries})


@private_page
@require_http_methods(["GET", "POST"])
def empty_trash(request):
    if request.method == "POST":
        count = services.empty_trash(request.user)
        messages.info(
            request,
            f"The trash is empty. {count} entr{'y' if count == 1 else 'ies'} deleted for good.",
        )
        return see_other(reverse("trash"))
    count = queries.trash(request.user).count()
    return TemplateResponse(request, "journal/trash_empty.html", {"count": count})
