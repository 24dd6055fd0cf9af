"""Leaving Tend in Chromium: the pages are axe-core clean, and deleting an account end to end
lands on a kind page, logged out."""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations
from tests.conftest import PASSWORD


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_axe_finds_nothing_on_the_leaving_pages(new_page, axe, world, log_in_browser, color_scheme):
    page = new_page(color_scheme=color_scheme)
    log_in_browser(page, world.therapist)
    for path in ["/accounts/leave/", "/accounts/leave/journal/", "/accounts/leave/account/"]:
        page.goto(path)
        assert_no_axe_violations(axe, page)
    # The confirm page with its errors beside the fields.
    page.get_by_label("Your password").fill("not-my-password")
    page.get_by_role("button", name="Delete my account for good").click()
    expect(page.locator("#id_password_error")).to_contain_text("isn't your password")
    assert_no_axe_violations(axe, page)


def test_deleting_an_account_end_to_end_lands_on_a_kind_page_logged_out(
    page, world, log_in_browser
):
    casey = world.client
    log_in_browser(page, casey)
    page.goto("/accounts/settings/")
    page.get_by_role("link", name="leaving Tend").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Leaving Tend")
    expect(page.get_by_role("link", name="Download your journal first")).to_have_attribute(
        "href", "/journal/export/"
    )
    page.get_by_role("link", name="Delete my account…").click()
    page.get_by_label("I have my export, or I don't want one").check()
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Delete my account for good").click()

    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_text("Your account and everything in it have been deleted")).to_be_visible()
    expect(
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Log in")
    ).to_be_visible()
    assert not get_user_model().objects.filter(username=casey.username).exists()
    assert page.goto("/journal/").status == 404  # a visitor now
