"""Two-factor sign-in (an authenticator app and recovery codes), therapist mode needing it,
and the shared-device choice at login."""

import re
import time
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from compassion_site.accounts.two_factor import new_recovery_codes
from tests.conftest import PASSWORD
from tests.factories import TwoFactorDeviceFactory
from tests.site.test_pages import (
    assert_no_inline_script_or_style,
    assert_nothing_from_another_host,
    assert_shared_layout,
)

LOGIN = "/accounts/login/"
CODE = "/accounts/login/code/"
SETUP = "/accounts/two-factor/setup/"
TWO_FACTOR = "/accounts/two-factor/"
START = datetime(2026, 3, 2, 9, 0, 10, tzinfo=UTC)


def current_code(device: TOTPDevice) -> str:
    """The code an authenticator app shows now, computed from the device's key."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return f"{totp.token():0{device.digits}d}"


def turn_on(person) -> tuple[TOTPDevice, list[str]]:
    device = TwoFactorDeviceFactory(user=person, name="Authenticator app", confirmed=True)
    return device, new_recovery_codes(person)


def password_step(client, username="robin", **extra):
    return client.post(LOGIN, {"username": username, "password": PASSWORD, **extra})


def is_logged_in(client) -> bool:
    return "_auth_user_id" in client.session


# Setting it up


def test_a_person_sets_up_two_factor_with_a_code_from_their_app(robin_client, practitioner):
    page = robin_client.get(SETUP)
    assert page.status_code == 200
    html = page.content.decode()
    assert '<svg role="img" aria-label="QR code' in html
    assert_shared_layout(html)
    assert_nothing_from_another_host(html)
    assert_no_inline_script_or_style(html)
    device = TOTPDevice.objects.get(user=practitioner)
    assert not device.confirmed
    secret = re.search(r'id="two-factor-secret">([A-Z2-7 ]+)<', html).group(1)
    assert all(len(group) == 4 for group in secret.split())
    assert len(secret.replace(" ", "")) == 32
    # Reloading shows the same secret: the app the person just scanned keeps working.
    assert secret in robin_client.get(SETUP).content.decode()

    response = robin_client.post(SETUP, {"code": current_code(device)})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Two-factor sign-in is on." in html
    assert "This is the only time we show them." in html
    codes = re.findall(r"<li><code>([a-z2-7]{4}-[a-z2-7]{4})</code></li>", html)
    assert len(codes) == 10
    device.refresh_from_db()
    assert device.confirmed
    assert StaticToken.objects.filter(device__user=practitioner).count() == 10
    # Shown once: the setup page now just says it is on.
    again = robin_client.get(SETUP, follow=True)
    assert again.redirect_chain == [(TWO_FACTOR, 302)]
    assert "Two-factor sign-in is already on." in again.content.decode()
    assert "10 unused recovery codes" in again.content.decode()


def test_a_wrong_setup_code_is_refused_calmly_and_nothing_turns_on(robin_client, practitioner):
    robin_client.get(SETUP)
    response = robin_client.post(SETUP, {"code": "123456"})
    assert response.status_code == 200
    assert "That code didn&#x27;t work." in response.content.decode()
    assert not TOTPDevice.objects.get(user=practitioner).confirmed
    assert not StaticToken.objects.exists()


def test_visitors_are_asked_to_log_in_for_the_two_factor_pages(client, db):
    for path in (SETUP, TWO_FACTOR):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=")
    assert not TOTPDevice.objects.exists()


def test_the_two_factor_pages_are_never_cached(robin_client):
    for path in (SETUP, TWO_FACTOR):
        assert "no-store" in robin_client.get(path)["Cache-Control"]


# Logging in


def test_a_person_with_two_factor_logs_in_with_password_then_code(client, practitioner):
    device, _ = turn_on(practitioner)
    response = password_step(client)
    assert response.status_code == 302
    assert response["Location"] == CODE
    assert not is_logged_in(client)

    page = client.get(CODE)
    html = page.content.decode()
    assert "Your password was right." in html
    assert_shared_layout(html)
    assert_no_inline_script_or_style(html)

    response = client.post(CODE, {"code": current_code(device)})
    assert response["Location"] == "/"
    assert is_logged_in(client)
    assert client.session["otp_device_id"] == device.persistent_id
    assert client.get("/journal/").status_code == 200


def test_a_person_without_two_factor_logs_in_with_the_password_alone(client, practitioner):
    response = password_step(client)
    assert response["Location"] == "/"
    assert is_logged_in(client)


def test_a_half_finished_login_reaches_no_private_page(client, therapist):
    turn_on(therapist)
    password_step(client, "theo")
    assert client.get("/journal/").status_code == 404
    assert client.get("/care/").status_code == 404
    assert client.get("/progress/").status_code == 404
    assert client.get("/accounts/settings/")["Location"].startswith("/accounts/login/")
    assert client.get(SETUP)["Location"].startswith("/accounts/login/")
    assert not is_logged_in(client)


def test_a_recovery_code_works_once(client, practitioner):
    _, codes = turn_on(practitioner)
    password_step(client)
    response = client.post(CODE, {"code": codes[0].upper().replace("-", " ")}, follow=True)
    assert response.redirect_chain == [("/", 302)]
    assert "You used a recovery code; you have 9 left." in response.content.decode()
    assert is_logged_in(client)

    client.post("/accounts/logout/")
    with time_machine.travel(timedelta(seconds=5)):  # past django-otp's pause
        password_step(client)
        response = client.post(CODE, {"code": codes[0]})
    assert response.status_code == 200
    assert "That code didn&#x27;t work." in response.content.decode()
    assert not is_logged_in(client)


def test_a_wrong_code_gets_a_calm_message_beside_the_field_and_no_login(client, practitioner):
    turn_on(practitioner)
    password_step(client)
    response = client.post(CODE, {"code": "000000"})
    assert response.status_code == 200
    html = response.content.decode()
    assert '<ul class="field-errors" id="id_code_error"><li>That code didn&#x27;t work.' in html
    assert 'aria-invalid="true"' in html
    assert not is_logged_in(client)
    assert client.get("/journal/").status_code == 404


def test_wrong_codes_in_a_row_make_django_otp_pause_before_the_next_try(client, practitioner):
    """django-otp's own throttling: after n wrong codes the device checks nothing, not even the
    right code, for 2^(n-1) seconds. The page says how long to wait."""
    device, _ = turn_on(practitioner)
    with time_machine.travel(START, tick=False) as traveller:
        password_step(client)
        client.post(CODE, {"code": "000000"})
        client.post(CODE, {"code": "000001"}, follow=False)  # refused unchecked: still 1 failure
        traveller.shift(1.5)
        client.post(CODE, {"code": "000002"})  # checked and wrong: 2 failures, 2 seconds
        response = client.post(CODE, {"code": current_code(device)})
        assert "Please wait 2 seconds and try the newest code." in response.content.decode()
        assert not is_logged_in(client)
        traveller.shift(2)
        response = client.post(CODE, {"code": current_code(device)})
        assert response.status_code == 302
        assert is_logged_in(client)
    device.refresh_from_db()
    assert device.throttling_failure_count == 0


def test_the_page_asked_for_is_kept_through_both_steps(client, practitioner):
    device, _ = turn_on(practitioner)
    response = client.post(
        LOGIN + "?next=/journal/",
        {"username": "robin", "password": PASSWORD, "next": "/journal/"},
    )
    assert response["Location"] == CODE + "?next=%2Fjournal%2F"
    assert 'name="next" value="/journal/"' in client.get(response["Location"]).content.decode()
    response = client.post(CODE, {"code": current_code(device), "next": "/journal/"})
    assert response["Location"] == "/journal/"


def test_the_code_step_never_sends_a_person_to_another_site(client, practitioner):
    device, _ = turn_on(practitioner)
    password_step(client, next="https://evil.example/")
    response = client.post(CODE, {"code": current_code(device), "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_the_code_page_without_a_pending_login_sends_a_visitor_to_log_in(client, db):
    assert client.get(CODE)["Location"] == LOGIN
    assert client.post(CODE, {"code": "123456"})["Location"] == LOGIN


def test_a_pending_login_is_forgotten_after_ten_minutes(client, practitioner):
    device, _ = turn_on(practitioner)
    password_step(client)
    with time_machine.travel(timedelta(minutes=11)):
        response = client.post(CODE, {"code": current_code(device)})
    assert response["Location"] == LOGIN
    assert not is_logged_in(client)


def test_the_code_page_stays_within_its_queries(
    client, practitioner, django_assert_max_num_queries
):
    device, _ = turn_on(practitioner)
    password_step(client)
    with django_assert_max_num_queries(2):  # the session and the person
        assert client.get(CODE).status_code == 200
    with django_assert_max_num_queries(16):
        assert client.post(CODE, {"code": current_code(device)}).status_code == 302


# Managing it


def test_new_recovery_codes_replace_the_old_ones(client, practitioner):
    _, old = turn_on(practitioner)
    client.force_login(practitioner)
    response = client.post(TWO_FACTOR, {"action": "codes"})
    html = response.content.decode()
    assert "The old ones no longer work." in html
    new = re.findall(r"<li><code>([a-z2-7]{4}-[a-z2-7]{4})</code></li>", html)
    assert len(new) == 10
    assert not set(new) & set(old)
    assert StaticToken.objects.filter(token=old[0].replace("-", "")).count() == 0


def test_turning_two_factor_off_needs_the_password_and_a_code(client, practitioner):
    device, _ = turn_on(practitioner)
    client.force_login(practitioner)
    response = client.post(
        TWO_FACTOR, {"action": "off", "password": "not-it", "code": current_code(device)}
    )
    assert "That isn&#x27;t your password." in response.content.decode()
    response = client.post(TWO_FACTOR, {"action": "off", "password": PASSWORD, "code": "000000"})
    assert "That code didn&#x27;t work." in response.content.decode()
    assert TOTPDevice.objects.filter(user=practitioner).exists()

    with time_machine.travel(timedelta(seconds=5)):  # past the pause after the wrong code
        response = client.post(
            TWO_FACTOR,
            {"action": "off", "password": PASSWORD, "code": current_code(device)},
            follow=True,
        )
    assert "Two-factor sign-in is off." in response.content.decode()
    assert not TOTPDevice.objects.filter(user=practitioner).exists()
    assert not StaticToken.objects.exists()
    client.post("/accounts/logout/")
    assert password_step(client)["Location"] == "/"


def test_a_therapist_cannot_turn_two_factor_off_while_in_therapist_mode(client, therapist):
    device, _ = turn_on(therapist)
    client.force_login(therapist)
    page = client.get(TWO_FACTOR).content.decode()
    assert "first turn therapist mode off" in page
    assert 'value="off"' not in page
    response = client.post(
        TWO_FACTOR, {"action": "off", "password": PASSWORD, "code": current_code(device)}
    )
    assert 'role="alert"' in response.content.decode()
    assert TOTPDevice.objects.filter(user=therapist, confirmed=True).exists()
    therapist.refresh_from_db()
    assert therapist.therapist_mode


# Therapist mode needs it


def therapist_mode_on(person) -> dict:
    return {
        "display_name": person.display_name,
        "time_zone": person.time_zone,
        "therapist_mode": "on",
    }


def test_therapist_mode_is_refused_without_two_factor(robin_client, practitioner):
    response = robin_client.post("/accounts/settings/", therapist_mode_on(practitioner))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Therapist mode needs two-factor sign-in first" in html
    assert 'id="id_therapist_mode_error"' in html
    assert f'href="{SETUP}"' in html
    practitioner.refresh_from_db()
    assert not practitioner.therapist_mode


def test_therapist_mode_turns_on_with_two_factor(robin_client, practitioner):
    turn_on(practitioner)
    response = robin_client.post("/accounts/settings/", therapist_mode_on(practitioner))
    assert response.status_code == 302
    practitioner.refresh_from_db()
    assert practitioner.therapist_mode


def test_a_therapist_from_before_two_factor_keeps_therapist_mode(client, therapist):
    client.force_login(therapist)
    data = therapist_mode_on(therapist) | {"display_name": "Theo M."}
    assert client.post("/accounts/settings/", data).status_code == 302
    therapist.refresh_from_db()
    assert therapist.therapist_mode
    assert therapist.display_name == "Theo M."


def test_settings_say_whether_two_factor_is_on(robin_client, practitioner):
    html = robin_client.get("/accounts/settings/").content.decode()
    assert "Two-factor sign-in" in html
    assert "Off: logging in needs only your password." in html
    turn_on(practitioner)
    html = robin_client.get("/accounts/settings/").content.decode()
    assert "On: logging in asks for your password and a code" in html


# A shared device


@pytest.mark.parametrize("two_factor", [False, True])
def test_a_shared_device_logs_out_after_15_idle_minutes(client, practitioner, two_factor):
    device = turn_on(practitioner)[0] if two_factor else None
    with time_machine.travel(START, tick=False) as traveller:
        password_step(client, shared_device="on")
        if device:
            client.post(CODE, {"code": current_code(device)})
        assert is_logged_in(client)
        assert client.session.get_expiry_age() == 15 * 60
        for _ in range(3):  # 14 idle minutes at a time, 42 in all: still in
            traveller.shift(timedelta(minutes=14))
            assert client.get("/journal/").status_code == 200
        traveller.shift(timedelta(minutes=16))
        assert client.get("/journal/").status_code == 404
        assert client.get("/accounts/settings/")["Location"].startswith("/accounts/login/")


def test_without_the_shared_device_tick_the_login_lasts_two_weeks(client, practitioner):
    with time_machine.travel(START, tick=False) as traveller:
        html = client.get(LOGIN).content.decode()
        assert "This is a shared device (log me out after 15 idle minutes)" in html
        password_step(client)
        assert client.session.get_expiry_age() == 14 * 24 * 60 * 60
        traveller.shift(timedelta(hours=3))
        assert client.get("/journal/").status_code == 200
