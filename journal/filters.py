"""The journal's filters and search: they combine, live in the URL, and never break the list.

A value we don't recognise is left out with a note; dates the wrong way round are swapped,
with a note; a date outside 1900 to 2199 is left out with a message beside its field. The
same filters serve the journal list and the printable page.
"""

from dataclasses import dataclass, field
from functools import cache

from django import forms
from django.db import connection
from django.db.models import Exists, OuterRef
from django.utils.choices import BaseChoiceIterator

from compassion_site.lib.dates import RealisticDateField, shift, start_of_day
from compassion_site.lib.forms import QuickInput, QuickSelect
from journal.models import Answer, Entry, Part, Run, Share, Tag
from journal.search import Search, filter_and_rank
from practices.models import Modality, Practice

FREE_WRITING = "free"
DATE = {"type": "date"}  # as RealisticDateField's own widget
MODALITY_CHOICES = [*Modality.choices, (FREE_WRITING, "Free writing")]


class QuickSearchInput(QuickInput, forms.SearchInput):
    pass


class QuickDateInput(QuickInput, forms.DateInput):
    pass


class QuickCheckbox(QuickInput, forms.CheckboxInput):
    pass


class ReadOnce(BaseChoiceIterator):
    """Choices read when first needed, then kept (Django's own lazy choices are read and
    checked again each time they are looked at: four times a page)."""

    def __init__(self, read):
        self.read = cache(read)

    def __iter__(self):
        return iter(self.read())


class OwnChoiceField(forms.ChoiceField):
    """A choice among the person's own things (practices done, tags, parts). The list is read
    from the database once, and only when something needs it: the form drawn on the page, or
    a chosen value checked against it. Where the form isn't drawn (the htmx Load more), a
    chosen value is checked with one small query of its own instead (`is_known`), and with
    nothing chosen there is no query at all."""

    widget = QuickSelect

    def __init__(self, *, anything: str, **kwargs):
        super().__init__(required=False, **kwargs)
        self.anything = anything
        self.is_known = None

    def read_from(self, read_choices, is_known=None) -> None:
        """`read_choices()` gives (value, label) pairs; `is_known(value)` answers for one
        value without reading them all (used only when it is given)."""
        self.choices = ReadOnce(lambda: [("", self.anything), *read_choices()])
        self.is_known = is_known

    def valid_value(self, value) -> bool:
        if "\x00" in str(value):  # nothing stored has one, and PostgreSQL refuses it in a query
            return False
        if self.is_known is not None:
            return self.is_known(value)
        return super().valid_value(value)


def is_a_number(value: str) -> bool:
    """True for a plain number as the choices spell it ("12", not "012" or " 12")."""
    return value.isascii() and value.isdigit() and str(int(value)) == value


class JournalFilterForm(forms.Form):
    """The journal's search and filters. `shown=False` when the form is not drawn (the htmx
    Load more): its choices are then never read, and a chosen value is checked on its own."""

    hide_optional_marks = True

    q = forms.CharField(
        label="Search my journal", required=False, strip=True, widget=QuickSearchInput
    )
    modality = forms.ChoiceField(
        label="Method",
        required=False,
        choices=[("", "Any method"), *MODALITY_CHOICES],
        widget=QuickSelect,
    )
    practice = OwnChoiceField(label="Practice", anything="Any practice")
    tag = OwnChoiceField(label="Tag", anything="Any tag")
    part = OwnChoiceField(label="Part", anything="Any part")
    start = RealisticDateField(label="From", required=False, widget=QuickDateInput(DATE))
    end = RealisticDateField(label="To", required=False, widget=QuickDateInput(DATE))
    hard = forms.BooleanField(
        label="Stirred up something hard", required=False, widget=QuickCheckbox
    )
    shared = forms.BooleanField(
        label="Shared with my therapist", required=False, widget=QuickCheckbox
    )

    def __init__(self, data, *, user, shown: bool = True, **kwargs):
        super().__init__(data, **kwargs)
        self.user = user
        # The queries are made only when asked for: Load more, with no filter chosen, makes
        # none of them. The form drawn reads its three lists, and whether anything is
        # shared, in one query (`own_lists`).
        lists = cache(lambda: own_lists(user))
        self.read_lists = lists
        self.fields["practice"].read_from(
            lambda: lists()["practice"],
            None if shown else lambda slug: practices_done(user).filter(slug=slug).exists(),
        )
        self.fields["tag"].read_from(
            lambda: lists()["tag"],
            None if shown else lambda name: tags_of(user).filter(name=name).exists(),
        )
        self.fields["part"].read_from(
            lambda: lists()["part"],
            None if shown else lambda pk: is_a_number(pk) and parts_of(user).filter(pk=pk).exists(),
        )

    @property
    def offers_shared(self) -> bool:
        """Whether to offer the "shared" filter: once something has been shared."""
        return self.read_lists()["shared"]


def practices_done(user):
    """The practices the person has kept an entry of."""
    done = Run.objects.filter(user=user, practice=OuterRef("pk"), entry__isnull=False)
    return Practice.objects.filter(Exists(done))


def tags_of(user):
    return Tag.objects.filter(user=user)


def parts_of(user):
    return Part.objects.filter(user=user)


# The lists, in the order the query gives them (see own_lists).
OWN_LISTS = ("practice", "tag", "part", "shared")


def own_lists(user) -> dict:
    """The filters' lists of the person's own things, as (value, label) pairs: the practices
    they have kept an entry of (by title), their tags (by name) and parts (retired ones last,
    then by name); and "shared": whether any entry of theirs is shared. One query: the four
    asked together (UNION ALL), each row saying which list it belongs to."""
    found = {name: [] for name in OWN_LISTS}
    with connection.cursor() as cursor:
        cursor.execute(OWN_LISTS_SQL, [user.pk] * 4)
        for which, _, label, value in cursor.fetchall():
            found[OWN_LISTS[which]].append((value, label))
    return {**found, "shared": bool(found["shared"])}


