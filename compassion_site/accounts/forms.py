from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, UserCreationForm
from django.core.validators import MaxLengthValidator

from compassion_site.accounts.models import available_time_zones, offered_time_zones
from compassion_site.accounts.two_factor import check_code, has_two_factor

User = get_user_model()


def time_zone_label(name: str) -> str:
    return name.replace("_", " ").replace("/", " / ")


def time_zone_choices() -> list:
    """UTC, then today's zones grouped by region ("Europe": London, Paris, ...)."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for name in offered_time_zones():
        if "/" in name:
            region, place = name.split("/", 1)
            groups.setdefault(region, []).append((name, time_zone_label(place)))
    return [("UTC", "UTC"), *groups.items()]


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
            "email": (
                "Only for getting back in if you forget your password. We'll send a link to "
                "confirm it."
            ),
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
        """Never a word about whether the address has an account: whoever types it gets an
        account either way, and the address's owner is told (see accounts/confirmation.py)."""
        return User.objects.normalize_email(self.cleaned_data["email"]).strip()

    def clean_time_zone(self):
        value = self.cleaned_data.get("time_zone", "")
        return value if value in available_time_zones() else "UTC"


LONGEST_LOGIN_NAME = 254  # an email address at its longest


class LoginForm(AuthenticationForm):
    """Log in with a username or an email address, saying whether the device is shared."""

    shared_device = forms.BooleanField(
        required=False, label="This is a shared device (log me out after 15 idle minutes)"
    )

    error_messages = {
        "invalid_login": (
            "That username or email and password don't match an account. "
            "Check them and try again; passwords care about capital letters."
        ),
        "inactive": "This account is switched off.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        username = self.fields["username"]
        username.label = "Username or email"
        username.error_messages["required"] = "Enter your username or email."
        # Django's form sets max_length after the field is made, so nothing checks it: longer
        # than any email address can't be anyone's, and would overflow the lockout records.
        username.max_length = LONGEST_LOGIN_NAME
        username.widget.attrs["maxlength"] = str(LONGEST_LOGIN_NAME)
        username.validators.append(
            MaxLengthValidator(
                LONGEST_LOGIN_NAME,
                message="That's longer than any username or email address can be.",
            )
        )
        self.fields["password"].error_messages["required"] = "Enter your password."


class ConfirmedAddressResetForm(PasswordResetForm):
    """Django's password reset form, sending only to a confirmed address: an account still
    waiting on its address (which may be someone else's) gets no reset."""

    def get_users(self, email):
        return (user for user in super().get_users(email) if user.email_confirmed_at is not None)


class EmailChangeForm(forms.Form):
    """A new email address, with the password, since the address is the way back into the
    account. Whether another account has the address is never said."""

    email = forms.EmailField(
        label="New email address",
        max_length=254,
        help_text="We'll send a link to it; open the link to confirm it's yours.",
        error_messages={
            "required": "Type your new email address.",
            "invalid": "Enter a valid email address.",
        },
    )
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Type your password."},
    )

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["email"].widget.attrs.update(autocomplete="email")

    def clean_email(self):
        email = User.objects.normalize_email(self.cleaned_data["email"]).strip()
        if email.lower() == self.user.email.lower():
            raise forms.ValidationError("That's the address you have already.", code="same")
        return email

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(
                "That isn't your password. Check it and try again.", code="wrong_password"
            )
        return password


