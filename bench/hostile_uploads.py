"""Hostile uploads: how long each takes to be refused, and how much memory it costs a worker.

Issue 12 found that a 6 MB journal file of two million empty entries drove one gunicorn worker
to 3.35 GB for 29 s, a 4 MB list of numbers took 1.8 GB, a 100 KB practice file of nested
brackets took 75 s of CPU, and `minutes:` with 5,000 digits was a server error. The target
now: any hostile file up to the size limit is refused in under 2 s with under 100 MB of growth
in the worker. This script builds each kind of file the issue names, and more of the same
class, each near the limit of its upload (10 MB for a journal file, 200 KB for a practice
file), and posts it to the real page:

- through Django's own WSGI handler (what gunicorn calls), with every middleware, a real
  session cookie and a real CSRF token, the multipart body streamed from a file on disk as it
  would come from the socket, so Django reads and skips it just as in a worker;
- in a fresh Python process for each file, so the peak is the file's own. Before the request
  the process has loaded everything and answered a small warm-up post; its peak resident size
  (VmHWM in /proc/self/status) is then reset (writing 5 to /proc/self/clear_refs) and read
  again after the request: the growth is the peak minus the resident size before.

Each answer is checked: a 200 with the expected message beside the file field, and nothing
written to the database. A file that misses a check or a target is marked.

Then the legitimate side of the same limit (item 3 of the issue): a real export of just under
10 MB (a journal made by seed_demo, about 3,000 practices with what was written in them) is
imported into an empty account through the same page, and meanwhile another process saves a
journal entry for someone else every 20 ms, as another person pressing Save would. Printed:
the time the import took and its memory growth, how long the longest of its transactions
held the database, and how long the other person's saves took (the slowest, and whether any
failed). On SQLite a write transaction locks the whole database, so the other person's save
waits for the import's current batch, never for the whole import.

Run it from the project folder, with nothing else prepared:

    .venv/bin/python bench/hostile_uploads.py
    DATABASE_URL=postgres://user:password@localhost:5432/tend \
        .venv/bin/python bench/hostile_uploads.py

The bench people (usernames starting "bench-hostile-") are deleted afterwards from a database
given in DATABASE_URL. Figures in BENCHMARKS.md.
"""

import argparse
import gc
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace

from _common import PROJECT_DIR, describe_database, prepare_environment, remove_people

PREFIX = "bench-hostile-"
PASSWORD = "bench-hostile-uploads-7"  # noqa: S105 (a throwaway bench account)
BOUNDARY = "----tend-bench-boundary-7d3f"
JOURNAL_URL = "/journal/import/"
PRACTICE_URL = "/care/practices/import/"
TARGET_SECONDS = 2.0
TARGET_MB = 100.0
MEGABYTE = 1024 * 1024
KILOBYTE = 1024

HEADER = (
    b'{"format": "tend-journal", "version": 1, "exported_at": "2026-11-24T21:30:00Z", '
    b'"time_zone": "UTC", "parts": [], "tags": [], "runs": [], '
)
ENTRY = (
    b'{"run": null, "title": "", "body": "x", "feeling": null, "tags": [], '
    b'"created_at": "2026-11-24T21:30:00Z", "updated_at": "2026-11-24T21:30:00Z", '
    b'"deleted_at": null, "notes": []}'
)
PRACTICE = """\
slug: kind-words
title: Kind words
modality: cft
skills: [feeling]
intensity: gentle
minutes: {minutes}
self_guided: false
summary: A few kind words.
why: It helps.
source: Compassion Focused Therapy
steps:
  - {{key: start, kind: read, title: Begin, body: Settle in.}}
  - {{key: words, kind: write, title: Words, prompt: What would a friend say}}
  - {{key: breathe, kind: timer, title: Breathe, body: Breathe slowly., seconds: 60}}
  - {{key: end, kind: write, title: Looking back, prompt: What stays with you}}
"""


# The files ----------------------------------------------------------------------------------


def entries(raw_list: bytes) -> bytes:
    return HEADER + b'"entries": ' + raw_list + b"}"


