from django.core.management.base import BaseCommand, CommandError

from practices.format import SCHEMA_PATH, schema_text


class Command(BaseCommand):
    help = (
        "Write practices/library/schema.json, the JSON Schema of a practice file, from the "
        "models in practices/format.py (with --check, only say whether it is up to date)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help="Fail if schema.json differs; write nothing."
        )

    def handle(self, *args, check=False, **options):
        text = schema_text()
        current = SCHEMA_PATH.read_text(encoding="utf-8") if SCHEMA_PATH.exists() else ""
        if check:
            if current != text:
                raise CommandError(
                    f"{SCHEMA_PATH.name} is out of date; run manage.py practice_schema"
                )
            self.stdout.write(f"{SCHEMA_PATH.name} is up to date.")
            return
        SCHEMA_PATH.write_text(text, encoding="utf-8")
        self.stdout.write(f"Wrote {SCHEMA_PATH}")
