"""Taking a journal out of Tend (a file for Tend, a file to read, a page to print) and bringing
it back into another account, whole or not at all."""

import html
import io
import json
from datetime import date
from html.parser import HTMLParser

import pytest
import time_machine
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from journal import services
from journal.exchange import export_data
from journal.models import (
    CHECK_IN,
    CHECK_OUT,
    MAX_ENTRY_LENGTH,
    Answer,
    Entry,
    EntryNote,
    Part,
    Run,
    Tag,
)
from practices.models import Practice
from tests.conftest import logged_in
from tests.factories import AssignmentFactory, PartFactory, TagFactory
from tests.journal.conftest import BREAK_KEYS, post_step

EXPORT_URL = "/journal/export/"
JSON_URL = "/journal/export/tend-journal.json"
MARKDOWN_URL = "/journal/export/tend-journal.md"
PRINT_URL = "/journal/export/print/"
IMPORT_URL = "/journal/import/"
ALL_URLS = [EXPORT_URL, JSON_URL, MARKDOWN_URL, PRINT_URL, IMPORT_URL]

BREAK_ANSWERS = {
    "difficulty": {"text": "A hard conversation with my sister."},
    "how-much": {"rating": "7"},
    "notice": {"text": "This hurts. It's a tender moment."},
    "not-alone": {"text": "Lots of people argue with family."},
    "kindness": {"text": "May I be patient with myself."},
    "reflect": {"text": "Softer than before."},
}
MODELS = [Part, Tag, Run, Answer, Entry, EntryNote]


def do_practice(user, slug: str, answers: dict, *, finish: bool = True) -> Run:
    """Go through a practice with journal.services, as the pages do, giving these answers."""
    practice = Practice.objects.get(slug=slug)
    run = services.start_run(user, practice)
    services.save_check(run, CHECK_IN, distress=5, feeling="heavy")
    steps = {step.key: step for step in practice.steps.all()}
    for key, values in answers.items():
        services.save_answer(run, steps[key], values, seen_revision=None)
    if not finish:
        services.pause_run(run, key)
        return run
    services.save_check(run, CHECK_OUT, distress=2, feeling="lighter", stirred_up=True)
    services.finish_run(run)
    return run


def parts_check_in(user, number: int = 1) -> Run:
    critic = Part.objects.filter(user=user, name="The Critic").first()
    part = {"part": critic} if critic else {"new_part": "The Critic"}
    return do_practice(
        user,
        "ifs-parts-check-in",
        {
            "part": part,
            "feeling": {"choices": ["Worried", "Tired"]},
            "room": {"rating": 8},
            "message": {"text": f"Slow down, I can't keep up ({number})."},
            "reflect": {"text": "It wants rest."},
        },
    )


def counts() -> dict:
    return {model.__name__: model.objects.count() for model in MODELS}


def upload(content: bytes, name: str = "tend-journal.json") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/json")


def without_exported_at(data: dict) -> dict:
    return {key: value for key, value in data.items() if key != "exported_at"}


@pytest.fixture
def robins_journal(robin_client, begin, practitioner):
    """Robin's journal with a bit of everything: a self-compassion break done through the
    pages, a parts check-in with a part, choices and a rating, a paused run, free entries with
    tags and feelings, notes looking back, an entry in the trash, and a retired part."""
    run = begin(robin_client)
    post_step(robin_client, run, "check-in", distress="6", feeling="tense")
    for key in BREAK_KEYS:
        post_step(robin_client, run, key, **BREAK_ANSWERS.get(key, {}))
    post_step(robin_client, run, "check-out", distress="3", feeling="calmer")
    assert Entry.objects.filter(run=run).exists()

    parts_check_in(practitioner)
    do_practice(
        practitioner,
        "msc-self-compassion-break",
        {"difficulty": {"text": "Half-way through, I stopped."}},
        finish=False,
    )
    sleep = services.create_entry(
        practitioner,
        title="A long night",
        body="Couldn't sleep.\n\nThe house was so quiet.",
        feeling=4,
        tags=["sleep", "Home"],
    )
    services.create_entry(practitioner, title="", body="Just a line.", feeling=None, tags=[])
    trashed = services.create_entry(
        practitioner, title="Not for keeping", body="Gone soon.", feeling=2, tags=["work"]
    )
    services.trash_entry(trashed)
    services.add_note(sleep, "Reading this a week on: I slept better after.")
    services.add_note(Entry.objects.get(run=run), "Still true.")
    PartFactory(user=practitioner, name="The Worrier", description="Keeps me safe.", retired=True)
    TagFactory(user=practitioner, name="unused")
    return practitioner


