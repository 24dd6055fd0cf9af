"""How long the journal's list pages take for someone with 10,000 entries.

The journal at /journal/ lists a person's entries newest first, 20 to a page, with filters and
search in the URL and an htmx "Load more" button. Someone who has used Tend daily for years has
thousands of entries; these pages must stay quick for them. The targets, on PostgreSQL: a
median under 50 ms of server time and at most 10 SQL queries per page.

Measured, one after the other, for the same person:

1. first page: GET /journal/, the whole page.
2. filtered, CFT in the past year: /journal/?modality=cft&start=<a year ago>&end=<today>.
3. filtered, hard moments in the past year: /journal/?hard=on&start=...&end=...
4. filtered, free writing tagged sleep: /journal/?modality=free&tag=sleep.
5. filtered by a part: /journal/?part=<the Critic's id> (entries of runs that named it).
6. search, common word: /journal/?q=sleep (about one entry in six has it).
7. search, rare word: /journal/?q=heron (about one entry in two hundred).
8. load more, page 5: /journal/?page=5 with HX-Request: true and HX-Target: load-more, as
   htmx sends it when the "Load more" button is pressed: the partial with entries 81 to 100.

Each is requested in-process with django.test.Client, logged in with force_login, and timed
with time.perf_counter around the request: the server's own time (middleware, view, queries,
template) without a network or WSGI server. The test client keeps the database connection
open between requests, unlike a real server; the script closes old connections after each
request (outside the timing), as Django's request_finished handler would. Every response is
checked before anything is timed: status 200, and the entries listed are the ones the page
should show (worked out here with the ORM, independently of the view); a wrong page stops the
script. 10 warm-up requests per page are not counted; the next 100 are. One more request per
page runs under CaptureQueriesContext to count its SQL queries (BEGIN, COMMIT and savepoints
not counted). On PostgreSQL, for a page that misses a target, the slowest query of that
request is printed with its EXPLAIN ANALYZE plan.

Setup is done here, as in step_transition.py: production-like settings (DEBUG off, a random
SECRET_KEY, no SSL redirect), collectstatic into STATIC_ROOT (staticfiles/, git-ignored)
because DEBUG off uses the manifest storage, a throwaway SQLite file in a temporary folder
unless DATABASE_URL is already set (PostgreSQL, say; the bench people are deleted from it
afterwards), migrate, sync_practices. The data comes from `manage.py seed_demo`: the bench
person with 10,000 entries (one to three a day going back about fifteen years, three in four
from practices with their answers, the rest free writing with tags), and 5 other people with
200 entries each so the tables are not one person's alone. The time seeding took is printed.
On PostgreSQL the journal's tables are then VACUUM ANALYZEd, as autovacuum would have done
long before anyone had 10,000 entries: straight after a bulk load the planner has no
statistics for the new rows and the search index's pending list still holds them, which
gives plans (and times) a settled database never sees.

Run it from the project folder, with nothing else prepared:

    .venv/bin/python bench/journal_pages.py
    DATABASE_URL=postgres://user:password@localhost:5432/tend \
        .venv/bin/python bench/journal_pages.py

or `make bench`, which runs every bench/*.py in turn.

Reading the output: one row per page, times in milliseconds. "median" is the typical request,
"p95" the slow tail (one in twenty is slower), "min" the best case, "n" how many requests were
timed, "queries" the SQL queries of one request and "in SQL" the time they took (to the
millisecond, as Django records it), which tells the database's share from Python's. Below
the table: whether each page meets the targets, and for a page on PostgreSQL that misses one,
its slowest query with the plan. Figures vary with the machine (and with whatever else it is
doing); compare runs on the same machine.
"""

import io
import re
import secrets
import shutil
import time
from dataclasses import dataclass
from datetime import date, timedelta

from _common import (
    COUNT,
    WARMUP,
    LoggedInClient,
    describe_database,
    page_text,
    prepare_environment,
    remove_people,
    report,
    set_up_database,
    time_pages,
    vacuum_analyze,
)

ENTRIES = 10_000
OTHER_PEOPLE = 5
OTHER_ENTRIES = 200
PAGE_SIZE = 20
LOAD_MORE_PAGE = 5
COMMON_WORD = "sleep"  # in seed_demo's sentences about sleep: about one entry in six
RARE_WORD = "heron"  # in one of seed_demo's rare sentences: about one entry in two hundred
TAG = "sleep"
PART = "the Critic"
TIME_ZONE = "Europe/London"  # seed_demo's people live here
ENTRY_LINK = re.compile(r'href="/journal/entries/(\d+)/"')


