"""The journal's filters and search: they combine, live in the URL, and never break the list.

A value we don't recognise is left out with a note; dates the wrong way round are swapped,
with a note; a date outside 1900 to 2199 is left out with a message beside its field. The
same filters serve the journal list and the printable page.
"""

from dataclasses import dataclass, field

from django import forms
from django.db.models import Exists, OuterRef

from compassion_site.lib.dates import RealisticDateField, shift, start_of_day
from journal.models import Answer, Entry, Part, Run, Share, Tag
from journal.search import Search, filter_and_rank
from practices.models import Modality, Practice

FREE_WRITING = "free"
MODALITY_CHOICES = [*Modality.choices, (FREE_WRITING, "Free writing")]


class JournalFilterForm(forms.Form):
    hide_optional_marks = True

    q = forms.CharField(
        label="Search my journal", required=False, strip=True, widget=forms.SearchInput
    )
    modality = forms.ChoiceField(
        label="Method", required=False, choices=[("", "Any method"), *MODALITY_CHOICES]
    )
    practice = forms.ChoiceField(label="Practice", required=False)
    tag = forms.ChoiceField(label="Tag", required=False)
    part = forms.ChoiceField(label="Part", required=False)
    start = RealisticDateField(label="From", required=False)
    end = RealisticDateField(label="To", required=False)
    hard = forms.BooleanField(label="Stirred up something hard", required=False)
    shared = forms.BooleanField(label="Shared with my therapist", required=False)

    def __init__(self, data, *, user, **kwargs):
        super().__init__(data, **kwargs)
        done = Run.objects.filter(user=user, practice=OuterRef("pk"), entry__isnull=False)
        practices = (
            Practice.objects.filter(Exists(done)).order_by("title").values_list("slug", "title")
        )
        self.fields["practice"].choices = [("", "Any practice"), *practices]
        tags = Tag.objects.filter(user=user).values_list("name", flat=True)
        self.fields["tag"].choices = [("", "Any tag"), *((name, name) for name in tags)]
        parts = Part.objects.filter(user=user).values_list("pk", "name")
        self.fields["part"].choices = [("", "Any part"), *((str(pk), name) for pk, name in parts)]
        self.offers_shared = Share.objects.filter(entry__user=user).exists()


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
    """The entries matching the filters and search; ranked when searching."""
    chosen = journal_filter.chosen
    entries = by_practice(entries, chosen)
    entries = by_dates(entries, chosen)
    entries = by_marks(entries, chosen)
    if journal_filter.search:
        entries = filter_and_rank(entries, journal_filter.search)
    return entries


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


def by_marks(entries, chosen: dict):
    """Entries marked as having stirred something hard, or shared with a therapist."""
    if chosen.get("hard"):
        entries = entries.filter(run__hard_moment=True)
    if chosen.get("shared"):
        entries = entries.filter(Exists(Share.objects.filter(entry=OuterRef("pk"))))
    return entries


def filtered_entries(request):
    """The signed-in person's kept entries, filtered as the URL asks.

    Returns (entries, form, journal_filter). Entries are newest first, or best match first
    when searching; the run and practice come along in the same query.
    """
    form = JournalFilterForm(request.GET, user=request.user)
    journal_filter = read_filters(form)
    entries = (
        Entry.objects.kept()
        .filter(user=request.user)
        .select_related("run__practice")
        .defer("search_vector")
        # For the list's "Shared" marker: in the same query, not one per entry.
        .annotate(is_shared=Exists(Share.objects.filter(entry=OuterRef("pk"))))
    )
    return apply_filters(entries, journal_filter), form, journal_filter