@pytest.fixture
def sam(make_person):
    """Sam is moving Robin's journal into a new account: same time zone, nothing in it yet."""
    return make_person("sam", time_zone="America/New_York")


@pytest.fixture
def robins_export(robins_journal, robin_client) -> dict:
    return json.loads(robin_client.get(JSON_URL).getvalue())


# The file for Tend -------------------------------------------------------------------------


def test_the_json_export_is_a_download_of_everything_in_the_documented_format(
    robins_journal, robin_client
):
    response = robin_client.get(JSON_URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="tend-journal-20')
    assert response["Content-Disposition"].endswith('.json"')
    data = json.loads(response.getvalue())
    assert (data["format"], data["version"]) == ("tend-journal", 1)
    assert data["exported_at"].endswith("Z")
    assert data["time_zone"] == "America/New_York"
    assert [part["name"] for part in data["parts"]] == ["The Critic", "The Worrier"]
    assert data["parts"][1]["retired"] is True
    assert data["tags"] == ["Home", "sleep", "unused", "work"]
    assert [run["ref"] for run in data["runs"]] == ["run-1", "run-2", "run-3"]
    assert [run["status"] for run in data["runs"]] == ["finished", "finished", "paused"]
    first = data["runs"][0]
    assert first["practice"]["slug"] == "msc-self-compassion-break"
    assert (first["distress_before"], first["feeling_before"]) == (6, "tense")
    by_key = {answer["step_key"]: answer for answer in first["answers"]}
    assert by_key["difficulty"]["text"] == "A hard conversation with my sister."
    assert by_key["difficulty"]["prompt"]
    assert by_key["how-much"]["rating"] == 7
    parts_answer = {answer["step_key"]: answer for answer in data["runs"][1]["answers"]}
    assert parts_answer["part"]["part"] == "part-1"
    assert parts_answer["feeling"]["choices"] == ["Worried", "Tired"]
    assert [entry["run"] for entry in data["entries"]] == ["run-1", "run-2", None, None, None]
    trashed = data["entries"][4]
    assert trashed["title"] == "Not for keeping" and trashed["deleted_at"]
    assert data["entries"][2]["tags"] == ["Home", "sleep"]
    assert data["entries"][2]["notes"][0]["text"].startswith("Reading this a week on")
    text = response.getvalue().decode()
    for private in ("robin@example.org", '"robin"', '"id"', "search_text", "shared", "preview"):
        assert private not in text


def test_a_round_trip_through_another_account_gives_the_same_journal(
    robins_journal, robins_export, sam
):
    sams_client = logged_in(sam)
    raw = json.dumps(robins_export).encode()
    response = sams_client.post(IMPORT_URL, {"file": upload(raw)})
    assert response.status_code == 303
    assert response["Location"] == "/journal/"
    message = [str(message) for message in get_messages(response.wsgi_request)]
    assert message == [
        "Imported 5 journal entries (1 of them in the trash), 1 unfinished practice and 2 parts."
    ]

    again = json.loads(sams_client.get(JSON_URL).getvalue())
    assert without_exported_at(again) == without_exported_at(robins_export)

    # Searching finds the same words: search text and previews are built as for new entries.
    def findable(person):
        entries = Entry.objects.filter(user=person).order_by("created_at")
        return list(entries.values_list("search_text", "preview"))

    assert findable(sam) == findable(robins_journal)
    assert (
        "The Critic"
        in Entry.objects.get(user=sam, run__practice__slug="ifs-parts-check-in").search_text
    )


def test_importing_the_same_file_twice_skips_what_is_already_there(robins_export, sam):
    sams_client = logged_in(sam)
    raw = json.dumps(robins_export).encode()
    sams_client.post(IMPORT_URL, {"file": upload(raw)})
    before = counts()
    response = sams_client.post(IMPORT_URL, {"file": upload(raw)})
    assert response.status_code == 303
    messages = [str(message) for message in get_messages(response.wsgi_request)]
    assert (
        messages[-1] == "Everything in this file was already in your journal, so nothing changed."
    )
    assert counts() == before


def test_an_imported_unfinished_practice_can_be_picked_up_where_it_was_left(robins_export, sam):
    sams_client = logged_in(sam)
    sams_client.post(IMPORT_URL, {"file": upload(json.dumps(robins_export).encode())})
    run = Run.objects.get(user=sam, status=Run.Status.PAUSED)
    response = sams_client.get(f"/journal/runs/{run.pk}/", follow=True)
    assert response.status_code == 200
    assert "Half-way through, I stopped.</textarea>" in response.getvalue().decode()


def test_an_empty_journal_goes_out_and_comes_in_without_fuss(make_person, sam, library):
    newcomer = make_person("newcomer")
    raw = logged_in(newcomer).get(JSON_URL).getvalue()
    response = logged_in(sam).post(IMPORT_URL, {"file": upload(raw)})
    messages = [str(message) for message in get_messages(response.wsgi_request)]
    assert messages == ["This file had no entries in it, so there was nothing to add."]
    text = logged_in(newcomer).get(MARKDOWN_URL).getvalue().decode()
    assert "There are no entries in this journal yet." in text


def test_a_part_with_the_same_name_joins_the_importing_persons_own(robins_export, sam):
    sams_critic = PartFactory(user=sam, name="the critic")
    logged_in(sam).post(IMPORT_URL, {"file": upload(json.dumps(robins_export).encode())})
    answer = Answer.objects.get(run__user=sam, step_key="part")
    assert answer.part == sams_critic
    assert answer.part_name == "The Critic"  # what was chosen then, as it was written
    assert list(Part.objects.filter(user=sam).values_list("name", flat=True)) == [
        "the critic",
        "The Worrier",
    ]


def test_a_partly_new_file_adds_only_the_new_entries_and_says_how_many_were_there(
    robins_journal, robins_export, sam
):
    logged_in(sam).post(IMPORT_URL, {"file": upload(json.dumps(robins_export).encode())})
    services.create_entry(robins_journal, title="One more", body="New.", feeling=None, tags=[])
    newer = json.loads(logged_in(robins_journal).get(JSON_URL).getvalue())
    response = logged_in(sam).post(IMPORT_URL, {"file": upload(json.dumps(newer).encode())})
    messages = [str(message) for message in get_messages(response.wsgi_request)]
    assert messages == [
        "Imported 1 journal entry. 6 were already in your journal, so we didn't add them again."
    ]
    assert Entry.objects.filter(user=sam).count() == 6


# Files we refuse ---------------------------------------------------------------------------


def foreign(data):
    return {"format": "day-one", "entries": []}


def newer(data):
    return {**data, "version": 2}


def unknown_practice(data):
    data["runs"][0]["practice"]["slug"] = "moonlight-bathing"
    return data


def unknown_run_ref(data):
    data["entries"][3]["run"] = "run-99"
    return data


def rating_out_of_range(data):
    data["runs"][0]["distress_before"] = 11
    return data


def text_too_long(data):
    data["entries"][2]["body"] = "x" * (MAX_ENTRY_LENGTH + 1)
    return data


def answer_rating_as_text(data):
    answers = data["runs"][1]["answers"]
    room = next(answer for answer in answers if answer["step_key"] == "room")
    room["rating"] = "eight"
    return data


def step_key_with_a_slash(data):
    data["runs"][2]["current_step"] = "../admin"
    return data


def malformed(data):
    return b'{"format": "tend-journal", "version": 1, "parts": ['


def a_date_long_ago(data):
    data["entries"][0]["created_at"] = "1066-10-14T12:00:00Z"
    return data


def a_date_far_ahead(data):
    data["runs"][1]["finished_at"] = "2500-01-01T00:00:00+02:00"
    return data


def a_note_dated_year_one(data):
    data["entries"][2]["notes"][0]["created_at"] = "0001-01-01T00:00:00Z"
    return data


REFUSALS = {
    "a step that isn't a step key": (
        step_key_with_a_slash,
        "runs[2].current_step: must be letters, digits, - or _ only",
    ),
    "malformed JSON": (malformed, "This file couldn't be read: it isn't a JSON file"),
    "a foreign file": (foreign, "This file isn't a Tend journal export, so nothing was imported."),
    "a newer version": (newer, "made by a newer version of Tend (format version 2)"),
    "an unknown practice": (
        unknown_practice,
        "practices that aren't available to you here: “moonlight-bathing”",
    ),
    "an unknown ref": (unknown_run_ref, "entries[3].run: unknown run ref “run-99”"),
    "a rating over 10": (
        rating_out_of_range,
        "runs[0].distress_before: must be a whole number from 0 to 10",
    ),
    "an over-long text": (
        text_too_long,
        "entries[2].body: is 100,001 characters long; Tend keeps up to 100,000",
    ),
    "a rating in words": (
        answer_rating_as_text,
        "runs[1].answers[2].rating: must be a whole number from 0 to 10 or null",
    ),
    "a date long ago": (
        a_date_long_ago,
        "entries[0].created_at: “1066-10-14T12:00:00Z” isn't a date Tend can keep: "
        "it must be between 1900 and 2199",
    ),
    "a date far ahead": (
        a_date_far_ahead,
        "runs[1].finished_at: “2500-01-01T00:00:00+02:00” isn't a date Tend can keep",
    ),
    "a note dated in the year 1": (
        a_note_dated_year_one,
        "entries[2].notes[0].created_at: “0001-01-01T00:00:00Z” isn't a date Tend can keep",
    ),
}


@pytest.mark.parametrize("case", REFUSALS)
def test_a_file_we_cannot_take_is_refused_beside_the_field_and_imports_nothing(
    robins_export, sam, case
):
    change, message = REFUSALS[case]
    changed = change(robins_export)
    raw = changed if isinstance(changed, bytes) else json.dumps(changed).encode()
    before = counts()
    response = logged_in(sam).post(IMPORT_URL, {"file": upload(raw)})
    assert response.status_code == 200
    page = html.unescape(response.getvalue().decode())
    assert 'id="id_file_error"' in page
    beside_the_field = page.split('id="id_file_error"', 1)[1].split("</ul>", 1)[0]
    assert message in beside_the_field
    assert counts() == before


def test_a_file_with_many_problems_lists_the_first_five_and_counts_the_rest(robins_export, sam):
    for run in robins_export["runs"]:
        run["distress_before"] = run["distress_after"] = -1
        run["stirred_up"] = "yes"
    response = logged_in(sam).post(IMPORT_URL, {"file": upload(json.dumps(robins_export).encode())})
    page = html.unescape(response.getvalue().decode())
    assert "Nothing was imported: this file has 9 problems to put right first." in page
    assert "…and 4 more." in page


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"\xff\xfe\x00garbage",
        b"[]",
        b'"tend-journal"',
        b"[" * 100_000,
        b'{"format": "tend-journal", "version": 1}',
        b'{"format": "tend-journal", "version": true}',
        b'{"format": "tend-journal", "version": 1, "parts": {}, "tags": [1], "runs": [7], "entries": null}',
        b'{"format": "tend-journal", "version": 1, "exported_at": NaN, "time_zone": "UTC", "parts": [], "tags": [], "runs": [], "entries": []}',
        b'{"format": "tend-journal", "version": 1, "exported_at": "2026-01-01T00:00:00Z", "time_zone": "UTC", "parts": [], "tags": ["a\\u0000b", "\\ud800"], "runs": [], "entries": []}',
    ],
)
def test_any_bytes_get_a_calm_answer_and_write_nothing(sam, raw):
    before = counts()
    response = logged_in(sam).post(IMPORT_URL, {"file": upload(raw)})
    assert response.status_code == 200
    assert 'id="id_file_error"' in response.getvalue().decode()
    assert counts() == before


