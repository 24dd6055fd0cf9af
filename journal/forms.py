"""One form per step kind, and the check-in before and after a practice."""

import secrets

from django import forms
from django.core.validators import ProhibitNullCharactersValidator

from compassion_site.lib.forms import QuickHiddenInput
from journal.models import (
    CHECK_IN_WORDS,
    MAX_ANSWER_LENGTH,
    MAX_CHECK_IN_NOTE,
    MAX_CHECK_IN_WORDS,
    MAX_ENTRY_LENGTH,
    MAX_NOTE_LENGTH,
    Part,
)
from practices.models import Step, StepKind

ZERO_TO_TEN = [(str(number), str(number)) for number in range(11)]
TOO_LONG = (
    "This answer is %(show_value)s characters long; a step can hold up to 20,000. "
    "Your text is still in the box: shorten it, or split it across a journal entry later."
)


def zero_to_ten_field(**options) -> forms.TypedChoiceField:
    """An optional 0 to 10 scale of radio buttons, cleaned to an int (or None)."""
    return forms.TypedChoiceField(
        required=False,
        coerce=int,
        empty_value=None,
        choices=ZERO_TO_TEN,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose a number from 0 to 10."},
        **options,
    )


class StepForm(forms.Form):
    """Shared by every step: the revision this page saw, to notice a save from another tab."""

    revision = forms.IntegerField(required=False, min_value=0, widget=QuickHiddenInput)

    def __init__(self, *args, step: Step | None = None, **kwargs):
        self.step = step
        super().__init__(*args, **kwargs)

    def answer_values(self) -> dict:
        """The cleaned answer as Answer fields."""
        return {}

    def is_empty(self) -> bool:
        return not any(value not in (None, "", []) for value in self.answer_values().values())


class ReadForm(StepForm):
    pass


class TimerForm(StepForm):
    pass


class WriteForm(StepForm):
    text = forms.CharField(
        required=False,
        strip=False,
        max_length=MAX_ANSWER_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"max_length": TOO_LONG},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].label = self.step.prompt
        # The browser may not cut text off: the server says so and keeps every word.
        self.fields["text"].widget.attrs.pop("maxlength", None)

    def answer_values(self) -> dict:
        return {"text": self.cleaned_data.get("text", "")}

    def is_empty(self) -> bool:
        return not self.cleaned_data.get("text", "").strip()


class RateForm(StepForm):
    rating = zero_to_ten_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rating"].label = self.step.prompt

    def answer_values(self) -> dict:
        return {"rating": self.cleaned_data.get("rating")}


