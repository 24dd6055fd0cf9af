"""Failed logins and password resets are throttled, calmly, without telling who has an account."""

import logging
import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.cache import cache
from django.utils import timezone

from tests.conftest import PASSWORD

LOGIN = "/accounts/login/"
RESET = "/accounts/password/reset/"
CALM = "Too many tries for now. Please wait 15 minutes and try again, or reset your password."


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def post_login(client, username, password, ip="10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def fail(client, username, times, ip="10.0.0.1"):
    for _ in range(times):
        post_login(client, username, "wrong-guess", ip)


def page(response) -> str:
    """The page without its per-render CSRF tokens."""
    html = response.content.decode()
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)
    return re.sub(r'"X-CSRFToken": "[^"]*"', "", html)


def is_locked_page(response) -> bool:
    return response.status_code == 429 and CALM in response.content.decode()


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(client, practitioner):
    fail(client, "robin", 4)
    assert post_login(client, "robin", PASSWORD).status_code == 302  # four is still fine
    client.logout()
    fail(client, "robin", 5)
    response = post_login(client, "robin", PASSWORD)
    assert is_locked_page(response)
    assert "_auth_user_id" not in client.session


def test_the_fifth_failure_already_shows_the_calm_page(client, practitioner):
    fail(client, "robin", 4)
    assert is_locked_page(post_login(client, "robin", "wrong-guess"))


def test_the_account_lock_holds_from_anywhere_and_counts_email_and_username_together(
    client, practitioner
):
    fail(client, "robin", 2, ip="10.0.0.1")
    fail(client, "ROBIN@example.org", 2, ip="10.0.0.2")
    fail(client, "Robin", 1, ip="10.0.0.3")
    assert is_locked_page(post_login(client, "robin@example.org", PASSWORD, ip="10.0.0.4"))


def test_a_made_up_account_gets_the_identical_locked_response(client, practitioner):
    fail(client, "robin", 5, ip="10.0.0.1")
    fail(client, "nobody-here", 5, ip="10.0.0.2")
    real = post_login(client, "robin", PASSWORD, ip="10.0.0.1")
    made_up = post_login(client, "nobody-here", PASSWORD, ip="10.0.0.2")
    assert is_locked_page(real)
    assert page(real) == page(made_up)
    assert real.status_code == made_up.status_code


def test_before_the_lock_a_made_up_account_reads_like_a_wrong_password(client, practitioner):
    for attempt in range(1, 6):
        real = post_login(client, "robin", "wrong-guess", ip="10.0.0.1")
        made_up = post_login(client, "nobody-here", "wrong-guess", ip="10.0.0.2")
        assert real.status_code == made_up.status_code, attempt
        assert page(real).replace('value="robin"', "") == page(made_up).replace(
            'value="nobody-here"', ""
        ), attempt


def test_one_address_trying_many_accounts_is_locked(client, make_person):
    make_person("sam")
    for name in ["ann", "ben", "cat", "dan", "eve"]:
        post_login(client, name, "wrong-guess", ip="10.9.9.9")
    assert is_locked_page(post_login(client, "sam", PASSWORD, ip="10.9.9.9"))
    # Sam elsewhere is fine: the address is locked, not Sam's account.
    assert post_login(client, "sam", PASSWORD, ip="10.0.0.7").status_code == 302


def test_the_lock_lifts_after_fifteen_minutes(client, practitioner):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        fail(client, "robin", 5)
        traveller.shift(timedelta(minutes=14))
        assert is_locked_page(post_login(client, "robin", PASSWORD))
        traveller.shift(timedelta(minutes=2))
        assert post_login(client, "robin", PASSWORD).status_code == 302


def test_a_success_resets_the_count(client, practitioner):
    fail(client, "robin", 4)
    assert post_login(client, "robin", PASSWORD).status_code == 302
    client.logout()
    fail(client, "robin", 4)
    assert post_login(client, "robin", PASSWORD).status_code == 302


def test_logging_into_ones_own_account_does_not_clear_an_address_s_guesses(
    client, practitioner, make_person
):
    make_person("mallory")
    fail(client, "robin", 4, ip="10.6.6.6")
    assert post_login(client, "mallory", PASSWORD, ip="10.6.6.6").status_code == 302
    client.logout()
    post_login(client, "robin", "wrong-guess", ip="10.6.6.6")
    assert is_locked_page(post_login(client, "robin", PASSWORD, ip="10.1.1.1"))


def test_the_locked_page_never_names_the_account(client, practitioner):
    fail(client, "robin", 5)
    html = post_login(client, "robin", PASSWORD).content.decode()
    assert "robin" not in html.lower()
    assert "exist" not in html.lower()


def test_the_client_address_comes_from_the_trusted_proxy(client, practitioner, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for n in range(5):
        # Each request forges a different left-most address; the proxy appends the real one.
        client.post(
            LOGIN,
            {"username": f"guess{n}", "password": "x"},
            REMOTE_ADDR="10.0.0.254",
            HTTP_X_FORWARDED_FOR=f"1.2.3.{n}, 203.0.113.9",
        )
    response = client.post(
        LOGIN,
        {"username": "robin", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.254",
        HTTP_X_FORWARDED_FOR="203.0.113.9",
    )
    assert is_locked_page(response)


def test_no_password_or_username_reaches_the_logs(client, practitioner, caplog):
    caplog.set_level(logging.DEBUG)
    fail(client, "robin", 3)
    post_login(client, "Robin@Example.org", "another-Secret-guess")
    post_login(client, "robin", "last-Secret-guess")
    post_login(client, "robin", PASSWORD)
    logged = "\n".join(record.getMessage() for record in caplog.records)
    for secret in ["wrong-guess", "another-Secret-guess", "last-Secret-guess", PASSWORD]:
        assert secret not in logged
    assert "robin" not in logged.lower()


def reset(client, email, ip="10.0.0.1"):
    return client.post(RESET, {"email": email}, REMOTE_ADDR=ip)


def test_password_reset_emails_are_limited_per_address(client, practitioner):
    responses = [reset(client, "robin@example.org", ip=f"10.0.0.{n}") for n in range(5)]
    assert len(mail.outbox) == 3
    assert {r["Location"] for r in responses} == {"/accounts/password/reset/sent/"}


def test_password_reset_is_limited_per_client_address(client, make_person):
    for n in range(12):
        make_person(f"person{n}")
    for n in range(12):
        response = reset(client, f"person{n}@example.org", ip="10.5.5.5")
        assert response["Location"] == "/accounts/password/reset/sent/"
    assert len(mail.outbox) == 10
    reset(client, "person11@example.org", ip="10.5.5.6")
    assert len(mail.outbox) == 11


def test_a_limited_reset_looks_like_any_other(client, practitioner):
    for _ in range(4):
        reset(client, "robin@example.org")
        reset(client, "nobody@example.org", ip="10.0.0.2")
    limited = reset(client, "robin@example.org", ip="10.0.0.3")
    unknown = reset(client, "nobody@example.org", ip="10.0.0.4")
    assert limited.status_code == unknown.status_code == 302
    assert limited["Location"] == unknown["Location"]
    sent = client.get(limited["Location"]).content.decode()
    assert "robin" not in sent.lower()


def test_the_reset_limit_lifts_after_an_hour(client, practitioner):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        for _ in range(4):
            reset(client, "robin@example.org")
        assert len(mail.outbox) == 3
        traveller.shift(timedelta(minutes=61))
        reset(client, "robin@example.org")
        assert len(mail.outbox) == 4