def test_a_file_over_10_mb_is_refused_with_a_clear_message(sam):
    response = logged_in(sam).post(IMPORT_URL, {"file": upload(b" " * (10 * 1024 * 1024 + 1))})
    assert response.status_code == 200
    page = html.unescape(response.getvalue().decode())
    beside_the_field = page.split('id="id_file_error"', 1)[1].split("</ul>", 1)[0]
    assert "This file is larger than 10 MB, more than Tend can import at once." in beside_the_field
    assert not Entry.objects.exists()
    # Skipped while the request was read: the file was never kept for the form to open.
    assert not response.wsgi_request.FILES


def test_posting_without_a_file_asks_for_one(sam):
    response = logged_in(sam).post(IMPORT_URL, {})
    assert response.status_code == 200
    assert "Choose your journal file to import." in response.getvalue().decode()


def test_the_import_page_has_a_labelled_file_input_with_help(sam):
    page = logged_in(sam).get(IMPORT_URL).getvalue().decode()
    assert '<label for="id_file">Your Tend journal file</label>' in page
    assert 'type="file"' in page and 'enctype="multipart/form-data"' in page
    assert "Up to 10 MB." in page


# Practices a person may bring in ------------------------------------------------------------


NOT_AVAILABLE = "practices that aren't available to you here: “{slug}”"


