"""What the benchmarks here share: production-like settings, a database (a throwaway SQLite
file unless DATABASE_URL is set), the tables, the library and the static files; and for the
page benchmarks, timing, query capture and the report. Imported by the bench/*.py scripts;
not a benchmark itself (make bench skips files whose names start with "_"). The benches make
their people and journals with the tests' factories (tests/factories.py, importable once
prepare_environment() puts the project on sys.path) or with seed_demo, which uses them too."""

import io
import os
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
WARMUP = 10
COUNT = 100
MIN_COUNT = 5  # counted requests at the least, when measure() has a time budget
TARGET_MS = 50.0
TARGET_QUERIES = 10
TRANSACTION_WORDS = {"BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE"}


def prepare_environment() -> tuple[Path, bool]:
    """Production-like settings and a database, in os.environ before Django starts (a server
    started from the script inherits them). Returns a temporary folder for the SQLite file and
    any logs, and whether the database is one given in DATABASE_URL (not a throwaway file)."""
    temp_dir = Path(tempfile.mkdtemp(prefix="tend-bench-"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "compassion_site.settings"
    os.environ["DEBUG"] = "false"
    os.environ["SECRET_KEY"] = secrets.token_urlsafe(50)
    os.environ["ALLOWED_HOSTS"] = "127.0.0.1,localhost,testserver"
    os.environ["SECURE_SSL_REDIRECT"] = "false"
    given = bool(os.environ.get("DATABASE_URL"))
    if not given:
        os.environ["DATABASE_URL"] = f"sqlite:///{temp_dir / 'bench.sqlite3'}"
    sys.path.insert(0, str(PROJECT_DIR))
    return temp_dir, given


def describe_database(external: bool) -> str:
    from django.conf import settings

    database = settings.DATABASES["default"]
    engine = database["ENGINE"].rsplit(".", 1)[-1]
    if engine == "sqlite3":
        where = f"SQLite file {database['NAME']}"
    else:
        where = f"{engine}, database {database['NAME']} on {database['HOST']}:{database['PORT']}"
    return f"{where} (from DATABASE_URL)" if external else f"{where} (throwaway)"


def set_up_database() -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("sync_practices", stdout=io.StringIO())
    call_command("collectstatic", interactive=False, verbosity=0)


def narration_as_deployed() -> int:
    """Register each step's narration as `build_narration` leaves it on a deployed server
    (the README runs it after sync_practices on deploy), without speaking it: the key and a
    length, and no audio file, which the pages measured never fetch. Without this a bench
    database, made without Piper, would have no narration, and every step would ask for one
    that a real server has. Returns how many were registered."""
    from practices.listening import VOICE, spoken_text
    from practices.models import Narration, Practice, Step
    from practices.narration import still_to_make

    # The steps manage.py build_narration speaks: those of the library's current practices.
    library = Practice.objects.current().in_library()
    needed = still_to_make(Step.objects.filter(practice__in=library))
    Narration.objects.bulk_create(
        [
            Narration(
                key=key,
                file=f"narration/{key}.mp3",
                seconds=len(spoken_text(step).split()) / 2.5,  # about 2.5 words a second
                voice=VOICE,
            )
            for key, step in needed.items()
        ]
    )
    return len(needed)


def remove_people(prefix: str) -> None:
    """Delete the bench people and, with them, their runs, answers, entries and parts."""
    from django.contrib.auth import get_user_model

    get_user_model().objects.filter(username__startswith=prefix).delete()


def vacuum_analyze(models) -> None:
    """PostgreSQL: VACUUM ANALYZE these models' tables, as autovacuum would have done long
    before anyone had this much history (nothing to do on SQLite)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"VACUUM (ANALYZE) {connection.ops.quote_name(model._meta.db_table)}")


# Timing pages -----------------------------------------------------------------------------


class LoggedInClient:
    """django.test.Client, logged in as the bench person. A page with `htmx` set is asked for
    as htmx asks for it, targeting `htmx_target`."""

    def __init__(self, person, htmx_target: str):
        from django.test import Client

        self.client = Client()
        self.client.force_login(person)
        self.htmx_target = htmx_target

    def get(self, page):
        headers = {"HX-Request": "true", "HX-Target": self.htmx_target} if page.htmx else {}
        return self.client.get(page.path, headers=headers)

    def finish_request(self) -> None:
        """What request_finished does in a real server (the test client skips it)."""
        from django.db import close_old_connections

        close_old_connections()


def page_text(page, response) -> str:
    """The page's text, after stopping the bench unless it is a 200 and, as asked, a whole
    page or the htmx partial."""
    text = response.text if response.status_code == 200 else response.content.decode()[:600]
    if response.status_code != 200:
        raise RuntimeError(f"{page.label}: {page.path} answered {response.status_code}:\n{text}")
    if page.htmx and "<html" in text:
        raise RuntimeError(f"{page.label}: expected the htmx partial, got a whole page")
    if not page.htmx and "<html" not in text:
        raise RuntimeError(f"{page.label}: expected a whole page, got a fragment")
    return text


def measure(
    client,
    page,
    check,
    warmup: int = WARMUP,
    count: int = COUNT,
    seconds: float | None = None,
    before=None,
) -> list[float]:
    """`warmup` uncounted requests, then `count` counted ones; times in ms. `client` has
    get(page) and finish_request(); `check(page, response)` stops the bench on a wrong page.
    With `seconds`, counting stops once the counted requests have taken that long (after at
    least MIN_COUNT of them), so a slow page does not hold a bench up for minutes.
    `before()`, when given, runs ahead of each request, untimed."""
    times = []
    for number in range(warmup + count):
        if before:
            before()
        started = time.perf_counter()
        response = client.get(page)
        elapsed = time.perf_counter() - started
        client.finish_request()
        if number == 0:
            check(page, response)
        if number >= warmup:
            times.append(elapsed * 1000)
            if seconds and len(times) >= MIN_COUNT and sum(times) > seconds * 1000:
                break
    return times


def capture_queries(client, page, check, before=None) -> list[dict]:
    """The SQL of one request, without BEGIN, COMMIT and savepoints (`before()` runs first)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if before:
        before()
    with CaptureQueriesContext(connection) as queries:
        check(page, client.get(page))
    client.finish_request()
    return [
        query
        for query in queries.captured_queries
        if query["sql"].split(maxsplit=1)[0].upper() not in TRANSACTION_WORDS
    ]


def explain_slowest(queries: list[dict]) -> str:
    """The slowest query of a request and its plan (PostgreSQL), to see why a page is slow."""
    from django.db import connection

    slowest = max(queries, key=lambda query: float(query["time"]))
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {slowest['sql']}")
        plan = "\n".join(f"    {line}" for (line,) in cursor.fetchall())
    return (
        f"  slowest query ({float(slowest['time']) * 1000:.1f} ms):\n    {slowest['sql']}\n{plan}"
    )


# Output -----------------------------------------------------------------------------------


def row(label: str, values: list[float], queries: list[dict]) -> str:
    percentiles = statistics.quantiles(values, n=100, method="inclusive")
    figures = [statistics.median(values), percentiles[94], min(values)]
    sql_ms = sum(float(query["time"]) for query in queries) * 1000
    return (
        f"{label:<34} {len(values):>4} "
        + " ".join(f"{value:>8.2f}" for value in figures)
        + f" {len(queries):>8} {sql_ms:>7.0f}"
    )


def meets(values: list[float], queries: int) -> bool:
    return statistics.median(values) < TARGET_MS and queries <= TARGET_QUERIES


def verdict(label: str, values: list[float], queries: int) -> str:
    median = statistics.median(values)
    time_ok = "under" if median < TARGET_MS else "OVER"
    queries_ok = "within" if queries <= TARGET_QUERIES else "OVER"
    return (
        f"{label}: median {median:.2f} ms, {time_ok} the {TARGET_MS:.0f} ms target; "
        f"{queries} queries, {queries_ok} the limit of {TARGET_QUERIES}"
    )


def time_pages(client, pages, check) -> list[tuple]:
    """Time each page, count its queries, and on PostgreSQL explain a page that misses a
    target. Returns (page, times, queries, plan) for each."""
    from django.db import connection

    results = []
    for page in pages:
        times = measure(client, page, check)
        queries = capture_queries(client, page, check)
        plan = ""
        if connection.vendor == "postgresql" and not meets(times, len(queries)):
            plan = explain_slowest(queries)
        results.append((page, times, queries, plan))
    return results


def report(results) -> None:
    """The table of figures, then a verdict per page against the targets."""
    print()
    print(
        f"{'milliseconds':<34} {'n':>4} {'median':>8} {'p95':>8} {'min':>8} {'queries':>8} "
        f"{'in SQL':>7}"
    )
    for page, times, queries, _ in results:
        print(row(page.label, times, queries))
    print()
    for page, times, queries, plan in results:
        print(verdict(page.label, times, len(queries)))
        if plan:
            print(plan)
    print(
        "All pages meet the targets."
        if all(meets(times, len(queries)) for _, times, queries, _ in results)
        else "Some pages miss a target (see above)."
    )


# A database of a bench's own, on a PostgreSQL server -------------------------------------


def bench_server() -> tuple[str | None, str]:
    """The admin address of the PostgreSQL server named by BENCH_DATABASE_URL (or else
    LOAD_DATABASE_URL), pointing at its `postgres` database whatever database the address
    names; or None and why not (not set, or the server does not answer)."""
    import urllib.parse

    given = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("LOAD_DATABASE_URL")
    if not given:
        return None, "BENCH_DATABASE_URL is not set"
    parts = urllib.parse.urlsplit(given)
    admin_url = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    import psycopg

    try:
        with psycopg.connect(admin_url, connect_timeout=5):
            return admin_url, ""
    except psycopg.Error as error:
        why = str(error).strip().splitlines()[0]
        return None, f"PostgreSQL at BENCH_DATABASE_URL did not answer: {why}"


def database_url(admin_url: str, name: str) -> str:
    import urllib.parse

    parts = urllib.parse.urlsplit(admin_url)
    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))


