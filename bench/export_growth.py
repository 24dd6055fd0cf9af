"""Export at any size: the JSON and Markdown downloads for one person at 1k, 10k and 100k
entries, timed in-process and through gunicorn, with the memory they cost.

    DATABASE_URL=postgres://... .venv/bin/python bench/export_growth.py
    DATABASE_URL=postgres://.../tend_big .venv/bin/python bench/export_growth.py \\
        --people big-1000,big-10000,big-100000      # people already there: nothing written

Without --people, the bench makes bench-export-1000, -10000 and -100000 with seed_demo
(3/4 of entries are practice runs; 100k takes a few minutes) in the database of DATABASE_URL
(a throwaway SQLite file without it: bench/_common.py prepare_environment), and removes them
afterwards. Each download is read to its end:

- in-process: django.test.Client, force_login, the streamed body read piece by piece; the time
  and this process's VmRSS growth (from /proc/self/status) and VmHWM, the peak so far;
- through gunicorn: one sync worker, gunicorn's own default 30 s timeout, as production runs
  it; the worker's VmRSS and VmHWM (from /proc/<pid>/status) before the download and after,
  so "peak growth" is how far above its size before the download the worker went.

Prints a table (seconds, bytes, RSS growth, peak growth) and the commit it measured. Repeats:
REPEATS per size and format in-process (the median is shown), once through gunicorn (a
100k download is half a minute). On a shared machine the seconds are noisy; memory is not.
"""

import argparse
import io
import os
import secrets
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import (
    PROJECT_DIR,
    describe_database,
    prepare_environment,
    remove_people,
    set_up_database,
    vacuum_analyze,
)

SIZES = [1_000, 10_000, 100_000]
PREFIX = "bench-export"
REPEATS = 3
URLS = {"JSON": "/journal/export/tend-journal.json", "Markdown": "/journal/export/tend-journal.md"}
GUNICORN = PROJECT_DIR / ".venv" / "bin" / "gunicorn"


def memory(pid: int | str = "self") -> dict[str, int]:
    """VmRSS and VmHWM of a process, in kB."""
    found = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            found[name] = int(value.split()[0])
    return found


def commit() -> str:
    done = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stdout.strip() or "unknown"


def seed(size: int) -> str:
    from django.core.management import call_command

    username = f"{PREFIX}-{size}"
    started = time.perf_counter()
    call_command(
        "seed_demo",
        entries=size,
        username=username,
        password=secrets.token_urlsafe(16),
        reset=True,
        stdout=io.StringIO(),
    )
    print(f"  seeded {username} in {time.perf_counter() - started:.0f} s", flush=True)
    return username


def in_process(username: str, url: str, repeats: int) -> tuple[float, int, int, int, int]:
    """Seconds (median of REPEATS), bytes, status, RSS growth and peak so far (kB)."""
    from django.contrib.auth import get_user_model
    from django.db import close_old_connections
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    times, size, status = [], 0, 0
    before = memory()
    for _ in range(repeats):
        started = time.perf_counter()
        response = client.get(url)
        status = response.status_code
        body = response.streaming_content if response.streaming else [response.content]
        size = sum(len(piece) for piece in body)
        response.close()
        close_old_connections()
        times.append(time.perf_counter() - started)
    after = memory()
    return statistics.median(times), size, status, after["VmRSS"] - before["VmRSS"], after["VmHWM"]