class ChooseForm(StepForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        options = [(option, option) for option in self.step.options]
        messages = {"invalid_choice": "Choose from the options listed."}
        if self.step.multiple:
            field = forms.MultipleChoiceField(
                required=False,
                choices=options,
                widget=forms.CheckboxSelectMultiple,
                error_messages=messages,
            )
        else:
            field = forms.ChoiceField(
                required=False,
                choices=options,
                widget=forms.RadioSelect,
                error_messages=messages,
            )
        field.label = self.step.prompt
        self.fields["choices"] = field

    def clean_choices(self):
        """An option that goes on its own ("None of these right now") is not saved with others:
        the person is asked to untick one or the other, and nothing is saved until they do."""
        value = self.cleaned_data["choices"]
        alone = self.step.on_its_own
        if alone and isinstance(value, list) and alone in value and len(value) > 1:
            raise forms.ValidationError(
                f"“{alone}” goes on its own: untick it, or untick the others.",
                code="on_its_own",
            )
        return value

    def answer_values(self) -> dict:
        value = self.cleaned_data.get("choices") or []
        return {"choices": [value] if isinstance(value, str) else list(value)}


class PartForm(StepForm):
    part = forms.ChoiceField(
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose one of your parts, or name a new one."},
    )
    new_part = forms.CharField(
        required=False,
        max_length=80,
        label="Or name a new part",
        help_text="For example: the Critic, the Worrier, the one who keeps busy.",
        error_messages={"max_length": "A part's name can be up to 80 characters."},
    )

    def __init__(self, *args, parts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.parts = {str(part.pk): part for part in parts}
        self.fields["part"].choices = [(pk, part.name) for pk, part in self.parts.items()]
        self.fields["part"].label = self.step.prompt

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("part") and cleaned.get("new_part", "").strip():
            self.add_error("new_part", "Choose a part or name a new one, not both.")
        return cleaned

    def answer_values(self) -> dict:
        return {
            "part": self.parts.get(self.cleaned_data.get("part") or ""),
            "new_part": self.cleaned_data.get("new_part", "").strip(),
        }


class CheckInForm(forms.Form):
    distress = zero_to_ten_field(
        label="How distressed do you feel right now?",
        help_text="0 is completely calm, 10 is the most distressed you can imagine.",
    )
    feeling = forms.CharField(
        label="One word for how you feel",
        required=False,
        max_length=40,
        help_text="Tired, tender, numb, hopeful... any word will do.",
        error_messages={"max_length": "One word, or a few: up to 40 characters."},
    )


class CheckOutForm(CheckInForm):
    stirred_up = forms.BooleanField(label="This stirred up something hard", required=False)


STEP_FORMS = {
    StepKind.READ: ReadForm,
    StepKind.WRITE: WriteForm,
    StepKind.RATE: RateForm,
    StepKind.CHOOSE: ChooseForm,
    StepKind.TIMER: TimerForm,
    StepKind.PART: PartForm,
}


def parts_for(user):
    return Part.objects.filter(user=user, retired=False).order_by("name")


class PartEditForm(forms.ModelForm):
    class Meta:
        model = Part
        fields = ("name", "description")
        labels = {"name": "Name", "description": "What you know about this part"}
        help_texts = {
            "name": "Any name that fits: the Critic, the Worrier, Little Me.",
            "description": "What it does, when it shows up, what it seems to want for you.",
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        error_messages = {
            "name": {
                "required": "Give this part a name.",
                "max_length": "A name can be up to 80 characters.",
            },
            "description": {"max_length": "A description can be up to 4,000 characters."},
        }


# The journal -------------------------------------------------------------------------------

MAX_TAGS = 20
MAX_TAG_LENGTH = 40


class TagsField(forms.CharField):
    """Tags typed as one line, separated by commas: "work, sleep". Cleaned to a list."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", "Tags")
        kwargs.setdefault("help_text", "Separate tags with commas, for example: work, sleep.")
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(value)
        return value

    def to_python(self, value):
        text = super().to_python(value)
        # The field's validators see the list of names, not the text: check for NUL here,
        # as every other text field does, before any name can reach the database.
        ProhibitNullCharactersValidator()(text)
        names = []
        for piece in text.split(","):
            name = " ".join(piece.strip().lstrip("#").split())
            if name and name.casefold() not in {known.casefold() for known in names}:
                names.append(name)
        return names

    def validate(self, value):
        super().validate(value)
        if len(value) > MAX_TAGS:
            raise forms.ValidationError(f"Up to {MAX_TAGS} tags, please.")
        for name in value:
            if len(name) > MAX_TAG_LENGTH:
                raise forms.ValidationError(
                    f"“{name[:20]}…” is too long for a tag: up to {MAX_TAG_LENGTH} characters."
                )


def entry_length_validator(value: str) -> None:
    if len(value) > MAX_ENTRY_LENGTH:
        raise forms.ValidationError(
            f"This is {len(value):,} characters long; an entry can hold up to "
            f"{MAX_ENTRY_LENGTH:,}. Your text is still here: shorten it, or split it into two "
            "entries."
        )


def entry_text_field(**kwargs) -> forms.CharField:
    """A long piece of writing: the server, not the browser, says when it is too long, so
    every word stays in the box."""
    return forms.CharField(
        strip=False,
        validators=[entry_length_validator],
        widget=forms.Textarea(attrs={"rows": 12}),
        error_messages={"required": "Write something first. Even a line is enough."},
        **kwargs,
    )


class WithoutMaxLength:
    """Leave the maxlength attribute off text boxes, so a browser never cuts words off."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.pop("maxlength", None)


def feeling_field():
    return zero_to_ten_field(
        label="How I feel",
        help_text="0 is very low, 10 is really well.",
    )


def title_field():
    return forms.CharField(
        required=False,
        max_length=200,
        error_messages={"max_length": "A title can be up to 200 characters."},
    )


def submission_field():
    """A hidden one-time mark, new with each blank form, so that the same form sent twice (a
    double press, a retried post) saves once."""
    return forms.CharField(
        required=False,
        max_length=32,
        widget=forms.HiddenInput,
        initial=lambda: secrets.token_hex(16),
    )


class EntryForm(WithoutMaxLength, forms.Form):
    """A free journal entry."""

    submission = submission_field()
    title = title_field()
    body = entry_text_field(label="What's on your mind")
    feeling = feeling_field()
    tags = TagsField()

    def clean_body(self):
        body = self.cleaned_data["body"]
        if not body.strip():
            raise forms.ValidationError("Write something first. Even a line is enough.")
        return body


class EntryEditForm(forms.Form):
    """Edit an entry: a free entry's title, text and feeling, or a practice's written answers
    and ratings; tags for both. `version` notices an edit made in another tab meanwhile."""

    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    tags = TagsField()

    def __init__(self, *args, entry, answers, **kwargs):
        super().__init__(*args, **kwargs)
        self.entry = entry
        self.answers = {}
        if entry.run_id is None:
            self.fields["title"] = title_field()
            self.fields["body"] = entry_text_field(label="What I wrote")
            self.fields["feeling"] = feeling_field()
            self.order_fields(["title", "body", "feeling", "tags"])
        for answer in answers:
            if answer.kind == "write":
                name = f"answer-{answer.pk}"
                self.fields[name] = forms.CharField(
                    required=False,
                    strip=False,
                    max_length=MAX_ANSWER_LENGTH,
                    label=answer.prompt or answer.step_title,
                    widget=forms.Textarea(attrs={"rows": 6}),
                    error_messages={"max_length": TOO_LONG},
                )
            elif answer.kind == "rate":
                name = f"rating-{answer.pk}"
                self.fields[name] = zero_to_ten_field(label=answer.prompt or answer.step_title)
            else:
                continue
            self.answers[name] = answer
        self.order_fields([*(name for name in self.fields if name != "tags"), "tags"])
        for field in self.fields.values():
            field.widget.attrs.pop("maxlength", None)

    @classmethod
    def initial_for(cls, entry, answers, tags) -> dict:
        initial = {
            "version": entry.version,
            "title": entry.title,
            "body": entry.body,
            "feeling": entry.feeling,
            "tags": [tag.name for tag in tags],
        }
        for answer in answers:
            initial[f"answer-{answer.pk}"] = answer.text
            initial[f"rating-{answer.pk}"] = answer.rating
        return initial

    def clean_body(self):
        body = self.cleaned_data["body"]
        if not body.strip():
            raise forms.ValidationError("An entry needs some words. Your text is still here.")
        return body

    def layout(self) -> list[dict]:
        """Each visible field with what it is ("text", "scale" or "rating") and its answer."""
        rows = []
        for name in self.fields:
            if name == "version":
                continue
            answer = self.answers.get(name)
            kind = "rating" if name.startswith("rating-") else "text"
            if name == "feeling":
                kind = "scale"
            rows.append({"field": self[name], "kind": kind, "answer": answer})
        return rows

    def answer_changes(self) -> dict[int, dict]:
        changes = {}
        for name, answer in self.answers.items():
            field = "text" if name.startswith("answer-") else "rating"
            changes[answer.pk] = {field: self.cleaned_data.get(name)}
        return changes

    def differences(self, saved_entry, saved_answers, saved_tags) -> list[dict]:
        """What differs between the saved entry and this form's version, field by field."""
        saved = self.initial_for(saved_entry, saved_answers, saved_tags)
        rows = []
        for name, field in self.fields.items():
            if name == "version":
                continue
            mine, theirs = self.cleaned_data.get(name), saved.get(name)
            if (mine or None) != (theirs or None):
                rows.append(
                    {
                        "label": field.label,
                        "saved": field.prepare_value(theirs) if theirs is not None else "",
                        "mine": field.prepare_value(mine) if mine is not None else "",
                    }
                )
        return rows


class NoteForm(WithoutMaxLength, forms.Form):
    submission = submission_field()
    text = forms.CharField(
        label="Your note",
        strip=False,
        max_length=MAX_NOTE_LENGTH,
        help_text="Your note is dated today; what you wrote then stays as it was.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": "Write your note first.",
            "max_length": "A note can be up to 20,000 characters; yours is %(show_value)s. "
            "It's still in the box.",
        },
    )

    def clean_text(self):
        text = self.cleaned_data["text"]
        if not text.strip():
            raise forms.ValidationError("Write your note first.")
        return text


# The daily check-in --------------------------------------------------------------------------


class HowIAmForm(forms.Form):
    """The daily check-in's first tap: how I am, 0 (very low) to 10 (really well)."""

    how_i_am = forms.TypedChoiceField(
        label="How are you today?",
        coerce=int,
        choices=ZERO_TO_TEN,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose a number from 0 to 10 for how you are.",
            "invalid_choice": "Choose a number from 0 to 10 for how you are.",
        },
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "check-in-%s")
        super().__init__(*args, **kwargs)


class CheckInWordsForm(forms.Form):
    """What may follow the first tap: a few of our feeling words and a short line."""

    words = forms.MultipleChoiceField(
        label="A few words for it (optional)",
        required=False,
        choices=[(word, word) for word in CHECK_IN_WORDS],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose from the words listed here."},
    )
    note = forms.CharField(
        label="A line about today",
        required=False,
        max_length=MAX_CHECK_IN_NOTE,
        help_text=f"Up to {MAX_CHECK_IN_NOTE} characters.",
        error_messages={
            "max_length": (
                f"A line can hold up to {MAX_CHECK_IN_NOTE} characters; this one has "
                "%(show_value)s. Your words are still in the box: shorten them a little."
            )
        },
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "check-in-%s")
        super().__init__(*args, **kwargs)
        # The server says when it's too long, and the text stays in the box.
        self.fields["note"].widget.attrs.pop("maxlength", None)

    def clean_words(self):
        words = self.cleaned_data["words"]
        if len(words) > MAX_CHECK_IN_WORDS:
            raise forms.ValidationError(
                f"Choose up to {MAX_CHECK_IN_WORDS} words: untick one or two.", code="too_many"
            )
        return words

    def clean_note(self):
        return " ".join(self.cleaned_data["note"].split())
