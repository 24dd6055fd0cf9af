"""The signed-in floor: what every signed-in page pays on top of /health/.

/health/ goes through the same middleware as every page and runs SELECT 1; it is the floor
that issue 18's throughput targets are measured against. A signed-in page pays more before its
own view does anything: the session and user queries, the middleware (shared device, time
zone, OTP, axes, messages, failed saves, CSP nonce), the context processors (care, way_back)
and base.html with its navigation, bottom bar, footer, icons and theme switch. This script
measures that extra, one after the other, for the same signed-in person:

1. /health/, signed in: the floor.
2. /help/crisis/, signed in: a near-empty page (its view renders a short template and reads
   nothing), so almost all of its time is what every signed-in page pays.
3. The same page's template alone: pages/crisis.html rendered with the request of (2) (its
   context processors included), no middleware and no URL resolving.

Each is timed in-process with time.perf_counter (django.test.Client logged in with
force_login; the template with Template.render); old connections are closed after each request,
outside the timing, as request_finished would. 10 warm-up rounds are not counted, the next
REPEATS (300 unless --repeats says) are. One more run of each is made under
CaptureQueriesContext to count and show its SQL
(BEGIN, COMMIT and savepoints not counted). The three are timed in turn, round by round, so
the machine's other work falls on each alike. "x floor" is each median over /health/'s (1.0 is the
floor itself); "floor/x" its inverse, the in-process proxy for "throughput against the floor"
that issue 18's targets are written in (0.35 for a practice step, 0.2 for the journal).

Setup, as in the other benches: production-like settings (DEBUG off), a throwaway SQLite file
unless DATABASE_URL is set, migrate, sync_practices, collectstatic; one bench person made with
the tests' factories (with --two-factor, a therapist with an authenticator app, signed in as
finishing a two-factor login leaves the session), deleted afterwards. Run from the project folder:

    DATABASE_URL=postgres://user:password@localhost:5432/tend .venv/bin/python \
        bench/signed_in_floor.py [--repeats N] [--sql] [--profile] [--two-factor]
"""

import argparse
import statistics
import subprocess
import time

from _common import (
    PROJECT_DIR,
    TRANSACTION_WORDS,
    WARMUP,
    describe_database,
    prepare_environment,
    remove_people,
    set_up_database,
)

PREFIX = "bench-floor-"
PAGE = "/help/crisis/"
TEMPLATE = "pages/crisis.html"


def commit() -> str:
    def git(*args: str) -> str:
        command = ["/usr/bin/git", *args]
        # A fixed command: git, asked about this checkout.
        done = subprocess.run(command, cwd=PROJECT_DIR, capture_output=True, text=True, check=False)  # noqa: S603
        return done.stdout.strip()

    dirty = " (with uncommitted changes)" if git("status", "--porcelain", "--", ".") else ""
    return git("rev-parse", "--short", "HEAD") + dirty


def without_transactions(captured: list[dict]) -> list[dict]:
    return [
        query
        for query in captured
        if query["sql"].split(maxsplit=1)[0].upper() not in TRANSACTION_WORDS
    ]


def timed(runs, finish, repeats: int) -> list[list[float]]:
    """Each run in turn, WARMUP + repeats rounds; the counted times of each, in ms. Taking
    them in turn, not one after the other, spreads the machine's other work over all three."""
    times = [[] for _ in runs]
    for number in range(WARMUP + repeats):
        for run, kept in zip(runs, times, strict=True):
            started = time.perf_counter()
            run()
            elapsed = time.perf_counter() - started
            finish()
            if number >= WARMUP:
                kept.append(elapsed * 1000)
    return times


def profile(run, finish, repeats: int) -> None:
    """cProfile `repeats` runs of the page; print the functions that took longest, inclusive
    and exclusive."""
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    for _ in range(repeats):
        profiler.enable()
        run()
        profiler.disable()
        finish()
    for order in ("cumulative", "tottime"):
        pstats.Stats(profiler).strip_dirs().sort_stats(order).print_stats(35)


