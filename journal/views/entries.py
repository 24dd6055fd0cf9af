"""The journal: the list (with search and filters), writing a new entry, reading, editing and
adding a looking-back note, and the trash. Only the author sees any of it."""

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime

from django.contrib import messages
from django.db import connection
from django.http import QueryDict
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import trigger_client_event

from compassion_site.accounts import drafts
from compassion_site.accounts.access import private_page
from compassion_site.accounts.drafts import keeps_drafts
from compassion_site.accounts.kept_words import (
    keeps_words_when_logged_out,
    sent_or_kept,
)
from compassion_site.lib.dates import day_and_time, local_date, local_moment
from compassion_site.lib.htmx import for_htmx, wants_partial
from compassion_site.lib.http import page_number, see_other
from journal import queries, services, sharing
from journal.filters import IS_SHARED, narrowed, own_entries, read_journal_filter
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
from journal.search import (
    HEADLINE_SQL,
    RANKED_MATCHES,
    headline_params,
    matching,
    newest_matches,
    newest_own_matches,
    uses_full_text,
    with_snippets,
)
from practices.models import Modality

# The journal -------------------------------------------------------------------------------
#
# Newest first, the list pages by keyset: a page starts just after the last entry shown before
# it (`?before=<its moment>-<its id>`), so a page far back costs what the first does, where an
# OFFSET read and threw away every entry before it. Entries written in the same microsecond are
# told apart by id, so none is repeated or skipped at a page's edge. A link to any page is a
# plain GET: it shows that page whole, with a link back to the newest.
#
# A search on PostgreSQL is best match first, and pages differently: its one query ranks the
# newest RANKED_MATCHES matches (journal/search.py) and a page is a slice of that ranked list
# (`?page=2`, see BEST_MATCHES_SQL): an offset, but within the few hundred ranked anyway,
# never into the table. A keyset on the rank was the other way; a rank is a float that can
# change when an entry is edited, and the ranked list is cheap to make again. On SQLite a
# search is newest first, and pages by keyset like the list.

ENTRIES_PER_PAGE = 20
# What the list draws of each entry (list_item, below), and nothing more, read as plain values
# in one query with the run and its practice: building 20 entries with their runs and
# practices as model instances took longer than the query itself (bench/growth.py).
LISTED_COLUMNS = (
    "pk",
    "title",
    "preview",
    "feeling",
    "created_at",
    "run_id",
    "run__distress_before",
    "run__distress_after",
    "run__hard_moment",
    "run__practice__modality",
    "is_shared",
)
MODALITY_LABELS = dict(Modality.choices)


@dataclass(slots=True)
class ListedEntry:
    """An entry as the list draws it (`listed`): its own columns, its run's and its practice's
    method (None for free writing), whether it is shared, and for a search the text the
    snippet comes from (`search_text` on SQLite, `headline` on PostgreSQL). `moment` and
    `item` are added by `ready_to_list`, `snippet` by search.with_snippets."""

    pk: int
    title: str
    preview: str
    feeling: int | None
    created_at: datetime
    run_id: int | None
    distress_before: int | None
    distress_after: int | None
    hard_moment: bool
    modality: str | None
    is_shared: bool
    search_text: str = ""
    headline: str = ""
    tags: list[str] | None = None  # by name; None when not read with the entry
    moment: datetime | None = None
    snippet: SafeString | None = None
    item: SafeString | None = None

    @property
    def display_title(self) -> str:
        return self.title or "Free writing"  # as Entry.display_title


PLACE = re.compile(r"(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)\.(\d{6})Z-(\d{1,18})")
LOST_PLACE = "We couldn't find that place in your journal, so here are your newest entries."
LOST_PAGE = "Those results have changed since that link was made, so here are the best matches."


@dataclass(frozen=True)
class Place:
    """Where a page of the list starts: just after (older than) the entry written at
    `created_at` with id `pk`, the last one on the page before."""

    created_at: datetime
    pk: int

    @classmethod
    def after(cls, entry) -> "Place":
        return cls(entry.created_at, entry.pk)

    @classmethod
    def read(cls, text: str) -> "Place | None":
        """The place written by `str(place)`, or None for anything else."""
        found = PLACE.fullmatch(text)
        if not found:
            return None
        *moment, pk = map(int, found.groups())
        try:
            return cls(datetime(*moment, tzinfo=UTC), pk)
        except ValueError:  # 20261345T..., say
            return None

    def __str__(self) -> str:
        at = self.created_at.astimezone(UTC)
        day = f"{at.year:04d}{at.month:02d}{at.day:02d}"
        return f"{day}T{at.hour:02d}{at.minute:02d}{at.second:02d}.{at.microsecond:06d}Z-{self.pk}"

    def older(self, entries):
        """`entries` after this place, newest first."""
        return entries.filter(created_at__lte=self.created_at).exclude(
            created_at=self.created_at, pk__gte=self.pk
        )


