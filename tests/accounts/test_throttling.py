"""Failed logins and password resets are throttled, calmly, without telling who has an account."""

import logging
import re
from datetime import timedelta
from unittest import mock

import time_machine
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import caches
from django.db import connection
from django.utils import timezone

from compassion_site.accounts.models import CareLink
from tests.conftest import PASSWORD

User = get_user_model()

LOGIN = "/accounts/login/"
RESET = "/accounts/password/reset/"
CALM = "Too many tries for now. Please wait 15 minutes and try again, or reset your password."


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


def test_the_reset_limit_holds_for_the_whole_hour(client, practitioner):
    """The database cache's own incr() would restart a count's life at 5 minutes; the limit
    must hold for the hour it names."""
    with time_machine.travel(timezone.now().replace(minute=0, second=1), tick=False) as traveller:
        for _ in range(3):
            reset(client, "robin@example.org")
        traveller.shift(timedelta(minutes=20))
        reset(client, "robin@example.org")
        traveller.shift(timedelta(minutes=30))
        reset(client, "robin@example.org")
    assert len(mail.outbox) == 3


# One cache for every worker ----------------------------------------------------------------


def test_throttle_counts_live_in_the_database_cache_every_worker_shares(client, practitioner):
    assert settings.CACHES["default"]["BACKEND"] == ("django.core.cache.backends.db.DatabaseCache")
    table = settings.CACHES["default"]["LOCATION"]
    for _ in range(3):
        reset(client, "robin@example.org")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
        assert cursor.fetchone()[0] > 0

    # Another worker: its own cache connection, the same counts.
    other_worker = caches.create_connection("default")
    assert other_worker is not caches["default"]
    with mock.patch.object(caches._connections, "default", other_worker, create=True):
        assert caches["default"] is other_worker
        reset(client, "robin@example.org")
    assert len(mail.outbox) == 3


# Sign-up -------------------------------------------------------------------------------------

SIGNUP = "/accounts/signup/"
CALM_SIGNUP = "Please wait an hour and try again"


NEW_PASSWORD = "soft-morning-light-42"


def sign_up(client, username, email, ip="10.0.0.1"):
    client.logout()
    return client.post(
        SIGNUP,
        {
            "username": username,
            "email": email,
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
        REMOTE_ADDR=ip,
    )


def test_sign_up_is_limited_to_three_an_hour_for_one_address(client, db):
    for n in range(3):
        assert sign_up(client, f"ash{n}", "ash@example.org", ip=f"10.0.1.{n}").status_code == 302
    response = sign_up(client, "ash3", "ASH@example.org", ip="10.0.1.9")
    assert response.status_code == 429
    assert CALM_SIGNUP in response.content.decode()
    assert not User.objects.filter(username="ash3").exists()
    assert len(mail.outbox) == 3
    assert sign_up(client, "bea", "bea@example.org", ip="10.0.1.9").status_code == 302


def test_a_limited_sign_up_reads_the_same_for_a_known_and_an_unknown_address(client, practitioner):
    for n in range(3):
        sign_up(client, f"a{n}", "robin@example.org", ip=f"10.0.2.{n}")
        sign_up(client, f"b{n}", "nobody@example.org", ip=f"10.0.3.{n}")
    known = sign_up(client, "ash", "robin@example.org", ip="10.0.2.9")
    unknown = sign_up(client, "ash", "nobody@example.org", ip="10.0.3.9")
    assert known.status_code == unknown.status_code == 429
    assert page(known).replace("robin@", "X@") == page(unknown).replace("nobody@", "X@")


def test_sign_up_is_limited_to_twenty_tries_an_hour_from_one_client_address(client, practitioner):
    for n in range(20):
        # Wrong tries count too: they could be guessing which usernames are taken.
        response = sign_up(client, "robin", f"person{n}@example.org", ip="10.4.4.4")
        assert response.status_code == 200
    response = sign_up(client, "ash", "ash@example.org", ip="10.4.4.4")
    assert response.status_code == 429
    html = response.content.decode()
    assert CALM_SIGNUP in html
    assert "already exists" not in html
    assert not User.objects.filter(username="ash").exists()
    assert sign_up(client, "ash", "ash@example.org", ip="10.4.4.5").status_code == 302


def test_the_sign_up_limit_lifts_after_an_hour(client, db):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        for n in range(4):
            sign_up(client, f"ash{n}", "ash@example.org", ip=f"10.0.5.{n}")
        assert not User.objects.filter(username="ash3").exists()
        traveller.shift(timedelta(minutes=61))
        assert sign_up(client, "ash9", "ash@example.org").status_code == 302


# Invite codes --------------------------------------------------------------------------------

INVITE = "/invite/"
CALM_INVITE = "Please wait an hour and try again"


def guess(client, code, ip="10.0.0.1", **extra):
    return client.post(INVITE, {"code": code, **extra}, REMOTE_ADDR=ip)


def test_invite_codes_are_limited_to_ten_tries_an_hour_for_one_person(client, dana, invite):
    client.force_login(dana)
    for n in range(10):
        assert guess(client, f"AAAA-AAA{n + 2}", ip=f"10.0.6.{n}").status_code == 200
    right = guess(client, invite.code, ip="10.0.6.99", action="accept")
    wrong = guess(client, "BBBB-BBBB", ip="10.0.6.98")
    assert right.status_code == wrong.status_code == 429
    assert page(right).replace(invite.code, "CODE") == page(wrong).replace("BBBB-BBBB", "CODE")
    html = right.content.decode()
    assert CALM_INVITE in html
    assert "Theo" not in html
    assert not CareLink.objects.filter(client=dana).exists()


def test_invite_codes_are_limited_to_thirty_tries_an_hour_from_one_client_address(
    client, make_person, invite
):
    for n in range(4):
        client.force_login(make_person(f"guesser{n}"))
        for m in range(8 if n < 3 else 6):
            assert guess(client, f"AAAA-AA{n + 2}{m + 2}", ip="10.7.7.7").status_code == 200
    newcomer = make_person("newcomer")
    client.force_login(newcomer)
    assert guess(client, invite.code, ip="10.7.7.7").status_code == 429
    assert guess(client, invite.code, ip="10.7.7.8").status_code == 200


def test_the_invite_code_limit_lifts_after_an_hour(client, dana, invite):
    client.force_login(dana)
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        for n in range(11):
            guess(client, f"AAAA-AAA{n % 8 + 2}")
        assert guess(client, invite.code).status_code == 429
        traveller.shift(timedelta(minutes=61))
        assert guess(client, invite.code, action="accept").status_code == 302
    assert CareLink.objects.filter(client=dana).exists()


def test_an_ipv6_client_counts_by_its_64_block(rf):
    from compassion_site.accounts.throttle import client_key

    def key(address):
        return client_key(rf.get("/", REMOTE_ADDR=address))

    assert key("2001:db8:1:2:aaaa::1") == key("2001:db8:1:2:bbbb::2")
    assert key("2001:db8:1:2::1") != key("2001:db8:1:3::1")
    assert key("10.0.0.1") != key("10.0.0.2")
