"""The client's say over what a linked therapist sees: facts only by default, sharing and
unsharing an entry or a whole homework, the Sharing page, the access log, and ending a link.
(The therapist's pages, which read what is shared, are tested with them.)"""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.http import Http404
from django.test import RequestFactory

from care import queries as care_queries
from compassion_site.accounts.models import CareLink
from journal import services, sharing
from journal.models import AccessRecord, Entry, Share, TherapistComment
from journal.views import sharing as sharing_views
from practices.models import Status
from tests.conftest import do_homework, link, set_homework, write_entry
from tests.factories import AccessRecordFactory

SECRET = "Casey's own words"


@pytest.fixture
def casey(client, care_client):
    """Casey, Theo's client, logged in."""
    client.force_login(care_client)
    return client


@pytest.fixture
def uma_too(other_therapist, care_client):
    """Casey is linked with Uma as well as Theo."""
    return link(other_therapist, care_client)


def theo_link(theo, casey_person) -> CareLink:
    return CareLink.objects.active().get(therapist=theo, client=casey_person)


def shared_with(therapist, client) -> list[Entry]:
    return list(care_queries.shared_entries(therapist, client))


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def section_for(html: str, name: str) -> str:
    """The Sharing page's card about one therapist."""
    for section in html.split('<section class="card therapist-sees"')[1:]:
        if re.search(rf"<h2 [^>]*>{re.escape(name)}</h2>", section):
            return section.split("</section>")[0]
    raise AssertionError(f"no card for {name}")


# By default: facts only --------------------------------------------------------------------


def test_a_linked_therapist_can_read_nothing_written_until_the_client_shares(
    library, therapist, care_client
):
    done = do_homework(set_homework(therapist, care_client))
    write_entry(care_client, SECRET)
    assert not Share.objects.exists()
    assert shared_with(therapist, care_client) == []
    request = RequestFactory().get("/")
    request.user = therapist
    with pytest.raises(Http404):
        care_queries.get_shared_entry(request, theo_link(therapist, care_client), done.pk)


def test_a_homework_entry_says_the_therapist_sees_only_the_facts(
    casey, library, therapist, care_client
):
    entry = do_homework(set_homework(therapist, care_client))
    html = page(casey, f"/journal/entries/{entry.pk}/")
    assert "Private: only you can read this." in html
    assert (
        "This was homework from Theo Marsh, so they see that you did it, when, and your "
        "before-and-after ratings: never what you wrote." in html
    )


def test_a_person_with_no_therapist_sees_no_sharing_panel(robin_client, practitioner):
    entry = write_entry(practitioner, "Mine.")
    html = page(robin_client, f"/journal/entries/{entry.pk}/")
    assert 'id="sharing"' not in html
    assert "Private: only you can read this." not in html


# Sharing one entry -------------------------------------------------------------------------


def test_sharing_an_entry_with_one_of_two_therapists_lets_only_that_one_read_it(
    casey, care_client, therapist, other_therapist, uma_too
):
    entry = write_entry(care_client, SECRET, title="After the call")
    html = page(casey, f"/journal/entries/{entry.pk}/")
    assert '<label for="share-with-' in html
    assert f'<option value="{therapist.pk}">Theo Marsh</option>' in html
    assert f'<option value="{other_therapist.pk}">uma</option>' in html

    response = casey.post(f"/journal/entries/{entry.pk}/share/", {"therapist": therapist.pk})
    assert response.status_code == 303
    assert response["Location"] == f"/journal/entries/{entry.pk}/#sharing"
    assert shared_with(therapist, care_client) == [entry]
    assert shared_with(other_therapist, care_client) == []
    html = page(casey, response["Location"])
    assert "Shared with Theo Marsh. They can read this entry now" in html
    assert "Shared with Theo Marsh since" in html
    assert "Share with uma" in html  # one therapist left: one button
    assert f'<option value="{therapist.pk}">' not in html


