"""Forms for the therapist's pages: assigning a practice or a series, and commenting."""

from datetime import date, time

from django import forms

from care.reminders import WEEKDAYS
from compassion_site.lib.dates import RealisticDateField, local_today, shift
from journal.models import MAX_COMMENT_LENGTH
from practices.models import Practice, Schedule, Unlock

MAX_SERIES = 6
# Homework starts, and a "do it by" date falls, at most this far after the client's today.
DAYS_AHEAD = 2 * 365
TOO_FAR_AHEAD = "That's more than two years away. Please choose a day within the next two years."


class PracticeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, practice: Practice) -> str:
        if practice.is_own:
            return f"{practice.title} (your own)"
        if not practice.self_guided:
            return f"{practice.title} (only with a therapist)"
        return practice.title


def practice_choices(therapist):
    return Practice.objects.assignable_by(therapist).order_by("author_id", "title")


def practice_field(therapist, **kwargs) -> PracticeChoiceField:
    return PracticeChoiceField(
        queryset=practice_choices(therapist),
        empty_label="Choose a practice",
        error_messages={
            "required": "Choose a practice to assign.",
            "invalid_choice": "Choose a practice from the list: that one isn't yours to assign.",
        },
        **kwargs,
    )


class NotTooFarAhead:
    """For forms with homework dates: none more than two years after the client's today."""

    def check_ahead(self, name: str):
        day = self.cleaned_data.get(name)
        if day is not None and day > shift(self.today, DAYS_AHEAD):
            raise forms.ValidationError(TOO_FAR_AHEAD, code="too_far_ahead")
        return day


SCHEDULE_PARTS = ("due_on", "times_per_week", "weeks", "days")


