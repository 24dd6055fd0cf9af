"""The daily check-in in a real browser: two taps from home log how I am, and it shows on
/progress/; words and a line after; a number out of the scale is answered in the panel; the
keyboard alone does it all; without JavaScript the plain forms work; axe-core finds nothing,
light or dark."""

import re

import pytest
from playwright.sync_api import expect

from journal.models import CheckIn
from tests.browser.conftest import assert_no_axe_violations


def panel(page):
    return page.locator("#check-in")


def test_two_taps_from_home_log_how_i_am_and_it_shows_on_progress(robin_page, practitioner):
    page = robin_page()
    page.goto("/")
    page.evaluate("() => { window.stillTheSamePage = true; }")
    panel(page).locator("label[for='check-in-how_i_am_6']").click()  # one
    panel(page).get_by_role("button", name="Save").click()  # two
    expect(panel(page).get_by_role("status")).to_contain_text("Thank you for checking in")
    expect(panel(page)).to_contain_text("6 out of 10")
    assert page.evaluate("() => window.stillTheSamePage") is True  # swapped, not reloaded
    assert CheckIn.objects.get(user=practitioner).how_i_am == 6

    panel(page).get_by_text("tired", exact=True).click()
    panel(page).get_by_label("A line about today").fill("Slept badly, still here.")
    panel(page).get_by_role("button", name="Keep these words").click()
    expect(panel(page)).to_contain_text("tired: “Slept badly, still here.”")

    page.goto("/progress/")
    chart = page.get_by_role("img", name=re.compile("How you've been"))
    expect(chart).to_be_visible()
    assert page.locator(".check-in-chart__dot").count() == 1
    page.get_by_text("Check-ins and practice as a table").click()
    expect(page.get_by_role("table", name=re.compile("How you were"))).to_contain_text("6")


def test_a_number_outside_the_scale_is_answered_in_the_panel(
    new_page, log_in_browser, practitioner, library
):
    new_page.watcher.expected_statuses.add(400)  # the answer that says what to put right
    page = new_page()
    log_in_browser(page, practitioner)
    page.goto("/")
    # As a tampered form might send it: the 10 on the scale sends 11.
    page.evaluate("() => { document.getElementById('check-in-how_i_am_10').value = '11'; }")
    page.locator("label[for='check-in-how_i_am_10']").click()
    panel(page).get_by_role("button", name="Save").click()
    expect(panel(page)).to_contain_text("Choose a number from 0 to 10 for how you are.")
    expect(panel(page).locator("input[name=how_i_am]").first).to_be_focused()
    assert not CheckIn.objects.exists()


def test_the_keyboard_alone_checks_in_and_changes_it(robin_page, practitioner):
    page = robin_page()
    page.goto("/")
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.name") == "how_i_am":
            break
    else:
        pytest.fail("Tab never reached the check-in scale")
    for _ in range(4):
        page.keyboard.press("ArrowRight")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent.trim()") == "Save"
    page.keyboard.press("Enter")
    expect(panel(page)).to_contain_text("4 out of 10")
    expect(panel(page).get_by_role("heading", name="Checked in today")).to_be_focused()
    page.keyboard.press("Tab")
    expect(panel(page).get_by_role("link", name="Change it")).to_be_focused()
    page.keyboard.press("Enter")
    expect(panel(page).get_by_label(re.compile("^4"))).to_be_checked()
    # Once the panel has settled, focus is on its heading, and Tab goes on to the scale.
    expect(page.locator("#check-in [data-check-in-focus]")).to_be_focused()
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowRight")
    expect(panel(page).get_by_label(re.compile("^5"))).to_be_checked()
    page.keyboard.press("Tab")
    expect(panel(page).get_by_role("button", name="Save")).to_be_focused()
    page.keyboard.press("Enter")
    expect(panel(page)).to_contain_text("5 out of 10")
    assert CheckIn.objects.get(user=practitioner).how_i_am == 5


def test_without_javascript_the_plain_forms_check_in(robin_page, practitioner):
    page = robin_page(java_script_enabled=False)
    page.goto("/")
    panel(page).locator("label[for='check-in-how_i_am_3']").click()
    panel(page).get_by_role("button", name="Save").click()
    expect(page).to_have_url(re.compile("/journal/check-in/$"))
    expect(panel(page)).to_contain_text("3 out of 10")
    panel(page).get_by_text("calm", exact=True).click()
    panel(page).get_by_role("button", name="Keep these words").click()
    expect(page.locator(".check-in-past__list")).to_contain_text("calm")
    assert CheckIn.objects.get(user=practitioner).words == ["calm"]


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_axe_finds_nothing_on_the_check_in_home_page_and_progress(
    robin_page, axe, practitioner, color_scheme
):
    page = robin_page(color_scheme=color_scheme)
    page.goto("/")
    assert_no_axe_violations(axe, page)
    panel(page).locator("label[for='check-in-how_i_am_7']").click()
    panel(page).get_by_role("button", name="Save").click()
    expect(panel(page)).to_contain_text("7 out of 10")
    assert_no_axe_violations(axe, page)
    page.goto("/journal/check-in/")
    assert_no_axe_violations(axe, page)
    page.goto("/progress/")
    expect(page.get_by_role("img", name=re.compile("How you've been"))).to_be_visible()
    assert_no_axe_violations(axe, page)
