"""Settings: therapist mode, the name linked people see, and homework reminders."""

import pytest

from compassion_site.accounts.models import CareLink
from tests.factories import TwoFactorDeviceFactory
from tests.site.test_pages import assert_no_inline_script_or_style, assert_shared_layout


def settings_data(person, **overrides):
    """What the settings form posts as the person left it, with some changes. A checkbox
    left off is left out, as browsers do."""
    data = {"display_name": person.display_name, "time_zone": person.time_zone}
    if person.therapist_mode:
        data["therapist_mode"] = "on"
    if person.homework_reminders:
        data["homework_reminders"] = "on"
    data.update(overrides)
    return {name: value for name, value in data.items() if value is not False}


def with_two_factor(person):
    """Therapist mode needs two-factor sign-in to be turned on (see test_two_factor.py)."""

    TwoFactorDeviceFactory(user=person, name="Authenticator app", confirmed=True)
    return person


def test_a_person_turns_therapist_mode_on_and_gets_a_clients_link(robin_client, practitioner):
    with_two_factor(practitioner)
    assert robin_client.get("/care/invites/").status_code == 404
    response = robin_client.post(
        "/accounts/settings/", settings_data(practitioner, therapist_mode="on"), follow=True
    )
    assert response.redirect_chain == [("/accounts/settings/", 302)]
    html = response.content.decode()
    assert "Therapist mode is on." in html
    assert '<a href="/care/"' in html
    assert 'href="/care/invites/"' in html
    practitioner.refresh_from_db()
    assert practitioner.therapist_mode
    assert robin_client.get("/care/invites/").status_code == 200


def test_therapist_mode_is_explained_plainly_and_starts_off(robin_client):
    html = robin_client.get("/accounts/settings/").content.decode()
    assert "One account can be both" in html
    assert '<input type="checkbox" name="therapist_mode"' in html
    assert 'aria-describedby="id_therapist_mode_helptext" id="id_therapist_mode">' in html
    assert 'id="id_therapist_mode_helptext"' in html
    assert "checked" not in html.split('name="therapist_mode"')[1].split(">")[0]
    assert '<a href="/care/"' not in html


def test_turning_therapist_mode_off_keeps_every_client_linked_and_says_so(
    client, therapist, care_client, other_client
):
    client.force_login(therapist)
    page = client.get("/accounts/settings/").content.decode()
    assert "You have 2 linked clients." in page
    assert "they stay linked and keep everything" in page

    response = client.post("/accounts/settings/", settings_data(therapist, therapist_mode=False))
    assert response.status_code == 302
    therapist.refresh_from_db()
    assert not therapist.therapist_mode
    assert CareLink.objects.active().filter(therapist=therapist).count() == 2
    html = client.get("/accounts/settings/").content.decode()
    assert "Therapist mode is off. Your clients are still linked" in html
    assert '<a href="/care/"' not in html
    assert client.get("/care/invites/").status_code == 404

    with_two_factor(therapist)
    client.post("/accounts/settings/", settings_data(therapist, therapist_mode="on"))
    assert client.get("/care/invites/").status_code == 200
    assert CareLink.objects.active().filter(therapist=therapist).count() == 2


def test_turning_therapist_mode_off_without_clients_just_saves(client, other_therapist):
    client.force_login(other_therapist)
    response = client.post(
        "/accounts/settings/", settings_data(other_therapist, therapist_mode=False), follow=True
    )
    html = response.content.decode()
    assert "Your settings are saved." in html
    assert "still linked" not in html


def test_a_therapist_sets_the_name_their_clients_see(client, therapist, care_client, make_person):
    client.force_login(therapist)
    client.post("/accounts/settings/", settings_data(therapist, display_name="  Dr   Theo  "))
    therapist.refresh_from_db()
    assert therapist.display_name == "Dr Theo"
    assert therapist.shown_name == "Dr Theo"

    from care.services import create_invite

    _invite, token, _code = create_invite(therapist)
    client.force_login(make_person("dana"))
    assert "Dr Theo has invited you" in client.get(f"/invite/{token}/").content.decode()


def test_an_empty_display_name_falls_back_to_the_username(client, therapist):
    client.force_login(therapist)
    client.post("/accounts/settings/", settings_data(therapist, display_name="   "))
    therapist.refresh_from_db()
    assert therapist.display_name == ""
    assert therapist.shown_name == "theo"


def test_a_display_name_that_is_too_long_is_refused_beside_the_field(robin_client, practitioner):
    response = robin_client.post(
        "/accounts/settings/", settings_data(practitioner, display_name="x" * 81)
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_display_name_error"' in html
    assert "80 characters or fewer" in html
    practitioner.refresh_from_db()
    assert practitioner.display_name == ""


def test_the_display_name_field_says_who_sees_it(robin_client):
    html = robin_client.get("/accounts/settings/").content.decode()
    assert "The name your clients, or your therapist, see." in html
    assert 'name="display_name"' in html


@pytest.mark.parametrize("turn_on", [True, False])
def test_a_client_chooses_homework_reminders(client, care_client, turn_on):
    care_client.homework_reminders = not turn_on
    care_client.save(update_fields=["homework_reminders"])
    client.force_login(care_client)
    value = "on" if turn_on else False
    client.post("/accounts/settings/", settings_data(care_client, homework_reminders=value))
    care_client.refresh_from_db()
    assert care_client.homework_reminders is turn_on


def test_the_reminder_checkbox_promises_the_email_holds_no_writing(robin_client):
    html = robin_client.get("/accounts/settings/").content.decode()
    assert "Email me on days homework is due" in html
    assert (
        '<p class="help checkbox-help" id="id_homework_reminders_helptext">'
        "The email names the practice only, never anything you wrote.</p>"
    ) in html
    assert 'aria-describedby="id_homework_reminders_helptext"' in html


def test_a_form_with_errors_leaves_therapist_mode_as_it_was(client, therapist):
    client.force_login(therapist)
    response = client.post(
        "/accounts/settings/", settings_data(therapist, therapist_mode=False, time_zone="Nowhere")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_time_zone_error"' in html
    assert '<a href="/care/"' in html, "the navigation shows what is saved, not what was sent"
    therapist.refresh_from_db()
    assert therapist.therapist_mode


def test_the_settings_page_of_a_therapist_with_clients_stays_within_its_queries(
    client, therapist, care_client, other_client, django_assert_max_num_queries
):
    client.force_login(therapist)
    with django_assert_max_num_queries(5):
        response = client.get("/accounts/settings/")
    html = response.content.decode()
    assert_shared_layout(html)
    assert_no_inline_script_or_style(html)


def test_a_client_sees_where_to_manage_sharing(client, care_client):
    client.force_login(care_client)
    html = client.get("/accounts/settings/").content.decode()
    assert 'href="/sharing/"' in html
