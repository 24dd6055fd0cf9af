"""Only the author ever sees their journal: every journal URL as another person and as a
visitor, caching, and what reaches logs and error reports."""

import logging
import sys

import pytest
from django.test import RequestFactory, override_settings
from django.views.debug import get_exception_reporter_class

from compassion_site.accounts.kept_words import writer_token
from journal import services
from journal.models import Answer, Entry, EntryNote, Part
from tests.conftest import write_entry
from tests.factories import PartFactory
from tests.journal.conftest import post_step
from tests.pages import JOURNAL_PAGES

SECRET = "Robin's private words"

# Every URL about one of Robin's things: (method, url, what it needs).
OBJECT_URLS = [
    ("get", "/journal/entries/{entry}/"),
    ("get", "/journal/entries/{entry}/edit/"),
    ("post", "/journal/entries/{entry}/edit/"),
    ("post", "/journal/entries/{entry}/notes/"),
    ("post", "/journal/entries/{entry}/delete/"),
    ("get", "/journal/entries/{trashed}/"),
    ("post", "/journal/entries/{trashed}/restore/"),
    ("post", "/journal/entries/{trashed}/purge/"),
    ("get", "/journal/runs/{run}/"),
    ("get", "/journal/runs/{run}/steps/check-in/"),
    ("get", "/journal/runs/{run}/steps/difficulty/"),
    ("post", "/journal/runs/{run}/steps/difficulty/"),
    ("post", "/journal/runs/{run}/steps/difficulty/draft/"),
    ("get", "/journal/runs/{run}/paused/"),
    ("post", "/journal/runs/{run}/leave/"),
    ("get", "/journal/runs/{finished_run}/summary/"),
    ("get", "/journal/runs/{run}/discard/"),
    ("post", "/journal/runs/{run}/discard/"),
    ("get", "/journal/parts/{part}/"),
    ("post", "/journal/parts/{part}/"),
    ("post", "/journal/parts/{part}/retire/"),
]
# A visitor's post of writing is kept for after logging in; nothing of Robin's shows or changes.
KEEPS_WORDS = [
    "/journal/runs/{run}/steps/difficulty/",
    "/journal/runs/{run}/steps/difficulty/draft/",
    "/journal/entries/{entry}/edit/",
    "/journal/entries/{entry}/notes/",
    "/journal/parts/{part}/",
]
FORM = {
    "text": "intruder",
    "body": "intruder",
    "name": "intruder",
    "version": "1",
    "action": "next",
}


@pytest.fixture
def robins_journal(client, practitioner, begin, finish_practice):
    client.force_login(practitioner)
    # Finished first: Begin picks up an unfinished run of the same practice instead of
    # making a second one.
    finished = finish_practice(client, difficulty={"text": SECRET})
    run = begin(client)
    post_step(client, run, "difficulty", text=SECRET, action="back")
    entry = write_entry(practitioner, SECRET, title="Robin's entry", tags=["robins-tag"])
    services.add_note(entry, SECRET)
    trashed = write_entry(practitioner, SECRET, title="Robin's trashed entry")
    services.trash_entry(trashed)
    part = PartFactory(user=practitioner, name="Robin's critic")
    client.logout()
    return {
        "run": run.pk,
        "finished_run": finished.run_id,
        "entry": entry.pk,
        "trashed": trashed.pk,
        "part": part.pk,
    }


def robins_things_unchanged(ids):
    assert Entry.objects.get(pk=ids["entry"]).body == SECRET
    assert Entry.objects.get(pk=ids["entry"]).version == 1
    assert Entry.objects.get(pk=ids["trashed"]).deleted_at is not None
    assert EntryNote.objects.get().text == SECRET
    assert Answer.objects.get(run_id=ids["run"], step_key="difficulty").text == SECRET
    assert Part.objects.get(pk=ids["part"]).name == "Robin's critic"


@pytest.mark.parametrize(("method", "url"), OBJECT_URLS)
def test_another_person_gets_404_for_every_journal_url_of_robins(
    client, stranger, robins_journal, method, url
):
    client.force_login(stranger)
    response = getattr(client, method)(url.format(**robins_journal), FORM)
    assert response.status_code == 404
    assert "Robin" not in response.content.decode()
    robins_things_unchanged(robins_journal)


@pytest.mark.parametrize(("method", "url"), OBJECT_URLS)
def test_a_visitor_gets_404_for_every_journal_url_of_robins(client, robins_journal, method, url):
    response = getattr(client, method)(url.format(**robins_journal), FORM)
    assert response.status_code == 404
    assert "Robin" not in response.content.decode()
    robins_things_unchanged(robins_journal)


