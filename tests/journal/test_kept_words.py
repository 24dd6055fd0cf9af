"""Words kept through an ended login belong to the person who wrote them.

On a shared browser: Eve's login ends, she presses Save, and her words are kept. Carl logs in
on that browser next. Carl must never see Eve's words, nor find them saved in his journal;
Eve gets them back in the form, unsaved, when she logs in again."""

import pytest
from django.core import signing

from compassion_site.accounts.kept_words import SALT, writer_token
from compassion_site.accounts.models import KeptWords
from journal.models import Answer, Entry, EntryNote, Part
from tests.conftest import PASSWORD, write_entry
from tests.factories import PartFactory
from tests.journal.conftest import post_step, step

EVES_WORDS = "Quiet words about the winter when Eve lost her brother"


@pytest.fixture
def eve(make_person):
    return make_person("eve")


@pytest.fixture
def carl(make_person):
    return make_person("carl")


def log_in(client, person, next_url):
    return client.post(
        f"/accounts/login/?next={next_url}",
        {"username": person.username, "password": PASSWORD},
        follow=True,
    )


def test_a_new_entry_kept_for_eve_is_never_shown_or_saved_for_carl(client, eve, carl):
    sent = {"title": "Winter", "body": EVES_WORDS, "writer": writer_token(eve)}
    response = client.post("/journal/new/", sent)
    assert response["Location"] == "/accounts/login/?next=/journal/new/"
    page = log_in(client, carl, "/journal/new/")
    assert EVES_WORDS not in page.content.decode()
    assert "We kept what you wrote" not in page.content.decode()
    for _ in range(2):  # and not on a later visit either
        assert EVES_WORDS not in client.get("/journal/new/").content.decode()
    assert not Entry.objects.exists()
    client.post("/accounts/logout/")

    page = log_in(client, eve, "/journal/new/")
    assert f"{EVES_WORDS}</textarea>" in page.content.decode()
    assert not Entry.objects.exists()  # back in the form, for Eve to save


def test_words_kept_for_eve_wait_for_her_on_any_browser(client, eve, carl):
    client.post("/journal/new/", {"body": EVES_WORDS, "writer": writer_token(eve)})
    log_in(client, carl, "/journal/new/")
    from django.test import Client

    elsewhere = Client()
    page = log_in(elsewhere, eve, "/journal/new/")
    assert f"{EVES_WORDS}</textarea>" in page.content.decode()
    assert not KeptWords.objects.exists()  # handed back once, then gone
    assert EVES_WORDS not in elsewhere.get("/journal/new/").content.decode()


def test_eves_page_sent_while_carl_is_logged_in_saves_nothing_in_carls_journal(client, eve, carl):
    client.force_login(carl)
    response = client.post("/journal/new/", {"body": EVES_WORDS, "writer": writer_token(eve)})
    assert response.status_code == 303
    assert response["Location"] == "/"
    home = client.get("/").content.decode()
    assert "kept for them, and nothing was saved in your account" in home
    assert EVES_WORDS not in home
    assert not Entry.objects.exists()
    assert KeptWords.objects.get().writer == eve


def test_a_practice_step_kept_for_eve_is_never_saved_in_carls_run_or_shown(
    client, eve, carl, begin
):
    client.force_login(eve)
    eves_run = begin(client)
    client.logout()
    post_step(client, eves_run, "difficulty", text=EVES_WORDS, writer=writer_token(eve))
    client.force_login(carl)
    carls_run = begin(client)
    # Carl can't open Eve's run, and his own steps hold nothing of hers.
    assert client.get(step(eves_run, "difficulty")).status_code == 404
    assert EVES_WORDS not in client.get(step(carls_run, "difficulty")).content.decode()
    assert not Answer.objects.exists()

    client.force_login(eve)
    html = client.get(step(eves_run, "difficulty")).content.decode()
    assert f"{EVES_WORDS}</textarea>" in html
    assert not Answer.objects.exists()  # a GET never saves
    post_step(client, eves_run, "difficulty", text=EVES_WORDS)
    assert Answer.objects.get(run=eves_run, step_key="difficulty").text == EVES_WORDS


