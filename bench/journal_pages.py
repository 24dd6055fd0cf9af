"""How long the journal's list pages take for someone with 10,000 entries.

The journal at /journal/ lists a person's entries newest first, 20 to a page, with filters and
search in the URL and an htmx "Load more" button. Someone who has used Tend daily for years has
thousands of entries; these pages must stay quick for them. The targets, on PostgreSQL: a
median under 50 ms of server time and at most 10 SQL queries per page.

Measured, one after the other, for the same person, after the floor (/health/, which goes
through the same middleware and runs SELECT 1):

1. first page: GET /journal/, the whole page.
2. filtered, CFT in the past year: /journal/?modality=cft&start=<a year ago>&end=<today>.
3. filtered, hard moments in the past year: /journal/?hard=on&start=...&end=...
4. filtered, free writing tagged sleep: /journal/?modality=free&tag=sleep.
5. filtered by a part: /journal/?part=<the Critic's id> (entries of runs that named it).
6. search, common word: /journal/?q=sleep (about one entry in six has it). On PostgreSQL
   the best matches among the newest 500 (journal/search.py RANKED_MATCHES), which is what
   the check below expects.
7. search, rare word: /journal/?q=heron (about one entry in two hundred).
8. load more, page 5 and page 200: the address in the page's "Load more entries" link,
   followed from the first page 4 (and 199) times as htmx does when the button is pressed
   (HX-Request: true, HX-Target: load-more): the partial with entries 81 to 100 (and 3,981 to
   4,000). The links are read from the HTML, so the bench does not depend on their format.

Then, for each page, its share of the floor's speed: median(/health/) / median(page), the
in-process stand-in for throughput under load against /health/ (bench/throughput.py measures
that through gunicorn). The journal's targets: the first page at least 0.2, a search at
least 0.15.

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

or, to time someone already in the database (a copy of one seeded with seed_demo, say, with
100,000 entries), without seeding or deleting anyone: `--person big-100000`. The bench logs
them in (a session row is written, and deleted at the end), so never point it at a database
that must not be written.

or `make bench`, which runs every bench/*.py in turn.

Reading the output: one row per page, times in milliseconds. "median" is the typical request,
"p95" the slow tail (one in twenty is slower), "min" the best case, "n" how many requests were
timed, "queries" the SQL queries of one request and "in SQL" the time they took (to the
millisecond, as Django records it), which tells the database's share from Python's. Below
the table: whether each page meets the targets, and for a page on PostgreSQL that misses one,
its slowest query with the plan. Figures vary with the machine (and with whatever else it is
doing); compare runs on the same machine.
"""

import argparse
import io
import re
import secrets
import shutil
import statistics
import subprocess
import time
from dataclasses import dataclass
from datetime import date, timedelta

from _common import (
    COUNT,
    PROJECT_DIR,
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
LOAD_MORE_PAGES = (5, 200)
COMMON_WORD = "sleep"  # in seed_demo's sentences about sleep: about one entry in six
RARE_WORD = "heron"  # in one of seed_demo's rare sentences: about one entry in two hundred
TAG = "sleep"
PART = "the Critic"
TIME_ZONE = "Europe/London"  # seed_demo's people live here
ENTRY_LINK = re.compile(r'href="/journal/entries/(\d+)/"')
LOAD_MORE = re.compile(r'<a class="button button--quiet" href="([^"]+)" hx-get="\1"')
TARGETS = {"first page": 0.2, "search": 0.15}  # against the floor, for pages so labelled


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
    floor: bool = False  # /health/: answers "ok", lists nothing


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


def ranked_among(entries) -> list[int]:
    """On PostgreSQL a search ranks only the newest RANKED_MATCHES matches: the page shows
    the best of those."""
    from journal.search import RANKED_MATCHES

    return list(
        entries.order_by("-created_at", "-id").values_list("pk", flat=True)[:RANKED_MATCHES]
    )


def load_more_path(journal, times: int) -> str:
    """The address htmx asks for after pressing "Load more entries" `times` times from the
    first page: each read from the page before, as the browser would."""
    path = "/journal/"
    for _ in range(times):
        html = journal.get(Page("", path, [], htmx=path != "/journal/")).text
        found = LOAD_MORE.search(html)
        if not found:
            raise RuntimeError(f"{path}: no Load more link to follow")
        path = found.group(1).replace("&amp;", "&")
        journal.finish_request()
    return path


def pages(person, journal, *, seeded: bool = True) -> list[Page]:
    """What to request, and which entries each page should list, worked out with the ORM.
    A page with less than a page of entries stops the bench when the bench seeded the data
    (the seed should give enough), and is left out with a note for someone else's."""
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
        Page("floor: /health/", "/health/", [], floor=True),
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
            ranked_among(common) if ranked else newest_ids(common),
            ranked=ranked,
        ),
        Page(
            f"search: {RARE_WORD!r} ({rare.count()} found)",
            f"/journal/?q={RARE_WORD}",
            ranked_among(rare) if ranked else newest_ids(rare),
            ranked=ranked,
        ),
    ]
    for number in LOAD_MORE_PAGES:
        chosen.append(
            Page(
                f"load more, page {number} (htmx)",
                load_more_path(journal, number - 1),
                newest_ids(kept, (number - 1) * PAGE_SIZE),
                htmx=True,
            )
        )
    kept_pages = []
    for page in chosen:
        if len(page.expected) < PAGE_SIZE and not page.floor:
            if seeded:
                raise RuntimeError(f"{page.label}: the seed gives less than a page of entries")
            print(f"Left out: {page.label}, with less than a page of entries")
        else:
            kept_pages.append(page)
    return kept_pages


