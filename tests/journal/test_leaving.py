"""Leaving Tend: deleting one's journal but keeping the account, or deleting the account and
everything in it, after the password again and an offered export. Linked therapists lose
access at once; other people keep what is theirs."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from compassion_site.accounts.models import CareLink, Invite
from journal import leaving
from journal.models import (
    AccessRecord,
    AllTimeSums,
    Answer,
    Entry,
    EntryNote,
    Part,
    Run,
    Share,
    Tag,
    TherapistComment,
)
from practices.models import Assignment, Practice, Series
from practices.services import sync_practices
from tests.care_world import build_care_world, own_practice_of
from tests.conftest import PASSWORD, write_entry
from tests.factories import CareLinkFactory, EntryNoteFactory, PartFactory
from tests.site.test_access_matrix import snapshot

User = get_user_model()
LEAVE = "/accounts/leave/"
DELETE_JOURNAL = "/accounts/leave/journal/"
DELETE_ACCOUNT = "/accounts/leave/account/"
CONFIRMED = {"password": PASSWORD, "export_offered": "on"}


@pytest.fixture
def world(library, therapist, care_client, other_therapist, other_client):
    """Casey's full journal (shared and private entries, an open run, a part, Theo's comment
    and reading of it), plus a tag, a note and an entry in the trash; and other people's."""
    built = build_care_world(
        therapist, care_client, other_therapist, other_client, timezone.localdate()
    )
    kept = write_entry(care_client, "Free words.", tags=["sleep"])
    EntryNoteFactory(entry=kept, text="Looking back.")
    trashed = write_entry(care_client, "Trashed words.")
    trashed.deleted_at = timezone.now()
    trashed.save(update_fields=["deleted_at"])
    write_entry(other_client, "Olive's words.", tags=["sleep"])
    write_entry(therapist, "Theo's own journal.")
    PartFactory(user=other_client, name="Olive's Critic")
    for person in (care_client, other_client):  # the dashboard keeps their all-time sums
        assert logged_in(person).get("/progress/", {"range": "all"}).status_code == 200
    return built


def logged_in(person) -> Client:
    browser = Client()
    assert browser.login(username=person.username, password=PASSWORD)
    return browser


def rows_of(person) -> dict:
    """Every journal row about the person, by model."""
    return {
        "runs": Run.objects.filter(user=person).count(),
        "answers": Answer.objects.filter(run__user=person).count(),
        "entries": Entry.objects.filter(user=person).count(),
        "notes": EntryNote.objects.filter(entry__user=person).count(),
        "tags": Tag.objects.filter(user=person).count(),
        "parts": Part.objects.filter(user=person).count(),
        "shares": Share.objects.filter(entry__user=person).count(),
        "comments": TherapistComment.objects.filter(entry__user=person).count(),
        "access_log": AccessRecord.objects.filter(client=person).count(),
        "all_time_sums": AllTimeSums.objects.filter(user=person).count(),
    }


def assert_no_rows(person_id: int) -> None:
    assert rows_of(person_id) == dict.fromkeys(rows_of(person_id), 0)


# Deleting the journal, keeping the account ------------------------------------------------


def test_deleting_the_journal_removes_every_row_of_theirs_and_nothing_of_anyone_elses(world):
    casey = world.client
    assert all(rows_of(casey).values()), rows_of(casey)  # something of each, to delete
    others = {person.pk: rows_of(person) for person in User.objects.exclude(pk=casey.pk)}

    response = logged_in(casey).post(DELETE_JOURNAL, CONFIRMED)

    assert response.status_code == 303
    assert response["Location"] == "/journal/"
    assert_no_rows(casey)
    assert {person.pk: rows_of(person) for person in User.objects.exclude(pk=casey.pk)} == others
    assert Tag.objects.filter(user=world.other_client, name="sleep").exists()


def test_deleting_the_journal_keeps_the_account_its_settings_and_its_links(world):
    casey = world.client
    casey.display_name = "Casey R"
    casey.homework_reminders = True
    casey.save(update_fields=["display_name", "homework_reminders"])

    logged_in(casey).post(DELETE_JOURNAL, CONFIRMED)

    casey.refresh_from_db()
    assert (casey.display_name, casey.time_zone, casey.homework_reminders) == (
        "Casey R",
        "America/Chicago",
        True,
    )
    assert casey.has_therapist
    assert CareLink.objects.active().filter(client=casey).count() == 1
    assert Assignment.objects.filter(client=casey, status="active").exists()
    again = logged_in(casey)  # can still log in
    assert again.get("/journal/").status_code == 200
    assert again.get("/accounts/settings/").status_code == 200


def test_after_deleting_the_journal_a_kind_message_says_the_account_is_still_there(world):
    response = logged_in(world.client).post(DELETE_JOURNAL, CONFIRMED, follow=True)
    html = response.content.decode()
    assert "Your journal has been deleted" in html
    assert "Your account is still here" in html


