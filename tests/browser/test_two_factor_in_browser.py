"""Turning on two-factor sign-in and logging in with it, as a person does in Chromium."""

import re
import time
from base64 import b32decode

from django_otp.oath import TOTP
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations
from tests.conftest import PASSWORD


def code_for(secret: str, *, steps_ahead: int = 0) -> str:
    """What an authenticator app shows for the secret the page gave. A step ahead is still
    accepted (one step of tolerance), and a code is never accepted twice in one step."""
    totp = TOTP(b32decode(secret.replace(" ", "")))
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def test_a_person_turns_on_two_factor_and_logs_in_with_a_code(
    page, practitioner, log_in_browser, axe
):
    log_in_browser(page, practitioner)
    page.goto("/accounts/settings/")
    expect(page.get_by_role("heading", name="Two-factor sign-in")).to_be_visible()
    assert_no_axe_violations(axe, page)
    page.get_by_role("link", name="Set up two-factor sign-in").first.click()
    page.get_by_role("link", name="Turn on two-factor sign-in").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Turn on two-factor sign-in")
    expect(page.get_by_role("img", name=re.compile("QR code"))).to_be_visible()
    assert_no_axe_violations(axe, page)
    secret = page.locator("#two-factor-secret").inner_text()
    page.get_by_label("Code", exact=True).fill(code_for(secret))
    page.get_by_role("button", name="Turn on two-factor sign-in").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your recovery codes")
    expect(page.locator(".recovery-codes li")).to_have_count(10)
    assert_no_axe_violations(axe, page)
    page.get_by_role("link", name="I've kept them safe").click()
    expect(page.get_by_role("heading", name="It's on")).to_be_visible()

    page.get_by_role("button", name="Log out").click()
    page.goto("/accounts/login/?next=/journal/")
    page.get_by_label("Username or email").fill("robin")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("One more step")
    page.get_by_label("Code", exact=True).fill("000000")
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#id_code_error")).to_contain_text("That code didn't work.")
    expect(page.get_by_label("Code", exact=True)).to_have_attribute("aria-invalid", "true")
    assert_no_axe_violations(axe, page)

    time.sleep(1.1)  # django-otp's pause after one wrong code
    page.get_by_label("Code", exact=True).fill(code_for(secret, steps_ahead=1))
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/journal/$"))
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
