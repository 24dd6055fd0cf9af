from django import forms

from practices.models import Audience, Intensity, Modality, Mood, Skill

SEARCH_LENGTH = 100  # longer searches are cut here: no title or summary is that long

LENGTHS = {
    "short": ("5 minutes or less", 1, 5),
    "medium": ("6 to 15 minutes", 6, 15),
    "long": ("More than 15 minutes", 16, 60),
}


class LibraryFilterForm(forms.Form):
    """The library's filters. They combine, and live in the URL."""

    hide_optional_marks = True

    modality = forms.ChoiceField(
        label="Method", required=False, choices=[("", "Any method"), *Modality.choices]
    )
    skill = forms.ChoiceField(
        label="CFT skill", required=False, choices=[("", "Any skill"), *Skill.choices]
    )
    length = forms.ChoiceField(
        label="Length",
        required=False,
        choices=[("", "Any length"), *((key, label) for key, (label, _, _) in LENGTHS.items())],
    )
    intensity = forms.ChoiceField(
        label="Intensity", required=False, choices=[("", "Any intensity"), *Intensity.choices]
    )
    mood = forms.ChoiceField(
        label="What's going on for me?", required=False, choices=[("", "Anything"), *Mood.choices]
    )
    q = forms.CharField(
        label="Search the practices",
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
        help_text="A word or two: a title, a feeling, a skill or a method.",
    )
    favourites = forms.BooleanField(label="Only my favourites", required=False)

    def clean_q(self) -> str:
        # Cut, not refused: a very long search still finds what its first words match.
        return " ".join(self.cleaned_data["q"].split())[:SEARCH_LENGTH]

    def filters(self) -> tuple[dict, list[str]]:
        """The valid filters, and the names of any that were not understood (and ignored)."""
        self.is_valid()
        ignored = [self.fields[name].label for name in self.errors]
        chosen = {
            name: value
            for name, value in self.cleaned_data.items()
            if value and name not in self.errors
        }
        return chosen, ignored


def filter_practices(practices, chosen: dict) -> list:
    """Apply the chosen filters to a queryset of practices; returns a list. (Favourites are
    each person's own: the view narrows the queryset to them before this.)"""
    if chosen.get("modality"):
        practices = practices.filter(modality=chosen["modality"])
    if chosen.get("intensity"):
        practices = practices.filter(intensity=chosen["intensity"])
    if chosen.get("length"):
        _, low, high = LENGTHS[chosen["length"]]
        practices = practices.filter(minutes__gte=low, minutes__lte=high)
    found = list(practices)
    # Skills and moods are short lists on each practice; the library is small enough to
    # match them here, the same on SQLite and PostgreSQL.
    if chosen.get("skill"):
        found = [practice for practice in found if chosen["skill"] in practice.skills]
    if chosen.get("mood"):
        # The mood chooser speaks to everyone: a practice made for helpers (after a session,
        # say) is never what it suggests, though the library still lists it.
        found = [
            practice
            for practice in found
            if chosen["mood"] in practice.moods and practice.audience != Audience.HELPERS
        ]
    if chosen.get("q"):
        found = search(found, chosen["q"])
    return found


def search_text(practice) -> str:
    """All a search looks through: the title, summary and why, and the practice's tags (its
    method, skills, intensity and the moods it suits), by name and by value."""
    tags = [
        practice.get_modality_display(),
        practice.modality,
        practice.get_intensity_display(),
        *practice.skills,
        *practice.moods,
        *(Mood(mood).label for mood in practice.moods if mood in Mood.values),
    ]
    return " ".join([practice.title, practice.summary, practice.why, *tags]).casefold()


def search(practices: list, q: str) -> list:
    """The practices whose text holds every word of `q` (any case), those with a word in
    their title first, each group in the library's order.

    Matched here rather than in SQL: the library is some forty practices, already fetched
    whole for the filters above, and Python's casefold matches "É" to "é" the same on SQLite
    (whose LIKE folds only ASCII) and PostgreSQL. A library of thousands would want
    PostgreSQL's full-text search instead, as the journal's search does."""
    words = q.casefold().split()
    found = [p for p in practices if all(word in search_text(p) for word in words)]
    in_title = {p.pk for p in found if any(word in p.title.casefold() for word in words)}
    return sorted(found, key=lambda p: p.pk not in in_title)  # a stable sort keeps the order
