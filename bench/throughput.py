"""Throughput against the floor: how many requests a second the main pages get at saturation,
as a share of what /health/ gets on the same server in the same run (issue 18, item 6).

The floor is /health/: the same middleware as every page, and one `SELECT 1`. A page with a
ratio of 0.25 gets a quarter of the floor's requests a second: the share of the framework's
best that the page's own work leaves. Targets: the journal and the dashboard at least 0.2 of
the floor, search at least 0.15, a practice step (GET and POST) at least 0.35.

Needs PostgreSQL and wrk:

- BENCH_DATABASE_URL (or else LOAD_DATABASE_URL) is the address of a role that may CREATE
  DATABASE (`make bench` sets it to the local development server, as `make load` does). The
  script makes a fresh database `tend_bench_throughput` on that server (connecting to its
  `postgres` database to make and drop it, whatever database the address names) and drops it
  at the end. Without the variable, or when the server cannot be reached, it says
  so and exits 0.
- wrk from Debian's package (`apt-get install wrk`, /usr/bin/wrk; WRK=/path/to/wrk for
  another). It is not in the virtual environment. Without it the script says so and exits 0.

    BENCH_DATABASE_URL=postgres://tend:tend@127.0.0.1:54329/postgres \
        .venv/bin/python bench/throughput.py

1. Setup: production-like settings (bench/_common.py: DEBUG off, a random SECRET_KEY, no SSL
   redirect), migrate, sync_practices, collectstatic; every step's narration registered as
   build_narration leaves it on a deployed server (its key and length, without the audio,
   which no page measured fetches: `narration_as_deployed`); one person, big-10000, with 10,000
   entries and 5 others (other-0..4) with 200 each, all from seed_demo as the tend_big
   database was seeded, then VACUUM ANALYZE, as autovacuum would have done long before. With
   BENCH_TEMPLATE=<name> the database is made as a copy of that one (say tend_big) and only
   migrated: the people already there are not seeded again.
2. gunicorn, 3 sync workers, on a free port on 127.0.0.1 (bench/load_test.py's start_gunicorn,
   with its access log). The person is logged in with force_login; the session cookie goes
   with every request. The production settings make cookies Secure, which a browser would
   keep for https; wrk sends what it is given over http. The CSRF token is the one the page
   puts in base.html's hx-headers, sent as X-CSRFToken with the csrftoken cookie and an
   Origin header, as htmx does.
3. For each page: every request it will send is sent once with `requests` and checked (a 200,
   and the whole page or the htmx partial it should be). Then wrk: 6 threads, 6 connections,
   no think time. The pages take turns, twice over: each round, every page (the floor
   first) gets a warm-up (3 s in the first round, 1 s in the second; not counted) and 5 s
   counted, so 10 s counted per page in all, and a machine whose load changes during the run
   weighs on the floor and the pages alike. A Lua script gives wrk the requests and counts
   every answer that is not a 200; after each step POST run the answers saved are counted
   too (by their revisions), and must be at least as many as the POSTs wrk counted.
4. The pages: the floor /health/ (measured first); the journal's first page
   (/journal/); the progress dashboard at its default range (/progress/); search for a
   common word (/journal/?q=sleep, about one entry in six); a practice step as htmx asks for
   it (HX-Request, HX-Target step-panel: the step partial) and the whole step page; and a
   step POST as htmx sends it: each connection has a run of its own
   (msc-self-compassion-break, walked to its step "notice") and sends, in turn, Next from
   "notice" (saving about 600 characters, rendering "not-alone") and Back from "not-alone"
   (saving, rendering "notice"), so it can repeat without end. The runs are made
   with journal.services.start_run, one per connection: six runs of one practice under way at
   once, which Begin never makes for a person, so that the connections do not queue on one
   run's row lock as six browser tabs of one practice would.

Reading the output: one row per page: requests counted, req/s (over both rounds), median and
p99 latency (ms, as wrk saw them, connection included: gunicorn's sync workers close the
connection after each answer; the median of the two rounds' medians, the worse p99),
answers that were not a 200, and "x floor": req/s divided by the floor's. Then the floor's
req/s in each round: more than 10% apart means the machine's load changed during the run,
so run it again. Then PASS or MISS against each target, the commit measured and the date.
wrk, gunicorn and PostgreSQL share the machine's cores; the ratio, not the absolute
figures, is what carries between machines. The server
and the database end with the run.
"""

