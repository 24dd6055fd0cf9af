"""The editor for a therapist's own practices, and practice files in and out.

The editor is one form for the practice and a formset of steps. What it holds becomes the
same mapping a practice file holds, checked by practices.library.check_practice against the
format's models (practices.format), so an own practice obeys exactly the rules library files
do; each problem found is shown beside the field it is about. Adding, moving and removing
steps only re-renders the editor: nothing is saved until Save.
"""

import re
from functools import cached_property

import yaml
from django import forms
from django.core.exceptions import ValidationError
from django.forms import formset_factory
from django.urls import reverse

from compassion_site.lib.posted import small_number
from practices.audio import SpeechAudio
from practices.library import (
    KIND_FIELDS,
    MAX_ENDINGS,
    MAX_STEPS,
    MIN_STEPS,
    PracticeDefinition,
    PracticeFileRefused,
    Problem,
    check_practice,
    load_practice_yaml,
)
from practices.listening import Listen
from practices.models import END, Intensity, Modality, Practice, Skill, StepKind
from practices.own import PLACEHOLDER_SLUG, default_source, slug_base
from practices.recordings import EMPTY, TOO_MANY, RecordingProblem, check_recording, recording_name
from practices.recordings import TOO_BIG as RECORDING_TOO_BIG

STEP_KEY_BASE_LENGTH = 40

# What each kind of step asks the therapist for, in the order it is shown.
FIELDS_BY_KIND = {
    StepKind.READ: ("title", "body", "ending"),
    StepKind.WRITE: ("title", "prompt", "example", "optional", "ending"),
    StepKind.RATE: ("title", "prompt", "low", "high", "optional", "ending"),
    StepKind.CHOOSE: (
        "title",
        "prompt",
        "options",
        "multiple",
        "on_its_own",
        "optional",
        "ending",
    ),
    StepKind.TIMER: ("title", "body", "seconds", "pace_in", "pace_hold", "pace_out", "ending"),
    StepKind.PART: ("title", "prompt", "optional", "ending"),
}
MAX_BRANCHES = 12  # one per option, at most
TO_THE_END = (END, "The end: straight to the check-out")
# check_practice's words about branches and endings are for practice files (keys, `end`);
# here they are said as the editor shows them.
BRANCH_WORDS = (
    ("option", "is not one of this step's options", "Choose one of the options listed above."),
    ("to", "is not the key of a step", "That step is gone. Choose a later step, or the end."),
    (
        "to",
        "is not after this step",
        "That step now comes before this one. A choice can only lead on: choose a later step, "
        "or the end.",
    ),
    (
        "",
        "only a step where one option is chosen",
        "Only a step where clients choose one option can lead elsewhere. Untick “Clients may "
        "choose more than one”, or clear where options lead.",
    ),
    (
        "",
        "an ending goes on to the check-out",
        "An ending goes on to the check-out, so its options can't lead elsewhere. Clear where "
        "options lead, or untick “An ending”.",
    ),
    (
        "ending",
        "no choice leads to this ending",
        "No option leads here yet. Choose this step under “Where options lead” on a choice "
        "step before it, or untick “An ending”.",
    ),
    (
        "ending",
        "an ending goes after the closing reflection",
        "An ending goes after the closing reflection. Move it down, or untick “An ending”.",
    ),
)
# check_practice's words about an option that goes on its own, as the editor shows them.
ON_ITS_OWN_WORDS = (
    (
        "only a step where more than one option can be chosen",
        "Only a step where clients may choose more than one option has one that goes on its "
        "own. Tick “Clients may choose more than one”, or choose “No option goes on its own”.",
    ),
    (
        "is not one of this step's options",
        "That option isn't in the list above any more. Choose one of the options, or “No "
        "option goes on its own”.",
    ),
)
NO_OPTION_ON_ITS_OWN = ("", "No option goes on its own")
REQUIRED_BY_KIND = {
    StepKind.READ: ("body",),
    StepKind.WRITE: ("prompt",),
    StepKind.RATE: ("prompt", "low", "high"),
    StepKind.CHOOSE: ("prompt", "options"),
    StepKind.TIMER: ("body", "seconds"),
    StepKind.PART: ("prompt",),
}
KIND_CHOICES = [
    (StepKind.READ, "Read: guidance the client reads"),
    (StepKind.WRITE, "Write: the client writes in answer to a prompt"),
    (StepKind.RATE, "Rate: the client picks a number from 0 to 10"),
    (StepKind.CHOOSE, "Choose: the client picks from options"),
    (StepKind.TIMER, "Pause: a timed pause, with a breathing pacer if you like"),
    (StepKind.PART, "Part (IFS): the client picks or names one of their parts"),
]
KIND_NAMES = {
    StepKind.READ: "Read",
    StepKind.WRITE: "Write",
    StepKind.RATE: "Rate",
    StepKind.CHOOSE: "Choose",
    StepKind.TIMER: "Pause",
    StepKind.PART: "Part",
}
# How each kind labels its shared text fields.
BODY_TEXT = {
    StepKind.READ: ("What the client reads", "Leave a blank line between paragraphs."),
    StepKind.TIMER: (
        "What to do during the pause",
        "Shown above the timer. Leave a blank line between paragraphs.",
    ),
}
PROMPT_TEXT = {
    StepKind.WRITE: ("Prompt", "The question the client answers in writing."),
    StepKind.RATE: ("What to rate", "The question above the 0 to 10 scale."),
    StepKind.CHOOSE: ("Question", "Shown above the options."),
    StepKind.PART: ("Question", "Shown above the client's list of their parts."),
}
# Names for fields at the start of a sentence about a problem ("Hold must be 0 to 15 seconds").
PROBLEM_NAMES = {
    "title": "The title",
    "modality": "The method",
    "intensity": "The intensity",
    "minutes": "The number of minutes",
    "skills": "The skills",
    "summary": "The summary",
    "why": "What it is for",
    "source": "The source",
    "body": "This text",
    "prompt": "The prompt",
    "example": "The example",
    "low": "The label for 0",
    "high": "The label for 10",
    "options": "The options",
    "on_its_own": "The option that goes on its own",
    "seconds": "The length",
    "pace_in": "Breathe in",
    "pace_hold": "Hold",
    "pace_out": "Breathe out",
    "key": "The step's key",
}
# check_practice's names for a step's fields, where the editor's differ.
STEP_PROBLEM_FIELDS = {"pace": "pace_in", "pace.in": "pace_in", "pace.hold": "pace_hold"}
STEP_PROBLEM_FIELDS["pace.out"] = "pace_out"
STEP_PROBLEM = re.compile(r"^steps\[(\d+)\](?:\.(.+))?$")


