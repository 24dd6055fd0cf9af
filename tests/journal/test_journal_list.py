"""The journal list: newest first by month, Load more, filters in the URL, search, revisit."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection

from journal import services
from journal.models import Entry
from practices.models import Practice
from tests.conftest import write_entry
from tests.factories import PartFactory, ShareFactory

HTMX_MORE = {"HX-Request": "true", "HX-Target": "load-more"}


def entry_link(entry) -> str:
    return f'href="/journal/entries/{entry.pk}/"'


def written_at(entry, when: datetime) -> Entry:
    Entry.objects.filter(pk=entry.pk).update(created_at=when)
    entry.refresh_from_db()
    return entry


def finished_run(person, slug, *, hard=False, part=None, when=None) -> Entry:
    """A finished practice made with the services, with a part named at its part step."""
    practice = Practice.objects.get(slug=slug)
    run = services.start_run(person, practice)
    services.save_check(run, "check-in", distress=3, feeling="")
    if part is not None:
        step = next(step for step in practice.steps.all() if step.kind == "part")
        services.save_answer(run, step, {"part": part}, seen_revision=None)
    services.save_check(run, "check-out", distress=3, feeling="", stirred_up=hard)
    entry = services.finish_run(run)
    return written_at(entry, when) if when else entry


# Listing -----------------------------------------------------------------------------------


def test_an_empty_journal_welcomes_and_suggests_a_first_step(robin_client):
    html = robin_client.get("/journal/").content.decode()
    assert "Your journal is waiting" in html
    assert 'href="/practices/"' in html and 'href="/journal/new/"' in html


def test_entries_come_newest_first_grouped_by_month_in_the_persons_time_zone(
    robin_client, practitioner
):
    january = written_at(
        write_entry(practitioner, "january"), datetime(2026, 1, 20, 12, tzinfo=UTC)
    )
    # 03:00 UTC on 1 March is still 28 February in New York.
    late_feb = written_at(write_entry(practitioner, "late"), datetime(2026, 3, 1, 3, 0, tzinfo=UTC))
    march = written_at(write_entry(practitioner, "march"), datetime(2026, 3, 2, 12, tzinfo=UTC))
    html = robin_client.get("/journal/").content.decode()
    positions = [
        html.index(text)
        for text in (
            "March 2026",
            entry_link(march),
            "February 2026",
            entry_link(late_feb),
            "January 2026",
            entry_link(january),
        )
    ]
    assert positions == sorted(positions)
    assert "Saturday 28 February, 22:00" in html


def load_more_link(html: str) -> str:
    """The address of the "Load more entries" link, as a browser would follow it."""
    found = re.search(r'<a class="button button--quiet" href="([^"]+)" hx-get="\1"', html)
    assert found, "no Load more link"
    return found.group(1).replace("&amp;", "&")


def listed(html: str, entries) -> list:
    """The entries of `entries` that `html` lists, in the order it lists them."""
    found = [
        (html.index(entry_link(entry)), entry) for entry in entries if entry_link(entry) in html
    ]
    return [entry for _, entry in sorted(found, key=lambda pair: pair[0])]


def test_load_more_appends_the_next_page_and_works_as_a_link_without_javascript(
    robin_client, practitioner
):
    start = datetime(2026, 6, 30, 12, tzinfo=UTC)
    entries = [
        written_at(write_entry(practitioner, f"entry {n}"), start - timedelta(hours=n))
        for n in range(25)
    ]
    first = robin_client.get("/journal/").content.decode()
    assert listed(first, entries) == entries[:20]
    assert "Load more entries" in first and "Back to the newest" not in first
    link = load_more_link(first)
    assert link.startswith("/journal/?before=")

    more = robin_client.get(link, headers=HTMX_MORE)
    chunk = more.content.decode()
    assert "<html" not in chunk
    assert listed(chunk, entries) == entries[20:]
    assert "June 2026" not in chunk  # the same month carries on, without a second heading
    assert "Load more entries" not in chunk
    assert "tend:more-shown" in more["HX-Trigger-After-Settle"]

    page_two = robin_client.get(link).content.decode()
    assert "<html" in page_two and "June 2026" in page_two
    assert listed(page_two, entries) == entries[20:]
    assert 'href="/journal/">Back to the newest</a>' in page_two


def test_load_more_carries_the_search_and_filters_along(robin_client, practitioner):
    start = datetime(2026, 6, 30, 12, tzinfo=UTC)
    walks = [
        written_at(
            write_entry(practitioner, f"A walk, day {n}.", tags=["walks"]),
            start - timedelta(days=n),
        )
        for n in range(23)
    ]
    for n in range(5):
        write_entry(practitioner, f"Indoors, day {n}.")
    html = robin_client.get("/journal/?tag=walks").content.decode()
    link = load_more_link(html)
    assert "tag=walks" in link
    chunk = robin_client.get(link, headers=HTMX_MORE).content.decode()
    assert listed(chunk, walks) == walks[20:]
    assert "Indoors" not in chunk


def test_entries_written_at_the_same_moment_are_neither_repeated_nor_skipped(
    robin_client, practitioner
):
    # An import, or two tabs saving at once, can give many entries one created_at; the page's
    # edge falls among them.
    moment = datetime(2026, 6, 30, 12, tzinfo=UTC)
    same = [written_at(write_entry(practitioner, f"same {n}"), moment) for n in range(30)]
    older = [
        written_at(write_entry(practitioner, f"older {n}"), moment - timedelta(minutes=n + 1))
        for n in range(15)
    ]
    everything = same + older
    seen = []
    html = robin_client.get("/journal/").content.decode()
    while True:
        seen += listed(html, everything)
        if "Load more entries" not in html:
            break
        html = robin_client.get(load_more_link(html), headers=HTMX_MORE).content.decode()
    assert sorted(entry.pk for entry in seen) == sorted(entry.pk for entry in everything)
    assert len(seen) == len(everything)  # none twice
    assert seen[:30] == sorted(same, key=lambda entry: -entry.pk)  # newest id first
    assert seen[30:] == older


@pytest.mark.parametrize(
    "before",
    [
        "yesterday",
        "20261345T120000.000000Z-12",  # no such month
        "20260630T120000.000000Z-99999999999999999999",  # an id too long to be one
        "20260630T120000Z-12",
        "' OR 1=1 --",
        "\x00",
        "",
    ],
)
def test_a_strange_place_in_the_journal_shows_the_newest_with_a_calm_note(
    robin_client, practitioner, before
):
    newest = write_entry(practitioner, "still here")
    response = robin_client.get("/journal/", {"before": before})
    assert response.status_code == 200
    html = response.content.decode()
    assert entry_link(newest) in html
    if before:
        assert "We couldn&#x27;t find that place in your journal" in html


def test_a_place_from_a_link_shows_what_came_after_it(robin_client, practitioner):
    start = datetime(2026, 6, 30, 12, tzinfo=UTC)
    entries = [
        written_at(write_entry(practitioner, f"entry {n}"), start - timedelta(days=n))
        for n in range(3)
    ]
    html = robin_client.get("/journal/", {"before": "20260629T120000.000000Z-0"}).content.decode()
    assert listed(html, entries) == entries[2:]  # the 29th at noon: id 0 comes before them all
    assert "That's everything." in html and "Back to the newest" in html


@pytest.mark.parametrize("page", ["0", "-3", "abc", "99999999999"])
def test_a_strange_page_number_still_shows_a_page(robin_client, practitioner, page):
    entry = write_entry(practitioner, "still here")
    response = robin_client.get(f"/journal/?page={page}")
    assert response.status_code == 200
    assert entry_link(entry) in response.content.decode()
    response = robin_client.get(f"/journal/?q=still&page={page}")
    assert response.status_code == 200
    assert entry_link(entry) in response.content.decode()


# Filters -----------------------------------------------------------------------------------


@pytest.fixture
def journal_mix(library, practitioner, stranger, therapist):
    critic = PartFactory(user=practitioner, name="The Critic")
    mix = {
        "cft": finished_run(practitioner, "cft-soothing-rhythm-breathing"),
        "msc": finished_run(practitioner, "msc-self-compassion-break", hard=True),
        "ifs": finished_run(practitioner, "ifs-appreciating-a-protector", part=critic),
        "free": write_entry(practitioner, "A walk at lunch.", tags=["walks"]),
        "old": written_at(
            write_entry(practitioner, "Long ago.", tags=["walks"]),
            datetime(2025, 6, 1, 12, tzinfo=UTC),
        ),
        "shared": write_entry(practitioner, "For my therapist."),
        "theirs": write_entry(stranger, "Not Robin's.", tags=["walks"]),
        "critic": critic,
    }
    share_with(therapist, mix["shared"])
    return mix


def test_the_filters_lists_hold_the_persons_own_things_in_order(
    journal_mix, practitioner, stranger
):
    """The form's lists come from one written-out query (journal.filters.own_lists): the same
    practices, tags and parts, in the same order, as the ORM's own definitions of them."""
    from journal.filters import own_lists, parts_of, practices_done, tags_of

    retired = PartFactory(user=practitioner, name="An old Manager", retired=True)
    PartFactory(user=stranger, name="Not Robin's part")
    write_entry(practitioner, "Later.", tags=["Beach", "apples"])
    lists = own_lists(practitioner)
    assert [title for _, title in lists["practice"]] == [
        practice.title
        for practice in Practice.objects.filter(
            slug__in=[
                "cft-soothing-rhythm-breathing",
                "msc-self-compassion-break",
                "ifs-appreciating-a-protector",
            ]
        ).order_by("title")
    ]
    assert lists["practice"] == list(
        practices_done(practitioner).order_by("title").values_list("slug", "title")
    )
    assert lists["tag"] == [
        (name, name) for name in tags_of(practitioner).values_list("name", flat=True)
    ]
    assert {name for name, _ in lists["tag"]} == {"walks", "Beach", "apples"}
    assert lists["part"] == [
        (str(pk), name) for pk, name in parts_of(practitioner).values_list("pk", "name")
    ]
    assert lists["part"][-1] == (str(retired.pk), "An old Manager")  # retired ones last
    assert lists["shared"] is True
    assert own_lists(stranger) == {
        "practice": [],
        "tag": [("walks", "walks")],
        "part": [(str(stranger.parts.get().pk), "Not Robin's part")],
        "shared": False,
    }


