"""A very distressed check-in (9 or 10) is met first with care: a gentle page before the first
step offering a steadying practice, crisis help, or going on with the practice."""

import pytest
from django.db import connection

from journal.models import CHECK_IN, Run
from tests.journal.conftest import post_step, step
from tests.site.test_pages import assert_no_inline_script_or_style, assert_shared_layout

GROUNDING = "cft-grounding"


def care_url(run) -> str:
    return f"/journal/runs/{run.pk}/care-first/"


def html_of(response) -> str:
    return response.content.decode()


@pytest.mark.parametrize("distress", ["9", "10"])
def test_a_check_in_of_9_or_10_is_met_with_care_before_the_first_step(
    robin_client, begin, distress
):
    run = begin(robin_client)
    response = post_step(robin_client, run, CHECK_IN, distress=distress, feeling="awful")
    assert response.status_code == 303
    assert response["Location"] == care_url(run)
    run.refresh_from_db()
    assert run.distress_before == int(distress)  # the check-in is saved all the same

    page = robin_client.get(care_url(run))
    assert page.status_code == 200
    html = html_of(page)
    assert_shared_layout(html, navigation=False)  # the quiet bar of a practice under way
    assert_no_inline_script_or_style(html)
    assert "It sounds very hard right now" in html
    assert f"You said your distress is {distress} out of 10." in html
    # The three ways on: steady yourself, someone to talk to, or the practice itself.
    assert f'action="/journal/runs/start/{GROUNDING}/"' in html
    assert "Begin “A minute to steady yourself” (3 min)" in html
    assert '<a href="tel:988">988</a>' in html  # Robin is in New York
    assert '<a href="/help/crisis/">find other crisis support</a>' in html
    assert f'href="{step(run, "welcome")}"' in html
    assert "Go on with “A self-compassion break”" in html


def test_with_htmx_the_care_comes_in_place_of_the_step_and_the_url_follows(robin_client, begin):
    run = begin(robin_client)
    response = post_step(robin_client, run, CHECK_IN, htmx=True, distress="10")
    assert response.status_code == 200
    html = html_of(response)
    assert html.lstrip().startswith('<section id="step-panel"')
    assert "<html" not in html
    assert "It sounds very hard right now" in html
    assert "data-focus-on-swap" in html
    assert response["HX-Push-Url"] == care_url(run)
    assert "tend:step-shown" in response["HX-Trigger-After-Settle"]
    # Going on asks for the first step in place, with a plain link for a page without htmx.
    assert f'hx-get="{step(run, "welcome")}"' in html


@pytest.mark.parametrize("check_in", [{"distress": "8"}, {"distress": "0"}, {"action": "skip"}])
def test_a_check_in_of_8_or_less_or_skipped_goes_straight_to_the_first_step(
    robin_client, begin, check_in
):
    run = begin(robin_client)
    response = post_step(robin_client, run, CHECK_IN, **check_in)
    assert response["Location"] == step(run, "welcome")
    # And the care page itself sends such a run on to where it is.
    assert robin_client.get(care_url(run))["Location"] == step(run, "welcome")


def test_with_htmx_a_check_in_of_8_brings_the_first_step(robin_client, begin):
    run = begin(robin_client)
    response = post_step(robin_client, run, CHECK_IN, htmx=True, distress="8")
    assert response["HX-Push-Url"] == step(run, "welcome")
    assert "It sounds very hard right now" not in html_of(response)


def test_going_on_anyway_opens_the_first_step(robin_client, begin):
    run = begin(robin_client)
    post_step(robin_client, run, CHECK_IN, distress="9")
    response = robin_client.get(step(run, "welcome"))
    assert response.status_code == 200
    assert "Step 1 of 8" in html_of(response)
    run.refresh_from_db()
    assert run.current_step == "welcome"
    assert run.status == Run.Status.IN_PROGRESS


def test_steadying_first_begins_the_grounding_practice_and_picks_up_one_already_begun(
    robin_client, begin, practitioner
):
    run = begin(robin_client)
    post_step(robin_client, run, CHECK_IN, distress="10")
    response = robin_client.post(f"/journal/runs/start/{GROUNDING}/")
    grounding = Run.objects.get(user=practitioner, practice__slug=GROUNDING)
    assert response["Location"] == step(grounding, CHECK_IN)
    page = html_of(robin_client.get(response["Location"]))
    assert "A minute to steady yourself" in page
    assert "How are you arriving?" in page
    # A grounding practice already under way is picked up, not begun twice.
    post_step(robin_client, grounding, CHECK_IN, action="skip")
    again = robin_client.post(f"/journal/runs/start/{GROUNDING}/")
    assert again["Location"] == step(grounding, "welcome")
    assert Run.objects.filter(user=practitioner, practice__slug=GROUNDING).count() == 1
    # The practice the person arrived at waits for them, check-in kept.
    run.refresh_from_db()
    assert run.status == Run.Status.IN_PROGRESS and run.distress_before == 10


