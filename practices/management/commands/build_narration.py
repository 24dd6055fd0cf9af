import time

from django.core.management.base import BaseCommand, CommandError

from practices.models import Practice
from practices.narration import NarrationFailed, build_narration


class Command(BaseCommand):
    help = (
        "Make the spoken narration of the library's practices with the offline voice, only for "
        "steps whose words, voice or settings changed since (run it after sync_practices)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--practice",
            action="append",
            dest="slugs",
            metavar="SLUG",
            help="Only this library practice (may be given more than once).",
        )

    def handle(self, *args, slugs=None, **options):
        practices = Practice.objects.current().in_library().order_by("slug")
        if slugs:
            practices = practices.filter(slug__in=slugs)
            missing = set(slugs) - set(practices.values_list("slug", flat=True))
            if missing:
                raise CommandError(f"No library practice named {', '.join(sorted(missing))}")
        started = time.perf_counter()
        try:
            made = build_narration(practices, report=self.stdout.write)
        except NarrationFailed as failed:
            raise CommandError(f"Narration stopped: {failed}") from failed
        self.stdout.write(
            f"Narration: {made.steps} steps made ({made.seconds / 60:.1f} minutes of audio, "
            f"{made.bytes / 1e6:.1f} MB), {made.kept} already made, "
            f"in {time.perf_counter() - started:.0f} s."
        )