def make_people(prefix: str):
    """The bench person with ENTRIES entries, and others with OTHER_ENTRIES each, all made by
    seed_demo. Returns the bench person and the seconds their journal took to make."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    started = time.perf_counter()
    password = secrets.token_urlsafe(16)  # seed_demo wants one of our own with DEBUG off
    call_command(
        "seed_demo",
        entries=ENTRIES,
        username=prefix,
        password=password,
        reset=True,
        stdout=io.StringIO(),
    )
    seconds = time.perf_counter() - started
    for number in range(OTHER_PEOPLE):
        call_command(
            "seed_demo",
            entries=OTHER_ENTRIES,
            username=f"{prefix}-{number}",
            password=password,
            reset=True,
            seed=number + 2,
            stdout=io.StringIO(),
        )
    return get_user_model().objects.get(username=prefix), seconds


def settle_tables() -> None:
    """PostgreSQL: VACUUM ANALYZE the journal's tables, as autovacuum would have long before
    anyone wrote 10,000 entries. Straight after a bulk load the planner has no statistics for
    the new rows and the search index's pending list (GIN fastupdate) still holds them, so
    plans are not the ones a settled database gets: the GIN index goes unused, for one."""
    from django.contrib.auth import get_user_model

    from journal.models import Answer, Entry, EntryNote, Part, Run, Tag

    vacuum_analyze([Entry, Entry.tags.through, EntryNote, Run, Answer, Part, Tag, get_user_model()])


# The pages --------------------------------------------------------------------------------


@dataclass
class Page:
    label: str
    path: str
    expected: list[int]  # the entries it should list, newest first (the first PAGE_SIZE), or
    # when ranked, every match: the page shows PAGE_SIZE of them (or all), in any order
    ranked: bool = False  # a search on PostgreSQL: best match first, so order isn't checked
    htmx: bool = False  # the "Load more" partial


def newest_ids(entries, start: int = 0) -> list[int]:
    ordered = entries.order_by("-created_at", "-id").values_list("pk", flat=True)
    return list(ordered[start : start + PAGE_SIZE])


def matching(entries, word: str):
    """Entries with `word`, found as journal search finds it on this database."""
    from django.db import connection

    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery

        return entries.filter(search_vector=SearchQuery(word, config="english"))
    return entries.filter(search_text__icontains=word)


def pages(person) -> list[Page]:
    """What to request, and which entries each page should list, worked out with the ORM."""
    from zoneinfo import ZoneInfo

    from django.db import connection
    from django.utils import timezone

    from journal.models import Entry, Part

    zone = ZoneInfo(TIME_ZONE)
    today = timezone.now().astimezone(zone).date()
    start = today - timedelta(days=365)
    since = f"start={start.isoformat()}&end={today.isoformat()}"
    year = {"created_at__gte": midnight(start, zone), "created_at__lt": midnight(today, zone, 1)}
    kept = Entry.objects.kept().filter(user=person)
    critic = Part.objects.get(user=person, name=PART)
    ranked = connection.vendor == "postgresql"
    common = matching(kept, COMMON_WORD)
    rare = matching(kept, RARE_WORD)
    chosen = [
        Page("first page", "/journal/", newest_ids(kept)),
        Page(
            "filtered: CFT, past year",
            f"/journal/?modality=cft&{since}",
            newest_ids(kept.filter(run__practice__modality="cft", **year)),
        ),
        Page(
            "filtered: hard, past year",
            f"/journal/?hard=on&{since}",
            newest_ids(kept.filter(run__hard_moment=True, **year)),
        ),
        Page(
            f"filtered: free, #{TAG}",
            f"/journal/?modality=free&tag={TAG}",
            newest_ids(kept.filter(run__isnull=True, tags__name=TAG)),
        ),
        Page(
            "filtered: a part",
            f"/journal/?part={critic.pk}",
            newest_ids(kept.filter(run__answers__part=critic).distinct()),
        ),
        Page(
            f"search: {COMMON_WORD!r} ({common.count()} found)",
            f"/journal/?q={COMMON_WORD}",
            list(common.values_list("pk", flat=True)),
            ranked=ranked,
        ),
        Page(
            f"search: {RARE_WORD!r} ({rare.count()} found)",
            f"/journal/?q={RARE_WORD}",
            list(rare.values_list("pk", flat=True)),
            ranked=ranked,
        ),
        Page(
            f"load more, page {LOAD_MORE_PAGE} (htmx)",
            f"/journal/?page={LOAD_MORE_PAGE}",
            newest_ids(kept, (LOAD_MORE_PAGE - 1) * PAGE_SIZE),
            htmx=True,
        ),
    ]
    for page in chosen:
        if len(page.expected) < PAGE_SIZE:
            raise RuntimeError(f"{page.label}: the seed gives less than a page of entries")
    return chosen


def midnight(day: date, zone, days_later: int = 0):
    from datetime import datetime, time

    return datetime.combine(day + timedelta(days=days_later), time.min, tzinfo=zone)


def check(page: Page, response) -> None:
    """Stop unless the page is a 200 listing the entries it should."""
    text = page_text(page, response)
    # The list itself: on a whole page, what comes after the results panel opens (a
    # "From a year ago" entry above the filters is not part of the list).
    results = text if page.htmx else text.partition('id="journal-results"')[2]
    shown = [int(pk) for pk in dict.fromkeys(ENTRY_LINK.findall(results))]
    if page.ranked:
        wanted = min(PAGE_SIZE, len(page.expected))
        right = len(shown) == wanted and set(shown) <= set(page.expected)
    else:
        right = shown == page.expected[:PAGE_SIZE]
    if not right:
        raise RuntimeError(
            f"{page.label}: {page.path} listed entries {shown},\n"
            f"expected {page.expected[:PAGE_SIZE]}{' in any order' if page.ranked else ''}"
        )


def main() -> None:
    temp_dir, external = prepare_environment()
    import django

    django.setup()
    from django.db import connections

    prefix = f"bench-{secrets.token_hex(4)}"
    print(f"Database: {describe_database(external)}")
    try:
        set_up_database()
        person, seconds = make_people(prefix)
        settle_tables()
        print(
            f"Seeded {ENTRIES} entries for the bench person in {seconds:.1f} s (seed_demo); "
            f"{OTHER_PEOPLE} others with {OTHER_ENTRIES} each; DEBUG off"
        )
        print(f"{WARMUP} warm-up and {COUNT} timed requests per page, {PAGE_SIZE} entries a page")
        journal = LoggedInClient(person, htmx_target="load-more")
        results = time_pages(journal, pages(person), check)
        journal.client.logout()  # deletes its session
    finally:
        if external:
            remove_people(prefix)
        connections.close_all()
        shutil.rmtree(temp_dir, ignore_errors=True)

    report(results)


if __name__ == "__main__":
    main()