import io
import json
import os
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from _common import (
    bench_server,
    commit_measured,
    database_url,
    drop_database,
    fresh_database,
    machine_load,
    narration_as_deployed,
    prepare_environment,
    set_up_database,
    vacuum_analyze,
)

ENTRIES = 10_000
PERSON = f"big-{ENTRIES}"
OTHER_PEOPLE = 5
OTHER_ENTRIES = 200
DB_NAME = "tend_bench_throughput"
WORKERS = 3
CONNECTIONS = 6
WARMUP_SECONDS = int(os.environ.get("BENCH_WARMUP", "3"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))  # counted per page, over all rounds
ROUNDS = 2  # every page (the floor first) in turn, this many times over
WRK = os.environ.get("WRK", "/usr/bin/wrk")
COMMON_WORD = "sleep"
SLUG = "msc-self-compassion-break"
STEP_A = "notice"  # a write step; Next goes to STEP_B
STEP_B = "not-alone"  # a write step; Back goes to STEP_A
WALK = [  # the steps before STEP_A, answered as a person might
    ("check-in", {"distress": "6", "feeling": "tense"}),
    ("welcome", {}),
    ("difficulty", {"text": "I snapped at a colleague in the meeting and keep replaying it."}),
    ("how-much", {"rating": "6"}),
]
ANSWER = (
    "I keep going over the conversation with my manager this afternoon. She asked a simple "
    "question about the report and I froze, then said something defensive that I didn't "
    "mean. Afterwards I sat at my desk with a hot face, telling myself I'm hopeless at this "
    "job and that everyone can see I'm out of my depth. Part of me knows that isn't fair: "
    "I've slept badly all week, the deadline moved twice, and I did most of that report on "
    "my own. Still, the critical voice is loud. Tomorrow I'd like to go back, say sorry for "
    "the tone, and answer her question properly, without making it a big thing."
)
FLOOR = "floor /health/"
STEP_GET = "step GET (htmx partial)"
STEP_POST = "step POST (htmx, Next/Back)"
TARGETS = {
    "journal first page": 0.2,
    "progress, default range": 0.2,
    f"search {COMMON_WORD!r}": 0.15,
    STEP_GET: 0.35,
    STEP_POST: 0.35,
}


# Requests ---------------------------------------------------------------------------------


@dataclass
class Call:
    """One request as wrk will send it, and what its answer must hold."""

    method: str
    path: str
    headers: dict[str, str]
    body: str = ""
    expect: str = ""  # text the answer must contain
    whole: bool = True  # a whole page (with <html), or else a fragment


@dataclass
class Page:
    label: str
    # The requests of each connection, sent in turn; one list serves every connection when
    # there is only one.
    plans: list[list[Call]]
    results: dict = field(default_factory=dict)


def lua_string(text: str) -> str:
    if not text.isascii():
        raise ValueError("the bench sends ASCII only")
    return json.dumps(text)  # an ASCII JSON string is a valid Lua string literal


def lua_script(page: Page) -> str:
    """wrk's script: each thread (one connection each) sends its plan's requests in turn and
    counts the answers that are not a 200; done() prints one line of figures."""
    plans = []
    for plan in page.plans:
        calls = []
        for call in plan:
            headers = ", ".join(
                f"[{lua_string(name)}] = {lua_string(value)}"
                for name, value in call.headers.items()
            )
            body = lua_string(call.body) if call.body else "nil"
            calls.append(
                f"{{method = {lua_string(call.method)}, path = {lua_string(call.path)}, "
                f"headers = {{{headers}}}, body = {body}}}"
            )
        plans.append("{" + ", ".join(calls) + "}")
    return (
        "local plans = {"
        + ", ".join(plans)
        + "}\n"
        + """
local threads = {}
local made = 0
function setup(thread)
  made = made + 1
  thread:set("number", made)
  table.insert(threads, thread)
end
function init(args)
  non200 = 0
  turn = 0
  requests = {}
  local plan = plans[(number - 1) % #plans + 1]
  for i, call in ipairs(plan) do
    requests[i] = wrk.format(call.method, call.path, call.headers, call.body)
  end
end
function request()
  turn = turn % #requests + 1
  return requests[turn]
end
function response(status, headers, body)
  if status ~= 200 then non200 = non200 + 1 end
end
function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do bad = bad + thread:get("non200") end
  local e = summary.errors
  io.write(string.format("FIGURES %d %d %d %d %d %d %d %d %d\\n", summary.requests,
    summary.duration, latency:percentile(50), latency:percentile(99), bad,
    e.connect, e.read, e.write, e.timeout))
end
"""
    )