def test_the_lists_tags_are_each_entrys_own_by_name(
    journal_mix, robin_client, practitioner, stranger
):
    """A page's tags come from one written-out query (journal.views.entries.tags_of_entries):
    the same pairs, in the same order, as the ORM's own reading of them."""
    from journal.views.entries import tags_of_entries

    write_entry(practitioner, "Later.", tags=["Beach", "apples", "walks"])
    write_entry(stranger, "Theirs.", tags=["Beach"])
    ids = list(Entry.objects.values_list("pk", flat=True))
    pairs = tags_of_entries(ids)
    assert [tuple(pair) for pair in pairs] == list(
        Entry.tags.through.objects.filter(entry_id__in=ids)
        .order_by("tag__name")
        .values_list("entry_id", "tag__name")
    )
    later = Entry.objects.get(user=practitioner, body="Later.")
    assert sorted(name for entry_id, name in pairs if entry_id == later.pk) == sorted(
        ["Beach", "apples", "walks"]
    )
    assert tags_of_entries([]) == []
    # A search (on PostgreSQL read with its entries) shows the same tags in the same order.
    names = [name for entry_id, name in pairs if entry_id == later.pk]
    drawn = '<p class="tags"><span class="visually-hidden">Tags:</span>' + "".join(
        f' <span class="tag">#{name}</span>' for name in names
    )
    assert drawn in robin_client.get("/journal/?q=later").content.decode()
    assert drawn in robin_client.get("/journal/").content.decode()