def test_sharing_twice_with_the_same_therapist_shares_once(casey, care_client, therapist):
    entry = write_entry(care_client, SECRET)
    for _ in range(2):
        casey.post(f"/journal/entries/{entry.pk}/share/", {"therapist": therapist.pk})
    assert Share.objects.filter(entry=entry).count() == 1


def test_unsharing_an_entry_takes_effect_at_once_for_one_therapist_or_everyone(
    casey, care_client, therapist, other_therapist, uma_too
):
    entry = write_entry(care_client, SECRET)
    sharing.share_entry(entry, therapist)
    sharing.share_entry(entry, other_therapist)
    response = casey.post(f"/journal/entries/{entry.pk}/unshare/", {"therapist": therapist.pk})
    assert response.status_code == 303
    assert shared_with(therapist, care_client) == []
    assert shared_with(other_therapist, care_client) == [entry]
    html = page(casey, response["Location"])
    assert "Stopped sharing with Theo Marsh. They can&#x27;t read this entry any more." in html

    sharing.share_entry(entry, therapist)
    casey.post(f"/journal/entries/{entry.pk}/unshare/", {"therapist": "all"})
    assert not Share.objects.exists()
    html = page(casey, f"/journal/entries/{entry.pk}/")
    assert "This entry is private again: only you can read it." in html
    assert "Private: only you can read this." in html


def test_unsharing_what_was_not_shared_changes_nothing_and_says_so(
    casey, care_client, therapist, other_therapist, uma_too
):
    entry = write_entry(care_client, SECRET)
    sharing.share_entry(entry, therapist)
    for chosen in [other_therapist.pk, "abc", ""]:
        response = casey.post(f"/journal/entries/{entry.pk}/unshare/", {"therapist": chosen})
        assert response.status_code == 303
        assert "nothing changed" in page(casey, response["Location"])
    assert shared_with(therapist, care_client) == [entry]


@pytest.mark.parametrize("who", ["unlinked therapist", "not a therapist", "self", "nonsense"])
def test_an_entry_cannot_be_shared_with_anyone_but_a_linked_therapist(
    casey, care_client, other_therapist, stranger, who
):
    chosen = {
        "unlinked therapist": other_therapist.pk,
        "not a therapist": stranger.pk,
        "self": care_client.pk,
        "nonsense": "everyone",
    }[who]
    entry = write_entry(care_client, SECRET)
    response = casey.post(f"/journal/entries/{entry.pk}/share/", {"therapist": chosen})
    assert response.status_code == 303
    html = page(casey, response["Location"])
    assert "Not shared: you can share only with a therapist you&#x27;re linked with now." in html
    assert not Share.objects.exists()


def test_the_share_service_refuses_a_therapist_who_is_not_linked(care_client, other_therapist):
    entry = write_entry(care_client, SECRET)
    with pytest.raises(sharing.NotLinked):
        sharing.share_entry(entry, other_therapist)
    assert not Share.objects.exists()


def test_someone_elses_entry_cannot_be_shared_or_unshared(
    casey, other_client, therapist, care_client
):
    olives = write_entry(other_client, "Olive's words")
    for action in ["share", "unshare"]:
        response = casey.post(
            f"/journal/entries/{olives.pk}/{action}/", {"therapist": therapist.pk}
        )
        assert response.status_code == 404
    assert not Share.objects.exists()


