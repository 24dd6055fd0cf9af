"""Inviting a client and answering the invite, as people do it in Chromium; axe-core on
every invite page."""

import re

import pytest
from playwright.sync_api import expect

from care.services import accept_invite, create_invite
from compassion_site.accounts.models import CareLink, Invite
from tests.browser.conftest import assert_no_axe_violations
from tests.factories import TwoFactorDeviceFactory


def linked(therapist, client) -> bool:
    return CareLink.objects.active().filter(therapist=therapist, client=client).exists()


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_a_therapist_reads_out_a_code_and_the_client_types_it_and_accepts(
    new_page, axe, log_in_browser, therapist, make_person, color_scheme
):
    theo = new_page(color_scheme=color_scheme, permissions=["clipboard-read", "clipboard-write"])
    log_in_browser(theo, therapist)
    theo.goto("/care/invites/")
    expect(theo.get_by_role("heading", level=1)).to_have_text("Invite a client")
    assert_no_axe_violations(axe, theo)

    theo.get_by_label("Who is it for?").fill("Dana, Tuesdays")
    theo.get_by_role("button", name="Make an invite").click()
    expect(theo.get_by_role("heading", level=1)).to_have_text("Your invite is ready")
    code = theo.locator("#invite-code").inner_text()
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}", code)
    link = theo.get_by_label("Invite link").input_value()
    assert re.fullmatch(r"http://[^/]+/invite/[A-Za-z0-9_-]{43}/", link)
    # The enhancement: a Copy link button that puts the link on the clipboard (which needs
    # the page to have focus).
    # Pages can't read the clipboard (the Permissions-Policy turns clipboard-read off), so the
    # test notes what the button writes on its way to the real clipboard.
    theo.bring_to_front()
    theo.evaluate(
        "() => { const write = navigator.clipboard.writeText.bind(navigator.clipboard);"
        " navigator.clipboard.writeText = (text) => { window.copied = text; return write(text); }; }"
    )
    theo.get_by_role("button", name="Copy link").click()
    expect(theo.get_by_role("status").last).to_contain_text("Copied")
    assert theo.evaluate("() => window.copied") == link
    assert_no_axe_violations(axe, theo)

    dana = make_person("dana")
    client_page = new_page(color_scheme=color_scheme)
    log_in_browser(client_page, dana)
    client_page.goto("/invite/")
    assert_no_axe_violations(axe, client_page)
    client_page.get_by_label("Invite code").fill("nope")
    client_page.get_by_role("button", name="Continue").click()
    expect(client_page.locator("#id_code_error")).to_contain_text("doesn't match an invite")
    assert_no_axe_violations(axe, client_page)

    # Read aloud, typed as heard: small letters, a space instead of the hyphen.
    client_page.get_by_label("Invite code").fill(code.replace("-", " ").lower())
    client_page.get_by_role("button", name="Continue").click()
    expect(client_page.get_by_role("heading", level=1)).to_have_text(
        "Theo Marsh has invited you to link on Tend"
    )
    expect(client_page.get_by_role("heading", name="What Theo Marsh won't see")).to_be_visible()
    assert_no_axe_violations(axe, client_page)
    client_page.get_by_role("button", name="Accept and link").click()
    expect(client_page.get_by_role("status")).to_contain_text("You're linked with Theo Marsh")
    assert linked(therapist, dana)

    theo.goto("/care/invites/")
    expect(theo.locator(".invite-item").first).to_contain_text("Accepted by dana")
    theo.get_by_role("link", name="Dana, Tuesdays").click()
    expect(theo.get_by_role("heading", level=1)).to_have_text("Invite for Dana, Tuesdays")
    expect(theo.get_by_text(code)).to_have_count(0)
    assert_no_axe_violations(axe, theo)


def test_the_link_can_be_selected_and_copied_without_javascript(
    new_page, log_in_browser, therapist
):
    page = new_page(java_script_enabled=False)
    log_in_browser(page, therapist)
    page.goto("/care/invites/")
    page.get_by_role("button", name="Make an invite").click()
    field = page.get_by_label("Invite link")
    expect(field).to_be_visible()
    expect(field).to_have_value(re.compile(r"/invite/[A-Za-z0-9_-]{43}/$"))
    expect(page.get_by_role("button", name="Copy link")).to_be_hidden()
    expect(page.locator("#invite-code")).to_have_text(re.compile(r"^[A-Z0-9]{4}-[A-Z0-9]{4}$"))


