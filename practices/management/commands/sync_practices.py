from django.core.management.base import BaseCommand, CommandError

from practices.library import PracticeFileError
from practices.services import SyncReport, sync_library


def counted(name: str, report: SyncReport) -> str:
    return (
        f"{name}: {len(report.created)} new, {len(report.updated)} updated, "
        f"{len(report.unchanged)} unchanged, {len(report.archived)} archived."
    )


class Command(BaseCommand):
    help = (
        "Check every practice file in practices/library/, every lesson in "
        "practices/lessons/ and every path in practices/paths/, and load them all, or none."
    )

    def handle(self, *args, **options):
        try:
            report = sync_library()
        except PracticeFileError as error:
            raise CommandError(
                "Nothing was loaded; fix these files first:\n" + str(error)
            ) from None
        self.stdout.write(counted("Practices", report.practices))
        self.stdout.write(counted("Lessons", report.lessons))
        self.stdout.write(counted("Paths", report.paths))
