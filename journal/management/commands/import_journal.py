from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from journal.exchange import ImportRefused, import_plan, parse_export


class Command(BaseCommand):
    help = (
        "Import a Tend journal file (JSON, see journal/EXPORT_FORMAT.md) into one person's "
        "journal. The whole file is checked first; a file with any problem imports nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("file")

    def handle(self, *args, username, file, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"There is no account with the username “{username}”.")
        try:
            with open(file, "rb") as opened:
                raw = opened.read()
        except OSError as error:
            raise CommandError(f"Couldn't read {file}: {error.strerror}.") from None
        try:
            plan = parse_export(raw)
        except ImportRefused as refused:
            raise CommandError("\n  ".join(refused.lines)) from None
        result = import_plan(user, plan)
        self.stdout.write(result.summary)