def listed(item: bytes, count: int) -> bytes:
    return b"[" + b",".join([item] * count) + b"]"


def billion_laughs() -> bytes:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for number in range(1, 9):
        name, previous = chr(ord("a") + number), chr(ord("a") + number - 1)
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    return "\n".join(lines).encode()


def under(limit: int, head: bytes, filler: bytes, tail: bytes) -> bytes:
    """head + filler repeated + tail, as close under `limit` bytes as whole fillers go."""
    count = (limit - len(head) - len(tail) - 1) // len(filler)
    return head + filler * count + tail


JOURNAL_LIMIT = 10 * MEGABYTE
PRACTICE_LIMIT = 200 * KILOBYTE
TOO_MUCH = "has more pieces in it than a Tend journal file"
NOT_JSON = "This file couldn't be read"
NESTED = "nested more deeply than"

# name: (page, how to build the file, what the refusal says)
CASES = {
    "journal: two million empty entries (the issue's 6 MB)": (
        JOURNAL_URL,
        lambda: entries(listed(b"{}", 2_000_000)),
        TOO_MUCH,
    ),
    "journal: two million numbers (the issue's 4 MB)": (
        JOURNAL_URL,
        lambda: entries(listed(b"7", 2_000_000)),
        TOO_MUCH,
    ),
    "journal: empty entries up to 10 MB": (
        JOURNAL_URL,
        lambda: under(JOURNAL_LIMIT, HEADER + b'"entries": [{}', b",{}", b"]}"),
        TOO_MUCH,
    ),
    "journal: 99,000 empty objects (just under the count)": (
        JOURNAL_URL,
        lambda: entries(listed(b"{}", 99_000)),
        "entries: has 99,000 items",
    ),
    "journal: 640,000 tiny strings (just under the count)": (
        JOURNAL_URL,
        lambda: entries(b"[" + b",".join(b'"%d"' % (n % 100) for n in range(640_000)) + b"]"),
        "entries: has 640,000 items",
    ),
    "journal: 10,000 wrong entries (problems stop at 100)": (
        JOURNAL_URL,
        lambda: entries(listed(b'{"title": 5, "body": [], "notes": {}}', 10_000)),
        "more than 100 problems",
    ),
    "journal: 10,001 right entries (over the cap)": (
        JOURNAL_URL,
        lambda: entries(listed(ENTRY, 10_001)),
        "entries: has 10,001 items; Tend imports up to 10,000",
    ),
    "journal: nested 50,000 deep": (
        JOURNAL_URL,
        lambda: entries(b"[" * 50_000 + b"]" * 50_000),
        NESTED,
    ),
    "journal: 10 MB of [ (nested ten million deep)": (
        JOURNAL_URL,
        lambda: under(JOURNAL_LIMIT, b"", b"[", b""),
        TOO_MUCH,
    ),
    "journal: a number of 5,000 digits": (
        JOURNAL_URL,
        lambda: entries(b'[{"feeling": ' + b"7" * 5_000 + b"}]"),
        "a number far longer than",
    ),
    "journal: a number of 10 MB of digits": (
        JOURNAL_URL,
        lambda: under(JOURNAL_LIMIT, HEADER + b'"entries": [{"feeling": ', b"7", b"}]}"),
        "a number far longer than",
    ),
    "journal: one string of 10 MB": (
        JOURNAL_URL,
        lambda: under(JOURNAL_LIMIT, HEADER + b'"entries": [{"body": "', b"x", b'"}]}'),
        "entries[0].body: is 10,",
    ),
    "journal: 10 MB of escaped quotes in one string": (
        JOURNAL_URL,
        lambda: under(JOURNAL_LIMIT, HEADER + b'"entries": [{"body": "', b'\\"', b'"}]}'),
        TOO_MUCH,  # a quote mark counts as half a string, inside a string or not
    ),
    "journal: a real export of 10 MB, one rating wrong at the end": (
        JOURNAL_URL,
        None,  # made from seed_demo's journal: see real_export()
        "distress_before: must be a whole number from 0 to 10",
    ),
    "journal: 50 MB, over the limit (the issue's 47 MB import)": (
        JOURNAL_URL,
        lambda: b" " * (50 * MEGABYTE),
        "This file is larger than 10 MB",
    ),
    "practice: 100 KB of nested brackets (the issue's)": (
        PRACTICE_URL,
        lambda: b"title: " + b"[" * 50_000 + b"]" * 50_000,
        NESTED,
    ),
    "practice: 200 KB of nested braces": (
        PRACTICE_URL,
        lambda: under(PRACTICE_LIMIT, b"title: ", b"{a: ", b""),
        NESTED,
    ),
    "practice: minutes of 5,000 digits (the issue's)": (
        PRACTICE_URL,
        lambda: PRACTICE.format(minutes="9" * 5_000).encode(),
        "a number far longer than",
    ),
    "practice: a billion laughs (aliases)": (
        PRACTICE_URL,
        billion_laughs,
        "uses YAML aliases",
    ),
    "practice: 200 KB list of tiny items": (
        PRACTICE_URL,
        lambda: under(PRACTICE_LIMIT, b"steps: [1", b",1", b"]"),
        "has more in it than a practice file",
    ),
    "practice: 200 KB of list lines": (
        PRACTICE_URL,
        lambda: under(PRACTICE_LIMIT, b"steps:\n", b"- a\n", b""),
        "has more in it than a practice file",
    ),
    "practice: indented 40 deep": (
        PRACTICE_URL,
        lambda: "".join(f"{' ' * depth}k{depth}:\n" for depth in range(40)).encode(),
        NESTED,
    ),
    "practice: one text of 200 KB": (
        PRACTICE_URL,
        lambda: under(PRACTICE_LIMIT, b"title: ", b"x", b"\n"),
        "title is 204",
    ),
    "practice: 400 unknown fields (problems stop at 100)": (
        PRACTICE_URL,
        lambda: "".join(f"colour{number}: blue\n" for number in range(400)).encode(),
        "more than 100 problems",
    ),
    "practice: 300 KB, over the limit": (
        PRACTICE_URL,
        lambda: b"title: " + b"x" * (300 * KILOBYTE),
        "This file is larger than 200 KB",
    ),
}


