"""One form per step kind, and the check-in before and after a practice."""

from django import forms

from journal.models import MAX_ANSWER_LENGTH, Part
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

    revision = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)

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
