"""Every accounts page that shows or takes personal data tells browsers and proxies to keep no
copy (`Cache-Control: no-store`): a shared computer's back button or disk cache must not show
someone's settings, address or password form to the next person."""

import pytest

from care import urls as care_urls
from compassion_site.accounts import urls as account_urls
from tests.conftest import PASSWORD

# Pages for someone not logged in.
VISITOR_PAGES = [
    "/accounts/signup/",
    "/accounts/login/",
    "/accounts/password/reset/",
    "/accounts/password/reset/sent/",
    "/accounts/password/reset/MQ/not-a-real-token/",
    "/accounts/password/reset/complete/",
    "/accounts/email/confirm/?token=not-a-real-token",
    "/invite/not-a-real-token/",
]
# Pages of a logged-in person's own.
PERSON_PAGES = [
    "/accounts/settings/",
    "/accounts/email/",
    "/accounts/password/change/",
    "/accounts/password/change/done/",
    "/accounts/two-factor/",
    "/accounts/two-factor/setup/",
    "/invite/",
]
# Named URLs that are not pages to keep: each with why.
NOT_PAGES = {
    "logout": "POST only: logs out and redirects",
    "login_code": "redirects to login without a pending login; checked with one below",
    "care_invites": "a therapist page: no-store is tested in tests/site/test_pages.py",
    "care_invite_detail": "a therapist page, as above",
    "care_invite_revoke": "POST only: withdraws an invite and redirects",
    "theme": "POST only: the colours switch; sets a cookie and redirects back (303)",
}


def no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


def test_every_accounts_url_is_checked_here():
    from django.urls import resolve

    checked = {resolve(path.split("?")[0]).url_name for path in VISITOR_PAGES + PERSON_PAGES}
    names = {
        pattern.name
        for pattern in [
            *account_urls.urlpatterns,
            *[p for p in care_urls.urlpatterns if "invite" in str(p.pattern)],
        ]
    }
    assert names == checked | set(NOT_PAGES)


@pytest.mark.parametrize("path", VISITOR_PAGES)
def test_pages_for_visitors_are_never_stored(client, db, path):
    response = client.get(path)
    assert response.status_code in (200, 404), path
    assert no_store(response), path


@pytest.mark.parametrize("path", PERSON_PAGES)
def test_a_persons_own_pages_are_never_stored(robin_client, path):
    response = robin_client.get(path)
    assert response.status_code == 200, path
    assert no_store(response), path


def test_a_page_with_errors_after_a_post_is_never_stored(client, db):
    response = client.post("/accounts/signup/", {"username": "ash", "email": "ash@example.org"})
    assert response.status_code == 200
    assert no_store(response)


def test_the_password_reset_link_page_is_never_stored(client, practitioner):
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    uid = urlsafe_base64_encode(force_bytes(practitioner.pk))
    token = default_token_generator.make_token(practitioner)
    response = client.get(f"/accounts/password/reset/{uid}/{token}/", follow=True)
    assert "Choose a new password" in response.content.decode()
    assert no_store(response)


def test_the_locked_login_page_is_never_stored(client, practitioner):
    for _ in range(5):
        client.post("/accounts/login/", {"username": "robin", "password": "wrong"})
    response = client.post("/accounts/login/", {"username": "robin", "password": PASSWORD})
    assert response.status_code == 429
    assert no_store(response)


def test_the_login_code_page_is_never_stored(client, practitioner):
    response = client.get("/accounts/login/code/")
    assert response.status_code == 302
    assert no_store(response)
