"""The quiet bar in a real browser: one line on a phone, light and dark, with nothing
sideways to scroll; it follows htmx from step to step; Pause keeps the words typed (with
htmx and without JavaScript) and is reached from the top of the page by keyboard."""

import re

import pytest
from playwright.sync_api import expect

from journal.models import Answer, Run
from tests.browser.conftest import assert_no_axe_violations

BREAK = "/practices/msc-self-compassion-break/"
PHONE = {"width": 390, "height": 844}


def heading(page):
    return page.get_by_role("heading", level=1)


def bar(page):
    return page.get_by_role("banner", name="Practice")


def begin(page):
    page.goto(BREAK)
    page.get_by_role("button", name="Begin").click()
    expect(heading(page)).to_have_text("How are you arriving?")


def assert_one_line_and_no_sideways_scroll(page):
    height = bar(page).evaluate("(bar) => bar.getBoundingClientRect().height")
    assert height < 56, f"the quiet bar is {height}px tall"
    place = bar(page).locator(".quiet-bar__place")
    pause = bar(page).get_by_role("button", name="Pause the practice")
    title = bar(page).locator(".quiet-bar__title")
    tops = [
        element.evaluate(
            "(e) => { const r = e.getBoundingClientRect(); return r.top + r.height / 2; }"
        )
        for element in (title, place, pause)
    ]
    assert max(tops) - min(tops) < 4, tops  # side by side, on one line
    wide = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert wide <= 0, f"the page scrolls {wide}px sideways"


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_on_a_phone_the_bar_is_one_line_and_follows_each_step(robin_page, axe, color_scheme):
    page = robin_page(viewport=PHONE, color_scheme=color_scheme)
    begin(page)
    expect(bar(page)).to_contain_text("A self-compassion break")
    expect(bar(page)).to_contain_text("Before you begin")
    expect(page.get_by_role("navigation", name="Main")).to_have_count(0)
    expect(page.get_by_role("link", name="Journal")).to_have_count(0)
    expect(
        page.get_by_role("contentinfo").get_by_role("link", name=re.compile("crisis"))
    ).to_be_visible()
    assert_one_line_and_no_sideways_scroll(page)
    assert_no_axe_violations(axe, page)

    page.evaluate("() => { window.stillTheSamePage = true; }")
    page.get_by_role("button", name="Skip").click()
    expect(bar(page)).to_contain_text("Step 1 of 8")
    page.get_by_role("button", name="Next").click()
    expect(bar(page)).to_contain_text("Step 2 of 8")
    expect(heading(page)).to_be_focused()
    assert page.evaluate("() => window.stillTheSamePage") is True
    assert_one_line_and_no_sideways_scroll(page)
    assert_no_axe_violations(axe, page)


def test_pause_with_htmx_keeps_the_words_and_resuming_puts_them_back(robin_page):
    page = robin_page()
    begin(page)
    page.get_by_role("button", name="Skip").click()
    expect(heading(page)).to_have_text("What this is for")
    page.get_by_role("button", name="Next").click()
    expect(bar(page)).to_contain_text("Step 2 of 8")
    page.locator("textarea").fill("Not finished, but kept")
    bar(page).get_by_role("button", name="Pause the practice").click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_text("Your words are kept")).to_be_visible()
    run = Run.objects.get()
    assert run.status == Run.Status.PAUSED
    assert Answer.objects.get(run=run, step_key="difficulty").text == "Not finished, but kept"

    page.get_by_role("link", name="Continue A self-compassion break").click()
    expect(bar(page)).to_contain_text("Step 2 of 8")
    expect(page.locator("textarea")).to_have_value("Not finished, but kept")


def test_pause_without_javascript_keeps_the_words(robin_page):
    page = robin_page(java_script_enabled=False)
    begin(page)
    page.get_by_role("button", name="Skip").click()
    expect(heading(page)).to_have_text("What this is for")
    page.get_by_role("button", name="Next").click()
    expect(bar(page)).to_contain_text("Step 2 of 8")
    page.locator("textarea").fill("Typed with no scripts")
    bar(page).get_by_role("button", name="Pause the practice").click()
    expect(page.get_by_text("Your words are kept")).to_be_visible()
    run = Run.objects.get()
    assert (run.status, run.current_step) == (Run.Status.PAUSED, "difficulty")
    assert Answer.objects.get(run=run, step_key="difficulty").text == "Typed with no scripts"


def test_after_care_first_in_place_pause_still_leaves(robin_page):
    page = robin_page()
    begin(page)
    page.locator("#id_distress_10").check()
    page.get_by_role("button", name="Next").click()
    expect(heading(page)).to_have_text("It sounds very hard right now")
    expect(bar(page)).to_contain_text("Before you begin")
    bar(page).get_by_role("button", name="Pause the practice").click()
    expect(page.get_by_text("Your words are kept")).to_be_visible()
    assert Run.objects.get().status == Run.Status.PAUSED


def test_tab_from_the_top_reaches_pause_with_a_visible_ring(robin_page):
    page = robin_page(viewport=PHONE)
    begin(page)
    page.get_by_role("button", name="Skip").click()
    expect(bar(page)).to_contain_text("Step 1 of 8")
    page.goto(page.url)  # from the top of a freshly loaded page
    pause = bar(page).get_by_role("button", name="Pause the practice")
    for _ in range(4):
        page.keyboard.press("Tab")
        if pause.evaluate("(b) => b === document.activeElement"):
            break
    expect(pause).to_be_focused()
    ring = pause.evaluate(
        "(b) => { const s = getComputedStyle(b); return [s.outlineStyle, s.outlineWidth]; }"
    )
    assert ring[0] == "solid" and ring[1] == "3px", ring
    page.keyboard.press("Enter")
    expect(page.get_by_text("Your words are kept")).to_be_visible()
