"""A quiet page while practising: during a run the site's navigation gives way to the
practice's title, where you are, Pause (which keeps the words and leaves) and "This is too
much right now"; the footer keeps its disclaimer and crisis link."""

import re

from django.test import Client

from journal.models import MAX_ANSWER_LENGTH, Answer, Entry, Run
from tests.factories import UserFactory
from tests.journal.conftest import post_step, step


def header_of(html: str) -> str:
    return html.split("<header", 1)[1].split("</header>", 1)[0]


def html_of(response) -> str:
    return response.content.decode()


def footer_of(html: str) -> str:
    return html.split('<footer class="site-footer">', 1)[1].split("</footer>", 1)[0]


def assert_quiet(html: str, place: str) -> None:
    header = header_of(html)
    assert 'aria-label="Practice"' in header
    assert "A self-compassion break" in header
    assert f'class="quiet-bar__place">{place}</p>' in header
    assert '>Pause<span class="visually-hidden"> the practice</span></button>' in header
    for way_out in ("Journal", "Progress", "Settings", "Practices", "My parts", "Log out"):
        assert f">{way_out}<" not in header, way_out
    assert 'aria-label="Main"' not in html
    assert 'href="/help/crisis/"' in footer_of(html)
    assert "not therapy or crisis care" in footer_of(html)
    assert '<a class="skip-link" href="#main">' in html
    assert html.split("</header>", 1)[1].count(f">{place}<") == 0  # said once, in the bar


def test_every_page_of_a_run_is_quiet_and_says_where_you_are(robin_client, begin):
    run = begin(robin_client)
    assert_quiet(html_of(robin_client.get(step(run, "check-in"))), "Before you begin")
    step_page = html_of(robin_client.get(step(run, "difficulty")))
    assert_quiet(step_page, "Step 2 of 8")
    assert step_page.count("This is too much right now") == 1
    assert 'form="step-form" name="action" value="leave"' in step_page
    assert '<form id="step-form"' in step_page
    assert_quiet(html_of(robin_client.get(step(run, "check-out"))), "Before you go")


def test_the_care_first_page_is_quiet_and_its_pause_has_nothing_to_send(robin_client, begin):
    run = begin(robin_client)
    post_step(robin_client, run, "check-in", distress="10")
    html = html_of(robin_client.get(f"/journal/runs/{run.pk}/care-first/"))
    assert_quiet(html, "Before you begin")
    assert f'action="/journal/runs/{run.pk}/leave/"' in header_of(html)

    response = robin_client.post(f"/journal/runs/{run.pk}/leave/")
    assert response.status_code == 303
    assert response["Location"] == "/"
    run.refresh_from_db()
    assert run.status == Run.Status.PAUSED
    assert run.distress_before == 10  # the check-in is left as it was


def test_other_pages_keep_the_site_navigation(robin_client, begin):
    run = begin(robin_client)
    post_step(robin_client, run, "difficulty", text="It got heavy", action="pause")
    for url in ("/", f"/journal/runs/{run.pk}/paused/"):
        html = html_of(robin_client.get(url))
        assert 'aria-label="Main"' in html
        assert "quiet-bar" not in html


def test_with_htmx_the_next_step_brings_the_bar_its_new_place(robin_client, begin):
    run = begin(robin_client)
    response = post_step(robin_client, run, "welcome", htmx=True)
    html = html_of(response)
    assert html.lstrip().startswith('<section id="step-panel"')
    now = re.search(r'<div id="quiet-now"[^>]*>.*?</div>', html, re.S).group(0)
    assert 'hx-swap-oob="true"' in now
    assert "Step 2 of 8" in now
    assert 'form="step-form"' in now
    # A plain page has the bar in its header, not a second copy to swap.
    assert "hx-swap-oob" not in html_of(robin_client.get(step(run, "difficulty")))


def test_care_first_in_place_brings_a_pause_that_needs_no_step_form(robin_client, begin):
    run = begin(robin_client)
    html = html_of(post_step(robin_client, run, "check-in", htmx=True, distress="9"))
    now = re.search(r'<div id="quiet-now"[^>]*>.*?</div>', html, re.S).group(0)
    assert "Before you begin" in now
    assert f'action="/journal/runs/{run.pk}/leave/"' in now
    assert 'form="step-form"' not in now


