"""Trying a practice without an account: the words are held in the visitor's own session for an
hour, never in a table, and become the first journal entry only if they sign up to keep them."""

import logging
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from journal.models import Answer, Entry, Run
from tests.conftest import PASSWORD

BREAK = "msc-self-compassion-break"
GROUNDING = "cft-grounding"
WORDS = "The kettle sang and I let the worry sit beside me."
User = get_user_model()

pytestmark = pytest.mark.usefixtures("library")


def write_in_break(browser: Client, words: str = WORDS):
    """A visitor goes through the self-compassion break, writing `words` where it asks what's
    hard, and arrives at the end."""
    base = f"/try/{BREAK}/"
    assert browser.post(base + "welcome/", {"action": "next"}).status_code == 303
    response = browser.post(base + "difficulty/", {"action": "next", "text": words})
    assert response.status_code == 303
    assert response["Location"] == base + "how-much/"
    browser.post(base + "how-much/", {"action": "next", "rating": "4"})
    for key in ("notice", "not-alone"):
        browser.post(base + f"{key}/", {"action": "skip"})
    browser.post(base + "touch/", {"action": "next"})
    browser.post(base + "kindness/", {"action": "next", "text": "Go gently."})
    response = browser.post(base + "reflect/", {"action": "next", "text": "It helped a bit."})
    assert response["Location"] == base + "end/"
    return response


def no_rows():
    return not (Run.objects.exists() or Answer.objects.exists() or Entry.objects.exists())


def sign_up(browser: Client, username: str = "juniper"):
    return browser.post(
        "/accounts/signup/?next=/welcome/",
        {
            "username": username,
            "email": f"{username}@example.org",
            "password1": "windswept-hills-at-dawn",
            "password2": "windswept-hills-at-dawn",
            "time_zone": "Europe/London",
        },
    )


def test_a_visitor_walks_a_practice_and_their_words_stay_in_their_session_only(client):
    assert client.get(f"/try/{BREAK}/").status_code == 200
    page = client.get(f"/try/{BREAK}/welcome/")
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    write_in_break(client)
    assert no_rows()
    end = client.get(f"/try/{BREAK}/end/")
    assert WORDS in end.content.decode()
    assert "Keep it: create a free account" in end.content.decode()
    # Back on a step, the words are still in its box.
    assert WORDS in client.get(f"/try/{BREAK}/difficulty/").content.decode()


def test_a_step_that_asks_for_words_says_so_beside_the_box(client):
    response = client.post(f"/try/{BREAK}/difficulty/", {"action": "next", "text": "  "})
    assert response.status_code == 422
    assert "Write a few words to go on." in response.content.decode()


def test_the_grounding_practice_can_be_tried_with_nothing_written(client):
    for key in ("welcome", "feet", "see", "breathe"):
        assert client.post(f"/try/{GROUNDING}/{key}/", {"action": "next"}).status_code == 303
    response = client.post(f"/try/{GROUNDING}/reflect/", {"action": "skip"})
    assert response["Location"] == f"/try/{GROUNDING}/end/"
    page = client.get(response["Location"]).content.decode()
    assert "You didn't write anything this time" in page
    assert no_rows()


def test_back_from_the_first_step_goes_to_the_practice_s_first_page(client):
    response = client.post(f"/try/{BREAK}/welcome/", {"action": "back"})
    assert response["Location"] == f"/try/{BREAK}/"


def test_a_step_that_is_not_in_the_practice_is_a_404(client):
    assert client.get(f"/try/{BREAK}/no-such-step/").status_code == 404
    assert client.post(f"/try/{BREAK}/no-such-step/", {"text": "x"}).status_code == 404
    assert client.get(f"/try/{BREAK}/check-in/").status_code == 404


@pytest.mark.parametrize(
    "slug", ["cft-compassionate-self", "ifs-meeting-an-exile", "no-such-practice"]
)
def test_only_the_allowed_practices_can_be_tried(client, slug):
    assert client.get(f"/try/{slug}/").status_code == 404
    assert client.get(f"/try/{slug}/welcome/").status_code == 404
    assert client.post(f"/try/{slug}/welcome/", {"action": "next"}).status_code == 404
    assert client.get(f"/try/{slug}/end/").status_code == 404