class AssignForm(NotTooFarAhead, forms.Form):
    """One practice, a note, and a schedule: once by a date, N times a week for K weeks, or
    every day for K days."""

    practice = forms.Field()  # replaced in __init__ with this therapist's choices
    note = forms.CharField(
        label="A note for your client",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="They see it beside the practice. Keep it short and kind.",
    )
    schedule = forms.ChoiceField(
        label="How often",
        choices=Schedule.choices,
        initial=Schedule.ONCE,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how often.", "invalid_choice": "Choose how often."},
    )
    starts_on = RealisticDateField(
        label="Starting on",
        error_messages={"required": "Choose the day it starts.", "invalid": "Enter a date."},
    )
    due_on = RealisticDateField(
        label="Once: do it by",
        required=False,
        error_messages={"invalid": "Enter a date."},
    )
    times_per_week = forms.IntegerField(
        label="Times a week",
        required=False,
        min_value=1,
        max_value=7,
        error_messages={
            "min_value": "Choose at least once a week.",
            "max_value": "At most 7 times a week.",
            "invalid": "Enter a whole number from 1 to 7.",
        },
    )
    weeks = forms.IntegerField(
        label="For how many weeks",
        required=False,
        min_value=1,
        max_value=52,
        error_messages={
            "min_value": "Choose at least 1 week.",
            "max_value": "At most 52 weeks.",
            "invalid": "Enter a whole number of weeks.",
        },
    )
    days = forms.IntegerField(
        label="Every day, for how many days",
        required=False,
        min_value=1,
        max_value=365,
        error_messages={
            "min_value": "Choose at least 1 day.",
            "max_value": "At most 365 days.",
            "invalid": "Enter a whole number of days.",
        },
    )

    def __init__(
        self, *args, therapist, today: date | None = None, series_step: bool = False, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.fields["practice"] = practice_field(therapist, label="Practice")
        self.today = today or local_today()
        self.series_step = series_step
        for name in SCHEDULE_PARTS:
            # Each is needed with its own schedule (clean() asks for it), so none is marked
            # "(optional)".
            if name in self.fields:
                self.fields[name].needed_with_choice = True
        if series_step:
            for name in ("schedule", "starts_on", "due_on", "times_per_week", "weeks", "days"):
                del self.fields[name]

    def clean_starts_on(self):
        return self.check_ahead("starts_on")

    def clean_due_on(self):
        if self.cleaned_data.get("schedule") != Schedule.ONCE:
            return self.cleaned_data.get("due_on")  # not used, so not held against them
        return self.check_ahead("due_on")

    def clean(self):
        data = super().clean()
        if self.series_step:
            return data
        schedule, starts = data.get("schedule"), data.get("starts_on")
        if schedule == Schedule.ONCE:
            due = data.get("due_on")
            if due is None and "due_on" not in self.errors:
                self.add_error("due_on", "Choose the date to do it by.")
            elif due and starts and due < starts:
                self.add_error(
                    "due_on", "This date is before the start. Choose a day on or after it."
                )
        elif schedule == Schedule.WEEKLY:
            for name, message in (
                ("times_per_week", "Choose how many times a week, from 1 to 7."),
                ("weeks", "Choose for how many weeks."),
            ):
                if data.get(name) is None and name not in self.errors:
                    self.add_error(name, message)
        elif schedule == Schedule.DAILY and data.get("days") is None and "days" not in self.errors:
            self.add_error("days", "Choose for how many days.")
        return data

    def schedule_values(self) -> dict:
        data = self.cleaned_data
        return {
            name: data.get(name)
            for name in ("schedule", "starts_on", "due_on", "times_per_week", "weeks", "days")
        }


class SeriesForm(NotTooFarAhead, forms.Form):
    """Several practices in order, each unlocking after the one before."""

    title = forms.CharField(
        label="Name of the series",
        max_length=80,
        error_messages={"required": "Give the series a name your client will recognise."},
    )
    note = forms.CharField(
        label="A note for your client",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    starts_on = RealisticDateField(
        label="Starting on",
        error_messages={"required": "Choose the day it starts.", "invalid": "Enter a date."},
    )
    unlock = forms.ChoiceField(
        label="Each next practice opens",
        choices=Unlock.choices,
        initial=Unlock.AFTER_DONE,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose when the next one opens."},
    )
    unlock_days = forms.IntegerField(
        label="Days between practices",
        required=False,
        min_value=1,
        max_value=60,
        help_text="Only when each opens after a set number of days.",
        error_messages={
            "min_value": "Choose at least 1 day.",
            "max_value": "At most 60 days.",
            "invalid": "Enter a whole number of days.",
        },
    )

    def __init__(self, *args, therapist, today: date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or local_today()
        for number in range(1, MAX_SERIES + 1):
            field = practice_field(therapist, label=f"Practice {number}", required=number <= 2)
            field.error_messages["required"] = "Choose a practice here: a series has at least two."
            if number > 2:
                field.empty_label = "(none)"
            self.fields[f"practice_{number}"] = field

    def clean_starts_on(self):
        return self.check_ahead("starts_on")

    @property
    def practice_fields(self):
        return [self[f"practice_{number}"] for number in range(1, MAX_SERIES + 1)]

    def clean(self):
        data = super().clean()
        chosen = [
            data[f"practice_{number}"]
            for number in range(1, MAX_SERIES + 1)
            if data.get(f"practice_{number}")
        ]
        data["practices"] = chosen
        needs_days = data.get("unlock") == Unlock.AFTER_DAYS and data.get("unlock_days") is None
        if needs_days and "unlock_days" not in self.errors:
            self.add_error("unlock_days", "Choose how many days between practices.")
        return data


class CommentForm(forms.Form):
    text = forms.CharField(
        label="A short comment for your client",
        max_length=MAX_COMMENT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Your client sees it on this entry.",
        error_messages={
            "required": "Write a comment first.",
            "max_length": "Keep it under 2,000 characters.",
        },
    )


# Invites ------------------------------------------------------------------------------------


class InviteForm(forms.Form):
    """A therapist's new invite: only a label to remember who it is for."""

    label = forms.CharField(
        label="Who is it for?",
        max_length=80,
        required=False,
        help_text="A first name or initials, to help you remember. Only you see it.",
        error_messages={"max_length": "Keep it to %(limit_value)d characters or fewer."},
    )

    def clean_label(self):
        return " ".join(self.cleaned_data["label"].split())


class JoinCodeForm(forms.Form):
    """The code a therapist read aloud or wrote down, as the client types it."""

    code = forms.CharField(
        label="Invite code",
        max_length=40,
        help_text="8 letters and numbers, like ABCD-EFGH. Small letters and spaces are fine.",
        error_messages={
            "required": "Type the code your therapist gave you.",
            "max_length": "That's longer than an invite code. Check it and try again.",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.update(
            autocomplete="off", autocapitalize="characters", spellcheck="false", autofocus=True
        )


class PracticeReminderForm(forms.Form):
    """Days and a time to be reminded to practise, in the person's own zone, and whether by
    email too (only to a confirmed address)."""

    days = forms.TypedMultipleChoiceField(
        label="Days",
        choices=[(str(number), name) for number, name in enumerate(WEEKDAYS)],
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        template_name="includes/radios.html",  # a fieldset, its label the legend
        error_messages={
            "required": "Choose at least one day.",
            "invalid_choice": "Choose days from the list.",
        },
    )
    at = forms.TimeField(
        label="Time",
        input_formats=["%H:%M", "%H:%M:%S"],
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={
            "required": "Choose a time, like 08:30.",
            "invalid": "Please write the time as hours and minutes, like 08:30.",
        },
    )
    by_email = forms.BooleanField(
        label="Email me too",
        required=False,
        help_text="A short email at that time. Never with anything you wrote.",
    )

    def __init__(self, *args, person, **kwargs):
        self.person = person
        super().__init__(*args, **kwargs)

    def clean_at(self) -> time:
        return self.cleaned_data["at"].replace(second=0, microsecond=0)

    def clean_by_email(self) -> bool:
        wanted = self.cleaned_data["by_email"]
        person = self.person
        if wanted and not (person.email and person.email_confirmed):
            raise forms.ValidationError(
                "Emails go only to an address you've confirmed. Confirm yours in Settings "
                "first, then come back to turn this on.",
                code="unconfirmed_email",
            )
        return wanted
