import datetime
import zoneinfo

import pytest
import time_machine


def test_a_person_changes_their_time_zone(robin_client, practitioner):
    response = robin_client.post("/accounts/settings/", {"time_zone": "Asia/Kolkata"}, follow=True)
    assert response.redirect_chain == [("/accounts/settings/", 302)]
    assert "Your settings are saved." in response.content.decode()
    practitioner.refresh_from_db()
    assert practitioner.time_zone == "Asia/Kolkata"


@pytest.mark.parametrize("value", ["", "Atlantis/Lost_City", "x" * 500])
def test_a_time_zone_not_in_the_list_is_refused_beside_the_field(robin_client, practitioner, value):
    response = robin_client.post("/accounts/settings/", {"time_zone": value})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_time_zone_error"' in html
    practitioner.refresh_from_db()
    assert practitioner.time_zone == "America/New_York"


def test_the_settings_page_shows_the_current_choice(robin_client):
    html = robin_client.get("/accounts/settings/").content.decode()
    assert '<option value="America/New_York" selected>' in html


@pytest.mark.parametrize(
    ("time_zone", "greeting"),
    [
        ("America/New_York", "Good evening"),  # 18:30 there
        ("Europe/London", "Hello"),  # 23:30 there
        ("Asia/Tokyo", "Good morning"),  # 08:30 the next day there
        ("Australia/Adelaide", "Good morning"),  # 10:00 the next day there
    ],
)
def test_home_greets_the_person_for_the_hour_of_their_own_day(
    client, make_person, time_zone, greeting
):
    person = make_person("kai", time_zone=time_zone)
    client.force_login(person)
    moment = datetime.datetime(2026, 1, 15, 23, 30, tzinfo=zoneinfo.ZoneInfo("UTC"))
    with time_machine.travel(moment, tick=False):
        html = client.get("/").content.decode()
    assert f"<h1>{greeting}, kai.</h1>" in html
