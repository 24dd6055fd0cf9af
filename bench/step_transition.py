"""How long a step transition takes: save a step's answer and render the next step.

This is what happens each time a person presses Next or Back in a practice: the view checks
the run, saves a write step's answer (about 600 characters) and renders the next step as the
htmx partial that replaces the step panel. The target is a median under 15 ms of server time.

It is measured twice, one after the other:

1. In-process: django.test.Client posts to /journal/runs/<id>/steps/<key>/ with
   HX-Request: true, timed with time.perf_counter around each post. This is the server's
   own time (middleware, view, queries, template) without any network or WSGI server.
   The test client keeps the database connection open between requests, unlike a real
   server; the script closes it after each request (outside the timing) as Django's
   request_finished handler would, so each request pays for its connection as in production.
   One extra Next and one extra Back run under CaptureQueriesContext to count SQL queries.
2. Over HTTP: the real app under gunicorn (one sync worker) on a free port on 127.0.0.1,
   driven with urllib. The round trip is what a client waits for, including a new TCP
   connection per request; the server time comes from gunicorn's access log (%(D)s, the
   time from reading the request to finishing the response).

3. Against the floor, in-process: the same client asks in turn for /health/ (the framework
   floor: the same middleware, SELECT 1), the step as the htmx partial, the whole step page,
   and a step's POST (Next or Back as above), in rounds, so that a busy machine slows each
   alike. The ratio is the floor's median over the page's: the share of the floor's
   throughput one worker would keep on that page (the target for a step is 0.35 or more).

Both modes walk a fresh run of "msc-self-compassion-break" to its step "notice", then go back
and forth between its two neighbouring write steps: Next from "notice" to "not-alone", Back
from "not-alone" to "notice", each post saving new words. 20 warm-up transitions are not
counted; the next 300 are (150 each way).

Setup is done here: production-like settings (DEBUG off, a random SECRET_KEY, no SSL
redirect), collectstatic into STATIC_ROOT (staticfiles/, git-ignored) because DEBUG off uses
the manifest storage, a throwaway SQLite file in a temporary folder unless DATABASE_URL is
already set (PostgreSQL, say; the bench data is deleted from it afterwards), migrate,
sync_practices, and background data: the bench person with 40 finished runs, and 20 other
people with 10 finished runs each, every run with its answers and journal entry.

Run it from the project folder, with nothing else prepared:

    .venv/bin/python bench/step_transition.py
    DATABASE_URL=postgres://user:password@localhost:5432/tend \
        .venv/bin/python bench/step_transition.py

or `make bench`, which runs every bench/*.py in turn.

Reading the output: one row per measurement, times in milliseconds. "median" is the typical
transition, "p90"/"p95" the slow tail (one in ten, one in twenty is slower), "min" the best
case, "n" how many transitions were timed. Below the table: the SQL queries of one Next and
one Back (BEGIN/COMMIT counted apart), and whether the in-process and gunicorn server
medians are under the 15 ms target; then the table against the floor. Figures vary with the
machine; compare runs on the same machine.
"""

import os
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path

from _common import (
    PROJECT_DIR,
    describe_database,
    prepare_environment,
    remove_people,
    set_up_database,
)

GUNICORN = PROJECT_DIR / ".venv" / "bin" / "gunicorn"

SLUG = "msc-self-compassion-break"
STEP_A = "notice"  # write step; Next goes to STEP_B
STEP_B = "not-alone"  # write step; Back goes to STEP_A
# The steps before STEP_A, with what a person might answer, to walk a new run there.
WALK = [
    ("check-in", {"distress": "6", "feeling": "tense"}),
    ("welcome", {}),
    ("difficulty", {"text": "I snapped at a colleague in the meeting and keep replaying it."}),
    ("how-much", {"rating": "6"}),
]
WARMUP = 20
COUNT = 300
TARGET_MS = 15.0
HTTP_TIMEOUT = 10  # seconds, for each request
SERVER_START_TIMEOUT = 30  # seconds
OTHER_PEOPLE = 20
RUNS_EACH = 10
OWN_RUNS = 40
TRANSACTION_WORDS = {"BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE"}
FLOOR_ROUNDS = 5  # rounds of the floor comparison; each asks every page FLOOR_EACH times
FLOOR_EACH = 40
FLOOR_TARGET = 0.35