def test_the_words_are_let_go_after_an_hour(client):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        write_in_break(client)
    with time_machine.travel(start + timedelta(minutes=59), tick=False):
        assert WORDS in client.get(f"/try/{BREAK}/end/").content.decode()
    with time_machine.travel(start + timedelta(minutes=60, seconds=1), tick=False):
        page = client.get(f"/try/{BREAK}/end/").content.decode()
        assert WORDS not in page
        assert "Nothing is held here" in page
        assert "tend.trying" not in client.session
        # Too late to keep them: signing up brings nothing into the journal.
        client.post(f"/try/{BREAK}/end/", {"action": "signup"})
        sign_up(client)
    assert User.objects.filter(username="juniper").exists()
    assert no_rows()


def test_another_session_never_sees_the_words(client):
    write_in_break(client)
    other = Client()
    page = other.get(f"/try/{BREAK}/end/").content.decode()
    assert WORDS not in page
    assert WORDS not in other.get(f"/try/{BREAK}/difficulty/").content.decode()
    assert "Nothing is held here" in page


def test_signing_up_to_keep_them_makes_the_first_journal_entry_once(client):
    write_in_break(client)
    response = client.post(f"/try/{BREAK}/end/", {"action": "signup"})
    assert response["Location"] == "/accounts/signup/?next=%2Fwelcome%2F"
    response = sign_up(client)
    assert response["Location"] == "/welcome/"
    person = User.objects.get(username="juniper")
    [run] = Run.objects.filter(user=person)
    assert run.status == Run.Status.FINISHED
    assert run.practice.slug == BREAK
    answers = {answer.step_key: answer for answer in run.answers.all()}
    assert answers["difficulty"].text == WORDS
    assert answers["difficulty"].prompt.startswith("What's bothering you")
    assert answers["how-much"].rating == 4
    assert answers["notice"].skipped
    [entry] = Entry.objects.filter(user=person)
    journal = client.get("/journal/").content.decode()
    assert entry.title in journal
    assert WORDS in client.get(f"/journal/entries/{entry.pk}/").content.decode()
    assert "tend.trying" not in client.session
    # Logging in again with the same browser keeps nothing twice.
    client.logout()
    client.login(username="juniper", password="windswept-hills-at-dawn")
    assert Run.objects.filter(user=person).count() == 1


def test_signing_up_without_asking_to_keep_them_keeps_nothing(client):
    write_in_break(client)
    sign_up(client)
    assert no_rows()


def test_letting_them_go_empties_the_session(client):
    write_in_break(client)
    response = client.post(f"/try/{BREAK}/end/", {"action": "forget"})
    assert response["Location"] == "/"
    assert "tend.trying" not in client.session
    assert WORDS not in client.get(f"/try/{BREAK}/end/").content.decode()


def test_logging_in_to_an_existing_account_after_asking_keeps_them_there(client, practitioner):
    write_in_break(client)
    response = client.post(f"/try/{BREAK}/end/", {"action": "login"})
    assert response["Location"] == "/accounts/login/?next=%2Fjournal%2F"
    client.post("/accounts/login/?next=/journal/", {"username": "robin", "password": PASSWORD})
    [run] = Run.objects.filter(user=practitioner)
    assert run.answers.get(step_key="difficulty").text == WORDS


def test_a_logged_in_person_is_sent_to_the_practice_s_own_page(robin_client):
    response = robin_client.get(f"/try/{BREAK}/welcome/")
    assert response.status_code == 302
    assert response["Location"] == f"/practices/{BREAK}/"
    assert robin_client.get("/try/cft-compassionate-self/").status_code == 404


def test_what_a_visitor_writes_is_never_logged(client, caplog):
    with caplog.at_level(logging.DEBUG):
        write_in_break(client)
        client.post(f"/try/{BREAK}/end/", {"action": "signup"})
        sign_up(client)
    assert WORDS not in caplog.text


def test_the_offer_is_on_the_visitors_home_and_those_two_practices_pages(client):
    home = client.get("/").content.decode()
    assert f'href="/try/{GROUNDING}/"' in home
    assert f'href="/try/{BREAK}/"' in home
    assert "Try it now, no account needed" in client.get(f"/practices/{BREAK}/").content.decode()
    other = client.get("/practices/cft-compassionate-self/").content.decode()
    assert "Try it now" not in other


def test_a_step_page_costs_a_few_queries(client, django_assert_max_num_queries):
    write_in_break(client)
    with django_assert_max_num_queries(6):
        client.get(f"/try/{BREAK}/kindness/")
    with django_assert_max_num_queries(6):
        client.get(f"/try/{BREAK}/end/")