def sentence(text: str) -> str:
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?" else f"{text}."


def about(name: str, message: str) -> str:
    """check_practice's terse "is missing" as a sentence about a named field."""
    if message.startswith(("is ", "must ", "lists ")):
        return sentence(f"{name} {message}")
    return sentence(message)


def plain_text(value) -> str:
    """Text from a form, with the browser's CRLF line ends made plain, as files have them."""
    if not isinstance(value, str):
        return "" if value is None else str(value)
    return value.replace("\r\n", "\n").replace("\r", "\n").strip()


def number(value):
    """A cleaned number as a practice file would hold it: 4, not 4.0."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


class ProblemsBesideFields:
    """For the editor's forms: put a problem check_practice found beside its field."""

    def add_problem(self, field: str | None, message: str) -> None:
        if field in self.fields and field in self.shown_fields:
            if field not in self.errors:  # the form already says what's wrong there
                name = PROBLEM_NAMES.get(field, self.fields[field].label)
                self.add_error(field, about(name, message))
        else:
            self.add_error(None, about(PROBLEM_NAMES.get(field or "", "This"), message))

    def values(self) -> dict:
        """Cleaned values where they are valid, what was typed where they are not."""
        cleaned = getattr(self, "cleaned_data", {})
        return {
            name: cleaned[name] if name in cleaned else self[name].value() for name in self.fields
        }


NOT_THIS_PRACTICES = (
    "That recording isn't one of this practice's, so it can't be kept here. "
    "Add the recording again."
)