def test_a_visitor_opens_the_link_signs_up_and_accepts(new_page, axe, therapist):
    _invite, token, _code = create_invite(therapist)
    page = new_page()
    page.goto(f"/invite/{token}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Theo Marsh has invited you to link on Tend"
    )
    expect(
        page.get_by_role("heading", name="Log in or create an account to answer")
    ).to_be_visible()
    assert_no_axe_violations(axe, page)

    page.get_by_role("link", name="Create an account").click()
    page.get_by_label("Username").fill("fern")
    page.get_by_label("Email address").fill("fern@example.org")
    page.get_by_label("Password", exact=True).fill("windswept-hills-at-dawn")
    page.get_by_label("Password confirmation").fill("windswept-hills-at-dawn")
    page.get_by_role("button", name="Sign up").click()

    expect(page).to_have_url(re.compile(rf"/invite/{re.escape(token)}/$"))
    expect(page.get_by_role("status")).to_contain_text("Welcome to Tend")
    assert_no_axe_violations(axe, page)
    page.get_by_role("button", name="Accept and link").click()
    expect(page.get_by_role("status")).to_contain_text("You're linked with Theo Marsh")
    assert CareLink.objects.get(therapist=therapist).client.username == "fern"


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_pages_for_invites_that_cannot_be_answered_are_calm_and_clean(
    new_page, axe, log_in_browser, therapist, make_person, color_scheme
):
    used, used_token, _code = create_invite(therapist)
    accept_invite(used, make_person("dana"))
    _own, own_token, _code = create_invite(therapist)
    page = new_page(color_scheme=color_scheme)
    page.goto("/invite/not-a-real-invite/")
    expect(page.get_by_role("heading", level=1)).to_have_text("We can't find this invite")
    assert_no_axe_violations(axe, page)

    log_in_browser(page, make_person("erin"))
    page.goto(f"/invite/{used_token}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("This invite has already been used")
    assert_no_axe_violations(axe, page)

    log_in_browser(page, therapist)
    page.goto(f"/invite/{own_token}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("This is your own invite")
    assert_no_axe_violations(axe, page)


def test_a_therapist_withdraws_an_invite_in_the_browser(new_page, axe, log_in_browser, therapist):
    create_invite(therapist, "Sam")
    page = new_page()
    log_in_browser(page, therapist)
    page.goto("/care/invites/")
    page.get_by_role("button", name="Withdraw the invite “Sam”").click()
    expect(page.get_by_role("status")).to_contain_text("Invite withdrawn")
    expect(page.locator(".invite-item")).to_contain_text("Withdrawn")
    assert Invite.objects.get().revoked_at is not None
    assert_no_axe_violations(axe, page)


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_settings_with_therapist_mode_on_are_axe_clean(
    new_page, axe, log_in_browser, therapist, care_client, color_scheme
):
    page = new_page(color_scheme=color_scheme)
    log_in_browser(page, therapist)
    page.goto("/accounts/settings/")
    expect(page.get_by_label("Turn on therapist mode")).to_be_checked()
    expect(page.get_by_text("You have 1 linked client.")).to_be_visible()
    expect(
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Clients")
    ).to_be_visible()
    assert_no_axe_violations(axe, page)


def test_a_person_turns_on_therapist_mode_and_reminders_in_the_browser(
    new_page, axe, log_in_browser, practitioner
):
    # Therapist mode needs two-factor sign-in first.
    TwoFactorDeviceFactory(user=practitioner, name="Authenticator app", confirmed=True)
    page = new_page()
    log_in_browser(page, practitioner)
    page.goto("/accounts/settings/")
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="Clients")).to_have_count(0)
    page.get_by_label("Turn on therapist mode").check()
    page.get_by_label("Email me on days homework is due").check()
    page.get_by_label("Display name").fill("Robin Hale")
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_role("status")).to_contain_text("Therapist mode is on.")
    expect(nav.get_by_role("link", name="Clients")).to_be_visible()
    practitioner.refresh_from_db()
    assert practitioner.therapist_mode
    assert practitioner.homework_reminders
    assert practitioner.shown_name == "Robin Hale"
    assert_no_axe_violations(axe, page)


def test_invite_pages_fit_a_360_pixel_phone(new_page, log_in_browser, therapist, make_person):
    create_invite(therapist, "A rather long label for someone from the Thursday group")
    page = new_page(viewport={"width": 360, "height": 740})
    log_in_browser(page, therapist)
    page.goto("/care/invites/")
    page.get_by_role("button", name="Make an invite").click()
    link = page.get_by_label("Invite link").input_value()
    paths = ["/care/invites/", page.url, "/accounts/settings/"]
    for path in paths:
        page.goto(path)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 360, f"{path} is {width}px wide"
    page.goto("/care/invites/")
    page.get_by_role("button", name="Make an invite").click()
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 360, f"a new invite's page is {width}px wide"

    log_in_browser(page, make_person("dana"))
    for path in [link, "/invite/", "/invite/not-a-real-invite/"]:
        page.goto(path)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 360, f"{path} is {width}px wide"