ANSWER = (
    "I keep going over the conversation with my manager this afternoon. She asked a simple "
    "question about the report and I froze, then said something defensive that I didn't "
    "mean. Afterwards I sat at my desk with a hot face, telling myself I'm hopeless at this "
    "job and that everyone can see I'm out of my depth. Part of me knows that isn't fair: "
    "I've slept badly all week, the deadline moved twice, and I did most of that report on "
    "my own. Still, the critical voice is loud. Tomorrow I'd like to go back, say sorry for "
    "the tone, and answer her question properly, without making it a big thing."
)


def make_people(prefix: str):
    """The bench person, and others, with finished runs and answers so the tables aren't
    empty. Returns the bench person."""
    import random

    from django.db import transaction
    from django.utils import timezone

    from journal.models import CHECK_OUT, Answer, Entry, Run
    from practices.models import Practice, StepKind
    from tests.factories import AnswerFactory, EntryFactory, RunFactory, UserFactory

    rng = random.Random(7)
    practices = list(Practice.objects.for_library().prefetch_related("steps"))
    with transaction.atomic():
        # No password: the bench logs them in with a session of its own.
        person = UserFactory(username=prefix, password=None)
        others = [UserFactory(username=f"{prefix}-{n}", password=None) for n in range(OTHER_PEOPLE)]
        answers, entries = [], []
        for owner, count in [(person, OWN_RUNS), *((other, RUNS_EACH) for other in others)]:
            for _ in range(count):
                practice = rng.choice(practices)
                run = RunFactory(
                    user=owner,
                    practice=practice,
                    status=Run.Status.FINISHED,
                    current_step=CHECK_OUT,
                    distress_before=rng.randint(3, 9),
                    feeling_before="worried",
                    distress_after=rng.randint(1, 7),
                    feeling_after="calmer",
                    finished_at=timezone.now(),
                )
                entries.append(
                    EntryFactory.build(user=owner, run=run, title=practice.title, body="")
                )
                for step in practice.steps.all():
                    if step.kind in (StepKind.READ, StepKind.TIMER):
                        continue
                    answer = AnswerFactory.build(run=run, step=step)
                    if step.kind == StepKind.WRITE:
                        answer.text = ANSWER[: rng.randint(150, len(ANSWER))]
                    elif step.kind == StepKind.RATE:
                        answer.rating = rng.randint(0, 10)
                    elif step.kind == StepKind.CHOOSE:
                        answer.choices = step.options[:1]
                    else:
                        answer.part_name = "the Critic"
                    answers.append(answer)
        Answer.objects.bulk_create(answers, batch_size=500)
        Entry.objects.bulk_create(entries, batch_size=500)
    return person


# Two ways to send the same requests -------------------------------------------------------


@dataclass
class Reply:
    status: int
    location: str
    text: str


class InProcess:
    """django.test.Client, logged in, sending the CSRF token as htmx does."""

    def __init__(self, person):
        from django.test import Client

        self.client = Client(enforce_csrf_checks=True)
        self.client.force_login(person)
        self.request("GET", "/")  # sets the CSRF cookie

    def request(self, method: str, path: str, data=None, htmx: bool = False) -> Reply:
        from django.conf import settings

        extra = {"HTTP_HX_REQUEST": "true"} if htmx else {}
        if method == "POST":
            extra["HTTP_X_CSRFTOKEN"] = self.client.cookies[settings.CSRF_COOKIE_NAME].value
            # Form-encoded, as htmx and a browser's form send it (and the HTTP client below),
            # not the test client's default multipart, which costs more to parse.
            body = urllib.parse.urlencode(data or {}, doseq=True)
            content_type = "application/x-www-form-urlencoded"
            response = self.client.post(path, body, content_type=content_type, **extra)
        else:
            response = self.client.get(path, **extra)
        return Reply(response.status_code, response.get("Location", ""), response.text)

    def finish_request(self) -> None:
        """What request_finished does in a real server (the test client skips it)."""
        from django.db import close_old_connections

        close_old_connections()


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect comes back as an HTTPError and is answered as it is


