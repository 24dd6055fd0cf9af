"""Email addresses are confirmed by a link; every address already in Tend counts as confirmed.

The unique constraint on the address moves to confirmed addresses only, so that a sign-up with
an address that has an account can make a new account (its address waiting, unconfirmed)
instead of saying that the address is taken.
"""

import django.db.models.functions.text
from django.db import migrations, models
from django.utils import timezone

import compassion_site.accounts.models


def confirm_existing_addresses(apps, schema_editor):
    """Everyone who signed up before confirmation existed keeps resets and reminders."""
    User = apps.get_model("accounts", "User")
    User.objects.filter(email_confirmed_at__isnull=True).exclude(email="").update(
        email_confirmed_at=timezone.now()
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_shared_cache_table"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.AlterModelManagers(
            name="user",
            managers=[
                ("objects", compassion_site.accounts.models.PersonManager()),
            ],
        ),
        migrations.AddField(
            model_name="user",
            name="email_confirmed_at",
            field=models.DateTimeField(
                blank=True,
                editable=False,
                help_text="When the person opened the link sent to their address; empty until then.",
                null=True,
                verbose_name="email confirmed",
            ),
        ),
        migrations.RunPython(confirm_existing_addresses, migrations.RunPython.noop),
        migrations.RemoveConstraint(
            model_name="user",
            name="accounts_user_email_unique_ci",
        ),
        migrations.AddConstraint(
            model_name="user",
            constraint=models.UniqueConstraint(
                django.db.models.functions.text.Lower("email"),
                condition=models.Q(("email_confirmed_at__isnull", False)),
                name="accounts_user_confirmed_email_unique_ci",
                violation_error_message="Another account has already confirmed this address.",
            ),
        ),
    ]
