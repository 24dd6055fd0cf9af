"""The warmer look: a small self-hosted font, an icon sprite with every icon the templates use,
the methods' pictures, and nothing fetched from another host."""

import gzip
import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
FONT = ROOT / "static" / "fonts" / "figtree-latin-wght.woff2"
CSS = (ROOT / "static" / "css" / "tend.css").read_text()
TEMPLATES = ROOT / "templates"
FONT_BUDGET = 16 * 1024


def every_template() -> list[Path]:
    return sorted(TEMPLATES.rglob("*.html"))


def test_the_font_is_a_small_woff2_with_its_licence_beside_it():
    data = FONT.read_bytes()
    assert data[:4] == b"wOF2"
    assert len(data) < FONT_BUDGET, f"{len(data)} bytes; the budget is {FONT_BUDGET}"
    licence = (FONT.parent / "OFL.txt").read_text()
    assert "SIL Open Font License" in licence
    assert "Figtree" in licence


def test_the_font_shows_the_letters_and_marks_tend_uses():
    from fontTools.ttLib import TTFont

    shown = set(TTFont(FONT).getBestCmap())
    wanted = set(range(0x20, 0x7F)) | {0xB7, 0x2013, 0x2014, 0x2018, 0x2019, 0x201C, 0x201D, 0x2026}
    assert wanted <= shown, [chr(c) for c in sorted(wanted - shown)]


def test_the_font_swaps_in_and_the_fallback_takes_its_room():
    face = re.search(r"@font-face \{[^}]*font-family: Figtree;[^}]*\}", CSS).group()
    assert "font-display: swap" in face
    assert 'url("../fonts/figtree-latin-wght.woff2")' in face
    fallback = re.search(r'@font-face \{[^}]*"Figtree fallback"[^}]*\}', CSS).group()
    assert "size-adjust" in fallback
    assert re.search(r"--font: Figtree, \"Figtree fallback\", system-ui", CSS)


def test_every_page_preloads_the_font(client, db):
    html = client.get("/").content.decode()
    assert re.search(
        r'<link rel="preload" href="/static/fonts/figtree-latin-wght[^"]*\.woff2" as="font" '
        r'type="font/woff2" crossorigin>',
        html,
    )


def test_nothing_comes_from_another_host(client, db):
    """Links to other sites are fine (a helpline's page); fetching from one is not."""
    assert not re.search(r"url\(\s*[\"']?(https?:)?//", CSS)
    assert "@import" not in CSS
    fetched = re.compile(
        r"""(?:<(?:link|script|img|source|audio|video|iframe)\b[^>]*\b(?:src|href)|\bsrcset)=["']?(https?:)?//"""
    )
    for path in every_template():
        assert not fetched.search(path.read_text()), path
    assert not fetched.search(client.get("/").content.decode())


def test_the_sprite_has_every_icon_the_templates_use():
    sprite = (ROOT / "static" / "img" / "icons.svg").read_text()
    have = set(re.findall(r'<symbol id="icon-([\w-]+)"', sprite))
    used = set()
    for path in every_template():
        used |= set(re.findall(r"""\{% icon ["']([\w-]+)["']""", path.read_text()))
    assert used, "no template uses an icon"
    assert used <= have, sorted(used - have)


def test_icons_are_decoration_beside_their_words(robin_client):
    html = robin_client.get("/").content.decode()
    link = re.search(r'<a href="/journal/"[^>]*>(.*?)</a>', html).group(1)
    assert re.fullmatch(
        r'<svg class="icon" aria-hidden="true" focusable="false">'
        r'<use href="/static/img/icons[.\w]*\.svg#icon-journal"></use></svg>Journal',
        link,
    )


def test_the_menu_follows_where_the_site_is_mounted(robin_client):
    """The menu's addresses are worked out once and kept; a site served under a prefix (a
    proxy's SCRIPT_NAME, which the WSGI handler makes the script prefix; the test client does
    not, so it is set here as the handler would) still gets links under that prefix, and the
    plain site plain ones."""
    from django.urls import get_script_prefix, set_script_prefix

    menu = re.compile(r'<nav aria-label="Main">.*?</nav>', re.S)
    plain = menu.search(robin_client.get("/").content.decode()).group()
    before = get_script_prefix()
    set_script_prefix("/tend/")
    try:
        mounted = menu.search(robin_client.get("/").content.decode()).group()
    finally:
        set_script_prefix(before)
    again = menu.search(robin_client.get("/").content.decode()).group()
    assert 'href="/journal/"' in plain
    assert 'href="/tend/journal/"' in mounted
    assert 'href="/journal/"' not in mounted
    token = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
    assert token.sub("", again) == token.sub("", plain)


def test_the_sprite_is_small_and_credits_lucide():
    sprite = (ROOT / "static" / "img" / "icons.svg").read_bytes()
    assert b"Lucide (ISC licence)" in sprite
    assert len(gzip.compress(sprite)) < 2 * 1024


def test_a_visitor_meets_the_three_methods_with_their_pictures(client, db):
    html = client.get("/").content.decode()
    for method in ("cft", "msc", "ifs"):
        assert f'<symbol id="art-{method}"' in html
        assert (
            f'<svg class="method-art" aria-hidden="true" focusable="false" width="48" height="48"><use href="#art-{method}">'
            in html
        )
    assert "Three ways in" in html


def test_the_library_and_lessons_show_each_methods_picture(client, library):
    for page in ("/practices/", "/learn/"):
        html = client.get(page).content.decode()
        assert re.search(r'<use href="#art-(cft|msc|ifs)">', html), page


def test_the_palette_is_written_once_and_follows_the_choice():
    assert "prefers-color-scheme" not in CSS
    assert re.search(r":root\[data-theme=\"dark\"\] \{\s*color-scheme: dark;", CSS)
    assert re.search(r":root\[data-theme=\"light\"\] \{\s*color-scheme: light;", CSS)
    assert "--bg: light-dark(" in CSS