def share_with(therapist, entry):
    """The person links with the therapist and shares the entry."""
    from compassion_site.accounts.models import CareLink

    CareLink.objects.get_or_create(therapist=therapist, client=entry.user, ended_at=None)
    ShareFactory(entry=entry, therapist=therapist)


def shown(client, query: str, mix: dict) -> set[str]:
    response = client.get(f"/journal/?{query}")
    assert response.status_code == 200
    html = response.content.decode()
    return {
        name
        for name, entry in mix.items()
        if isinstance(entry, Entry) and entry_link(entry) in html
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("modality=cft", {"cft"}),
        ("modality=ifs", {"ifs"}),
        ("modality=free", {"free", "old", "shared"}),
        ("practice=msc-self-compassion-break", {"msc"}),
        ("tag=walks", {"free", "old"}),
        ("hard=on", {"msc"}),
        ("shared=on", {"shared"}),
        ("start=2025-05-01&end=2025-07-01", {"old"}),
        ("modality=free&tag=walks&start=2026-01-01", {"free"}),
    ],
)
def test_filters_combine_and_show_only_my_matching_entries(
    robin_client, journal_mix, query, expected
):
    assert shown(robin_client, query, journal_mix) == expected


def test_the_part_filter_finds_the_practices_a_part_appeared_in(robin_client, journal_mix):
    query = f"part={journal_mix['critic'].pk}"
    assert shown(robin_client, query, journal_mix) == {"ifs"}


