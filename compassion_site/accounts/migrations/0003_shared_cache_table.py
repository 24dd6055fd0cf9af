"""The table of Django's database cache, the cache every worker shares (throttle counts live
there), made by `migrate` so that every deployment and every test database has it.

It is made for whichever database caches settings.CACHES names now (by default one, the table
tend_cache; none when CACHE_URL names Redis). A table named later in CACHE_URL needs
`manage.py createcachetable`, which makes only what is missing.
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_care_links_and_invites"),
    ]

    operations = [
        # Going back leaves the table: it holds nothing that outlives an hour.
        migrations.RunPython(create_cache_tables, migrations.RunPython.noop, elidable=False),
    ]
