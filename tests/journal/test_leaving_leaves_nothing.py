"""Deleting leaves nothing behind: after a person deletes their account (or their journal), no
table anywhere holds their words, and none holds their name or address once the account goes.

The check reads every table in the database, row by row, sessions decoded, so a new table
that keeps something of a person's is caught without this test having to know about it."""

import pytest
from django.db import connection
from django.test import Client

from compassion_site.accounts.kept_words import writer_token
from compassion_site.accounts.sessions import SessionStore
from journal import services
from journal.models import Entry
from tests.conftest import PASSWORD
from tests.factories import PartFactory
from tests.journal.conftest import post_step

WORD = "Zephyrvale"
NAME = "quillon-marsh"
EMAIL = "quillon.marsh@example.org"
BROWSER = "Mozilla/5.0 (X11) QuietFoxBrowser/1.0"


def every_cell():
    """(table, text) for every value in every table, session data decoded."""
    decoder = SessionStore()
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            names = [column[0] for column in cursor.description]
            for row in cursor.fetchall():
                for name, value in zip(names, row, strict=True):
                    if value is None:
                        continue
                    yield table, str(value)
                    if name == "session_data":
                        yield table, str(decoder.decode(value))


def tables_holding(*needles: str) -> set[str]:
    needles = [needle.casefold() for needle in needles]
    return {
        table
        for table, text in every_cell()
        if any(needle in text.casefold() for needle in needles)
    }


@pytest.fixture
def quillon(make_person, begin):
    """A person who has left their mark everywhere Tend keeps anything: a finished practice,
    free writing with a tag and a note, a part, words kept through an ended login, a draft, an unread
    message naming an entry, a second device, and failed logins Axes counted."""
    person = make_person(NAME, email=EMAIL)
    browser = Client(HTTP_USER_AGENT=BROWSER)
    browser.force_login(person)
    run = begin(browser)
    post_step(browser, run, "check-in", distress="5", feeling=WORD)
    post_step(browser, run, "difficulty", text=f"{WORD} by the sea")
    entry = services.create_entry(
        person, title=f"{WORD} morning", body=f"Walking in {WORD}.", feeling=4, tags=[WORD]
    )
    services.add_note(entry, f"Looking back at {WORD}.")
    PartFactory(user=person, name=f"The {WORD} Keeper")
    browser.post(f"/journal/entries/{entry.pk}/delete/")  # "Moved … to the trash", unread
    services.create_entry(person, title="", body=f"Another {WORD} day.", feeling=None, tags=[])

    other_device = Client(HTTP_USER_AGENT=BROWSER)
    other_device.force_login(person)
    other_device.get("/")

    shared_browser = Client(HTTP_USER_AGENT=BROWSER)
    shared_browser.post(
        "/journal/new/", {"body": f"{WORD} after my login ended", "writer": writer_token(person)}
    )
    browser.post("/journal/new/", {"body": f"A draft about {WORD}", "draft": "save"})
    for typed in (NAME, EMAIL.upper()):
        Client(HTTP_USER_AGENT=BROWSER).post(
            "/accounts/login/", {"username": typed, "password": "not the password"}
        )
    assert tables_holding(WORD) >= {
        "journal_entry",
        "accounts_keptwords",
        "accounts_draft",
        "accounts_session",
    }
    assert "axes_accessattempt" in tables_holding(NAME)
    return person, browser


def test_deleting_the_account_leaves_no_word_name_or_address_in_any_table(quillon):
    _, browser = quillon
    response = browser.post(
        "/accounts/leave/account/", {"password": PASSWORD, "export_offered": "on"}
    )
    assert response.status_code == 303
    assert tables_holding(WORD, NAME, EMAIL, "QuietFoxBrowser") == set()


def test_deleting_the_journal_leaves_no_word_in_any_table_and_ends_other_devices(quillon):
    person, browser = quillon
    response = browser.post(
        "/accounts/leave/journal/", {"password": PASSWORD, "export_offered": "on"}
    )
    assert response.status_code == 303
    assert tables_holding(WORD) == set()
    assert not Entry.objects.filter(user=person).exists()
    assert browser.get("/journal/").status_code == 200  # still logged in here
    assert person.sessions.count() == 1  # and only here
