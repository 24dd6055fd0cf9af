"""Every "Log in" and "Create a free account" link brings a person back to the page they were
reading, and only ever to a page of this site."""

import re

import pytest

from tests.accounts.test_signup import signup_data
from tests.conftest import PASSWORD

BREAK = "/practices/msc-self-compassion-break/"


def account_links(html: str) -> list[str]:
    """The href of every link to log in or sign up on the page."""
    return re.findall(r'href="(/accounts/(?:login|signup)/[^"]*)"', html)


def test_creating_an_account_from_a_practice_page_lands_back_on_the_practice(client, library):
    page = client.get(BREAK).content.decode()
    signup = next(link for link in account_links(page) if link.startswith("/accounts/signup/"))
    assert signup == "/accounts/signup/?next=/practices/msc-self-compassion-break/"
    form = client.get(signup).content.decode()
    assert f'name="next" value="{BREAK}"' in form
    response = client.post("/accounts/signup/", signup_data(next=BREAK))
    assert response["Location"] == BREAK


def test_logging_in_from_a_practice_page_lands_back_on_the_practice(client, library, practitioner):
    page = client.get(BREAK).content.decode()
    links = account_links(page)
    assert links and all(
        link.endswith("?next=/practices/msc-self-compassion-break/") for link in links
    )
    response = client.post(
        "/accounts/login/?next=" + BREAK,
        {"username": practitioner.username, "password": PASSWORD, "next": BREAK},
    )
    assert response["Location"] == BREAK


@pytest.mark.parametrize(
    "path",
    ["/practices/?modality=msc", "/help/crisis/", "/learn/what-compassion-is/", BREAK],
)
def test_every_log_in_and_sign_up_link_on_a_page_comes_back_to_it(client, library, path):
    links = account_links(client.get(path).content.decode())
    assert len(links) >= 2
    wanted = "?next=" + path.replace("?", "%3F").replace("=", "%3D")
    assert all(link.endswith(wanted) for link in links), links


def test_going_between_log_in_and_sign_up_keeps_where_to_come_back_to(client, db):
    login = client.get("/accounts/login/?next=" + BREAK).content.decode()
    assert f'href="/accounts/signup/?next={BREAK}"' in login.replace("%2F", "/")
    signup = client.get("/accounts/signup/?next=" + BREAK).content.decode()
    assert f'href="/accounts/login/?next={BREAK}"' in signup.replace("%2F", "/")


def test_home_needs_no_way_back_as_it_is_where_a_person_lands_anyway(client, db):
    links = account_links(client.get("/").content.decode())
    assert links and all("next=" not in link for link in links)


@pytest.mark.parametrize("elsewhere", ["https://elsewhere.example/", "//elsewhere.example/"])
def test_a_way_back_to_another_site_is_never_carried_on(client, db, elsewhere):
    for page in ("/accounts/login/", "/accounts/signup/"):
        html = client.get(page, {"next": elsewhere}).content.decode()
        assert "elsewhere.example" not in html


def test_a_password_reset_page_does_not_send_a_person_back_to_it(client, db):
    links = account_links(client.get("/accounts/password/reset/").content.decode())
    assert links and all("next=" not in link for link in links)