def real_export(person) -> dict:
    """A real export (seed_demo's journal), grown with more free writing to just under 10 MB."""
    from journal.exchange import MAX_IMPORT_BYTES, export_data

    data = export_data(person)
    paragraph = (
        "Slept badly again, but I noticed the worry without following it all the way down. "
        "Made tea, sat by the window, let the morning be slow. "
    ) * 12
    template = data["entries"][-1] | {"run": None, "notes": [], "deleted_at": None}
    template["body"] = paragraph
    added = 0
    while True:
        size = len(json.dumps(data, ensure_ascii=False, indent=2).encode())
        room = MAX_IMPORT_BYTES - size - 4 * KILOBYTE
        if room < len(paragraph) * 3:
            return data
        extra = max(1, room // (len(paragraph) + 400) // 2)
        data["entries"] += [template | {"title": f"More ({added + n})"} for n in range(extra)]
        added += extra


# One request in a fresh process ---------------------------------------------------------------


def memory() -> dict[str, int]:
    status = Path("/proc/self/status").read_text()
    return {key: int(value) * 1024 for key, value in re.findall(r"(VmHWM|VmRSS):\s+(\d+)", status)}


def reset_peak() -> None:
    Path("/proc/self/clear_refs").write_text("5")


def multipart(path: Path, token: str, name: str, content: bytes) -> None:
    """Write the body a browser would send for the import form."""
    with path.open("wb") as body:
        body.write(
            f"--{BOUNDARY}\r\n"
            'Content-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n'
            f"{token}\r\n"
            f"--{BOUNDARY}\r\n"
            f'Content-Disposition: form-data; name="file"; filename="{name}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n".encode()
        )
        body.write(content)
        body.write(f"\r\n--{BOUNDARY}--\r\n".encode())


class Page:
    """One page of the app, asked through Django's WSGI handler as gunicorn asks it, by a
    person logged in (their session cookie and CSRF token are kept in the work folder, so
    every process posts as the same session with the token its bodies hold)."""

    def __init__(self, work: Path, username: str, url: str):
        from django.core.handlers.wsgi import WSGIHandler

        kept = work / f"session-{slug(username + url)}.json"
        if not kept.exists():
            from django.test import Client

            from compassion_site.accounts.models import User

            client = Client()
            client.force_login(User.objects.get(username=username))
            html = client.get(url).content.decode()
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]
            cookie = "; ".join(f"{key}={morsel.value}" for key, morsel in client.cookies.items())
            kept.write_text(json.dumps({"token": token, "cookie": cookie}))
        session = json.loads(kept.read_text())
        self.token, self.cookie = session["token"], session["cookie"]
        self.url = url
        self.handler = WSGIHandler()

    def post(self, body_path: Path) -> tuple[int, str]:
        status = []
        with body_path.open("rb") as stream:
            environ = {
                "REQUEST_METHOD": "POST",
                "PATH_INFO": self.url,
                "SCRIPT_NAME": "",
                "QUERY_STRING": "",
                "SERVER_NAME": "testserver",
                "SERVER_PORT": "80",
                "SERVER_PROTOCOL": "HTTP/1.1",
                "REMOTE_ADDR": "127.0.0.1",
                "HTTP_HOST": "testserver",
                "HTTP_COOKIE": self.cookie,
                "CONTENT_TYPE": f"multipart/form-data; boundary={BOUNDARY}",
                "CONTENT_LENGTH": str(body_path.stat().st_size),
                "wsgi.input": stream,
                "wsgi.url_scheme": "http",
                "wsgi.errors": sys.stderr,
                "wsgi.version": (1, 0),
                "wsgi.multithread": False,
                "wsgi.multiprocess": True,
                "wsgi.run_once": False,
            }
            chunks = self.handler(environ, lambda line, headers, *_: status.append(line))
            text = b"".join(chunks).decode()
            if hasattr(chunks, "close"):
                chunks.close()
        return int(status[0].split()[0]), text