@dataclass
class JournalPage:
    """One page of the list: its entries, the link to the next page (if there is one), and
    the moment of the entry just before it (to carry a month on across a Load more)."""

    entries: list
    next_url: str = ""
    is_first: bool = True
    previous: datetime | None = None
    note: str = ""
    more_than_ranked: bool = False


def by_month(entries: list, previous: datetime | None = None) -> list[dict]:
    """Entries in groups by month in the person's time zone. A first group in the same month
    as `previous` (when the entry just before this page was written) continues it, without a
    new heading."""
    groups = []
    last_month = local_date(previous).replace(day=1) if previous is not None else None
    for entry in entries:
        month = entry.moment.date().replace(day=1)
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
    for the results alone, or for the next page to append. Neither draws the filter form, so
    neither reads its choices."""
    form, journal_filter = read_journal_filter(request, shown=not wants_partial(request))
    search = journal_filter.search
    if search and uses_full_text():
        newest = newest_matches_of(request.user, journal_filter.chosen, search)
        page = best_first(request, newest, search)
    else:
        entries = narrowed(own_entries(request.user), journal_filter.chosen)
        page = newest_first(request, matching(entries, search) if search else entries, search)
    is_load_more = wants_partial(request, "load-more")
    shown = page.entries
    context = {
        "form": form,
        "journal_filter": journal_filter,
        "notes": [*journal_filter.notes, page.note] if page.note else journal_filter.notes,
        "search": search,
        "entries": shown,
        "groups": [] if search else by_month(shown, page.previous if is_load_more else None),
        "has_more": bool(page.next_url),
        "next_page_url": page.next_url,
        "is_first_page": page.is_first,
        "newest_url": filtered_url(request, "journal"),
        "more_than_ranked": page.more_than_ranked,
        "ranked_matches": RANKED_MATCHES,
        "print_url": filtered_url(request, "export_print"),
    }
    if page.is_first and not journal_filter.active and not wants_partial(request):
        context["revisit"] = queries.revisit(request.user)
        context["journal_is_empty"] = not shown
    response = TemplateResponse(request, "journal/journal.html", context)
    if is_load_more and shown:
        trigger_client_event(
            response, "tend:more-shown", {"focus": f"#entry-{shown[0].pk}"}, after="settle"
        )
    return response


def newest_first(request, entries, search) -> JournalPage:
    """The page of `entries`, newest first, that starts at the place in `?before=`."""
    asked = request.GET.get("before", "")
    place = Place.read(asked) if asked else None
    if place is not None:
        entries = place.older(entries)
    window = listed(entries.order_by("-created_at", "-id"), search, ENTRIES_PER_PAGE + 1)
    shown = window[:ENTRIES_PER_PAGE]
    return JournalPage(
        entries=ready_to_list(shown, search),
        next_url=(
            next_page_url(request, before=Place.after(shown[-1]))
            if len(window) > ENTRIES_PER_PAGE
            else ""
        ),
        is_first=place is None,
        previous=place.created_at if place else None,
        note=LOST_PLACE if asked and place is None else "",
    )


def newest_matches_of(person, chosen: dict, search) -> tuple[str, list]:
    """PostgreSQL: the newest matches of the search among the person's kept entries, narrowed
    by the filters chosen (`journal.search.newest_matches`), as SQL and its parameters: written
    out when no filter is chosen, as in most searches (`newest_own_matches`)."""
    if not chosen:
        return newest_own_matches(person, search)
    entries = narrowed(own_entries(person), chosen)
    return newest_matches(entries, search).query.sql_with_params()


def best_first(request, newest: tuple[str, list], search) -> JournalPage:
    """PostgreSQL: the page asked for (`?page=`) of the best of the `newest` matches (SQL and
    its parameters, from `newest_matches_of`), in one query (`best_matches`)."""
    page, note = page_number(request), ""
    found, shown = best_matches(newest, search, page)
    if not shown and page > 1:  # a page the results no longer reach
        page, note = 1, LOST_PAGE
        found, shown = best_matches(newest, search, page)
    ranked = min(found, RANKED_MATCHES)
    return JournalPage(
        entries=ready_to_list(shown, search),
        next_url=(
            next_page_url(request, page=page + 1) if page * ENTRIES_PER_PAGE < ranked else ""
        ),
        is_first=page == 1,
        note=note,
        more_than_ranked=found > RANKED_MATCHES,
    )


# A page of a search on PostgreSQL, in one query: the newest matches with their ranks (from
# newest_matches_of: RANKED_MATCHES and one more), numbered newest first; those ranked
# numbered again, best first (the newer first when two rank alike); and the page's rows with
# the columns of LISTED_COLUMNS, in order, their tags by name (as tags_of_entries reads them)
# and the text around the matches (journal.search.HEADLINE_SQL). Each row also says how many
# matches were found. Written out, as three queries (ranks, the rows by id, their tags) took
# two round trips and an ORM build more, and brought every rank into Python
# (tests/journal/test_journal_list.py holds it to them).
BEST_MATCHES_SQL = """
WITH newest (id, rank, created_at) AS ({newest}),
numbered AS (
  SELECT id, rank, row_number() OVER (ORDER BY created_at DESC, id DESC) AS newer,
         count(*) OVER () AS found
    FROM newest
),
ranked AS (
  SELECT id, found, row_number() OVER (ORDER BY rank DESC, newer) AS place
    FROM numbered
   WHERE newer <= %s
)
SELECT ranked.found, journal_entry.id, journal_entry.title, journal_entry.preview,
       journal_entry.feeling, journal_entry.created_at, journal_entry.run_id,
       journal_run.distress_before, journal_run.distress_after, journal_run.hard_moment,
       practices_practice.modality,
       EXISTS (SELECT 1 FROM journal_share WHERE journal_share.entry_id = journal_entry.id),
       ARRAY(SELECT journal_tag.name
               FROM journal_entry_tags
               JOIN journal_tag ON journal_tag.id = journal_entry_tags.tag_id
              WHERE journal_entry_tags.entry_id = journal_entry.id
              ORDER BY journal_tag.name),
       {headline}
  FROM ranked
  JOIN journal_entry ON journal_entry.id = ranked.id
  LEFT JOIN journal_run ON journal_run.id = journal_entry.run_id
  LEFT JOIN practices_practice ON practices_practice.id = journal_run.practice_id
 WHERE ranked.place > %s AND ranked.place <= %s
 ORDER BY ranked.place
