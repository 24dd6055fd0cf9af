"""The library page, its filters and chooser, a practice's page, and the compassion page."""

import re

import pytest

from practices.models import Practice
from practices.services import sync_practices
from tests.practices.test_loader import write
from tests.practices.test_sources_and_variants import BREATHING


def titles(html: str) -> set[str]:
    return set(re.findall(r'<h2 class="practice-card__title"><a href="[^"]+">([^<]+)</a>', html))


def library_titles(**filters) -> set[str]:
    practices = Practice.objects.for_library()
    if "modality" in filters:
        practices = practices.filter(modality=filters["modality"])
    if "intensity" in filters:
        practices = practices.filter(intensity=filters["intensity"])
    found = list(practices)
    if "skill" in filters:
        found = [p for p in found if filters["skill"] in p.skills]
    if "mood" in filters:  # the chooser never suggests a practice made for helpers
        found = [p for p in found if filters["mood"] in p.moods and p.audience != "helpers"]
    if "max_minutes" in filters:
        found = [p for p in found if p.minutes <= filters["max_minutes"]]
    return {p.title.replace("'", "&#x27;") for p in found}


def test_the_library_lists_every_self_guided_practice_with_its_facts(client, library):
    html = client.get("/practices/").content.decode()
    assert titles(html) == library_titles()
    assert "Compassion Focused Therapy" in html
    assert "min" in html and "Gentle" in html
    assert 'href="/learn/what-compassion-is/"' in html and 'href="/learn/"' in html


def test_a_therapist_only_practice_is_not_listed(client, library):
    html = client.get("/practices/").content.decode()
    assert "Meeting a young, hurt part" not in html
    assert "ifs-meeting-an-exile" not in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("modality=msc", {"modality": "msc"}),
        ("skill=imagery", {"skill": "imagery"}),
        (
            "modality=cft&skill=sensory&intensity=gentle",
            {"modality": "cft", "skill": "sensory", "intensity": "gentle"},
        ),
        ("length=short", {"max_minutes": 5}),
        ("mood=anxious", {"mood": "anxious"}),
        ("mood=self-critical&modality=ifs", {"mood": "self-critical", "modality": "ifs"}),
    ],
)
def test_filters_combine_and_live_in_the_url(client, library, query, expected):
    html = client.get(f"/practices/?{query}").content.decode()
    found = titles(html)
    assert found == library_titles(**expected)
    assert found, "every filter here matches something"


@pytest.fixture
def one_for_helpers(db, tmp_path):
    """Two practices for the same mood, one of them made for helpers."""
    for slug, title, audience in [
        ("steady-breath", "Steady breath", "everyone"),
        ("after-a-hard-session", "After a hard session", "helpers"),
    ]:
        text = BREATHING.format(slug=slug).replace("title: Slow breathing", f"title: {title}")
        text = text.replace(
            "minutes: 4\n", f"minutes: 4\naudience: {audience}\nmoods: [overwhelmed]\n"
        )
        write(tmp_path, f"{slug}.yaml", text)
    sync_practices(tmp_path)


def test_the_mood_chooser_never_suggests_a_practice_made_for_helpers(client, one_for_helpers):
    assert Practice.objects.get(slug="after-a-hard-session").audience == "helpers"
    assert titles(client.get("/practices/?mood=overwhelmed").content.decode()) == {"Steady breath"}
    # The library still lists it, as it lists every self-guided practice.
    assert titles(client.get("/practices/").content.decode()) == {
        "Steady breath",
        "After a hard session",
    }


def test_htmx_gets_only_the_results_and_the_page_varies_on_it(client, library):
    response = client.get("/practices/?modality=ifs", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="results"')
    assert "<html" not in html
    assert "HX-Request" in response["Vary"]


def test_the_filters_work_as_plain_links_and_forms_without_javascript(client, library):
    html = client.get("/practices/").content.decode()
    assert '<form method="get" action="/practices/"' in html
    assert 'href="?mood=lonely"' in html


@pytest.mark.parametrize("query", ["modality=yoga", "skill=<script>", "length=forever", "mood=%00"])
def test_an_unknown_filter_value_still_lists_practices_with_a_note(client, library, query):
    response = client.get(f"/practices/?{query}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "We didn't understand the" in html
    assert titles(html) == library_titles()
    assert "<script>" not in html


def test_the_library_takes_one_query_however_many_practices(
    client, library, django_assert_max_num_queries
):
    with django_assert_max_num_queries(1):
        client.get("/practices/?modality=cft&skill=attention")


def test_a_practice_page_says_what_it_is_and_offers_begin(robin_client, library):
    html = robin_client.get("/practices/cft-safe-place/").content.decode()
    practice = Practice.objects.get(slug="cft-safe-place")
    assert f"<h1>{practice.title}</h1>" in html
    assert "Compassion Focused Therapy" in html
    assert "Imagery" in html
    assert f"{practice.minutes} minutes" in html
    assert practice.get_intensity_display() in html
    assert "Where it comes from:" in html
    assert '<form method="post" action="/journal/runs/start/cft-safe-place/">' in html
    assert ">Begin</button>" in html


def test_a_visitor_is_invited_to_log_in_to_begin(client, library):
    html = client.get("/practices/cft-safe-place/").content.decode()
    assert 'href="/accounts/login/?next=/practices/cft-safe-place/"' in html


def test_a_practice_page_is_bounded_in_queries(
    robin_client, library, django_assert_max_num_queries
):
    with django_assert_max_num_queries(4):
        robin_client.get("/practices/cft-safe-place/")


def test_an_unknown_practice_is_a_404(client, library):
    assert client.get("/practices/no-such-practice/").status_code == 404


def test_an_archived_practice_is_a_404_on_its_page(client, library):
    Practice.objects.filter(slug="cft-safe-place").update(archived_at="2026-01-01T00:00:00Z")
    assert client.get("/practices/cft-safe-place/").status_code == 404


def test_a_therapist_only_practice_gets_a_kind_page_without_begin(robin_client, library):
    response = robin_client.get("/practices/ifs-meeting-an-exile/")
    html = response.content.decode()
    assert "is offered with a therapist" in html
    assert ">Begin</button>" not in html


def test_the_compassion_page_defines_compassion_against_its_neighbours(client, library):
    """The page about compassion is now the first lesson, which it was folded into."""
    html = client.get("/about/compassion/", follow=True).content.decode()
    for word in (
        "Empathy",
        "Sympathy",
        "Pity",
        "Compassion Focused Therapy",
        "Mindful Self-Compassion",
        "Internal Family Systems",
    ):
        assert word in html
    assert "ease it" in html


def test_a_practice_page_counts_the_steps_met_going_the_usual_way(robin_client, library):
    """An ending a choice leads to ("the part isn't willing today") is not one of the steps a
    person can expect to go through."""
    practice = Practice.objects.get(slug="ifs-getting-to-know-a-part")
    steps = list(practice.steps.all())
    assert any(step.ending for step in steps)
    usual = sum(not step.ending for step in steps)
    html = robin_client.get("/practices/ifs-getting-to-know-a-part/").content.decode()
    assert f"minutes, {usual} steps</dd>" in html
    assert f"minutes, {len(steps)} steps</dd>" not in html