def test_sharing_with_htmx_swaps_the_panel_and_announces_the_change(casey, care_client, therapist):
    entry = write_entry(care_client, SECRET)
    response = casey.post(
        f"/journal/entries/{entry.pk}/share/",
        {"therapist": therapist.pk},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<section class="card sharing-panel" id="sharing"')
    assert '<h2 id="sharing-heading" tabindex="-1" autofocus>Sharing</h2>' in html
    assert '<p id="sharing-status" hx-swap-oob="innerHTML">Shared with Theo Marsh.' in html
    assert "<html" not in html
    assert "no-store" in response["Cache-Control"]
    assert shared_with(therapist, care_client) == [entry]
    # No message waits for the next page: the change was announced in place.
    assert "Shared with Theo Marsh. They can" not in page(casey, "/journal/")

    response = casey.post(
        f"/journal/entries/{entry.pk}/share/", {"therapist": "9999"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert '<p class="form-errors" id="sharing-error">Not shared:' in html
    assert "Not shared: you can share only" in html.split('id="sharing-status"')[1]


def test_the_entry_page_has_working_forms_without_javascript(casey, care_client, therapist):
    entry = write_entry(care_client, SECRET)
    html = page(casey, f"/journal/entries/{entry.pk}/")
    assert f'<form method="post" action="/journal/entries/{entry.pk}/share/"' in html
    assert f'hx-post="/journal/entries/{entry.pk}/share/"' in html
    assert 'hx-target="#sharing" hx-swap="outerHTML"' in html
    assert f'<input type="hidden" name="therapist" value="{therapist.pk}">' in html
    assert "Share with Theo Marsh</button>" in html
    assert '<p id="sharing-status" class="visually-hidden" role="status"></p>' in html
    assert "autofocus" not in html


# The trash ---------------------------------------------------------------------------------


def test_an_entry_in_the_trash_is_hidden_from_the_therapist_until_it_is_restored(
    casey, care_client, therapist
):
    entry = write_entry(care_client, SECRET, title="Trashed thought")
    sharing.share_entry(entry, therapist)
    services.trash_entry(entry)
    assert shared_with(therapist, care_client) == []
    assert "Trashed thought" not in page(casey, "/sharing/")
    html = page(casey, f"/journal/entries/{entry.pk}/")
    assert "While this entry is in the trash, no one else can read it." in html
    assert "Share with" not in html

    response = casey.post(f"/journal/entries/{entry.pk}/share/", {"therapist": therapist.pk})
    assert response.status_code == 404  # nothing in the trash can be shared

    services.restore_entry(entry)
    assert shared_with(therapist, care_client) == [entry]
    assert "Trashed thought" in page(casey, "/sharing/")


def test_an_entry_in_the_trash_can_still_be_unshared(casey, care_client, therapist):
    entry = write_entry(care_client, SECRET)
    sharing.share_entry(entry, therapist)
    services.trash_entry(entry)
    response = casey.post(f"/journal/entries/{entry.pk}/unshare/", {"therapist": therapist.pk})
    assert response.status_code == 303
    services.restore_entry(entry)
    assert shared_with(therapist, care_client) == []


# Sharing a whole homework ------------------------------------------------------------------


def test_sharing_a_homework_shares_what_was_done_and_what_is_done_later(
    casey, library, care_client, therapist
):
    assignment = set_homework(therapist, care_client)
    before = do_homework(assignment)
    free = write_entry(care_client, "Not homework.")
    response = casey.post(f"/homework/{assignment.pk}/share/", {"share": "on"})
    assert response.status_code == 303
    assert response["Location"] == "/sharing/"
    assert "can now read everything you write for" in page(casey, "/sharing/")
    assert shared_with(therapist, care_client) == [before]

    assignment.refresh_from_db()  # as a run begun from the homework page reads it
    later = do_homework(assignment)
    assert set(shared_with(therapist, care_client)) == {before, later}
    assert free not in shared_with(therapist, care_client)
    html = section_for(page(casey, "/sharing/"), "Theo Marsh")
    assert f"Everything you write for {assignment.practice.title}, now and later" in html


def test_stopping_sharing_a_homework_removes_its_shares_and_no_others(
    casey, library, care_client, therapist
):
    assignment = set_homework(therapist, care_client)
    sharing.share_assignment(assignment)
    done = do_homework(assignment)
    other = write_entry(care_client, "Shared by hand.")
    sharing.share_entry(other, therapist)
    response = casey.post(
        f"/homework/{assignment.pk}/share/", {"share": "off", "next": "/homework/"}
    )
    assert response.status_code == 303
    assert response["Location"] == "/homework/"
    assert shared_with(therapist, care_client) == [other]
    assignment.refresh_from_db()
    assert not assignment.shares_entries
    assert done not in shared_with(therapist, care_client)
    assert do_homework(assignment) not in shared_with(therapist, care_client)


def test_a_homework_share_that_is_neither_on_nor_off_changes_nothing(
    casey, library, care_client, therapist
):
    assignment = set_homework(therapist, care_client)
    do_homework(assignment)
    response = casey.post(
        f"/homework/{assignment.pk}/share/", {"share": "maybe", "next": "https://evil.test/"}
    )
    assert response["Location"] == "/sharing/"
    assert "Nothing changed" in page(casey, "/sharing/")
    assert not Share.objects.exists()


def test_someone_elses_homework_cannot_be_shared(casey, library, other_client, therapist):
    assignment = set_homework(therapist, other_client)
    do_homework(assignment)
    response = casey.post(f"/homework/{assignment.pk}/share/", {"share": "on"})
    assert response.status_code == 404
    assert not Share.objects.exists()


# The Sharing page --------------------------------------------------------------------------


def test_the_sharing_page_shows_exactly_what_each_therapist_can_see(
    casey, library, care_client, therapist, other_therapist, uma_too
):
    assignment = set_homework(therapist, care_client)
    homework_entry = do_homework(assignment)
    for_theo = write_entry(care_client, SECRET, title="For Theo")
    for_uma = write_entry(care_client, SECRET, title="For Uma")
    write_entry(care_client, SECRET, title="For no one")
    sharing.share_entry(for_theo, therapist)
    sharing.share_entry(for_uma, other_therapist)

    html = page(casey, "/sharing/")
    assert "<h1>Sharing with your therapists</h1>" in html
    assert "For no one" not in html
    assert SECRET not in html
    theo = section_for(html, "Theo Marsh")
    assert "Linked since" in theo
    assert assignment.practice.title in theo
    assert "which practice, when, and your before-and-after ratings — never what you wrote" in theo
    assert f'href="/journal/entries/{for_theo.pk}/"' in theo
    assert "For Uma" not in theo
    assert f'href="/journal/entries/{homework_entry.pk}/"' not in theo  # facts only
    assert "Unshare" in theo
    assert "What Theo Marsh can't see" in theo
    assert f'href="/sharing/links/{theo_link(therapist, care_client).pk}/end/"' in theo
    assert "End the link with Theo Marsh" in theo

    uma = section_for(html, "uma")
    assert f'href="/journal/entries/{for_uma.pk}/"' in uma
    assert "For Theo" not in uma
    assert "No homework from uma yet" in uma
    assert 'href="/sharing/log/"' in html


def test_unsharing_from_the_sharing_page_comes_back_to_it(casey, care_client, therapist):
    entry = write_entry(care_client, SECRET, title="Shared a while")
    sharing.share_entry(entry, therapist)
    html = page(casey, "/sharing/")
    assert '<input type="hidden" name="next" value="/sharing/">' in html
    response = casey.post(
        f"/journal/entries/{entry.pk}/unshare/", {"therapist": therapist.pk, "next": "/sharing/"}
    )
    assert response["Location"] == "/sharing/"
    html = page(casey, "/sharing/")
    assert "Stopped sharing with Theo Marsh" in html
    assert f'href="/journal/entries/{entry.pk}/"' not in html


def test_the_sharing_page_lists_the_newest_shares_and_counts_the_rest(
    casey, care_client, therapist, monkeypatch
):
    monkeypatch.setattr(sharing_views, "SHARED_SHOWN", 3)
    start = datetime(2026, 3, 1, 12, tzinfo=UTC)
    for n in range(5):
        entry = write_entry(care_client, SECRET, title=f"Day {n}")
        Entry.objects.filter(pk=entry.pk).update(created_at=start + timedelta(days=n))
        sharing.share_entry(entry, therapist)
    theo = section_for(page(casey, "/sharing/"), "Theo Marsh")
    assert re.findall(r">(Day \d)</a>", theo) == ["Day 4", "Day 3", "Day 2"]
    assert "these 5 entries" in theo
    assert '<a href="/journal/?shared=on">And 2 more' in theo


def test_with_no_therapist_the_sharing_page_explains_how_linking_works(robin_client):
    html = page(robin_client, "/sharing/")
    assert "<h1>Sharing with your therapist</h1>" in html
    assert "You're not linked with a therapist" in html
    assert 'href="/invite/"' in html
    assert "End the link" not in html


def test_the_sharing_page_remembers_therapists_no_longer_linked(
    casey, care_client, therapist, other_therapist, uma_too
):
    sharing.end_link(uma_too, care_client)
    html = page(casey, "/sharing/")
    assert "<h1>Sharing with your therapist</h1>" in html  # Theo only now
    assert "No longer linked" in html
    assert "uma: linked" in html
    section_for(html, "Theo Marsh")
    with pytest.raises(AssertionError):
        section_for(html, "uma")


# Ending a link -----------------------------------------------------------------------------


def test_ending_the_link_removes_every_share_ends_homework_and_keeps_entries_and_comments(
    casey, library, care_client, therapist
):
    assignment = set_homework(therapist, care_client)
    sharing.share_assignment(assignment)
    done = do_homework(assignment)
    entry = write_entry(care_client, SECRET, title="Talked it through")
    sharing.share_entry(entry, therapist)
    sharing.add_comment(entry, therapist, "Thank you for sharing this.")
    the_link = theo_link(therapist, care_client)

    html = page(casey, f"/sharing/links/{the_link.pk}/end/")
    assert "<h1>End the link with Theo Marsh?</h1>" in html
    assert "Theo Marsh stops seeing anything of yours, at once" in html
    assert "Homework from Theo Marsh ends." in html
    assert "You keep everything you wrote, and Theo Marsh's comments on it." in html
    assert Share.objects.filter(therapist=therapist).count() == 2  # nothing changed yet

    response = casey.post(f"/sharing/links/{the_link.pk}/end/")
    assert response.status_code == 303
    assert response["Location"] == "/sharing/"
    html = page(casey, "/sharing/")
    assert "You&#x27;ve ended the link with Theo Marsh." in html
    the_link.refresh_from_db()
    assert the_link.ended_at is not None
    assert the_link.ended_by == care_client
    assert not Share.objects.exists()
    assignment.refresh_from_db()
    assert assignment.status == Status.ENDED
    assert Entry.objects.filter(pk__in=[done.pk, entry.pk]).count() == 2
    assert Entry.objects.get(pk=entry.pk).body == SECRET
    html = page(casey, f"/journal/entries/{entry.pk}/")
    assert "Theo Marsh's comment," in html
    assert "Thank you for sharing this." in html
    assert 'id="sharing"' not in html  # no therapist now: no panel

    assert casey.post(f"/sharing/links/{the_link.pk}/end/").status_code == 404
    assert casey.get(f"/sharing/links/{the_link.pk}/end/").status_code == 404


def test_a_comment_stays_with_the_client_after_unsharing(casey, care_client, therapist):
    entry = write_entry(care_client, SECRET)
    sharing.share_entry(entry, therapist)
    sharing.add_comment(entry, therapist, "Go gently this week.")
    sharing.unshare_entry(entry)
    html = page(casey, f"/journal/entries/{entry.pk}/")
    assert "Go gently this week." in html
    assert TherapistComment.objects.count() == 1


@pytest.mark.parametrize("who", ["therapist", "other_client", "stranger"])
def test_only_the_client_can_end_their_link_from_here(client, care_client, request, who):
    the_link = CareLink.objects.get(client=care_client)
    client.force_login(request.getfixturevalue(who))
    assert client.get(f"/sharing/links/{the_link.pk}/end/").status_code == 404
    assert client.post(f"/sharing/links/{the_link.pk}/end/").status_code == 404
    the_link.refresh_from_db()
    assert the_link.ended_at is None


# The access log ----------------------------------------------------------------------------


def read_at(entry, therapist, when: datetime) -> AccessRecord:
    record = sharing.record_access(entry, therapist)
    AccessRecord.objects.filter(pk=record.pk).update(opened_at=when)
    return record


def test_the_access_log_lists_who_read_what_newest_first_in_the_persons_time_zone(
    casey, care_client, therapist, other_therapist, uma_too
):
    first = write_entry(care_client, SECRET, title="Monday's walk")
    second = write_entry(care_client, SECRET, title="The dream")
    read_at(first, therapist, datetime(2026, 3, 2, 15, 30, tzinfo=UTC))
    read_at(second, other_therapist, datetime(2026, 3, 3, 2, 5, tzinfo=UTC))
    html = page(casey, "/sharing/log/")
    assert "Times are in your time zone, America/Chicago." in html
    items = html.split('<li class="access-log__item">')[1:]
    assert len(items) == 2
    assert "uma" in items[0]
    assert f'<a href="/journal/entries/{second.pk}/">The dream</a>' in items[0]
    assert "Monday 2 March 2026, 20:05" in items[0]  # 02:05 UTC is the evening before
    assert "Theo Marsh" in items[1]
    assert f'<a href="/journal/entries/{first.pk}/">Monday&#x27;s walk</a>' in items[1]
    assert "Monday 2 March 2026, 09:30" in items[1]
    assert "no longer linked" not in html
    assert SECRET not in html


def test_the_access_log_keeps_a_record_after_the_entry_is_deleted_for_good(
    casey, care_client, therapist
):
    entry = write_entry(care_client, SECRET, title="Gone now")
    sharing.share_entry(entry, therapist)
    sharing.record_access(entry, therapist)
    services.trash_entry(entry)
    services.purge_entry(entry)
    html = page(casey, "/sharing/log/")
    assert '“Gone now” <span class="meta">(since deleted)</span>' in html
    assert f"/journal/entries/{entry.pk}/" not in html


def test_the_access_log_keeps_records_of_a_therapist_no_longer_linked(
    casey, care_client, therapist
):
    entry = write_entry(care_client, SECRET, title="Before we stopped")
    sharing.record_access(entry, therapist)
    sharing.end_link(theo_link(therapist, care_client), care_client)
    html = page(casey, "/sharing/log/")
    assert 'Theo Marsh <span class="meta">(no longer linked)</span>' in html
    assert "Before we stopped" in html


def test_the_access_log_shows_fifty_a_page(casey, care_client, therapist):
    entry = write_entry(care_client, SECRET, title="Read often")
    start = datetime(2026, 3, 1, tzinfo=UTC)
    AccessRecord.objects.bulk_create(
        AccessRecordFactory.build(
            client=care_client,
            therapist=therapist,
            entry=entry,
            entry_title=f"Read {n}",
            opened_at=start + timedelta(hours=n),
        )
        for n in range(51)
    )
    html = page(casey, "/sharing/log/")
    assert html.count('<li class="access-log__item">') == 50
    assert ">Read 50</a>" in html
    assert ">Read 0</a>" not in html
    assert 'href="/sharing/log/?page=2" rel="next">Older</a>' in html
    html = page(casey, "/sharing/log/?page=2")
    assert html.count('<li class="access-log__item">') == 1
    assert ">Read 0</a>" in html
    assert 'href="/sharing/log/?page=1" rel="prev">Newer</a>' in html
    assert "There's nothing further back" in page(casey, "/sharing/log/?page=3")


def test_the_access_log_shows_only_the_persons_own_records(
    client, care_client, other_client, therapist
):
    olives = write_entry(other_client, "Olive's", title="Olive's entry")
    sharing.record_access(olives, therapist)
    client.force_login(care_client)
    html = page(client, "/sharing/log/")
    assert "Olive" not in html
    assert "No one has read any of your entries." in html


def test_the_entry_page_says_who_read_it_last(casey, care_client, therapist):
    entry = write_entry(care_client, SECRET)
    sharing.share_entry(entry, therapist)
    read_at(entry, therapist, datetime(2026, 3, 2, 15, 30, tzinfo=UTC))
    read_at(entry, therapist, datetime(2026, 3, 4, 15, 30, tzinfo=UTC))
    html = page(casey, f"/journal/entries/{entry.pk}/")
    assert "Theo Marsh last read this on" in html
    assert "4 March 2026, 09:30" in html
    assert "2 March 2026" not in html


# The journal list --------------------------------------------------------------------------


def test_the_journal_marks_shared_entries(casey, care_client, therapist):
    shared = write_entry(care_client, SECRET, title="Shared one")
    write_entry(care_client, SECRET, title="Private one")
    sharing.share_entry(shared, therapist)
    html = page(casey, "/journal/")
    items = {
        title: item
        for item in html.split('<li class="entry-item">')[1:]
        for title in ["Shared one", "Private one"]
        if f">{title}</a>" in item
    }
    assert '<span class="meta__shared">Shared</span>' in items["Shared one"]
    assert "meta__shared" not in items["Private one"]


# Query bounds ------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 40])
def test_the_sharing_page_reads_a_fixed_number_of_queries(
    casey,
    library,
    care_client,
    therapist,
    other_therapist,
    uma_too,
    count,
    django_assert_max_num_queries,
):
    set_homework(therapist, care_client)
    for n in range(count):
        entry = write_entry(care_client, SECRET, title=f"Entry {n}")
        sharing.share_entry(entry, therapist if n % 2 else other_therapist)
    with django_assert_max_num_queries(6):
        html = page(casey, "/sharing/")
    assert html.count("Unshare<span") == count


@pytest.mark.parametrize("count", [1, 40])
def test_the_access_log_reads_a_fixed_number_of_queries(
    casey,
    care_client,
    therapist,
    other_therapist,
    uma_too,
    count,
    django_assert_max_num_queries,
):
    entry = write_entry(care_client, SECRET)
    for n in range(count):
        sharing.record_access(entry, therapist if n % 2 else other_therapist)
    with django_assert_max_num_queries(4):
        html = page(casey, "/sharing/log/")
    assert html.count('<li class="access-log__item">') == count


@pytest.mark.parametrize("count", [1, 40])
def test_the_entry_page_reads_a_fixed_number_of_queries(
    casey,
    library,
    care_client,
    therapist,
    other_therapist,
    uma_too,
    count,
    django_assert_max_num_queries,
):
    assignment = set_homework(therapist, care_client)
    entry = do_homework(assignment)
    sharing.share_entry(entry, therapist)
    sharing.share_entry(entry, other_therapist)
    for n in range(count):
        sharing.add_comment(entry, therapist if n % 2 else other_therapist, f"Comment {n}")
        sharing.record_access(entry, therapist if n % 2 else other_therapist)
    with django_assert_max_num_queries(12):
        html = page(casey, f"/journal/entries/{entry.pk}/")
    assert html.count('<article class="therapist-comment">') == count


# Nobody else's ---------------------------------------------------------------------------

PAGES = ["/sharing/", "/sharing/log/"]
OBJECT_URLS = [
    ("get", "/sharing/links/{link}/end/"),
    ("post", "/sharing/links/{link}/end/"),
    ("post", "/journal/entries/{entry}/share/"),
    ("post", "/journal/entries/{entry}/unshare/"),
    ("post", "/homework/{assignment}/share/"),
]


@pytest.fixture
def caseys_things(library, care_client, therapist):
    assignment = set_homework(therapist, care_client)
    entry = do_homework(assignment)
    sharing.share_entry(entry, therapist)
    sharing.record_access(entry, therapist)
    return {
        "link": theo_link(therapist, care_client).pk,
        "entry": entry.pk,
        "assignment": assignment.pk,
    }


def caseys_things_unchanged(ids, therapist):
    assert CareLink.objects.get(pk=ids["link"]).ended_at is None
    assert Share.objects.filter(entry_id=ids["entry"], therapist=therapist).exists()
    assert Share.objects.count() == 1


@pytest.mark.parametrize("who", ["stranger", "therapist", "other_client", "other_therapist"])
@pytest.mark.parametrize(("method", "url"), OBJECT_URLS)
def test_another_person_gets_404_for_every_sharing_url_of_caseys(
    client, caseys_things, therapist, request, who, method, url
):
    client.force_login(request.getfixturevalue(who))
    data = {"therapist": therapist.pk, "share": "off"}
    response = getattr(client, method)(url.format(**caseys_things), data)
    assert response.status_code == 404
    caseys_things_unchanged(caseys_things, therapist)


@pytest.mark.parametrize(("method", "url"), [*(("get", path) for path in PAGES), *OBJECT_URLS])
def test_a_visitor_gets_404_for_every_sharing_url(client, caseys_things, therapist, method, url):
    data = {"therapist": therapist.pk, "share": "off"}
    response = getattr(client, method)(url.format(**caseys_things), data)
    assert response.status_code == 404
    caseys_things_unchanged(caseys_things, therapist)


@pytest.mark.parametrize("path", PAGES)
def test_other_peoples_sharing_pages_show_nothing_of_caseys(client, caseys_things, stranger, path):
    client.force_login(stranger)
    html = page(client, path)
    assert "Theo" not in html
    assert "Self-Compassion" not in html


@pytest.mark.parametrize("path", PAGES)
def test_sharing_pages_are_never_stored_by_browsers_or_proxies(casey, caseys_things, path):
    response = casey.get(path)
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(
    "url", ["/journal/entries/{entry}/share/", "/homework/{assignment}/share/"]
)
def test_sharing_urls_take_only_posts(casey, caseys_things, url):
    assert casey.get(url.format(**caseys_things)).status_code == 405


# Consent ends with the link; the log outlives the reader -----------------------------------


def test_ending_a_link_turns_off_sharing_everything_for_its_homework(
    casey, library, care_client, therapist
):
    assignment = set_homework(therapist, care_client)
    sharing.share_assignment(assignment)
    run = services.start_run(care_client, assignment.practice, assignment)  # begun, unfinished
    sharing.end_link(theo_link(therapist, care_client), care_client)
    assignment.refresh_from_db()
    assert not assignment.shares_entries

    link(therapist, care_client)  # linked again later, with the same therapist
    run.refresh_from_db()
    entry = services.finish_run(run)
    assert not Share.objects.filter(entry=entry).exists()
    assert shared_with(therapist, care_client) == []


def test_a_consent_given_through_an_earlier_link_never_shares_through_a_new_one(
    casey, library, care_client, therapist
):
    """Even a row left on from before this rule (the migration turns those off too)."""
    assignment = set_homework(therapist, care_client)
    sharing.end_link(theo_link(therapist, care_client), care_client)
    type(assignment).objects.filter(pk=assignment.pk).update(shares_entries=True)
    link(therapist, care_client)
    assignment.refresh_from_db()
    entry = do_homework(assignment)
    assert not Share.objects.filter(entry=entry).exists()


def test_a_clients_access_log_outlives_the_therapists_account(casey, care_client, therapist):
    entry = write_entry(care_client, SECRET, title="Read before Theo left")
    sharing.share_entry(entry, therapist)
    sharing.record_access(entry, therapist)
    therapist.display_name = "Dr Theo Marsh"  # a later change doesn't rewrite the record
    therapist.save(update_fields=["display_name"])
    therapist.delete()
    record = AccessRecord.objects.get(client=care_client)
    assert record.therapist is None
    html = page(casey, "/sharing/log/")
    assert 'Theo Marsh <span class="meta">(has since left Tend)</span>' in html
    assert "Read before Theo left" in html