def test_filters_stay_in_the_form_and_htmx_gets_the_results_alone(robin_client, journal_mix):
    html = robin_client.get("/journal/?tag=walks&hard=on").content.decode()
    assert '<option value="walks" selected>' in html
    assert re.search(r'<input type="checkbox" name="hard"[^>]* checked>', html)
    response = robin_client.get(
        "/journal/?tag=walks", headers={"HX-Request": "true", "HX-Target": "journal-results"}
    )
    assert "<html" not in response.content.decode()
    assert 'id="journal-results"' in response.content.decode()
    assert "HX-Request" in response["Vary"]


@pytest.mark.parametrize(
    ("query", "note"),
    [
        ("modality=astrology", "We didn't recognise that method, so that filter isn't applied."),
        ("practice=no-such-practice", "We didn't recognise that practice"),
        ("tag=never-used", "We didn't recognise that tag"),
        ("part=999999", "We didn't recognise that part"),
        ("part=abc", "We didn't recognise that part"),
        ("start=2026-13-45", "We didn't recognise that from"),
    ],
)
def test_an_unknown_filter_value_leaves_the_list_showing_with_a_note(
    robin_client, journal_mix, query, note
):
    html = robin_client.get(f"/journal/?{query}").content.decode()
    assert note.replace("'", "&#x27;") in html
    assert shown(robin_client, query, journal_mix) >= {"cft", "msc", "free"}


@pytest.mark.parametrize("field", ["practice", "tag", "part"])
@pytest.mark.parametrize("htmx", [{}, {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "load-more"}])
def test_a_filter_value_with_a_nul_is_unknown_not_an_error(robin_client, journal_mix, field, htmx):
    # PostgreSQL refuses a NUL in a query: the value is turned away before it is looked up.
    response = robin_client.get("/journal/", {field: "sle\x00ep"}, **htmx)
    assert response.status_code == 200
    if not htmx:
        assert f"We didn&#x27;t recognise that {field}" in response.content.decode()


def test_a_reversed_date_range_is_swapped_with_a_note(robin_client, journal_mix):
    html = robin_client.get("/journal/?start=2025-07-01&end=2025-05-01").content.decode()
    assert "The dates were the wrong way round, so we swapped them." in html
    assert shown(robin_client, "start=2025-07-01&end=2025-05-01", journal_mix) == {"old"}


def test_the_shared_filter_is_offered_only_once_something_is_shared(
    robin_client, practitioner, therapist
):
    entry = write_entry(practitioner, "Mine alone.")
    assert "Shared with my therapist" not in robin_client.get("/journal/").content.decode()
    share_with(therapist, entry)
    assert "Shared with my therapist" in robin_client.get("/journal/").content.decode()


# Search ------------------------------------------------------------------------------------


def test_search_finds_a_word_in_an_answer_title_text_tag_or_note(
    robin_client, practitioner, stranger, finish_practice
):
    practice = finish_practice(robin_client, difficulty={"text": "An argument about the garden."})
    titled = write_entry(practitioner, "Nothing much.", title="Lighthouse visit")
    free = write_entry(practitioner, "Swam in the cold harbour.")
    tagged = write_entry(practitioner, "Quiet day.", tags=["insomnia"])
    noted = write_entry(practitioner, "An ordinary day.")
    services.add_note(noted, "Reading back, the orchard was lovely.")
    write_entry(stranger, "The garden, the harbour, the orchard: not Robin's.")
    for word, entry in [
        ("garden", practice),
        ("lighthouse", titled),
        ("HARBOUR", free),
        ("insomnia", tagged),
        ("orchard", noted),
    ]:
        html = robin_client.get(f"/journal/?q={word}").content.decode()
        assert entry_link(entry) in html, word
        assert html.count('class="entry-item"') == 1, word
        assert f"<mark>{word.lower()}</mark>" in html.lower(), word
        assert "not Robin" not in html


def test_every_word_of_a_search_must_be_there(robin_client, practitioner):
    both = write_entry(practitioner, "Tea with my mother in the garden.")
    write_entry(practitioner, "Weeding the garden alone.")
    html = robin_client.get("/journal/?q=mother garden").content.decode()
    assert entry_link(both) in html
    assert html.count('class="entry-item"') == 1


def test_search_leaves_out_the_trash(robin_client, practitioner):
    entry = write_entry(practitioner, "A meadow at dawn.")
    services.trash_entry(entry)
    assert "Nothing found for “meadow”" in robin_client.get("/journal/?q=meadow").content.decode()


