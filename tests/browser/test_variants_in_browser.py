"""Choosing a length in a real browser: "Short" on the practice's page begins the short
version, whose timer is shorter and whose steps are counted as it has them; the chooser is
clean under axe, light and dark."""

import pytest
from playwright.sync_api import expect

from practices.services import sync_practices
from tests.browser.conftest import assert_no_axe_violations
from tests.practices.test_loader import write
from tests.practices.test_sources_and_variants import BREATHING

SLUG = "slow-breathing"  # short: no rest step, 60 s of breathing instead of 120


@pytest.fixture
def breathing(db, tmp_path):
    write(tmp_path, f"{SLUG}.yaml", BREATHING.format(slug=SLUG))
    sync_practices(tmp_path)


@pytest.fixture
def robin(new_page, practitioner, log_in_browser, breathing):
    def open_page(**options):
        page = new_page(**options)
        log_in_browser(page, practitioner)
        return page

    return open_page


def test_choosing_short_begins_the_shorter_version(robin):
    page = robin()
    page.goto(f"/practices/{SLUG}/")
    lengths = page.get_by_role("group", name="How long?")
    expect(lengths.get_by_role("radio", name="About 4 minutes")).to_be_checked()
    lengths.get_by_role("radio", name="Short, about 2 minutes").check()
    page.get_by_role("button", name="Begin").click()

    expect(page.get_by_role("heading", name="How are you arriving?")).to_be_visible()
    expect(page.get_by_text("Short version, about 2 minutes.")).to_be_visible()
    page.get_by_role("button", name="Skip").click()
    expect(page.get_by_role("heading", name="What this is for")).to_be_visible()
    expect(page.locator(".quiet-bar__place")).to_have_text("Step 1 of 4")
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_role("heading", name="Settle")).to_be_visible()
    page.clock.install()
    page.get_by_role("button", name="Next").click()

    expect(page.get_by_role("heading", name="Breathe")).to_be_visible()
    expect(page.locator(".quiet-bar__place")).to_have_text("Step 3 of 4")
    expect(page.get_by_text("Take about 60 seconds.")).to_be_visible()
    expect(page.locator("[data-timer-left]")).to_have_text("1:00 left")
    page.clock.fast_forward("00:30")
    expect(page.locator("[data-timer-left]")).to_have_text("0:30 left")

    page.get_by_role("button", name="Next").click()  # the rest step is left out
    expect(page.get_by_role("heading", name="Looking back")).to_be_visible()
    expect(page.locator(".quiet-bar__place")).to_have_text("Step 4 of 4")


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_axe_finds_nothing_on_the_practice_page_with_its_chooser(robin, axe, color_scheme):
    page = robin(color_scheme=color_scheme)
    page.goto(f"/practices/{SLUG}/")
    expect(page.get_by_role("group", name="How long?")).to_be_visible()
    assert_no_axe_violations(axe, page)
    page.get_by_role("radio", name="Long, about 15 minutes").check()
    assert_no_axe_violations(axe, page)


def test_the_chooser_fits_a_phone(robin):
    page = robin(viewport={"width": 390, "height": 844})
    page.goto(f"/practices/{SLUG}/")
    lengths = page.get_by_role("group", name="How long?")
    expect(lengths).to_be_visible()
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    box = lengths.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