class OverHttp:
    """urllib against the server on 127.0.0.1, with a cookie jar of its own."""

    def __init__(self, port: int, cookies: dict[str, str]):
        self.port = port
        self.cookies = dict(cookies)
        # No proxies: the requests go to 127.0.0.1 and nowhere else.
        self.opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), NoRedirects())

    def request(self, method: str, path: str, data=None, htmx: bool = False) -> Reply:
        from django.conf import settings

        headers = {"Cookie": "; ".join(f"{name}={value}" for name, value in self.cookies.items())}
        body = None
        if method == "POST":
            body = urllib.parse.urlencode(data or {}, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"http://127.0.0.1:{self.port}"
            headers["X-CSRFToken"] = self.cookies.get(settings.CSRF_COOKIE_NAME, "")
        if htmx:
            headers["HX-Request"] = "true"
        url = f"http://127.0.0.1:{self.port}{path}"
        request = urllib.request.Request(url, body, headers, method=method)
        try:
            with self.opener.open(request, timeout=HTTP_TIMEOUT) as response:
                reply_headers = response.headers
                reply = Reply(response.status, "", response.read().decode())
        except urllib.error.HTTPError as error:
            reply_headers = error.headers
            reply = Reply(error.code, "", error.read().decode())
            error.close()
        reply.location = reply_headers.get("Location", "")
        for header in reply_headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return reply

    def finish_request(self) -> None:
        pass


# The transitions --------------------------------------------------------------------------


def step_path(run_id: int, key: str) -> str:
    return f"/journal/runs/{run_id}/steps/{key}/"


def shows_step(reply: Reply, run_id: int, key: str) -> int:
    """Check the reply is the htmx partial of step `key`; return the revision it carries."""
    if reply.status != 200 or f'hx-post="{step_path(run_id, key)}"' not in reply.text:
        raise RuntimeError(f"expected step {key!r} (200), got {reply.status}: {reply.text[:300]}")
    if "<html" in reply.text:
        raise RuntimeError("expected the step partial, got a whole page")
    found = re.search(r'name="revision" value="(\d+)"', reply.text)
    return int(found.group(1)) if found else 0


def start_run(transport) -> tuple[int, int]:
    """Start a run as the library page does and walk it to STEP_A, as htmx would; return
    the run's id and STEP_A's revision."""
    reply = transport.request("POST", f"/journal/runs/start/{SLUG}/")
    begun = re.search(r"/journal/runs/(\d+)/steps/[^/]+/$", reply.location or "")
    if begun and not reply.location.endswith("/check-in/"):
        # Begin picked up the run the in-process part left under way (one run per practice):
        # "Start again" lets it go and begins afresh, as a person would.
        again = f"/journal/runs/{begun.group(1)}/start-again/"
        reply = transport.request("POST", again, {"practice": SLUG})
    found = re.search(r"/journal/runs/(\d+)/steps/check-in/$", reply.location or "")
    if reply.status != 303 or not found:
        raise RuntimeError(f"starting a run: expected 303 to its check-in, got {reply}")
    run_id = int(found.group(1))
    revision = 0
    keys = [key for key, _ in WALK] + [STEP_A]
    for (key, answer), following in zip(WALK, keys[1:], strict=True):
        data = {"action": "next", "revision": revision, **answer}
        reply = transport.request("POST", step_path(run_id, key), data, htmx=True)
        revision = shows_step(reply, run_id, following)
    transport.finish_request()
    return run_id, revision


def transition(transport, run_id: int, key: str, revision: int, number: int):
    """One Next (from STEP_A) or Back (from STEP_B), saving new words; returns the seconds
    it took, the step now shown and its revision."""
    action, target = ("next", STEP_B) if key == STEP_A else ("back", STEP_A)
    data = {"action": action, "revision": revision, "text": f"{ANSWER} ({number})"}
    started = time.perf_counter()
    reply = transport.request("POST", step_path(run_id, key), data, htmx=True)
    elapsed = time.perf_counter() - started
    transport.finish_request()
    return elapsed, target, shows_step(reply, run_id, target)


def measure(transport, run_id: int, revision: int) -> dict[str, list[float]]:
    """WARMUP uncounted transitions, then COUNT counted ones; times in ms by action."""
    times = {"next": [], "back": []}
    key = STEP_A
    for number in range(WARMUP + COUNT):
        action = "next" if key == STEP_A else "back"
        elapsed, key, revision = transition(transport, run_id, key, revision, number)
        if number >= WARMUP:
            times[action].append(elapsed * 1000)
    return times


def count_queries(transport: InProcess, run_id: int) -> dict[str, tuple[int, int]]:
    """SQL queries of one Next and one Back, after the timed ones: (all, of which BEGIN,
    COMMIT and savepoints)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    key = STEP_A
    revision = shows_step(transport.request("GET", step_path(run_id, key), htmx=True), run_id, key)
    transport.finish_request()
    counts = {}
    for action in ("next", "back"):
        with CaptureQueriesContext(connection) as queries:
            _, key, revision = transition(transport, run_id, key, revision, WARMUP + COUNT)
        statements = [query["sql"].split(maxsplit=1)[0].upper() for query in queries]
        control = sum(word in TRANSACTION_WORDS for word in statements)
        counts[action] = (len(statements), control)
    return counts


class FloorAsks:
    """The four requests compared with the floor, on one run walked to STEP_A."""

    def __init__(self, transport: InProcess, run_id: int):
        self.transport, self.run_id = transport, run_id
        self.key, self.number = STEP_A, 0
        reply = transport.request("GET", step_path(run_id, self.key), htmx=True)
        self.revision = shows_step(reply, run_id, self.key)
        transport.finish_request()

    def health(self):
        reply = self.transport.request("GET", "/health/")
        if reply.status != 200:
            raise RuntimeError(f"/health/ answered {reply.status}")

    def partial(self):
        reply = self.transport.request("GET", step_path(self.run_id, self.key), htmx=True)
        shows_step(reply, self.run_id, self.key)

    def page(self):
        reply = self.transport.request("GET", step_path(self.run_id, self.key))
        if reply.status != 200 or "<html" not in reply.text:
            raise RuntimeError(f"expected the whole step page, got {reply.status}")

    def post(self):
        self.number += 1
        _, self.key, self.revision = transition(
            self.transport, self.run_id, self.key, self.revision, self.number
        )


def against_the_floor(transport: InProcess, run_id: int) -> dict[str, list[float]]:
    """Times (ms) of /health/, the step's htmx partial, the whole step page and a step's POST,
    asked in turn, FLOOR_ROUNDS rounds of FLOOR_EACH each (the first of each round uncounted)."""
    asks = FloorAsks(transport, run_id)
    labelled = {
        "/health/ (the floor)": asks.health,
        "step GET, htmx partial": asks.partial,
        "step GET, whole page": asks.page,
        "step POST (Next or Back)": asks.post,
    }
    times = {label: [] for label in labelled}
    for _ in range(FLOOR_ROUNDS):
        for label, ask in labelled.items():
            for number in range(FLOOR_EACH + 1):
                started = time.perf_counter()
                ask()
                elapsed = time.perf_counter() - started
                transport.finish_request()
                if number:
                    times[label].append(elapsed * 1000)
    return times


# The server -------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_serving(server: subprocess.Popen, transport: OverHttp, log: Path) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while True:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn stopped at start-up:\n{log.read_text()[-2000:]}")
        try:
            transport.request("GET", "/")  # also sets the CSRF cookie
            return
        except (urllib.error.URLError, OSError):
            if time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not answer in {SERVER_START_TIMEOUT} s") from None
            time.sleep(0.1)


def run_over_http(person, temp_dir: Path) -> tuple[dict[str, list[float]], list[float]]:
    """Round-trip times by action, and gunicorn's own times for the same requests (ms)."""
    from django.conf import settings
    from django.test import Client

    login = Client()
    login.force_login(person)
    cookies = {settings.SESSION_COOKIE_NAME: login.cookies[settings.SESSION_COOKIE_NAME].value}

    port = free_port()
    access_log = temp_dir / "access.log"
    server_log = temp_dir / "gunicorn.log"
    command = [
        str(GUNICORN),
        "compassion_site.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "1",
        "--chdir",
        str(PROJECT_DIR),
        "--access-logfile",
        str(access_log),
        "--access-logformat",
        "%(m)s %(U)s %(s)s %(D)s",
    ]
    with server_log.open("w") as output:
        server = subprocess.Popen(  # noqa: S603 (a fixed command: our own gunicorn)
            command, env=dict(os.environ), stdout=output, stderr=subprocess.STDOUT
        )
    try:
        transport = OverHttp(port, cookies)
        wait_until_serving(server, transport, server_log)
        run_id, revision = start_run(transport)
        times = measure(transport, run_id, revision)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)
        login.logout()

    # Gunicorn's access log, in request order: keep the counted transitions of this run.
    paths = {step_path(run_id, STEP_A), step_path(run_id, STEP_B)}
    server_times = []
    for line in access_log.read_text().splitlines():
        method, path, status, microseconds = line.split()
        if method == "POST" and path in paths and status == "200":
            server_times.append(int(microseconds) / 1000)
    if len(server_times) != WARMUP + COUNT:
        raise RuntimeError(f"access log has {len(server_times)} transitions, not {WARMUP + COUNT}")
    return times, server_times[WARMUP:]


