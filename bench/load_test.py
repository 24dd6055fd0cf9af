"""Load and faults: 50 people at once against gunicorn and PostgreSQL, then PostgreSQL
restarted under that load, then one practice walked across two app servers.

Needs PostgreSQL: LOAD_DATABASE_URL is the address of a role that may CREATE DATABASE
(`make load` sets it to the local development server). Without it the script says so and
exits 0, so `make bench` (which runs every bench/*.py) skips it. It makes a fresh database
`tend_load` beside the one in that address, and drops it at the end.

    LOAD_DATABASE_URL=postgres://tend:tend@127.0.0.1:55433/tend .venv/bin/python bench/load_test.py
    make load

1. Setup: production-like settings (bench/_common.py: DEBUG off, random SECRET_KEY, no SSL
   redirect, ALLOWED_HOSTS 127.0.0.1), migrate, sync_practices, collectstatic, and people
   load-1..load-50 made with seed_demo (30 entries each), each logged in once through the
   login page (before the timed window; their cookies go to locust).
2. Load: gunicorn, 3 sync workers, on a free port. Locust, headless, 50 people (10 started a
   second), 60 s, doing the mix in bench/_locustfile.py. Locust runs on the same 2 cores.
   Any failure fails the script. The table has one row per page: requests, failures, req/s,
   p50/p95/p99 in ms, and "x floor": the floor's median divided by the page's median, where
   the floor is /health/ through the same middleware (it runs `SELECT 1`). 0.25 means the
   page takes four times the floor's time, so one worker serves a quarter as many of it.
3. Faults: the same gunicorn (never restarted), the same load for 60 s, and PostgreSQL
   restarted (pg_ctl restart, fast shutdown) at 20 s. Checked: every failed request got the
   calm 500 page; after PostgreSQL is back every request succeeds (from the access log);
   a step that failed and was sent again was saved with its words; no half-written data
   (a finished run without an entry, an entry of an unfinished run, an answer without a
   run).
4. Two app servers on the same database: one person's practice with each request sent to
   the other server in turn, start to finish; the entry must exist with every answer.
"""

import csv
import io
import os
import re
import secrets
import signal
import subprocess
import sys
import time
import urllib.parse
from datetime import datetime
from pathlib import Path

from _common import PROJECT_DIR, prepare_environment, set_up_database

BIN = PROJECT_DIR / ".venv" / "bin"
PEOPLE = 50
ENTRIES = 30
DURATION = int(os.environ.get("LOAD_DURATION", "60"))  # seconds of load, each run
RESTART_AT = DURATION // 3  # seconds into the fault run
WORKERS = 3
DB_NAME = "tend_load"
PG_CTL = "/usr/lib/postgresql/15/bin/pg_ctl"
PG_DATA = os.environ.get("LOAD_PG_DATA", "/tmp/pgdev/data")  # noqa: S108 (the dev server)
PG_OPTIONS = "-p 55433 -k /tmp/pgdev -c listen_addresses=127.0.0.1"
PG_LOG = "/tmp/pgdev/log"  # noqa: S108
FLOOR = "floor /health/"
CALM = "Something went wrong on our side"


# Database ----------------------------------------------------------------------------------


def with_database(url: str, name: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))


