from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm

from compassion_site.accounts.models import available_time_zones

User = get_user_model()


def time_zone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in sorted(available_time_zones())]


class SignupForm(UserCreationForm):
    """Username, email and the password twice. The browser's time zone rides along hidden."""

    time_zone = forms.CharField(required=False, widget=forms.HiddenInput)
    error_messages = {
        **UserCreationForm.error_messages,
        "password_mismatch": "The two passwords are different. Type the same one in both boxes.",
    }

    class Meta:
        model = User
        fields = ("username", "email")
        labels = {"email": "Email address"}
        help_texts = {
            "username": "Letters, digits and . + - _ only. Others never see it unless you share.",
            "email": "Only for getting back in if you forget your password.",
        }
        error_messages = {
            "username": {"required": "Choose a username."},
            "email": {"required": "Enter your email address."},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        self.fields["username"].widget.attrs.update(autocomplete="username", autofocus=True)
        self.fields["email"].widget.attrs.update(autocomplete="email")
        self.fields["password1"].error_messages["required"] = "Choose a password."
        self.fields["password2"].error_messages["required"] = "Type the same password again."
        self.fields["password2"].help_text = "The same password again, to be sure it is right."

    def clean_username(self):
        username = super().clean_username()
        if username and "@" in username:
            raise forms.ValidationError(
                "A username can't contain @. Use your email address in the email field.",
                code="at_sign",
            )
        return username

    def clean_email(self):
        email = User.objects.normalize_email(self.cleaned_data["email"]).strip()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                "An account already uses this email address. "
                "Log in, or reset your password if you have forgotten it.",
                code="email_taken",
            )
        return email

    def clean_time_zone(self):
        value = self.cleaned_data.get("time_zone", "")
        return value if value in available_time_zones() else "UTC"


class LoginForm(AuthenticationForm):
    """Log in with a username or an email address."""

    error_messages = {
        "invalid_login": (
            "That username or email and password don't match an account. "
            "Check them and try again; passwords care about capital letters."
        ),
        "inactive": "This account is switched off.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Username or email"
        self.fields["username"].error_messages["required"] = "Enter your username or email."
        self.fields["password"].error_messages["required"] = "Enter your password."


class SettingsForm(forms.ModelForm):
    """A person's settings: their name for linked people, time zone, homework reminders and
    therapist mode. Checkboxes left out of a post count as off, as browsers send them."""

    time_zone = forms.TypedChoiceField(
        label="Time zone",
        choices=time_zone_choices,
        help_text="Your days, reminders and journal dates follow this time zone.",
        error_messages={"invalid_choice": "Choose a time zone from the list."},
    )

    class Meta:
        model = User
        fields = ("display_name", "time_zone", "homework_reminders", "therapist_mode")
        labels = {
            "display_name": "Display name",
            "homework_reminders": "Email me on days homework is due",
            "therapist_mode": "Turn on therapist mode",
        }
        help_texts = {
            "display_name": (
                "The name your clients, or your therapist, see. If you leave it empty, "
                "they see your username."
            ),
            "homework_reminders": "The email names the practice only, never anything you wrote.",
            "therapist_mode": (
                "Adds a Clients page, where you invite clients and suggest practices for them."
            ),
        }
        error_messages = {
            "display_name": {"max_length": "Keep it to %(limit_value)d characters or fewer."},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["display_name"].widget.attrs.update(autocomplete="name")

    def clean_display_name(self):
        return " ".join(self.cleaned_data["display_name"].split())


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
