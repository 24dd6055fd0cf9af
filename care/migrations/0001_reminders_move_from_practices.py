"""ReminderSent moves from practices to care with its table and every row: only Django's idea
of which app owns it changes (state), the table keeps its name, and the content type follows."""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


def content_type_follows(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="practices", model="remindersent").update(app_label="care")


def content_type_goes_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="care", model="remindersent").update(app_label="practices")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("practices", "0004_step_on_its_own"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ReminderSent",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("due_on", models.DateField()),
                        ("sent_at", models.DateTimeField(default=django.utils.timezone.now)),
                        (
                            "assignment",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="reminders",
                                to="practices.assignment",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "practices_remindersent",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("assignment", "due_on"), name="reminder_once"
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_type_follows, content_type_goes_back, elidable=True),
    ]