def check_once(base: str, page: Page) -> None:
    """Send every request of the page once, as wrk will; stop unless each answer is right."""
    import requests

    session = requests.Session()
    session.trust_env = False  # 127.0.0.1 only, no proxies
    for plan in page.plans:
        for call in plan:
            reply = session.request(
                call.method,
                base + call.path,
                data=call.body.encode() or None,
                headers=call.headers,
                allow_redirects=False,
            )
            whole = "<html" in reply.text
            if reply.status_code != 200 or call.expect not in reply.text or whole != call.whole:
                raise RuntimeError(
                    f"{page.label}: {call.method} {call.path} answered {reply.status_code}, "
                    f"expected a 200 {'page' if call.whole else 'partial'} with {call.expect!r}:"
                    f"\n{reply.text[:600]}"
                )


def run_wrk(base: str, page: Page, script: Path, seconds: int) -> dict:
    script.write_text(lua_script(page))
    command = [
        WRK, "-t", str(CONNECTIONS), "-c", str(CONNECTIONS), "-d", f"{seconds}s",
        "--timeout", "30s", "-s", str(script), base + page.plans[0][0].path,
    ]  # fmt: skip
    output = subprocess.run(  # noqa: S603 (wrk, with our own script)
        command, capture_output=True, text=True, timeout=seconds + 60, check=True
    ).stdout
    found = re.search(r"^FIGURES (.+)$", output, re.MULTILINE)
    if not found:
        raise RuntimeError(f"wrk gave no figures:\n{output}")
    numbers = [int(value) for value in found.group(1).split()]
    requests, micros, p50, p99, non200, *errors = numbers
    return {
        "requests": requests,
        "seconds": micros / 1e6,
        "p50": p50 / 1000,
        "p99": p99 / 1000,
        "non200": non200,
        "socket errors": sum(errors),
    }


# Setup ------------------------------------------------------------------------------------