def test_search_matches_word_forms_on_postgresql_and_exact_words_on_sqlite(
    robin_client, practitioner
):
    entry = write_entry(practitioner, "I walked slowly home.")
    html = robin_client.get("/journal/?q=walking").content.decode()
    if connection.vendor == "postgresql":
        assert entry_link(entry) in html  # English stemming: walking ~ walked
    else:
        assert entry_link(entry) not in html  # the plain fallback matches what was typed
    assert entry_link(entry) in robin_client.get("/journal/?q=walk").content.decode()


@pytest.mark.parametrize(
    "query",
    [
        '"unclosed quote',
        "'",
        "&|!():*<>",
        "-garden",
        "garden OR",
        "a" * 5000,
        "   ",
        "%00null",
        "emoji 🌱 and שלום",
        "\\",
    ],
)
def test_any_search_text_answers_calmly(robin_client, practitioner, query):
    write_entry(practitioner, "The garden again.")
    response = robin_client.get("/journal/", {"q": query})
    assert response.status_code == 200


def test_a_very_long_search_is_cut_with_a_note(robin_client, practitioner):
    write_entry(practitioner, "The garden again.")
    html = robin_client.get("/journal/", {"q": "garden " * 100}).content.decode()
    assert "we looked for its first 200 characters" in html


def test_a_nul_in_a_search_is_dropped_without_a_strange_note(robin_client, practitioner):
    entry = write_entry(practitioner, "The garden again.")
    html = robin_client.get("/journal/", {"q": "gar\x00den"}).content.decode()
    assert entry_link(entry) in html
    assert "recognise" not in html


def test_a_search_with_no_words_says_so(robin_client, practitioner):
    write_entry(practitioner, "The garden again.")
    html = robin_client.get("/journal/", {"q": "!!! ???"}).content.decode()
    assert "Search looks for words" in html


def test_html_in_an_entry_is_escaped_in_the_search_snippet(robin_client, practitioner):
    write_entry(practitioner, 'The <img src=x onerror="alert(1)"> garden and <b>more</b>.')
    html = robin_client.get("/journal/?q=garden").content.decode()
    assert "<img src=x" not in html and "<b>more" not in html
    assert "<mark>garden</mark>" in html


def many_with(person, word: str, count: int, start: datetime) -> list[Entry]:
    """`count` entries with `word`, one a day going back from `start`: made in one go (as an
    import would), the search text as saving an entry writes it."""
    made = Entry.objects.bulk_create(
        Entry(
            user=person,
            body=f"A night of {word}, day {n}.",
            search_text=f"A night of {word}, day {n}.",
            preview=f"A night of {word}, day {n}.",
            created_at=start - timedelta(days=n),
        )
        for n in range(count)
    )
    return sorted(made, key=lambda entry: entry.created_at, reverse=True)


def every_page(client, path: str) -> list[str]:
    """The first page and every Load more after it, as htmx asks for them."""
    html = client.get(path).content.decode()
    pages = [html]
    while "Load more entries" in html:
        html = client.get(load_more_link(html), headers=HTMX_MORE).content.decode()
        pages.append(html)
    return pages


def test_a_common_word_ranks_the_newest_matches_and_says_how_to_look_further_back(
    robin_client, practitioner
):
    from journal.search import RANKED_MATCHES

    start = datetime(2026, 6, 30, 12, tzinfo=UTC)
    recent = many_with(practitioner, "sleep", RANKED_MATCHES + 5, start)
    # Long ago, and a better match than any of them: the word four times.
    old = written_at(
        write_entry(practitioner, "Sleep, sleep, sleep. All I wanted was sleep."),
        start - timedelta(days=2000),
    )
    pages = every_page(robin_client, "/journal/?q=sleep")
    found = [entry for html in pages for entry in listed(html, [*recent, old])]
    assert len(found) == len(set(found))  # none twice across the pages
    if connection.vendor == "postgresql":
        # Best match first among the newest RANKED_MATCHES, and the person is told.
        assert "You have more than 500 entries with “sleep”" in pages[0]
        assert "set the dates under Filters" in pages[0]
        assert set(found) == set(recent[:RANKED_MATCHES])
        # Narrowing the dates reaches further back, and finds the old one first.
        narrowed = robin_client.get("/journal/?q=sleep&end=2021-12-31").content.decode()
        assert listed(narrowed, [*recent, old])[0] == old
    else:
        # SQLite: every match, newest first, with nothing to say.
        assert "You have more than" not in pages[0]
        assert found == [*recent, old]