def test_the_crisis_link_leads_to_crisis_support(robin_client, begin):
    run = begin(robin_client)
    post_step(robin_client, run, CHECK_IN, distress="9")
    assert '<a href="/help/crisis/">' in html_of(robin_client.get(care_url(run)))
    crisis = robin_client.get("/help/crisis/")
    assert crisis.status_code == 200
    assert "988" in html_of(crisis)


@pytest.mark.parametrize(
    ("zone", "line", "not_shown"),
    [
        ("America/Toronto", '<a href="tel:988">988</a>', "116 123"),
        ("Europe/London", '<a href="tel:116123">116 123</a>', "988"),
        ("Europe/Dublin", '<a href="tel:116123">116 123</a>', "988"),
        ("Asia/Tokyo", "with how to find a helpline where you are", "tel:"),
        ("UTC", "with how to find a helpline where you are", "tel:"),
    ],
)
def test_the_care_page_names_the_helpline_of_the_persons_own_country(
    robin_client, practitioner, begin, zone, line, not_shown
):
    """Never another country's number as if it were theirs: the line is chosen by the
    person's time zone, and the crisis page lists the rest."""
    practitioner.time_zone = zone
    practitioner.save(update_fields=["time_zone"])
    run = begin(robin_client)
    post_step(robin_client, run, CHECK_IN, distress="9")
    html = html_of(robin_client.get(care_url(run)))
    care = html.split("<main", 1)[1].split("</main>", 1)[0]
    assert line in care
    assert not_shown not in care
    # The page after "This is too much right now" says the same.
    robin_client.post(step(run, "welcome"), {"action": "pause"})
    paused = html_of(robin_client.get(f"/journal/runs/{run.pk}/paused/"))
    paused = paused.split("<main", 1)[1].split("</main>", 1)[0]
    assert line in paused
    assert not_shown not in paused


def test_in_the_grounding_practice_itself_care_offers_crisis_help_and_going_on(robin_client, begin):
    run = begin(robin_client, GROUNDING)
    response = post_step(robin_client, run, CHECK_IN, distress="10")
    assert response["Location"] == care_url(run)
    html = html_of(robin_client.get(care_url(run)))
    assert "It sounds very hard right now" in html
    assert "/journal/runs/start/" not in html  # no second grounding practice on top
    assert "Steady yourself first" not in html
    assert 'href="/help/crisis/"' in html
    assert f'href="{step(run, "welcome")}"' in html
    assert "Go on with “A minute to steady yourself”" in html


def test_someone_else_gets_404_for_my_care_page(robin_client, begin, client, stranger):
    run = begin(robin_client)
    post_step(robin_client, run, CHECK_IN, distress="10", feeling="raw")
    client.force_login(stranger)
    response = client.get(care_url(run))
    assert response.status_code == 404
    assert "raw" not in html_of(response)
    client.logout()
    assert client.get(care_url(run)).status_code == 404


def test_a_finished_run_sends_its_care_page_to_the_summary(robin_client, begin):
    run = begin(robin_client)
    post_step(robin_client, run, CHECK_IN, distress="9")
    Run.objects.filter(pk=run.pk).update(status=Run.Status.FINISHED)
    assert robin_client.get(care_url(run))["Location"] == f"/journal/runs/{run.pk}/summary/"


@pytest.mark.parametrize("htmx", [False, True])
def test_the_care_page_takes_a_few_queries_however_much_history_exists(
    robin_client, begin, django_assert_max_num_queries, htmx
):
    for slug in ["msc-soothing-touch", "cft-safe-place", "msc-what-do-i-need"]:
        done = begin(robin_client, slug)
        post_step(robin_client, done, CHECK_IN, distress="10")
    run = begin(robin_client)
    # On PostgreSQL, 9: the run read locked, then its answers in a statement of their own (so
    # they include any save the lock waited for); SQLite reads them together, in 8.
    with django_assert_max_num_queries(9 if connection.vendor == "postgresql" else 8):
        post_step(robin_client, run, CHECK_IN, htmx, distress="10")
    with django_assert_max_num_queries(5):
        robin_client.get(care_url(run))