def test_a_note_and_a_part_kept_for_eve_go_to_no_one_else(client, eve, carl):
    entry = write_entry(eve, "An old entry.")
    part = PartFactory(user=eve, name="The Worrier")
    client.post(
        f"/journal/entries/{entry.pk}/notes/", {"text": EVES_WORDS, "writer": writer_token(eve)}
    )
    client.post(
        f"/journal/parts/{part.pk}/",
        {"name": "The Protector", "description": EVES_WORDS, "writer": writer_token(eve)},
    )
    client.post("/journal/parts/", {"name": "Eve's new part", "writer": writer_token(eve)})
    log_in(client, carl, "/journal/parts/")
    assert EVES_WORDS not in client.get("/journal/parts/").content.decode()
    assert "Eve&#x27;s new part" not in client.get("/journal/parts/").content.decode()
    assert not EntryNote.objects.exists()
    assert Part.objects.filter(user=carl).count() == 0
    part.refresh_from_db()
    assert (part.name, part.description) == ("The Worrier", "")


def test_a_forged_writer_keeps_nothing_and_gets_the_usual_404(client, eve):
    forged = signing.dumps(eve.pk, salt="someone-elses-salt")
    response = client.post("/journal/new/", {"body": EVES_WORDS, "writer": forged})
    assert response.status_code == 404
    old = signing.dumps(eve.pk, salt=SALT)[:-2] + "xx"
    assert client.post("/journal/new/", {"body": EVES_WORDS, "writer": old}).status_code == 404
    assert not KeptWords.objects.exists()


def test_the_practice_editor_keeps_a_therapists_words_for_that_therapist_alone(
    client, therapist, other_therapist
):
    sent = {
        "writer": writer_token(therapist),
        "action": "save",
        "title": "Kind words for a hard day",
        "summary": EVES_WORDS,
        "steps-TOTAL_FORMS": "0",
        "steps-INITIAL_FORMS": "0",
    }
    response = client.post("/care/practices/new/", sent)
    assert response["Location"] == "/accounts/login/?next=/care/practices/new/"
    client.force_login(other_therapist)
    assert EVES_WORDS not in client.get("/care/practices/new/").content.decode()
    client.force_login(therapist)
    html = client.get("/care/practices/new/").content.decode()
    assert EVES_WORDS in html
    assert "It isn&#x27;t saved yet" in html


def test_a_page_of_writing_carries_a_writer_only_for_its_person(robin_client, practitioner):
    html = robin_client.get("/journal/new/").content.decode()
    token = html.split('name="writer" value="')[1].split('"')[0]
    assert signing.loads(token, salt=SALT) == practitioner.pk


def test_a_therapists_comment_written_after_their_login_ended_waits_for_them(
    client, therapist, care_client, other_therapist
):
    from journal import sharing
    from journal.models import TherapistComment
    from tests.conftest import link

    link(other_therapist, care_client)
    entry = write_entry(care_client, "Casey's words.")
    sharing.share_entry(entry, therapist)
    sharing.share_entry(entry, other_therapist)
    page = f"/care/clients/{care_client.pk}/entries/{entry.pk}/"
    sent = {"text": "Thank you for sharing this.", "writer": writer_token(therapist)}
    response = client.post(page + "comments/", sent)
    assert response["Location"] == f"/accounts/login/?next={page}"
    client.force_login(other_therapist)  # another of Casey's therapists, on the same browser
    assert "Thank you for sharing this." not in client.get(page).content.decode()
    client.force_login(therapist)
    assert "Thank you for sharing this.</textarea>" in client.get(page).content.decode()
    assert not TherapistComment.objects.exists()