def with_practice(data: dict, slug: str) -> bytes:
    data["runs"][0]["practice"]["slug"] = slug
    return json.dumps(data).encode()


def own_practice_of(therapist) -> Practice:
    """A copy of the self-compassion break as one of the therapist's own practices."""
    from practices.editor import read_practice_upload
    from practices.own import save_own_practice

    content = (settings.PRACTICE_LIBRARY_DIR / "msc-self-compassion-break.yaml").read_bytes()
    definition, problems = read_practice_upload("break.yaml", content, therapist)
    assert not problems
    return save_own_practice(therapist, definition)


def refusal(person, raw: bytes) -> str:
    before = counts()
    response = logged_in(person).post(IMPORT_URL, {"file": upload(raw)})
    assert response.status_code == 200
    assert counts() == before
    page = html.unescape(response.getvalue().decode())
    return page.split('id="id_file_error"', 1)[1].split("</ul>", 1)[0]


def test_a_run_of_another_therapists_own_practice_is_not_brought_in(
    robins_export, sam, other_therapist
):
    private = own_practice_of(other_therapist)
    shown = refusal(sam, with_practice(robins_export, private.slug))
    assert NOT_AVAILABLE.format(slug=private.slug) in shown
    assert not Run.objects.filter(user=sam).exists()


