"""Delete for good the journal entries that have been in the trash for 30 days.

Safe to run from cron as often as you like: it only removes what is due, and running it twice
does nothing the second time.
"""

from django.core.management.base import BaseCommand

from journal.services import purge_expired_trash


class Command(BaseCommand):
    help = "Delete journal entries that have been in the trash for 30 days or more."

    def handle(self, *args, **options):
        count = purge_expired_trash()
        self.stdout.write(f"Deleted {count} entr{'y' if count == 1 else 'ies'} from the trash.")