def admin_sql(admin_url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(sql)


def fresh_database(admin_url: str, name: str, template: str = "") -> None:
    """Make the database `name` afresh: empty, or a copy of `template` (which PostgreSQL
    copies only while nobody is connected to it: tried for a minute)."""
    import psycopg

    drop_database(admin_url, name)
    if not template:
        admin_sql(admin_url, f"CREATE DATABASE {name}")
        return
    for attempt in range(30):
        try:
            admin_sql(admin_url, f'CREATE DATABASE {name} TEMPLATE "{template}"')
            return
        except psycopg.errors.ObjectInUse:
            if attempt == 29:
                raise
            time.sleep(2)


def drop_database(admin_url: str, name: str) -> None:
    admin_sql(admin_url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def commit_measured() -> str:
    """The commit checked out, and whether files git knows have changed since."""
    import subprocess

    def git(*args: str) -> str:
        return subprocess.run(  # noqa: S603
            ["git", "-C", str(PROJECT_DIR), *args],  # noqa: S607 (git from the path)
            capture_output=True,
            text=True,
        ).stdout.strip()

    head = git("rev-parse", "--short", "HEAD") or "unknown"
    changed = git("status", "--porcelain", "--untracked-files=no")
    return f"{head}{' with uncommitted changes' if changed else ''}"


def machine_load() -> str:
    """The load average against the cores, with a warning when other work competes."""
    load = os.getloadavg()[0]
    cores = os.cpu_count() or 1
    note = f"load average {load:.1f} on {cores} cores"
    if load > cores:
        note += ": other work is competing for the cores, so the figures are inflated and noisy"
    return note
