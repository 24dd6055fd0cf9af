"""Tend's app icons, drawn from our own mark (static/img/favicon.svg) by Chromium.

    manage.py make_icons

Writes static/img/icon-192.png and icon-512.png (the mark as it is, on a clear background)
and icon-maskable-192.png and icon-maskable-512.png (the mark's green to every edge, the mark
inside the middle 80%, so a phone may cut the icon to a circle, a squircle or a rounded
square and nothing of the mark is lost: the safe zone is the circle of 80% in the middle).
Run it again after changing the mark, and commit the PNGs.

Playwright and Chromium are development tools (the browser tests use them), so they are
imported only here. Chromium is Debian's (/usr/bin/chromium) or $CHROMIUM.
"""

import os
import shutil
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

SIZES = (192, 512)
MARK_GREEN = "#2f6f5e"  # the circle of the mark
MASKABLE_SHARE = 0.8  # of the icon's width, for the mark on a maskable icon


def page_for(svg: str, size: int, *, maskable: bool) -> str:
    mark = round(size * MASKABLE_SHARE) if maskable else size
    background = MARK_GREEN if maskable else "transparent"
    return (
        "<!doctype html><html><head><style>"
        f"html, body {{ margin: 0; width: {size}px; height: {size}px; background: {background}; }}"
        "body { display: grid; place-items: center; }"
        f"svg {{ width: {mark}px; height: {mark}px; display: block; }}"
        f"</style></head><body>{svg}</body></html>"
    )


class Command(BaseCommand):
    help = "Draw Tend's app icons (PNG, 192 and 512 px, plain and maskable) from the mark."

    def handle(self, *args, **options):
        try:
            from playwright.sync_api import sync_playwright
        except ImportError as missing:
            raise CommandError(
                "make_icons needs Playwright (a development dependency)."
            ) from missing
        chromium = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
        folder = Path(settings.BASE_DIR) / "static" / "img"
        svg = (folder / "favicon.svg").read_text(encoding="utf-8")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=chromium, args=["--no-sandbox", "--disable-gpu"], headless=True
            )
            try:
                for size in SIZES:
                    for maskable in (False, True):
                        page = browser.new_page(viewport={"width": size, "height": size})
                        page.set_content(page_for(svg, size, maskable=maskable))
                        name = f"icon-maskable-{size}.png" if maskable else f"icon-{size}.png"
                        page.screenshot(path=folder / name, omit_background=not maskable)
                        page.close()
                        self.stdout.write(f"static/img/{name}")
            finally:
                browser.close()