def minutes_seconds(seconds: float) -> str:
    whole = round(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


def recording_listen(practice: Practice, name: str, seconds: float) -> Listen:
    """A recording a step of `practice` has, for the editor's player."""
    stem = name.rsplit("/", 1)[-1].removesuffix(".mp3")
    return Listen(
        url=reverse("listen_recording", args=[practice.pk, stem]), seconds=seconds, recorded=True
    )


# The practice ------------------------------------------------------------------------------


class PracticeForm(ProblemsBesideFields, forms.Form):
    shown_fields = (
        "title",
        "modality",
        "intensity",
        "minutes",
        "skills",
        "summary",
        "why",
        "source",
    )

    title = forms.CharField(
        label="Title",
        help_text="Up to 60 characters.",
        error_messages={"required": "Give the practice a title."},
    )
    modality = forms.ChoiceField(
        label="Method",
        choices=[("", "Choose a method"), *Modality.choices],
        error_messages={
            "required": "Choose the method it comes from.",
            "invalid_choice": "Choose one of the methods listed.",
        },
    )
    intensity = forms.ChoiceField(
        label="Intensity",
        choices=[("", "Choose how intense it is"), *Intensity.choices],
        help_text="How much it may stir up: gentle, moderate or deep.",
        error_messages={
            "required": "Choose how intense it is.",
            "invalid_choice": "Choose one of the intensities listed.",
        },
    )
    minutes = forms.IntegerField(
        label="About how many minutes it takes",
        help_text="From 1 to 60.",
        error_messages={
            "required": "Say about how many minutes it takes.",
            "invalid": "Write the minutes as a whole number.",
        },
    )
    skills = forms.MultipleChoiceField(
        label="CFT skills it trains",
        required=False,
        choices=Skill.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose from the skills listed."},
    )
    summary = forms.CharField(
        label="Summary",
        help_text="One line, up to 140 characters. Your clients see it with the assignment.",
        error_messages={"required": "Write a one-line summary."},
    )
    why = forms.CharField(
        label="What it is for",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One or two sentences. Your clients read it before they begin.",
        error_messages={"required": "Say what the practice is for, in a sentence or two."},
    )
    source = forms.CharField(label="Source", required=False)

    def __init__(self, *args, author, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].help_text = (
            "The method or idea it comes from. If you leave it empty, it says "
            f"“{default_source(author)}”."
        )
        self.author = author

    def practice_data(self) -> dict:
        values = self.values()
        return {
            "title": plain_text(values["title"]),
            "modality": values["modality"],
            "intensity": values["intensity"],
            "minutes": values["minutes"],
            "skills": list(values["skills"] or []),
            "summary": plain_text(values["summary"]),
            "why": plain_text(values["why"]),
            "source": plain_text(values["source"]) or default_source(self.author),
        }


# The steps ---------------------------------------------------------------------------------


class StepEditForm(ProblemsBesideFields, forms.Form):
    """One step. Its kind is chosen when it is added and stays; each kind shows its fields."""

    key = forms.CharField(required=False, widget=forms.HiddenInput)
    kind = forms.ChoiceField(choices=StepKind.choices, widget=forms.HiddenInput)
    title = forms.CharField(
        label="Step title",
        help_text="A short heading, up to 60 characters.",
        error_messages={"required": "Give this step a title."},
    )
    body = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Write what the client reads here."},
    )
    prompt = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Write the question the client answers."},
    )
    example = forms.CharField(
        label="Example answer",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Shown below the prompt as “For example: …”.",
    )
    low = forms.CharField(
        label="What 0 means",
        required=False,
        help_text="For example: not at all.",
        error_messages={"required": "Say what 0 means on the scale."},
    )
    high = forms.CharField(
        label="What 10 means",
        required=False,
        help_text="For example: completely.",
        error_messages={"required": "Say what 10 means on the scale."},
    )
    options = forms.CharField(
        label="Options, one per line",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="2 to 12 options.",
        error_messages={"required": "List the options, one per line."},
    )
    multiple = forms.BooleanField(label="Clients may choose more than one", required=False)
    on_its_own = forms.ChoiceField(
        label="An option that goes on its own",
        required=False,
        choices=[NO_OPTION_ON_ITS_OWN],
        help_text="Such as “None of these right now” or “Not sure”: ticking it unticks the "
        "others. Only when clients may choose more than one; save or add a step to see new "
        "options here.",
        error_messages={
            "invalid_choice": "That option isn't in the list above any more. Choose one of the "
            "options, or “No option goes on its own”."
        },
    )
    seconds = forms.IntegerField(
        label="Length in seconds",
        required=False,
        help_text="From 10 to 600.",
        error_messages={
            "required": "Say how many seconds the pause lasts.",
            "invalid": "Write the seconds as a whole number.",
        },
    )
    pace_in = forms.FloatField(
        label="Breathe in", required=False, error_messages={"invalid": "Write a number."}
    )
    pace_hold = forms.FloatField(
        label="Hold", required=False, error_messages={"invalid": "Write a number."}
    )
    pace_out = forms.FloatField(
        label="Breathe out", required=False, error_messages={"invalid": "Write a number."}
    )
    optional = forms.BooleanField(label="Clients may skip this step", required=False)
    ending = forms.BooleanField(
        label="An ending: clients reach it only when a choice leads here, then go to the check-out",
        required=False,
    )
    # The step's recording: the one it has (kept across saves, by name), and a new one.
    audio = forms.CharField(required=False, widget=forms.HiddenInput)
    remove_audio = forms.BooleanField(label="Remove recording", required=False)
    recording = forms.FileField(
        label="Add a recording of your voice",
        required=False,
        help_text="Clients hear it instead of the made voice. Up to 15 minutes: an MP3, M4A, "
        "WAV, OGG or WebM file.",
        widget=forms.FileInput(attrs={"accept": "audio/*"}),
        error_messages={
            "invalid": "That wasn't a file. Choose a recording, or record one.",
            "empty": EMPTY,
        },
    )

    hide_optional_marks = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        kind = self.data.get(self.add_prefix("kind")) if self.is_bound else None
        if not self.is_bound:
            kind = self.initial.get("kind")
        self.kind = kind if kind in StepKind.values else None
        self.kind_name = KIND_NAMES.get(self.kind, "Unknown")
        self.shown_fields = FIELDS_BY_KIND.get(self.kind, ("title",))
        for name in REQUIRED_BY_KIND.get(self.kind, ()):
            self.fields[name].required = True
        if self.kind in BODY_TEXT:
            self.fields["body"].label, self.fields["body"].help_text = BODY_TEXT[self.kind]
        if self.kind in PROMPT_TEXT:
            self.fields["prompt"].label, self.fields["prompt"].help_text = PROMPT_TEXT[self.kind]
        self.branch_count = self.add_branch_fields() if self.kind == StepKind.CHOOSE else 0
        if self.kind == StepKind.CHOOSE:
            self.fields["on_its_own"].choices = [NO_OPTION_ON_ITS_OWN, *self.listed_options()]
        self.branch_order: list[int] = []  # the rows that made step_data's branches, in order
        # Set by the editor for the template: where this step is, and what to focus.
        self.index = 0
        self.focus = ""
        self.current_audio = None  # the recording it has (a Listen), set by the editor

    def listed_options(self) -> list[tuple[str, str]]:
        """The options as the options box holds them now, to choose among."""
        if self.is_bound:
            options_text = self.data.get(self.add_prefix("options"), "")
        else:
            options_text = self.initial.get("options", "")
        lines = plain_text(options_text).split("\n")
        return [(line.strip(), line.strip()) for line in lines if line.strip()]

    def add_branch_fields(self) -> int:
        """The rows of "Where options lead": one per branch already set, and one more."""
        if self.is_bound:
            branch = re.escape(self.add_prefix("branch_"))
            sent = [
                int(match[1])
                for name in self.data
                if (match := re.fullmatch(rf"{branch}(?:option|to)_(\d+)", name))
            ]
            options_text = self.data.get(self.add_prefix("options"), "")
            count = max(sent, default=-1) + 1
        else:
            filled = [
                int(match[1])
                for name, value in self.initial.items()
                if value and (match := re.fullmatch(r"branch_(?:option|to)_(\d+)", name))
            ]
            options_text = self.initial.get("options", "")
            count = max(filled, default=-1) + 2
        count = min(max(count, 1), MAX_BRANCHES)
        lines = plain_text(options_text).split("\n")
        options = [(line.strip(), line.strip()) for line in lines if line.strip()]
        for row in range(count):
            self.fields[f"branch_option_{row}"] = forms.ChoiceField(
                label="When they choose",
                required=False,
                choices=[("", "Choose an option"), *options],
                error_messages={
                    "invalid_choice": "That option isn't in the list above any more. "
                    "Choose one of the options."
                },
            )
            self.fields[f"branch_to_{row}"] = forms.ChoiceField(
                label="Go to",
                required=False,
                choices=[("", "Choose where it leads"), TO_THE_END],
                error_messages={
                    "invalid_choice": "That step is gone, or now comes before this one. "
                    "Choose a later step, or the end."
                },
            )
        self.shown_fields = (
            *self.shown_fields,
            *(f"branch_{part}_{row}" for row in range(count) for part in ("option", "to")),
        )
        return count

    def set_targets(self, targets: list[tuple[str, str]]) -> None:
        """The steps after this one, to choose where an option leads."""
        for row in range(self.branch_count):
            self.fields[f"branch_to_{row}"].choices = [
                ("", "Choose where it leads"),
                *targets,
                TO_THE_END,
            ]

    @property
    def branch_rows(self) -> list[tuple]:
        return [
            (row, self[f"branch_option_{row}"], self[f"branch_to_{row}"])
            for row in range(self.branch_count)
        ]

    @property
    def branch_errors(self) -> bool:
        return any(option.errors or to.errors for _, option, to in self.branch_rows)

    def clean(self):
        cleaned = super().clean()
        chosen: set[str] = set()
        for row in range(self.branch_count):
            if f"branch_option_{row}" in self.errors or f"branch_to_{row}" in self.errors:
                continue  # already said what's wrong there
            option = cleaned.get(f"branch_option_{row}")
            to = cleaned.get(f"branch_to_{row}")
            if option and not to:
                self.add_error(f"branch_to_{row}", "Choose where this option leads.")
            elif to and not option:
                self.add_error(f"branch_option_{row}", "Choose which option leads there.")
            elif option and option in chosen:
                self.add_error(
                    f"branch_option_{row}",
                    "This option already leads somewhere. Each option leads to one place.",
                )
            chosen.add(option)
        return cleaned

    def problem_field(self, field: str | None, message: str) -> tuple[str | None, str]:
        """check_practice's field and words for a problem, as this form shows them."""
        if field == "on_its_own":
            for says, words in ON_ITS_OWN_WORDS:
                if says in message:
                    return field, words
            return field, message
        match = re.fullmatch(r"branches(?:\.(\d+)\.(option|to))?", field or "")
        if match is None and field != "ending":
            return field, message
        part = (match[2] or "") if match else "ending"
        for about_part, says, words in BRANCH_WORDS:
            if about_part == part and says in message:
                message = words
                break
        if field == "ending":
            return field, message
        if match[1] and int(match[1]) <= len(self.branch_order):
            row = self.branch_order[int(match[1]) - 1]
            return f"branch_{match[2]}_{row}", message
        return ("branch_option_0" if self.branch_count else None), message

    @property
    def number(self) -> int:
        return self.index + 1

    def element_id(self, what: str) -> str:
        return f"step-{self.index}-{what}"

    @property
    def up_id(self) -> str:
        return self.element_id("up")

    @property
    def down_id(self) -> str:
        return self.element_id("down")

    @property
    def remove_id(self) -> str:
        return self.element_id("remove")

    @property
    def pace_fields(self) -> list:
        return [self["pace_in"], self["pace_hold"], self["pace_out"]]

    @property
    def pace_errors(self) -> list[str]:
        return [error for field in self.pace_fields for error in field.errors]

    def step_data(self) -> dict:
        """The step as a practice file holds it (its key may still be empty)."""
        values = self.values()
        kind = self.kind
        data = {
            "key": plain_text(values["key"]),
            "kind": kind,
            "title": plain_text(values["title"]),
        }
        if kind is None:
            data["kind"] = values["kind"]
            return data
        if kind != StepKind.READ:
            data["optional"] = bool(values["optional"])
        if values["ending"]:
            data["ending"] = True
        fields = KIND_FIELDS[kind]
        for name in ("body", "prompt", "example", "low", "high"):
            if name in fields:
                data[name] = plain_text(values[name])
        if "options" in fields:
            data.update(self.choice_data(values))
        if "seconds" in fields:
            data.update(self.pause_data(values))
        return data

    def choice_data(self, values: dict) -> dict:
        """A choose step's options, and where they lead, as a practice file holds them."""
        lines = plain_text(values["options"]).split("\n")
        data = {
            "options": [line.strip() for line in lines if line.strip()],
            "multiple": bool(values["multiple"]),
        }
        branches, self.branch_order = {}, []
        for row in range(self.branch_count):
            option, to = values[f"branch_option_{row}"], values[f"branch_to_{row}"]
            if option and to and option not in branches:
                branches[option] = to
                self.branch_order.append(row)
        if branches:
            data["branches"] = branches
        if values["on_its_own"]:
            data["on_its_own"] = plain_text(values["on_its_own"])
        return data

    @staticmethod
    def pause_data(values: dict) -> dict:
        """A pause's length and breathing pace, as a practice file holds them."""
        data = {"seconds": number(values["seconds"])}
        pace = {
            part: number(values[f"pace_{part}"])
            for part in ("in", "hold", "out")
            if values[f"pace_{part}"] not in (None, "")
        }
        if pace:
            data["pace"] = pace
        return data


