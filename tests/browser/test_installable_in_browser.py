"""Tend installed as an app, in a real browser: the service worker takes over, and with the
connection gone the crisis page and the grounding practice still open, every other page shows
the calm offline page, and a person's journal is nowhere in what the worker kept.

Each test asks for the worker (`service_workers="allow"`): Playwright's request routing, which
other browser tests use, does not see what a worker handles, so they go without one."""

import pytest
from playwright.sync_api import expect

from practices.models import Practice
from tests.browser.conftest import assert_no_axe_violations
from tests.conftest import write_entry

UNIQUE_SENTENCE = "The heron on the canal lock looked at me like it knew my aunt."

# Everything the worker kept, as text: the address and the body of each answer in each cache.
EVERYTHING_KEPT = """async () => {
  const kept = [];
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) {
      const response = await cache.match(request);
      kept.push({cache: name, url: request.url, body: await response.text()});
    }
  }
  return kept;
}"""


def wait_for_the_worker(page) -> None:
    """Until the service worker is active and looks after this page."""
    state = page.evaluate(
        """async () => {
          const registration = await navigator.serviceWorker.ready;
          if (!navigator.serviceWorker.controller) {
            await new Promise((done) =>
              navigator.serviceWorker.addEventListener("controllerchange", done, {once: true}));
          }
          return registration.active.state;
        }"""
    )
    assert state in {"activating", "activated"}


def test_the_browser_finds_the_manifest_and_the_worker_takes_over(new_page, library):
    page = new_page(service_workers="allow")
    page.goto("/")
    manifest = page.evaluate(
        "async () => (await fetch(document.querySelector('link[rel=manifest]').href)).json()"
    )
    assert manifest["display"] == "standalone"
    wait_for_the_worker(page)
    scope = page.evaluate("async () => (await navigator.serviceWorker.ready).scope")
    assert scope == page.url.split("/", 3)[0] + "//" + page.url.split("/", 3)[2] + "/"


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_offline_the_crisis_page_and_the_grounding_practice_open(
    new_page, axe, library, color_scheme
):
    page = new_page(color_scheme=color_scheme, service_workers="allow")
    page.goto("/")
    wait_for_the_worker(page)
    page.context.set_offline(True)

    page.goto("/help/crisis/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Get help now")
    expect(page.get_by_role("link", name="988")).to_be_visible()

    page.goto("/offline/steady/")
    expect(page.get_by_role("heading", level=1)).to_have_text("A minute to steady yourself")
    expect(page.get_by_role("heading", name="Feel your feet")).to_be_visible()
    expect(page.get_by_role("heading", name="A slow out-breath")).to_be_visible()
    assert_no_axe_violations(axe, page)

    page.goto("/practices/")
    expect(page.get_by_role("heading", level=1)).to_have_text("No connection just now")
    expect(page.get_by_role("link", name="988")).to_be_visible()
    expect(page.get_by_role("link", name="116 123")).to_be_visible()
    assert_no_axe_violations(axe, page)

    page.get_by_role("link", name="A minute to steady yourself").click()
    expect(page.get_by_role("heading", name="Five things you can see")).to_be_visible()

    page.context.set_offline(False)
    page.goto("/practices/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Practices")


def test_offline_a_journal_page_shows_the_offline_page_and_never_its_words(
    robin_page, practitioner
):
    entry = write_entry(practitioner, UNIQUE_SENTENCE, title="By the canal")
    page = robin_page(service_workers="allow")
    page.goto(f"/journal/entries/{entry.pk}/")
    expect(page.get_by_text(UNIQUE_SENTENCE)).to_be_visible()
    wait_for_the_worker(page)
    # Now that the worker looks after the page, read the entry and the journal through it.
    page.reload()
    expect(page.get_by_text(UNIQUE_SENTENCE)).to_be_visible()
    page.goto("/journal/")
    expect(page.get_by_text("By the canal")).to_be_visible()

    page.context.set_offline(True)
    for path in (f"/journal/entries/{entry.pk}/", "/journal/", "/"):
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_have_text("No connection just now")
        assert UNIQUE_SENTENCE not in page.content()
        assert "By the canal" not in page.content()

    kept = page.evaluate(EVERYTHING_KEPT)
    assert kept, "the worker kept its public pages"
    assert len({item["cache"] for item in kept}) == 1
    for item in kept:
        assert UNIQUE_SENTENCE not in item["body"], item["url"]
        assert "/journal/" not in item["url"]
        # Kept without cookies: a visitor's page, never Robin's.
        assert "Log out" not in item["body"], item["url"]
        assert practitioner.username not in item["body"], item["url"]

    page.context.set_offline(False)
    page.goto(f"/journal/entries/{entry.pk}/")
    expect(page.get_by_text(UNIQUE_SENTENCE)).to_be_visible()


def test_a_new_deploy_replaces_what_the_worker_kept(new_page, library):
    page = new_page(service_workers="allow")
    page.goto("/")
    wait_for_the_worker(page)
    before = page.evaluate("async () => caches.keys()")
    assert len(before) == 1 and before[0].startswith("tend-")

    # The grounding practice's words change: a new worker, with a new cache.
    Practice.objects.filter(slug="cft-grounding").update(version="new words")
    page.evaluate(
        """async () => {
          const registration = await navigator.serviceWorker.ready;
          const changed = new Promise((done) =>
            navigator.serviceWorker.addEventListener("controllerchange", done, {once: true}));
          await registration.update();
          await changed;
          // The new worker clears the old cache while it activates.
          const worker = navigator.serviceWorker.controller;
          if (worker.state !== "activated") {
            await new Promise((done) => worker.addEventListener("statechange", () => {
              if (worker.state === "activated") done();
            }));
          }
        }"""
    )
    after = page.evaluate("async () => caches.keys()")
    assert len(after) == 1 and after[0].startswith("tend-")
    assert after != before