def test_the_service_returns_how_many_entries_went(world):
    assert leaving.delete_journal_data(world.client) == 4  # shared, private, free, trashed
    assert leaving.delete_journal_data(world.client) == 0


# Deleting the account ----------------------------------------------------------------------


def test_deleting_the_account_removes_the_person_and_every_row_of_theirs(world):
    casey = world.client
    casey_id = casey.pk
    response = logged_in(casey).post(DELETE_ACCOUNT, CONFIRMED)

    assert response.status_code == 303
    assert response["Location"] == "/"
    assert not User.objects.filter(pk=casey_id).exists()
    assert_no_rows(casey_id)
    assert not CareLink.objects.filter(client_id=casey_id).exists()
    assert not Assignment.objects.filter(client_id=casey_id).exists()
    assert not Series.objects.filter(client_id=casey_id).exists()
    # Other people keep theirs.
    assert Entry.objects.filter(user=world.other_client).exists()
    assert Entry.objects.filter(user=world.therapist).exists()
    assert CareLink.objects.active().filter(client=world.other_client).exists()


def test_after_deleting_the_account_the_person_is_logged_out_on_a_kind_page(world):
    browser = logged_in(world.client)
    response = browser.post(DELETE_ACCOUNT, CONFIRMED, follow=True)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Your account and everything in it have been deleted" in html
    assert "Go gently" in html
    assert not response.wsgi_request.user.is_authenticated
    assert browser.get("/journal/").status_code == 404
    assert not Client().login(username=world.client.username, password=PASSWORD)


def test_a_linked_therapist_loses_access_at_once_when_the_client_leaves(world):
    theo = logged_in(world.therapist)
    client_page = f"/care/clients/{world.client.pk}/"
    shared_page = f"{client_page}entries/{world.shared_entry.pk}/"
    assert theo.get(client_page).status_code == 200
    assert theo.get(shared_page).status_code == 200

    logged_in(world.client).post(DELETE_ACCOUNT, CONFIRMED)

    assert theo.get(client_page).status_code == 404
    assert theo.get(shared_page).status_code == 404
    assert world.client.username not in theo.get("/care/").content.decode()


def test_leaving_ends_every_link_through_end_link_first(world, monkeypatch):
    """The service ends links as ending one by hand does (shares go, homework ends) before
    anything is deleted, on both sides."""
    from journal import sharing

    ended = []
    real_end_link = sharing.end_link

    def watch(link, ended_by):
        real_end_link(link, ended_by)
        link.refresh_from_db()
        ended.append((link.therapist_id, link.client_id, link.ended_by_id))
        assert not Share.objects.filter(therapist=link.therapist, entry__user=link.client)
        assert not Assignment.objects.filter(
            therapist=link.therapist, client=link.client, status="active"
        ).exists()

    monkeypatch.setattr(sharing, "end_link", watch)
    theo = world.therapist
    CareLinkFactory(therapist=world.other_therapist, client=theo)

    theo_id = theo.pk
    leaving.delete_account(theo)

    assert sorted(ended) == sorted(
        [
            (theo_id, world.client.pk, theo_id),
            (theo_id, world.other_client.pk, theo_id),
            (world.other_therapist.pk, theo_id, theo_id),
        ]
    )


def test_when_a_therapist_leaves_their_clients_homework_from_them_ends(world):
    casey = world.client
    logged_in(world.therapist).post(DELETE_ACCOUNT, CONFIRMED)

    casey.refresh_from_db()
    assert not casey.has_therapist
    assert not Assignment.objects.filter(client=casey).exists()
    assert not Series.objects.filter(client=casey).exists()
    assert not Invite.objects.filter(pk=world.invite.pk).exists()
    homework = logged_in(casey).get("/homework/")
    assert world.own_practice.title not in homework.content.decode()


def test_a_deleted_therapists_clients_keep_their_entries_and_runs(world):
    casey = world.client
    before = rows_of(casey)
    logged_in(world.therapist).post(DELETE_ACCOUNT, CONFIRMED)

    after = rows_of(casey)
    # Everything Casey wrote stays, and so does her record of who read what; only what was
    # Theo's goes: his share and his comment.
    assert before["access_log"] == 1
    assert after == {**before, "shares": 0, "comments": 0}
    run = world.shared_entry.run
    run.refresh_from_db()
    assert run.assignment_id is None
    casey_browser = logged_in(casey)
    entry_page = casey_browser.get(f"/journal/entries/{world.shared_entry.pk}/")
    assert entry_page.status_code == 200
    assert "theo&#x27;s own break" in entry_page.content.decode()
    summary = casey_browser.get(f"/journal/runs/{run.pk}/summary/")
    assert summary.status_code == 200
    assert "theo&#x27;s own break" in summary.content.decode()