def admin(url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(sql)


def make_people(password: str) -> None:
    from django.core.management import call_command

    for number in range(1, PEOPLE + 1):
        call_command(
            "seed_demo",
            username=f"load-{number}",
            password=password,
            entries=ENTRIES,
            seed=number,
            stdout=io.StringIO(),
        )


def half_written() -> dict[str, int]:
    """Counts of data that only a half-done write would leave; all should be 0."""
    from django.db import close_old_connections, connection

    close_old_connections()
    checks = {
        "finished runs without an entry": """
            SELECT count(*) FROM journal_run r LEFT JOIN journal_entry e ON e.run_id = r.id
            WHERE r.status = 'finished' AND e.id IS NULL""",
        "entries of runs that are not finished": """
            SELECT count(*) FROM journal_entry e JOIN journal_run r ON r.id = e.run_id
            WHERE r.status <> 'finished'""",
        "answers without a run": """
            SELECT count(*) FROM journal_answer a LEFT JOIN journal_run r ON r.id = a.run_id
            WHERE r.id IS NULL""",
        "finished runs without a finish time": """
            SELECT count(*) FROM journal_run WHERE status = 'finished' AND finished_at IS NULL""",
    }
    with connection.cursor() as cursor:
        result = {}
        for label, sql in checks.items():
            cursor.execute(sql)
            result[label] = cursor.fetchone()[0]
    return result


# Servers -----------------------------------------------------------------------------------


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(temp_dir: Path, label: str, workers: int) -> tuple[subprocess.Popen, int, Path]:
    import urllib.request

    port = free_port()
    access_log = temp_dir / f"access-{label}.log"
    output = (temp_dir / f"gunicorn-{label}.log").open("w")
    server = subprocess.Popen(  # noqa: S603 (our own gunicorn)
        [
            str(BIN / "gunicorn"),
            "compassion_site.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--chdir",
            str(PROJECT_DIR),
            "--access-logfile",
            str(access_log),
            "--access-logformat",
            "%(t)s %(m)s %(U)s %(s)s %(D)s",
        ],
        env=dict(os.environ),
        stdout=output,
        stderr=subprocess.STDOUT,
    )
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    deadline = time.monotonic() + 30
    while True:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn {label} stopped at start-up; see {output.name}")
        try:
            opener.open(f"http://127.0.0.1:{port}/health/", timeout=5).read()
            return server, port, access_log
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn {label} did not answer in 30 s") from None
            time.sleep(0.2)


def stop(server: subprocess.Popen) -> None:
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(timeout=10)


def access_lines(access_log: Path):
    """(epoch seconds, method, path, status) for each request gunicorn answered."""
    pattern = re.compile(r"\[(.+?)\] (\S+) (\S+) (\d+) (\d+)")
    for line in access_log.read_text().splitlines():
        found = pattern.match(line)
        if found:
            when = datetime.strptime(found.group(1), "%d/%b/%Y:%H:%M:%S %z").timestamp()
            yield when, found.group(2), found.group(3), int(found.group(4))


def pg_ctl(action: str) -> None:
    subprocess.run(  # noqa: S603 (a fixed command)
        [  # noqa: S607 (runuser from the system path, as root)
            "runuser",
            "-u",
            "postgres",
            "--",
            PG_CTL,
            "-D",
            PG_DATA,
            "-o",
            PG_OPTIONS,
            "-l",
            PG_LOG,
            "-w",
            action,
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )


def wait_for_postgres(timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while subprocess.run(
        ["/usr/lib/postgresql/15/bin/pg_isready", "-h", "127.0.0.1", "-p", "55433", "-q"]
    ).returncode:
        if time.monotonic() > deadline:
            raise RuntimeError("PostgreSQL did not come back")
        time.sleep(0.5)


# Locust ------------------------------------------------------------------------------------


def run_locust(port: int, prefix: Path, env: dict, during=None) -> int:
    """Locust headless for DURATION seconds; `during(process)` runs while it does."""
    command = [
        str(BIN / "locust"), "-f", str(PROJECT_DIR / "bench" / "_locustfile.py"),
        "--headless", "-u", str(PEOPLE), "-r", "10", "-t", f"{DURATION}s",
        "--host", f"http://127.0.0.1:{port}", "--csv", str(prefix),
        "--only-summary", "--loglevel", "WARNING",
    ]  # fmt: skip
    log = prefix.with_suffix(".log").open("w")
    process = subprocess.Popen(command, env={**os.environ, **env}, stdout=log, stderr=log)  # noqa: S603
    if during:
        during(process)
    return process.wait(timeout=DURATION + 120)


def read_stats(prefix: Path) -> list[dict]:
    with open(f"{prefix}_stats.csv") as stats:
        return list(csv.DictReader(stats))


def exceptions(prefix: Path) -> list[dict]:
    path = Path(f"{prefix}_exceptions.csv")
    return list(csv.DictReader(path.open())) if path.exists() else []


def table(rows: list[dict]) -> str:
    floor = next(row for row in rows if row["Name"] == FLOOR)
    floor_median = float(floor["50%"])
    lines = [
        f"{'page':<42} {'requests':>8} {'fail':>5} {'req/s':>7} {'p50':>6} {'p95':>6} "
        f"{'p99':>6} {'x floor':>8}"
    ]
    for row in sorted(rows, key=lambda row: (row["Name"] == "Aggregated", row["Name"])):
        median = float(row["50%"] or 0)
        ratio = floor_median / median if median else 0
        lines.append(
            f"{row['Name']:<42} {row['Request Count']:>8} {row['Failure Count']:>5} "
            f"{float(row['Requests/s']):>7.2f} {row['50%']:>6} {row['95%']:>6} {row['99%']:>6} "
            f"{ratio:>8.2f}"
        )
    lines.append(
        f"times in ms. x floor = median of {FLOOR} ({floor_median:.0f} ms) / the page's "
        "median: the share of the floor's throughput a worker gets on that page."
    )
    return "\n".join(lines)


def log_everyone_in(port: int, password: str, path: Path) -> None:
    """Log each person in through the app's login page, as a browser does, and keep their
    cookies for locust: the logins happen before the timed window."""
    import json

    import requests

    sys.path.insert(0, str(PROJECT_DIR / "bench"))
    from _load_pages import csrf_token, send_secure_cookies_over_http

    jars = []
    for number in range(1, PEOPLE + 1):
        session = requests.Session()
        session.trust_env = False
        send_secure_cookies_over_http(session)
        base = f"http://127.0.0.1:{port}"
        session.get(f"{base}/accounts/login/")
        reply = session.post(
            f"{base}/accounts/login/",
            {"username": f"load-{number}", "password": password},
            headers={"X-CSRFToken": csrf_token(session)},
            allow_redirects=False,
        )
        if reply.status_code != 302:
            raise RuntimeError(f"load-{number} could not log in: {reply.status_code}")
        jars.append({cookie.name: cookie.value for cookie in session.cookies})
    path.write_text(json.dumps(jars))


# Two app servers ---------------------------------------------------------------------------


def walk_across(ports: list[int], password: str) -> list[str]:
    """One person's practice, each request to the next server in turn; returns problems."""
    import requests

    sys.path.insert(0, str(PROJECT_DIR / "bench"))
    from _load_pages import csrf_token, send_secure_cookies_over_http

    session = requests.Session()
    session.trust_env = False
    send_secure_cookies_over_http(session)
    turn = iter(range(10**6))

    def url(path):
        return f"http://127.0.0.1:{ports[next(turn) % len(ports)]}{path}"

    def csrf(htmx=False):
        headers = {"X-CSRFToken": csrf_token(session)}
        return {**headers, "HX-Request": "true"} if htmx else headers

    session.get(url("/accounts/login/"))
    reply = session.post(
        url("/accounts/login/"),
        {"username": "load-1", "password": password},
        headers=csrf(),
        allow_redirects=False,
    )
    if reply.status_code != 302:
        return [f"log in answered {reply.status_code}"]
    slug = "msc-self-compassion-break"
    reply = session.post(url(f"/journal/runs/start/{slug}/"), headers=csrf(), allow_redirects=False)
    if reply.status_code != 303:
        return [f"start answered {reply.status_code}"]
    run_id = int(reply.headers["Location"].split("/")[3])
    html = session.get(url(reply.headers["Location"])).text
    sent, problem = walk_steps(session, url, csrf, html)
    if problem:
        return [problem]
    problems, saved = check_saved(run_id, sent)
    print(
        f"  run {run_id} ({slug}): {len(sent)} step posts over ports {ports}, "
        f"{saved} answers saved, entry {'there' if not problems else '?'}"
    )
    return problems


def walk_steps(session, url, csrf, html: str) -> tuple[dict, str]:
    """Answer every step from the check-in to the summary; returns what was sent for each
    step, and a problem ("" when none)."""
    sys.path.insert(0, str(PROJECT_DIR / "bench"))
    from _load_pages import StepForm, answer_for

    sent = {}
    for _ in range(40):
        form = StepForm()
        form.feed(html)
        key = form.action.rstrip("/").rsplit("/", 1)[-1]
        data = answer_for(form)
        sent[key] = data
        reply = session.post(url(form.action), data, headers=csrf(htmx=True))
        if reply.status_code != 200:
            return sent, f"step {key} answered {reply.status_code}"
        if "HX-Redirect" in reply.headers:
            summary = session.get(url(reply.headers["HX-Redirect"]))
            if summary.status_code != 200:
                return sent, f"summary answered {summary.status_code}"
            return sent, ""
        html = reply.text
    return sent, "the practice never finished"


def check_saved(run_id: int, sent: dict) -> tuple[list[str], int]:
    """What the database holds for the run against what was sent: the problems, and how many
    answers were saved."""
    from django.db import close_old_connections

    from journal.models import Answer, Entry, Run

    close_old_connections()
    problems = []
    run = Run.objects.get(pk=run_id)
    if run.status != Run.Status.FINISHED or not Entry.objects.filter(run=run).exists():
        problems.append(f"run {run_id}: status {run.status}, entry missing")
    answers = {answer.step_key: answer for answer in Answer.objects.filter(run=run)}
    for key, data in sent.items():
        if key not in ("check-in", "check-out"):
            problems.extend(answer_problems(key, data, answers.get(key)))
    if run.distress_before is None or run.distress_after is None:
        problems.append("check-in or check-out not saved")
    return problems, len(answers)


def answer_problems(key: str, data: dict, answer) -> list[str]:
    """How one step's saved answer differs from what was sent."""
    problems = []
    if data.get("text") and (answer is None or answer.text != data["text"]):
        problems.append(f"step {key}: the words sent are not the ones saved")
    if data.get("rating") and (answer is None or str(answer.rating) != data["rating"]):
        problems.append(f"step {key}: rating not saved")
    if data.get("choices") and (answer is None or not answer.choices):
        problems.append(f"step {key}: choices not saved")
    return problems


# Main --------------------------------------------------------------------------------------


def main() -> int:
    admin_url = os.environ.get("LOAD_DATABASE_URL")
    if not admin_url:
        print("load_test: skipped (needs PostgreSQL: set LOAD_DATABASE_URL, or run `make load`)")
        return 0
    os.environ["DATABASE_URL"] = with_database(admin_url, DB_NAME)
    temp_dir, _ = prepare_environment()
    os.environ["ALLOWED_HOSTS"] = "127.0.0.1"
    password = secrets.token_urlsafe(16)
    admin(admin_url, f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
    admin(admin_url, f"CREATE DATABASE {DB_NAME}")
    servers = []
    failed = False
    try:
        import django

        django.setup()
        started = time.monotonic()
        set_up_database()
        make_people(password)
        print(
            f"setup: database {DB_NAME}, {PEOPLE} people with {ENTRIES} entries each, "
            f"{time.monotonic() - started:.0f} s; logs in {temp_dir}"
        )
        server, port, access_log = start_gunicorn(temp_dir, "a", WORKERS)
        servers.append(server)
        started = time.monotonic()
        log_everyone_in(port, password, temp_dir / "sessions.json")
        print(
            f"logins: {PEOPLE} people through /accounts/login/, {time.monotonic() - started:.1f} s"
        )
        env = {"LOAD_PEOPLE": str(PEOPLE), "LOAD_SESSIONS": str(temp_dir / "sessions.json")}

        # 1. Load --------------------------------------------------------------------------
        print(f"\n== Load: {PEOPLE} people, {DURATION} s, gunicorn {WORKERS} sync workers")
        code = run_locust(port, temp_dir / "load", env)
        rows = read_stats(temp_dir / "load")
        print(table(rows))
        errors = exceptions(temp_dir / "load")
        total_failures = sum(
            int(row["Failure Count"]) for row in rows if row["Name"] == "Aggregated"
        )
        if code or total_failures or errors:
            failed = True
            print(f"LOAD FAILED: locust exit {code}, {total_failures} failures, "
                  f"{len(errors)} exceptions (see {temp_dir})")  # fmt: skip
        else:
            print("Load: no errors.")
        print("half-written data:", half_written())

        # 2. Faults ------------------------------------------------------------------------
        print(f"\n== Faults: the same load, PostgreSQL restarted at {RESTART_AT} s")
        failure_log = temp_dir / "failures.tsv"
        moments = {}

        def restart(process):
            time.sleep(RESTART_AT)
            moments["restart"] = time.time()
            pg_ctl("restart")
            wait_for_postgres()
            moments["back"] = time.time()
            print(
                "  PostgreSQL restarted: down and up again in "
                f"{moments['back'] - moments['restart']:.1f} s"
            )

        code = run_locust(
            port, temp_dir / "faults", {**env, "LOAD_FAILURE_LOG": str(failure_log)}, restart
        )
        rows = read_stats(temp_dir / "faults")
        print(table(rows))
        lines = failure_log.read_text().splitlines() if failure_log.exists() else []
        failures = [line.split("\t") for line in lines if not line.startswith("saved-on-retry")]
        retried = [line.split("\t") for line in lines if line.startswith("saved-on-retry")]
        calm = sum(1 for _, _, kind in failures if kind == "calm")
        statuses = sorted({status for _, status, _ in failures})
        print(f"  failed requests: {len(failures)} (status {', '.join(statuses) or '-'}), "
              f"{calm} with the calm page, {len(failures) - calm} without")  # fmt: skip
        errors = exceptions(temp_dir / "faults")
        if errors:
            print(f"  locust exceptions: {[row.get('Message') for row in errors]}")
        # Recovery: gunicorn's access log, the same server, never restarted.
        # (gunicorn logs each request's start in whole seconds: look from the second before)
        answered = [
            line for line in access_lines(access_log) if line[0] >= moments.get("restart", 0) - 1
        ]
        bad = [line for line in answered if line[3] >= 500]
        last_bad = max((line[0] for line in bad), default=None)
        after = [line for line in answered if line[0] > (last_bad or 0)]
        if last_bad:
            print(f"  5xx answers from {min(line[0] for line in bad) - moments['restart']:+.1f} s "
                  f"to {last_bad - moments['restart']:+.1f} s after the restart began "
                  "(access log, whole seconds)")  # fmt: skip
        print(f"  after the last 5xx: {len(after)} requests, "
              f"{sum(1 for line in after if line[3] < 400)} succeeded; "
              f"gunicorn pid {server.pid} never restarted")  # fmt: skip
        # Saved on the next try: each step sent again after an error has its words.
        from django.db import connection

        from journal.models import Answer

        connection.close()  # this script's own connection did not survive the restart either

        saved = sum(
            Answer.objects.filter(run_id=int(run_id), step_key=key, text=text).exists()
            for _, run_id, key, _, text in retried
        )
        print(f"  steps with words that failed and were sent again: {len(retried)}, "
              f"saved with those words: {saved}")  # fmt: skip
        integrity = half_written()
        print("  half-written data:", integrity)
        recovered = (
            bool(after) and all(line[3] < 400 for line in after[-50:]) and server.poll() is None
        )
        if (
            calm != len(failures)
            or not recovered
            or any(integrity.values())
            or saved != len(retried)
        ):
            failed = True
            print("FAULTS FAILED")
        else:
            print("Faults: every failure got the calm page, the app recovered by itself, "
                  "nothing half-written.")  # fmt: skip

        # 3. Two app servers ---------------------------------------------------------------
        print("\n== Two app servers on one database")
        second, port_b, _ = start_gunicorn(temp_dir, "b", 1)
        servers.append(second)
        problems = walk_across([port, port_b], password)
        if problems:
            failed = True
            print("TWO SERVERS FAILED:", problems)
        else:
            print(
                "Two servers: the practice alternated between them and finished with every answer."
            )
    finally:
        for server in servers:
            stop(server)
        from django.db import connections

        connections.close_all()
        wait_for_postgres()
        admin(admin_url, f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
