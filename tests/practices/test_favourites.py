"""Favourites: a person marks practices to find them again, on the practice's page and on each
card of the library, with htmx or a plain form; they show on home and in the library's
Favourites filter. Each person's are their own, and never kept by a shared cache."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from practices.favourites import set_favourite
from practices.models import Favourite, Practice
from tests.conftest import logged_in
from tests.factories import PracticeFactory, TherapistFactory

BREAK = "msc-self-compassion-break"
TOUCH = "msc-soothing-touch"


def pressed(html: str, slug: str) -> str | None:
    """The aria-pressed of the favourite toggle for `slug` on a page, or None without one."""
    found = re.search(rf'id="favourite-{slug}" aria-pressed="(true|false)"', html)
    return found.group(1) if found else None


def mark(client, slug: str, on: bool = True, **extra):
    data = {"favourite": "on" if on else "off", **extra}
    return client.post(f"/practices/{slug}/favourite/", data)


def test_marking_a_practice_with_a_plain_form_goes_back_to_its_page(robin_client, library):
    assert pressed(robin_client.get(f"/practices/{BREAK}/").content.decode(), BREAK) == "false"
    response = mark(robin_client, BREAK, next=f"/practices/{BREAK}/")
    assert response.status_code == 303
    assert response["Location"] == f"/practices/{BREAK}/"
    assert pressed(robin_client.get(f"/practices/{BREAK}/").content.decode(), BREAK) == "true"


def test_unmarking_takes_it_away_and_saying_the_same_twice_changes_nothing(
    robin_client, practitioner, library
):
    mark(robin_client, BREAK)
    mark(robin_client, BREAK)
    assert Favourite.objects.filter(user=practitioner).count() == 1
    mark(robin_client, BREAK, on=False)
    mark(robin_client, BREAK, on=False)
    assert not Favourite.objects.filter(user=practitioner).exists()


def test_the_library_card_toggle_comes_back_to_the_library_with_its_filters(robin_client, library):
    html = robin_client.get("/practices/?modality=msc").content.decode()
    assert pressed(html, BREAK) == "false"
    assert 'name="next" value="/practices/?modality=msc"' in html
    response = mark(robin_client, BREAK, next="/practices/?modality=msc")
    assert response["Location"] == "/practices/?modality=msc"
    assert pressed(robin_client.get("/practices/?modality=msc").content.decode(), BREAK) == "true"


def test_htmx_gets_the_toggle_alone_to_swap_in_place(robin_client, library):
    response = robin_client.post(
        f"/practices/{BREAK}/favourite/",
        {"favourite": "on", "next": "/practices/"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith("<form")
    assert "<html" not in html
    assert '<form method="post" action="/practices/msc-self-compassion-break/favourite/"' in html
    assert pressed(html, BREAK) == "true"
    assert 'name="favourite" value="off"' in html  # pressing again unmarks
    assert 'name="next" value="/practices/"' in html
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("next_page", ["https://elsewhere.example/", "//elsewhere.example/"])
def test_a_next_page_off_this_site_is_not_followed(robin_client, library, next_page):
    response = mark(robin_client, BREAK, next=next_page)
    assert response["Location"] == f"/practices/{BREAK}/"


def test_a_visitor_sees_no_toggle_and_is_asked_to_log_in_to_mark(client, library):
    assert pressed(client.get(f"/practices/{BREAK}/").content.decode(), BREAK) is None
    html = client.get("/practices/").content.decode()
    assert 'class="favourite"' not in html
    assert "Only my favourites" not in html
    response = mark(client, BREAK)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert not Favourite.objects.exists()


def test_only_a_post_marks(robin_client, library):
    assert robin_client.get(f"/practices/{BREAK}/favourite/").status_code == 405
    assert not Favourite.objects.exists()


@pytest.mark.parametrize(
    "slug",
    ["no-such-practice", "ifs-meeting-an-exile"],  # unknown; offered only with a therapist
)
def test_a_practice_one_cannot_begin_alone_cannot_be_marked(robin_client, library, slug):
    assert mark(robin_client, slug).status_code == 404
    assert not Favourite.objects.exists()


def test_an_archived_practice_or_a_therapists_own_one_cannot_be_marked(robin_client, library):
    own = PracticeFactory(author=TherapistFactory(), self_guided=True)
    assert mark(robin_client, own.slug).status_code == 404
    Practice.objects.filter(slug=BREAK).update(archived_at="2026-01-01T00:00:00Z")
    assert mark(robin_client, BREAK).status_code == 404
    assert not Favourite.objects.exists()


def test_one_persons_favourites_never_show_for_another(
    robin_client, practitioner, stranger, library
):
    mark(robin_client, BREAK)
    other = logged_in(stranger)
    assert pressed(other.get(f"/practices/{BREAK}/").content.decode(), BREAK) == "false"
    assert pressed(other.get("/practices/").content.decode(), BREAK) == "false"
    assert "msc-self-compassion-break" not in other.get("/").content.decode()
    assert other.get("/practices/?favourites=on").context["practices"] == []


def test_pages_showing_favourites_are_kept_by_no_cache_and_a_visitors_page_may_be(
    robin_client, library
):
    visitor = Client()
    for url in ["/practices/", f"/practices/{BREAK}/", "/practices/?favourites=on"]:
        assert "no-store" in robin_client.get(url)["Cache-Control"], url
        assert "Cookie" in robin_client.get(url)["Vary"], url
        assert "no-store" not in visitor.get(url).get("Cache-Control", ""), url


def test_the_favourites_filter_lists_only_ones_own(robin_client, practitioner, library):
    set_favourite(practitioner, Practice.objects.get(slug=BREAK), True)
    set_favourite(practitioner, Practice.objects.get(slug=TOUCH), True)
    response = robin_client.get("/practices/?favourites=on")
    assert {practice.slug for practice in response.context["practices"]} == {BREAK, TOUCH}
    html = response.content.decode()
    assert "2 practices match your choices." in html
    assert 'name="favourites" id="id_favourites" checked' in html
    # It combines with the other filters, and with a search.
    mine = robin_client.get("/practices/?favourites=on&q=touch").context["practices"]
    assert [practice.slug for practice in mine] == [TOUCH]


def test_the_favourites_filter_with_none_yet_says_how_to_mark_one(robin_client, library):
    html = robin_client.get("/practices/?favourites=on").content.decode()
    assert "You haven't marked any favourites yet." in html


def test_a_visitor_asking_for_favourites_sees_the_whole_library(client, library):
    response = client.get("/practices/?favourites=on")
    assert response.status_code == 200
    assert len(response.context["practices"]) == Practice.objects.for_library().count()


def test_home_shows_favourites_newest_first_and_a_hint_before_there_are_any(
    robin_client, practitioner, library
):
    html = robin_client.get("/").content.decode()
    assert '<h2 id="favourites-heading">Favourites</h2>' in html
    assert "wait for you here" in html
    mark(robin_client, TOUCH)
    mark(robin_client, BREAK)
    html = robin_client.get("/").content.decode()
    row = html[html.index('id="favourites-heading"') : html.index("All your favourites")]
    assert row.index("A self-compassion break") < row.index("Soothing touch")
    assert f'href="/practices/{BREAK}/"' in row
    assert 'href="/practices/?favourites=on">All your favourites' in html
    # An archived practice leaves the row, and comes back if it does.
    Practice.objects.filter(slug=BREAK).update(archived_at="2026-01-01T00:00:00Z")
    assert "A self-compassion break" not in robin_client.get("/").content.decode()


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_the_pages_take_as_many_queries_with_many_favourites_as_with_one(
    robin_client, practitioner, library, django_assert_max_num_queries
):
    set_favourite(practitioner, Practice.objects.get(slug=BREAK), True)
    few = {url: queries_for(robin_client, url) for url in ["/", "/practices/?favourites=on"]}
    for practice in Practice.objects.for_library():
        set_favourite(practitioner, practice, True)
    for url, count in few.items():
        assert queries_for(robin_client, url) == count, url
    # The library: the session, the person, and the practices with their marks in one query.
    with django_assert_max_num_queries(3):
        robin_client.get("/practices/?favourites=on&q=kind")
    # A practice's page: the same as before favourites (its mark rides on the practice's query).
    with django_assert_max_num_queries(4):
        robin_client.get(f"/practices/{BREAK}/")
