"""The therapist's side keeps one table of its own: which homework reminders went out."""

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
