import re

from django.core import mail

from tests.conftest import PASSWORD

NEW_PASSWORD = "tide-comes-in-slowly-5"


def test_changing_the_password_needs_the_old_one(robin_client, practitioner):
    response = robin_client.post(
        "/accounts/password/change/",
        {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 200
    assert "Your old password was entered incorrectly" in response.content.decode()
    practitioner.refresh_from_db()
    assert practitioner.check_password(PASSWORD)


def test_changing_the_password_keeps_the_person_logged_in(robin_client, practitioner):
    response = robin_client.post(
        "/accounts/password/change/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )
    assert response.redirect_chain == [("/accounts/password/change/done/", 302)]
    assert response.context["user"].is_authenticated
    practitioner.refresh_from_db()
    assert practitioner.check_password(NEW_PASSWORD)


def test_a_password_reset_email_leads_to_a_new_password(client, practitioner):
    response = client.post("/accounts/password/reset/", {"email": "ROBIN@example.org"})
    assert response["Location"] == "/accounts/password/reset/sent/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["robin@example.org"]
    assert message.subject == "Choose a new password for Tend"
    link = re.search(r"http://testserver(/accounts/password/reset/\S+/)", message.body).group(1)

    form_page = client.get(link, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(
        set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, follow=True
    )
    assert done.redirect_chain[-1][0] == "/accounts/password/reset/complete/"
    practitioner.refresh_from_db()
    assert practitioner.check_password(NEW_PASSWORD)

    # The link works once.
    again = client.get(link, follow=True)
    assert "This link no longer works" in again.content.decode()


def test_a_reset_for_an_unknown_address_looks_the_same_and_sends_nothing(client, db):
    response = client.post("/accounts/password/reset/", {"email": "nobody@example.org"})
    assert response["Location"] == "/accounts/password/reset/sent/"
    assert mail.outbox == []


def test_a_reset_with_a_bad_address_says_so_beside_the_field(client, db):
    html = client.post("/accounts/password/reset/", {"email": "nope"}).content.decode()
    assert 'id="id_email_error"' in html
    assert "Enter a valid email address." in html