def test_a_run_of_a_practice_offered_only_with_a_therapist_is_not_brought_in(robins_export, sam):
    assert not Practice.objects.get(slug="ifs-meeting-an-exile").self_guided
    shown = refusal(sam, with_practice(robins_export, "ifs-meeting-an-exile"))
    assert NOT_AVAILABLE.format(slug="ifs-meeting-an-exile") in shown


def test_the_refusal_reads_the_same_whether_the_practice_exists_or_not(
    robins_export, sam, other_therapist
):
    private = own_practice_of(other_therapist)
    there = refusal(sam, with_practice(json.loads(json.dumps(robins_export)), private.slug))
    not_there = refusal(sam, with_practice(robins_export, "no-such-practice-0a1b2c"))
    assert there.replace(private.slug, "…") == not_there.replace("no-such-practice-0a1b2c", "…")


def test_a_client_brings_in_a_run_of_homework_their_therapist_gave_them(
    robins_export, care_client, therapist
):
    exile = Practice.objects.get(slug="ifs-meeting-an-exile")
    AssignmentFactory(
        therapist=therapist, client=care_client, practice=exile, starts_on=date(2026, 11, 1)
    )
    response = logged_in(care_client).post(
        IMPORT_URL, {"file": upload(with_practice(robins_export, exile.slug))}
    )
    assert response.status_code == 303
    assert Run.objects.filter(user=care_client, practice=exile).count() == 1


def test_a_therapist_brings_in_a_run_of_their_own_practice(robins_export, therapist):
    own = own_practice_of(therapist)
    response = logged_in(therapist).post(
        IMPORT_URL, {"file": upload(with_practice(robins_export, own.slug))}
    )
    assert response.status_code == 303
    assert Run.objects.filter(user=therapist, practice=own).count() == 1


# The file to read --------------------------------------------------------------------------


