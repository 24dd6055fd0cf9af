"""Hostile journal files, and big ones: whatever is uploaded, the import page answers calmly
with a message beside the field, writes nothing, and keeps the server's memory to itself; a
big file is written a batch at a time, so a failure part-way keeps what came in and importing
the same file again brings in the rest. bench/hostile_uploads.py times the same kinds of file
at full size (BENCHMARKS.md)."""

import html
import json
import tracemalloc

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError
from django.test import Client

from journal import exchange, services
from journal.models import Answer, Entry, EntryNote, Part, Run, Tag
from tests.conftest import logged_in

IMPORT_URL = "/journal/import/"
JSON_URL = "/journal/export/tend-journal.json"
MODELS = [Part, Tag, Run, Answer, Entry, EntryNote]
HEADER = (
    b'{"format": "tend-journal", "version": 1, "exported_at": "2026-11-24T21:30:00Z", '
    b'"time_zone": "UTC", "parts": [], "tags": [], "runs": [], '
)
TOO_MUCH = "This file has more pieces in it than a Tend journal file of up to 10 MB ever has"
TOO_DEEP = "This file is nested more deeply than a Tend journal file ever is"
LONG_NUMBER = "This file has a number far longer than any in a Tend journal file"
MEGABYTE = 1024 * 1024


def entries_file(entries: bytes) -> bytes:
    """A file with a right header and these raw bytes as its list of entries."""
    return HEADER + b'"entries": ' + entries + b"}"


def counts() -> dict:
    return {model.__name__: model.objects.count() for model in MODELS}


def post_file(client: Client, raw: bytes):
    upload = SimpleUploadedFile("tend-journal.json", raw, content_type="application/json")
    return client.post(IMPORT_URL, {"file": upload})


def beside_the_field(response) -> str:
    page = html.unescape(response.getvalue().decode())
    assert 'id="id_file_error"' in page
    return page.split('id="id_file_error"', 1)[1].split("</ul>", 1)[0]


@pytest.fixture
def sam(make_person, library):
    return make_person("sam", time_zone="America/New_York")


def refused_calmly(sam, raw: bytes, message: str) -> int:
    """Post the file as Sam; check the refusal beside the field and that nothing was written.
    Returns the peak memory Python allocated meanwhile, in bytes."""
    client = logged_in(sam)
    before = counts()
    tracemalloc.start()
    try:
        response = post_file(client, raw)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert response.status_code == 200
    assert message in beside_the_field(response)
    assert counts() == before
    return peak


# Item 2 of issue 12: no upload can exhaust the server --------------------------------------


def test_two_million_empty_entries_are_refused_before_they_are_read(sam):
    raw = entries_file(b"[" + b",".join([b"{}"] * 2_000_000) + b"]")
    assert 5 * MEGABYTE < len(raw) < 10 * MEGABYTE
    assert refused_calmly(sam, raw, TOO_MUCH) < 100 * MEGABYTE


def test_two_million_numbers_are_refused_before_they_are_read(sam):
    raw = entries_file(b"[" + b",".join([b"7"] * 2_000_000) + b"]")
    assert refused_calmly(sam, raw, TOO_MUCH) < 100 * MEGABYTE


def test_a_million_tiny_strings_are_refused_before_they_are_read(sam):
    raw = entries_file(b"[" + b",".join(b'"%d"' % (n % 100) for n in range(1_000_000)) + b"]")
    assert refused_calmly(sam, raw, TOO_MUCH) < 100 * MEGABYTE


@pytest.mark.parametrize("depth", [12, 100, 50_000])
def test_deep_nesting_is_refused_before_it_is_read(sam, depth):
    raw = entries_file(b"[" * depth + b"]" * depth)
    refused_calmly(sam, raw, TOO_DEEP)


def test_brackets_quotes_and_backslashes_in_what_was_written_are_just_text(sam, make_person):
    """The nesting is measured outside strings: words full of brackets import as written."""
    robin = make_person("robin")
    body = 'Brackets [[[[[[[[[[[[ {{{{{{{{{{{{ and a quote \\" [ and a backslash \\\\ ]'
    for number in range(30):
        services.create_entry(robin, title=f"[{number}", body=body, feeling=None, tags=[])
    raw = logged_in(robin).get(JSON_URL).getvalue()
    response = post_file(logged_in(sam), raw)
    assert response.status_code == 303
    assert set(Entry.objects.filter(user=sam).values_list("body", flat=True)) == {body}
    assert Entry.objects.filter(user=sam).count() == 30