class SettingsForm(forms.ModelForm):
    """A person's settings: their name for linked people, time zone, homework reminders,
    therapist mode and sound (the voice, the chime, the breathing tone). Checkboxes left out
    of a post count as off, as browsers send them."""

    time_zone = forms.TypedChoiceField(
        label="Time zone",
        choices=time_zone_choices,
        help_text="Your days, reminders and journal dates follow this time zone.",
        error_messages={"invalid_choice": "Choose a time zone from the list."},
    )

    class Meta:
        model = User
        fields = (
            "display_name",
            "time_zone",
            "homework_reminders",
            "therapist_mode",
            "listen_voice",
            "listen_chime",
            "listen_breath",
            "theme",
        )
        widgets = {"theme": forms.RadioSelect}
        labels = {
            "display_name": "Display name",
            "homework_reminders": "Email me on days homework is due",
            "therapist_mode": "Turn on therapist mode",
            "listen_voice": "Offer a voice to listen to",
            "listen_chime": "A soft chime for timed pauses",
            "listen_breath": "A gentle sound for breathing in and out",
            "theme": "How the pages look",
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
            "listen_voice": (
                "A Listen button on each step that has a voice, and a way to listen to a whole "
                "practice. Nothing plays until you press it."
            ),
            "listen_chime": (
                "A quiet chime as a pause begins and ends, once you've pressed Listen on the page."
            ),
            "listen_breath": (
                "A low, soft tone that rises as you breathe in and falls as you breathe out, "
                "with the breathing guide, once you've pressed Listen on the page."
            ),
        }
        error_messages = {
            "display_name": {"max_length": "Keep it to %(limit_value)d characters or fewer."},
            "theme": {"invalid_choice": "Choose light, dark, or as your device is set."},
        }

    def __init__(self, *args, two_factor_on: bool | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["display_name"].widget.attrs.update(autocomplete="name")
        field = self.fields["time_zone"]
        field.widget.attrs["data-device-zone-first"] = ""  # fields.js: the device's zone first
        # A zone chosen before the list was tidied (US/Eastern, Asia/Calcutta) is still the
        # person's own: show it first and keep it, never swap it for another behind their back.
        own = self.instance.time_zone
        if own and own not in offered_time_zones() and own in available_time_zones():
            field.choices = [("Your time zone now", [(own, time_zone_label(own))]), *field.choices]
        self._two_factor_on = two_factor_on
        # A post without a choice of colours (an older page, a script) keeps the one they had.
        self.fields["theme"].required = False

    def two_factor_on(self) -> bool:
        if self._two_factor_on is None:
            self._two_factor_on = bool(self.instance.pk) and has_two_factor(self.instance)
        return self._two_factor_on

    def clean_therapist_mode(self):
        """Turning therapist mode on needs two-factor sign-in first. Someone who already has
        therapist mode keeps it either way."""
        turning_on = self.cleaned_data["therapist_mode"] and not self.initial.get("therapist_mode")
        if turning_on and not self.two_factor_on():
            raise forms.ValidationError(
                "Therapist mode needs two-factor sign-in first, to keep what your clients "
                "share with you safe. Nothing was saved.",
                code="needs_two_factor",
            )
        return self.cleaned_data["therapist_mode"]

    def clean_display_name(self):
        return " ".join(self.cleaned_data["display_name"].split())


class CodeForm(forms.Form):
    """A code from an authenticator app, or (when logging in) a recovery code."""

    code = forms.CharField(
        label="Code",
        max_length=40,
        error_messages={
            "required": "Type the 6-digit code your app shows now.",
            "max_length": "That's longer than a code. Check it and try again.",
        },
    )

    def __init__(self, *args, help_text: str = "", autofocus: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["code"]
        field.help_text = help_text
        field.widget.attrs.update(
            autocomplete="one-time-code", autocapitalize="none", spellcheck="false"
        )
        if autofocus:
            field.widget.attrs["autofocus"] = True


class TwoFactorOffForm(forms.Form):
    """Turning two-factor off asks for the password and a current code."""

    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Type your password."},
    )
    code = forms.CharField(
        label="A code from your app, or a recovery code",
        max_length=40,
        error_messages={"required": "Type the code your app shows now, or a recovery code."},
    )

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["code"].widget.attrs.update(
            autocomplete="one-time-code", autocapitalize="none", spellcheck="false"
        )

    def clean(self):
        password = self.cleaned_data.get("password")
        code = self.cleaned_data.get("code")
        if password and not self.user.check_password(password):
            self.add_error("password", "That isn't your password. Check it and try again.")
        elif password and code:
            result = check_code(self.user, code)
            if result.device is None:
                self.add_error("code", wrong_code_message(result.wait_seconds))
        return self.cleaned_data


def wrong_code_message(wait_seconds: int) -> str:
    if wait_seconds:
        return (
            "That's a few wrong codes in a row, so we're pausing for a moment to keep your "
            f"account safe. Please wait {wait_seconds} second{'s' if wait_seconds != 1 else ''} "
            "and try the newest code."
        )
    return (
        "That code didn't work. Codes change every 30 seconds: type the one your app shows "
        "now, or a recovery code."
    )