def test_the_markdown_export_reads_as_a_journal(robins_journal, robin_client):
    response = robin_client.get(MARKDOWN_URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    assert response["Content-Disposition"].endswith('.md"')
    text = response.getvalue().decode()
    assert text.startswith("# My journal from Tend\n")
    prompt = Answer.objects.get(
        run__user=robins_journal, step_key="difficulty", run__status="finished"
    ).prompt
    assert f"> {prompt.strip().splitlines()[0]}" in text
    assert text.index(prompt.strip().splitlines()[0]) < text.index(
        "A hard conversation with my sister."
    )
    assert "7 out of 10" in text
    assert "- Worried\n- Tired" in text
    assert "Part: The Critic" in text
    assert "- Before: distress 6 out of 10, feeling “tense”" in text
    assert "- After: distress 3 out of 10, feeling “calmer”" in text
    assert "Couldn't sleep.\n\nThe house was so quiet." in text
    assert "How I felt: 4 out of 10" in text
    assert "Tags: #Home #sleep" in text
    assert "### Looking back" in text
    assert "Reading this a week on: I slept better after." in text
    assert "Not for keeping" not in text  # in the trash
    assert "## Not finished yet" in text
    assert text.index("## Not finished yet") > text.index("Just a line.")
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings[0].endswith("· Free writing")  # newest first
    assert headings[-2].endswith("· A self-compassion break")


def test_markdown_dates_are_in_the_persons_own_time_zone(library, make_person):
    person = make_person("ana", time_zone="Europe/Berlin")
    with time_machine.travel("2026-11-24 20:30:00+00:00", tick=False):
        services.create_entry(person, title="Evening", body="Quiet.", feeling=None, tags=[])
    text = logged_in(person).get(MARKDOWN_URL).getvalue().decode()
    assert "## Tuesday 24 November 2026, 21:30 · Evening" in text


TYPED_TITLE = '<script>alert("hi")</script> *not bold* [a link](https://example.org)'
TYPED_BODY = (
    "# Not a heading\n"
    "- not a list\n"
    "1. not numbered\n"
    "> not a quote\n"
    "<img src=x onerror=alert(1)> &copy; `not code` ~~not struck~~ $x$ | a | b |\n"
    "---\n"
    "\n"
    "    indented, not code\n"
    "back\\slash_and_underscores_"
)
THERAPISTS_PROMPT = "Breathe *slowly*. <b>Then</b> write: [what comes](javascript:alert(1))"


class RenderedText(HTMLParser):
    """The tags and the text of rendered Markdown."""

    def __init__(self):
        super().__init__()
        self.tags, self.parts = set(), []

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)

    def handle_data(self, data):
        self.parts.append(data)

    @property
    def text(self) -> str:
        return "".join(self.parts).replace("\xa0", " ")


def test_the_markdown_export_shows_what_was_typed_as_typed_and_renders_no_markup(
    library, care_client, therapist
):
    import markdown_it  # a dev dependency: how a Markdown viewer would show the file

    own = own_practice_of(therapist)
    write_step = own.steps.get(key="difficulty")
    write_step.prompt = THERAPISTS_PROMPT
    write_step.save(update_fields=["prompt"])
    run = do_practice(care_client, own.slug, {"difficulty": {"text": TYPED_BODY}})
    entry = services.create_entry(
        care_client, title=TYPED_TITLE, body=TYPED_BODY, feeling=None, tags=["a_b*c"]
    )
    services.add_note(entry, "[click me](javascript:alert(1)) <u>under</u>")
    services.add_note(Entry.objects.get(run=run), "**not bold either**")

    text = logged_in(care_client).get(MARKDOWN_URL).getvalue().decode()
    assert "\\<script>" in text and "\\*not bold\\*" in text

    rendered = RenderedText()
    viewer = markdown_it.MarkdownIt("commonmark").enable(["table", "strikethrough"])
    rendered.feed(viewer.render(text))
    assert rendered.tags <= {"h1", "h2", "h3", "p", "ul", "li", "blockquote", "strong"}
    shown = rendered.text
    for typed in [
        TYPED_TITLE,
        *TYPED_BODY.splitlines(),
        THERAPISTS_PROMPT,
        "#a_b*c",
        "[click me](javascript:alert(1)) <u>under</u>",
        "**not bold either**",
    ]:
        # Leading spaces are kept as no-break spaces (not code); viewers may trim them.
        assert typed.strip() in shown, typed


# The page to print -------------------------------------------------------------------------


def test_the_printable_page_lists_the_kept_entries_without_navigation(robins_journal, robin_client):
    response = robin_client.get(PRINT_URL)
    assert response.status_code == 200
    page = response.getvalue().decode()
    assert "<nav" not in page
    assert page.count("<h1") == 1
    assert "/static/css/print.css" in page and "/static/js/print.js" in page
    assert "data-print" in page and 'href="/journal/"' in page
    assert "A hard conversation with my sister." in page
    assert "Couldn&#x27;t sleep." in page
    assert "Reading this a week on: I slept better after." in page
    assert "Not for keeping" not in page
    assert page.index("A hard conversation") < page.index("Just a line.")  # oldest first


def test_the_printable_page_applies_the_journals_filters(robins_journal, robin_client):
    page = robin_client.get(PRINT_URL, {"tag": "sleep"}).getvalue().decode()
    assert "Couldn&#x27;t sleep." in page
    assert "A hard conversation with my sister." not in page
    assert "Just a line." not in page
    assert "Only the entries matching: Tag: sleep." in page

    page = robin_client.get(PRINT_URL, {"tag": "dragons"}).getvalue().decode()
    assert "We didn&#x27;t recognise that tag, so that filter isn&#x27;t applied." in page
    assert "Just a line." in page


