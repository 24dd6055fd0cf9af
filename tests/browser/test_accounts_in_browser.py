"""Signing up, logging out and logging back in, as a person does it in Chromium."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations
from tests.conftest import PASSWORD

User = get_user_model()


def test_a_person_signs_up_logs_out_and_logs_back_in(new_page):
    page = new_page(timezone_id="Asia/Tokyo")
    page.goto("/")
    page.get_by_role("link", name="Create a free account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Create your account")

    page.get_by_label("Username").fill("juniper")
    page.get_by_label("Email address").fill("juniper@example.org")
    page.get_by_label("Password", exact=True).fill("windswept-hills-at-dawn")
    page.get_by_label("Password confirmation").fill("windswept-hills-at-dawn")
    page.get_by_role("button", name="Sign up").click()

    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("juniper.")
    expect(page.get_by_role("status")).to_contain_text("Welcome to Tend")
    expect(page.get_by_role("status")).to_contain_text("We've sent a link to juniper@example.org")
    # The browser's own time zone was taken at sign-up.
    assert User.objects.get(username="juniper").time_zone == "Asia/Tokyo"

    # The address is confirmed by the link in the email, as the person would open it.
    [message] = mail.outbox
    page.goto(re.search(r"https?://\S+/accounts/email/confirm/\S+", message.body).group(0))
    page.get_by_role("button", name="Yes, confirm juniper@example.org").click()
    expect(page.get_by_role("status")).to_contain_text("juniper@example.org is confirmed")
    expect(page.get_by_text("Confirmed", exact=True)).to_be_visible()

    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("status")).to_contain_text("You've logged out")
    expect(page.get_by_role("navigation").get_by_role("link", name="Log in")).to_be_visible()

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Log in").click()
    page.get_by_label("Username or email").fill("juniper@example.org")
    page.get_by_label("Password").fill("windswept-hills-at-dawn")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("juniper.")
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


@pytest.mark.parametrize(
    ("field", "value", "label", "message"),
    [
        ("username", "robin", "Username", "A user with that username already exists."),
        ("password", "short", "Password confirmation", "too short"),
        ("password", "password123", "Password confirmation", "too common"),
        (
            "confirmation",
            "not-the-same-words",
            "Password confirmation",
            "The two passwords are different.",
        ),
        ("email", "not-an-email", "Email address", "Enter a valid email address."),
    ],
)
def test_each_bad_signup_input_shows_its_message_beside_the_field(
    page, practitioner, field, value, label, message
):
    entries = {
        "username": "newcomer",
        "email": "newcomer@example.org",
        "password": "gentle-rain-on-leaves",
        "confirmation": None,
    }
    entries[field] = value
    if entries["confirmation"] is None:
        entries["confirmation"] = entries["password"]

    page.goto("/accounts/signup/")
    page.get_by_label("Username").fill(entries["username"])
    page.get_by_label("Email address").fill(entries["email"])
    page.get_by_label("Password", exact=True).fill(entries["password"])
    page.get_by_label("Password confirmation").fill(entries["confirmation"])
    page.get_by_role("button", name="Sign up").click()

    field_box = page.get_by_label(label, exact=True)
    expect(field_box).to_have_attribute("aria-invalid", "true")
    # The message is tied to the field for screen readers, and shown beside it.
    described_by = field_box.get_attribute("aria-describedby")
    error_id = next(part for part in described_by.split() if part.endswith("_error"))
    expect(page.locator(f"#{error_id}")).to_contain_text(message)
    expect(page.get_by_role("alert")).to_be_visible()
    # The cursor waits in the first field that needs fixing.
    expect(page.locator("main [aria-invalid='true']").first).to_be_focused()
    assert not User.objects.filter(username="newcomer").exists()


def test_an_empty_signup_shows_a_message_for_every_field(page, db):
    page.goto("/accounts/signup/")
    page.get_by_role("button", name="Sign up").click()
    expect(page.locator("#id_username_error")).to_have_text("Choose a username.")
    expect(page.locator("#id_email_error")).to_have_text("Enter your email address.")
    expect(page.locator("#id_password1_error")).to_have_text("Choose a password.")
    expect(page.locator("#id_password2_error")).to_have_text("Type the same password again.")
    assert User.objects.count() == 0


def test_a_wrong_password_at_login_keeps_the_person_out_with_a_calm_message(page, practitioner):
    page.goto("/accounts/login/")
    page.get_by_label("Username or email").fill("robin")
    page.get_by_label("Password").fill("not-my-password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_contain_text("don't match an account")
    expect(page.get_by_role("link", name="Sign up")).to_be_visible()


def test_a_person_changes_their_password_and_uses_it(page, practitioner, log_in_browser):
    log_in_browser(page, practitioner)
    page.goto("/accounts/settings/")
    page.get_by_role("link", name="Change your password").click()
    page.get_by_label("Old password").fill(PASSWORD)
    page.get_by_label("New password", exact=True).fill("river-stones-are-smooth")
    page.get_by_label("New password confirmation").fill("river-stones-are-smooth")
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your password is changed")
    practitioner.refresh_from_db()
    assert practitioner.check_password("river-stones-are-smooth")


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_settings_offer_this_devices_time_zone_first_and_keep_the_saved_one_chosen(
    new_page, practitioner, log_in_browser, axe, color_scheme
):
    page = new_page(timezone_id="Asia/Tokyo", color_scheme=color_scheme)
    log_in_browser(page, practitioner)
    page.goto("/accounts/settings/")
    select = page.get_by_label("Time zone")
    first = select.locator("option").first
    expect(first).to_have_attribute("value", "Asia/Tokyo")
    assert select.locator("optgroup").first.get_attribute("label") == "This device's time zone"
    expect(select).to_have_value("America/New_York")  # nothing chosen behind Robin's back
    assert_no_axe_violations(axe, page)

    select.select_option("Asia/Tokyo")
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_role("status")).to_contain_text("Your settings are saved.")
    practitioner.refresh_from_db()
    assert practitioner.time_zone == "Asia/Tokyo"
