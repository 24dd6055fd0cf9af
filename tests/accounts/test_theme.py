"""Colours: light, dark, or as the device is set. A person's choice is kept on their account
(from settings or the switch at the foot of every page); a visitor's in a cookie. Every page
says the choice on <html data-theme> and in <meta name="color-scheme">, so nothing flashes."""

import re

import pytest

from tests.conftest import logged_in


def look_of(html: str) -> tuple[str, str]:
    theme = re.search(r'<html lang="en" data-theme="(\w+)">', html).group(1)
    scheme = re.search(r'<meta name="color-scheme" content="([\w ]+)">', html).group(1)
    return theme, scheme


def test_pages_follow_the_device_until_someone_chooses(client, db):
    assert look_of(client.get("/").content.decode()) == ("system", "light dark")


def test_a_person_chooses_dark_in_settings_and_keeps_it(robin_client, practitioner, stranger):
    response = robin_client.post(
        "/accounts/settings/", {"time_zone": "America/New_York", "theme": "dark"}, follow=True
    )
    assert "Your settings are saved." in response.content.decode()
    practitioner.refresh_from_db()
    assert practitioner.theme == "dark"
    for page in ("/", "/journal/", "/accounts/settings/"):
        assert look_of(robin_client.get(page).content.decode()) == ("dark", "dark"), page
    # Someone else's pages stay as they were.
    other = logged_in(stranger)
    assert look_of(other.get("/").content.decode()) == ("system", "light dark")


def test_settings_show_the_choice_as_radio_buttons(robin_client, practitioner):
    practitioner.theme = "light"
    practitioner.save()
    html = robin_client.get("/accounts/settings/").content.decode()
    assert re.search(r"<legend>How the pages look</legend>", html)
    assert re.search(
        r'<input type="radio" name="theme" value="light" id="id_theme_1" checked>', html
    )


def test_a_settings_post_without_a_choice_keeps_the_one_they_had(robin_client, practitioner):
    practitioner.theme = "dark"
    practitioner.save()
    robin_client.post("/accounts/settings/", {"time_zone": "Europe/London"})
    practitioner.refresh_from_db()
    assert (practitioner.time_zone, practitioner.theme) == ("Europe/London", "dark")


def test_an_unknown_choice_in_settings_is_refused_beside_the_field(robin_client, practitioner):
    response = robin_client.post(
        "/accounts/settings/", {"time_zone": "America/New_York", "theme": "purple"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_theme_error"' in html
    assert "Choose light, dark, or as your device is set." in html
    practitioner.refresh_from_db()
    assert practitioner.theme == "system"


def test_the_switch_at_the_foot_saves_a_persons_choice_and_goes_back(
    robin_client, practitioner, django_assert_max_num_queries
):
    with django_assert_max_num_queries(4):
        response = robin_client.post("/accounts/theme/", {"theme": "light", "back": "/journal/"})
    assert (response.status_code, response["Location"]) == (303, "/journal/")
    practitioner.refresh_from_db()
    assert practitioner.theme == "light"
    html = robin_client.get("/journal/").content.decode()
    assert look_of(html) == ("light", "light")
    assert re.search(r'value="light" class="theme-switch__choice" aria-pressed="true"', html)


def test_a_visitor_keeps_their_choice_in_a_cookie(client, db, django_user_model):
    response = client.post("/accounts/theme/", {"theme": "dark", "back": "/practices/"})
    assert (response.status_code, response["Location"]) == (303, "/practices/")
    cookie = response.cookies["theme"]
    assert cookie.value == "dark"
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert look_of(client.get("/practices/").content.decode()) == ("dark", "dark")
    assert not django_user_model.objects.exists()


@pytest.mark.parametrize("value", ["", "purple", "dark; other=1", "x" * 500])
def test_an_odd_choice_changes_nothing_and_says_why(client, db, value):
    response = client.post("/accounts/theme/", {"theme": value}, follow=True)
    assert response.status_code == 200
    assert "Choose light, dark, or as your device is set." in response.content.decode()
    assert "theme" not in client.cookies


def test_an_odd_cookie_is_ignored(client, db):
    client.cookies["theme"] = '"><script>'
    assert look_of(client.get("/").content.decode()) == ("system", "light dark")


def test_the_way_back_stays_on_this_site(client, db):
    response = client.post(
        "/accounts/theme/", {"theme": "dark", "back": "https://elsewhere.example/"}
    )
    assert response["Location"] == "/"


def test_the_switch_answers_only_a_post(client, db):
    assert client.get("/accounts/theme/").status_code == 405
