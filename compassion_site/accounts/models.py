import zoneinfo

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower


def validate_time_zone(value: str) -> None:
    if value not in available_time_zones():
        raise ValidationError("Choose a time zone from the list.", code="invalid_time_zone")


def available_time_zones() -> set[str]:
    return zoneinfo.available_timezones() | {"UTC"}


class User(AbstractUser):
    """A person using Tend. Custom from the first migration so it can grow safely.

    Email is required and unique (case-insensitively) because it is how a person gets back
    in when they forget their password.
    """

    email = models.EmailField("email address")
    time_zone = models.CharField(
        max_length=64,
        default="UTC",
        validators=[validate_time_zone],
        help_text="Days, reminders and dates in your journal follow this time zone.",
    )

    objects = UserManager()

    REQUIRED_FIELDS = ["email"]

    class Meta:
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="accounts_user_email_unique_ci",
                violation_error_message="An account with this email address already exists.",
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
    def zone(self) -> zoneinfo.ZoneInfo:
        try:
            return zoneinfo.ZoneInfo(self.time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo("UTC")
