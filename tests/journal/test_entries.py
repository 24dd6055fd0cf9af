"""Journal entries: a finished practice or free writing; reading, editing safely, looking back,
and the trash that keeps a deleted entry for 30 days."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.utils.html import escape

from compassion_site.accounts.kept_words import writer_token
from journal.models import Answer, Entry, EntryNote, Run, Tag
from tests.conftest import write_entry
from tests.factories import PartFactory


def entry_url(entry, action=""):
    return f"/journal/entries/{entry.pk}/{action + '/' if action else ''}"


# Entries -----------------------------------------------------------------------------------


def test_a_finished_practice_is_an_entry_with_each_answer_under_its_prompt(
    robin_client, finish_practice
):
    # 03:30 UTC on 8 March is 22:30 on Saturday 7 March in New York, where Robin lives.
    with time_machine.travel(datetime(2026, 3, 8, 3, 30, tzinfo=UTC), tick=False):
        entry = finish_practice(robin_client)
    response = robin_client.get(entry_url(entry))
    assert response.status_code == 200
    html = response.content.decode()
    assert f"<h1>{entry.run.practice.title}</h1>" in html
    assert "Saturday 7 March 2026, 22:30" in html
    difficulty = Answer.objects.get(run=entry.run, step_key="difficulty")
    prompt_at = html.index(escape(difficulty.prompt))
    assert prompt_at < html.index("A hard conversation with my sister.")
    assert "Distress 6 out of 10, feeling “tense”" in html
    assert "Distress 3 out of 10, feeling “calmer”" in html
    assert "7 out of 10" in html
    assert (
        response["Cache-Control"].startswith("max-age=0")
        and "no-store" in response["Cache-Control"]
    )


def test_a_free_entry_is_saved_with_title_feeling_and_tags(robin_client, practitioner):
    response = robin_client.post(
        "/journal/new/",
        {
            "title": "Sunday",
            "body": "Walked by the river.",
            "feeling": "6",
            "tags": "walks, #Sleep, walks",
        },
    )
    entry = Entry.objects.get(user=practitioner)
    assert response.status_code == 303
    assert response["Location"] == entry_url(entry)
    assert (entry.title, entry.body, entry.feeling, entry.run) == (
        "Sunday",
        "Walked by the river.",
        6,
        None,
    )
    assert sorted(tag.name for tag in entry.tags.all()) == ["Sleep", "walks"]
    html = robin_client.get(entry_url(entry)).content.decode()
    assert "Walked by the river." in html and "#walks" in html and "How I felt: 6 out of 10" in html


def test_an_entry_without_a_title_is_shown_as_free_writing(robin_client, practitioner):
    robin_client.post("/journal/new/", {"body": "Just this."})
    entry = Entry.objects.get(user=practitioner)
    assert "<h1>Free writing</h1>" in robin_client.get(entry_url(entry)).content.decode()


@pytest.mark.parametrize("body", ["", "   \n  "])
def test_an_empty_entry_gets_a_message_and_saves_nothing(robin_client, practitioner, body):
    response = robin_client.post("/journal/new/", {"title": "Kept title", "body": body})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Write something first. Even a line is enough." in html
    assert 'value="Kept title"' in html
    assert not Entry.objects.exists()


def test_text_over_100000_characters_gets_a_message_and_stays_in_the_box(robin_client):
    words = "kind " * 20_001  # 100,005 characters
    response = robin_client.post("/journal/new/", {"body": words})
    html = response.content.decode()
    assert "This is 100,005 characters long; an entry can hold up to 100,000." in html
    assert words in html
    assert "maxlength" not in html.split('name="body"')[1].split(">")[0]
    assert not Entry.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("feeling", "11", "Choose a number from 0 to 10."),
        ("tags", ",".join(f"t{n}" for n in range(21)), "Up to 20 tags, please."),
        ("tags", "x" * 41, "is too long for a tag"),
        ("title", "t" * 201, "A title can be up to 200 characters."),
    ],
)
def test_bad_fields_get_a_message_beside_them_and_save_nothing(robin_client, field, value, message):
    response = robin_client.post("/journal/new/", {"body": "Some words.", field: value})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Entry.objects.exists()
    assert not Tag.objects.exists()


def test_html_typed_into_an_entry_is_shown_as_text(robin_client, practitioner):
    robin_client.post(
        "/journal/new/",
        {"title": "<b>bold</b>", "body": "<script>alert('x')</script> & more", "tags": "<i>t</i>"},
    )
    entry = Entry.objects.get(user=practitioner)
    for page in (entry_url(entry), "/journal/", "/journal/?q=alert"):
        html = robin_client.get(page).content.decode()
        assert "<script>alert" not in html and "<b>bold" not in html and "<i>t" not in html
        assert "&lt;b&gt;bold&lt;/b&gt;" in html


# Editing -----------------------------------------------------------------------------------


def edit_form(client, entry) -> dict:
    """What the edit page holds, as its form would post it."""
    html = client.get(entry_url(entry, "edit")).content.decode()
    version = html.split('name="version" value="')[1].split('"')[0]
    writer = html.split('name="writer" value="')[1].split('"')[0]
    return {"version": version, "writer": writer}


def test_editing_an_answer_and_tags_changes_the_entry_and_what_search_finds(
    robin_client, finish_practice
):
    entry = finish_practice(robin_client)
    difficulty = Answer.objects.get(run=entry.run, step_key="difficulty")
    data = edit_form(robin_client, entry)
    data.update({f"answer-{difficulty.pk}": "A long talk with my brother.", "tags": "family"})
    answers = Answer.objects.filter(run=entry.run, kind="write").exclude(pk=difficulty.pk)
    data.update({f"answer-{answer.pk}": answer.text for answer in answers})
    rating = Answer.objects.get(run=entry.run, step_key="how-much")
    data[f"rating-{rating.pk}"] = "4"
    response = robin_client.post(entry_url(entry, "edit"), data)
    assert response.status_code == 303
    difficulty.refresh_from_db()
    rating.refresh_from_db()
    assert difficulty.text == "A long talk with my brother."
    assert rating.rating == 4
    assert difficulty.prompt  # the prompt stays as it was asked
    entry.refresh_from_db()
    assert entry.version == 2
    assert [tag.name for tag in entry.tags.all()] == ["family"]
    assert "brother" in robin_client.get("/journal/?q=brother").content.decode()
    assert "Nothing found for “sister”" in robin_client.get("/journal/?q=sister").content.decode()


def test_an_edit_from_another_tab_is_never_overwritten_silently(robin_client, practitioner):
    entry = write_entry(practitioner, "First words.", title="Tuesday")
    first_tab = edit_form(robin_client, entry)
    second_tab = edit_form(robin_client, entry)
    saved = robin_client.post(
        entry_url(entry, "edit"), {**first_tab, "title": "Tuesday", "body": "Words from tab one."}
    )
    assert saved.status_code == 303

    response = robin_client.post(
        entry_url(entry, "edit"), {**second_tab, "title": "Tuesday", "body": "Words from tab two."}
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "This entry changed in another tab" in html
    assert "Words from tab one." in html and "Words from tab two." in html
    entry.refresh_from_db()
    assert entry.body == "Words from tab one."

    # Choosing "Save my version" posts the form as it now stands, aware of the other save.
    version = html.split('name="version" value="')[1].split('"')[0]
    response = robin_client.post(
        entry_url(entry, "edit"),
        {"version": version, "title": "Tuesday", "body": "Words from tab two."},
    )
    assert response.status_code == 303
    entry.refresh_from_db()
    assert entry.body == "Words from tab two."
    assert entry.version == 3


def test_an_edit_that_empties_a_free_entry_gets_a_message_and_changes_nothing(
    robin_client, practitioner
):
    entry = write_entry(practitioner, "Keep me.")
    data = edit_form(robin_client, entry)
    response = robin_client.post(entry_url(entry, "edit"), {**data, "body": "  "})
    assert response.status_code == 400
    assert "An entry needs some words." in response.content.decode()
    entry.refresh_from_db()
    assert (entry.body, entry.version) == ("Keep me.", 1)


# Looking back ------------------------------------------------------------------------------


def test_a_looking_back_note_is_dated_and_leaves_the_entry_as_it_was(robin_client, practitioner):
    with time_machine.travel(datetime(2026, 1, 10, 15, 0, tzinfo=UTC), tick=False):
        entry = write_entry(practitioner, "A hard week at work.")
    # A month later (the session lives in that month too, so stay in it to read the page).
    with time_machine.travel(datetime(2026, 2, 12, 15, 0, tzinfo=UTC), tick=False):
        response = robin_client.post(
            entry_url(entry, "notes"), {"text": "Reading this a month later, it passed."}
        )
        assert response.status_code == 303
        html = robin_client.get(entry_url(entry)).content.decode()
        search = robin_client.get("/journal/?q=later").content.decode()
    entry.refresh_from_db()
    assert entry.body == "A hard week at work."
    assert entry.version == 1
    assert "Looking back" in html
    assert "12 February 2026, 10:00" in html  # Robin's time in New York
    assert "Reading this a month later, it passed." in html
    assert "<mark>later</mark>" in search


def test_an_empty_note_gets_a_message_and_saves_nothing(robin_client, practitioner):
    entry = write_entry(practitioner)
    response = robin_client.post(entry_url(entry, "notes"), {"text": "  "})
    assert response.status_code == 400
    assert "Write your note first." in response.content.decode()
    assert not EntryNote.objects.exists()


# Trash -------------------------------------------------------------------------------------


def test_delete_moves_to_the_trash_and_restore_brings_it_back(robin_client, practitioner):
    entry = write_entry(practitioner, "Something I may want back.", title="Maybe")
    response = robin_client.post(entry_url(entry, "delete"))
    assert response.status_code == 303
    assert "Moved “Maybe” to the trash" in robin_client.get(response["Location"]).content.decode()
    assert "Maybe" not in robin_client.get("/journal/").content.decode()
    assert "Something I may want" not in robin_client.get("/journal/?q=want").content.decode()
    trash = robin_client.get("/journal/trash/").content.decode()
    assert "Maybe" in trash
    assert robin_client.get(entry_url(entry, "edit")).status_code == 404
    assert "This entry is in the trash." in robin_client.get(entry_url(entry)).content.decode()

    assert robin_client.post(entry_url(entry, "restore")).status_code == 303
    assert "Maybe" in robin_client.get("/journal/").content.decode()
    assert "Maybe" not in robin_client.get("/journal/trash/").content.decode()


def test_the_trash_says_when_each_entry_goes_for_good(robin_client, practitioner):
    entry = write_entry(practitioner, title="Old")
    with time_machine.travel(datetime(2026, 4, 1, 12, 0, tzinfo=UTC), tick=False):
        robin_client.post(entry_url(entry, "delete"))
        html = robin_client.get("/journal/trash/").content.decode()
    assert "Gone for good on 1 May 2026" in html


def test_a_finished_practice_deleted_for_good_takes_its_answers_with_it(
    robin_client, finish_practice
):
    entry = finish_practice(robin_client)
    robin_client.post(entry_url(entry, "delete"))
    response = robin_client.post(entry_url(entry, "purge"))
    assert response.status_code == 303
    assert not Entry.objects.exists()
    assert not Run.objects.exists()
    assert not Answer.objects.exists()


def test_only_an_entry_in_the_trash_can_be_deleted_for_good(robin_client, practitioner):
    entry = write_entry(practitioner)
    assert robin_client.post(entry_url(entry, "purge")).status_code == 404
    assert Entry.objects.filter(pk=entry.pk).exists()


def test_emptying_the_trash_asks_first_then_deletes_only_what_is_in_it(
    robin_client, practitioner, stranger
):
    kept = write_entry(practitioner, title="Kept")
    for title in ("One", "Two"):
        robin_client.post(entry_url(write_entry(practitioner, title=title), "delete"))
    theirs = write_entry(stranger, title="Theirs")
    theirs.deleted_at = theirs.created_at
    theirs.save()

    page = robin_client.get("/journal/trash/empty/").content.decode()
    assert "This deletes 2 entries for good" in page
    assert Entry.objects.count() == 4
    response = robin_client.post("/journal/trash/empty/")
    assert response.status_code == 303
    assert set(Entry.objects.values_list("title", flat=True)) == {kept.title, "Theirs"}


def test_the_purge_command_removes_what_has_been_in_the_trash_30_days(practitioner):
    start = datetime(2026, 5, 1, 9, 0, tzinfo=UTC)
    with time_machine.travel(start, tick=False):
        old = write_entry(practitioner, title="Old")
        newer = write_entry(practitioner, title="Newer")
        kept = write_entry(practitioner, title="Kept")
        old.deleted_at = start
        old.save()
    newer.deleted_at = start + timedelta(days=1)
    newer.save()
    with time_machine.travel(start + timedelta(days=30, minutes=1), tick=False):
        call_command("purge_trash")
        assert set(Entry.objects.values_list("title", flat=True)) == {"Newer", "Kept"}
        call_command("purge_trash")  # safe to run again: nothing else is due
        assert Entry.objects.count() == 2
    assert kept.deleted_at is None


def test_a_part_page_leaves_out_practices_in_the_trash(robin_client, library, practitioner):
    from journal import services
    from practices.models import Practice

    part = PartFactory(user=practitioner, name="The Critic")
    practice = Practice.objects.get(slug="ifs-appreciating-a-protector")
    step = next(step for step in practice.steps.all() if step.kind == "part")
    entries = []
    for _ in range(2):
        run = services.start_run(practitioner, practice)
        services.save_answer(run, step, {"part": part}, seen_revision=None)
        entries.append(services.finish_run(run))
    html = robin_client.get(f"/journal/parts/{part.pk}/").content.decode()
    assert html.count(practice.title) == 2
    robin_client.post(entry_url(entries[0], "delete"))
    html = robin_client.get(f"/journal/parts/{part.pk}/").content.decode()
    assert entry_url(entries[0]) not in html
    assert entry_url(entries[1]) in html


def test_the_edit_page_asks_each_answer_in_the_order_of_the_practice(robin_client, finish_practice):
    entry = finish_practice(robin_client)
    html = robin_client.get(entry_url(entry, "edit")).content.decode()
    answers = Answer.objects.filter(run=entry.run, kind__in=["write", "rate"]).order_by("position")
    names = {"write": "answer", "rate": "rating"}
    positions = [html.index(f'name="{names[answer.kind]}-{answer.pk}"') for answer in answers]
    assert len(positions) == 6
    assert positions == sorted(positions)
    assert html.index('name="tags"') > positions[-1]


# An expired login ----------------------------------------------------------------------------


def log_in_again(client, person, next_url):
    from tests.conftest import PASSWORD

    response = client.post(
        f"/accounts/login/?next={next_url}", {"username": person.username, "password": PASSWORD}
    )
    assert response["Location"] == next_url
    return client.get(next_url, follow=True)


def test_a_new_entry_written_while_logged_out_comes_back_unsaved_and_saves_on_save(
    client, practitioner
):
    words = "A long evening of writing I would hate to lose."
    sent = {"title": "Late", "body": words, "tags": "night", "writer": writer_token(practitioner)}
    response = client.post("/journal/new/", sent)
    assert response["Location"] == "/accounts/login/?next=/journal/new/"
    page = log_in_again(client, practitioner, "/journal/new/")
    html = page.content.decode()
    assert f"{words}</textarea>" in html
    assert 'value="Late"' in html and 'value="night"' in html
    assert "It isn&#x27;t saved yet" in html
    assert not Entry.objects.exists()  # a GET never saves
    client.post("/journal/new/", {"title": "Late", "body": words, "tags": "night"})
    entry = Entry.objects.get(user=practitioner)
    assert (entry.title, entry.body) == ("Late", words)
    assert [tag.name for tag in entry.tags.all()] == ["night"]


def test_an_edit_sent_while_logged_out_comes_back_in_the_form_to_save(client, practitioner):
    entry = write_entry(practitioner, "Before.")
    client.force_login(practitioner)
    data = edit_form(client, entry)
    client.logout()
    response = client.post(entry_url(entry, "edit"), {**data, "body": "After, kept safe."})
    assert response["Location"] == f"/accounts/login/?next={entry_url(entry, 'edit')}"
    page = log_in_again(client, practitioner, entry_url(entry, "edit"))
    assert "After, kept safe.</textarea>" in page.content.decode()
    entry.refresh_from_db()
    assert entry.body == "Before."  # not until the person presses Save
    client.post(entry_url(entry, "edit"), {**data, "body": "After, kept safe."})
    entry.refresh_from_db()
    assert entry.body == "After, kept safe."


def test_a_note_sent_while_logged_out_comes_back_in_the_note_box(client, practitioner):
    entry = write_entry(practitioner, "Then.")
    sent = {"text": "Now, kept.", "writer": writer_token(practitioner)}
    response = client.post(entry_url(entry, "notes"), sent)
    assert response["Location"] == f"/accounts/login/?next={entry_url(entry)}"
    page = log_in_again(client, practitioner, entry_url(entry))
    assert "Now, kept.</textarea>" in page.content.decode()
    assert not EntryNote.objects.exists()


def test_words_kept_for_someone_elses_entry_are_never_applied(client, practitioner, stranger):
    entry = write_entry(practitioner, "Robin's.")
    sent = {"text": "Not Robin's note.", "writer": writer_token(stranger)}
    client.post(entry_url(entry, "notes"), sent)
    from tests.conftest import PASSWORD

    client.post("/accounts/login/", {"username": stranger.username, "password": PASSWORD})
    assert client.get(entry_url(entry)).status_code == 404
    assert not EntryNote.objects.exists()
