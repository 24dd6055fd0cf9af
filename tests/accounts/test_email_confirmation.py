"""An address is confirmed by a link sent to it; only confirmed addresses log in, get password
resets and get homework reminders. Changing the address makes it wait for a link again."""

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone

from tests.accounts.mailbox import confirmation_link, sent_to
from tests.conftest import PASSWORD

User = get_user_model()

ASH_PASSWORD = "soft-morning-light-42"
CONFIRM = "/accounts/email/confirm/"


def sign_up(client, username="ash", email="ash@example.org"):
    client.post(
        "/accounts/signup/",
        {
            "username": username,
            "email": email,
            "password1": ASH_PASSWORD,
            "password2": ASH_PASSWORD,
        },
    )
    return User.objects.get(username=username)


@pytest.fixture
def ash(client, db):
    """Ash has just signed up: logged in, their address waiting for its link."""
    return sign_up(client)


def the_link(address="ash@example.org") -> str:
    return confirmation_link(sent_to(address)[-1])


def token_of(link: str) -> str:
    return parse_qs(urlsplit(link).query)["token"][0]


def confirm(client, link: str):
    return client.post(CONFIRM, {"token": token_of(link)})


# The link ------------------------------------------------------------------------------------


def test_opening_the_link_asks_before_confirming(client, ash):
    response = client.get(the_link())
    assert response.status_code == 200
    html = response.content.decode()
    assert "ash@example.org" in html
    assert 'method="post"' in html
    ash.refresh_from_db()
    assert ash.email_confirmed_at is None, "a mail scanner opening the link confirms nothing"


def test_the_link_confirms_the_address_once(client, ash):
    link = the_link()
    client.logout()
    response = confirm(client, link)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    ash.refresh_from_db()
    confirmed_at = ash.email_confirmed_at
    assert confirmed_at is not None
    assert (
        "Thank you: ash@example.org is confirmed" in client.get("/accounts/login/").content.decode()
    )

    again = confirm(client, link)
    assert again.status_code == 200
    assert "This link no longer works" in again.content.decode()
    assert "This link no longer works" in client.get(link).content.decode()
    ash.refresh_from_db()
    assert ash.email_confirmed_at == confirmed_at


def test_confirming_while_logged_in_goes_back_to_settings(client, ash):
    response = confirm(client, the_link())
    assert response["Location"] == "/accounts/settings/"
    html = client.get("/accounts/settings/").content.decode()
    assert "Confirmed" in html


def test_the_link_expires_after_three_days(client, ash):
    link = the_link()
    with time_machine.travel(timezone.now() + timedelta(days=3, minutes=1), tick=False):
        response = confirm(client, link)
    assert "This link no longer works" in response.content.decode()
    ash.refresh_from_db()
    assert ash.email_confirmed_at is None


def test_the_link_still_works_just_before_three_days(client, ash):
    link = the_link()
    with time_machine.travel(timezone.now() + timedelta(days=2, hours=23), tick=False):
        confirm(client, link)
    ash.refresh_from_db()
    assert ash.email_confirmed_at is not None


@pytest.mark.parametrize(
    "token",
    ["", "nonsense", "1.abc:1tXyZ:forged", "x" * 5000, "\x00", "1.%00:2:3"],
)
def test_a_made_up_or_damaged_token_gets_the_same_calm_page(client, ash, token):
    for response in (client.get(CONFIRM, {"token": token}), client.post(CONFIRM, {"token": token})):
        assert response.status_code == 200
        assert "This link no longer works" in response.content.decode()
    ash.refresh_from_db()
    assert ash.email_confirmed_at is None


def test_a_link_for_an_address_no_longer_on_the_account_stops_working(client, ash):
    old_link = the_link()
    client.post(
        "/accounts/email/",
        {"action": "change", "email": "ash@elsewhere.example", "password": ASH_PASSWORD},
    )
    assert "This link no longer works" in confirm(client, old_link).content.decode()
    ash.refresh_from_db()
    assert ash.email == "ash@elsewhere.example"
    assert ash.email_confirmed_at is None
    confirm(client, the_link("ash@elsewhere.example"))
    ash.refresh_from_db()
    assert ash.email_confirmed_at is not None


