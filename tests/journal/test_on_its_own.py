"""An option that goes on its own: in "The 8 Cs", "None of these right now" ticked with "Calm"
is not saved; the person is asked, beside the options, to untick one or the other."""

from html import unescape

import pytest

from journal.models import Answer
from tests.journal.conftest import post_step, step
from tests.practices.test_own_practices import field_errors

EIGHT_CS = "ifs-8-cs-check-in"
NONE = "None of these right now"
GOES_ALONE = "“None of these right now” goes on its own: untick it, or untick the others."


@pytest.fixture
def at_the_cs(robin_client, begin):
    """Robin begins the 8 Cs check-in and comes to the step that asks which are here."""
    run = begin(robin_client, EIGHT_CS)
    post_step(robin_client, run, "check-in", distress="3", feeling="flat")
    post_step(robin_client, run, "welcome")
    response = post_step(robin_client, run, "settle", action="skip")
    assert response["Location"] == step(run, "cs")
    return run


def test_none_ticked_with_others_is_refused_beside_the_options_and_not_saved(
    robin_client, at_the_cs, django_assert_max_num_queries
):
    with django_assert_max_num_queries(20):
        response = post_step(robin_client, at_the_cs, "cs", choices=["Calm", NONE, "Curiosity"])
    assert response.status_code == 200
    html = response.content.decode()
    assert field_errors(html, "id_choices") == [GOES_ALONE]
    assert 'aria-describedby="id_choices_error"' in html
    # What was ticked is still ticked, so the person only has to untick.
    for option in ("Calm", "Curiosity", NONE):
        assert f'value="{option}" id="' in html
        checked = html.split(f'value="{option}"')[1].split(">")[0]
        assert "checked" in checked, option
    assert not Answer.objects.filter(run=at_the_cs, step_key="cs").exists()
    at_the_cs.refresh_from_db()
    assert at_the_cs.current_step == "cs"


def test_with_htmx_the_message_comes_in_place(robin_client, at_the_cs):
    response = post_step(robin_client, at_the_cs, "cs", htmx=True, choices=["Calm", NONE])
    assert response.status_code == 200
    assert "HX-Push-Url" not in response
    assert field_errors(response.content.decode(), "id_choices") == [GOES_ALONE]
    assert not Answer.objects.filter(run=at_the_cs, step_key="cs").exists()


def test_pausing_with_none_and_others_ticked_saves_nothing_either(robin_client, at_the_cs):
    response = post_step(robin_client, at_the_cs, "cs", action="pause", choices=["Calm", NONE])
    assert response.status_code == 200
    assert GOES_ALONE in unescape(response.content.decode())
    assert not Answer.objects.filter(run=at_the_cs, step_key="cs").exists()


def test_none_on_its_own_is_saved_and_the_practice_goes_on(robin_client, at_the_cs):
    response = post_step(robin_client, at_the_cs, "cs", choices=[NONE])
    assert response["Location"] == step(at_the_cs, "how-much")
    assert Answer.objects.get(run=at_the_cs, step_key="cs").choices == [NONE]


def test_several_others_together_are_saved_as_before(robin_client, at_the_cs):
    response = post_step(robin_client, at_the_cs, "cs", choices=["Calm", "Curiosity"])
    assert response["Location"] == step(at_the_cs, "how-much")
    assert Answer.objects.get(run=at_the_cs, step_key="cs").choices == ["Calm", "Curiosity"]


def test_going_back_and_adding_none_to_an_answer_keeps_the_answer_saved_before(
    robin_client, at_the_cs
):
    post_step(robin_client, at_the_cs, "cs", choices=["Calm"])
    post_step(robin_client, at_the_cs, "how-much", action="back")
    response = post_step(robin_client, at_the_cs, "cs", choices=["Calm", NONE])
    assert field_errors(response.content.decode(), "id_choices") == [GOES_ALONE]
    assert Answer.objects.get(run=at_the_cs, step_key="cs").choices == ["Calm"]


def test_the_step_says_which_option_goes_on_its_own_for_the_page_script(robin_client, at_the_cs):
    html = robin_client.get(step(at_the_cs, "cs")).content.decode()
    assert f'data-on-its-own="{NONE}"' in html