MAX_FORMS = MAX_STEPS + MAX_ENDINGS
StepFormSet = formset_factory(
    StepEditForm, extra=0, max_num=MAX_FORMS, absolute_max=MAX_FORMS * 2, validate_max=False
)


def step_row(step) -> dict:
    """A saved Step as the editor's initial values."""
    pace = step.pace or {}
    return {
        "key": step.key,
        "kind": step.kind,
        "title": step.title,
        "body": step.body,
        "prompt": step.prompt,
        "example": step.example,
        "low": step.low,
        "high": step.high,
        "options": "\n".join(step.options),
        "multiple": step.multiple,
        "on_its_own": step.on_its_own,
        "seconds": step.seconds,
        "pace_in": pace.get("in"),
        "pace_hold": pace.get("hold") or None,
        "pace_out": pace.get("out"),
        "optional": step.optional,
        "ending": step.ending,
        "audio": step.audio,
        **{
            f"branch_{part}_{row}": value
            for row, branch in enumerate(step.branches.items())
            for part, value in zip(("option", "to"), branch, strict=True)
        },
    }


def new_step_row(kind: str) -> dict:
    return {"key": "", "kind": kind, "title": ""}


# The editor --------------------------------------------------------------------------------


class PracticeEditor:
    """The practice form and its steps, with problems from check_practice placed beside the
    fields they are about, and where focus should go after a change."""

    def __init__(
        self,
        form: PracticeForm,
        steps,
        *,
        author,
        practice: Practice | None = None,
        focus: str = "",
        notice: str = "",
    ):
        self.form = form
        self.steps = steps
        self.author = author
        self.practice = practice
        self.focus = focus
        self.notice = notice
        self.step_problems: list[str] = []
        for index, step_form in enumerate(steps.forms):
            step_form.index = index
            step_form.is_first = index == 0
            step_form.is_last = index == len(steps.forms) - 1
            step_form.focus = focus
            if focus == f"id_steps-{index}-title":
                step_form.fields["title"].widget.attrs["autofocus"] = True
        if any(step_form.branch_count for step_form in steps.forms):
            self.offer_targets()
        self.new_recordings: list[SpeechAudio] = []
        # Set by the view from the request: the recording fields too big to keep.
        self.too_big: set[str] = set()
        self.request_too_big = False
        for step_form in steps.forms:
            name = step_form["audio"].value()
            if name and name in self.known_recordings:
                seconds = self.known_recordings[name]
                step_form.current_audio = recording_listen(self.practice, name, seconds)
                step_form.current_audio_length = minutes_seconds(seconds)

    @cached_property
    def known_recordings(self) -> dict[str, float]:
        """The recordings this practice's steps have now, by name, with their seconds: the
        only names a post may keep (uses practice.steps.all(): prefetch it)."""
        if self.practice is None:
            return {}
        return {
            step.audio: step.audio_seconds or 0 for step in self.practice.steps.all() if step.audio
        }

    def offer_targets(self) -> None:
        """Each choice step may lead to any step after it: offer them by number and title,
        under the key each has or will be given when saved."""
        steps = self.steps_data()
        for index, step_form in enumerate(self.steps.forms):
            if not step_form.branch_count:
                continue
            targets = [
                (
                    step["key"],
                    f"Step {number}: {step['title'] or 'untitled'}"
                    + (" (an ending)" if step.get("ending") else ""),
                )
                for number, step in enumerate(steps, start=1)
                if number > index + 1 and step["key"]
            ]
            step_form.set_targets(targets)

    # Building --------------------------------------------------------------------------------

    @classmethod
    def blank(cls, author) -> "PracticeEditor":
        """A new practice, started with the two steps every practice needs: a read step
        saying what it is for, and a closing write step."""
        rows = [
            {"key": "", "kind": StepKind.READ, "title": "What this is for"},
            {"key": "", "kind": StepKind.WRITE, "title": "Looking back"},
        ]
        return cls(
            PracticeForm(author=author),
            StepFormSet(initial=rows, prefix="steps"),
            author=author,
        )

    @classmethod
    def for_practice(cls, practice: Practice, **options) -> "PracticeEditor":
        """A saved practice, ready to edit (uses practice.steps.all(): prefetch it)."""
        initial = {
            "title": practice.title,
            "modality": practice.modality,
            "intensity": practice.intensity,
            "minutes": practice.minutes,
            "skills": list(practice.skills),
            "summary": practice.summary,
            "why": practice.why,
            "source": practice.source,
        }
        rows = [step_row(step) for step in practice.steps.all()]
        return cls(
            PracticeForm(initial=initial, author=practice.author),
            StepFormSet(initial=rows, prefix="steps"),
            author=practice.author,
            practice=practice,
            **options,
        )

    @classmethod
    def from_post(
        cls, data, files=None, *, author, practice: Practice | None = None
    ) -> "PracticeEditor":
        return cls(
            PracticeForm(data, author=author),
            StepFormSet(data, files, prefix="steps"),
            author=author,
            practice=practice,
        )

    # Adding, moving, removing ----------------------------------------------------------------

    def apply(self, action: str, new_kind: str | None) -> "PracticeEditor":
        """The editor with one change made: `add`, `up-<i>`, `down-<i>` or `remove-<i>`
        (i counts steps from 0). Nothing is checked or saved."""
        practice_initial = {name: self.form[name].value() for name in self.form.fields}
        rows = [
            {name: form[name].value() for name in form.fields}
            for form in self.steps.forms[: MAX_STEPS * 2]
        ]
        verb, _, index_text = action.partition("-")
        index = small_number(index_text, digits=3)
        index = -1 if index is None else index
        focus, notice = "", ""
        if verb == "add":
            if new_kind not in StepKind.values:
                focus, notice = "new-kind", "Choose which kind of step to add."
            elif not self.can_add:
                notice = f"A practice can have up to {MAX_STEPS} steps."
            else:
                # New steps go before the closing reflection, so that the last step of the
                # usual way stays a write step, and any endings stay after it.
                usual = next(
                    (number for number, row in enumerate(rows) if row.get("ending")), len(rows)
                )
                ends_with_write = usual >= 2 and rows[usual - 1].get("kind") == StepKind.WRITE
                position = usual - 1 if ends_with_write else usual
                rows.insert(position, new_step_row(new_kind))
                focus = f"id_steps-{position}-title"
                notice = f"Added a {KIND_NAMES[new_kind].lower()} step as step {position + 1}."
        elif verb in ("up", "down") and 0 <= index < len(rows):
            other = index - 1 if verb == "up" else index + 1
            if 0 <= other < len(rows):
                rows[index], rows[other] = rows[other], rows[index]
                last = len(rows) - 1
                keep_going = (verb == "up" and other > 0) or (verb == "down" and other < last)
                same_way = verb if keep_going else ("down" if verb == "up" else "up")
                focus = f"step-{other}-{same_way}"
                notice = f"Moved the step to step {other + 1}."
        elif verb == "remove" and 0 <= index < len(rows):
            removed = rows.pop(index)
            title = plain_text(removed.get("title")) or "untitled"
            notice = f"Removed step {index + 1} ({title}). It goes for good when you save."
            focus = f"id_steps-{min(index, len(rows) - 1)}-title" if rows else "new-kind"
        return PracticeEditor(
            PracticeForm(initial=practice_initial, author=self.author),
            StepFormSet(initial=rows, prefix="steps"),
            author=self.author,
            practice=self.practice,
            focus=focus,
            notice=notice,
        )

    @property
    def can_add(self) -> bool:
        """Up to MAX_STEPS steps; endings are not counted among them."""
        forms = self.steps.forms
        usual = [form for form in forms if not form["ending"].value()]
        return len(usual) < MAX_STEPS and len(forms) < MAX_FORMS

    @property
    def kind_choices(self):
        return KIND_CHOICES

    @property
    def has_errors(self) -> bool:
        if not self.form.is_bound:
            return False
        return bool(
            self.form.errors
            or self.step_problems
            or self.steps.non_form_errors()
            or any(step_form.errors for step_form in self.steps.forms)
        )

    # Checking --------------------------------------------------------------------------------

    def file_data(self) -> dict:
        """What the editor holds, as the mapping a practice file holds."""
        data = {
            "slug": self.practice.slug if self.practice else PLACEHOLDER_SLUG,
            **self.form.practice_data(),
            "self_guided": False,
        }
        if self.practice is not None:
            # Not in the editor, kept as they were (from an imported file, say).
            data["audience"] = self.practice.audience
            data["moods"] = list(self.practice.moods)
            if self.practice.sources:
                data["sources"] = list(self.practice.sources)
        # Other lengths (variants) name steps the editor may remove or retime, so an edited
        # practice has its usual length only; an imported file's versions are not kept.
        data["steps"] = self.steps_data()
        return data

    def steps_data(self) -> list[dict]:
        """Every step, new ones given a key from their title that no step has had, so answers
        already written under a key stay with their step."""
        steps = [step_form.step_data() for step_form in self.steps.forms]
        used = {step["key"] for step in steps if step["key"]}
        if self.practice is not None:
            used |= {step.key for step in self.practice.steps.all()}
        for step in steps:
            if step["key"]:
                continue
            base = slug_base(step["title"], str(step["kind"] or "step"))[:STEP_KEY_BASE_LENGTH]
            key, count = base.strip("-"), 1
            while key in used:
                count += 1
                key = f"{base.strip('-')}-{count}"
            step["key"] = key
            used.add(key)
        return steps

    def check(self) -> PracticeDefinition | None:
        """Validate as a practice file is validated; None, with every problem beside its
        field, when anything is wrong."""
        forms_valid = self.form.is_valid() & self.steps.is_valid()
        name = f"{self.practice.slug if self.practice else 'new practice'}"
        definition, problems = check_practice(name, self.file_data())
        for problem in problems:
            self.place(problem)
        recordings = self.check_recordings()
        if not forms_valid or definition is None or recordings is None:
            return None
        for step, recording in zip(definition.steps, recordings, strict=True):
            if recording is not None:
                step["audio"], step["audio_seconds"] = recording
        return definition

    def check_recordings(self) -> list[tuple[str, float] | None] | None:
        """Each step's recording as (name, seconds), or None for a step without one: a new
        one checked by its content (kept in `new_recordings`, to be stored on saving), else
        the one it had unless "Remove recording" is ticked. None, with the problem beside the
        step's recording field, when any can't be used. Nothing is stored here."""
        found, fine = [], True
        for step_form in self.steps.forms:
            field = step_form.add_prefix("recording")
            upload = step_form.files.get(field)
            kept = step_form["audio"].value()
            recording = None
            if "recording" in step_form.errors:
                fine = False  # already said what's wrong there
                found.append(None)
                continue
            try:
                if field in self.too_big:
                    raise RecordingProblem(TOO_MANY if self.request_too_big else RECORDING_TOO_BIG)
                if upload is not None:
                    audio = check_recording(upload)
                    self.new_recordings.append(audio)
                    recording = (recording_name(audio), audio.seconds)
                elif kept and not step_form["remove_audio"].value():
                    if kept not in self.known_recordings:
                        raise RecordingProblem(NOT_THIS_PRACTICES)
                    recording = (kept, self.known_recordings[kept])
            except RecordingProblem as problem:
                fine = False
                step_form.add_error("recording", problem.message)
            found.append(recording)
        return found if fine else None

    def place(self, problem: Problem) -> None:
        match = STEP_PROBLEM.match(problem.field)
        if match:
            index = int(match[1]) - 1
            if 0 <= index < len(self.steps.forms):
                field = match[2] or None
                field = STEP_PROBLEM_FIELDS.get(field, field)
                step_form = self.steps.forms[index]
                step_form.add_problem(*step_form.problem_field(field, problem.message))
                return
        if problem.field == "steps":
            count = sum(1 for form in self.steps.forms if not form["ending"].value())
            if problem.message.startswith("must have"):
                message = (
                    f"A practice needs {MIN_STEPS} to {MAX_STEPS} steps; "
                    f"this one has {count}. Add or remove steps below."
                )
            else:
                message = about("The steps", problem.message)
            self.step_problems.append(message)
            return
        self.form.add_problem(problem.field, problem.message)