# Output -----------------------------------------------------------------------------------


def row(label: str, values: list[float]) -> str:
    percentiles = statistics.quantiles(values, n=100, method="inclusive")
    figures = [statistics.median(values), percentiles[89], percentiles[94], min(values)]
    return f"{label:<34} {len(values):>4} " + " ".join(f"{value:>8.2f}" for value in figures)


def verdict(label: str, values: list[float]) -> str:
    median = statistics.median(values)
    under = "under" if median < TARGET_MS else "OVER"
    return f"{label}: median {median:.2f} ms, {under} the {TARGET_MS:.0f} ms target"


def main() -> None:
    temp_dir, external = prepare_environment()
    import django

    django.setup()
    from django.db import connections

    prefix = f"bench-{secrets.token_hex(4)}"
    print(f"Database: {describe_database(external)}")
    try:
        set_up_database()
        person = make_people(prefix)
        print(
            f"Background: {OWN_RUNS} finished runs for the bench person, "
            f"{OTHER_PEOPLE * RUNS_EACH} for {OTHER_PEOPLE} others; DEBUG off"
        )
        print(
            f"Transition: save a {len(ANSWER)}-character answer and render the next step, "
            f"{STEP_A} <-> {STEP_B}\n{WARMUP} warm-up, {COUNT} timed (half Next, half Back)"
        )

        in_process = InProcess(person)
        run_id, revision = start_run(in_process)
        local = measure(in_process, run_id, revision)
        queries = count_queries(in_process, run_id)
        floor = against_the_floor(in_process, run_id)
        in_process.client.logout()  # deletes its session
        connections.close_all()
        remote, server = run_over_http(person, temp_dir)
    finally:
        if external:
            remove_people(prefix)
        connections.close_all()
        shutil.rmtree(temp_dir, ignore_errors=True)

    print()
    print(f"{'milliseconds':<34} {'n':>4} {'median':>8} {'p90':>8} {'p95':>8} {'min':>8}")
    print(row("in-process, Next and Back", local["next"] + local["back"]))
    print(row("  Next only", local["next"]))
    print(row("  Back only", local["back"]))
    print(row("HTTP round trip (urllib)", remote["next"] + remote["back"]))
    print(row("HTTP server time (gunicorn)", server))
    print()
    for action, (total, control) in queries.items():
        print(
            f"SQL queries for one {action.title()}: {total} "
            f"({total - control} statements, {control} BEGIN/COMMIT/savepoint)"
        )
    print(verdict("In-process", local["next"] + local["back"]))
    print(verdict("Gunicorn server time", server))
    print()
    print(f"Against the floor, in-process ({FLOOR_ROUNDS} rounds of {FLOOR_EACH} each, in turn):")
    floor_median = statistics.median(next(iter(floor.values())))
    print(f"{'milliseconds':<34} {'n':>4} {'median':>8} {'p90':>8} {'p95':>8} {'min':>8}  ratio")
    for label, values in floor.items():
        ratio = floor_median / statistics.median(values)
        mark = "" if label.startswith("/health/") or ratio >= FLOOR_TARGET else "  UNDER"
        print(f"{row(label, values)}  {ratio:5.2f}{mark}")
    print(f"(ratio: the floor's median over the page's; the target for a step is {FLOOR_TARGET})")


if __name__ == "__main__":
    main()
