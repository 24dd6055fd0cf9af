"""Lighthouse scores for the main pages, logged in with demo data, on the system Chromium.

Lighthouse comes from npm, pinned in bench/lighthouse/package-lock.json and installed there
with `npm ci` (make lighthouse does it). The app runs under gunicorn with production-like
settings (DEBUG off, hashed and compressed static files) on a throwaway SQLite file; the demo
person (seed_demo --with-therapist) is logged in by a session cookie Lighthouse sends.

Lighthouse's default run: a mobile device with simulated slow 4G and a 4x slower CPU.
Targets, from issue 7: performance 95 or more, accessibility 100, best practices 100.

    make lighthouse     # or: .venv/bin/python bench/_lighthouse_scores.py

Its name starts with "_" so `make bench` leaves it out: it needs Node.js and npm.
"""

import io
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from base64 import b32encode
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import PROJECT_DIR, prepare_environment, set_up_database

LIGHTHOUSE = PROJECT_DIR / "bench" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
GUNICORN = PROJECT_DIR / ".venv" / "bin" / "gunicorn"
CATEGORIES = ("performance", "accessibility", "best-practices")
ATTEMPTS = 3
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100}
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --disable-quic "
    "--no-first-run --disable-background-networking --disable-component-update --disable-sync"
)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_serving(base: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("gunicorn stopped before serving")
        try:
            with urllib.request.urlopen(base + "/health/", timeout=2):  # noqa: S310 (our server)
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer within 30 s")


@contextmanager
def gunicorn_serving(temp_dir: Path) -> Iterator[str]:
    """Our own gunicorn on a free port, as production runs it, for the time of the block: its
    address, once it answers; its log in temp_dir/gunicorn.log."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [str(GUNICORN), "compassion_site.wsgi", "--bind", f"127.0.0.1:{port}"]
    with open(temp_dir / "gunicorn.log", "w") as log:
        server = subprocess.Popen(  # noqa: S603 (a fixed command: our own gunicorn)
            [*command, "--workers", "2"],
            cwd=PROJECT_DIR,
            env=dict(os.environ),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_until_serving(base, server)
            yield base
        finally:
            server.terminate()
            server.wait(timeout=10)


def score(url: str, cookie: str, out_dir: Path, chromium: str) -> dict:
    report = out_dir / "report.json"
    command = [
        str(LIGHTHOUSE),
        url,
        f"--only-categories={','.join(CATEGORIES)}",
        "--output=json",
        f"--output-path={report}",
        f"--chrome-flags={CHROME_FLAGS}",
        f"--extra-headers={json.dumps({'Cookie': cookie})}",
        "--quiet",
    ]
    env = {**os.environ, "CHROME_PATH": chromium}
    for attempt in range(1, ATTEMPTS + 1):
        # Lighthouse sometimes loses the trace of a page load (NO_NAVSTART) on a busy machine.
        done = subprocess.run(command, env=env, timeout=180, check=False)  # noqa: S603
        if done.returncode == 0:
            break
        print(f"  (Lighthouse failed on {url}, attempt {attempt} of {ATTEMPTS})")
    else:
        raise RuntimeError(f"Lighthouse failed {ATTEMPTS} times on {url}")
    result = json.loads(report.read_text())
    scores = {name: round(result["categories"][name]["score"] * 100) for name in CATEGORIES}
    failing = [
        f"{audit['id']} ({audit['score']})"
        for audit in result["audits"].values()
        if audit.get("score") is not None
        and audit["score"] < 1
        and audit.get("scoreDisplayMode") in {"binary", "numeric"}
        and any(
            ref["id"] == audit["id"]
            for name in ("accessibility", "best-practices")
            for ref in result["categories"][name]["auditRefs"]
        )
    ]
    scores["not passed"] = failing
    scores["FCP"] = result["audits"]["first-contentful-paint"]["displayValue"]
    scores["LCP"] = result["audits"]["largest-contentful-paint"]["displayValue"]
    return scores


def main() -> int:
    chromium = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not LIGHTHOUSE.exists():
        print("Lighthouse is not installed: run `make lighthouse` (npm ci in bench/lighthouse).")
        return 2
    temp_dir, _ = prepare_environment()
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client

    from journal import services
    from practices.models import Practice

    set_up_database()
    call_command(
        "seed_demo",
        "--with-therapist",
        "--password",
        "lighthouse-looks",
        "--two-factor-key",
        b32encode(secrets.token_bytes(20)).decode(),
        stdout=io.StringIO(),
    )
    person = get_user_model().objects.get(username="demo")
    run = services.start_run(person, Practice.objects.get(slug="msc-self-compassion-break"))
    client = Client()
    client.force_login(person)
    cookie = f"sessionid={client.cookies['sessionid'].value}"
    pages = [
        ("Home", "/"),
        ("Library", "/practices/"),
        ("A practice step", f"/journal/runs/{run.pk}/steps/difficulty/"),
        ("Journal", "/journal/"),
        ("Progress", "/progress/"),
    ]
    ok = True
    with gunicorn_serving(temp_dir) as base:
        print("Lighthouse 12 (mobile, simulated slow 4G, 4x CPU slowdown), logged in as demo")
        print(f"{'page':<18} {'perf':>5} {'a11y':>5} {'best':>5}  {'FCP':>7} {'LCP':>7}")
        for label, path in pages:
            with tempfile.TemporaryDirectory() as out:
                scores = score(base + path, cookie, Path(out), chromium)
            print(
                f"{label:<18} {scores['performance']:>5} {scores['accessibility']:>5}"
                f" {scores['best-practices']:>5}  {scores['FCP']:>7} {scores['LCP']:>7}"
            )
            for name, target in TARGETS.items():
                if scores[name] < target:
                    ok = False
                    print(f"  {name} {scores[name]} is under {target}")
            if scores["not passed"]:
                print(f"  not passed: {', '.join(scores['not passed'])}")
    print("All pages meet the targets." if ok else "Some pages miss a target.")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
