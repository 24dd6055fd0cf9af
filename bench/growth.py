"""The growth table: does a page's cost grow with the person's journal? Every journal, search
and dashboard page, in-process, for people with 1,000, 10,000 and 100,000 entries in one
database (issue 18). A page that is flat in the data costs the same in every column.

The pages, for each person:

- the floor /health/ (the same middleware, one `SELECT 1`), for the "x floor" column;
- the journal's first page (/journal/) and a filtered page (/journal/?modality=cft);
- search for a common word (/journal/?q=sleep, about one entry in six) and a rare one
  (/journal/?q=heron, about one in two hundred);
- "Load more", pages 5 and 200, as htmx asks for them (HX-Request, HX-Target load-more). The
  script reaches them as a person would: from the first page it follows the "Load more" link
  in the HTML, 4 and 199 times (it never builds a page's address itself). At 1,000 entries
  there is no page 200 (50 pages of 20): "-";
- the progress dashboard at 30 days, 90 days (its default, /progress/), a year and all time,
  visited again with nothing changed (from the kept sums), and for 90 days, a year and all
  time also as the first visit after a change (the kept sums deleted ahead of each request).

Each page is asked for with django.test.Client, logged in with force_login, DEBUG off
(bench/_common.py: measure and capture_queries), and checked first: a 200, the whole page or
the partial as asked, entries listed (20 of them but for search and the last page) or the
dashboard's heading. The sizes take turns, five rounds over: in each, every page of every
size gets 1 warm-up request and up to 6 counted ones (fewer for a slow page: counting stops
after 1 s once 5 are counted), so a machine that gets busier partway through weighs on every
column alike. One more request per page counts the SQL queries (BEGIN, COMMIT and
savepoints left out). The medians go into a markdown table: a cell is
"median ms / queries". "x floor" is the in-process proxy for throughput at 10,000 entries:
the floor's median over the page's. bench/throughput.py measures the real thing with wrk.
Export's time and memory are bench/export_growth.py's.

The database: PostgreSQL when BENCH_DATABASE_URL (or else LOAD_DATABASE_URL) gives the
address of a role that may CREATE DATABASE (`make bench` sets it): a fresh database
`tend_bench_growth` is made on that server and dropped at the end. With BENCH_TEMPLATE=<name>
it is made as a copy of that database (say tend_big, seeded with these same people), and only
migrated. Without an address, or when the server does not answer (said so), a throwaway
SQLite file: search there is a plain substring match, so its figures are not PostgreSQL's.
The people are big-1000, big-10000 and big-100000 (seed_demo, seed 3), with other-0..4 (200
entries each, seeds 10 to 14) so the tables are not theirs alone: the same as tend_big. Those
already in the database are kept; the others are made (100,000 entries take about three
minutes), then the tables are VACUUM ANALYZEd as autovacuum would have long before.
BENCH_SIZES=1000,10000 measures fewer people.

    BENCH_DATABASE_URL=postgres://tend:tend@127.0.0.1:54329/postgres BENCH_TEMPLATE=tend_big \\
        .venv/bin/python bench/growth.py

Figures vary with the machine and whatever else it is doing; compare columns of one run, or
runs on the same machine. The table is stamped with the commit, the database and the date.
"""

import html
import io
import os
import re
import secrets
import shutil
import statistics
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime

from _common import (
    MIN_COUNT,
    LoggedInClient,
    bench_server,
    capture_queries,
    commit_measured,
    database_url,
    describe_database,
    drop_database,
    fresh_database,
    machine_load,
    measure,
    page_text,
    prepare_environment,
    set_up_database,
    vacuum_analyze,
)

SIZES = [int(size) for size in os.environ.get("BENCH_SIZES", "1000,10000,100000").split(",")]
FLOOR_SIZE = 10_000
OTHER_PEOPLE = 5
OTHER_ENTRIES = 200
DB_NAME = "tend_bench_growth"
ROUNDS = 5  # the sizes take turns, this many times over
WARMUP = 1  # per round
COUNT = 30  # counted requests per page and size, in all
SECONDS = 5.0  # counted time per page and size: beyond it a slow page stops at MIN_COUNT a round
PAGE_SIZE = 20
COMMON_WORD = "sleep"
RARE_WORD = "heron"
HEADING = "Balance across the six skills"
ENTRY_LINK = re.compile(r'href="/journal/entries/(\d+)/"')
FLOOR = "floor /health/"


@dataclass
class Page:
    label: str
    path: str
    htmx: bool = False
    kind: str = "list"  # "list": 20 entries; "search": some entries; "progress"; "floor"
    # The dashboard keeps its sums from one visit to the next (a range's for the day); a visit
    # after a change adds them up afresh, as every visit here does once the kept sums are
    # deleted ahead of it.
    afresh: bool = False