def field_errors(html: str) -> str:
    import html as html_module

    found = re.search(r'id="id_file_error">(.*?)</ul>', html, re.DOTALL)
    return html_module.unescape(found[1]) if found else ""


def written_rows(username: str) -> int:
    from journal.models import Entry, Run
    from practices.models import Practice

    return (
        Entry.objects.filter(user__username=username).count()
        + Run.objects.filter(user__username=username).count()
        + Practice.objects.filter(author__username=username).count()
    )


def one_case(work: Path, name: str) -> dict:
    """In a fresh process: post the case's file once, after a warm-up post, and measure."""
    import django

    django.setup()
    url, _, expected = CASES[name]
    username = PREFIX + ("therapist" if url == PRACTICE_URL else "person")
    page = Page(work, username, url)
    warm_up = work / "warm-up.body"
    multipart(warm_up, page.token, "warm-up", b"not a file for Tend")
    page.post(warm_up)
    body = work / f"{slug(name)}.body"
    gc.collect()
    before = memory()["VmRSS"]
    reset_peak()
    started = time.perf_counter()
    status, html = page.post(body)
    seconds = time.perf_counter() - started
    growth = memory()["VmHWM"] - before
    shown = field_errors(html)
    problems = []
    if status != 200:
        problems.append(f"status {status}")
    if expected not in shown:
        problems.append(f"expected “{expected}” beside the field, got: {shown[:300]!r}")
    if written_rows(username):
        problems.append("something was written")
    return {"seconds": seconds, "growth": growth, "problems": problems}


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


# The legitimate import, and another person's saves meanwhile --------------------------------------


