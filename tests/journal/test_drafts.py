"""Drafts of free writing, an entry's edit page and a looking-back note: kept while the person
types (draft=save), back in the form when the page opens again, gone when they discard it or
save the form, and never anyone else's."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from compassion_site.accounts.drafts import MOST_DRAFTS
from compassion_site.accounts.models import Draft
from journal.models import MAX_ENTRY_LENGTH, MAX_NOTE_LENGTH, Answer, Entry, EntryNote
from tests.conftest import write_entry

WORDS = "Half a thought about the long walk home"


def entry_url(entry, action=""):
    return f"/journal/entries/{entry.pk}/" + (f"{action}/" if action else "")


def as_person(person) -> Client:
    browser = Client()
    browser.force_login(person)
    return browser


def save_draft(client, url, **fields):
    return client.post(url, {**fields, "draft": "save"})


# A new entry -------------------------------------------------------------------------------


def test_a_new_entry_draft_is_saved_quietly_and_saves_nothing_in_the_journal(
    robin_client, practitioner
):
    response = save_draft(robin_client, "/journal/new/", title="Evening", body=WORDS, tags="walk")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="status"' in html and "Saved as a draft at" in html
    draft = Draft.objects.get(writer=practitioner, page="/journal/new/")
    assert draft.fields == {"title": ["Evening"], "body": [WORDS], "tags": ["walk"]}
    assert not Entry.objects.exists()


def test_a_new_entry_draft_is_back_in_the_form_on_any_device_with_a_discard_button(
    robin_client, practitioner
):
    save_draft(robin_client, "/journal/new/", title="Evening", body=WORDS, feeling="4")
    html = as_person(practitioner).get("/journal/new/").content.decode()
    assert f"{WORDS}</textarea>" in html
    assert 'value="Evening"' in html
    assert re.search(r'<input type="radio" name="feeling" value="4"[^>]* checked', html)
    assert "Your draft from" in html and "isn't saved yet" in html
    assert 'name="draft" value="discard"' in html
    assert "field--error" not in html  # put back as it was, not as a form with problems
    assert not Entry.objects.exists()


def test_a_page_without_a_draft_says_nothing_of_one(robin_client):
    html = robin_client.get("/journal/new/").content.decode()
    assert "Your draft from" not in html
    assert 'name="draft" value="discard"' not in html
    assert "data-draft-form" in html  # drafts.js keeps one from the first word


def test_discarding_a_draft_lets_it_go_and_the_page_opens_afresh(robin_client, practitioner):
    save_draft(robin_client, "/journal/new/", body=WORDS)
    response = robin_client.post("/journal/new/", {"draft": "discard"})
    assert response.status_code == 303
    assert response["Location"] == "/journal/new/"
    assert not Draft.objects.filter(writer=practitioner).exists()
    html = robin_client.get("/journal/new/").content.decode()
    assert WORDS not in html
    assert "The draft is discarded." in html
    assert not Entry.objects.exists()


def test_saving_the_entry_lets_its_draft_go(robin_client, practitioner):
    save_draft(robin_client, "/journal/new/", body=WORDS)
    response = robin_client.post("/journal/new/", {"body": WORDS})
    assert response.status_code == 303
    assert Entry.objects.get().body == WORDS
    assert not Draft.objects.filter(writer=practitioner).exists()
    assert WORDS not in robin_client.get("/journal/new/").content.decode()


def test_an_entry_that_could_not_be_saved_keeps_its_draft(robin_client, practitioner):
    save_draft(robin_client, "/journal/new/", body=WORDS)
    response = robin_client.post("/journal/new/", {"body": WORDS, "feeling": "12"})
    assert response.status_code == 200
    assert "data-draft-unsaved" in response.content.decode()  # drafts.js keeps what came back
    assert Draft.objects.filter(writer=practitioner, page="/journal/new/").exists()


def test_a_draft_bigger_than_an_entry_can_be_is_refused_and_says_so(robin_client, practitioner):
    response = save_draft(robin_client, "/journal/new/", body="x" * (MAX_ENTRY_LENGTH + 6_000))
    assert response.status_code == 413
    html = response.content.decode()
    assert 'role="status"' in html and "Not saved as a draft" in html
    assert not Draft.objects.exists()


def test_someone_else_never_sees_a_draft_and_their_own_draft_stays_theirs(
    robin_client, practitioner, stranger
):
    save_draft(robin_client, "/journal/new/", body=WORDS)
    theirs = as_person(stranger)
    assert WORDS not in theirs.get("/journal/new/").content.decode()
    save_draft(theirs, "/journal/new/", body="The stranger's own words")
    assert WORDS not in theirs.get("/journal/new/").content.decode()
    assert "The stranger's own words" not in robin_client.get("/journal/new/").content.decode()
    # Discarding theirs leaves Robin's as it was.
    theirs.post("/journal/new/", {"draft": "discard"})
    assert Draft.objects.get(writer=practitioner).fields["body"] == [WORDS]


def test_a_visitor_can_neither_save_nor_discard_a_draft(client, practitioner):
    robin = as_person(practitioner)
    save_draft(robin, "/journal/new/", body=WORDS)
    assert save_draft(client, "/journal/new/", body="x").status_code == 404
    assert client.post("/journal/new/", {"draft": "discard"}).status_code == 404
    assert Draft.objects.get().fields["body"] == [WORDS]


def test_opening_a_page_never_saves_a_draft(robin_client):
    robin_client.get("/journal/new/", {"draft": "save", "body": WORDS})
    assert not Draft.objects.exists()


def test_a_page_with_no_draft_asks_for_it_once_and_cheaply(robin_client):
    with CaptureQueriesContext(connection) as queries:
        assert robin_client.get("/journal/new/").status_code == 200
    asked = [query["sql"] for query in queries if "accounts_draft" in query["sql"]]
    assert len(asked) == 1
    assert "LIMIT 1" in asked[0]


def test_a_person_keeps_at_most_a_few_pages_of_drafts_the_oldest_going_first(
    robin_client, practitioner
):
    entries = [write_entry(practitioner, f"Entry {n}") for n in range(MOST_DRAFTS + 1)]
    for entry in entries:
        save_draft(robin_client, entry_url(entry, "notes"), text=f"A note on {entry.pk}")
    kept = Draft.objects.filter(writer=practitioner)
    assert kept.count() == MOST_DRAFTS
    assert not kept.filter(page=entry_url(entries[0])).exists()
    assert kept.filter(page=entry_url(entries[-1])).exists()


def test_deleting_a_person_deletes_their_drafts(robin_client, practitioner):
    save_draft(robin_client, "/journal/new/", body=WORDS)
    practitioner.delete()
    assert not Draft.objects.exists()


# An entry's edit page ----------------------------------------------------------------------


def edit_fields(entry, **changes) -> dict:
    fields = {"version": str(entry.version), "title": entry.title, "body": entry.body}
    fields.update(changes)
    return fields


def test_an_edit_draft_is_saved_restored_and_removed_when_the_edit_is_saved(
    robin_client, practitioner
):
    entry = write_entry(practitioner, "First words.", title="Tuesday")
    page = entry_url(entry, "edit")
    response = save_draft(robin_client, page, **edit_fields(entry, body=WORDS))
    assert response.status_code == 200
    entry.refresh_from_db()
    assert entry.body == "First words."  # a draft changes nothing in the journal

    html = robin_client.get(page).content.decode()
    assert f"{WORDS}</textarea>" in html
    assert "Your draft from" in html and "Save changes" in html

    response = robin_client.post(page, edit_fields(entry, body=WORDS))
    assert response.status_code == 303
    entry.refresh_from_db()
    assert entry.body == WORDS
    assert not Draft.objects.exists()
    html = robin_client.get(page).content.decode()
    assert "Your draft from" not in html


def test_an_edit_draft_can_be_discarded(robin_client, practitioner):
    entry = write_entry(practitioner, "First words.")
    page = entry_url(entry, "edit")
    save_draft(robin_client, page, **edit_fields(entry, body=WORDS))
    response = robin_client.post(page, {"draft": "discard"})
    assert response["Location"] == page
    html = robin_client.get(page).content.decode()
    assert WORDS not in html and "First words.</textarea>" in html


def test_an_edit_draft_of_a_practices_answers_comes_back_in_its_boxes(
    robin_client, finish_practice
):
    entry = finish_practice(robin_client)
    difficulty = Answer.objects.get(run=entry.run, step_key="difficulty")
    page = entry_url(entry, "edit")
    save_draft(
        robin_client,
        page,
        version=str(entry.version),
        **{f"answer-{difficulty.pk}": WORDS, "tags": "family"},
    )
    html = robin_client.get(page).content.decode()
    assert f"{WORDS}</textarea>" in html
    assert 'value="family"' in html


def test_an_edit_draft_keeps_the_version_it_began_from(robin_client, practitioner):
    entry = write_entry(practitioner, "First words.", title="Tuesday")
    page = entry_url(entry, "edit")
    save_draft(robin_client, page, **edit_fields(entry, body=WORDS))
    # An edit saved since (say, from an import) moves the entry on without this page.
    Entry.objects.filter(pk=entry.pk).update(version=5, body="Saved elsewhere.")
    html = robin_client.get(page).content.decode()
    assert 'name="version" value="1"' in html
    # so saving the draft shows both versions rather than overwriting the other.
    response = robin_client.post(page, {"version": "1", "title": "Tuesday", "body": WORDS})
    assert response.status_code == 409
    assert "Saved elsewhere." in response.content.decode()


def test_a_stranger_gets_404_for_a_draft_of_someone_elses_entry(
    robin_client, practitioner, stranger
):
    entry = write_entry(practitioner, "First words.")
    page = entry_url(entry, "edit")
    save_draft(robin_client, page, **edit_fields(entry, body=WORDS))
    theirs = as_person(stranger)
    assert save_draft(theirs, page, body="Not theirs to write").status_code == 404
    assert theirs.post(page, {"draft": "discard"}).status_code == 404
    assert theirs.get(page).status_code == 404
    assert list(Draft.objects.values_list("writer", flat=True)) == [practitioner.pk]


def test_an_edit_draft_bigger_than_the_page_can_hold_is_refused(robin_client, practitioner):
    entry = write_entry(practitioner, "First words.")
    page = entry_url(entry, "edit")
    response = save_draft(
        robin_client, page, **edit_fields(entry, body="x" * (MAX_ENTRY_LENGTH * 4))
    )
    assert response.status_code == 413
    assert not Draft.objects.exists()


# A looking-back note -----------------------------------------------------------------------


def test_a_note_draft_is_saved_restored_and_removed_when_the_note_is_added(
    robin_client, practitioner
):
    entry = write_entry(practitioner, "First words.")
    response = save_draft(robin_client, entry_url(entry, "notes"), text=WORDS)
    assert response.status_code == 200
    assert not EntryNote.objects.exists()
    draft = Draft.objects.get()
    assert draft.page == entry_url(entry)  # kept for the page the note is written on

    html = robin_client.get(entry_url(entry)).content.decode()
    assert f"{WORDS}</textarea>" in html
    assert "Your draft from" in html and "Add note" in html

    response = robin_client.post(entry_url(entry, "notes"), {"text": WORDS})
    assert response.status_code == 303
    assert EntryNote.objects.get().text == WORDS
    assert not Draft.objects.exists()


def test_a_note_draft_can_be_discarded(robin_client, practitioner):
    entry = write_entry(practitioner, "First words.")
    save_draft(robin_client, entry_url(entry, "notes"), text=WORDS)
    response = robin_client.post(entry_url(entry, "notes"), {"draft": "discard"})
    assert response["Location"] == entry_url(entry)
    assert WORDS not in robin_client.get(entry_url(entry)).content.decode()
    assert not Draft.objects.exists()


@pytest.mark.parametrize("where", ["notes", ""])
def test_a_stranger_gets_404_for_a_note_draft_on_someone_elses_entry(
    robin_client, practitioner, stranger, where
):
    entry = write_entry(practitioner, "First words.")
    save_draft(robin_client, entry_url(entry, "notes"), text=WORDS)
    theirs = as_person(stranger)
    assert save_draft(theirs, entry_url(entry, where), text="Not theirs").status_code == 404
    assert theirs.get(entry_url(entry)).status_code == 404
    assert Draft.objects.get().writer == practitioner


def test_a_note_draft_bigger_than_a_note_can_be_is_refused(robin_client, practitioner):
    entry = write_entry(practitioner, "First words.")
    response = save_draft(
        robin_client, entry_url(entry, "notes"), text="x" * (MAX_NOTE_LENGTH + 6_000)
    )
    assert response.status_code == 413
    assert not Draft.objects.exists()
