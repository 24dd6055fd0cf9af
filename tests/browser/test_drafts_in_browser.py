"""Drafts of free writing in a real browser: kept while typing, back when the page opens
again, a warning before leaving words not yet saved anywhere, and axe-clean with a draft."""

import re

import pytest
from playwright.sync_api import expect

from compassion_site.accounts.models import Draft
from journal.models import Entry
from tests.browser.conftest import assert_no_axe_violations

NEW = "/journal/new/"


def body_box(page):
    return page.get_by_label("What's on your mind")


def draft_status(page):
    return page.locator("[data-draft-status]")


def test_words_typed_in_a_new_entry_are_there_after_following_a_menu_link(robin_page):
    page = robin_page()
    warnings = []
    page.on("dialog", lambda dialog: (warnings.append(dialog.type), dialog.accept()))
    page.goto(NEW)
    page.get_by_label("Title (optional)").fill("Sunday")
    body_box(page).press_sequentially("The rain stopped just as I got home.", delay=5)
    expect(draft_status(page)).to_contain_text("Saved")
    expect(draft_status(page)).to_have_attribute("role", "status")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Journal").click()
    expect(page).to_have_url(re.compile(r"/journal/$"))
    assert warnings == []  # everything was saved as a draft: nothing to warn about

    page.goto(NEW)
    expect(body_box(page)).to_have_value("The rain stopped just as I got home.")
    expect(page.get_by_label("Title (optional)")).to_have_value("Sunday")
    expect(page.get_by_text("Your draft from")).to_be_visible()
    assert not Entry.objects.exists()

    page.get_by_role("button", name="Save entry").click()
    expect(page.get_by_text("Saved in your journal.")).to_be_visible()
    assert Entry.objects.get().body == "The rain stopped just as I got home."
    assert not Draft.objects.exists()


def test_leaving_straight_after_typing_warns_first_and_the_words_are_kept(robin_page):
    page = robin_page()
    warnings = []
    page.on("dialog", lambda dialog: (warnings.append(dialog.type), dialog.accept()))
    page.goto(NEW)
    body_box(page).press_sequentially("Words not saved anywhere yet.", delay=5)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Progress").click()
    expect(page).to_have_url(re.compile(r"/progress/$"))
    assert warnings == ["beforeunload"]

    # The person chose to leave: the words went with the page, as a draft.
    page.goto(NEW)
    expect(body_box(page)).to_have_value("Words not saved anywhere yet.")


def test_a_draft_can_be_discarded_and_the_page_opens_empty(robin_page):
    page = robin_page()
    page.goto(NEW)
    body_box(page).press_sequentially("Something I'd rather let go.", delay=5)
    expect(draft_status(page)).to_contain_text("Saved")
    page.reload()
    expect(body_box(page)).to_have_value("Something I'd rather let go.")
    page.get_by_role("button", name="Discard this draft").click()
    expect(page.get_by_text("The draft is discarded.")).to_be_visible()
    expect(body_box(page)).to_have_value("")
    assert not Draft.objects.exists()


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_the_new_entry_page_with_a_draft_put_back_is_axe_clean(robin_page, axe, color_scheme):
    page = robin_page(color_scheme=color_scheme)
    page.goto(NEW)
    body_box(page).press_sequentially("A few words to come back to.", delay=5)
    expect(draft_status(page)).to_contain_text("Saved")
    page.reload()
    expect(page.get_by_text("Your draft from")).to_be_visible()
    assert_no_axe_violations(axe, page)
    # And the Discard button is reached by the keyboard, with the form after it.
    page.get_by_role("button", name="Discard this draft").focus()
    expect(page.get_by_role("button", name="Discard this draft")).to_be_focused()