# Preview -----------------------------------------------------------------------------------


class PreviewForm(forms.Form):
    """The fields a client sees at a step, named as the runner's forms name them, so the
    runner's step templates can show them. Never bound: nothing in a preview is saved."""

    def __init__(self, step, **kwargs):
        super().__init__(**kwargs)
        if step.kind == StepKind.WRITE:
            self.fields["text"] = forms.CharField(
                label=step.prompt, required=False, widget=forms.Textarea(attrs={"rows": 8})
            )
        elif step.kind == StepKind.RATE:
            self.fields["rating"] = forms.ChoiceField(
                label=step.prompt,
                required=False,
                choices=[(str(n), str(n)) for n in range(11)],
                widget=forms.RadioSelect,
            )
        elif step.kind == StepKind.CHOOSE:
            options = [(option, option) for option in step.options]
            if step.multiple:
                field = forms.MultipleChoiceField(
                    choices=options, required=False, widget=forms.CheckboxSelectMultiple
                )
            else:
                field = forms.ChoiceField(choices=options, required=False, widget=forms.RadioSelect)
            field.label = step.prompt
            self.fields["choices"] = field
        elif step.kind == StepKind.PART:
            self.fields["part"] = forms.ChoiceField(
                label=step.prompt, required=False, choices=[], widget=forms.RadioSelect
            )
            self.fields["new_part"] = forms.CharField(
                label="Or name a new part",
                required=False,
                help_text="For example: the Critic, the Worrier, the one who keeps busy.",
            )


