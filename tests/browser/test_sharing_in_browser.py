"""Sharing with a therapist in a real browser: sharing and unsharing in place on an entry's
page, ending a link through its confirm page, axe-core on every sharing page, and a phone."""

import re

import pytest
from playwright.sync_api import expect

from compassion_site.accounts.models import CareLink
from journal import sharing
from journal.models import Share
from tests.browser.conftest import assert_no_axe_violations
from tests.conftest import do_homework, link, set_homework, write_entry


@pytest.fixture
def caseys_sharing(library, care_client, therapist, other_therapist):
    """Casey linked with Theo and Uma: homework from Theo shared whole, entries shared with
    each, a comment from Theo, and a few readings in the log."""
    link(other_therapist, care_client)
    assignment = set_homework(therapist, care_client)
    sharing.share_assignment(assignment)
    homework = do_homework(assignment)
    for_uma = write_entry(care_client, "A long day, and a kinder evening.", title="For Uma")
    sharing.share_entry(for_uma, other_therapist)
    sharing.add_comment(homework, therapist, "Thank you. Notice how your rating fell.")
    sharing.record_access(homework, therapist)
    sharing.record_access(for_uma, other_therapist)
    return {"homework": homework, "for_uma": for_uma}


def test_sharing_and_unsharing_an_entry_happens_in_place(casey_page, care_client, therapist):
    entry = write_entry(care_client, "Something I'd like Theo to read.", title="For Theo")
    page = casey_page()
    page.goto(f"/journal/entries/{entry.pk}/")
    page.evaluate("() => { window.stillTheSamePage = true; }")
    expect(page.get_by_text("Private: only you can read this.")).to_be_visible()

    share = page.get_by_role("button", name="Share with Theo Marsh")
    share.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Shared with Theo Marsh since")).to_be_visible()
    expect(page.get_by_role("heading", name="Sharing")).to_be_focused()
    expect(page.locator("#sharing-status")).to_have_text(
        "Shared with Theo Marsh. They can read this entry now, until you stop sharing it."
    )
    assert Share.objects.filter(entry=entry, therapist=therapist).exists()

    page.get_by_role("button", name="Stop sharing with Theo Marsh").click()
    expect(page.get_by_text("Private: only you can read this.")).to_be_visible()
    expect(page.get_by_role("heading", name="Sharing")).to_be_focused()
    expect(page.locator("#sharing-status")).to_have_text(
        "Stopped sharing with Theo Marsh. They can't read this entry any more. "
        "Only you can read it now."
    )
    assert not Share.objects.exists()
    assert page.evaluate("() => window.stillTheSamePage") is True
    expect(page.locator("#sharing")).to_have_count(1)
    expect(page.locator("#sharing-status")).to_have_count(1)


def test_choosing_one_of_two_therapists_to_share_with(
    casey_page, care_client, therapist, other_therapist
):
    link(other_therapist, care_client)
    entry = write_entry(care_client, "For one of them.", title="For one")
    page = casey_page()
    page.goto(f"/journal/entries/{entry.pk}/")
    page.get_by_label("Share with").select_option(label="uma")
    page.get_by_role("button", name="Share", exact=True).click()
    expect(page.get_by_text("Shared with uma since")).to_be_visible()
    expect(page.get_by_role("button", name="Share with Theo Marsh")).to_be_visible()
    assert list(Share.objects.values_list("therapist", flat=True)) == [other_therapist.pk]


def test_ending_a_link_through_its_confirm_page(casey_page, care_client, therapist):
    entry = write_entry(care_client, "Shared for a while.", title="Shared for a while")
    sharing.share_entry(entry, therapist)
    page = casey_page()
    page.goto("/sharing/")
    page.get_by_role("link", name="End the link with Theo Marsh").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("End the link with Theo Marsh?")
    page.get_by_role("button", name="End the link").click()
    expect(page).to_have_url(re.compile(r"/sharing/$"))
    expect(page.get_by_role("status")).to_contain_text("You've ended the link with Theo Marsh.")
    expect(page.get_by_role("heading", name="You're not linked with a therapist")).to_be_visible()
    assert CareLink.objects.get(client=care_client).ended_at is not None
    assert not Share.objects.exists()


def test_the_sharing_pages_pass_axe_checks(casey_page, caseys_sharing, care_client, axe):
    page = casey_page()
    the_link = CareLink.objects.active().filter(client=care_client).first()
    for path in [
        "/sharing/",
        "/sharing/log/",
        f"/sharing/links/{the_link.pk}/end/",
        f"/journal/entries/{caseys_sharing['homework'].pk}/",
        f"/journal/entries/{write_entry(care_client, 'Not shared yet.').pk}/",
        "/journal/?shared=on",
    ]:
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_no_axe_violations(axe, page)
    page.goto(f"/journal/entries/{caseys_sharing['homework'].pk}/")
    expect(page.get_by_text("Theo Marsh's comment,")).to_be_visible()


def test_the_sharing_pages_pass_axe_checks_in_dark_mode(casey_page, caseys_sharing, axe):
    page = casey_page(color_scheme="dark")
    for path in ["/sharing/", f"/journal/entries/{caseys_sharing['homework'].pk}/"]:
        page.goto(path)
        assert_no_axe_violations(axe, page)


def test_with_no_therapist_the_sharing_page_passes_axe_checks(
    new_page, practitioner, log_in_browser, axe
):
    page = new_page()
    log_in_browser(page, practitioner)
    page.goto("/sharing/")
    expect(page.get_by_role("link", name="join your therapist")).to_be_visible()
    assert_no_axe_violations(axe, page)


def test_the_sharing_pages_fit_a_360_pixel_phone(casey_page, caseys_sharing, care_client):
    page = casey_page(viewport={"width": 360, "height": 740})
    the_link = CareLink.objects.active().filter(client=care_client).first()
    for path in [
        "/sharing/",
        "/sharing/log/",
        f"/sharing/links/{the_link.pk}/end/",
        f"/journal/entries/{caseys_sharing['homework'].pk}/",
        f"/journal/entries/{caseys_sharing['for_uma'].pk}/",
    ]:
        page.goto(path)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 360, f"{path} is {width}px wide"
