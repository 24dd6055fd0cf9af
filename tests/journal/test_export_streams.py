"""The exports stream: the JSON and Markdown files are written as they are read, a chunk of
rows at a time, and come out byte for byte as the whole-document builders wrote them; a
failure part-way leaves a file that can't pass for whole; the printed page has a bound."""

import json
import logging
from collections import defaultdict
from datetime import date

import pytest
import time_machine
from django.db import DatabaseError, connection
from django.http import StreamingHttpResponse
from django.utils import dateformat, timezone

from journal import exchange
from journal.exchange import (
    FEELING_ENDS,
    HOW_I_AM_ENDS,
    answer_markdown,
    check_in_lines,
    md_block,
    md_text,
    when,
)
from journal.models import Answer, CheckIn, Entry, EntryNote, Part, Run, Tag
from journal.search import tag_order
from journal.services import add_note, create_entry
from journal.views import exchange as exchange_views
from tests.factories import ShareFactory
from tests.journal.test_export_import import (  # noqa: F401  (fixtures)
    JSON_URL,
    MARKDOWN_URL,
    PRINT_URL,
    journal_of,
    robins_journal,
)

ODD = 'Tab\there, a quote " and \\ back, é, 😀, \u2028, \x01, </script>, *stars* and # hash'


def downloaded(response) -> bytes:
    assert isinstance(response, StreamingHttpResponse)
    return b"".join(response.streaming_content)


# The whole-document builders as they were before the exports streamed (main at 5cb6784),
# kept here to pin the bytes: every byte of the streamed files must be what they wrote.


def old_read_journal(user) -> dict:
    answers = defaultdict(list)
    for answer in Answer.objects.filter(run__user=user).order_by("run_id", "position", "step_key"):
        answers[answer.run_id].append(answer)
    entry_tags = defaultdict(list)
    links = Entry.tags.through.objects.filter(entry__user=user).values_list("entry_id", "tag__name")
    for entry_id, name in links:
        entry_tags[entry_id].append(name)
    notes = defaultdict(list)
    for note in EntryNote.objects.filter(entry__user=user).order_by("created_at", "id"):
        notes[note.entry_id].append(note)
    return {
        "parts": list(Part.objects.filter(user=user).order_by("created_at", "id")),
        "tags": sorted(Tag.objects.filter(user=user).values_list("name", flat=True), key=tag_order),
        "runs": list(
            Run.objects.filter(user=user).select_related("practice").order_by("started_at", "id")
        ),
        "answers": answers,
        "entries": list(Entry.objects.filter(user=user).order_by("created_at", "id")),
        "entry_tags": {pk: sorted(names, key=tag_order) for pk, names in entry_tags.items()},
        "notes": notes,
        "check_ins": list(CheckIn.objects.filter(user=user).order_by("day")),
    }


ANSWER_KEYS = ("step_key", "position", "kind", "step_title", "prompt", "low", "high", "text")
ANSWER_KEYS += ("rating", "choices")