# Practice files ----------------------------------------------------------------------------

MAX_FILE_BYTES = 200 * 1024
TOO_BIG = "This file is larger than 200 KB, more than a practice file needs. Nothing was imported."


class Flow(list):
    """A short list written on one line, as library files write skills and options."""


class FlowMapping(dict):
    """A small mapping written on one line, as library files write a breathing pace."""


class PracticeFileDumper(yaml.SafeDumper):
    """Writes lists inside mappings indented, as the library's files are written."""

    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)


def _text(dumper, value: str):
    if "\n" in value:
        # A block of paragraphs, `body: |` as in library files (the reader strips the end).
        return dumper.represent_scalar("tag:yaml.org,2002:str", value + "\n", style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


PracticeFileDumper.add_representer(str, _text)
PracticeFileDumper.add_representer(
    Flow, lambda dumper, value: dumper.represent_sequence("tag:yaml.org,2002:seq", value, True)
)
PracticeFileDumper.add_representer(
    FlowMapping,
    lambda dumper, value: dumper.represent_mapping("tag:yaml.org,2002:map", value, True),
)


def practice_file_data(practice: Practice) -> dict:
    """A practice as the mapping a library file holds (uses practice.steps.all())."""
    data = {
        "slug": practice.slug,
        "title": practice.title,
        "modality": practice.modality,
        "skills": Flow(practice.skills),
        "intensity": practice.intensity,
        "minutes": practice.minutes,
        "self_guided": practice.self_guided,
        "summary": practice.summary,
        "why": practice.why,
        "source": practice.source,
    }
    if practice.audience != "everyone":
        data["audience"] = practice.audience
    if practice.moods:
        data["moods"] = Flow(practice.moods)
    if practice.sources:
        data["sources"] = [FlowMapping(source) for source in practice.sources]
    data["steps"] = [step_file_data(step) for step in practice.steps.all()]
    if practice.variants:
        data["variants"] = [FlowMapping(variant) for variant in practice.variants]
    return data


def step_file_data(step) -> dict:
    data = {"key": step.key, "kind": step.kind, "title": step.title}
    if step.optional:
        data["optional"] = True
    if step.ending:
        data["ending"] = True
    fields = KIND_FIELDS[StepKind(step.kind)]
    names = ("body", "prompt", "example", "low", "high", "options", "multiple", "branches")
    for name in (*names, "on_its_own"):
        if name not in fields:
            continue
        value = getattr(step, name)
        if name in ("example", "multiple", "branches", "on_its_own") and not value:
            continue
        data[name] = Flow(value) if name == "options" else value
    if "seconds" in fields:
        data["seconds"] = step.seconds
        if step.pace:
            pace = {"in": step.pace["in"]}
            if step.pace.get("hold"):
                pace["hold"] = step.pace["hold"]
            pace["out"] = step.pace["out"]
            data["pace"] = FlowMapping(pace)
    return data


def practice_file_text(practice: Practice) -> str:
    return yaml.dump(
        practice_file_data(practice),
        Dumper=PracticeFileDumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=100,
    )


IMPORTED_AUDIO = (
    "must be left out: an imported file can't bring a recording with it. Take out the "
    "audio: line, import the file, then add the recording to this step in the editor"
)


def read_practice_upload(name: str, content: bytes, author) -> tuple:
    """Read and check an uploaded practice file as one of the author's own: its slug is
    replaced, it is offered only through assignment, and an empty source names the author.
    Returns (PracticeDefinition | None, problems)."""

    def refused(message: str):
        return None, [Problem(name, "(file)", message)]

    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        return refused("is not a text file (practice files are YAML, saved as UTF-8)")
    try:
        data = load_practice_yaml(text)
    except PracticeFileRefused as refusal:
        return refused(refusal.message)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (near line {mark.line + 1})" if mark is not None else ""
        return refused(f"is not valid YAML{where}")
    if not isinstance(data, dict):
        return refused("must be a mapping of fields, like the practice files Tend exports")
    raw_steps = data.get("steps")
    mappings = [data, *(raw_steps if isinstance(raw_steps, list) else [])]
    if any(
        not isinstance(key, str)
        for mapping in mappings
        if isinstance(mapping, dict)
        for key in mapping
    ):
        return refused("has a field name that is not text")
    with_audio = [
        Problem(name, f"steps[{number}].audio", IMPORTED_AUDIO)
        for number, step in enumerate(raw_steps if isinstance(raw_steps, list) else [], start=1)
        if isinstance(step, dict) and "audio" in step
    ]
    if with_audio:
        return None, with_audio
    data = {**data, "slug": PLACEHOLDER_SLUG, "self_guided": False}
    if data.get("source") in (None, ""):
        data["source"] = default_source(author)
    try:
        return check_practice(name, data)
    except (TypeError, ValueError, RecursionError):
        return refused("could not be read as a practice file")


def describe_file_problem(problem: Problem) -> str:
    """A problem in an uploaded file, named by the field as the file names it."""
    if problem.field == "(file)":
        return sentence(f"The file {problem.message}")
    # The field as the file spells it (`steps[3].prompt`), so it is easy to find there.
    joiner = " " if problem.message.startswith(("is ", "must ", "lists ")) else ": "
    text = f"{problem.field}{joiner}{problem.message}"
    return text if text[-1] in ".!?" else f"{text}."


class PracticeFileForm(forms.Form):
    file = forms.FileField(
        label="Practice file",
        help_text="A .yaml practice file, up to 200 KB, such as one you downloaded from Tend.",
        widget=forms.FileInput(attrs={"accept": ".yaml,.yml"}),
        error_messages={
            "required": "Choose a practice file to import.",
            "empty": "This file is empty, so there is nothing to import.",
            "invalid": "That wasn't a file. Choose a practice file to import.",
        },
    )

    def __init__(self, *args, author, too_big: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.author = author
        self.too_big = too_big
        self.definition: PracticeDefinition | None = None

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise ValidationError(TOO_BIG)
        definition, problems = read_practice_upload(upload.name, upload.read(), self.author)
        if problems:
            raise ValidationError(
                [describe_file_problem(problem) for problem in problems]
                + ["Nothing was imported. Fix these in the file and try again."]
            )
        self.definition = definition
        return upload

    def clean(self):
        if self.too_big:
            # Skipped while the request was read (limit_upload), not kept: say why.
            self.errors.pop("file", None)
            self.add_error("file", TOO_BIG)
        return super().clean()