def load_more_link(text: str) -> str | None:
    """Where the "Load more" link in this HTML goes, or None when there is none."""
    block = text.partition('id="load-more"')[2].partition("</div>")[0]
    found = re.search(r'href="([^"]+)"', block)
    return html.unescape(found.group(1)) if found else None


def follow_load_more(client, times: int) -> dict[int, str]:
    """Follow "Load more" from the first page `times` times, as htmx does; returns the
    address of each page reached, by its number."""
    reached = {}
    page = Page("first page", "/journal/")
    link = load_more_link(page_text(page, client.get(page)))
    client.finish_request()
    for number in range(2, times + 2):
        if link is None:
            break
        reached[number] = link
        page = Page(f"load more, page {number}", link, htmx=True)
        link = load_more_link(page_text(page, client.get(page)))
        client.finish_request()
    return reached


def pages(client) -> list[Page]:
    reached = follow_load_more(client, 199)
    chosen = [
        Page(FLOOR, "/health/", kind="floor"),
        Page("journal, first page", "/journal/"),
        Page("journal, filtered (CFT)", "/journal/?modality=cft"),
        Page(f"search, common word ({COMMON_WORD!r})", f"/journal/?q={COMMON_WORD}", kind="search"),
        Page(f"search, rare word ({RARE_WORD!r})", f"/journal/?q={RARE_WORD}", kind="search"),
    ]
    for number in (5, 200):
        if number in reached:
            chosen.append(Page(f"Load more, page {number}", reached[number], htmx=True))
    chosen += [
        Page("progress, 30 days", "/progress/?range=30", kind="progress"),
        Page("progress, 90 days (default)", "/progress/", kind="progress"),
        Page("progress, 90 days, after a change", "/progress/", kind="progress", afresh=True),
        Page("progress, a year", "/progress/?range=365", kind="progress"),
        Page(
            "progress, a year, after a change",
            "/progress/?range=365",
            kind="progress",
            afresh=True,
        ),
        Page("progress, all time", "/progress/?range=all", kind="progress"),
        Page(
            "progress, all time, after a change",
            "/progress/?range=all",
            kind="progress",
            afresh=True,
        ),
    ]
    return chosen


def check(page: Page, response) -> None:
    if page.kind == "floor":
        if response.status_code != 200:
            raise RuntimeError(f"{page.path} answered {response.status_code}")
        return
    text = page_text(page, response)
    if page.kind == "progress":
        if HEADING not in text:
            raise RuntimeError(f"{page.label}: no {HEADING!r} on the page")
        return
    results = text if page.htmx else text.partition('id="journal-results"')[2]
    shown = dict.fromkeys(ENTRY_LINK.findall(results))
    if not shown or (page.kind == "list" and len(shown) != PAGE_SIZE):
        raise RuntimeError(f"{page.label}: {page.path} listed {len(shown)} entries")


# The database and the people --------------------------------------------------------------


def make_people(sizes: list[int]) -> list[str]:
    """The people the table needs, made with seed_demo unless they are there already; returns
    who was made, and how long each took."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    people = get_user_model().objects
    wanted = [(f"other-{number}", OTHER_ENTRIES, number + 10) for number in range(OTHER_PEOPLE)]
    wanted += [(f"big-{size}", size, 3) for size in sizes]
    password = secrets.token_urlsafe(16)
    made = []
    for username, entries, seed in wanted:
        if people.filter(username=username).exists():
            continue
        started = time.perf_counter()
        call_command(
            "seed_demo",
            username=username,
            password=password,
            entries=entries,
            seed=seed,
            stdout=io.StringIO(),
        )
        made.append(f"{username} in {time.perf_counter() - started:.0f} s")
    if made:
        from journal.models import Answer, Entry, EntryNote, Part, Run, Tag

        vacuum_analyze([Entry, Entry.tags.through, EntryNote, Run, Answer, Part, Tag, people.model])
    return made


def matches(person, word: str) -> int:
    from django.db import connection

    from journal.models import Entry

    entries = Entry.objects.kept().filter(user=person)
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery

        return entries.filter(search_vector=SearchQuery(word, config="english")).count()
    return entries.filter(search_text__icontains=word).count()


# Measuring and the table ------------------------------------------------------------------


def forget_sums(username: str):
    """Deletes the person's kept all-time sums, as any change to their runs makes them stale."""
    from journal.models import AllTimeSums

    def forget():
        AllTimeSums.objects.filter(user__username=username).delete()

    return forget


