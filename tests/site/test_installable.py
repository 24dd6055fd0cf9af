"""Tend as an installable app: the manifest, its icons, the service worker's headers and what
it keeps, and the two pages it shows without a connection."""

import json
import re
import struct
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.test import Client

from compassion_site import installable
from practices.models import Practice

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_size(path: Path) -> tuple[int, int]:
    """Width and height from a PNG's header (its IHDR chunk comes first)."""
    head = path.read_bytes()[:24]
    assert head[:8] == PNG_SIGNATURE, f"{path.name} is not a PNG"
    assert head[12:16] == b"IHDR"
    return struct.unpack(">II", head[16:24])


def static_file(url: str) -> Path:
    name = url.removeprefix(static(""))
    found = finders.find(name)
    assert found, f"{url} is not one of our static files"
    return Path(found)


@pytest.fixture
def manifest(client, db):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/manifest+json")
    return json.loads(response.content)


def test_the_manifest_says_what_a_device_needs_to_install_tend(manifest):
    assert manifest["name"] == "Tend"
    assert manifest["short_name"] == "Tend"
    assert manifest["description"]
    assert manifest["start_url"] == "/"
    assert manifest["scope"] == "/"
    assert manifest["display"] == "standalone"
    assert re.fullmatch(r"#[0-9a-f]{6}", manifest["theme_color"])
    assert re.fullmatch(r"#[0-9a-f]{6}", manifest["background_color"])


def test_the_manifest_icons_are_ours_at_192_and_512_pixels_with_a_maskable_one(manifest):
    seen = set()
    for icon in manifest["icons"]:
        assert icon["type"] == "image/png"
        width, height = png_size(static_file(icon["src"]))
        assert icon["sizes"] == f"{width}x{height}"
        seen.add((width, icon["purpose"]))
    assert {(192, "any"), (512, "any"), (512, "maskable")} <= seen


def test_every_page_links_the_manifest_the_worker_and_both_theme_colours(client, db):
    html = client.get("/help/crisis/").content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in html
    assert (
        f'<meta name="theme-color" content="{installable.THEME_LIGHT}" '
        'media="(prefers-color-scheme: light)">' in html
    )
    assert (
        f'<meta name="theme-color" content="{installable.THEME_DARK}" '
        'media="(prefers-color-scheme: dark)">' in html
    )
    assert re.search(
        r'<script src="[^"]*installable[^"]*\.js" data-worker="/sw.js"[^>]* defer>', html
    )


def test_the_worker_comes_from_the_root_as_javascript_and_is_always_checked_again(client, db):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Cache-Control"] == "no-cache"
    assert "Service-Worker-Allowed" not in response  # its own folder, /, is its scope


def worker_config(client) -> dict:
    source = client.get("/sw.js").content.decode()
    match = re.search(r"const TEND = (\{.*?\n\});\n", source, re.DOTALL)
    assert match, "the worker starts with its settings"
    return json.loads(match[1])


def test_the_worker_keeps_only_public_pages_and_the_files_they_load(client, library):
    config = worker_config(client)
    assert set(config["pages"]) == {"/offline/", "/help/crisis/", "/offline/steady/"}
    assert config["offline"] == "/offline/"
    for url in config["files"]:
        if url != "/manifest.webmanifest":
            assert static_file(url).is_file()
    # Everything a kept page loads is kept with it, so it looks right offline.
    for page in config["pages"]:
        html = Client().get(page).content.decode()
        loaded = set(re.findall(r'<(?:script|img)[^>]* src="(/[^"]+)"', html))
        loaded |= set(re.findall(r'<link rel="(?:stylesheet|icon|manifest)" href="(/[^"]+)"', html))
        assert loaded <= set(config["files"]), loaded - set(config["files"])


def test_a_new_version_of_what_it_keeps_is_a_new_worker(client, library):
    before = worker_config(client)["version"]
    assert worker_config(client)["version"] == before  # the same deploy, the same worker
    practice = Practice.objects.get(slug="cft-grounding")
    practice.version = "changed"
    practice.save()
    assert worker_config(client)["version"] != before


def test_the_worker_stores_nothing_while_it_runs(client, db):
    """Its one way into the cache is `keep()` at install, for the listed pages and files."""
    source = client.get("/sw.js").content.decode()
    assert source.count("cache.put(") == 1
    assert "cache.add(" not in source and "cache.addAll(" not in source
    assert 'credentials: "omit"' in source
    assert re.search(r"no-store\|private", source)
    assert 'request.method !== "GET"' in source


@pytest.mark.parametrize("path", ["/offline/", "/offline/steady/"])
def test_the_offline_pages_are_for_everyone_and_may_be_kept(client, robin_client, library, path):
    for browser in (client, robin_client):
        response = browser.get(path)
        assert response.status_code == 200
        assert "no-store" not in response.get("Cache-Control", "")
        assert "private" not in response.get("Cache-Control", "")


def test_the_offline_page_has_the_crisis_numbers_and_the_way_to_steady_yourself(client, db):
    html = client.get("/offline/").content.decode()
    assert "No connection just now" in html
    for number in ("911", "112", "999", "000", 'href="tel:988"', 'href="tel:116123"'):
        assert number in html
    assert 'href="/help/crisis/"' in html
    assert 'href="/offline/steady/"' in html


def test_the_grounding_practice_opens_on_one_page_in_the_library_s_own_words(
    client, library, django_assert_max_num_queries
):
    practice = Practice.objects.get(slug="cft-grounding")
    with django_assert_max_num_queries(2):
        response = client.get("/offline/steady/")
    html = response.content.decode()
    assert f"<h1>{practice.title}</h1>" in html
    for step in practice.steps.all():
        assert f"<h2>{step.title}</h2>" in html
        for paragraph in step.paragraphs:
            assert paragraph.replace("'", "&#x27;") in html
    assert "<form" not in html.split('<main id="main"')[1].split("</main>")[0]


def test_without_the_grounding_practice_its_page_is_not_found(client, db):
    assert client.get("/offline/steady/").status_code == 404


def test_the_worker_and_manifest_answer_only_get(client, db):
    for path in ("/sw.js", "/manifest.webmanifest", "/offline/", "/offline/steady/"):
        assert client.post(path).status_code == 405