def test_an_address_confirmed_by_another_account_first_is_refused_kindly(client, db):
    first = sign_up(client, "ash")
    first_link = the_link()
    client.logout()
    second = sign_up(client, "ash2")
    second_link = the_link()
    client.logout()

    confirm(client, second_link)
    response = confirm(client, first_link)
    assert response.status_code == 200
    assert "already confirmed for another Tend account" in response.content.decode()
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.email_confirmed_at is None
    assert second.email_confirmed_at is not None


# What a confirmed address is for -------------------------------------------------------------


def test_a_password_reset_goes_only_to_a_confirmed_address(client, ash):
    client.logout()
    mail.outbox = []
    client.post("/accounts/password/reset/", {"email": "ash@example.org"})
    assert mail.outbox == []

    ash.email_confirmed_at = timezone.now()
    ash.save(update_fields=["email_confirmed_at"])
    client.post("/accounts/password/reset/", {"email": "ash@example.org"})
    assert [message.to for message in mail.outbox] == [["ash@example.org"]]


def test_an_unconfirmed_claim_on_a_known_address_gets_no_reset(client, practitioner):
    sign_up(client, "ash", "robin@example.org")
    client.logout()
    mail.outbox = []
    client.post("/accounts/password/reset/", {"email": "ROBIN@example.org"})
    [message] = mail.outbox
    assert message.to == ["robin@example.org"]
    assert "Hello robin," in message.body


def test_logging_in_by_email_needs_a_confirmed_address(client, ash):
    client.logout()
    client.post("/accounts/login/", {"username": "ash@example.org", "password": ASH_PASSWORD})
    assert "_auth_user_id" not in client.session
    client.post("/accounts/login/", {"username": "ash", "password": ASH_PASSWORD})
    assert client.session["_auth_user_id"] == str(ash.pk)
    confirm(client, the_link())
    client.logout()
    client.post("/accounts/login/", {"username": "ash@example.org", "password": ASH_PASSWORD})
    assert client.session["_auth_user_id"] == str(ash.pk)


def test_an_unconfirmed_claim_never_shadows_the_owner_at_login(client, practitioner):
    sign_up(client, "ash", "robin@example.org")
    client.logout()
    client.post("/accounts/login/", {"username": "robin@example.org", "password": PASSWORD})
    assert client.session["_auth_user_id"] == str(practitioner.pk)


def test_homework_reminders_go_only_to_confirmed_addresses(care_client, other_client, library):
    from care.management.commands.send_homework_reminders import reminded_assignments
    from care.services import assign_practice
    from practices.models import Practice

    practice = Practice.objects.get(slug="msc-self-compassion-break")
    therapist = care_client.therapist_links.get().therapist
    for person in (care_client, other_client):
        person.homework_reminders = True
        person.save(update_fields=["homework_reminders"])
        today = timezone.localdate()
        assign_practice(therapist, person, practice, starts_on=today, due_on=today)
    other_client.email_confirmed_at = None
    other_client.save(update_fields=["email_confirmed_at"])
    assert {assignment.client for assignment in reminded_assignments()} == {care_client}


def test_accounts_made_by_create_user_have_a_confirmed_address(make_person):
    """Operators' accounts (createsuperuser, seed_demo, the tests' people) are trusted."""
    assert make_person("kit").email_confirmed_at is not None


# Settings ------------------------------------------------------------------------------------


def test_settings_say_the_address_is_waiting_and_offer_the_link_again(client, ash):
    html = client.get("/accounts/settings/").content.decode()
    assert "ash@example.org" in html
    assert "Not confirmed yet" in html
    assert 'action="/accounts/email/"' in html
    assert 'value="resend"' in html