def measurements(person, device=None) -> list[tuple]:
    """(label, run) for the floor, the signed-in page and its template alone; each run is
    checked once here, so a wrong answer stops the bench before anything is timed."""
    from django.db import close_old_connections
    from django.template.loader import get_template
    from django.test import Client

    client = Client()
    client.force_login(person)
    if device is not None:  # as finishing a two-factor login leaves the session
        from django_otp import DEVICE_ID_SESSION_KEY

        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()

    def get(path):
        def run():
            response = client.get(path)
            if response.status_code != 200:
                raise RuntimeError(f"{path} answered {response.status_code}")
            return response

        return run

    page_request = get(PAGE)().wsgi_request
    close_old_connections()
    template = get_template(TEMPLATE)

    def render():
        return template.render({}, page_request)

    if "Log out" not in render():
        raise RuntimeError("the template was not rendered for a signed-in person")
    return [
        ("/health/ (the floor)", get("/health/")),
        (f"{PAGE} signed in", get(PAGE)),
        (f"{TEMPLATE} alone", render),
    ]


def report(results, repeats: int, external: bool, show_sql: bool) -> None:
    print(f"commit {commit()}; {describe_database(external)}")
    print(f"{repeats} timed rounds after {WARMUP} warm-up ones; times in ms")
    print()
    print(
        f"{'':<30} {'median':>8} {'p95':>8} {'p10':>8} {'min':>8} {'queries':>8} {'x floor':>8} "
        f"{'floor/x':>8}"
    )
    floor = statistics.median(results[0][1])
    for label, times, queries in results:
        median = statistics.median(times)
        percentiles = statistics.quantiles(times, n=100, method="inclusive")
        p95, p10 = percentiles[94], percentiles[9]
        print(
            f"{label:<30} {median:>8.2f} {p95:>8.2f} {p10:>8.2f} {min(times):>8.2f} "
            f"{len(queries):>8} {median / floor:>8.2f} {floor / median:>8.2f}"
        )
    print()
    page_extra = statistics.median(results[1][1]) - floor
    print(f"a signed-in page pays {page_extra:.2f} ms over /health/ before its own work")
    print('("floor/x" is the in-process proxy for throughput against the floor; on a busy')
    print("machine the medians swing with other work, and p10 and min say more)")
    if show_sql:
        for label, _, queries in results:
            print(f"\n{label}:")
            for query in queries:
                print(f"  {query['sql'][:200]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=300)
    parser.add_argument("--sql", action="store_true", help="print each measurement's SQL")
    parser.add_argument(
        "--profile", action="store_true", help="cProfile the signed-in page and print the top"
    )
    parser.add_argument(
        "--two-factor",
        action="store_true",
        help="sign in a therapist with two-factor on (as every therapist has), not a person",
    )
    arguments = parser.parse_args()

    _, external = prepare_environment()
    import django

    django.setup()
    from django.db import close_old_connections, connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import TherapistFactory, TwoFactorDeviceFactory, UserFactory

    set_up_database()
    remove_people(PREFIX)
    device = None
    if arguments.two_factor:
        person = TherapistFactory(username=f"{PREFIX}therapist", time_zone="Europe/London")
        device = TwoFactorDeviceFactory(user=person)
    else:
        person = UserFactory(username=f"{PREFIX}person", time_zone="Europe/London")
    try:
        runs = measurements(person, device)
        all_times = timed([run for _, run in runs], close_old_connections, arguments.repeats)
        results = []
        for (label, run), times in zip(runs, all_times, strict=True):
            with CaptureQueriesContext(connection) as captured:
                run()
            close_old_connections()
            results.append((label, times, without_transactions(captured.captured_queries)))
        if arguments.profile:
            profile(runs[1][1], close_old_connections, arguments.repeats)
    finally:
        remove_people(PREFIX)
    print("signed in: " + ("a therapist with two-factor" if device else "a person"))
    report(results, arguments.repeats, external, arguments.sql)


if __name__ == "__main__":
    main()