# Written out rather than built with the ORM: building it took three times as long as running
# it (3.3 ms against 1.1), on the page people open most. The same on PostgreSQL and SQLite,
# with the models' own table names; the practices are those of `practices_done`, the tags of
# `tags_of` and the parts of `parts_of` (tests/journal/test_journal_list.py holds them to it).
OWN_LISTS_SQL = """
SELECT 0 AS which, 0 AS later, practice.title AS label, practice.slug AS value
  FROM practices_practice practice
 WHERE EXISTS (SELECT 1 FROM journal_run run
                 JOIN journal_entry entry ON entry.run_id = run.id
                WHERE run.user_id = %s AND run.practice_id = practice.id)
UNION ALL
SELECT 1, 0, name, name FROM journal_tag WHERE user_id = %s
UNION ALL
SELECT 2, CASE WHEN retired THEN 1 ELSE 0 END, name, CAST(id AS TEXT)
  FROM journal_part WHERE user_id = %s
UNION ALL
SELECT 3, 0, '', '' WHERE EXISTS (
  SELECT 1 FROM journal_share share
    JOIN journal_entry entry ON entry.id = share.entry_id
   WHERE entry.user_id = %s)
ORDER BY which, later, label
"""


@dataclass
class JournalFilter:
    """What the person asked for, cleaned: the filters in force, the search, and notes."""

    chosen: dict = field(default_factory=dict)
    search: Search = field(default_factory=Search)
    notes: list[str] = field(default_factory=list)

    @property
    def active(self) -> bool:
        return bool(self.chosen or self.search)


def read_filters(form: JournalFilterForm) -> JournalFilter:
    form.is_valid()
    notes = []
    for name in form.errors:
        if name != "q":  # any search text is fine: Search cleans it
            label = form.fields[name].label.lower()
            notes.append(f"We didn't recognise that {label}, so that filter isn't applied.")
    chosen = {
        name: value
        for name, value in form.cleaned_data.items()
        if value and name not in form.errors and name != "q"
    }
    if chosen.get("start") and chosen.get("end") and chosen["start"] > chosen["end"]:
        chosen["start"], chosen["end"] = chosen["end"], chosen["start"]
        notes.append("The dates were the wrong way round, so we swapped them.")
    search = Search.from_typed(form.data.get("q"))
    if search.note:
        notes.append(search.note)
    return JournalFilter(chosen=chosen, search=search, notes=notes)


def apply_filters(entries, journal_filter: JournalFilter):
    """The entries matching the filters and search; every match ranked when searching."""
    entries = narrowed(entries, journal_filter.chosen)
    if journal_filter.search:
        entries = filter_and_rank(entries, journal_filter.search)
    return entries


def narrowed(entries, chosen: dict):
    """The entries matching the filters chosen (not the search)."""
    return by_marks(by_dates(by_practice(entries, chosen), chosen), chosen)


def by_practice(entries, chosen: dict):
    """What was practised: the method (or free writing), the practice, a tag, a part."""
    if chosen.get("modality") == FREE_WRITING:
        entries = entries.filter(run__isnull=True)
    elif chosen.get("modality"):
        entries = entries.filter(run__practice__modality=chosen["modality"])
    if chosen.get("practice"):
        entries = entries.filter(run__practice__slug=chosen["practice"])
    if chosen.get("tag"):
        entries = entries.filter(tags__name=chosen["tag"])
    if chosen.get("part"):
        entries = entries.filter(
            Exists(Answer.objects.filter(run_id=OuterRef("run_id"), part_id=chosen["part"]))
        )
    return entries


def by_dates(entries, chosen: dict):
    """From the start of the first day to the end of the last, in the person's own days."""
    if chosen.get("start"):
        entries = entries.filter(created_at__gte=start_of_day(chosen["start"]))
    if chosen.get("end"):
        entries = entries.filter(created_at__lt=start_of_day(shift(chosen["end"], 1)))
    return entries


# Whether an entry is shared with a therapist, as a condition or a column of a query over
# entries. Made once: a query that uses it takes a copy.
IS_SHARED = Exists(Share.objects.filter(entry=OuterRef("pk")))


def by_marks(entries, chosen: dict):
    """Entries marked as having stirred something hard, or shared with a therapist."""
    if chosen.get("hard"):
        entries = entries.filter(run__hard_moment=True)
    if chosen.get("shared"):
        entries = entries.filter(IS_SHARED)
    return entries


def read_journal_filter(request, *, shown: bool = True):
    """The filter form for this request's query string, and what it asks for, cleaned.
    `shown=False` for a response that does not draw the form (see JournalFilterForm)."""
    form = JournalFilterForm(request.GET, user=request.user, shown=shown)
    return form, read_filters(form)


def own_entries(user):
    """The person's kept entries: everything the journal lists, before any filter."""
    return Entry.objects.kept().filter(user=user)


def filtered_entries(request):
    """The signed-in person's kept entries, filtered as the URL asks.

    Returns (entries, form, journal_filter). Entries are newest first, or best match first
    when searching (every match ranked); the run and practice come along in the same query.
    """
    form, journal_filter = read_journal_filter(request)
    entries = (
        own_entries(request.user)
        .select_related("run__practice")
        .defer("search_vector")
        # For the list's "Shared" marker: in the same query, not one per entry.
        .annotate(is_shared=IS_SHARED)
    )
    return apply_filters(entries, journal_filter), form, journal_filter
