"""Other lengths of one practice: a person chooses one on the practice's page, and the run
goes through that version's steps (some left out, timers retimed), counted as it has them."""

from html import unescape

import pytest

from journal.models import Run
from journal.services import run_steps
from practices.models import Practice, Step
from practices.services import sync_practices
from tests.journal.conftest import post_step, step
from tests.practices.test_loader import write
from tests.practices.test_sources_and_variants import BREATHING

SLUG = "slow-breathing"


@pytest.fixture
def breathing(db, tmp_path):
    """A small practice with a short (no rest, 60 s of breathing) and a long version."""
    write(tmp_path, f"{SLUG}.yaml", BREATHING.format(slug=SLUG))
    sync_practices(tmp_path)
    return Practice.objects.get(slug=SLUG)


def start(client, variant: str | None = None):
    data = {} if variant is None else {"variant": variant}
    response = client.post(f"/journal/runs/start/{SLUG}/", data)
    assert response.status_code == 303
    return response, Run.objects.latest("pk")


def test_a_visitor_not_logged_in_sees_no_chooser(client, breathing):
    html = client.get(f"/practices/{SLUG}/").content.decode()
    assert "Log in to begin" in html  # no chooser without a Begin
    assert "How long?" not in html


def test_a_person_chooses_a_length_before_beginning(robin_client, breathing):
    html = robin_client.get(f"/practices/{SLUG}/").content.decode()
    assert "<legend>How long?</legend>" in html
    assert 'value="" id="length-usual" checked' in html
    assert "About 4 minutes" in html
    assert "Short, about 2 minutes" in html
    assert "Long, about 15 minutes" in html


def test_a_practice_without_versions_shows_no_chooser(robin_client, library):
    html = robin_client.get("/practices/msc-self-compassion-break/").content.decode()
    assert "How long?" not in html


def test_the_short_version_leaves_out_its_steps_and_retimes_the_timer(robin_client, breathing):
    _, run = start(robin_client, "short")
    assert run.variant == "short"
    check_in = robin_client.get(step(run, "check-in")).content.decode()
    assert "Short version, about 2 minutes." in check_in

    response = post_step(robin_client, run, "check-in", action="skip")
    assert response["Location"] == step(run, "welcome")
    assert post_step(robin_client, run, "welcome")["Location"] == step(run, "settle")
    assert post_step(robin_client, run, "settle")["Location"] == step(run, "breathe")
    html = robin_client.get(step(run, "breathe")).content.decode()
    assert 'data-seconds="60"' in html
    assert "step 3 of 4" in html  # welcome, settle, breathe, reflect
    # The rest step is left out: Next from breathing goes straight to looking back.
    assert post_step(robin_client, run, "breathe")["Location"] == step(run, "reflect")
    assert "step 4 of 4" in robin_client.get(step(run, "reflect")).content.decode()
    response = post_step(robin_client, run, "reflect", action="back")
    assert response["Location"] == step(run, "breathe")


def test_a_left_out_step_is_not_part_of_the_run(robin_client, breathing):
    _, run = start(robin_client, "short")
    response = robin_client.get(step(run, "rest"))
    assert response["Location"] == step(run, "check-in")
    page = unescape(robin_client.get(response["Location"]).content.decode())
    assert "That step isn't part of this practice." in page


def test_the_usual_length_keeps_every_step_and_its_own_seconds(robin_client, breathing):
    _, run = start(robin_client)
    assert run.variant == ""
    html = robin_client.get(step(run, "breathe")).content.decode()
    assert 'data-seconds="120"' in html
    assert "step 3 of 5" in html
    assert "version" not in robin_client.get(step(run, "check-in")).content.decode()


def test_the_long_version_retimes_every_timer(robin_client, breathing):
    _, run = start(robin_client, "long")
    assert [(s.key, s.seconds) for s in run_steps(run) if s.seconds] == [
        ("settle", 120),
        ("breathe", 600),
        ("rest", 120),
    ]
    assert 'data-seconds="600"' in robin_client.get(step(run, "breathe")).content.decode()


def test_a_version_changes_the_run_in_memory_never_the_practice(robin_client, breathing):
    _, run = start(robin_client, "short")
    robin_client.get(step(run, "breathe"))
    post_step(robin_client, run, "breathe")
    seconds = dict(Step.objects.filter(practice=breathing).values_list("key", "seconds"))
    assert seconds == {
        "welcome": None,
        "settle": 30,
        "breathe": 120,
        "rest": 30,
        "reflect": None,
    }


@pytest.mark.parametrize("bad", ["medium", "../short", "x" * 500, "SHORT"])
def test_a_length_the_practice_does_not_have_begins_the_usual_one(robin_client, breathing, bad):
    response, run = start(robin_client, bad)
    assert response["Location"] == step(run, "check-in")
    assert run.variant == ""
    html = unescape(robin_client.get(response["Location"]).content.decode())
    assert "We couldn't find the length you chose, so this is the usual version." in html
    assert 'data-seconds="120"' in robin_client.get(step(run, "breathe")).content.decode()


def test_starting_again_keeps_the_length(robin_client, breathing):
    _, run = start(robin_client, "short")
    post_step(robin_client, run, "check-in", action="skip")
    post_step(robin_client, run, "welcome")
    page = robin_client.get(f"/journal/runs/{run.pk}/start-again/").content.decode()
    assert "The fresh one is the short version again, about 2 minutes." in page
    response = robin_client.post(f"/journal/runs/{run.pk}/start-again/", {"practice": SLUG})
    fresh = Run.objects.get(user=run.user)
    assert fresh.pk != run.pk
    assert response["Location"] == step(fresh, "check-in")
    assert fresh.variant == "short"
    assert 'data-seconds="60"' in robin_client.get(step(fresh, "breathe")).content.decode()


def test_begin_again_while_one_is_under_way_picks_it_up_at_its_own_length(robin_client, breathing):
    _, run = start(robin_client, "short")
    response, again = start(robin_client, "long")
    assert again.pk == run.pk
    assert Run.objects.get(pk=run.pk).variant == "short"
    html = unescape(robin_client.get(response["Location"]).content.decode())
    assert "You'd already begun “Slow breathing” (short version)" in html


def test_the_summary_says_which_length_it_was(robin_client, breathing):
    _, run = start(robin_client, "short")
    post_step(robin_client, run, "check-in", action="skip")
    for key in ["welcome", "settle", "breathe"]:
        post_step(robin_client, run, key)
    post_step(robin_client, run, "reflect", text="Quieter.")
    response = post_step(robin_client, run, "check-out", action="skip")
    assert response["Location"] == f"/journal/runs/{run.pk}/summary/"
    summary = robin_client.get(response["Location"]).content.decode()
    assert "Short version, about 2 minutes." in summary
    assert "Quieter." in summary


def test_a_practice_that_loses_the_version_goes_the_usual_way(robin_client, breathing):
    _, run = start(robin_client, "short")
    breathing.variants = []
    breathing.save()
    html = robin_client.get(step(run, "breathe")).content.decode()
    assert 'data-seconds="120"' in html
    assert "step 3 of 5" in html


@pytest.mark.parametrize("variant", ["", "short"])
def test_a_step_of_a_version_reads_no_more_queries_than_the_usual_one(
    robin_client, breathing, django_assert_max_num_queries, variant
):
    """The same bounds as tests/journal/test_flow.py: a version costs no query of its own."""
    _, run = start(robin_client, variant)
    with django_assert_max_num_queries(14):
        post_step(robin_client, run, "settle")
    with django_assert_max_num_queries(9):
        robin_client.get(step(run, "breathe"))
