"""Every page answers, wears the shared layout, and stays inside its query budget."""

import re

import pytest
from django.test import Client, RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver
from django.views.defaults import server_error

from tests.pages import (
    ACCOUNT_PAGES,
    ALL_PAGES,
    JOURNAL_PAGES,
    NOT_PAGES,
    PERSON_PAGES,
    PUBLIC_PAGES,
    THERAPIST_PAGES,
    VISITOR_PAGES,
)

# Most pages need the session, the person and at most two reads of their own; the journal
# also reads its filters' choices (practices, tags, parts) and a memory to revisit; home reads
# unfinished practices, this week's and the library for a suggestion, and today's check-in.
QUERY_BOUNDS = {
    JOURNAL_PAGES["journal"]: 10,
    JOURNAL_PAGES["export_print"]: 10,
    JOURNAL_PAGES["progress"]: 10,
    PUBLIC_PAGES["home"]: 7,
}

DISCLAIMER = "Tend is for practice and reflection, not therapy or crisis care"


def named_urls(patterns=None, prefix=""):
    names = set()
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            names |= named_urls(entry.url_patterns)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(entry.name)
    return names


# Pages made for printing leave the site's navigation out.
WITHOUT_NAVIGATION = {JOURNAL_PAGES["export_print"]}


def assert_shared_layout(html: str, *, navigation: bool = True) -> None:
    assert DISCLAIMER in html
    assert 'href="/help/crisis/"' in html
    assert len(re.findall(r"<h1[\s>]", html)) == 1, "every page has exactly one h1"
    assert '<a class="skip-link" href="#main">' in html
    assert '<main id="main"' in html
    assert "<header" in html
    assert "<footer" in html
    assert ('<nav aria-label="Main">' in html) == navigation


def assert_nothing_from_another_host(html: str) -> None:
    assert not re.search(r"""(src|href|action)=["'](https?:)?//""", html)


def assert_no_inline_script_or_style(html: str) -> None:
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline script"
    assert "<style" not in html
    assert not re.search(r"\sstyle=", html), "inline style attribute"
    assert not re.search(r"\son[a-z]+=", html), "inline event handler"


def test_every_named_url_is_in_the_page_inventory():
    assert named_urls() == set(ALL_PAGES) | set(NOT_PAGES)


@pytest.fixture(autouse=True)
def _library(request):
    """Pages that show practices need the library loaded."""
    if "db" in request.fixturenames or "robin_client" in request.fixturenames:
        request.getfixturevalue("library")


@pytest.mark.parametrize("path", [*PUBLIC_PAGES.values(), *VISITOR_PAGES.values()])
def test_a_visitor_can_open_every_public_page(client, db, path, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert_shared_layout(html)
    assert_nothing_from_another_host(html)
    assert_no_inline_script_or_style(html)


@pytest.mark.parametrize("path", [*PUBLIC_PAGES.values(), *PERSON_PAGES.values()])
def test_a_logged_in_person_can_open_every_page_of_theirs(
    robin_client, path, django_assert_max_num_queries
):
    with django_assert_max_num_queries(QUERY_BOUNDS.get(path, 4)):
        response = robin_client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert_shared_layout(html, navigation=path not in WITHOUT_NAVIGATION)
    assert_nothing_from_another_host(html)
    assert_no_inline_script_or_style(html)
    if path not in WITHOUT_NAVIGATION:
        assert "Log out" in html


@pytest.mark.parametrize("path", THERAPIST_PAGES.values())
def test_a_therapist_can_open_every_therapist_page(
    client, therapist, path, django_assert_max_num_queries
):
    client.force_login(therapist)
    with django_assert_max_num_queries(QUERY_BOUNDS.get(path, 6)):
        response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert_shared_layout(html)
    assert_nothing_from_another_host(html)
    assert_no_inline_script_or_style(html)
    assert 'href="/care/"' in html  # the Clients link in the navigation
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("path", THERAPIST_PAGES.values())
def test_therapist_pages_are_a_404_without_therapist_mode(robin_client, db, path):
    assert robin_client.get(path).status_code == 404
    assert Client().get(path).status_code == 404


@pytest.mark.parametrize("path", ACCOUNT_PAGES.values())
def test_a_visitor_is_asked_to_log_in_for_a_persons_account_pages(client, db, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={path}"


@pytest.mark.parametrize("path", JOURNAL_PAGES.values())
def test_a_visitor_gets_a_404_for_journal_pages_with_a_way_to_log_in(client, db, path):
    response = client.get(path)
    assert response.status_code == 404
    html = response.content.decode()
    assert f'href="/accounts/login/?next={path}"' in html
    assert_shared_layout(html)


@pytest.mark.parametrize("name", ["signup", "login"])
def test_a_logged_in_person_is_sent_home_from_signup_and_login(robin_client, name):
    response = robin_client.get(VISITOR_PAGES[name])
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_the_crisis_page_says_how_to_get_urgent_help_without_an_account(client, db):
    html = client.get("/help/crisis/").content.decode()
    assert "emergency number" in html
    assert 'href="tel:988"' in html
    assert "helpline" in html


def test_a_missing_page_is_a_friendly_404_in_the_layout(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "We can't find that page" in html
    assert_shared_layout(html)


def test_a_server_error_is_a_calm_page_in_the_layout(db):
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong on our side" in html
    assert_shared_layout(html)


def test_htmx_comes_from_our_own_static_files_with_the_csrf_token_in_its_headers(client, db):
    html = client.get("/").content.decode()
    assert '<script src="/static/django_htmx/htmx-2.min.js" defer>' in html
    token = client.cookies["csrftoken"].value
    assert token
    assert re.search(r"""<body hx-headers='\{"X-CSRFToken": "[A-Za-z0-9]{64}"\}'>""", html)


def test_every_response_carries_a_content_security_policy_without_inline_code(client, db):
    policy = client.get("/").headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy


def test_the_health_check_answers_once_the_database_does(client, db):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert "no-cache" in response.headers["Cache-Control"]


def test_the_health_check_refuses_writes(client, db):
    assert client.post("/health/").status_code == 405
