import functools
import hashlib
import secrets
import zoneinfo
from datetime import timedelta
from importlib import resources

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.contrib.sessions.base_session import AbstractBaseSession
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Lower
from django.http import QueryDict
from django.utils import timezone

from compassion_site.lib.dates import zone_named
from compassion_site.lib.posted import as_form_data

INVITE_DAYS = 7
# Easy to read aloud: no 0/O, 1/I/L, or U (so no accidental words), grouped as ABCD-EFGH.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"
CODE_LENGTH = 8


def validate_time_zone(value: str) -> None:
    if value not in available_time_zones():
        raise ValidationError("Choose a time zone from the list.", code="invalid_time_zone")


def available_time_zones() -> set[str]:
    """Every zone Python knows, retired names included: a zone a person already has, or that
    their browser reports, stays valid."""
    return zoneinfo.available_timezones() | {"UTC"}


# The IANA regions whose names are places (Region/City), as the tz database's zone.tab uses.
TIME_ZONE_REGIONS = frozenset(
    {
        "Africa",
        "America",
        "Antarctica",
        "Arctic",
        "Asia",
        "Atlantic",
        "Australia",
        "Europe",
        "Indian",
        "Pacific",
    }
)


@functools.cache
def _zone_table() -> dict[str, str] | None:
    """The tz database's zone.tab as {zone: ISO country code} (today's zones, one line per
    place): the system's copy, else the tzdata package's; None when neither is there."""
    lines = None
    for folder in zoneinfo.TZPATH:
        try:
            with open(f"{folder}/zone.tab", encoding="utf-8") as table:
                lines = table.read().splitlines()
            break
        except OSError:
            continue
    if lines is None:
        try:
            lines = resources.files("tzdata").joinpath("zoneinfo/zone.tab").read_text("utf-8")
            lines = lines.splitlines()
        except (ModuleNotFoundError, OSError):
            return None
    return {
        line.split("\t")[2].strip(): line.split("\t")[0].strip()
        for line in lines
        if line.strip() and not line.startswith("#") and line.count("\t") >= 2
    }


def _current_zone_names() -> set[str] | None:
    """The names in the tz database's zone.tab, when there is one; None when not."""
    table = _zone_table()
    return None if table is None else set(table)


def country_of_zone(zone: str) -> str | None:
    """The ISO country code of a place's time zone ("Europe/London": "GB"), or None (UTC,
    a retired name, or no zone.tab)."""
    return (_zone_table() or {}).get(zone)


@functools.cache
def offered_time_zones() -> tuple[str, ...]:
    """The zones a person chooses from: UTC and today's names for places (Europe/London,
    America/Argentina/Buenos_Aires), sorted. Left out: the system's own `localtime`, the fixed
    offsets under Etc/, and retired or legacy names (US/Eastern, Asia/Calcutta, Europe/Kiev),
    which zone.tab no longer lists."""
    current = _current_zone_names()
    places = {
        name
        for name in zoneinfo.available_timezones()
        if name.split("/", 1)[0] in TIME_ZONE_REGIONS
        and "/" in name
        and (current is None or name in current)
    }
    return ("UTC", *sorted(places))


class PersonManager(UserManager):
    """Django's user manager, except that accounts made with create_user() or
    create_superuser() (an operator's: createsuperuser, seed_demo, the tests' people) have
    their address confirmed from the start. Sign-up doesn't come through here: its accounts
    wait for the link sent to the address. Pass email_confirmed_at=None to make one wait too."""

    def _create_user_object(self, username, email, password, **extra_fields):
        if email:
            extra_fields.setdefault("email_confirmed_at", timezone.now())
        return super()._create_user_object(username, email, password, **extra_fields)


