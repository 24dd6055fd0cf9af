"""Screenshots of the main pages at 390 px and 1280 px, light and dark, for looking at.

The app runs as `make lighthouse` runs it (gunicorn, production-like settings, a throwaway
SQLite file, the demo person from seed_demo), and Playwright drives the system Chromium.
Pictures go to the folder named on the command line (default: bench/screenshots, which git
ignores), named page-width-scheme.png, to look at before and after a change to the look.

    .venv/bin/python bench/_screenshots.py /tmp/shots/after

Its name starts with "_" so `make bench` leaves it out: it makes pictures, not figures.
"""

import io
import os
import secrets
import shutil
import sys
from base64 import b32encode
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import PROJECT_DIR, prepare_environment, set_up_database
from _lighthouse_scores import gunicorn_serving

WIDTHS = {390: 844, 1280: 900}
SCHEMES = ("light", "dark")


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else PROJECT_DIR / "bench" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    chromium = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    temp_dir, _ = prepare_environment()
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client
    from playwright.sync_api import sync_playwright

    from journal import services
    from practices.models import Practice

    set_up_database()
    call_command(
        "seed_demo",
        "--password",
        "screenshots-look",
        "--two-factor-key",
        b32encode(secrets.token_bytes(20)).decode(),
        stdout=io.StringIO(),
    )
    person = get_user_model().objects.get(username="demo")
    run = services.start_run(person, Practice.objects.get(slug="msc-self-compassion-break"))
    client = Client()
    client.force_login(person)
    session = client.cookies["sessionid"].value
    visitor_pages = [("welcome", "/"), ("crisis", "/help/crisis/"), ("learn", "/learn/")]
    person_pages = [
        ("home", "/"),
        ("library", "/practices/"),
        ("practice", "/practices/msc-self-compassion-break/"),
        ("check-in", f"/journal/runs/{run.pk}/steps/check-in/"),
        ("step", f"/journal/runs/{run.pk}/steps/difficulty/"),
        ("journal", "/journal/"),
        ("progress", "/progress/"),
        ("settings", "/settings/"),
        ("lesson", "/learn/three-systems/"),
    ]
    with gunicorn_serving(temp_dir) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium)
        for width, height in WIDTHS.items():
            for scheme in SCHEMES:
                for signed_in, pages in ((False, visitor_pages), (True, person_pages)):
                    context = browser.new_context(
                        viewport={"width": width, "height": height}, color_scheme=scheme
                    )
                    if signed_in:
                        context.add_cookies([{"name": "sessionid", "value": session, "url": base}])
                    page = context.new_page()
                    for name, path in pages:
                        page.goto(base + path)
                        page.screenshot(
                            path=str(out / f"{name}-{width}-{scheme}.png"), full_page=True
                        )
                    context.close()
        browser.close()
    print(f"Screenshots in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