def make_people() -> tuple:
    """The person with ENTRIES entries (big-10000, as in tend_big), and others with
    OTHER_ENTRIES each, made with seed_demo unless the database has them already (a copy of
    tend_big does). Returns the person, and who was made."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    people = get_user_model().objects
    wanted = [(f"other-{number}", OTHER_ENTRIES, number + 10) for number in range(OTHER_PEOPLE)]
    wanted.append((PERSON, ENTRIES, 3))
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
    return people.get(username=PERSON), made


def log_in(person, base: str) -> dict[str, str]:
    """The session cookie (force_login) and a CSRF token as the page gives it to htmx."""
    import requests
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(person)
    cookies = {settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value}
    session = requests.Session()
    session.trust_env = False
    reply = session.get(f"{base}/journal/", headers=cookie_header(cookies))
    token = re.search(r'hx-headers=\'\{"X-CSRFToken": "([^"]+)"\}\'', reply.text)
    if reply.status_code != 200 or not token or "csrftoken" not in reply.cookies:
        raise RuntimeError(f"logging in: /journal/ answered {reply.status_code} without a token")
    cookies[settings.CSRF_COOKIE_NAME] = reply.cookies["csrftoken"]
    return {**cookies, "token": token.group(1)}


def cookie_header(cookies: dict[str, str]) -> dict[str, str]:
    return {
        "Cookie": "; ".join(f"{name}={value}" for name, value in cookies.items() if name != "token")
    }


def step_path(run_id: int, key: str) -> str:
    return f"/journal/runs/{run_id}/steps/{key}/"


def htmx_post(base: str, login: dict, run_id: int, key: str, data: dict, tab: str) -> Call:
    import urllib.parse

    return Call(
        "POST",
        step_path(run_id, key),
        {
            **cookie_header(login),
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": base,
            "X-CSRFToken": login["token"],
            "HX-Request": "true",
            "HX-Target": "step-panel",
            "HX-Current-URL": base + step_path(run_id, key),
        },
        urllib.parse.urlencode({**data, "tab": tab}),
        whole=False,
    )


def walked_runs(person, base: str, login: dict, count: int) -> list[int]:
    """`count` runs of SLUG, each walked to STEP_A over HTTP as htmx would."""
    from journal import services
    from practices.models import Practice

    practice = Practice.objects.current().in_library().get(slug=SLUG)
    runs = [services.start_run(person, practice).pk for _ in range(count)]
    keys = [key for key, _ in WALK] + [STEP_A]
    for number, run_id in enumerate(runs):
        for (key, answer), following in zip(WALK, keys[1:], strict=True):
            call = htmx_post(
                base, login, run_id, key, {"action": "next", **answer}, f"bench-walk-{number}"
            )
            call.expect = f'hx-post="{step_path(run_id, following)}"'
            check_once(base, Page(f"walking run {run_id}", [[call]]))
    return runs


def pages(person, base: str, login: dict) -> list[Page]:
    runs = walked_runs(person, base, login, CONNECTIONS + 1)
    shown, posting = runs[0], runs[1:]
    plain = cookie_header(login)
    htmx = {**plain, "HX-Request": "true", "HX-Target": "step-panel",
            "HX-Current-URL": base + step_path(shown, STEP_A)}  # fmt: skip
    on_step_a = f'hx-post="{step_path(shown, STEP_A)}"'
    plans = []
    for number, run_id in enumerate(posting):
        tab = f"bench-tab-{number}"
        words = {"text": ANSWER, "revision": "0"}
        forward = htmx_post(base, login, run_id, STEP_A, {"action": "next", **words}, tab)
        forward.expect = f'hx-post="{step_path(run_id, STEP_B)}"'
        backward = htmx_post(base, login, run_id, STEP_B, {"action": "back", **words}, tab)
        backward.expect = f'hx-post="{step_path(run_id, STEP_A)}"'
        plans.append([forward, backward])
    return [
        Page(FLOOR, [[Call("GET", "/health/", plain, expect="ok", whole=False)]]),
        Page("journal first page", [[Call("GET", "/journal/", plain, expect='id="load-more"')]]),
        Page(
            "progress, default range",
            [[Call("GET", "/progress/", plain, expect="Balance across the six skills")]],
        ),
        Page(
            f"search {COMMON_WORD!r}",
            [[Call("GET", f"/journal/?q={COMMON_WORD}", plain, expect="/journal/entries/")]],
        ),
        Page(STEP_GET, [[Call("GET", step_path(shown, STEP_A), htmx, on_step_a, whole=False)]]),
        Page("step page (whole)", [[Call("GET", step_path(shown, STEP_A), plain, on_step_a)]]),
        Page(STEP_POST, plans),
    ]


def saved_revisions(person) -> int:
    """How many times the person's answers at STEP_A and STEP_B have been saved."""
    from django.db import connections
    from django.db.models import Sum

    from journal.models import Answer

    answers = Answer.objects.filter(run__user=person, step_key__in=[STEP_A, STEP_B])
    total = answers.aggregate(total=Sum("revision"))["total"] or 0
    connections.close_all()
    return total


# Output -----------------------------------------------------------------------------------


def combined(rounds: list[dict]) -> dict:
    """One page's figures over its rounds: req/s over all of them, the median of the rounds'
    medians, the worst p99, every failure; and each round's req/s."""
    requests = sum(r["requests"] for r in rounds)
    return {
        "requests": requests,
        "rate": requests / sum(r["seconds"] for r in rounds),
        "p50": statistics.median(r["p50"] for r in rounds),
        "p99": max(r["p99"] for r in rounds),
        "non200": sum(r["non200"] for r in rounds),
        "socket errors": sum(r["socket errors"] for r in rounds),
        "rates": [r["requests"] / r["seconds"] for r in rounds],
    }


