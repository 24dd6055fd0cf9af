"""The security headers and cookie flags, read off real responses as an auditor would see them."""

import json

import pytest
from django.test import Client, override_settings

from tests.conftest import PASSWORD
from tests.site.test_configuration import PRODUCTION, manage

CSP_DIRECTIVES = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
    "base-uri": "'none'",
    "object-src": "'none'",
}
SWITCHED_OFF = ["camera", "microphone", "geolocation", "payment", "usb", "serial", "hid"]
ONE_YEAR = 365 * 24 * 60 * 60


def csp(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return {
        name: value.strip()
        for name, _, value in (part.strip().partition(" ") for part in header.split(";"))
    }


def permissions(response) -> dict[str, str]:
    return dict(part.strip().split("=", 1) for part in response["Permissions-Policy"].split(","))


@pytest.fixture
def responses(client, practitioner):
    visitor = client.get("/accounts/login/")
    person = Client()
    person.force_login(practitioner)
    return {
        "public page": visitor,
        "logged-in page": person.get("/journal/"),
        "htmx partial": person.get("/journal/", headers={"HX-Request": "true"}),
        "404": person.get("/no-such-page/"),
    }


def test_the_pages_answer_as_expected(responses):
    assert [response.status_code for response in responses.values()] == [200, 200, 200, 404]
    assert b"<html" not in responses["htmx partial"].content


@pytest.mark.parametrize("kind", ["public page", "logged-in page", "htmx partial", "404"])
def test_every_response_carries_the_security_headers(responses, kind):
    response = responses[kind]

    policy = csp(response)
    for directive, value in CSP_DIRECTIVES.items():
        assert policy.get(directive) == value, directive
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    assert "*" not in response["Content-Security-Policy"]

    features = permissions(response)
    for feature in SWITCHED_OFF:
        assert features[feature] == "()", feature
    assert set(features.values()) <= {"()", "(self)"}
    assert features["clipboard-write"] == "(self)"  # the invite's Copy link button

    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


@pytest.fixture(scope="module")
def production_settings():
    """The security settings Tend runs with in production, read from a production start-up."""
    names = [
        "DEBUG",
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD",
        "SESSION_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "SESSION_COOKIE_SAMESITE",
        "CSRF_COOKIE_SECURE",
        "CSRF_COOKIE_HTTPONLY",
        "CSRF_COOKIE_SAMESITE",
    ]
    code = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{name: getattr(settings, name) for name in {names!r}}}))"
    )
    result = manage("shell", "-c", code, **PRODUCTION)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["DEBUG"] is False
    return values


@pytest.fixture
def production(production_settings):
    with override_settings(**production_settings):
        yield


@pytest.mark.usefixtures("production")
def test_production_sends_plain_http_to_https(client, db):
    response = client.get("/accounts/login/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/accounts/login/"


@pytest.mark.usefixtures("production")
@pytest.mark.parametrize("path", ["/accounts/login/", "/no-such-page/"])
def test_production_asks_browsers_to_use_https_for_a_year(client, db, path):
    hsts = client.get(path, secure=True)["Strict-Transport-Security"]
    parts = [part.strip() for part in hsts.split(";")]
    max_age = int(next(part for part in parts if part.startswith("max-age=")).split("=")[1])
    assert max_age >= ONE_YEAR
    assert "includeSubDomains" in parts


@pytest.mark.usefixtures("production")
def test_production_login_cookies_are_secure_httponly_and_same_site_lax(client, practitioner):
    client.get("/accounts/login/", secure=True)
    response = client.post(
        "/accounts/login/", {"username": "robin", "password": PASSWORD}, secure=True
    )
    assert response.status_code == 302
    for name in ("sessionid", "csrftoken"):
        assert name in response.cookies, f"no Set-Cookie for {name} after login"
        set_cookie = response.cookies[name].OutputString()
        flags = {flag.strip().lower() for flag in set_cookie.split(";")}
        assert "secure" in flags, set_cookie
        assert "httponly" in flags, set_cookie
        assert "samesite=lax" in flags, set_cookie