def import_real(work: Path) -> dict:
    """In a fresh process: import the real 10 MB export into an empty account, timing each of
    its transactions."""
    import django

    django.setup()
    from django.db import transaction

    from journal import exchange

    held = []

    @contextmanager
    def timed_atomic(*args, **kwargs):
        started = time.perf_counter()
        with transaction.atomic(*args, **kwargs):
            yield
        held.append(time.perf_counter() - started)

    exchange.transaction = SimpleNamespace(atomic=timed_atomic)
    page = Page(work, PREFIX + "importer", JOURNAL_URL)
    warm_up = work / "warm-up.body"
    multipart(warm_up, page.token, "warm-up", b"not a file for Tend")
    page.post(warm_up)
    gc.collect()
    before = memory()["VmRSS"]
    reset_peak()
    (work / "import-started").touch()
    started = time.perf_counter()
    status, _ = page.post(work / "real-export.body")
    seconds = time.perf_counter() - started
    (work / "import-finished").touch()
    from journal.models import Entry

    return {
        "status": status,
        "seconds": seconds,
        "growth": memory()["VmHWM"] - before,
        "batches": len(held),
        "longest": max(held) if held else 0,
        "entries": Entry.objects.filter(user__username=PREFIX + "importer").count(),
    }


def keep_saving(work: Path) -> dict:
    """In a fresh process: while the import runs, save an entry for someone else every 20 ms,
    as their Save button does, and time each save."""
    import django

    django.setup()
    from django.db import DatabaseError, close_old_connections

    from compassion_site.accounts.models import User
    from journal import services

    person = User.objects.get(username=PREFIX + "other")
    waits, failures = [], 0
    (work / "saver-ready").touch()
    while not (work / "import-started").exists():
        time.sleep(0.005)
    deadline = time.monotonic() + 300
    while not (work / "import-finished").exists() and time.monotonic() < deadline:
        started = time.perf_counter()
        try:
            services.create_entry(
                person, title="Meanwhile", body="Still here.", feeling=None, tags=[]
            )
        except DatabaseError:
            failures += 1
        waits.append(time.perf_counter() - started)
        close_old_connections()
        time.sleep(0.02)
    return {"saves": len(waits), "failures": failures, "waits": waits}


# The parent -------------------------------------------------------------------------------------


def child(mode: str, work: Path, name: str = "") -> subprocess.Popen:
    command = [sys.executable, __file__, "--work", str(work), f"--{mode}"]
    if name:
        command.append(name)
    return subprocess.Popen(  # noqa: S603 (this same script)
        command, stdout=subprocess.PIPE, text=True, env=os.environ.copy()
    )


def result_of(process: subprocess.Popen) -> dict:
    output, _ = process.communicate()
    if process.returncode:
        raise RuntimeError(f"a bench process failed:\n{output}")
    return json.loads(output.strip().splitlines()[-1])


def set_up(work: Path) -> None:
    import io

    from django.core.management import call_command

    from compassion_site.accounts.models import User
    from journal.exchange import MAX_IMPORT_BYTES
    from tests.factories import UserFactory

    call_command("migrate", verbosity=0)
    call_command("sync_practices", stdout=io.StringIO())
    call_command("collectstatic", interactive=False, verbosity=0)
    remove_people(PREFIX)
    for role in ("person", "therapist", "importer", "other"):
        UserFactory(
            username=PREFIX + role,
            email=f"{role}@bench.example",
            password=PASSWORD,
            therapist_mode=role == "therapist",
        )
    started = time.perf_counter()
    call_command(
        "seed_demo",
        username=PREFIX + "seeded",
        password=PASSWORD,
        entries=3000,
        stdout=io.StringIO(),
    )
    print(f"seeded a journal of 3,000 entries in {time.perf_counter() - started:.0f} s")
    data = real_export(User.objects.get(username=PREFIX + "seeded"))
    real = json.dumps(data, ensure_ascii=False, indent=2).encode()
    assert len(real) <= MAX_IMPORT_BYTES, len(real)
    (work / "real-export.json").write_bytes(real)
    runs = [run for run in data["runs"] if run["distress_before"] is not None]
    runs[-1]["distress_before"] = 11
    wrong = json.dumps(data, ensure_ascii=False, indent=2).encode()
    (work / "real-export-wrong.json").write_bytes(wrong)
    print(
        f"a real export of {len(data['entries']):,} entries and {len(data['runs']):,} "
        f"practices: {len(real) / MEGABYTE:.2f} MB"
    )