def report(measured: list[Page]) -> None:
    """The table, then the verdicts. The floor's rounds, far apart, tell whether the
    machine's load changed during the run."""
    floor_page = next(page for page in measured if page.label == FLOOR)
    floor = floor_page.results["rate"]
    print(
        f"\n{'page':<30} {'requests':>8} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} "
        f"{'non-200':>7} {'x floor':>7}"
    )
    for page in measured:
        r = page.results
        print(
            f"{page.label:<30} {r['requests']:>8} {r['rate']:>7.1f} {r['p50']:>7.1f} "
            f"{r['p99']:>7.1f} {r['non200'] + r['socket errors']:>7} {r['rate'] / floor:>7.2f}"
        )
    rates = floor_page.results["rates"]
    gap = (max(rates) - min(rates)) / floor
    print(
        f"req/s over {ROUNDS} rounds of {SECONDS // ROUNDS} s a page; p50 the median of the "
        f"rounds', p99 the worst. The floor's rounds: {', '.join(f'{r:.1f}' for r in rates)} "
        f"req/s, {gap:.0%} apart"
        + (": the machine's load changed, run it again" if gap > 0.1 else "")
    )
    print()
    for page in measured:
        if page.label in TARGETS:
            ratio = page.results["rate"] / floor
            target = TARGETS[page.label]
            verdict = "PASS" if ratio >= target and not page.results["non200"] else "MISS"
            print(f"{verdict} {page.label}: {ratio:.2f} of the floor (target {target})")
    errors = sum(page.results["non200"] + page.results["socket errors"] for page in measured)
    print(f"answers that were not a 200, or socket errors: {errors}")
    print(f"At the end, {machine_load()}.")
    print(f"commit {commit_measured()}, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC")


def main() -> int:
    admin_url, why = bench_server()
    if not admin_url:
        print(f"throughput: skipped (it needs PostgreSQL, and {why})")
        return 0
    if not Path(WRK).exists():
        print(f"throughput: skipped (it needs wrk at {WRK}: sudo apt-get install wrk)")
        return 0
    from load_test import start_gunicorn, stop

    template = os.environ.get("BENCH_TEMPLATE", "")
    os.environ["DATABASE_URL"] = database_url(admin_url, DB_NAME)
    temp_dir, _ = prepare_environment()
    os.environ["ALLOWED_HOSTS"] = "127.0.0.1"
    fresh_database(admin_url, DB_NAME, template)
    server = None
    try:
        import django

        django.setup()
        started = time.monotonic()
        set_up_database()
        narrated = narration_as_deployed()
        person, made = make_people()
        print(
            f"Database {DB_NAME} (PostgreSQL, {f'a copy of {template}' if template else 'new'}): "
            f"{PERSON} with {person.entries.count()} entries, {OTHER_PEOPLE} others with "
            f"{OTHER_ENTRIES}; seeded {', '.join(made) or 'nobody'}; narration of {narrated} "
            "steps registered as build_narration leaves it (no audio files); "
            f"setup {time.monotonic() - started:.0f} s"
        )
        print(f"At the start, {machine_load()}.")
        server, port, _ = start_gunicorn(temp_dir, "throughput", WORKERS)
        base = f"http://127.0.0.1:{port}"
        login = log_in(person, base)
        measured = pages(person, base, login)
        from django.db import connections

        connections.close_all()  # this script's connection stays out of the way
        print(
            f"gunicorn {WORKERS} sync workers, DEBUG off; wrk {CONNECTIONS} connections, "
            f"no think time, {WARMUP_SECONDS} s warm-up then {SECONDS} s counted per page"
        )
        rounds = {page.label: [] for page in measured}
        for page in measured:
            check_once(base, page)
        for number in range(ROUNDS):
            for page in measured:
                saved_before = saved_revisions(person)
                script = temp_dir / "page.lua"
                run_wrk(base, page, script, WARMUP_SECONDS if number == 0 else 1)
                figures = run_wrk(base, page, script, SECONDS // ROUNDS)
                rounds[page.label].append(figures)
                rate = figures["requests"] / figures["seconds"]
                print(f"  round {number + 1}, {page.label}: {rate:.1f} req/s", flush=True)
                if page.label == STEP_POST:
                    saved = saved_revisions(person) - saved_before
                    if saved < figures["requests"]:
                        raise RuntimeError(
                            f"{saved} answers saved, fewer than the {figures['requests']} step "
                            "POSTs counted"
                        )
        for page in measured:
            page.results = combined(rounds[page.label])
    finally:
        if server is not None:
            stop(server)
        from django.db import connections

        connections.close_all()
        drop_database(admin_url, DB_NAME)
        shutil.rmtree(temp_dir, ignore_errors=True)
    report(measured)
    return 0


if __name__ == "__main__":
    sys.exit(main())
