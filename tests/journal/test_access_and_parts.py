"""Unknown runs and practices, and my parts. (Who may open what: tests/journal/test_privacy.py.)"""

from journal.models import Part, Run
from tests.factories import PartFactory
from tests.journal.conftest import post_step, step


def test_an_unknown_run_is_a_404(robin_client, library):
    assert robin_client.get("/journal/runs/999999/steps/check-in/").status_code == 404


def test_beginning_needs_a_post_and_a_login(client, robin_client, library):
    assert robin_client.get("/journal/runs/start/cft-safe-place/").status_code == 405
    client.logout()
    response = client.post("/journal/runs/start/cft-safe-place/")
    assert response["Location"].startswith("/accounts/login/")


def test_beginning_an_unknown_practice_is_a_404(robin_client, library):
    assert robin_client.post("/journal/runs/start/nope/").status_code == 404


def test_a_therapist_only_practice_cannot_be_begun_directly(robin_client, library):
    response = robin_client.post("/journal/runs/start/ifs-meeting-an-exile/")
    assert response.status_code == 403
    assert "is offered with a therapist" in response.content.decode()
    assert not Run.objects.exists()


def test_my_parts_can_be_added_renamed_described_and_retired(robin_client, practitioner):
    response = robin_client.post("/journal/parts/", {"name": "The Worrier", "description": ""})
    assert response.status_code == 302
    part = Part.objects.get(user=practitioner)
    robin_client.post(
        f"/journal/parts/{part.pk}/",
        {"name": "The Planner", "description": "Keeps lists to feel safe."},
    )
    part.refresh_from_db()
    assert (part.name, part.description) == ("The Planner", "Keeps lists to feel safe.")
    robin_client.post(f"/journal/parts/{part.pk}/retire/")
    part.refresh_from_db()
    assert part.retired
    html = robin_client.get("/journal/parts/").content.decode()
    assert "The Planner" in html
    assert "Retired" in html


def test_a_part_without_a_name_gets_a_message_and_nothing_is_saved(robin_client, practitioner):
    response = robin_client.post("/journal/parts/", {"name": "  ", "description": "x"})
    assert "Give this part a name." in response.content.decode()
    assert not Part.objects.exists()


def test_a_retired_part_is_not_offered_in_a_part_step(robin_client, practitioner, begin):
    PartFactory(user=practitioner, name="Gone quiet", retired=True)
    run = begin(robin_client, "ifs-parts-check-in")
    assert "Gone quiet" not in robin_client.get(step(run, "part")).content.decode()


def test_a_parts_page_lists_the_runs_it_appeared_in(robin_client, practitioner, begin):
    run = begin(robin_client, "ifs-parts-check-in")
    post_step(robin_client, run, "part", new_part="The Critic")
    part = Part.objects.get(name="The Critic")
    html = robin_client.get(f"/journal/parts/{part.pk}/").content.decode()
    assert "Which parts are here today?" in html or run.practice.title in html
    assert "(unfinished)" in html


def test_the_parts_list_is_bounded_in_queries(
    robin_client, practitioner, django_assert_max_num_queries
):
    for number in range(15):
        PartFactory(user=practitioner, name=f"Part {number}")
    with django_assert_max_num_queries(4):
        robin_client.get("/journal/parts/")


def test_a_part_page_is_bounded_in_queries(
    robin_client, practitioner, begin, django_assert_max_num_queries
):
    run = begin(robin_client, "ifs-parts-check-in")
    post_step(robin_client, run, "part", new_part="The Critic")
    part = Part.objects.get(name="The Critic")
    with django_assert_max_num_queries(5):
        robin_client.get(f"/journal/parts/{part.pk}/")


FIVE_PRACTICES = [
    "msc-self-compassion-break",
    "cft-grounding",
    "cft-safe-place",
    "cft-compassionate-attention",
    "cft-compassionate-other",
]


def test_home_lists_unfinished_runs_in_bounded_queries(
    robin_client, begin, django_assert_max_num_queries
):
    for slug in FIVE_PRACTICES:
        begin(robin_client, slug)
    # The session, the person, unfinished runs, and this week's summary (runs, their
    # practices, the library for a suggestion), today's daily check-in: never more, however
    # many runs there are.
    with django_assert_max_num_queries(7):
        html = robin_client.get("/").content.decode()
    assert html.count(">Continue</a>") == 5
    assert html.count(">Discard</a>") == 5
