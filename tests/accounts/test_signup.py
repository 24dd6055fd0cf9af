import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.accounts.mailbox import confirmation_link
from tests.conftest import PASSWORD

User = get_user_model()


def signup_data(**overrides):
    data = {
        "username": "ash",
        "email": "ash@example.org",
        "password1": "soft-morning-light-42",
        "password2": "soft-morning-light-42",
        "time_zone": "Australia/Sydney",
    }
    data.update(overrides)
    return data


def error_beside(html: str, field: str) -> str:
    """The text of the error list rendered beside a field ('' when there is none)."""
    marker = f'id="id_{field}_error"'
    if marker not in html:
        return ""
    start = html.index(marker)
    return html[start : html.index("</ul>", start)]


def test_signing_up_logs_the_person_in_and_greets_them_at_home(client, db):
    response = client.post("/accounts/signup/", signup_data(), follow=True)
    assert response.redirect_chain == [("/", 302)]
    html = response.content.decode()
    assert "ash." in html
    assert "Welcome to Tend" in html
    assert response.context["user"].username == "ash"
    person = User.objects.get(username="ash")
    assert person.email == "ash@example.org"
    assert person.time_zone == "Australia/Sydney"
    assert person.password.startswith("argon2")


def test_an_unknown_time_zone_from_the_browser_falls_back_to_utc(client, db):
    client.post("/accounts/signup/", signup_data(time_zone="Mars/Olympus_Mons"))
    assert User.objects.get(username="ash").time_zone == "UTC"


def test_the_email_domain_is_stored_in_lower_case(client, db):
    client.post("/accounts/signup/", signup_data(email="Ash@Example.ORG"))
    assert User.objects.get(username="ash").email == "Ash@example.org"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"username": "ROBIN"}, "username", "A user with that username already exists."),
        ({"password1": "short", "password2": "short"}, "password2", "too short"),
        (
            {"password1": "password123", "password2": "password123"},
            "password2",
            "too common",
        ),
        (
            {"password1": "84736251908", "password2": "84736251908"},
            "password2",
            "entirely numeric",
        ),
        ({"password2": "something-else-entirely"}, "password2", "The two passwords are different."),
        ({"email": "not-an-email"}, "email", "Enter a valid email address."),
        ({"username": "ash@home"}, "username", "can&#x27;t contain @"),
        ({"username": "ash smith"}, "username", "Enter a valid username."),
    ],
    ids=[
        "taken username in another case",
        "short password",
        "common password",
        "numeric password",
        "passwords differ",
        "invalid email",
        "username with @",
        "username with a space",
    ],
)
def test_bad_signup_input_gets_a_message_beside_the_field_and_creates_nothing(
    client, practitioner, overrides, field, message
):
    before = User.objects.count()
    response = client.post("/accounts/signup/", signup_data(**overrides))
    assert response.status_code == 200
    html = response.content.decode()
    assert message in error_beside(html, field)
    assert 'aria-invalid="true"' in html
    assert User.objects.count() == before
    assert "_auth_user_id" not in client.session


def test_an_empty_signup_form_names_every_missing_field(client, db):
    response = client.post("/accounts/signup/", {})
    html = response.content.decode()
    assert "Choose a username." in error_beside(html, "username")
    assert "Enter your email address." in error_beside(html, "email")
    assert "Choose a password." in error_beside(html, "password1")
    assert "Type the same password again." in error_beside(html, "password2")
    assert User.objects.count() == 0


def test_what_was_typed_stays_in_the_form_after_an_error_but_passwords_do_not(client, db):
    response = client.post("/accounts/signup/", signup_data(password2="different-words-here-9"))
    html = response.content.decode()
    assert 'value="ash"' in html
    assert 'value="ash@example.org"' in html
    assert "soft-morning-light-42" not in html


def test_signing_up_takes_a_fixed_number_of_queries(
    client, practitioner, django_assert_max_num_queries
):
    # Uniqueness checks (the form's and the model's), the insert, the session and the
    # login, the writes each in a savepoint: a fixed cost, however many people there are.
    # Then two throttle counts in the shared database cache (per client address and per email
    # address: a read, then Django's count, read and insert in a savepoint, 6 queries each),
    # and whether another account has the address confirmed (1).
    with django_assert_max_num_queries(16 + 2 * 6 + 1):
        client.post("/accounts/signup/", signup_data())


