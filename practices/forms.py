from django import forms

from practices.models import Audience, Intensity, Modality, Mood, Skill

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
    """Apply the chosen filters to a queryset of practices; returns a list."""
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
    return found