@pytest.mark.parametrize("url", KEEPS_WORDS)
def test_robins_own_form_sent_after_her_login_ended_asks_her_to_log_in_and_changes_nothing(
    client, practitioner, robins_journal, url
):
    page = url.format(**robins_journal)
    sent = {**FORM, "writer": writer_token(practitioner)}
    response = client.post(page, sent)
    assert response.status_code == 303
    back_to = page.removesuffix("draft/").removesuffix("notes/")
    assert response["Location"] == f"/accounts/login/?next={back_to}"
    robins_things_unchanged(robins_journal)


@pytest.mark.parametrize("path", JOURNAL_PAGES.values())
def test_another_persons_journal_pages_show_nothing_of_robins(
    client, stranger, robins_journal, path
):
    client.force_login(stranger)
    response = client.get(path, {"q": "private"})
    assert response.status_code == 200
    assert "Robin" not in response.content.decode()
    assert "private words" not in response.content.decode()


@pytest.mark.parametrize(
    "path", ["/journal/export/tend-journal.json", "/journal/export/tend-journal.md"]
)
def test_another_persons_export_holds_nothing_of_robins(client, stranger, robins_journal, path):
    client.force_login(stranger)
    response = client.get(path)
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert b"Robin" not in content and b"private words" not in content


@pytest.mark.parametrize(
    "path",
    [
        *JOURNAL_PAGES.values(),
        "/journal/entries/{entry}/",
        "/journal/entries/{entry}/edit/",
        "/journal/entries/{trashed}/",
        "/journal/runs/{finished_run}/summary/",
        "/journal/runs/{run}/steps/difficulty/",
        "/journal/export/tend-journal.json",
        "/journal/export/tend-journal.md",
    ],
)
def test_pages_with_journal_text_are_never_stored_by_browsers_or_proxies(
    client, practitioner, robins_journal, path
):
    client.force_login(practitioner)
    response = client.get(path.format(**robins_journal))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


# Logs and error reports --------------------------------------------------------------------


def test_search_words_never_reach_the_request_log(caplog, robin_client, practitioner):
    write_entry(practitioner, "lighthouse")
    server_log = logging.getLogger("django.server")
    with caplog.at_level(logging.INFO):
        robin_client.get("/journal/?q=lighthouse+secret")
        robin_client.get("/journal/?q=lighthouse&page=abc", headers={"HX-Request": "true"})
        robin_client.get("/journal/entries/999999/?q=lighthouse")  # a 404 is logged
        # What the development server logs for each request:
        server_log.info('"%s" %s %s', "GET /journal/?q=lighthouse+secret HTTP/1.1", 200, 1234)
    handler_output = "\n".join(
        handler.format(record)
        for record in caplog.records
        for handler in logging.getLogger(record.name).handlers or logging.getLogger().handlers
        if all(f.filter(record) for f in handler.filters)
    )
    assert "/journal/?…" in handler_output
    assert "lighthouse" not in handler_output
    assert "Not Found: /journal/entries/999999/" in handler_output


def test_invite_tokens_never_reach_the_request_log(caplog, db):
    server_log = logging.getLogger("django.server")
    with caplog.at_level(logging.INFO):
        server_log.info('"%s" %s %s', "GET /invite/Zq3-secret_token/ HTTP/1.1", 200, 99)
        server_log.info('"%s" %s %s', "POST /invite/Zq3-secret_token/?x=1 HTTP/1.1", 303, 0)
    output = "\n".join(
        handler.format(record)
        for record in caplog.records
        for handler in server_log.handlers
        if all(f.filter(record) for f in handler.filters)
    )
    assert "GET /invite/…/ HTTP/1.1" in output
    assert "POST /invite/…/?… HTTP/1.1" in output
    assert "Zq3-secret_token" not in output


# Built here so the test's own source lines, which a report quotes, don't contain it.
WORD = "".join(["light", "house"])


@override_settings(DEBUG=False)
def test_an_error_report_carries_no_journal_words(practitioner):
    request = RequestFactory().post(
        f"/journal/new/?q={WORD}",
        {"body": f"my secret {WORD} words"},
        HTTP_REFERER=f"http://testserver/journal/?q={WORD}",
    )
    request.user = practitioner
    request.COOKIES["sessionid"] = f"{WORD}-cookie"

    def save(body):
        raise ValueError("the database fell over")

    try:
        save(request.POST["body"])
    except ValueError:
        reporter = get_exception_reporter_class(request)(request, *sys.exc_info())
    report = reporter.get_traceback_text() + reporter.get_traceback_html()
    assert "the database fell over" in report
    assert WORD not in report


def test_messages_naming_an_entry_never_travel_in_a_cookie(robin_client, practitioner):
    entry = write_entry(practitioner, "Words.", title="Sunday by the sea")
    response = robin_client.post(f"/journal/entries/{entry.pk}/delete/")
    assert "messages" not in response.cookies
    assert all("Sunday" not in morsel.value for morsel in response.cookies.values())
    page = robin_client.get(response["Location"]).content.decode()
    assert "Moved “Sunday by the sea” to the trash." in page