class User(AbstractUser):
    """A person using Tend. Custom from the first migration so it can grow safely.

    Email is required because it is how a person gets back in when they forget their password.
    An address counts only once confirmed (`email_confirmed_at`), by a link sent to it: only a
    confirmed address logs in, gets password resets and gets reminders, and only one account
    may have a given address confirmed (case-insensitively). Any number of accounts may wait
    on the same unconfirmed address, so that signing up never tells whether an address already
    has an account (see accounts/confirmation.py).
    """

    email = models.EmailField("email address")
    email_confirmed_at = models.DateTimeField(
        "email confirmed",
        null=True,
        blank=True,
        editable=False,
        help_text="When the person opened the link sent to their address; empty until then.",
    )
    time_zone = models.CharField(
        max_length=64,
        default="UTC",
        validators=[validate_time_zone],
        help_text="Days, reminders and dates in your journal follow this time zone.",
    )
    therapist_mode = models.BooleanField(
        default=False, help_text="Therapist pages under /care/: invite clients, assign practices."
    )
    display_name = models.CharField(
        max_length=80, blank=True, help_text="The name your clients see. Your username if empty."
    )
    has_therapist = models.BooleanField(
        default=False,
        editable=False,
        help_text="Linked to a therapist now; kept by CareLink.save() for the navigation.",
    )
    homework_reminders = models.BooleanField(
        default=False, help_text="An email on days homework is due. Never with what you wrote."
    )
    listen_voice = models.BooleanField(
        "Offer the spoken voice",
        default=True,
        help_text="A Listen button on each step of a practice. Nothing plays until you press it.",
    )
    listen_chime = models.BooleanField(
        "A soft chime for timed pauses",
        default=True,
        help_text="At the start and end of a pause, once you have pressed Listen or Start.",
    )
    listen_breath = models.BooleanField(
        "A gentle sound for breathing in and out",
        default=False,
        help_text="With the breathing guide, once you have pressed Listen or Start.",
    )

    class Theme(models.TextChoices):
        SYSTEM = "system", "As your device is set"
        LIGHT = "light", "Light"
        DARK = "dark", "Dark"

    theme = models.CharField(
        "Colours",
        max_length=6,
        choices=Theme.choices,
        default=Theme.SYSTEM,
        help_text="Light or dark pages, or whichever your device is set to.",
    )
    has_kept_words = models.BooleanField(
        default=False,
        editable=False,
        help_text="Words sent after a login ended wait in KeptWords; read with no query.",
    )

    objects = PersonManager()

    REQUIRED_FIELDS = ["email"]

    class Meta:
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                condition=Q(email_confirmed_at__isnull=False),
                name="accounts_user_confirmed_email_unique_ci",
                violation_error_message="Another account has already confirmed this address.",
            ),
            models.UniqueConstraint(
                Lower("username"),
                name="accounts_user_username_unique_ci",
                violation_error_message="That username is taken.",
            ),
        ]

    def __str__(self) -> str:
        return self.username

    @property
    def shown_name(self) -> str:
        """How this person is named to the people they are linked with."""
        return self.display_name or self.username

    @property
    def email_confirmed(self) -> bool:
        return self.email_confirmed_at is not None

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zone_named(self.time_zone)


def fingerprint(secret: str) -> str:
    """What we store of an invite's link token or code: never the secret itself."""
    return hashlib.sha256(secret.encode()).hexdigest()


def new_invite_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(typed: str) -> str:
    """What a person typed or read aloud, as stored: capitals, no spaces or hyphens."""
    return "".join(typed.split()).replace("-", "").upper()


