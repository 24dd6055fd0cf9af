"""In Chromium: words are never lost and never go to the wrong person.

A save the database refuses comes back on a calm page that holds the words and sends them
again; words typed on a shared browser after one person's login ended come back to that
person alone."""

import pytest
from django.db import OperationalError

from journal import services
from journal.models import Entry
from tests.browser.conftest import assert_no_axe_violations
from tests.conftest import PASSWORD

WORDS = "An evening by the window, letting the day settle before I sleep."


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_a_save_the_database_refuses_comes_back_calmly_and_try_again_saves_it(
    new_page, axe, practitioner, log_in_browser, monkeypatch, color_scheme
):
    real = services.create_entry
    calls = []

    def busy_once(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("database is locked")
        return real(*args, **kwargs)

    monkeypatch.setattr(services, "create_entry", busy_once)
    page = new_page(color_scheme=color_scheme, viewport={"width": 390, "height": 844})
    log_in_browser(page, practitioner)
    page.goto("/journal/new/")
    page.get_by_label("What's on your mind").fill(WORDS)
    page.get_by_role("button", name="Save entry").click()

    page.get_by_role("heading", name="We couldn't save that just now").wait_for()
    assert page.locator("textarea[readonly]").first.input_value() == WORDS
    assert not Entry.objects.exists()
    assert_no_axe_violations(axe, page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390

    page.get_by_role("button", name="Try again").click()
    page.get_by_role("heading", level=1).wait_for()
    assert Entry.objects.get(user=practitioner).body == WORDS
    assert "Saved in your journal." in page.content()


def test_on_a_shared_browser_words_go_back_to_their_writer_alone(
    page, axe, make_person, log_in_browser
):
    eve = make_person("eve")
    carl = make_person("carl")
    log_in_browser(page, eve)
    page.goto("/journal/new/")
    page.get_by_label("What's on your mind").fill(WORDS)
    page.context.clear_cookies(name="sessionid")  # her login ends while she writes
    page.get_by_role("button", name="Save entry").click()

    page.get_by_label("Username or email").fill("carl")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("heading", name="Write an entry").wait_for()
    assert page.get_by_label("What's on your mind").input_value() == ""
    assert WORDS not in page.content()
    assert not Entry.objects.exists()

    page.context.clear_cookies()
    log_in_browser(page, eve)
    page.goto("/journal/new/")
    assert page.get_by_label("What's on your mind").input_value() == WORDS
    assert page.get_by_role("status").first.inner_text().startswith("We kept what you wrote")
    assert_no_axe_violations(axe, page)
    page.get_by_role("button", name="Save entry").click()
    page.get_by_text("Saved in your journal.").wait_for()
    assert Entry.objects.get(user=eve).body == WORDS
    assert not Entry.objects.filter(user=carl).exists()
