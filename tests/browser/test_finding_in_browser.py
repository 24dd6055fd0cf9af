"""Finding one's practices in a real browser: marking a favourite with htmx and with JavaScript
off, and seeing it on home and in the library's Favourites filter; searching the library live
as one types and with a plain form; axe-core on each, light and dark."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations

pytestmark = pytest.mark.browser

BREAK = "A self-compassion break"


def toggle(page, title: str = BREAK):
    return page.get_by_role("button", name=f"Favourite: {title}", exact=True)


def favourites_on_home(page):
    page.goto("/")
    return page.locator(".finding-home .chip-list")


def test_a_favourite_marked_with_htmx_in_place(robin_page):
    page = robin_page()
    page.goto("/practices/")
    page.evaluate("() => { window.stillTheSamePage = true; }")
    button = toggle(page)
    expect(button).to_have_attribute("aria-pressed", "false")
    button.click()
    expect(toggle(page)).to_have_attribute("aria-pressed", "true")
    expect(toggle(page)).to_be_focused()  # the swap keeps the person's place
    assert page.evaluate("() => window.stillTheSamePage") is True

    page.get_by_label("Only my favourites").check()
    expect(page).to_have_url(re.compile(r"favourites=on"))
    expect(page.locator(".practice-card")).to_have_count(1)
    expect(page.get_by_role("status")).to_have_text("1 practice matches your choices.")
    assert page.evaluate("() => window.stillTheSamePage") is True

    expect(favourites_on_home(page).get_by_role("link", name=BREAK)).to_be_visible()
    page.get_by_role("link", name=BREAK).first.click()
    toggle(page).click()  # and unmarked again, on the practice's own page
    expect(toggle(page)).to_have_attribute("aria-pressed", "false")
    expect(favourites_on_home(page)).to_have_count(0)
    expect(page.get_by_text("wait for you here")).to_be_visible()


def test_a_favourite_marked_without_javascript(robin_page):
    page = robin_page(java_script_enabled=False)
    page.goto("/practices/msc-self-compassion-break/")
    toggle(page).click()
    expect(page).to_have_url(re.compile(r"/practices/msc-self-compassion-break/$"))
    expect(toggle(page)).to_have_attribute("aria-pressed", "true")

    page.goto("/practices/?modality=msc")
    toggle(page, "Soothing touch").click()
    expect(page).to_have_url(re.compile(r"/practices/\?modality=msc$"))  # back where it was
    expect(toggle(page, "Soothing touch")).to_have_attribute("aria-pressed", "true")

    home = favourites_on_home(page)
    expect(home.get_by_role("link")).to_have_text(["Soothing touch", BREAK])

    page.goto("/practices/")
    page.get_by_label("Only my favourites").check()
    page.get_by_role("button", name="Show practices").click()
    expect(page).to_have_url(re.compile(r"favourites=on"))
    expect(page.locator(".practice-card")).to_have_count(2)


def test_the_library_searched_live_as_one_types(robin_page):
    page = robin_page()
    page.goto("/practices/")
    page.evaluate("() => { window.stillTheSamePage = true; }")
    page.get_by_label("Search the practices").press_sequentially("grief", delay=60)
    expect(page).to_have_url(re.compile(r"q=grief"))
    expect(page.get_by_role("status")).to_have_text(
        re.compile(r"^\d+ practices? match(es)? “grief”\.$")
    )
    expect(page.locator(".practice-card").first).to_contain_text("Making room for grief")
    assert page.evaluate("() => window.stillTheSamePage") is True
    assert page.locator("#results").count() == 1

    # The URL can be shared: opened afresh, it shows the same.
    count = page.locator(".practice-card").count()
    page.reload()
    expect(page.get_by_label("Search the practices")).to_have_value("grief")
    expect(page.locator(".practice-card")).to_have_count(count)

    page.get_by_label("Search the practices").fill("zebra")
    expect(page.get_by_text("Nothing in the library speaks of “zebra” yet.")).to_be_visible()
    expect(page.get_by_role("status")).to_have_text("0 practices match “zebra”.")
    page.get_by_role("link", name="Clear the search").click()
    expect(page).to_have_url(re.compile(r"/practices/\?$|/practices/$"))
    expect(page.get_by_label("Search the practices")).to_have_value("")
    expect(page.locator(".practice-card").first).to_be_visible()


def test_the_library_searched_without_javascript(new_page, library):
    page = new_page(java_script_enabled=False)
    page.goto("/practices/")
    page.get_by_label("Search the practices").fill("self-compassion break")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page).to_have_url(re.compile(r"q=self-compassion\+break"))
    expect(page.get_by_role("link", name=BREAK)).to_be_visible()
    expect(page.locator(".practice-card")).to_have_count(2)


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_axe_finds_nothing_on_favourites_and_search(robin_page, axe, color_scheme):
    page = robin_page(color_scheme=color_scheme)
    page.goto("/practices/")
    toggle(page).click()
    expect(toggle(page)).to_have_attribute("aria-pressed", "true")
    assert_no_axe_violations(axe, page)
    page.get_by_label("Search the practices").fill("kind")
    expect(page).to_have_url(re.compile(r"q=kind"))
    assert_no_axe_violations(axe, page)
    page.get_by_label("Search the practices").fill("zebra")
    expect(page.get_by_text("Clear the search")).to_be_visible()
    assert_no_axe_violations(axe, page)
    page.goto("/practices/msc-self-compassion-break/")
    assert_no_axe_violations(axe, page)
    page.goto("/")
    expect(page.locator(".finding-home .chip-list")).to_be_visible()
    assert_no_axe_violations(axe, page)