def test_pause_keeps_the_words_goes_home_and_resuming_puts_them_back(robin_client, begin):
    run = begin(robin_client)
    response = post_step(robin_client, run, "difficulty", text="Half of it", action="leave")
    assert response.status_code == 303
    assert response["Location"] == "/"
    run.refresh_from_db()
    assert run.status == Run.Status.PAUSED
    assert run.current_step == "difficulty"
    assert Answer.objects.get(run=run, step_key="difficulty").text == "Half of it"
    assert not Entry.objects.filter(run=run).exists()  # nothing is finished

    home = html_of(robin_client.get("/"))
    assert "Paused “A self-compassion break”. Your words are kept" in home
    assert "Pick up where you left off" in home
    resumed = robin_client.get(f"/journal/runs/{run.pk}/", follow=True)
    assert resumed.redirect_chain[-1][0] == step(run, "difficulty")
    html = html_of(resumed)
    assert "Half of it</textarea>" in html
    assert_quiet(html, "Step 2 of 8")


def test_pause_on_an_empty_required_step_leaves_without_asking_for_words(robin_client, begin):
    run = begin(robin_client)
    response = post_step(robin_client, run, "difficulty", text="", action="leave")
    assert response.status_code == 303
    assert response["Location"] == "/"
    run.refresh_from_db()
    assert (run.status, run.current_step) == (Run.Status.PAUSED, "difficulty")


def test_pause_at_the_check_in_keeps_what_was_chosen(robin_client, begin):
    run = begin(robin_client)
    post_step(robin_client, run, "check-in", distress="4", feeling="tired", action="leave")
    run.refresh_from_db()
    assert (run.distress_before, run.feeling_before) == (4, "tired")
    assert (run.status, run.current_step) == (Run.Status.PAUSED, "check-in")
    html = html_of(robin_client.get(step(run, "check-in")))
    assert 'value="tired"' in html


def test_pause_with_htmx_leaves_the_page_for_home(robin_client, begin):
    run = begin(robin_client)
    response = post_step(robin_client, run, "difficulty", htmx=True, text="Kept", action="leave")
    assert response.status_code == 200
    assert response["HX-Redirect"] == "/"
    assert Answer.objects.get(run=run, step_key="difficulty").text == "Kept"


def test_pause_with_too_many_words_says_so_and_keeps_them_on_the_page(robin_client, begin):
    run = begin(robin_client)
    too_long = "a" * (MAX_ANSWER_LENGTH + 1)
    response = post_step(robin_client, run, "difficulty", text=too_long, action="leave")
    assert response.status_code == 200
    assert 'aria-invalid="true"' in html_of(response)
    assert not Answer.objects.filter(run=run, step_key="difficulty").exists()
    run.refresh_from_db()
    assert run.status == Run.Status.IN_PROGRESS


def test_a_strangers_pause_is_a_404_and_saves_nothing(robin_client, begin):
    run = begin(robin_client)
    client = Client()
    client.force_login(UserFactory())
    response = post_step(client, run, "difficulty", text="Not mine", action="leave")
    assert response.status_code == 404
    assert client.post(f"/journal/runs/{run.pk}/leave/").status_code == 404
    assert not Answer.objects.filter(run=run).exists()
    run.refresh_from_db()
    assert run.status == Run.Status.IN_PROGRESS
    client.logout()
    assert client.post(f"/journal/runs/{run.pk}/leave/").status_code == 404
    run.refresh_from_db()
    assert run.status == Run.Status.IN_PROGRESS


def test_leave_only_answers_a_post(robin_client, begin):
    run = begin(robin_client)
    assert robin_client.get(f"/journal/runs/{run.pk}/leave/").status_code == 405


def test_the_quiet_bar_costs_no_queries(robin_client, begin, django_assert_max_num_queries):
    run = begin(robin_client)
    post_step(robin_client, run, "check-in", distress="3")
    with django_assert_max_num_queries(9):
        robin_client.get(step(run, "notice"))
    with django_assert_max_num_queries(9):
        robin_client.post(f"/journal/runs/{run.pk}/leave/")
