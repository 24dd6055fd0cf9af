"""How many bytes a browser downloads for each page, compressed, by kind: HTML, CSS, JS, other.

Each page is fetched as a logged-in person would first open it (an empty cache): the HTML,
then every stylesheet, script and image it links to, through the app's own middleware (so
static files come from whitenoise, with their hashed names and cache headers, exactly as in
production). Sizes are after gzip at level 6, what whitenoise stores beside each static file
and what a server gzips HTML with; brotli, where a browser and server use it, is smaller.

Targets, from issue 7: the HTML and CSS of a practice step fit in 14 KB compressed (the first
round trip of a fresh connection: TCP's initial window of 10 segments), and the whole step
page with htmx stays under 60 KB (50 KB until issue 17 brought the self-hosted font and the
icon sprite, both counted here). The home-screen icon (<link rel="apple-touch-icon">) is not
counted: a browser fetches it only when someone adds Tend to a phone's home screen, never when
a page opens. It also checks that every static file has a hashed name and a long cache lifetime.

Setup is done here: production-like settings, a throwaway SQLite file (or DATABASE_URL),
migrate, sync_practices, collectstatic, and the demo person with a therapist (seed_demo).

    .venv/bin/python bench/page_weight.py
"""

import gzip
import io
import re
import secrets
import sys
from base64 import b32encode
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import describe_database, prepare_environment, set_up_database

STEP_HTML_AND_CSS_TARGET = 14 * 1024
STEP_PAGE_TARGET = 60 * 1024
LINKED = re.compile(
    r"""<(?:link[^>]*\bhref|script[^>]*\bsrc|img[^>]*\bsrc|use[^>]*\bhref)=["']([^"'#]+)"""
)  # <use href="/static/img/icons.svg#icon-home">: the icon sprite, fetched once per page
# Fetched only when Tend is added to a home screen, not when a page opens: checked, not weighed.
NOT_FETCHED_ON_OPENING = re.compile(r"""<link rel="apple-touch-icon" href=["']([^"']+)""")
KINDS = {".css": "CSS", ".js": "JS"}
HASHED = re.compile(r"\.[0-9a-f]{12}\.\w+$")
YEAR = 365 * 24 * 60 * 60


@dataclass
class Weight:
    label: str
    path: str
    sizes: dict = field(default_factory=lambda: {"HTML": 0, "CSS": 0, "JS": 0, "other": 0})
    raw: int = 0
    problems: list = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.sizes.values())


def compressed(body: bytes) -> int:
    return len(gzip.compress(body, compresslevel=6, mtime=0))


def weigh(client, label: str, path: str) -> Weight:
    weight = Weight(label, path)
    response = client.get(path)
    if response.status_code != 200:
        raise RuntimeError(f"{label}: {path} answered {response.status_code}")
    html = response.content
    weight.sizes["HTML"] = compressed(html)
    weight.raw = len(html)
    not_fetched = set(NOT_FETCHED_ON_OPENING.findall(html.decode()))
    for url in dict.fromkeys(LINKED.findall(html.decode())):
        if not url.startswith("/static/"):
            continue
        asset = client.get(url)
        body = b"".join(asset.streaming_content) if asset.streaming else asset.content
        if url not in not_fetched:
            kind = KINDS.get(Path(url).suffix, "other")
            weight.sizes[kind] += compressed(body)
            weight.raw += len(body)
        if not HASHED.search(url):
            weight.problems.append(f"{url} has no hashed name")
        cache = asset.get("Cache-Control", "")
        age = re.search(r"max-age=(\d+)", cache)
        if not age or int(age.group(1)) < YEAR:
            weight.problems.append(f"{url} is cached for {cache or 'no time'}")
    return weight


def kb(size: int) -> str:
    return f"{size / 1024:.1f}"


def main() -> int:
    prepare_environment()
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client

    from journal import services
    from practices.listening import narration_key
    from practices.models import Narration, Practice

    set_up_database()
    call_command(
        "seed_demo",
        "--with-therapist",
        "--reset",
        "--password",
        "bench-weighs-pages",
        "--two-factor-key",
        b32encode(secrets.token_bytes(20)).decode(),
        stdout=io.StringIO(),
    )
    users = get_user_model().objects
    person, therapist = users.get(username="demo"), users.get(username="demo-therapist")
    practice = Practice.objects.get(slug="msc-self-compassion-break")
    run = services.start_run(person, practice)
    # Each step narrated, as after build_narration, so the step pages carry their Listen
    # player (the audio itself loads only when Listen is pressed, so it isn't weighed).
    for step in practice.steps.all():
        Narration.objects.get_or_create(
            key=narration_key(step),
            defaults={"file": "narration/weighed.mp3", "seconds": 60, "voice": "none"},
        )
    client = Client()
    client.force_login(person)
    pages = [
        ("Home", "/"),
        ("Library", "/practices/"),
        ("A practice", "/practices/msc-self-compassion-break/"),
        ("Step: check-in", f"/journal/runs/{run.pk}/steps/check-in/"),
        ("Step: writing", f"/journal/runs/{run.pk}/steps/difficulty/"),
        ("Step: a pause", f"/journal/runs/{run.pk}/steps/touch/"),
        ("Journal", "/journal/"),
        ("Progress", "/progress/"),
        ("Homework", "/homework/"),
    ]
    weights = [weigh(client, label, path) for label, path in pages]
    client.force_login(therapist)
    weights.append(weigh(client, "Clients (therapist)", "/care/"))

    print(f"Page weight, gzip level 6, an empty cache; {describe_database(False)}")
    print(
        f"{'page':<22} {'HTML':>6} {'CSS':>6} {'JS':>6} {'other':>6} {'total':>7} {'raw':>7}  (KB)"
    )
    for weight in weights:
        sizes = weight.sizes
        print(
            f"{weight.label:<22} {kb(sizes['HTML']):>6} {kb(sizes['CSS']):>6} {kb(sizes['JS']):>6}"
            f" {kb(sizes['other']):>6} {kb(weight.total):>7} {kb(weight.raw):>7}"
        )
    problems = sorted({problem for weight in weights for problem in weight.problems})
    ok = not problems
    for problem in problems:
        print(f"  static file problem: {problem}")
    if not problems:
        print("Every static file has a hashed name and is cached for a year or more.")
    steps = [weight for weight in weights if weight.label.startswith("Step")]
    for weight in steps:
        first_trip = weight.sizes["HTML"] + weight.sizes["CSS"]
        fits = first_trip <= STEP_HTML_AND_CSS_TARGET and weight.total <= STEP_PAGE_TARGET
        ok = ok and fits
        print(
            f"{weight.label}: HTML and CSS {kb(first_trip)} KB "
            f"({'within' if first_trip <= STEP_HTML_AND_CSS_TARGET else 'OVER'} 14 KB); "
            f"whole page {kb(weight.total)} KB "
            f"({'within' if weight.total <= STEP_PAGE_TARGET else 'OVER'} "
            f"{STEP_PAGE_TARGET // 1024} KB)"
        )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
