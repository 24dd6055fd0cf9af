"""How long the progress dashboard takes for someone with three years of daily practice.

The dashboard at /progress/ (progress.views.progress_page, its numbers from progress/queries.py)
shows what a person's practice has been like over a range of days: days practised, a calendar
of the past weeks, the balance across the six skills and the modalities, distress before and
after over time, what seems to help and the hard moments. The range is chosen with links that
htmx follows, swapping only the dashboard's body. Someone who practises daily has a finished
run a day for years; the page must stay quick for them however long the range. The targets,
on PostgreSQL: a median under 50 ms of server time and at most 10 SQL queries per page.

Measured, one after the other, for the same person:

1. default range: GET /progress/, the whole page (the past 90 days).
2. 30 days: /progress/?range=30.
3. a year: /progress/?range=365.
4. all time: /progress/?range=all (every finished run, about 1,100).
5. all time, htmx: /progress/?range=all with HX-Request: true and HX-Target: progress-body,
   as htmx sends it when a range link is pressed: the dashboard's body alone.

Each is requested in-process with django.test.Client, logged in with force_login, and timed
with time.perf_counter around the request: the server's own time (middleware, view, queries,
template) without a network or WSGI server. The test client keeps the database connection
open between requests, unlike a real server; the script closes old connections after each
request (outside the timing), as Django's request_finished handler would. Every response is
checked before anything is timed: status 200 and the heading "Balance across the six skills"
on the page, a whole page (with <html) for a plain request and the partial (without it) for
the htmx one; a wrong page stops the script. 10 warm-up requests per page are not counted;
the next 100 are. One more request per page runs under CaptureQueriesContext to count its
SQL queries (BEGIN, COMMIT and savepoints not counted). On PostgreSQL, for a page that misses
a target, the slowest query of that request is printed with its EXPLAIN ANALYZE plan.

Setup is done here, as in journal_pages.py: production-like settings (DEBUG off, a random
SECRET_KEY, no SSL redirect), collectstatic into STATIC_ROOT (staticfiles/, git-ignored)
because DEBUG off uses the manifest storage, a throwaway SQLite file in a temporary folder
unless DATABASE_URL is already set (PostgreSQL, say; the bench people are deleted from it
afterwards), migrate, sync_practices. The data is made here with bulk_create, using
seed_demo's Demo to write each run as the step flow would have saved it: the bench person
(time zone Europe/London) with three years of practice, going back 1,100 days from yesterday
with one finished run on most days, two on some and none on others (about 1,100 runs), each
of a self-guided library practice at an everyday hour, with an answer for every step but the
read-only ones (the library's practices have 4 to 8 such steps, so about 7,000 answers, each
with its step's snapshot; the dashboard reads none of them) and its journal entry (created
when the run finished, search text and preview filled in as the app fills them).
Distress before and after is given on most runs; on about one in twelve the check-out was
left out, on a few the check-in too; about one in twenty is a hard moment. 5 other people
have 200 runs each, so the tables are not one person's alone. The time seeding took is
printed. On PostgreSQL the journal's tables are then VACUUM ANALYZEd, as autovacuum would
have done long before anyone had three years of practice: straight after a bulk load the
planner has no statistics for the new rows, which gives plans (and times) a settled database
never sees.

A long history, as the people of a seeded database have it (seed_demo's big-1000, big-10000
and big-100000: some 750, 7,500 and 75,000 finished runs; the last reaches back well over a
century): set PROGRESS_BENCH_PEOPLE to their usernames, with DATABASE_URL naming a COPY of that
database (logging in writes a session and last_login, so never the shared original). Then
nothing is seeded or deleted; each person's pages are timed as above, all time included, and
/health/ beside them (the same middleware and a SELECT 1): "floor / page" is its median over
the page's, the in-process stand-in for throughput against the floor (the issue asks 0.2 of
it for the default range).

    createdb -T tend_big tend_mine   # a copy: nobody may be connected to tend_big
    DATABASE_URL=postgres://user:password@localhost:5432/tend_mine \
        PROGRESS_BENCH_PEOPLE=big-1000,big-10000,big-100000 \
        .venv/bin/python bench/progress_dashboard.py

Run it from the project folder, with nothing else prepared:

    .venv/bin/python bench/progress_dashboard.py
    DATABASE_URL=postgres://user:password@localhost:5432/tend \
        .venv/bin/python bench/progress_dashboard.py

or `make bench`, which runs every bench/*.py in turn.

Reading the output: one row per page, times in milliseconds. "median" is the typical request,
"p95" the slow tail (one in twenty is slower), "min" the best case, "n" how many requests were
timed, "queries" the SQL queries of one request and "in SQL" the time they took (to the
millisecond, as Django records it), which tells the database's share from Python's. Each
label gives the finished runs in its range, counted here with the ORM. Below the table:
whether each page meets the targets, and for a page on PostgreSQL that misses one, its
slowest query with the plan. Figures vary with the machine (and with whatever else it is
doing); compare runs on the same machine.
"""

