"""The library's search: `q` on /practices/ looks through each practice's title, summary, why
and tags (its method, skills, intensity and moods), with the other filters; htmx gets only the
results and the count; without JavaScript it is a plain GET form."""

import pytest

from practices.forms import SEARCH_LENGTH
from tests.factories import PracticeFactory


def library_practice(slug: str, title: str, **fields):
    defaults = {
        "author": None,
        "self_guided": True,
        "summary": "A short practice.",
        "why": "It can help.",
        "source": "Tend",
    }
    return PracticeFactory(slug=slug, title=title, **{**defaults, **fields})


@pytest.fixture
def shelf(db):
    """A small library whose words are known."""
    return {
        "harbour": library_practice(
            "harbour", "A quiet harbour", summary="Rest for a while.", skills=["sensory"]
        ),
        "letter": library_practice(
            "letter",
            "A letter to yourself",
            why="Writing slowly lets the Harbour of kindness in.",
            modality="msc",
            moods=["lonely"],
        ),
        "parts": library_practice(
            "parts", "Meeting a part", modality="ifs", intensity="deep", minutes=20
        ),
        "éclair": library_practice("eclair", "Élan and ease", summary="Gentle movement."),
    }


def found(client, query: str) -> list[str]:
    response = client.get(f"/practices/?{query}")
    assert response.status_code == 200
    return [practice.slug for practice in response.context["practices"]]


@pytest.mark.parametrize(
    ("q", "slugs"),
    [
        ("harbour", ["harbour", "letter"]),  # a title match comes before a why match
        ("HARBOUR", ["harbour", "letter"]),  # any case
        ("rest for", ["harbour"]),  # the summary
        ("kindness", ["letter"]),  # the why
        ("sensory", ["harbour"]),  # a skill
        ("lonely", ["letter"]),  # a mood, by its value
        ("I feel lonely", ["letter"]),  # and by its words in the chooser
        ("internal family", ["parts"]),  # the method, by name
        ("deep", ["parts"]),  # the intensity
        ("élan", ["eclair"]),  # letters beyond ASCII, the same on SQLite and PostgreSQL
        ("ÉLAN", ["eclair"]),
        ("letter harbour", ["letter"]),  # every word must be found somewhere
        ("  quiet   harbour ", ["harbour"]),
        ("nowhere-to-be-found", []),
    ],
)
def test_the_search_looks_through_title_summary_why_and_tags(client, shelf, q, slugs):
    assert found(client, f"q={q}") == slugs


def test_the_search_combines_with_the_filters(client, shelf):
    assert found(client, "q=harbour&modality=msc") == ["letter"]
    assert found(client, "q=a&length=long") == ["parts"]
    assert found(client, "q=harbour&mood=lonely") == ["letter"]


def test_the_count_says_what_was_searched_for(client, shelf):
    html = client.get("/practices/?q=harbour").content.decode()
    assert '<p id="results-count" class="results__count" role="status">' in html
    assert "2 practices match “harbour”." in html
    html = client.get("/practices/?q=harbour&modality=msc").content.decode()
    assert "1 practice matches “harbour” and your choices." in html


def test_nothing_found_says_so_kindly_and_offers_to_clear_the_search(client, shelf):
    html = client.get("/practices/?q=zebra&modality=msc").content.decode()
    assert "Nothing in the library speaks of “zebra” yet with those filters." in html
    assert '<a href="?modality=msc">Clear the search</a>' in html
    assert "0 practices match “zebra” and your choices." in html


def test_the_search_box_keeps_what_was_typed_and_works_as_a_plain_form(client, shelf):
    html = client.get("/practices/?q=quiet+harbour").content.decode()
    assert '<form method="get" action="/practices/"' in html
    assert 'role="search"' in html
    assert '<input type="search" name="q" value="quiet harbour"' in html
    assert '<label for="id_q">Search the practices</label>' in html
    assert 'hx-trigger="change, submit, input changed delay:400ms from:#id_q"' in html
    assert 'hx-push-url="true"' in html


def test_htmx_gets_the_results_and_the_count_to_swap_out_of_band(client, shelf):
    response = client.get("/practices/?q=harbour", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="results"')
    assert "<html" not in html
    assert '<p id="results-count" hx-swap-oob="innerHTML">2 practices match' in html
    assert "HX-Request" in response["Vary"]
    # The whole page has the count once, outside the region htmx swaps.
    page = client.get("/practices/?q=harbour").content.decode()
    assert page.count('id="results-count"') == 1
    assert page.index('id="results-count"') < page.index('id="results"')


@pytest.mark.parametrize(
    "q",
    ["<script>alert(1)</script>", "%00", "'; DROP TABLE practices_practice; --", "%", "_", "\\"],
)
def test_any_search_gets_a_page_never_an_error(client, shelf, q):
    response = client.get("/practices/", {"q": q})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert" not in html


def test_a_very_long_search_is_cut_not_refused(client, shelf):
    q = "harbour " + "x" * 5000
    response = client.get("/practices/", {"q": q})
    assert response.status_code == 200
    assert len(response.context["search"]) == SEARCH_LENGTH
    assert "harbour xxx" in response.content.decode()


def test_a_search_takes_one_query_however_many_practices(
    client, shelf, django_assert_max_num_queries
):
    for number in range(30):
        library_practice(f"more-{number}", f"Another harbour {number}")
    with django_assert_max_num_queries(1):
        client.get("/practices/?q=harbour&modality=cft")


def test_the_real_library_can_be_searched(client, library):
    slugs = found(client, "q=self-compassion break")
    assert set(slugs[:2]) == {"msc-self-compassion-break", "msc-fierce-self-compassion-break"}
