"""Colours in Chromium: a person picks dark in settings and the page turns dark, and stays dark
after a reload, whatever the device prefers; a visitor's choice at the foot of the page too.
Both looks pass axe."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations

LIGHT_BG = "rgb(251, 248, 243)"
DARK_BG = "rgb(18, 27, 25)"


def background(page) -> str:
    return page.evaluate("getComputedStyle(document.body).backgroundColor")


def test_a_person_chooses_dark_in_settings_and_it_stays(robin_page, practitioner, axe):
    page = robin_page(color_scheme="light")
    page.goto("/accounts/settings/")
    assert background(page) == LIGHT_BG
    page.get_by_role("radio", name="Dark").check()
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_role("status")).to_contain_text("Your settings are saved.")
    assert background(page) == DARK_BG
    page.reload()
    assert background(page) == DARK_BG
    assert_no_axe_violations(axe, page)
    practitioner.refresh_from_db()
    assert practitioner.theme == "dark"

    page.get_by_role("radio", name="As your device is set").check()
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_role("status")).to_contain_text("Your settings are saved.")
    assert background(page) == LIGHT_BG  # the device asks for light


def test_a_person_on_a_dark_device_can_choose_light(robin_page, axe):
    page = robin_page(color_scheme="dark")
    page.goto("/")
    assert background(page) == DARK_BG
    page.get_by_role("button", name="Light").click()
    expect(page.get_by_role("button", name="Light")).to_have_attribute("aria-pressed", "true")
    assert background(page) == LIGHT_BG
    page.goto("/journal/")
    assert background(page) == LIGHT_BG
    assert_no_axe_violations(axe, page)


@pytest.mark.django_db
def test_a_visitor_switches_at_the_foot_of_the_page_and_it_stays(new_page, library, axe):
    page = new_page(color_scheme="light")
    page.goto("/practices/")
    assert_no_axe_violations(axe, page)
    page.get_by_role("button", name="Dark").click()
    expect(page).to_have_url(re.compile(r"/practices/$"))
    assert background(page) == DARK_BG
    page.reload()
    assert background(page) == DARK_BG
    assert page.locator('meta[name="color-scheme"]').get_attribute("content") == "dark"
    assert_no_axe_violations(axe, page)
    page.goto("/")
    assert background(page) == DARK_BG
    assert_no_axe_violations(axe, page)