def test_the_export_page_offers_the_three_ways_and_the_import(robins_journal, robin_client):
    page = robin_client.get(EXPORT_URL).getvalue().decode()
    for url in (JSON_URL, MARKDOWN_URL, PRINT_URL, IMPORT_URL):
        assert f'href="{url}"' in page
    assert "Your journal has 4 entries." in page


# Who may see it ----------------------------------------------------------------------------


@pytest.mark.parametrize("url", ALL_URLS)
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_visitor_gets_404_on_every_export_and_import_page(client, robins_journal, url, method):
    client.logout()
    before = counts()
    response = getattr(client, method)(url)
    assert response.status_code == 404
    assert "sister" not in response.getvalue().decode()
    assert counts() == before


@pytest.mark.parametrize("url", [JSON_URL, MARKDOWN_URL, PRINT_URL])
def test_another_person_exports_only_their_own_journal(robins_journal, stranger, url):
    response = logged_in(stranger).get(url)
    assert response.status_code == 200
    text = response.getvalue().decode()
    for robins in ("sister", "Couldn", "The Critic", "A long night", "Just a line"):
        assert robins not in text


@pytest.mark.parametrize("url", ALL_URLS)
def test_every_export_and_import_page_is_never_cached(robins_journal, robin_client, url):
    assert "no-store" in robin_client.get(url)["Cache-Control"]


@pytest.mark.parametrize("url", [JSON_URL, MARKDOWN_URL, PRINT_URL, EXPORT_URL])
def test_exports_only_answer_get(robin_client, url):
    assert robin_client.post(url).status_code == 405


# Commands ----------------------------------------------------------------------------------


def test_the_commands_export_and_import_a_journal(robins_journal, sam, tmp_path):
    path = tmp_path / "robin.json"
    call_command("export_journal", "robin", "--output", str(path))
    out = io.StringIO()
    call_command("import_journal", "sam", str(path), stdout=out)
    assert out.getvalue().startswith("Imported 5 journal entries")
    assert without_exported_at(export_data(sam)) == without_exported_at(
        json.loads(path.read_text())
    )

    out = io.StringIO()
    call_command("import_journal", "sam", str(path), stdout=out)
    assert "already in your journal" in out.getvalue()


def test_the_export_command_writes_markdown_to_stdout(robins_journal):
    out = io.StringIO()
    call_command("export_journal", "robin", "--format", "markdown", stdout=out)
    assert out.getvalue().startswith("# My journal from Tend")
    assert "A hard conversation with my sister." in out.getvalue()


def test_the_import_command_refuses_a_bad_file_with_its_message(sam, tmp_path):
    path = tmp_path / "other.json"
    path.write_text('{"format": "something-else"}')
    with pytest.raises(CommandError, match="isn't a Tend journal export"):
        call_command("import_journal", "sam", str(path))
    with pytest.raises(CommandError, match="no account with the username"):
        call_command("import_journal", "nobody", str(path))
    assert not Entry.objects.exists()


# Staying quick -----------------------------------------------------------------------------


def journal_of(person, size: int) -> None:
    """`size` entries: every other one a finished practice, the rest free writing."""
    for number in range(size):
        if number % 2:
            parts_check_in(person, number)
        else:
            entry = services.create_entry(
                person, title=f"Entry {number}", body="Words.", feeling=3, tags=["sleep", "work"]
            )
            services.add_note(entry, "Looking back on it.")


@pytest.mark.parametrize("size", [3, 30])
def test_exporting_and_printing_take_the_same_queries_however_long_the_journal(
    robin_client, practitioner, library, django_assert_max_num_queries, size
):
    journal_of(practitioner, size)
    with django_assert_max_num_queries(10):  # the daily check-ins: one more
        data = json.loads(robin_client.get(JSON_URL).getvalue())
    assert len(data["entries"]) == size
    with django_assert_max_num_queries(10):
        text = robin_client.get(MARKDOWN_URL).getvalue().decode()
    assert text.count("\n## ") == size
    with django_assert_max_num_queries(11):  # and how many entries match, for the bound
        page = robin_client.get(PRINT_URL).getvalue().decode()
    assert page.count('class="print-entry"') == size
