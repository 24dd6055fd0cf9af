"""A very distressed check-in in a real browser: care comes in place of the first step, focus
lands on its heading, and each way on works, with htmx and without JavaScript."""

import re

import pytest
from playwright.sync_api import expect

from journal.models import Run
from tests.browser.conftest import assert_no_axe_violations

BREAK = "/practices/msc-self-compassion-break/"


def heading(page):
    return page.get_by_role("heading", level=1)


def check_in(page, distress: str):
    page.goto(BREAK)
    page.get_by_role("button", name="Begin").click()
    expect(heading(page)).to_have_text("How are you arriving?")
    page.locator(f"#id_distress_{distress}").check()
    page.get_by_role("button", name="Next").click()


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_a_check_in_of_9_brings_care_in_place_with_focus_on_its_heading(
    robin_page, axe, color_scheme
):
    page = robin_page(color_scheme=color_scheme)
    check_in(page, "9")
    expect(heading(page)).to_have_text("It sounds very hard right now")
    expect(heading(page)).to_be_focused()
    expect(page).to_have_url(re.compile(r"/care-first/$"))
    expect(page).to_have_title(re.compile("^Before you begin: A self-compassion break"))
    expect(
        page.get_by_role("button", name=re.compile("Begin “A minute to steady yourself”"))
    ).to_be_visible()
    # Robin is in New York: the line for the US, and every other line a click away.
    expect(page.get_by_role("link", name="988", exact=True)).to_have_attribute("href", "tel:988")
    expect(
        page.get_by_role("link", name="find other crisis support", exact=True)
    ).to_have_attribute("href", "/help/crisis/")
    assert_no_axe_violations(axe, page)

    page.evaluate("() => { window.stillTheSamePage = true; }")
    page.get_by_role("link", name="Go on with “A self-compassion break”").click()
    expect(page.get_by_text("Step 1 of 8")).to_be_visible()
    expect(heading(page)).to_be_focused()
    expect(page).to_have_url(re.compile(r"/steps/welcome/$"))
    assert page.evaluate("() => window.stillTheSamePage") is True


def test_steadying_first_begins_the_grounding_practice(robin_page, practitioner):
    page = robin_page()
    check_in(page, "10")
    expect(heading(page)).to_be_focused()
    page.get_by_role("button", name=re.compile("Begin “A minute to steady yourself”")).click()
    expect(heading(page)).to_have_text("How are you arriving?")
    expect(page.get_by_text("A minute to steady yourself").first).to_be_visible()
    assert Run.objects.filter(user=practitioner, practice__slug="cft-grounding").count() == 1


def test_a_check_in_of_8_goes_straight_to_the_first_step(robin_page):
    page = robin_page()
    check_in(page, "8")
    expect(page.get_by_text("Step 1 of 8")).to_be_visible()
    expect(page.get_by_text("It sounds very hard right now")).to_have_count(0)


def test_care_first_without_javascript(robin_page):
    page = robin_page(java_script_enabled=False)
    check_in(page, "10")
    expect(heading(page)).to_have_text("It sounds very hard right now")
    expect(page).to_have_url(re.compile(r"/care-first/$"))
    page.get_by_role("link", name="Go on with “A self-compassion break”").click()
    expect(page.get_by_text("Step 1 of 8")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/steps/welcome/$"))
