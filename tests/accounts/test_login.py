import pytest

from tests.conftest import PASSWORD


@pytest.mark.parametrize("identifier", ["robin", "ROBIN", "robin@example.org", "Robin@Example.org"])
def test_a_person_logs_in_with_username_or_email_in_any_case(client, practitioner, identifier):
    response = client.post(
        "/accounts/login/", {"username": identifier, "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain == [("/", 302)]
    assert response.context["user"] == practitioner


def test_a_wrong_password_gets_a_calm_message_and_no_session(client, practitioner):
    response = client.post("/accounts/login/", {"username": "robin", "password": "nope"})
    assert response.status_code == 200
    assert "don&#x27;t match an account" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_an_unknown_account_gets_the_same_message_as_a_wrong_password(client, practitioner):
    wrong_password = client.post("/accounts/login/", {"username": "robin", "password": "x"})
    unknown = client.post("/accounts/login/", {"username": "nobody", "password": "x"})
    assert b"don&#x27;t match an account" in unknown.content
    assert wrong_password.context["form"].non_field_errors() == (
        unknown.context["form"].non_field_errors()
    )


def test_an_empty_login_form_says_what_is_missing(client, db):
    html = client.post("/accounts/login/", {}).content.decode()
    assert "Enter your username or email." in html
    assert "Enter your password." in html


def test_logging_in_returns_the_person_to_the_page_they_asked_for(client, practitioner):
    response = client.post(
        "/accounts/login/?next=/accounts/settings/",
        {"username": "robin", "password": PASSWORD, "next": "/accounts/settings/"},
    )
    assert response["Location"] == "/accounts/settings/"


def test_logging_in_never_sends_the_person_to_another_site(client, practitioner):
    response = client.post(
        "/accounts/login/",
        {"username": "robin", "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert response["Location"] == "/"


def test_logging_out_needs_a_post_and_says_goodbye(robin_client):
    assert robin_client.get("/accounts/logout/").status_code == 405
    response = robin_client.post("/accounts/logout/", follow=True)
    assert response.redirect_chain == [("/", 302)]
    assert "You&#x27;ve logged out" in response.content.decode()
    assert not response.context["user"].is_authenticated


def test_logging_in_takes_a_fixed_number_of_queries(
    client, practitioner, django_assert_max_num_queries
):
    # 11: one of them asks whether the person has two-factor sign-in on.
    with django_assert_max_num_queries(11):
        client.post("/accounts/login/", {"username": "robin", "password": PASSWORD})
