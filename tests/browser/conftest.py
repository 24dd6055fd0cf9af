"""Playwright driving the system's Chromium against Django's live server.

No browser is downloaded: Chromium comes from Debian's `chromium` package (or $CHROMIUM).
Every page a test opens is watched: a console error (a CSP violation, a script error) or a
missing script, stylesheet or image fails the test.
"""

import contextlib
import os
import shutil

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.test import Client
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str:
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not os.path.exists(path):
        pytest.fail(
            f"Chromium not found at {path}. Install Debian's chromium package "
            "(make test does this as root) or set CHROMIUM to its path."
        )
    return path


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    # Playwright's sync API runs an event loop in this thread; the test's own database calls
    # are still plain synchronous calls, so Django's guard against async misuse does not apply.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True
        )
        yield instance
        instance.close()


class PageWatcher:
    """Collects what went wrong on a page, to fail the test that caused it."""

    def __init__(self):
        self.problems: list[str] = []
        self.expected_statuses: set[int] = set()  # a test that makes the server fail on purpose
        self.in_flight: set = set()
        self.closing = False  # what the browser does while the test's pages close is not its fault

    def request(self, request):
        self.in_flight.add(request)

    def request_done(self, request):
        self.in_flight.discard(request)

    def console(self, message):
        text = message.text
        if self.closing or message.type != "error" or text.startswith("Failed to load resource"):
            return
        # htmx logs the status of an answer it didn't swap in; fine when the test asked for it.
        if any(
            f"Response Status Error Code {status} " in text for status in self.expected_statuses
        ):
            return
        self.problems.append(f"console error: {text}")

    def page_error(self, error):
        if not self.closing:
            self.problems.append(f"script error: {error}")

    def response(self, response):
        status = response.status
        if (
            not self.closing
            and response.request.resource_type != "document"
            and status >= 400
            and status not in self.expected_statuses
        ):
            self.problems.append(f"{response.status} for {response.url}")

    def request_failed(self, request):
        self.request_done(request)
        # A request cut short because the test moved on to the next page is not a fault.
        if not self.closing and request.failure != "net::ERR_ABORTED":
            self.problems.append(f"request failed: {request.url} ({request.failure})")


@pytest.fixture
def new_page(browser, live_server):
    """Open a fresh browser context; keyword arguments go to browser.new_context."""
    contexts = []
    watcher = PageWatcher()

    def open_page(**context_options):
        options = {
            "base_url": live_server.url,
            "viewport": {"width": 1280, "height": 900},
            # Playwright's page.route can't see requests that go through a service worker, so
            # pages open without Tend's worker unless a test asks for it (the installable tests).
            "service_workers": "block",
        }
        options.update(context_options)
        context = browser.new_context(**options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.on("console", watcher.console)
        page.on("pageerror", watcher.page_error)
        page.on("response", watcher.response)
        page.on("requestfailed", watcher.request_failed)
        page.on("request", watcher.request)
        page.on("requestfinished", watcher.request_done)
        return page

    open_page.watcher = watcher
    yield open_page
    let_the_server_go_quiet(contexts, watcher)
    assert not watcher.problems, "\n".join(watcher.problems)


def let_the_server_go_quiet(contexts, watcher) -> None:
    """Close the test's pages without leaving the live server a request to answer.

    A page closing with unsaved words sends them as a beacon, which Playwright neither sees
    nor stops, and a debounced save may be on its way. Answered while the test's database is
    being emptied, such a request deadlocks the flush on PostgreSQL and leaves rows for the
    next test. So the pages' beacons are turned off, every new request is stopped in the
    browser, the ones already sent are waited for, and only then do the pages close.
    """
    watcher.closing = True
    pages = [page for context in contexts for page in context.pages]
    for page in pages:
        with contextlib.suppress(PlaywrightError):  # a page without scripts, or already gone
            page.evaluate("() => { navigator.sendBeacon = () => true; }")
    for context in contexts:
        context.route("**/*", lambda route: route.abort())
    for _ in range(100):
        if not watcher.in_flight or not pages:
            break
        pages[0].wait_for_timeout(50)
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture
def log_in_browser(live_server):
    """Give a page's browser context a logged-in session for a person."""

    def log_in(page, person):
        client = Client()
        client.force_login(person)
        page.context.add_cookies(
            [
                {
                    "name": "sessionid",
                    "value": client.cookies["sessionid"].value,
                    "url": live_server.url,
                }
            ]
        )

    return log_in


def pages_for(new_page, log_in_browser, person):
    """Open pages logged in as `person`; keyword arguments go to new_page."""

    def open_page(**options):
        page = new_page(**options)
        log_in_browser(page, person)
        return page

    return open_page


@pytest.fixture
def robin_page(new_page, practitioner, log_in_browser, library):
    """Open a page logged in as Robin, who practises alone (the library loaded)."""
    return pages_for(new_page, log_in_browser, practitioner)


@pytest.fixture
def theo_page(new_page, therapist, log_in_browser):
    """Open a page logged in as Theo, the therapist."""
    return pages_for(new_page, log_in_browser, therapist)


@pytest.fixture
def casey_page(new_page, care_client, log_in_browser):
    """Open a page logged in as Casey, Theo's client; keyword arguments go to new_page."""
    return pages_for(new_page, log_in_browser, care_client)


@pytest.fixture(scope="session")
def axe():
    return Axe()


def settle(page) -> None:
    """Wait for the page's entrance animations to finish, so colours are read at rest."""
    page.evaluate(
        "() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => null)))"
    )


def assert_no_axe_violations(axe, page) -> None:
    settle(page)
    results = axe.run(page)
    assert results.violations_count == 0, results.generate_report()