def test_every_page_of_a_search_keeps_the_order_of_the_ranking(
    robin_client, practitioner, stranger
):
    """A page of a search is one written-out query (journal.views.entries.best_matches). On
    PostgreSQL its pages, read one after another, are the ORM's own ranking: the newest
    RANKED_MATCHES matches (journal.search.newest_matches), best first, the newer first when
    two rank alike, even two written in the same moment. On SQLite: newest first."""
    from journal.filters import own_entries
    from journal.search import RANKED_MATCHES, Search, newest_matches

    start = datetime(2026, 6, 30, 12, tzinfo=UTC)
    Entry.objects.bulk_create(
        Entry(
            user=person,
            body=text,
            search_text=text,
            preview=text,
            # Every fifth shares its moment with the one before it.
            created_at=start - timedelta(hours=n - (n % 5 == 1)),
        )
        for person in (practitioner, stranger)
        for n in range(RANKED_MATCHES + 30)
        for text in [f"Day {n}: " + " ".join(["sleep"] * (1 + n % 3)) + " and then the day."]
    )
    mine = list(Entry.objects.filter(user=practitioner))
    pages = every_page(robin_client, "/journal/?q=sleep")
    shown = [entry.pk for html in pages for entry in listed(html, mine)]
    assert sum(html.count('class="entry-item"') for html in pages) == len(shown)
    if connection.vendor == "postgresql":
        newest = list(newest_matches(own_entries(practitioner), Search.from_typed("sleep")))
        assert len(newest) == RANKED_MATCHES + 1
        best = sorted(newest[:RANKED_MATCHES], key=lambda row: -row[1])  # stable: newer first
        assert shown == [pk for pk, _, _ in best]
        assert len({rank for _, rank, _ in best}) == 3  # three strengths of match, many ties
    else:
        assert shown == [
            entry.pk for entry in sorted(mine, key=lambda e: (e.created_at, e.pk), reverse=True)
        ]


# PostgreSQL's full-text search, its written-out queries held to the ORM's own. (SQLite's
# search is plain Python, held by the tests above on both databases.)
full_text_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's full-text search"
)


@full_text_only
def test_a_search_without_filters_reads_the_newest_matches_as_the_orm_would(practitioner, stranger):
    """With no filter chosen, a search's newest matches come from a written-out query
    (journal.search.NEWEST_OWN_MATCHES_SQL): the same rows (id, rank, moment), in the same
    order and as many, as the ORM's newest_matches of the person's kept entries."""
    from journal.filters import own_entries
    from journal.search import RANKED_MATCHES, Search, newest_matches, newest_own_matches

    start = datetime(2026, 6, 30, 12, tzinfo=UTC)
    mine = many_with(practitioner, "sleep", RANKED_MATCHES + 10, start)
    written_at(mine[3], mine[2].created_at)  # two in the same moment
    services.trash_entry(mine[0])  # the newest, in the trash
    better = written_at(
        write_entry(practitioner, "Sleeping, sleep, slept: a night of sleep at last."),
        start + timedelta(days=1),
    )
    written_at(write_entry(stranger, "Their night of sleep."), start + timedelta(days=2))

    def written_out(search):
        sql, params = newest_own_matches(practitioner, search)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return [tuple(row) for row in cursor.fetchall()]

    for typed in ("sleep", "sleeping", '"night of sleep"', "sleep -day", "garden OR sleep"):
        search = Search.from_typed(typed)
        by_the_orm = list(newest_matches(own_entries(practitioner), search))
        assert written_out(search) == by_the_orm, typed
    newest = written_out(Search.from_typed("sleep"))
    assert len(newest) == RANKED_MATCHES + 1
    assert newest[0][0] == better.pk and mine[0].pk not in {row[0] for row in newest}
    assert written_out(Search.from_typed("meadow")) == []


