from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from journal.exchange import export_json_text, export_markdown


class Command(BaseCommand):
    help = (
        "Export one person's whole journal: JSON for Tend (the default; see "
        "journal/EXPORT_FORMAT.md) or Markdown to read. Writes to stdout unless --output."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--format", dest="file_format", choices=["json", "markdown"], default="json"
        )
        parser.add_argument("--output", metavar="FILE", help="Write to FILE instead of stdout.")

    def handle(self, *args, username, file_format, output, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"There is no account with the username “{username}”.")
        text = export_json_text(user) if file_format == "json" else export_markdown(user)
        if output is None:
            self.stdout.write(text, ending="")
            return
        try:
            with open(output, "w", encoding="utf-8") as file:
                file.write(text)
        except OSError as error:
            raise CommandError(f"Couldn't write {output}: {error.strerror}.") from None
        self.stderr.write(f"Wrote {username}'s journal to {output}.")
