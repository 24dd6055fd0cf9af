import pytest
from django.contrib.auth import get_user_model

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
        ({"email": "ROBIN@example.org"}, "email", "An account already uses this email address."),
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
        "taken email in another case",
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
    with django_assert_max_num_queries(16):
        client.post("/accounts/signup/", signup_data())


def test_the_password_is_never_echoed_in_a_failed_signup(client, practitioner):
    response = client.post("/accounts/signup/", signup_data(username="robin"))
    assert PASSWORD not in response.content.decode()
    assert "soft-morning-light-42" not in response.content.decode()
