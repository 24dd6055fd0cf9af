"""How long the offline voice takes to narrate the whole library, and what it makes.

Runs `build_narration` for every library practice into a throwaway media folder and database,
as a fresh clone's `make run` does in the background, then prints: steps narrated, minutes of
audio, seconds to build on this machine, megabytes on disk, and the bit rate and size of the
files. A second run right after shows the cost of nothing having changed (every step is found
by its key and left alone).

Setup is done here: production-like settings, a throwaway SQLite file (or DATABASE_URL: its
narration rows are left for the next run, as in production), migrate, sync_practices.

    .venv/bin/python bench/narration.py
"""

import io
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import describe_database, prepare_environment, set_up_database


def main() -> int:
    temp_dir, given = prepare_environment()
    os.environ["MEDIA_ROOT"] = str(temp_dir / "media")
    import django

    django.setup()
    from django.core.management import call_command

    from practices.models import Narration, Practice, Step

    set_up_database()
    practices = Practice.objects.current().in_library()
    print(f"Database: {describe_database(given)}")
    print(
        f"Library: {practices.count()} practices, "
        f"{Step.objects.filter(practice__in=practices).count()} steps"
    )

    started = time.perf_counter()
    call_command("build_narration", stdout=io.StringIO())
    first = time.perf_counter() - started
    started = time.perf_counter()
    again = io.StringIO()
    call_command("build_narration", stdout=again)
    second = time.perf_counter() - started

    made = list(Narration.objects.all())
    seconds = sum(narration.seconds for narration in made)
    on_disk = sum(path.stat().st_size for path in (temp_dir / "media").rglob("*.mp3"))
    longest = max(made, key=lambda narration: narration.seconds)
    print(f"Narrated: {len(made)} steps, {seconds / 60:.1f} minutes of audio")
    print(f"Built in: {first:.0f} s ({first / (seconds / 60):.1f} s per minute of audio)")
    print(f"On disk: {on_disk / 1e6:.1f} MB, {on_disk * 8 / seconds / 1000:.1f} kbit/s on average")
    print(
        f"Longest step: {longest.seconds:.0f} s, "
        f"{(temp_dir / 'media' / longest.file).stat().st_size / 1000:.0f} KB"
    )
    print(f"Again with nothing changed: {second:.1f} s ({again.getvalue().strip()})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