def old_json(user) -> str:
    journal = old_read_journal(user)
    part_refs = {part.pk: f"part-{n}" for n, part in enumerate(journal["parts"], 1)}
    run_refs = {run.pk: f"run-{n}" for n, run in enumerate(journal["runs"], 1)}
    iso = exchange.iso
    data = {
        "format": "tend-journal",
        "version": 1,
        "exported_at": iso(timezone.now()),
        "time_zone": user.time_zone,
        "parts": [
            {
                "ref": part_refs[part.pk],
                "name": part.name,
                "description": part.description,
                "retired": part.retired,
                "created_at": iso(part.created_at),
            }
            for part in journal["parts"]
        ],
        "tags": journal["tags"],
        "runs": [
            {
                "ref": run_refs[run.pk],
                "practice": {
                    "slug": run.practice.slug,
                    "title": run.practice.title,
                    "version": run.practice_version,
                },
                "status": run.status,
                "current_step": run.current_step,
                "started_at": iso(run.started_at),
                "finished_at": iso(run.finished_at),
                "distress_before": run.distress_before,
                "feeling_before": run.feeling_before,
                "distress_after": run.distress_after,
                "feeling_after": run.feeling_after,
                "stirred_up": run.stirred_up,
                "hard_moment": run.hard_moment,
                "answers": [
                    {
                        **{key: getattr(answer, key) for key in ANSWER_KEYS},
                        "part": part_refs.get(answer.part_id),
                        "part_name": answer.part_name,
                        "skipped": answer.skipped,
                    }
                    for answer in journal["answers"][run.pk]
                ],
            }
            for run in journal["runs"]
        ],
        "entries": [
            {
                "run": run_refs.get(entry.run_id),
                "title": entry.title,
                "body": entry.body,
                "feeling": entry.feeling,
                "tags": journal["entry_tags"].get(entry.pk, []),
                "created_at": iso(entry.created_at),
                "updated_at": iso(entry.updated_at),
                "deleted_at": iso(entry.deleted_at),
                "notes": [
                    {"text": note.text, "created_at": iso(note.created_at)}
                    for note in journal["notes"][entry.pk]
                ],
            }
            for entry in journal["entries"]
        ],
        "check_ins": [
            {
                "day": check_in.day.isoformat(),
                "how_i_am": check_in.how_i_am,
                "words": list(check_in.words),
                "note": check_in.note,
                "created_at": iso(check_in.created_at),
                "updated_at": iso(check_in.updated_at),
            }
            for check_in in journal["check_ins"]
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def old_markdown(user) -> str:  # noqa: C901
    journal = old_read_journal(user)
    zone = user.zone
    runs = {run.pk: run for run in journal["runs"]}
    kept = [entry for entry in reversed(journal["entries"]) if entry.deleted_at is None]
    lines = [
        "# My journal from Tend",
        "",
        f"Exported on {when(timezone.now(), zone)}. Times are in {user.time_zone}.",
        "",
        "Tend is for practice and reflection, not therapy or crisis care.",
        "",
    ]
    if not kept:
        lines += ["There are no entries in this journal yet.", ""]
    for entry in kept:
        run = runs.get(entry.run_id)
        lines += [f"## {when(entry.created_at, zone)} · {md_text(entry.display_title)}", ""]
        if run is not None:
            lines += [f"- Practice: {md_text(run.practice.title)}", *check_in_lines(run)]
            if run.hard_moment:
                lines.append("- This one stirred up something hard.")
            lines.append("")
            for answer in journal["answers"][run.pk]:
                if answer.has_content:
                    lines += answer_markdown(answer)
        else:
            if entry.feeling is not None:
                lines += [f"How I felt: {entry.feeling} out of 10 ({FEELING_ENDS})", ""]
            if entry.body.strip():
                lines += [*md_block(entry.body), ""]
        tags = journal["entry_tags"].get(entry.pk)
        if tags:
            lines += ["Tags: " + " ".join(f"#{md_text(name)}" for name in tags), ""]
        notes = journal["notes"][entry.pk]
        if notes:
            lines += ["### Looking back", ""]
            for note in notes:
                lines += [f"**{when(note.created_at, zone)}**", "", *md_block(note.text), ""]
    if journal["check_ins"]:
        lines += ["## Daily check-ins", "", f"How I was each day, out of 10 ({HOW_I_AM_ENDS}).", ""]
        for check_in in reversed(journal["check_ins"]):
            line = f"- {dateformat.format(check_in.day, 'l j F Y')}: {check_in.how_i_am}"
            if check_in.words:
                line += " · " + ", ".join(md_text(word) for word in check_in.words)
            if check_in.note.strip():
                line += f" · {md_text(check_in.note)}"
            lines.append(line)
        lines.append("")
    with_entries = {entry.run_id for entry in journal["entries"]}
    unfinished = [run for run in journal["runs"] if run.pk not in with_entries]
    if unfinished:
        lines += ["## Not finished yet", ""]
        for run in unfinished:
            written = sum(answer.has_content for answer in journal["answers"][run.pk])
            so_far = f", {written} answer{'s' if written != 1 else ''} so far" if written else ""
            lines.append(
                f"- {md_text(run.practice.title)}: begun {when(run.started_at, zone)}, "
                f"{run.get_status_display().lower()}{so_far}"
            )
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


@pytest.fixture
def everything(robins_journal):  # noqa: F811
    """Robin's journal with every kind of thing in it: practice runs with answers, a part,
    choices and a rating, an unfinished run, free writing with tags and feelings, notes, the
    trash, a share, daily check-ins, and text with characters that need care."""
    odd = create_entry(robins_journal, title=ODD, body=f"{ODD}\n\n  indented", feeling=0, tags=[])
    add_note(odd, ODD)
    ShareFactory(entry=odd)
    CheckIn.objects.create(user=robins_journal, day=date(2026, 11, 23), how_i_am=3)
    CheckIn.objects.create(
        user=robins_journal,
        day=date(2026, 11, 24),
        how_i_am=8,
        words=["tired", "hopeful"],
        note=ODD,
    )
    return robins_journal


@pytest.mark.parametrize("chunk_size", [1, 2, 500])
def test_the_streamed_files_are_byte_for_byte_what_the_whole_document_builders_wrote(
    everything, robin_client, monkeypatch, chunk_size
):
    monkeypatch.setattr(exchange, "CHUNK_SIZE", chunk_size)
    monkeypatch.setattr(exchange, "FLUSH_AT", 7)  # many small pieces, cut anywhere
    with time_machine.travel("2026-12-03 02:00:00Z", tick=False):
        streamed_json = downloaded(robin_client.get(JSON_URL)).decode()
        streamed_markdown = downloaded(robin_client.get(MARKDOWN_URL)).decode()
        assert streamed_json == old_json(everything)
        assert streamed_markdown == old_markdown(everything)
    assert "Not finished yet" in streamed_markdown and ODD.split(",")[0] in streamed_markdown
    assert len(json.loads(streamed_json)["check_ins"]) == 2


def test_the_download_is_named_for_the_persons_own_day(everything, robin_client):
    # 03:30 in London is still the evening before in New York, where Robin lives.
    with time_machine.travel("2026-12-03 03:30:00Z", tick=False):
        response = robin_client.get(JSON_URL)
        markdown = robin_client.get(MARKDOWN_URL)
    assert response["Content-Disposition"] == 'attachment; filename="tend-journal-2026-12-02.json"'
    assert markdown["Content-Disposition"] == 'attachment; filename="tend-journal-2026-12-02.md"'
    assert "no-store" in response["Cache-Control"]


def queries_for(url, client, django_assert_max_num_queries) -> int:
    with django_assert_max_num_queries(1000) as captured:
        downloaded(client.get(url))
    return len(captured)


@pytest.mark.parametrize("url", [JSON_URL, MARKDOWN_URL])
def test_queries_grow_with_the_chunks_never_one_per_entry(
    robin_client, practitioner, library, monkeypatch, django_assert_max_num_queries, url
):
    monkeypatch.setattr(exchange, "CHUNK_SIZE", 10)
    journal_of(practitioner, 10)  # 1 chunk of entries, 1 of runs
    ten = queries_for(url, robin_client, django_assert_max_num_queries)
    journal_of(practitioner, 40)  # 50 entries: 5 chunks of entries, 3 of runs
    fifty = queries_for(url, robin_client, django_assert_max_num_queries)
    # Each added chunk costs its handful of queries (its rows, then answers, tags and notes
    # for the whole chunk), never one per entry: 40 more entries, at most 20 more queries.
    assert fifty - ten <= 20
    assert ten <= 15


def stop_at(table: str):
    """A database that fails at the first query reading `table`, as a dropped connection
    would, part-way through a file."""

    def execute(run, sql, params, many, context):
        if table in sql:
            raise DatabaseError("the server closed the connection unexpectedly")
        return run(sql, params, many, context)

    return execute


def partial(response) -> bytes:
    """What reached the person before the download failed."""
    received = []

    def read():
        for piece in response.streaming_content:
            received.append(piece)

    with pytest.raises(exchange.ExportStopped):
        read()
    return b"".join(received)


def test_a_json_file_cut_short_does_not_parse_and_the_log_names_only_the_kind_of_failure(
    everything, robin_client, monkeypatch, caplog
):
    monkeypatch.setattr(exchange, "FLUSH_AT", 100)
    response = robin_client.get(JSON_URL)
    with caplog.at_level(logging.ERROR), connection.execute_wrapper(stop_at("journal_entrynote")):
        received = partial(response)
    assert received.startswith(b'{\n  "format": "tend-journal"')
    with pytest.raises(json.JSONDecodeError):
        json.loads(received)
    logged = " ".join(record.getMessage() for record in caplog.records)
    assert "stopped part-way: DatabaseError" in logged
    for private in ("sister", "A long night", "server closed"):
        assert private not in logged


def test_a_markdown_file_cut_short_says_so_at_its_end(everything, robin_client, monkeypatch):
    monkeypatch.setattr(exchange, "CHUNK_SIZE", 2)
    monkeypatch.setattr(exchange, "FLUSH_AT", 100)
    response = robin_client.get(MARKDOWN_URL)
    with connection.execute_wrapper(stop_at("journal_checkin")):
        received = partial(response).decode()
    assert received.startswith("# My journal from Tend")
    assert "A hard conversation with my sister." in received  # the entries came first
    assert received.rstrip().endswith("Please download your journal again in a little while.")
    assert "This file is not complete." in received
    assert "Daily check-ins" not in received


@pytest.mark.django_db(transaction=True)
def test_the_connection_is_left_as_found_after_a_download(practitioner, client):
    create_entry(practitioner, title="Sunday", body="Tea.", feeling=6, tags=["family"])
    client.force_login(practitioner)
    for url in (JSON_URL, MARKDOWN_URL):
        body = downloaded(client.get(url))
        assert b"Sunday" in body or b"Tea" in body
        assert not connection.in_atomic_block
        assert connection.get_autocommit()
    # The person goes away part-way: what was begun is closed, not left open.
    response = client.get(JSON_URL)
    response.close()
    assert not connection.in_atomic_block


# The printed page --------------------------------------------------------------------------


def test_a_long_journal_prints_its_newest_entries_and_says_how_to_reach_the_rest(
    practitioner, robin_client, monkeypatch
):
    monkeypatch.setattr(exchange_views, "PRINT_LIMIT", 3)
    for number in range(5):
        with time_machine.travel(f"2026-11-{number + 10}T12:00:00Z", tick=False):
            create_entry(practitioner, title=f"Day {number}", body="Words.", feeling=None, tags=[])
    page = robin_client.get(PRINT_URL, {"start": "2026-11-01"}).content.decode()
    titles = [line.split(">")[1].split("<")[0] for line in page.split('<h2 id="entry-')[1:]]
    assert titles == ["Day 2", "Day 3", "Day 4"]  # the newest three, oldest first
    assert "the newest 3 of your 5 entries that match" in page
    assert "The 2 earlier ones are not on it." in page
    assert 'href="/journal/?start=2026-11-01"' in page
    assert 'href="/journal/export/tend-journal.md"' in page


def test_a_journal_within_the_bound_prints_whole_without_a_note(practitioner, robin_client):
    create_entry(practitioner, title="Only one", body="Words.", feeling=None, tags=[])
    page = robin_client.get(PRINT_URL).content.decode()
    assert "Only one" in page
    assert "earlier one" not in page


def test_the_printed_page_takes_the_same_queries_at_any_length(
    practitioner, robin_client, library, monkeypatch, django_assert_max_num_queries
):
    monkeypatch.setattr(exchange_views, "PRINT_LIMIT", 4)
    journal_of(practitioner, 10)
    with django_assert_max_num_queries(12):
        page = robin_client.get(PRINT_URL).content.decode()
    assert page.count('class="print-entry"') == 4


def test_the_export_page_says_when_the_printed_page_holds_only_the_newest(
    practitioner, robin_client, monkeypatch
):
    monkeypatch.setattr(exchange_views, "PRINT_LIMIT", 1)
    create_entry(practitioner, title="One", body="Words.", feeling=None, tags=[])
    assert "holds your newest" not in robin_client.get("/journal/export/").content.decode()
    create_entry(practitioner, title="Two", body="Words.", feeling=None, tags=[])
    page = robin_client.get("/journal/export/").content.decode()
    assert "The page holds your newest 1 entries" in page