def ahead(page: Page, client, forget):
    """What runs ahead of the request whose queries are counted: for a visit after a change,
    the kept sums deleted; for any other page a request of its own, so a visit again is
    counted as one (the page counted before it may have deleted the sums)."""
    if page.afresh:
        return forget

    def visit():
        client.get(page)
        client.finish_request()

    return visit


def measure_everyone(sizes: list[int]) -> tuple[dict[int, dict], dict[int, tuple[int, int]]]:
    """For each size: each page's times (ms) and query count, and the entries with the common
    and the rare word. The sizes take turns, ROUNDS times over (a few requests of every page
    of every size each round), so a machine that gets busier partway through weighs on every
    column alike rather than on the last one."""
    from django.contrib.auth import get_user_model

    clients, chosen, found = {}, {}, {}
    for size in sizes:
        person = get_user_model().objects.get(username=f"big-{size}")
        clients[size] = LoggedInClient(person, htmx_target="load-more")
        chosen[size] = pages(clients[size])
        found[size] = (matches(person, COMMON_WORD), matches(person, RARE_WORD))
    times = {size: {page.label: [] for page in chosen[size]} for size in sizes}
    forget = {size: forget_sums(f"big-{size}") for size in sizes}
    try:
        for _ in range(ROUNDS):
            for size in sizes:
                for page in chosen[size]:
                    times[size][page.label] += measure(
                        clients[size],
                        page,
                        check,
                        warmup=WARMUP,
                        count=COUNT // ROUNDS,
                        seconds=SECONDS / ROUNDS,
                        before=forget[size] if page.afresh else None,
                    )
        by_size = {
            size: {
                page.label: (
                    times[size][page.label],
                    len(
                        capture_queries(
                            client, page, check, before=ahead(page, client, forget[size])
                        )
                    ),
                )
                for page in chosen[size]
            }
            for size, client in clients.items()
        }
    finally:
        for client in clients.values():
            client.client.logout()  # deletes its session
    return by_size, found


def table(by_size: dict[int, dict]) -> str:
    sizes = list(by_size)
    labels = list(max(by_size.values(), key=len))  # in the order measured
    floor_figures = by_size.get(FLOOR_SIZE, {})
    with_floor = FLOOR in floor_figures
    head = ["page", *(f"{size:,}" for size in sizes)]
    if with_floor:
        head.append(f"x floor ({FLOOR_SIZE:,})")
    lines = ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    for label in labels:
        cells = [label]
        for size in sizes:
            figures = by_size[size].get(label)
            cells.append(
                f"{statistics.median(figures[0]):.1f} ms / {figures[1]} q" if figures else "-"
            )
        if with_floor:
            page = floor_figures.get(label)
            floor = statistics.median(floor_figures[FLOOR][0])
            cells.append(f"{floor / statistics.median(page[0]):.2f}" if page else "-")
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> int:
    template = os.environ.get("BENCH_TEMPLATE", "")
    admin_url, why = bench_server()
    if admin_url:
        os.environ["DATABASE_URL"] = database_url(admin_url, DB_NAME)
        fresh_database(admin_url, DB_NAME, template)
    else:
        print(f"growth: {why}, so on SQLite")
        os.environ.pop("DATABASE_URL", None)  # a throwaway SQLite file
    temp_dir, _ = prepare_environment()
    try:
        import django

        django.setup()
        started = time.monotonic()
        set_up_database()
        made = make_people(SIZES)
        copied = f", a copy of {template}" if admin_url and template else ""
        print(f"Database: {describe_database(False)}{copied}")
        print(
            f"Setup {time.monotonic() - started:.0f} s; seeded: {', '.join(made) or 'nobody'}"
            f"; {ROUNDS} rounds of {WARMUP} warm-up and up to {COUNT // ROUNDS} counted requests "
            f"per page and size (up to {SECONDS:.0f} s a page in all, at least "
            f"{ROUNDS * MIN_COUNT} requests)"
        )
        print(f"At the start, {machine_load()}.")
        by_size, found = measure_everyone(SIZES)
    finally:
        from django.db import connections

        connections.close_all()
        if admin_url:
            drop_database(admin_url, DB_NAME)
        shutil.rmtree(temp_dir, ignore_errors=True)

    print()
    print(table(by_size))
    print()
    for word, index in ((COMMON_WORD, 0), (RARE_WORD, 1)):
        counts = " / ".join(f"{found[size][index]:,}" for size in SIZES)
        print(f"Entries with {word!r}: {counts}.")
    print(f"At the end, {machine_load()}.")
    counted = [len(times) for figures in by_size.values() for times, _ in figures.values()]
    print(
        f"Medians of {min(counted)} to {max(counted)} requests per cell, in-process, DEBUG off; "
        f"q = SQL queries of one request. Commit {commit_measured()}, "
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
