"""A protector's "no" is honoured: in "Meeting a young, hurt part", No at the permission step
goes straight to a kind close and then the check-out; Back returns to the question; Yes goes
the usual way; and the summary never asks for the steps the "no" passed by."""

import pytest
from django.test import Client

from journal.models import Answer, Run
from tests.conftest import set_homework
from tests.journal.conftest import post_step, step

EXILE = "ifs-meeting-an-exile"
NO, YES = "No, not today", "Yes, they're okay with it"


@pytest.fixture
def casey(care_client):
    client = Client()
    client.force_login(care_client)
    return client


@pytest.fixture
def exile_run(casey, care_client, therapist, library):
    """Casey's therapist assigned the deep practice; Casey begins it from homework and walks
    to the permission question."""
    assignment = set_homework(therapist, care_client, EXILE)
    response = casey.post(f"/homework/{assignment.pk}/begin/")
    run = Run.objects.get(user=care_client)
    assert response["Location"] == step(run, "check-in")
    post_step(casey, run, "check-in", distress="4", feeling="unsure")
    post_step(casey, run, "welcome")
    post_step(casey, run, "ground", action="skip")
    post_step(casey, run, "protectors", text="A part is scared I'll fall apart.")
    return run


def test_no_not_today_goes_straight_to_a_kind_close_then_the_check_out(casey, exile_run):
    response = post_step(casey, exile_run, "permission", choices=NO)
    assert response.status_code == 303
    assert response["Location"] == step(exile_run, "not-today")
    close = casey.get(response["Location"]).content.decode()
    assert "Thank your protector" in close
    assert "next session" in close
    assert "Step 5 of 5" in close
    assert "The young part" not in close and "Pick it, or give it a gentle name" not in close
    response = post_step(casey, exile_run, "not-today")
    assert response["Location"] == step(exile_run, "check-out")
    response = post_step(casey, exile_run, "check-out", distress="3", feeling="relieved")
    assert response["Location"] == f"/journal/runs/{exile_run.pk}/summary/"
    exile_run.refresh_from_db()
    assert exile_run.status == Run.Status.FINISHED


def test_with_htmx_the_close_comes_in_place_and_the_url_follows(casey, exile_run):
    response = post_step(casey, exile_run, "permission", htmx=True, choices=NO)
    assert response["HX-Push-Url"] == step(exile_run, "not-today")
    assert "Thank your protector" in response.content.decode()


def test_back_from_the_close_returns_to_the_permission_question(casey, exile_run):
    post_step(casey, exile_run, "permission", choices=NO)
    response = post_step(casey, exile_run, "not-today", action="back")
    assert response["Location"] == step(exile_run, "permission")
    page = casey.get(response["Location"]).content.decode()
    assert "Did your protectors give you permission" in page
    assert "Step 4 of 5" in page  # the way they are on, with the no still chosen
    # And Back from the check-out returns to the close, not to the reflection.
    post_step(casey, exile_run, "permission", choices=NO)
    response = post_step(casey, exile_run, "check-out", action="back")
    assert response["Location"] == step(exile_run, "not-today")


def test_yes_goes_the_usual_way_past_the_close(casey, exile_run):
    response = post_step(casey, exile_run, "permission", choices=YES)
    assert response["Location"] == step(exile_run, "exile")
    assert "Step 5 of 10" in casey.get(response["Location"]).content.decode()
    response = post_step(casey, exile_run, "reflect", text="Gentle, and a bit tired.")
    assert response["Location"] == step(exile_run, "check-out")
    response = post_step(casey, exile_run, "check-out", action="back")
    assert response["Location"] == step(exile_run, "reflect")


def test_changing_the_no_to_a_yes_follows_the_new_way(casey, exile_run):
    post_step(casey, exile_run, "permission", choices=NO)
    post_step(casey, exile_run, "not-today", action="back")
    response = post_step(casey, exile_run, "permission", choices="Partly, if I go slowly")
    assert response["Location"] == step(exile_run, "exile")
    response = post_step(casey, exile_run, "exile", action="back")
    assert response["Location"] == step(exile_run, "permission")
    response = post_step(casey, exile_run, "permission", choices=NO)
    assert response["Location"] == step(exile_run, "not-today")


def test_the_summary_keeps_what_was_written_and_never_asks_for_the_steps_passed_by(
    casey, exile_run
):
    post_step(casey, exile_run, "permission", choices=NO)
    post_step(casey, exile_run, "not-today")
    response = post_step(casey, exile_run, "check-out", distress="3", feeling="relieved")
    summary = casey.get(response["Location"]).content.decode()
    assert "A part is scared I&#x27;ll fall apart." in summary
    assert NO in summary
    for passed_by in ("The young part", "What it wants you to know", "Looking back"):
        assert passed_by not in summary
    assert summary.count("Skipped") == 1  # "Get grounded first", which Casey skipped
    keys = set(Answer.objects.filter(run=exile_run).values_list("step_key", flat=True))
    assert keys == {"ground", "protectors", "permission"}


def test_an_old_address_off_the_way_goes_back_to_the_question_not_past_it(casey, exile_run):
    post_step(casey, exile_run, "permission", choices=NO)
    page = casey.get(step(exile_run, "witness"))
    assert page.status_code == 200
    assert "Step 7 of 10" in page.content.decode()  # its place on the usual way
    response = post_step(casey, exile_run, "witness", action="back")
    assert response["Location"] == step(exile_run, "permission")
    response = post_step(casey, exile_run, "witness")
    assert response["Location"] == step(exile_run, "not-today")


def test_a_step_of_a_branching_practice_reads_a_fixed_number_of_queries(
    casey, exile_run, django_assert_max_num_queries
):
    """One query more than a practice without branches: the choices that decide the way."""
    with django_assert_max_num_queries(15):
        post_step(casey, exile_run, "permission", choices=NO)
    with django_assert_max_num_queries(9):
        casey.get(step(exile_run, "not-today"))


def test_a_part_that_is_not_willing_today_is_thanked_and_the_practice_ends_there(
    robin_client, begin
):
    run = begin(robin_client, "ifs-getting-to-know-a-part")
    page = robin_client.get(step(run, "if-not-curious")).content.decode()
    assert "Is there room to go on?" in page and "Step 6 of 9" in page
    response = post_step(robin_client, run, "if-not-curious", choices="No, it isn't willing today")
    assert response["Location"] == step(run, "not-today")
    close = robin_client.get(response["Location"]).content.decode()
    assert "Thank the part that stepped in" in close and "Step 7 of 7" in close
    assert post_step(robin_client, run, "not-today")["Location"] == step(run, "check-out")
    response = post_step(
        robin_client, run, "if-not-curious", choices="Yes, I feel curious enough to go on"
    )
    assert response["Location"] == step(run, "befriend")
