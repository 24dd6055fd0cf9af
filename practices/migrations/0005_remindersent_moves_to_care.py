"""ReminderSent now belongs to care (care/migrations/0001): it leaves practices' state only.
The table practices_remindersent and its rows stay where they are."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0004_step_on_its_own"),
        ("care", "0001_reminders_move_from_practices"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="ReminderSent")],
            database_operations=[],
        ),
    ]