@pytest.mark.parametrize("digits", [30, 5_000])
def test_a_number_with_many_digits_is_refused_before_it_is_converted(sam, digits):
    entry = (
        b'{"run": null, "title": "", "body": "", "feeling": ' + b"1" * digits + b", "
        b'"tags": [], "created_at": "2026-11-24T21:30:00Z", '
        b'"updated_at": "2026-11-24T21:30:00Z", "deleted_at": null, "notes": []}'
    )
    refused_calmly(sam, entries_file(b"[" + entry + b"]"), LONG_NUMBER)


def test_a_file_full_of_problems_stops_at_a_hundred(sam):
    raw = entries_file(b"[" + b",".join([b'{"title": 5}'] * 5_000) + b"]")
    refused_calmly(sam, raw, "Nothing was imported: this file has more than 100 problems")
    response = post_file(logged_in(sam), raw)
    shown = beside_the_field(response)
    assert shown.count("<li>") == 7  # the message, five problems, and how many more
    assert "entries[0].run: is missing" in shown
    assert "…and at least 95 more." in shown


def test_more_entries_than_tend_imports_at_once_are_refused_by_name(sam):
    entry = (
        b'{"run": null, "title": "", "body": "x", "feeling": null, "tags": [], '
        b'"created_at": "2026-11-24T21:30:00Z", "updated_at": "2026-11-24T21:30:00Z", '
        b'"deleted_at": null, "notes": []}'
    )
    raw = entries_file(b"[" + b",".join([entry] * 10_001) + b"]")
    refused_calmly(sam, raw, "entries: has 10,001 items; Tend imports up to 10,000 at once")


def test_the_import_still_checks_the_csrf_token(sam):
    client = Client(enforce_csrf_checks=True)
    client.force_login(sam)
    before = counts()
    raw = entries_file(b"[]")
    response = client.post(IMPORT_URL, {"file": SimpleUploadedFile("a.json", raw)})
    assert response.status_code == 403
    assert counts() == before


def test_a_visitors_upload_is_a_404_and_reads_nothing(client, library):
    response = post_file(client, entries_file(b"[]"))
    assert response.status_code == 404
    assert not hasattr(response.wsgi_request, "_files")  # the body was never parsed


# Item 3: a big import does not lock everyone out ------------------------------------------


@pytest.fixture
def five_entries(make_person, library):
    """An export of five entries of free writing, a day apart."""
    robin = make_person("robin")
    for number in range(5):
        entry = services.create_entry(
            robin, title=f"Day {number}", body="Quiet.", feeling=3, tags=["rest"]
        )
        Entry.objects.filter(pk=entry.pk).update(
            created_at=entry.created_at.replace(day=1 + number)
        )
    return logged_in(robin).get(JSON_URL).getvalue()


def test_a_failure_part_way_keeps_what_came_in_and_a_second_try_brings_the_rest(
    sam, five_entries, monkeypatch
):
    monkeypatch.setattr(exchange, "BATCH_UNITS", 2, raising=False)
    real_bulk_create = Entry.objects.bulk_create
    calls = []

    def fails_the_second_time(objects, *args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise OperationalError("database is locked")
        return real_bulk_create(objects, *args, **kwargs)

    monkeypatch.setattr(Entry.objects, "bulk_create", fails_the_second_time)
    response = post_file(logged_in(sam), five_entries)
    assert response.status_code == 200
    assert (
        "Something went wrong on our side part-way through, so only part of this file came "
        "in (2 journal entries). Please import the same file again in a little while to bring "
        "in the rest"
    ) in beside_the_field(response)
    assert list(Entry.objects.filter(user=sam).values_list("title", flat=True)) == [
        "Day 1",
        "Day 0",
    ]

    monkeypatch.undo()
    response = post_file(logged_in(sam), five_entries)
    assert response.status_code == 303
    again = json.loads(logged_in(sam).get(JSON_URL).getvalue())
    original = json.loads(five_entries)
    assert again["entries"] == original["entries"]


def test_a_big_file_is_written_in_short_batches(sam, five_entries, monkeypatch):
    """Each batch is its own transaction, holding the database only for a few entries."""
    monkeypatch.setattr(exchange, "BATCH_UNITS", 2, raising=False)
    sizes = []
    real_bulk_create = Entry.objects.bulk_create

    def record(objects, *args, **kwargs):
        objects = list(objects)
        sizes.append(len(objects))
        return real_bulk_create(objects, *args, **kwargs)

    monkeypatch.setattr(Entry.objects, "bulk_create", record)
    response = post_file(logged_in(sam), five_entries)
    assert response.status_code == 303
    assert sizes == [2, 2, 1]
    assert Entry.objects.filter(user=sam).count() == 5