def test_a_deleted_therapists_used_practices_are_kept_archived_without_an_author(world):
    unused = own_practice_of(world.therapist, "msc-soften-soothe-allow")
    used = world.own_practice
    leaving.delete_account(world.therapist)

    used.refresh_from_db()
    assert used.author_id is None
    assert used.is_archived
    assert not Practice.objects.filter(pk=unused.pk).exists()
    assert used not in Practice.objects.for_library()
    assert used not in Practice.objects.assignable_by(world.other_therapist)
    assert Client().get(f"/practices/{used.slug}/").status_code == 404
    sync_practices()  # loading the library again leaves it archived
    used.refresh_from_db()
    assert used.is_archived


def test_a_therapist_who_practised_their_own_practice_can_still_leave(world):
    """Their own runs of their own practice go with them; no PROTECT stands in the way."""
    from journal import services

    own = own_practice_of(world.therapist, "msc-soften-soothe-allow")
    services.start_run(world.therapist, own)
    leaving.delete_account(world.therapist)
    assert not Practice.objects.filter(pk=own.pk).exists()
    assert not User.objects.filter(pk=world.therapist.pk).exists()


def test_a_client_who_leaves_leaves_the_therapist_and_their_other_clients_as_they_were(world):
    theo = world.therapist
    own = world.own_practice
    leaving.delete_account(world.client)
    own.refresh_from_db()
    assert own.author == theo and not own.is_archived
    assert CareLink.objects.active().filter(therapist=theo, client=world.other_client).exists()
    assert Entry.objects.filter(user=theo).exists()


# The password, and the export offered first ----------------------------------------------


@pytest.mark.parametrize("url", [DELETE_JOURNAL, DELETE_ACCOUNT])
def test_a_wrong_password_deletes_nothing_and_says_so_beside_the_field(world, url):
    browser = logged_in(world.client)
    before = snapshot()
    response = browser.post(url, {"password": "not-it", "export_offered": "on"})

    assert response.status_code == 400
    html = response.content.decode()
    assert '<ul class="field-errors" id="id_password_error">' in html
    assert "That isn&#x27;t your password. Nothing has been deleted." in html
    assert snapshot() == before
    assert browser.get("/journal/").status_code == 200  # still logged in


@pytest.mark.parametrize("url", [DELETE_JOURNAL, DELETE_ACCOUNT])
def test_the_export_step_must_be_ticked_before_anything_goes(world, url):
    browser = logged_in(world.client)
    before = snapshot()
    response = browser.post(url, {"password": PASSWORD})
    assert response.status_code == 400
    assert 'id="id_export_offered_error"' in response.content.decode()
    assert snapshot() == before


@pytest.mark.parametrize("url", [LEAVE, DELETE_JOURNAL, DELETE_ACCOUNT])
def test_the_export_is_offered_before_anything_is_deleted(world, url):
    response = logged_in(world.client).get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="/journal/export/"' in html
    assert "Download your journal first" in html
    assert "no-store" in response["Cache-Control"]


def test_the_leave_page_explains_both_choices_with_counts(world):
    html = logged_in(world.client).get(LEAVE).content.decode()
    assert "Delete my journal, keep my account" in html
    assert "Delete my account and everything in it" in html
    assert 'href="/accounts/leave/journal/"' in html
    assert 'href="/accounts/leave/account/"' in html
    assert "3 entries, and 1 in the trash" in html
    assert "homework from them ends" in html


def test_a_therapist_is_told_what_happens_to_their_clients(world):
    html = logged_in(world.therapist).get(LEAVE).content.decode()
    assert "Your links with 2 clients end at once" in html
    assert "Your 1 own practice goes too" in html


def test_settings_links_to_leaving(world):
    html = logged_in(world.client).get("/accounts/settings/").content.decode()
    assert 'href="/accounts/leave/"' in html


@pytest.mark.parametrize("url", [LEAVE, DELETE_JOURNAL, DELETE_ACCOUNT])
def test_a_visitor_gets_404(client, db, url):
    assert client.get(url).status_code == 404
    assert client.post(url, CONFIRMED).status_code == 404


@pytest.mark.parametrize("url", [LEAVE, DELETE_JOURNAL, DELETE_ACCOUNT])
def test_the_leaving_pages_read_a_fixed_number_of_queries(
    world, url, django_assert_max_num_queries
):
    browser = Client()
    browser.force_login(world.client)
    with django_assert_max_num_queries(4):
        response = browser.get(url)
    assert response.status_code == 200


def test_the_password_is_hidden_from_error_reports(rf, world):
    from journal.views.leaving import delete_account

    request = rf.post(DELETE_ACCOUNT, {"password": "not-it", "export_offered": "on"})
    request.user = world.client
    request.session = {}
    request._messages = None
    response = delete_account(request)
    assert response.status_code == 400
    assert request.sensitive_post_parameters == ("password",)
