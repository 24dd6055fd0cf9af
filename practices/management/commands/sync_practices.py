from django.core.management.base import BaseCommand, CommandError

from practices.library import PracticeFileError
from practices.services import sync_practices


class Command(BaseCommand):
    help = "Check every practice file in practices/library/ and load them all, or none."

    def handle(self, *args, **options):
        try:
            report = sync_practices()
        except PracticeFileError as error:
            raise CommandError(
                "Nothing was loaded; fix these practice files first:\n" + str(error)
            ) from None
        self.stdout.write(
            f"Practices: {len(report.created)} new, {len(report.updated)} updated, "
            f"{len(report.unchanged)} unchanged, {len(report.archived)} archived."
        )