@full_text_only
def test_a_search_snippet_is_the_one_djangos_search_headline_gives(practitioner):
    """A search's snippet comes from a written-out expression (journal.search.HEADLINE_SQL):
    the same text, highlights and fragments as Django's SearchHeadline with its options."""
    from django.contrib.postgres.search import SearchHeadline
    from django.db.models import F, Func, Value

    from journal.search import (
        HEADLINE_SQL,
        MARK_END,
        MARK_START,
        PLAIN_ANGLES,
        Search,
        headline_params,
        web_query,
    )

    filler = " ".join(f"word{n}" for n in range(60))
    entries = [
        write_entry(practitioner, "A <b>short</b> night's sleep & a long day."),
        write_entry(practitioner, f"Sleep came early. {filler} Then sleep again, at last."),
        write_entry(practitioner, "Nothing of the kind here."),
    ]
    for typed in ("sleep", "night sleep", '"long day"'):
        search = Search.from_typed(typed)
        by_django = SearchHeadline(
            Func(F("search_text"), *map(Value, PLAIN_ANGLES), function="translate"),
            web_query(search),
            config="english",
            start_sel=MARK_START,
            stop_sel=MARK_END,
            max_words=28,
            min_words=10,
            max_fragments=2,
            fragment_delimiter=" … ",
        )
        for entry in entries:
            expected = (
                Entry.objects.filter(pk=entry.pk)
                .annotate(snippet=by_django)
                .values_list("snippet", flat=True)
                .get()
            )
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT {HEADLINE_SQL} FROM journal_entry WHERE id = %s",  # noqa: S608
                    [*headline_params(search), entry.pk],
                )
                assert cursor.fetchone()[0] == expected, (typed, entry.body)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {HEADLINE_SQL} FROM journal_entry WHERE id = %s",  # noqa: S608
            [*headline_params(Search.from_typed("sleep")), entries[1].pk],
        )
        two_fragments = cursor.fetchone()[0]
    assert two_fragments.count(MARK_START) == 2 and " … " in two_fragments


def test_a_search_link_past_its_results_shows_the_first_page_calmly(robin_client, practitioner):
    entry = write_entry(practitioner, "A long sleep.")
    response = robin_client.get("/journal/?q=sleep&page=40")
    assert response.status_code == 200
    html = response.content.decode()
    assert entry_link(entry) in html
    if connection.vendor == "postgresql":  # pages by number there (SQLite by place)
        assert "here are the best matches" in html


# Revisit -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days_ago", "label"), [(7, "a week ago"), (30, "a month ago"), (365, "a year ago")]
)
def test_the_journal_offers_an_entry_from_a_week_a_month_or_a_year_ago(
    robin_client, practitioner, days_ago, label
):
    now = datetime(2026, 9, 15, 12, tzinfo=UTC)
    entry = written_at(write_entry(practitioner, "Then."), now - timedelta(days=days_ago))
    written_at(write_entry(practitioner, "Recent."), now - timedelta(days=2))
    with time_machine.travel(now, tick=False):
        html = robin_client.get("/journal/").content.decode()
    assert f"From {label}" in html
    revisit = html.split('class="card revisit"')[1].split("</section>")[0]
    assert entry_link(entry) in revisit


def test_the_oldest_memory_is_offered_first_and_none_when_there_is_none(robin_client, practitioner):
    now = datetime(2026, 9, 15, 12, tzinfo=UTC)
    written_at(write_entry(practitioner, "A week."), now - timedelta(days=7))
    year = written_at(write_entry(practitioner, "A year."), now - timedelta(days=366))
    with time_machine.travel(now, tick=False):
        html = robin_client.get("/journal/").content.decode()
    assert "From a year ago" in html and entry_link(year) in html
    with time_machine.travel(now + timedelta(days=100), tick=False):
        assert "revisit" not in robin_client.get("/journal/").content.decode()


def test_only_my_kept_entries_are_offered_to_revisit_and_in_one_query(
    robin_client, practitioner, stranger, django_assert_max_num_queries
):
    now = datetime(2026, 9, 15, 12, tzinfo=UTC)
    theirs = written_at(write_entry(stranger, "Theirs."), now - timedelta(days=365))
    binned = written_at(write_entry(practitioner, "Binned."), now - timedelta(days=364))
    services.trash_entry(binned)
    mine = written_at(write_entry(practitioner, "Mine."), now - timedelta(days=30))
    with time_machine.travel(now, tick=False), django_assert_max_num_queries(6):
        html = robin_client.get("/journal/").content.decode()
    revisit = html.split('class="card revisit"')[1].split("</section>")[0]
    assert "From a month ago" in revisit and entry_link(mine) in revisit
    assert "16 August 2026" in revisit
    assert entry_link(theirs) not in html and entry_link(binned) not in revisit