def test_settings_say_a_confirmed_address_is_confirmed(robin_client):
    html = robin_client.get("/accounts/settings/").content.decode()
    assert "Confirmed" in html
    assert "Not confirmed yet" not in html
    assert 'value="resend"' not in html


def test_sending_the_link_again_sends_a_new_one_that_works(client, ash):
    mail.outbox = []
    response = client.post("/accounts/email/", {"action": "resend"}, follow=True)
    assert response.redirect_chain == [("/accounts/settings/", 302)]
    assert "We&#x27;ve sent a new link to ash@example.org" in response.content.decode()
    confirm(client, the_link())
    ash.refresh_from_db()
    assert ash.email_confirmed_at is not None


def test_a_confirmed_address_gets_no_new_link(robin_client):
    response = robin_client.post("/accounts/email/", {"action": "resend"}, follow=True)
    assert "already confirmed" in response.content.decode()
    assert mail.outbox == []


def test_changing_the_address_needs_the_password(robin_client, practitioner):
    response = robin_client.post(
        "/accounts/email/",
        {"action": "change", "email": "robin@new.example", "password": "not-it"},
    )
    assert response.status_code == 200
    assert "That isn&#x27;t your password" in response.content.decode()
    practitioner.refresh_from_db()
    assert practitioner.email == "robin@example.org"
    assert mail.outbox == []


def test_changing_the_address_makes_it_wait_for_a_link_and_tells_the_old_one(
    robin_client, practitioner
):
    response = robin_client.post(
        "/accounts/email/",
        {"action": "change", "email": "Robin@New.Example", "password": PASSWORD},
        follow=True,
    )
    assert response.redirect_chain == [("/accounts/settings/", 302)]
    practitioner.refresh_from_db()
    assert practitioner.email == "Robin@new.example"
    assert practitioner.email_confirmed_at is None
    assert confirmation_link(sent_to("robin@new.example")[0])
    [notice] = sent_to("robin@example.org")
    assert "changed" in notice.body
    assert "robin@new.example" not in notice.body.lower()


def test_changing_to_an_address_another_account_has_looks_the_same(
    robin_client, practitioner, stranger
):
    """Robin can't learn that the stranger's address has an account: the same page and one
    email to it either way; its owner is told and keeps it."""
    response = robin_client.post(
        "/accounts/email/",
        {"action": "change", "email": "stranger@example.org", "password": PASSWORD},
        follow=True,
    )
    assert "We&#x27;ve sent a link to stranger@example.org" in response.content.decode()
    [message] = sent_to("stranger@example.org")
    assert "/accounts/email/confirm/" not in message.body
    assert "stranger" in message.body
    practitioner.refresh_from_db()
    stranger.refresh_from_db()
    assert practitioner.email == "stranger@example.org"
    assert practitioner.email_confirmed_at is None
    assert stranger.email_confirmed_at is not None


def test_the_email_page_shows_the_address_and_its_state(client, ash):
    response = client.get("/accounts/email/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "ash@example.org" in html
    assert "Not confirmed yet" in html
    assert 'name="password"' in html


def test_links_sent_again_and_changes_are_limited_to_three_an_hour(client, ash):
    mail.outbox = []
    for _ in range(2):
        client.post("/accounts/email/", {"action": "resend"})
    client.post(
        "/accounts/email/",
        {"action": "change", "email": "ash@elsewhere.example", "password": ASH_PASSWORD},
    )
    assert len(mail.outbox) == 3
    response = client.post("/accounts/email/", {"action": "resend"})
    assert response.status_code == 429
    assert "Please wait an hour and try again" in response.content.decode()
    response = client.post(
        "/accounts/email/",
        {"action": "change", "email": "ash@third.example", "password": ASH_PASSWORD},
    )
    assert response.status_code == 429
    assert len(mail.outbox) == 3
    ash.refresh_from_db()
    assert ash.email == "ash@elsewhere.example"