def midnight(day: date, zone, days_later: int = 0):
    from datetime import datetime, time

    return datetime.combine(day + timedelta(days=days_later), time.min, tzinfo=zone)


def check(page: Page, response) -> None:
    """Stop unless the page is a 200 listing the entries it should."""
    if page.floor:
        if response.status_code != 200 or response.content != b"ok":
            raise RuntimeError(f"{page.path} answered {response.status_code}")
        return
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


def against_the_floor(results) -> None:
    """Each page's share of the floor's speed, median(/health/) / median(page), and the
    journal's targets."""
    floor = next(statistics.median(times) for page, times, _, _ in results if page.floor)
    print()
    print(f"Against the floor (median /health/ {floor:.2f} ms / median page):")
    for page, times, _, _ in results:
        if page.floor:
            continue
        share = floor / statistics.median(times)
        kind = "search" if page.label.startswith("search") else page.label
        target = TARGETS.get(kind)
        verdict = ""
        if target is not None:
            verdict = f"  {'meets' if share >= target else 'MISSES'} the target of {target}"
        print(f"  {page.label:<34} {share:5.2f}{verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--person",
        help="time this person, already in the database, instead of seeding a new one",
    )
    arguments = parser.parse_args()
    temp_dir, external = prepare_environment()
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connections

    prefix = f"bench-{secrets.token_hex(4)}"
    print(f"Database: {describe_database(external)}")
    print(f"Commit: {commit()}")
    try:
        if arguments.person:
            from django.core.management import call_command

            call_command("collectstatic", interactive=False, verbosity=0)
            person = get_user_model().objects.get(username=arguments.person)
            count = person.entries.count()
            print(f"The person {person.username}, already in the database: {count} entries")
        else:
            set_up_database()
            person, seconds = make_people(prefix)
            settle_tables()
            print(
                f"Seeded {ENTRIES} entries for the bench person in {seconds:.1f} s "
                f"(seed_demo); {OTHER_PEOPLE} others with {OTHER_ENTRIES} each"
            )
        print(
            f"DEBUG off; {WARMUP} warm-up and {COUNT} timed requests per page, "
            f"{PAGE_SIZE} entries a page"
        )
        journal = LoggedInClient(person, htmx_target="load-more")
        results = time_pages(journal, pages(person, journal, seeded=not arguments.person), check)
        journal.client.logout()  # deletes its session
    finally:
        if external and not arguments.person:
            remove_people(prefix)
        connections.close_all()
        shutil.rmtree(temp_dir, ignore_errors=True)

    report(results)
    against_the_floor(results)


def commit() -> str:
    """The commit measured, with "+changes" when the work tree differs from it."""

    def git(*words):
        return subprocess.run(  # noqa: S603 (a fixed git command)
            ["git", *words],  # noqa: S607 (git as the PATH finds it)
            capture_output=True,
            text=True,
            cwd=PROJECT_DIR,
            check=False,
        ).stdout.strip()

    changed = "+changes" if git("status", "--porcelain", "--untracked-files=no") else ""
    return git("rev-parse", "--short", "HEAD") + changed


if __name__ == "__main__":
    main()
