"""A first visit, as a newcomer meets it in Chromium: trying the grounding practice without an
account, signing up to keep what they wrote, the welcome questions, and home's suggestion."""

import re
import uuid

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations

pytestmark = pytest.mark.usefixtures("library")


def heading(page):
    return page.get_by_role("heading", level=1)


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_a_visitor_tries_grounding_signs_up_and_finds_their_words_in_the_journal(
    new_page, axe, color_scheme
):
    sentence = f"My feet found the floor and the room went quiet {uuid.uuid4().hex[:8]}."
    page = new_page(color_scheme=color_scheme)
    page.goto("/")
    page.get_by_role("link", name="A minute to steady yourself").click()
    expect(heading(page)).to_have_text("A minute to steady yourself")
    assert_no_axe_violations(axe, page)
    page.get_by_role("link", name="Begin").click()

    for title in ("Take a pause", "Feel your feet", "Five things you can see", "A slow out-breath"):
        expect(heading(page)).to_have_text(title)
        page.get_by_role("button", name="Next").click()
    expect(heading(page)).to_have_text("How you are now")
    expect(page.get_by_text("step 5 of 5")).to_be_visible()
    assert_no_axe_violations(axe, page)
    page.get_by_label("If you like, write a word or two").fill(sentence)
    page.get_by_role("button", name="Next").click()

    expect(heading(page)).to_have_text("Thank you for taking this time")
    expect(page.get_by_text(sentence)).to_be_visible()
    assert_no_axe_violations(axe, page)
    page.get_by_role("button", name="Keep it: create a free account").click()

    expect(heading(page)).to_have_text("Create your account")
    page.get_by_label("Username").fill(f"fern{color_scheme}")
    page.get_by_label("Email address").fill(f"fern-{color_scheme}@example.org")
    page.get_by_label("Password", exact=True).fill("windswept-hills-at-dawn")
    page.get_by_label("Password confirmation").fill("windswept-hills-at-dawn")
    page.get_by_role("button", name="Sign up").click()

    # Right after signing up: three optional questions, and the words are already kept.
    expect(page).to_have_url(re.compile(r"/welcome/$"))
    expect(heading(page)).to_have_text("Welcome to Tend")
    expect(page.get_by_role("status")).to_contain_text("in your journal now")
    assert_no_axe_violations(axe, page)
    page.get_by_label("A hard day, or a hard stretch").check()
    page.get_by_label("Mindful Self-Compassion (MSC)").check()
    page.get_by_role("button", name="Save my answers").click()

    expect(page).to_have_url(re.compile(r"/$"))
    suggestion = page.get_by_role("region", name="A first suggestion for you")
    expect(suggestion).to_contain_text("For a hard day")
    expect(suggestion.get_by_role("link", name="A minute to steady yourself")).to_be_visible()
    assert_no_axe_violations(axe, page)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Journal").click()
    page.get_by_role("link", name=re.compile("A minute to steady yourself")).first.click()
    expect(page.get_by_text(sentence)).to_be_visible()


def test_the_welcome_questions_point_a_newcomer_to_a_path_and_can_be_skipped(new_page, axe):
    page = new_page()
    page.goto("/accounts/signup/")
    page.get_by_label("Username").fill("heather")
    page.get_by_label("Email address").fill("heather@example.org")
    page.get_by_label("Password", exact=True).fill("windswept-hills-at-dawn")
    page.get_by_label("Password confirmation").fill("windswept-hills-at-dawn")
    page.get_by_role("button", name="Sign up").click()

    invite = page.get_by_role("region", name="Where to begin")
    invite.get_by_role("link", name="Answer three questions").click()
    page.get_by_label("Internal Family Systems, as practice on my own (IFS)").check()
    page.get_by_role("button", name="Save my answers").click()
    suggestion = page.get_by_role("region", name="A first suggestion for you")
    expect(suggestion.get_by_role("link", name="Getting to know your parts")).to_be_visible()

    page.goto("/welcome/")
    page.get_by_role("button", name="Skip these").click()
    expect(page.get_by_role("region", name="A first suggestion for you")).to_have_count(1)