def show_code(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


class CareLinkQuerySet(models.QuerySet):
    def active(self):
        return self.filter(ended_at__isnull=True)


class CareLink(models.Model):
    """A therapist and a client, linked by an accepted invite until either side ends it."""

    therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="client_links"
    )
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="therapist_links"
    )
    started_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = CareLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]
        indexes = [
            models.Index(fields=["therapist", "ended_at"], name="carelink_therapist"),
            models.Index(fields=["client", "ended_at"], name="carelink_client"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["therapist", "client"],
                condition=Q(ended_at__isnull=True),
                name="carelink_one_active_per_pair",
            ),
            models.CheckConstraint(
                condition=~Q(therapist=F("client")), name="carelink_not_with_oneself"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.therapist_id} -> {self.client_id}"

    def save(self, *args, **kwargs):
        """Save, and keep the client's `has_therapist` true while any link of theirs is active
        (one more query, only when a link starts or ends)."""
        super().save(*args, **kwargs)
        User.objects.filter(pk=self.client_id).update(
            has_therapist=Exists(
                CareLink.objects.filter(client=OuterRef("pk"), ended_at__isnull=True)
            )
        )

    @property
    def is_active(self) -> bool:
        return self.ended_at is None


class Invite(models.Model):
    """A therapist's invitation: a link and a short code, single-use, for 7 days.

    Only fingerprints (SHA-256) of the link's token and the code are stored; the therapist
    sees them once, when the invite is made.
    """

    class State(models.TextChoices):
        OPEN = "open", "Waiting"
        USED = "used", "Accepted"
        DECLINED = "declined", "Declined"
        REVOKED = "revoked", "Withdrawn"
        EXPIRED = "expired", "Expired"

    therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invites"
    )
    label = models.CharField(
        max_length=80, blank=True, help_text="Who it is for, to help you remember. Only you see it."
    )
    token_hash = models.CharField(max_length=64, unique=True)
    code_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    declined_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["therapist", "-created_at"], name="invite_therapist")]

    def __str__(self) -> str:
        return f"Invite {self.pk} from {self.therapist_id}"

    @classmethod
    def expiry_from(cls, now=None):
        return (now or timezone.now()) + timedelta(days=INVITE_DAYS)

    @property
    def state(self) -> "Invite.State":
        if self.used_at:
            return self.State.USED
        if self.declined_at:
            return self.State.DECLINED
        if self.revoked_at:
            return self.State.REVOKED
        if self.expires_at <= timezone.now():
            return self.State.EXPIRED
        return self.State.OPEN

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN


class KeptWords(models.Model):
    """What a person sent from a page after their login had ended, kept for them alone until
    they log in again and the page puts it back into the form (see kept_words.py).

    The writer is the person the page was made for (a signed field in the form), never
    whoever happens to log in next on the same browser. Deleting the person deletes these.
    """

    writer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="kept_words"
    )
    page = models.CharField(max_length=500, help_text="The path of the page the words are for.")
    fields = models.JSONField(help_text="The form's fields, each a list of values.")
    kept_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-kept_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["writer", "page"], name="kept_words_once_per_page")
        ]

    def __str__(self) -> str:
        return f"Words kept for {self.writer_id} on {self.page}"


class Draft(models.Model):
    """What a person is writing in a form not saved yet (a new entry, an edit, a looking-back
    note, a practice in the editor), kept as they type so that it is there when the page
    opens again, on any device (see drafts.py). Only its writer ever sees it; it goes when
    they discard it or save the form, and with them."""

    writer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="drafts"
    )
    page = models.CharField(max_length=500, help_text="The path of the page the form is on.")
    fields = models.JSONField(help_text="The form's fields, each a list of values.")
    saved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-saved_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["writer", "page"], name="draft_once_per_page")
        ]

    def __str__(self) -> str:
        return f"Draft of {self.writer_id} on {self.page}"

    @property
    def data(self) -> QueryDict:
        """The draft as form data, as if the form had been sent."""
        return as_form_data(self.fields)

    @property
    def initial(self) -> dict:
        """The draft as a form's `initial`: a field's one value, or its list of values."""
        return {
            name: values[0] if len(values) == 1 else values for name, values in self.fields.items()
        }


class Session(AbstractBaseSession):
    """A browser's session, with the person it belongs to, so that ending an account (or a
    login everywhere) removes every session of theirs on every device: messages and anything
    else a session holds go with them. Used through compassion_site.accounts.sessions."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="sessions",
    )

    @classmethod
    def get_session_store_class(cls):
        from compassion_site.accounts.sessions import SessionStore

        return SessionStore
