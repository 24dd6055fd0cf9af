from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from journal.exchange import (
    MAX_IMPORT_BYTES,
    TOO_BIG,
    ImportInterrupted,
    ImportRefused,
    import_plan,
    parse_export,
)


class Command(BaseCommand):
    help = (
        "Import a Tend journal file (JSON, see journal/EXPORT_FORMAT.md) into one person's "
        "journal. The whole file is checked first; a file with any problem imports nothing. "
        "It is then written a few hundred entries at a time; if that stops part-way, run the "
        "same command again to bring in the rest."
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
                raw = opened.read(MAX_IMPORT_BYTES + 1)
        except OSError as error:
            raise CommandError(f"Couldn't read {file}: {error.strerror}.") from None
        if len(raw) > MAX_IMPORT_BYTES:
            raise CommandError(TOO_BIG)
        try:
            plan = parse_export(raw, user)
        except ImportRefused as refused:
            raise CommandError("\n  ".join(refused.lines)) from None
        try:
            result = import_plan(user, plan)
        except ImportInterrupted as interrupted:
            raise CommandError(
                f"Stopped part-way ({interrupted.__cause__}) after {interrupted.result.listed} "
                "came in. Run the same command again to bring in the rest; what is already "
                "there is skipped."
            ) from None
        self.stdout.write(result.summary)