"""


def best_matches(newest: tuple[str, list], search, page: int) -> tuple[int, list[ListedEntry]]:
    """PostgreSQL: how many matches the `newest` query found (counted up to RANKED_MATCHES and
    one more), and the `page`th page of the best of the newest RANKED_MATCHES of them, as the
    list draws them. A page past the last finds nothing, and counts nothing (0)."""
    newest_sql, newest_params = newest
    start = (page - 1) * ENTRIES_PER_PAGE
    with connection.cursor() as cursor:
        cursor.execute(
            BEST_MATCHES_SQL.format(newest=newest_sql, headline=HEADLINE_SQL),
            [
                *newest_params,
                RANKED_MATCHES,
                *headline_params(search),
                start,
                start + ENTRIES_PER_PAGE,
            ],
        )
        rows = cursor.fetchall()
    found = rows[0][0] if rows else 0
    return found, [ListedEntry(*row[1:-2], tags=row[-2], headline=row[-1] or "") for row in rows]


def listed(entries, search, most: int | None = None) -> list[ListedEntry]:
    """The first `most` of `entries` (all of them when None), in their order, as the list
    draws them (`ListedEntry`): the run's and its practice's columns in the same query, the
    "Shared" marker, and for a search (on SQLite: PostgreSQL's is `best_matches`) the text
    its snippet is cut from."""
    entries = entries.annotate(is_shared=IS_SHARED)
    if search:
        rows = entries.values_list(*LISTED_COLUMNS, "search_text")[:most]
        return [ListedEntry(*row[:-1], search_text=row[-1]) for row in rows]
    return [ListedEntry(*row) for row in entries.values_list(*LISTED_COLUMNS)[:most]]


def ready_to_list(entries: list, search) -> list:
    """Each entry's item in the list, as `entry.item` (see `list_item`), with `moment`, when
    it was written in the person's time zone (for the month headings). Tag names come in
    one query for the page (names alone: no Tag objects), unless the entries were read with
    them (a search on PostgreSQL); when searching, each entry's snippet, the text around the
    matches."""
    tag_names = defaultdict(list)
    for entry_id, name in tags_of_entries([entry.pk for entry in entries if entry.tags is None]):
        tag_names[entry_id].append(name)
    if search:
        with_snippets(entries, search)
    url = reverse("entry_detail", args=[0]).removesuffix("0/")
    for entry in entries:
        entry.moment = local_moment(entry.created_at)
        entry.item = list_item(
            entry,
            url=f"{url}{entry.pk}/",
            when=day_and_time(entry.moment, with_year=bool(search)),
            text=(entry.snippet if search else "") or entry.preview,
            tags=tag_names.get(entry.pk, ()) if entry.tags is None else entry.tags,
        )
    return entries


# The tags of the entries on a page, by name, as (entry id, tag name) pairs: the ORM's
# Entry.tags.through.objects.filter(entry_id__in=ids).order_by("tag__name")
# .values_list("entry_id", "tag__name"), written out because building that took longer than
# running it (tests/journal/test_journal_list.py holds the two to the same answer).
TAGS_OF_ENTRIES_SQL = """
SELECT link.entry_id, tag.name
  FROM journal_entry_tags link
  JOIN journal_tag tag ON tag.id = link.tag_id
 WHERE link.entry_id IN ({ids})
 ORDER BY tag.name
"""


def tags_of_entries(entry_ids: list[int]) -> list[tuple[int, str]]:
    """The tags of these entries (at most a page of them), by name. No query for none."""
    if not entry_ids:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            TAGS_OF_ENTRIES_SQL.format(ids=", ".join(["%s"] * len(entry_ids))), entry_ids
        )
        return cursor.fetchall()


# One entry in the list. Drawn here rather than by a template included once per entry: with
# its {% url %} tag, date filters and a dozen lookups, that include was a third of the cost of
# the journal's page (bench/journal_pages.py), and format_html for each piece half of what was
# left. Every value from the entry is escaped: `escape`, or `conditional_escape` for the
# snippet, which is safe HTML already (journal/search.py).
DISTRESS_HINT = "(0 calm, 10 very distressed)"
FEELING_HINT = "(0 very low, 10 really well)"


def list_item(entry, *, url: str, when: str, text, tags) -> SafeString:
    """The <li> for `entry`: its title linking to it, when it was written, what it was (a
    practice's method, with distress before and after and whether it stirred up something
    hard; or free writing, with the feeling), whether it is shared, its first words (or the
    snippet of a search) and its tags."""
    if entry.run_id is not None:
        meta = f" <span>{escape(MODALITY_LABELS.get(entry.modality, entry.modality))}</span>"
        if entry.distress_before is not None and entry.distress_after is not None:
            meta += (
                f" <span>Distress {int(entry.distress_before)} before,"
                f" {int(entry.distress_after)} after {DISTRESS_HINT}</span>"
            )
        if entry.hard_moment:
            meta += ' <span class="meta__flag">Stirred up something hard</span>'
    else:
        meta = " <span>Free writing</span>"
        if entry.feeling is not None:
            meta += f" <span>Feeling {int(entry.feeling)} out of 10 {FEELING_HINT}</span>"
    if entry.is_shared:
        meta += ' <span class="meta__shared">Shared</span>'
    html = (
        '<li class="entry-item">\n'
        f'  <h3 class="entry-item__title"><a id="entry-{int(entry.pk)}" href="{escape(url)}">'
        f"{escape(entry.display_title)}</a></h3>\n"
        f'  <p class="meta"><time datetime="{escape(entry.moment.isoformat())}">{escape(when)}'
        f"</time>{meta}</p>\n"
    )
    if text:
        html += f'  <p class="entry-item__text">{conditional_escape(text)}</p>\n'
    if tags:
        names = "".join(f' <span class="tag">#{escape(name)}</span>' for name in tags)
        html += f'  <p class="tags"><span class="visually-hidden">Tags:</span>{names}</p>\n'
    return mark_safe(html + "</li>\n")  # noqa: S308  # nosec B308 B703


def search_and_filters(request) -> QueryDict:
    """This request's search and filters, without its place in the list (page or before)."""
    query = request.GET.copy()
    for place in ("page", "before"):
        query.pop(place, None)
    return query


def next_page_url(request, **place) -> str:
    """The journal with this request's search and filters, at `place` (before=... or
    page=...)."""
    query = search_and_filters(request)
    for name, value in place.items():
        query[name] = str(value)
    return f"{reverse('journal')}?{query.urlencode()}"


def filtered_url(request, name: str) -> str:
    """The page `name` with the journal's search and filters from this request (not its
    place in the list)."""
    query = search_and_filters(request)
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