import os
import random
import secrets
import shutil
import statistics
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from _common import (
    COUNT,
    WARMUP,
    LoggedInClient,
    describe_database,
    measure,
    page_text,
    prepare_environment,
    remove_people,
    report,
    set_up_database,
    time_pages,
    vacuum_analyze,
)

DAYS = 1_100  # about three years, back from yesterday
RUNS_A_DAY = ([0, 1, 2], [1, 8, 1])  # choices and their weights: one a day on average
OTHER_PEOPLE = 5
OTHER_RUNS = 200
NO_CHECK_IN = 0.02  # neither check-in nor check-out
NO_CHECK_OUT = 0.08  # the check-out left out (this share includes NO_CHECK_IN)
TIME_ZONE = "Europe/London"
BATCH_SIZE = 1000
HEADING = "Balance across the six skills"


# The data ---------------------------------------------------------------------------------


def practice_times(rng: random.Random, days: int, now: datetime, most: int | None = None):
    """When runs finished, newest first: RUNS_A_DAY a day for `days` days back from
    yesterday (stopping at `most` runs), at everyday hours in the person's time zone."""
    from zoneinfo import ZoneInfo

    from compassion_site.management.commands.seed_demo import TIMES_OF_DAY

    zone = ZoneInfo(TIME_ZONE)
    today = now.astimezone(zone).date()
    times = []
    for days_back in range(1, days + 1):
        day = today - timedelta(days=days_back)
        slots = sorted(rng.sample(TIMES_OF_DAY, rng.choices(*RUNS_A_DAY)[0]), reverse=True)
        for first, last in slots:
            hour, minute = rng.randint(first, last), rng.randint(0, 59)
            times.append(datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone))
        if most is not None and len(times) >= most:
            return times[:most]
    return times


def leave_out_check_ins(rng: random.Random, run) -> None:
    """Now and then the check-out (or both check-ins) went unanswered; the hard moment is
    then only what is left of it, as finish_run decides."""
    from journal.services import HARD_MOMENT_RISE

    chance = rng.random()
    if chance >= NO_CHECK_OUT:
        return
    run.distress_after, run.feeling_after, run.stirred_up = None, "", False
    if chance < NO_CHECK_IN:
        run.distress_before, run.feeling_before = None, ""
    rise = run.distress_change
    run.hard_moment = run.stirred_up or (rise is not None and rise >= HARD_MOMENT_RISE)


def make_person(username: str, seed: int, days: int, most: int | None = None):
    """One person with finished runs, their answers and entries, all with bulk_create.
    Returns the person."""
    from django.db import transaction
    from django.db.models import F
    from django.utils import timezone

    from compassion_site.management.commands.seed_demo import PARTS, Demo, fill_search
    from journal.models import Answer, Entry, Part, Run
    from practices.models import Practice
    from tests.factories import PartFactory, UserFactory

    practices = list(Practice.objects.for_library().order_by("slug").prefetch_related("steps"))
    if not practices:
        raise RuntimeError("No library practices: sync_practices made none")
    rng = random.Random(seed)  # bench data, not secrets
    with transaction.atomic():
        person = UserFactory(
            username=username,
            email=f"{username}@example.com",
            password=secrets.token_urlsafe(16),
            time_zone=TIME_ZONE,
        )
        demo = Demo(person, practices, rng, timezone.now())
        demo.parts = Part.objects.bulk_create(
            PartFactory.build(user=person, name=name, description=description)
            for name, description in PARTS
        )
        planned = [
            demo.practice_run(finished_at)
            for finished_at in practice_times(rng, days, demo.now, most)
        ]
        for item in planned:
            leave_out_check_ins(rng, item.run)
            fill_search(item)
        Run.objects.bulk_create([item.run for item in planned], batch_size=BATCH_SIZE)
        Answer.objects.bulk_create(
            [answer for item in planned for answer in item.answers], batch_size=BATCH_SIZE
        )
        Entry.objects.bulk_create([item.entry for item in planned], batch_size=BATCH_SIZE)
        # Runs were last touched when they finished.
        Run.objects.filter(user=person).update(updated_at=F("finished_at"))
    return person


def make_people(prefix: str):
    """The bench person with DAYS days of practice, and others with OTHER_RUNS runs each.
    Returns the bench person and the seconds their practice took to make."""
    started = time.perf_counter()
    person = make_person(prefix, seed=1, days=DAYS)
    seconds = time.perf_counter() - started
    for number in range(OTHER_PEOPLE):
        make_person(f"{prefix}-{number}", seed=number + 2, days=DAYS, most=OTHER_RUNS)
    return person, seconds