def bodies(work: Path) -> None:
    """Each case's multipart body, with the CSRF token of the person who will post it."""
    tokens = {}
    for url, role in ((JOURNAL_URL, "person"), (PRACTICE_URL, "therapist")):
        tokens[url] = Page(work, PREFIX + role, url)
    for name, (url, build, _) in CASES.items():
        content = build() if build else (work / "real-export-wrong.json").read_bytes()
        multipart(work / f"{slug(name)}.body", tokens[url].token, f"{slug(name)}.file", content)
        (work / f"{slug(name)}.size").write_text(str(len(content)))
    importer = Page(work, PREFIX + "importer", JOURNAL_URL)
    multipart(
        work / "real-export.body",
        importer.token,
        "tend-journal.json",
        (work / "real-export.json").read_bytes(),
    )


def size_text(size: int) -> str:
    return f"{size / MEGABYTE:.1f} MB" if size >= MEGABYTE else f"{size / KILOBYTE:.0f} KB"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--work")
    parser.add_argument("--case")
    parser.add_argument("--import-real", action="store_true")
    parser.add_argument("--keep-saving", action="store_true")
    args = parser.parse_args()
    sys.path.insert(0, str(PROJECT_DIR))
    if args.case:
        print(json.dumps(one_case(Path(args.work), args.case)))
        return
    if args.import_real:
        print(json.dumps(import_real(Path(args.work))))
        return
    if args.keep_saving:
        print(json.dumps(keep_saving(Path(args.work))))
        return

    temp_dir, external = prepare_environment()
    import django

    django.setup()
    print(f"Database: {describe_database(external)}")
    work = temp_dir / "files"
    work.mkdir()
    set_up(work)
    bodies(work)
    from django.db import connections

    connections.close_all()

    print(f"\n{'file':<62} {'size':>8} {'refused in':>11} {'memory growth':>14}")
    missed = 0
    for name in CASES:
        size = int((work / f"{slug(name)}.size").read_text())
        result = result_of(child("case", work, name))
        over = result["seconds"] >= TARGET_SECONDS or result["growth"] / MEGABYTE >= TARGET_MB
        mark = "  MISSED" if over or result["problems"] else ""
        missed += bool(mark)
        print(
            f"{name:<62} {size_text(size):>8} {result['seconds']:>9.3f} s "
            f"{result['growth'] / MEGABYTE:>11.1f} MB{mark}"
        )
        for problem in result["problems"]:
            print(f"    {problem}")

    saver = child("keep-saving", work)
    while not (work / "saver-ready").exists():
        time.sleep(0.01)
    imported = result_of(child("import-real", work))
    saves = result_of(saver)
    waits = sorted(saves["waits"])
    print(
        f"\nA real export of {size_text((work / 'real-export.json').stat().st_size)} imported "
        f"into an empty account: status {imported['status']}, {imported['entries']:,} entries "
        f"in {imported['seconds']:.2f} s, memory growth {imported['growth'] / MEGABYTE:.1f} MB; "
        f"{imported['batches']} transactions, the longest held {imported['longest'] * 1000:.0f} ms."
    )
    print(
        f"Meanwhile another person saved {saves['saves']} entries: median "
        f"{statistics.median(waits) * 1000:.0f} ms, slowest {waits[-1] * 1000:.0f} ms, "
        f"{saves['failures']} failed."
    )
    print(
        f"\nTarget: every hostile file refused in under {TARGET_SECONDS:.0f} s with under "
        f"{TARGET_MB:.0f} MB of growth: "
        + ("met." if not missed else f"MISSED by {missed} file(s).")
    )
    shutil.rmtree(work)  # the bodies: about 100 MB
    if external:
        remove_people(PREFIX)


if __name__ == "__main__":
    main()
