"""The therapist's side keeps one table of its own: which homework reminders went out."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from practices.models import Assignment


class ReminderSent(models.Model):
    """One email about one due item, so a reminder is never sent twice."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="reminders")
    due_on = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "practices_remindersent"  # made by practices before care had a room of its own
        constraints = [
            models.UniqueConstraint(fields=["assignment", "due_on"], name="reminder_once"),
        ]

    def __str__(self) -> str:
        return f"Reminder for {self.assignment_id} due {self.due_on}"


class PracticeReminder(models.Model):
    """A person's own reminder to practise: which days, what time in their zone, whether by
    email, and the private calendar feed's token (only its sha256 hash is kept)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="practice_reminder"
    )
    # Weekdays as digits, Monday 0 to Sunday 6: "024" is Monday, Wednesday and Friday.
    days = models.CharField(max_length=7, blank=True, default="")
    at = models.TimeField(null=True, blank=True)
    by_email = models.BooleanField(default=False)
    feed_token_hash = models.CharField(max_length=64, blank=True, default="")
    feed_made_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["feed_token_hash"],
                condition=~models.Q(feed_token_hash=""),
                name="practice_reminder_feed_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"Practice reminder for {self.user_id}"

    @property
    def weekdays(self) -> list[int]:
        return sorted({int(digit) for digit in self.days if digit in "0123456"})

    @property
    def is_set(self) -> bool:
        return bool(self.weekdays) and self.at is not None

    @property
    def has_feed(self) -> bool:
        return bool(self.feed_token_hash)


class PracticeReminderSent(models.Model):
    """One practice reminder emailed for one slot (a day and a time in the person's zone), so
    a slot is never reminded about twice."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="practice_reminders_sent"
    )
    day = models.DateField()
    at = models.TimeField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "day", "at"], name="practice_reminder_once"),
        ]

    def __str__(self) -> str:
        return f"Practice reminder for {self.user_id} on {self.day} at {self.at}"