def settle_tables() -> None:
    """PostgreSQL: VACUUM ANALYZE the journal's tables, as autovacuum would have long before
    anyone had three years of practice. Straight after a bulk load the planner has no
    statistics for the new rows, so plans are not the ones a settled database gets."""
    from django.contrib.auth import get_user_model

    from journal.models import Answer, Entry, Part, Run
    from practices.models import Practice

    vacuum_analyze([Run, Answer, Entry, Part, Practice, get_user_model()])


# The pages --------------------------------------------------------------------------------


@dataclass
class Page:
    label: str
    path: str
    htmx: bool = False  # the range switch: the dashboard's body alone


def runs_in_range(person, days: int | None) -> int:
    """Finished runs in the past `days` of the person's own days (all when None), counted
    with the ORM, independently of progress/queries.py."""
    from zoneinfo import ZoneInfo

    from django.utils import timezone

    from journal.models import Run

    runs = Run.objects.filter(user=person, status=Run.Status.FINISHED)
    if days is not None:
        zone = ZoneInfo(person.time_zone or TIME_ZONE)
        first = timezone.now().astimezone(zone).date() - timedelta(days=days - 1)
        runs = runs.filter(
            finished_at__gte=datetime(first.year, first.month, first.day, tzinfo=zone)
        )
    return runs.count()


def pages(person) -> list[Page]:
    def runs(days: int | None) -> str:
        return f"{runs_in_range(person, days):,} runs"

    return [
        Page(f"default, 90 days ({runs(90)})", "/progress/"),
        Page(f"range=30 ({runs(30)})", "/progress/?range=30"),
        Page(f"range=365 ({runs(365)})", "/progress/?range=365"),
        Page(f"range=all ({runs(None)})", "/progress/?range=all"),
        Page(f"range=all, htmx ({runs(None)})", "/progress/?range=all", htmx=True),
    ]


def check(page: Page, response) -> None:
    """Stop unless the page is a 200 showing the dashboard, whole or as the htmx partial."""
    text = page_text(page, response)
    if HEADING not in text:
        raise RuntimeError(f"{page.label}: {page.path} has no {HEADING!r}")


@dataclass
class Floor:
    label: str = "/health/ (the floor)"
    path: str = "/health/"
    htmx: bool = False


def check_floor(page, response) -> None:
    if response.status_code != 200:
        raise RuntimeError(f"{page.path} answered {response.status_code}")


def time_seeded_people(usernames: list[str]) -> None:
    """Time the dashboard for people already in the database (PROGRESS_BENCH_PEOPLE), with
    /health/ beside each, and print the ratio of the floor to each page."""
    from django.contrib.auth import get_user_model

    print(f"{WARMUP} warm-up and {COUNT} timed requests per page; DEBUG off")
    for username in usernames:
        person = get_user_model().objects.get(username=username)
        client = LoggedInClient(person, htmx_target="progress-body")
        floor = statistics.median(measure(client, Floor(), check_floor))
        results = time_pages(client, pages(person), check)
        client.client.logout()
        print(f"\n{username} ({person.time_zone}); /health/ median {floor:.2f} ms")
        report(results)
        for page, times, _, _ in results:
            print(f"floor / page, {page.label}: {floor / statistics.median(times):.3f}")


def main() -> None:
    temp_dir, external = prepare_environment()
    import django

    django.setup()
    from django.db import connections

    from journal.models import Answer, Run

    prefix = f"bench-{secrets.token_hex(4)}"
    print(f"Database: {describe_database(external)}")
    seeded = [name for name in os.environ.get("PROGRESS_BENCH_PEOPLE", "").split(",") if name]
    if seeded:
        if not external:
            raise SystemExit("PROGRESS_BENCH_PEOPLE needs DATABASE_URL (a copy of a seeded one)")
        try:
            time_seeded_people(seeded)
        finally:
            connections.close_all()
            shutil.rmtree(temp_dir, ignore_errors=True)
        return
    try:
        set_up_database()
        person, seconds = make_people(prefix)
        settle_tables()
        runs = Run.objects.filter(user=person, status=Run.Status.FINISHED)
        answers = Answer.objects.filter(run__user=person)
        print(
            f"Seeded {runs.count():,} finished runs over {DAYS:,} days with "
            f"{answers.count():,} answers and an entry each for the bench person in "
            f"{seconds:.1f} s; {OTHER_PEOPLE} others with {OTHER_RUNS} runs each; DEBUG off"
        )
        print(f"{WARMUP} warm-up and {COUNT} timed requests per page")
        dashboard = LoggedInClient(person, htmx_target="progress-body")
        results = time_pages(dashboard, pages(person), check)
        dashboard.client.logout()  # deletes its session
    finally:
        if external:
            remove_people(prefix)
        connections.close_all()
        shutil.rmtree(temp_dir, ignore_errors=True)

    report(results)


if __name__ == "__main__":
    main()
