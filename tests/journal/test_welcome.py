"""The three optional welcome questions after signing up, and home's first suggestion."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from journal.leaving import delete_journal_data
from journal.models import Run, Welcome
from tests.conftest import logged_in

pytestmark = pytest.mark.usefixtures("library")


@pytest.fixture
def newcomer(make_person):
    return make_person("newcomer")


@pytest.fixture
def browser(newcomer):
    return logged_in(newcomer)


def test_a_new_person_is_invited_to_the_questions_on_home(browser):
    home = browser.get("/").content.decode()
    assert "Answer three questions" in home
    page = browser.get("/welcome/")
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    body = page.content.decode()
    for question in ("What brings you", "Which way of practising", "gentle reminder"):
        assert question in body


def test_someone_who_joined_long_ago_is_not_asked(make_person):
    person = make_person("oldtimer")
    person.date_joined = timezone.now() - timedelta(days=60)
    person.save(update_fields=["date_joined"])
    assert "Answer three questions" not in logged_in(person).get("/").content.decode()


def test_every_question_may_be_left_blank(browser, newcomer):
    response = browser.post("/welcome/", {"action": "save"})
    assert response.status_code == 303
    welcome = Welcome.objects.get(user=newcomer)
    assert (welcome.brings, welcome.method, welcome.reminder) == ("", "", "")
    home = browser.get("/").content.decode()
    assert "A gentle place to begin" in home
    assert "A self-compassion break" in home


def test_a_hard_day_is_met_with_a_short_steadying_practice(browser):
    browser.post("/welcome/", {"brings": "hard-day", "method": "ifs"})
    home = browser.get("/").content.decode()
    assert "For a hard day" in home
    assert 'href="/practices/cft-grounding/"' in home


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("cft", "first-steps-in-cft"),
        ("msc", "self-compassion-in-daily-life"),
        ("ifs", "getting-to-know-your-parts"),
    ],
)
def test_a_method_that_draws_them_suggests_its_path(browser, method, path):
    browser.post("/welcome/", {"brings": "curious", "method": method})
    home = browser.get("/").content.decode()
    assert f'href="/paths/{path}/"' in home


def test_a_reminder_wanted_leads_to_where_reminders_are_set(browser):
    response = browser.post("/welcome/", {"reminder": "yes"})
    assert response.status_code == 303
    assert response["Location"] in ("/reminders/", "/accounts/settings/")


def test_an_answer_that_is_not_offered_gets_a_message_beside_it(browser, newcomer):
    response = browser.post("/welcome/", {"brings": "lottery", "method": "msc"})
    assert response.status_code == 422
    assert "Choose one of the answers listed, or none." in response.content.decode()
    assert not Welcome.objects.filter(user=newcomer).exists()


def test_skipping_stops_the_asking_and_suggests_nothing(browser, newcomer):
    response = browser.post("/welcome/", {"action": "skip", "brings": "critic"})
    assert response["Location"] == "/"
    assert Welcome.objects.get(user=newcomer).skipped
    home = browser.get("/").content.decode()
    assert "Answer three questions" not in home
    assert "A first suggestion for you" not in home


def test_answers_can_be_changed_later(browser, newcomer):
    browser.post("/welcome/", {"method": "cft"})
    browser.post("/welcome/", {"method": "msc"})
    assert Welcome.objects.get(user=newcomer).method == "msc"
    page = browser.get("/welcome/").content.decode()
    assert re.search(r'value="msc"[^>]*checked', page)
    assert not re.search(r'value="cft"[^>]*checked', page)


def test_the_suggestion_steps_aside_after_a_few_finished_practices(browser, newcomer):
    from practices.models import Practice

    browser.post("/welcome/", {"brings": "hard-day"})
    practice = Practice.objects.get(slug="cft-grounding")
    for _ in range(3):
        Run.objects.create(
            user=newcomer, practice=practice, practice_version="1", status=Run.Status.FINISHED
        )
    assert "A first suggestion for you" not in browser.get("/").content.decode()


def test_a_visitor_gets_a_404(client):
    assert client.get("/welcome/").status_code == 404
    assert client.post("/welcome/", {"brings": "critic"}).status_code == 404
    assert not Welcome.objects.exists()


def test_the_answers_go_with_the_journal(browser, newcomer):
    browser.post("/welcome/", {"brings": "critic"})
    delete_journal_data(newcomer)
    assert not Welcome.objects.filter(user=newcomer).exists()


def test_home_s_suggestion_costs_a_few_queries(browser, django_assert_max_num_queries):
    browser.post("/welcome/", {"method": "cft"})
    browser.get("/")
    with django_assert_max_num_queries(20):
        browser.get("/")