def session_cookie(username: str) -> str:
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(log: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    server = subprocess.Popen(  # noqa: S603 (our own gunicorn)
        [str(GUNICORN), "compassion_site.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        cwd=PROJECT_DIR,
        env=dict(os.environ),
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while fetch(base + "/health/", "")[0] != 200:
        if server.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"gunicorn did not start; see {log}")
        time.sleep(0.2)
    return server, base


def fetch(url: str, cookie: str) -> tuple[int, int]:
    """Status and bytes of a download read to its end (a cut-off one counts what came)."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    request = urllib.request.Request(url, headers={"Cookie": cookie})  # noqa: S310 (ours)
    try:
        with opener.open(request, timeout=120) as response:
            size = 0
            try:
                while piece := response.read(1 << 16):
                    size += len(piece)
            except (OSError, http_errors()):
                return -1, size  # cut off part-way
            return response.status, size
    except urllib.error.HTTPError as error:
        return error.code, len(error.read())
    except (OSError, http_errors()):
        return -1, 0  # no answer at all: the worker was killed before it sent one


def http_errors():
    import http.client

    return http.client.HTTPException


def worker_of(server: subprocess.Popen) -> int:
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    return int(children[0])


def through_gunicorn(base: str, server, username: str, url: str) -> tuple:
    """Seconds, bytes, status, RSS growth and peak growth of the worker (kB), and whether the
    worker was replaced (killed at its timeout)."""
    cookie = session_cookie(username)
    fetch(base + "/health/", cookie)
    worker = worker_of(server)
    before = memory(worker)
    started = time.perf_counter()
    status, size = fetch(base + url, cookie)
    seconds = time.perf_counter() - started
    time.sleep(0.5)
    try:
        after = memory(worker)
        replaced = False
    except FileNotFoundError:
        after, replaced = before, True
    return (
        seconds,
        size,
        status,
        after["VmRSS"] - before["VmRSS"],
        after["VmHWM"] - before["VmRSS"],
        replaced,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", help="usernames already in the database, comma-separated")
    parser.add_argument("--skip-in-process", action="store_true")
    parser.add_argument("--skip-gunicorn", action="store_true")
    parser.add_argument("--repeats", type=int, default=REPEATS, help="in-process, per download")
    options = parser.parse_args()

    temp_dir, external = prepare_environment()
    import django

    django.setup()
    from django.contrib.auth import get_user_model

    print(f"commit {commit()}; {describe_database(external)}", flush=True)
    if options.people:
        people = options.people.split(",")
    else:
        set_up_database()
        people = [seed(size) for size in SIZES]
        from journal.models import Answer, Entry, EntryNote, Run

        vacuum_analyze([Run, Answer, Entry, EntryNote])
    users = get_user_model().objects
    counts = {name: users.get(username=name).entries.count() for name in people}

    rows = []
    for name in people:
        for label, url in URLS.items():
            if not options.skip_in_process:
                seconds, size, status, growth, peak = in_process(name, url, options.repeats)
                rows.append((f"{counts[name]:,}", label, "in-process", seconds, size, status))
                rows[-1] += (growth, peak, f"median of {options.repeats}")
                print_row(rows[-1])
    if not options.skip_gunicorn:
        server, base = start_gunicorn(temp_dir / "gunicorn.log")
        try:
            for name in people:
                for label, url in URLS.items():
                    seconds, size, status, growth, peak, replaced = through_gunicorn(
                        base, server, name, url
                    )
                    note = "worker killed and replaced" if replaced else "1 run"
                    rows.append((f"{counts[name]:,}", label, "gunicorn", seconds, size, status))
                    rows[-1] += (growth, peak, note)
                    print_row(rows[-1])
        finally:
            server.terminate()
            server.wait(timeout=15)
    print()
    print(
        f"{'entries':>8} {'file':<8} {'where':<10} {'seconds':>8} {'MB':>8} {'status':>6}"
        f" {'RSS +MB':>8} {'peak +MB':>8}  note"
    )
    for row in rows:
        print_row(row)
    print(f"\ncommit {commit()}; gunicorn log in {temp_dir / 'gunicorn.log'}")
    if not options.people:
        remove_people(PREFIX)


def print_row(row) -> None:
    entries, label, where, seconds, size, status, growth, peak, note = row
    peak_text = f"{peak / 1024:8.0f}" if where == "gunicorn" else f"{peak / 1024:7.0f}*"
    print(
        f"{entries:>8} {label:<8} {where:<10} {seconds:8.2f} {size / 1e6:8.1f} {status:>6}"
        f" {growth / 1024:8.1f} {peak_text}  {note}",
        flush=True,
    )


if __name__ == "__main__":
    main()
