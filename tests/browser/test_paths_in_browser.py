"""A path walked from home in a real browser: start it, follow home's "Next on your path" to
a practice and do it to the end, say a lesson is read, and see home move on each time. axe-core
on the paths and a path's page, light and dark; the path's page on a phone."""

import re
import textwrap

import pytest
from playwright.sync_api import expect

from practices.paths import sync_paths
from tests.browser.conftest import assert_no_axe_violations
from tests.browser.test_practice_flow import answer_current_step

pytestmark = pytest.mark.browser

# A practice comes first here: lessons' own pages (/learn/) come with the lessons engine.
PATH = """
slug: a-gentle-start
title: A gentle start
summary: A practice, a lesson and another practice, at your own pace.
about: |
  For anyone starting out. Go at your own pace, and pause or leave whenever you like.
topic: msc
sources:
  - {author: Kristin Neff and Christopher Germer, year: 2018, title: The Mindful Self-Compassion Workbook}
items:
  - practice: msc-self-compassion-break
    note: A few minutes for a hard moment.
  - lesson: backdraft
    note: Why warmth can sometimes stir old pain.
  - practice: msc-soothing-touch
"""


@pytest.fixture
def a_path(library, tmp_path):
    (tmp_path / "a-gentle-start.yaml").write_text(textwrap.dedent(PATH), encoding="utf-8")
    lessons = {"backdraft": "When kindness hurts at first"}
    sync_paths(tmp_path, lesson_slugs=lessons)


def next_on_home(page):
    page.goto("/")
    return page.locator(".on-paths__next")


def do_to_the_end(page):
    """From a practice's own page: begin, answer every step, and finish."""
    page.get_by_role("button", name="Begin").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("How are you arriving?")
    page.get_by_label("5", exact=True).check()
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_text(re.compile(r"^Step 1 of \d+$"))).to_be_visible()
    total = int(page.get_by_text(re.compile(r"^Step 1 of \d+$")).inner_text().split()[-1])
    for number in range(1, total + 1):
        expect(page.get_by_text(f"Step {number} of {total}")).to_be_visible()
        answer_current_step(page)
        page.get_by_role("button", name="Next").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("How are you now?")
    page.get_by_label("3", exact=True).check()
    page.get_by_role("button", name="Finish").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("You finished")


def test_a_path_walked_from_home(robin_page, a_path):
    page = robin_page()
    page.goto("/paths/")
    page.get_by_role("link", name="A gentle start").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("A gentle start")
    page.get_by_role("button", name="Start this path").click()
    expect(page.get_by_text("0 of 3 done")).to_be_visible()  # htmx swapped the panel in

    following = next_on_home(page)
    expect(following).to_have_text("A self-compassion break")
    following.click()
    expect(page).to_have_url(re.compile(r"/practices/msc-self-compassion-break/$"))
    do_to_the_end(page)

    following = next_on_home(page)
    expect(following).to_have_text("When kindness hurts at first")
    page.get_by_role("link", name="A gentle start").click()
    current = page.locator('[aria-current="step"]')
    expect(current).to_contain_text("When kindness hurts at first")
    current.get_by_role("button", name="I've read it").click()
    expect(page.get_by_text("2 of 3 done")).to_be_visible()
    expect(page.locator('[aria-current="step"]')).to_contain_text("Soothing")

    expect(next_on_home(page)).to_contain_text("Soothing")

    # Pausing is kind, and home says so
    page.get_by_role("link", name="A gentle start").click()
    page.get_by_role("button", name="Pause for now").click()
    expect(page.get_by_text("You can come back whenever you like.").first).to_be_visible()
    page.goto("/")
    expect(page.get_by_text("Paused: resume when you like.")).to_be_visible()


def test_the_path_buttons_work_without_javascript(new_page, practitioner, log_in_browser, a_path):
    page = new_page(java_script_enabled=False)
    log_in_browser(page, practitioner)
    page.goto("/paths/a-gentle-start/")
    page.get_by_role("button", name="Start this path").click()
    expect(page).to_have_url(re.compile(r"/paths/a-gentle-start/$"))
    expect(page.get_by_text("0 of 3 done")).to_be_visible()
    page.get_by_role("button", name="I've read it").click()
    expect(page.get_by_text("1 of 3 done")).to_be_visible()
    page.get_by_role("button", name="Leave this path").click()
    expect(page.get_by_role("button", name="Start this path")).to_be_visible()


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_axe_finds_nothing_on_the_paths_and_a_path_on_it(robin_page, axe, a_path, color_scheme):
    page = robin_page(color_scheme=color_scheme)
    page.goto("/paths/")
    assert_no_axe_violations(axe, page)
    page.goto("/paths/a-gentle-start/")
    assert_no_axe_violations(axe, page)
    page.get_by_role("button", name="Start this path").click()
    expect(page.get_by_text("0 of 3 done")).to_be_visible()
    assert_no_axe_violations(axe, page)
    page.goto("/paths/")
    assert_no_axe_violations(axe, page)
    page.goto("/")
    assert_no_axe_violations(axe, page)


def test_a_path_on_a_phone_fits_without_sideways_scrolling(robin_page, a_path, tmp_path):
    page = robin_page(viewport={"width": 390, "height": 844})
    page.goto("/paths/a-gentle-start/")
    page.get_by_role("button", name="Start this path").click()
    expect(page.get_by_text("0 of 3 done")).to_be_visible()
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=tmp_path / "path-390.png", full_page=True)
    print("screenshot:", tmp_path / "path-390.png")