# Queries -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?before=20260101T000000.000000Z-1",
        "?modality=free&tag=walks&start=2020-01-01",
        "?q=garden",
        "?hard=on&q=walk",
        "?q=garden&page=2",
    ],
)
@pytest.mark.parametrize("entries", [3, 45])
def test_the_journal_takes_a_few_queries_however_long_it_is(
    robin_client, practitioner, django_assert_max_num_queries, query, entries
):
    # The session with the person, then: the form's lists (practices, tags, parts, and
    # whether anything is shared, in one query), a memory to revisit, the entries (on
    # PostgreSQL a search ranks first, then fetches the rows shown) and their tags.
    for n in range(entries):
        write_entry(practitioner, f"A walk in the garden, day {n}.", tags=["walks", f"t{n % 5}"])
    PartFactory(user=practitioner, name="The Critic")
    with django_assert_max_num_queries(6):
        response = robin_client.get(f"/journal/{query}")
    assert response.status_code == 200
    # Load more draws no form: the session with the person, one check of a chosen tag, the
    # entries (on PostgreSQL a search ranks first, then fetches the rows shown) and tags.
    with django_assert_max_num_queries(5):
        robin_client.get(f"/journal/{query}", headers=HTMX_MORE)


def test_load_more_and_the_results_alone_never_read_the_forms_lists(
    robin_client, practitioner, therapist
):
    from django.test.utils import CaptureQueriesContext

    start = datetime(2026, 6, 30, 12, tzinfo=UTC)
    for n in range(25):
        written_at(
            write_entry(practitioner, f"entry {n}", tags=["walks"]), start - timedelta(hours=n)
        )
    PartFactory(user=practitioner, name="The Critic")
    share_with(therapist, Entry.objects.filter(user=practitioner).first())
    link = load_more_link(robin_client.get("/journal/").content.decode())
    for headers in (HTMX_MORE, {"HX-Request": "true", "HX-Target": "journal-results"}):
        with CaptureQueriesContext(connection) as queries:
            response = robin_client.get(link, headers=headers)
        assert response.status_code == 200
        sql = " ".join(query["sql"] for query in queries.captured_queries)
        assert '"practices_practice"."slug"' not in sql  # the practices done
        assert 'FROM "journal_tag" WHERE' not in sql  # the person's tags
        assert 'FROM "journal_part"' not in sql  # the parts
        assert 'FROM "journal_share" INNER JOIN' not in sql  # whether anything is shared
        assert len(queries.captured_queries) <= 4


def test_a_chosen_filter_is_checked_the_same_way_on_load_more(robin_client, journal_mix):
    # The whole page checks a tag against the form's list; Load more, which doesn't read the
    # list, checks it on its own. Either way an unknown one is left out, a known one kept.
    for query in ("tag=walks", "tag=never-used", f"part={journal_mix['critic'].pk}", "part=01"):
        whole = shown(robin_client, query, journal_mix)
        more = robin_client.get(f"/journal/?{query}", headers=HTMX_MORE).content.decode()
        assert {
            name
            for name, entry in journal_mix.items()
            if isinstance(entry, Entry) and entry_link(entry) in more
        } == whole, query


def test_words_beside_angle_brackets_are_still_found(robin_client, practitioner):
    # PostgreSQL's parser would read "<3 my dog>" as an HTML tag and drop those words.
    entry = write_entry(practitioner, "Honestly I <3 my dog> and a<b garden c>d <script>tree")
    for word in ("dog", "garden", "tree"):
        html = robin_client.get(f"/journal/?q={word}").content.decode()
        assert entry_link(entry) in html, word
        assert f"<mark>{word}</mark>" in html, word


def test_a_filtered_journal_offers_to_print_just_those_entries(robin_client, journal_mix):
    html = robin_client.get("/journal/?tag=walks&page=1").content.decode()
    assert 'href="/journal/export/print/?tag=walks"' in html
    printed = robin_client.get("/journal/export/print/?tag=walks").content.decode()
    assert "A walk at lunch." in printed and "Long ago." in printed
    assert "For my therapist." not in printed


@pytest.mark.parametrize(
    "query", ["end=9999-12-31", "start=0001-01-01", "start=0001-01-01&end=9999-12-31"]
)
@pytest.mark.parametrize("page", ["/journal/", "/journal/export/print/"])
def test_dates_at_the_ends_of_the_calendar_filter_without_an_error(
    robin_client, journal_mix, page, query
):
    # Found by tests/site/test_forms_fuzz.py: end=9999-12-31 overflowed to a 500.
    response = robin_client.get(f"{page}?{query}")
    assert response.status_code == 200
    if page == "/journal/":
        assert shown(robin_client, query, journal_mix) >= {"cft", "msc", "free"}