def test_the_password_is_never_echoed_in_a_failed_signup(client, practitioner):
    response = client.post("/accounts/signup/", signup_data(username="robin"))
    assert PASSWORD not in response.content.decode()
    assert "soft-morning-light-42" not in response.content.decode()


# Whether an address has an account is nobody's business but its owner's -------------------


def masked(html: str, *words: str) -> str:
    """A page without its per-render CSRF tokens, with the given words masked."""
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)
    html = re.sub(r'"X-CSRFToken": "[^"]*"', "", html)
    for word in words:
        html = html.replace(word, "WORD")
    return html


def what_the_person_signing_up_sees(data: dict) -> dict:
    """Everything a sign-up shows the person making it, and how much work it took, inside a
    transaction rolled back afterwards so the next sign-up starts from the same world."""
    with transaction.atomic():
        browser = Client()
        mail.outbox = []
        with CaptureQueriesContext(connection) as queries:
            response = browser.post("/accounts/signup/", data)
        landing = browser.get(response["Location"])
        stored_address = User.objects.normalize_email(data["email"])
        seen = {
            "status": response.status_code,
            "location": response["Location"],
            "logged in": "_auth_user_id" in browser.session,
            "landing status": landing.status_code,
            "landing page": masked(landing.content.decode(), stored_address),
            "queries": len(queries),
            "emails": [
                [recipient.lower() == data["email"].lower() for recipient in message.to]
                for message in mail.outbox
            ],
        }
        transaction.set_rollback(True)
    return seen


def test_signing_up_with_an_address_that_has_an_account_looks_exactly_like_a_new_one(
    practitioner,
):
    known = what_the_person_signing_up_sees(signup_data(email="Robin@Example.ORG"))
    new = what_the_person_signing_up_sees(signup_data(email="Ash@Example.ORG"))
    assert known == new
    assert known["status"] == 302
    assert known["logged in"]
    assert known["emails"] == [[True]], "one email, to the address typed"
    assert "We&#x27;ve sent a link to WORD" in known["landing page"]


def test_the_owner_of_a_known_address_is_told_and_keeps_it(client, practitioner):
    client.post("/accounts/signup/", signup_data(email="ROBIN@example.org"))
    [message] = mail.outbox
    assert message.to == ["robin@example.org"]
    assert "already" in message.body
    assert "robin" in message.body, "the owner is reminded of their username"
    assert "/accounts/password/reset/" in message.body
    assert "/accounts/email/confirm/" not in message.body, "no link that would give it away"

    ash = User.objects.get(username="ash")
    assert ash.email == "ROBIN@example.org"
    assert ash.email_confirmed_at is None
    practitioner.refresh_from_db()
    assert practitioner.email_confirmed_at is not None

    # The address still logs in to Robin's account only.
    client.logout()
    response = client.post(
        "/accounts/login/", {"username": "robin@example.org", "password": "soft-morning-light-42"}
    )
    assert "_auth_user_id" not in client.session
    assert response.status_code == 200


def test_a_new_account_can_practise_at_once_and_its_address_waits_for_the_link(client, db):
    response = client.post("/accounts/signup/", signup_data(), follow=True)
    assert response.context["user"].username == "ash"
    ash = User.objects.get(username="ash")
    assert ash.email_confirmed_at is None
    [message] = mail.outbox
    assert message.to == ["ash@example.org"]
    assert message.subject == "Confirm your email address for Tend"
    assert confirmation_link(message)
    html = response.content.decode()
    assert "We&#x27;ve sent a link to ash@example.org" in html


def test_two_new_accounts_may_both_wait_on_one_address(client, db):
    client.post("/accounts/signup/", signup_data())
    client.logout()
    client.post("/accounts/signup/", signup_data(username="ash2"))
    assert User.objects.filter(email__iexact="ash@example.org").count() == 2
    assert len(mail.outbox) == 2
    assert all(confirmation_link(message) for message in mail.outbox)
