"""A person's whole journal out of Tend, and back into (another account of) Tend.

`export_json_stream` writes everything in the format journal/EXPORT_FORMAT.md describes (the
keys and their order are those of the format's models, journal/export_format.py, which also
read an import); `export_markdown_stream` writes one readable file, with what was typed
escaped so it reads back as typed. Both are written as they are read, a chunk of rows at a
time, so their cost in memory does not grow with the journal (see "Export" below).
Importing is two steps: `parse_export` reads and checks the whole file and
writes nothing (a file we can't take raises `ImportRefused` with a message a person can act
on); `import_plan` then writes it a few hundred entries at a time, each batch in a short
transaction of its own, so a big import never holds the database for long.

Reading is guarded against hostile files: the size and the number of strings, lists and
objects are counted on the raw bytes, and the nesting depth measured outside strings, before
anything is parsed; numbers are bounded before they are converted; then the models read it:
the lists of the format are capped, and reading stops after MAX_PROBLEMS problems.
"""

import json
import logging
import re
import time
from collections import defaultdict, namedtuple
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from itertools import accumulate

from django.contrib.auth import get_user_model
from django.db import DatabaseError, connection, transaction
from django.db.models import TextField
from django.db.models.functions import Cast
from django.utils import dateformat, timezone
from pydantic_core import to_json

from compassion_site.lib.dates import day_and_time, local_moment
from journal.export_format import (  # noqa: F401  (names other modules read from here)
    FORMAT_NAME,
    FORMAT_VERSION,
    MAX_ANSWERS,
    MAX_CHECK_INS,
    MAX_CHOICES,
    MAX_ENTRIES,
    MAX_ENTRY_TAGS,
    MAX_NOTES,
    MAX_PARTS,
    MAX_PROBLEMS,
    MAX_RUNS,
    MAX_TAGS,
    ExportDocument,
    ExportedAnswer,
    ExportedCheckIn,
    ExportedEntry,
    ExportedNote,
    ExportedPart,
    ExportedRun,
    PracticeRef,
    iso,
    read_document,
)
from journal.models import (
    CHECK_IN_WORDS,
    Answer,
    CheckIn,
    Entry,
    EntryNote,
    Part,
    Run,
    Tag,
)
from journal.search import search_fields, tag_order
from journal.services import tags_named
from practices.models import Assignment, Practice

logger = logging.getLogger(__name__)

SHOWN_PROBLEMS = 5

# What one file may hold. A real export of 10 MB (indented, as Tend writes it) is about 3,000
# practices with everything written in them: parsed, it takes about three times its size in
# memory, and it is written in a few seconds. The counts below are about 1.5 times what such
# a file holds, so a file packed with tiny strings or empty objects (which cost 10 to 20
# times their size once parsed) is refused before it is parsed, not after.
MAX_IMPORT_BYTES = 10 * 1024 * 1024
MAX_MEGABYTES = MAX_IMPORT_BYTES // (1024 * 1024)
MAX_STRINGS = 650_000  # "…", keys included: counted as quote marks / 2, an upper bound
MAX_CONTAINERS = 100_000  # […] and {…}: counted on the raw bytes, an upper bound
MAX_SEPARATORS = 650_000  # commas: one per value in a list or object, an upper bound
MAX_DEPTH = 10  # the format nests 6 deep: the file, runs, a run, answers, an answer, choices
MAX_DIGITS = 20  # the longest number in a Tend journal file has 5 digits

NOT_JSON = (
    "This file couldn't be read: it isn't a JSON file like the one Tend makes when you "
    "export your journal. Nothing was imported."
)
FOREIGN = "This file isn't a Tend journal export, so nothing was imported."
UNKNOWN_VERSION = (
    "This file says it is a Tend journal export, but its format version isn't one Tend "
    "knows, so nothing was imported."
)
NEWER = (
    "This file was made by a newer version of Tend (format version {version}) than this one, "
    "which reads version {known}. Nothing was imported."
)
HAS_PROBLEMS = "Nothing was imported: this file has {count} to put right first."
TOO_BIG = (
    f"This file is larger than {MAX_MEGABYTES} MB, more than Tend can import at once. "
    f"A journal file of up to {MAX_MEGABYTES} MB holds about 3,000 practices with everything "
    "written in them. Nothing was imported."
)
TOO_MUCH = (
    "This file has more pieces in it than a Tend journal file of up to "
    f"{MAX_MEGABYTES} MB ever has, so Tend didn't read it. Nothing was imported."
)
TOO_DEEP = (
    "This file is nested more deeply than a Tend journal file ever is, so Tend didn't read "
    "it. Nothing was imported."
)
LONG_NUMBER = (
    "This file has a number far longer than any in a Tend journal file, so Tend didn't read "
    "it. Nothing was imported."
)
NOT_OPEN = "practices that aren't available to you here: {names}"


# Export ------------------------------------------------------------------------------------
#
# Both files are written as they are read: a chunk of CHUNK_SIZE rows at a time with
# iterator(), each chunk's answers, tags and notes in one query each (prefetch_related), and
# sent on in pieces of about FLUSH_AT characters. So the queries grow with the chunks, never
# with the entries one by one, and the memory kept is a chunk's, plus one number per run (the
# refs entries name). On PostgreSQL the whole file is read in one REPEATABLE READ, READ ONLY
# transaction: one snapshot, so an entry saved meanwhile is either in the file whole or not at
# all. The bytes are those the whole-document builders wrote (tests/journal/
# test_export_streams.py compares them).

CHUNK_SIZE = 500
FLUSH_AT = 64 * 1024


class ExportStopped(Exception):
    """Something failed part-way through writing a file. It names no data: the cause is
    left out of what gets logged."""


@contextmanager
def one_snapshot():
    """PostgreSQL: one REPEATABLE READ, READ ONLY transaction for the whole export. Inside a
    transaction already (a test), or on SQLite, the queries run where they are."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def pieces(parts: Iterator[str]) -> Iterator[bytes]:
    """Text in, UTF-8 out in pieces of about FLUSH_AT characters."""
    held, size = [], 0
    for part in parts:
        held.append(part)
        size += len(part)
        if size >= FLUSH_AT:
            yield "".join(held).encode()
            held, size = [], 0
    if held:
        yield "".join(held).encode()


def guarded(parts: Iterator[str], kind: str, stopped_note: str = "") -> Iterator[bytes]:
    """The file's bytes. If something fails part-way, the person must not be left with a
    file that looks whole: a JSON file simply ends (it no longer parses, and an import says
    so); a Markdown file ends with `stopped_note`, which says so in words. Then the download
    itself fails (the server ends the connection without finishing the response), so the
    browser shows it as failed too. Only the kind of failure is logged, never the content."""
    try:
        yield from pieces(parts)
    except GeneratorExit:
        raise  # the person went away: nothing more to send
    except Exception as error:
        logger.error("Journal export (%s) stopped part-way: %s", kind, type(error).__name__)
        if stopped_note:
            yield stopped_note.encode()
        raise ExportStopped(f"The {kind} export stopped part-way.") from None


def batched(rows: Iterator, size: int | None = None) -> Iterator[list]:
    size = size or CHUNK_SIZE
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


RUN_FIELDS = (
    "id",
    "practice__slug",
    "practice__title",
    "practice_version",
    "status",
    "current_step",
    "started_at",
    "finished_at",
    "distress_before",
    "feeling_before",
    "distress_after",
    "feeling_after",
    "stirred_up",
    "hard_moment",
)
ANSWER_FIELDS = (
    "run_id",
    "step_key",
    "position",
    "kind",
    "step_title",
    "prompt",
    "low",
    "high",
    "text",
    "rating",
    "choices_text",
    "part_id",
    "part_name",
    "skipped",
)
AnswerRow = namedtuple("AnswerRow", [*ANSWER_FIELDS[:-4], "choices", *ANSWER_FIELDS[-3:]])
STATUS_WORDS = dict(Run.Status.choices)


def runs_in_order(user, **filters) -> Iterator[list]:
    """The person's runs, oldest first, a chunk at a time (rows with RUN_FIELDS)."""
    rows = (
        Run.objects.filter(user=user, **filters)
        .order_by("started_at", "id")
        .values_list(*RUN_FIELDS, named=True)
    )
    return batched(rows.iterator(CHUNK_SIZE))


def answers_of(run_ids: list[int]) -> dict[int, list]:
    """Each run's answers in its steps' order (rows with ANSWER_FIELDS), in one query."""
    found = defaultdict(list)
    rows = (
        Answer.objects.filter(run_id__in=run_ids)
        .order_by("run_id", "position", "step_key")
        .annotate(choices_text=Cast("choices", TextField()))
        .values_list(*ANSWER_FIELDS, named=True)
    )
    for row in rows:
        # Most answers have no choices: their JSON is read only when there is some.
        choices = [] if row.choices_text == "[]" else json.loads(row.choices_text)
        found[row.run_id].append(AnswerRow(*row[:-4], choices, *row[-3:]))
    return found


def tags_of(entry_ids: list[int]) -> dict[int, list[str]]:
    """Each entry's tag names, in tag_order, in one query."""
    found = defaultdict(list)
    links = Entry.tags.through.objects.filter(entry_id__in=entry_ids)
    for entry_id, name in links.values_list("entry_id", "tag__name"):
        found[entry_id].append(name)
    return {pk: sorted(names, key=tag_order) for pk, names in found.items()}


def notes_of(entry_ids: list[int]) -> dict[int, list]:
    """Each entry's notes, oldest first (text, created_at), in one query."""
    found = defaultdict(list)
    rows = EntryNote.objects.filter(entry_id__in=entry_ids).order_by("created_at", "id")
    for entry_id, text, created_at in rows.values_list("entry_id", "text", "created_at"):
        found[entry_id].append((text, created_at))
    return found


def json_items(chunks: Iterator[list[dict]]) -> Iterator[str]:
    """A long list of the file two levels down, as json.dumps(indent=2, ensure_ascii=False)
    writes it, serialized a chunk at a time by pydantic_core (the same bytes, much sooner)."""
    first = True
    for chunk in chunks:
        if not chunk:
            continue
        text = to_json(chunk, indent=2).decode().replace("\n", "\n  ")
        yield ("[" if first else ",") + text[1:-4]  # without its own "[" and "\n  ]"
        first = False
    yield "[]" if first else "\n  ]"


def json_parts(user) -> Iterator[str]:
    """The JSON file (an ExportDocument, EXPORT_FORMAT.md) as text, a piece at a time. The
    keys and their order are the models' (journal/export_format.py): the tests read the file
    back through them."""
    parts = list(Part.objects.filter(user=user).order_by("created_at", "id"))
    part_refs = {part.pk: f"part-{number}" for number, part in enumerate(parts, 1)}
    run_numbers: dict[int, int] = {}  # run pk: its number in the file, for the entries' refs

    def runs():
        for chunk in runs_in_order(user):
            answers = answers_of([run.id for run in chunk])
            items = []
            for run in chunk:
                run_numbers[run.id] = number = len(run_numbers) + 1
                items.append(
                    {
                        "ref": f"run-{number}",
                        "practice": {
                            "slug": run.practice__slug,
                            "title": run.practice__title,
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
                            exported_answer(answer, part_refs) for answer in answers[run.id]
                        ],
                    }
                )
            yield items

    def entries():
        rows = (
            Entry.objects.filter(user=user)
            .order_by("created_at", "id")
            .values_list(
                "id", "run_id", "title", "body", "feeling", "created_at", "updated_at", "deleted_at"
            )
        )
        for chunk in batched(rows.iterator(CHUNK_SIZE)):
            ids = [row[0] for row in chunk]
            tags, notes = tags_of(ids), notes_of(ids)
            yield [
                {
                    "run": f"run-{run_numbers[run_id]}" if run_id in run_numbers else None,
                    "title": title,
                    "body": body,
                    "feeling": feeling,
                    "tags": tags.get(pk, []),
                    "created_at": iso(created_at),
                    "updated_at": iso(updated_at),
                    "deleted_at": iso(deleted_at),
                    "notes": [{"text": text, "created_at": iso(at)} for text, at in notes[pk]],
                }
                for pk, run_id, title, body, feeling, created_at, updated_at, deleted_at in chunk
            ]

    def check_ins():
        rows = (
            CheckIn.objects.filter(user=user)
            .order_by("day")
            .values_list("day", "how_i_am", "words", "note", "created_at", "updated_at")
        )
        for chunk in batched(rows.iterator(CHUNK_SIZE)):
            yield [
                {
                    "day": day.isoformat(),
                    "how_i_am": how_i_am,
                    "words": list(words),
                    "note": note,
                    "created_at": iso(created_at),
                    "updated_at": iso(updated_at),
                }
                for day, how_i_am, words, note, created_at, updated_at in chunk
            ]

    head = ExportDocument.model_construct(
        format=FORMAT_NAME,
        version=FORMAT_VERSION,
        exported_at=timezone.now(),
        time_zone=user.time_zone,
        parts=[
            ExportedPart.model_construct(
                ref=part_refs[part.pk],
                name=part.name,
                description=part.description,
                retired=part.retired,
                created_at=part.created_at,
            )
            for part in parts
        ],
        tags=sorted(Tag.objects.filter(user=user).values_list("name", flat=True), key=tag_order),
        runs=[],
        entries=[],
        check_ins=[],
    ).model_dump(mode="json")
    long_lists = {"runs": runs, "entries": entries, "check_ins": check_ins}
    yield "{\n"
    for number, (key, value) in enumerate(head.items(), 1):
        yield f"  {json.dumps(key)}: "
        if key in long_lists:
            yield from json_items(long_lists[key]())
        else:
            yield json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n  ")
        yield ",\n" if number < len(head) else "\n"
    yield "}\n"


def exported_answer(answer, part_refs: dict) -> dict:
    return {
        "step_key": answer.step_key,
        "position": answer.position,
        "kind": answer.kind,
        "step_title": answer.step_title,
        "prompt": answer.prompt,
        "low": answer.low,
        "high": answer.high,
        "text": answer.text,
        "rating": answer.rating,
        "choices": answer.choices,
        "part": part_refs.get(answer.part_id),
        "part_name": answer.part_name,
        "skipped": answer.skipped,
    }


def export_json_stream(user) -> Iterator[bytes]:
    """The JSON file as UTF-8 bytes, written as it is read, from one snapshot."""
    with one_snapshot():
        yield from guarded(json_parts(user), "JSON")


def export_json_text(user) -> str:
    """The JSON export as text: UTF-8 friendly, indented so a person can look inside."""
    return b"".join(export_json_stream(user)).decode()


def export_data(user) -> dict:
    """Everything the person has in Tend as JSON-ready data: the JSON file, read back."""
    return json.loads(export_json_text(user))


# Markdown ----------------------------------------------------------------------------------


def when(moment: datetime, zone) -> str:
    """Tuesday 24 November 2026, 21:30, in the person's own time zone."""
    return day_and_time(local_moment(moment, zone))


# What a person typed (and what a therapist wrote in their own practice) must read back as
# typed, and nothing in it may turn into markup, a link, an image or HTML when the file is
# opened in a Markdown viewer. Backslash escapes are CommonMark's own, and every viewer knows
# them: for characters that make markup anywhere in a line (GitHub's tables, strikethrough
# and math included), for an HTML entity, and at the start of a line for what begins a block
# (a list, a quote, a heading underline). Leading spaces become no-break spaces, so an
# indented line stays indented instead of turning into a code block.
MARKUP = "\\`*_[]<#|~$"
ESCAPED = str.maketrans({character: f"\\{character}" for character in MARKUP})
ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
BLOCK_START = re.compile(r"^(?:([->+=])|([0-9]{1,9})([.)]))")


def one_line(text: str) -> str:
    return " ".join(text.splitlines())


def md_text(text: str) -> str:
    """Text on one line (a title, a feeling, a tag), escaped; line breaks become spaces."""
    escaped = one_line(text).translate(ESCAPED)
    return ENTITY.sub(r"\\&", escaped) if "&" in escaped else escaped


def md_line(line: str) -> str:
    """One line that begins a line of the file, escaped, its indent kept."""
    body = line.lstrip(" \t")
    if not body:
        return ""
    indent = line[: len(line) - len(body)].expandtabs(4)
    body = BLOCK_START.sub(
        lambda match: f"\\{match[1]}" if match[1] else f"{match[2]}\\{match[3]}", md_text(body)
    )
    return "\u00a0" * len(indent) + body


def md_block(text: str) -> list[str]:
    """Paragraphs as typed: every line escaped, blank lines kept."""
    return [md_line(line) for line in text.strip().splitlines()]


def quoted(text: str) -> list[str]:
    return [f"> {md_line(line)}".rstrip() for line in text.strip().splitlines()]


# Every 0 to 10 scale says which way it runs: distress has 0 as calm, "How I feel" 0 as low.
DISTRESS_ENDS = "Distress runs from 0, calm, to 10, very distressed."
FEELING_ENDS = "0 is very low, 10 is really well"


def check_in_line(label: str, distress: int | None, feeling: str) -> str:
    line = f"{label}: " + ("no rating" if distress is None else f"distress {distress} out of 10")
    if feeling:
        line += f", feeling “{md_text(feeling)}”"
    return line


def check_in_lines(run: Run) -> list[str]:
    """The check-in before and after, and which way distress runs when there is a number."""
    lines = [
        f"- {check_in_line('Before', run.distress_before, run.feeling_before)}",
        f"- {check_in_line('After', run.distress_after, run.feeling_after)}",
    ]
    if run.distress_before is not None or run.distress_after is not None:
        lines.append(f"- {DISTRESS_ENDS}")
    return lines


def answer_markdown(answer: Answer) -> list[str]:
    lines = [f"### {md_text(answer.step_title)}", ""]
    if answer.prompt.strip():
        lines += [*quoted(answer.prompt), ""]
    if answer.text.strip():
        lines += [*md_block(answer.text), ""]
    if answer.rating is not None:
        scale = f" (0: {md_text(answer.low)}, 10: {md_text(answer.high)})" if answer.low else ""
        lines += [f"{answer.rating} out of 10{scale}", ""]
    if answer.choices:
        lines += [*(f"- {md_line(one_line(choice))}" for choice in answer.choices), ""]
    if answer.part_name:
        lines += [f"Part: {md_text(answer.part_name)}", ""]
    return lines


def entry_markdown(entry, run, answers: list, tags: list[str], notes: list, zone) -> list[str]:
    """One kept entry (a row of MARKDOWN_ENTRY), with its run, answers, tags and notes."""
    title = Entry.display_title.fget(entry)
    lines = [f"## {when(entry.created_at, zone)} · {md_text(title)}", ""]
    if run is not None:
        lines += [f"- Practice: {md_text(run.practice__title)}", *check_in_lines(run)]
        if run.hard_moment:
            lines.append("- This one stirred up something hard.")
        lines.append("")
        for answer in answers:
            if Answer.has_content.fget(answer):
                lines += answer_markdown(answer)
    else:
        if entry.feeling is not None:
            lines += [f"How I felt: {entry.feeling} out of 10 ({FEELING_ENDS})", ""]
        if entry.body.strip():
            lines += [*md_block(entry.body), ""]
    if tags:
        lines += ["Tags: " + " ".join(f"#{md_text(name)}" for name in tags), ""]
    if notes:
        lines += ["### Looking back", ""]
        for text, created_at in notes:
            lines += [f"**{when(created_at, zone)}**", "", *md_block(text), ""]
    return lines


HOW_I_AM_ENDS = "0 is very low, 10 is really well"


def check_ins_markdown(check_ins: Iterator) -> Iterator[str]:
    """The daily check-ins, newest day first (as given), a line each."""
    some = False
    for check_in in check_ins:
        if not some:
            some = True
            yield from [
                "## Daily check-ins",
                "",
                f"How I was each day, out of 10 ({HOW_I_AM_ENDS}).",
                "",
            ]
        line = f"- {dateformat.format(check_in.day, 'l j F Y')}: {check_in.how_i_am}"
        if check_in.words:
            line += " · " + ", ".join(md_text(word) for word in check_in.words)
        if check_in.note.strip():
            line += f" · {md_text(check_in.note)}"
        yield line
    if some:
        yield ""


MARKDOWN_ENTRY = ("id", "created_at", "title", "body", "feeling", "run_id")


def markdown_lines(user) -> Iterator[str]:
    """The journal as Markdown, a line at a time: newest entries first, trash left out, then
    the daily check-ins, newest first, and unfinished practices at the end. Dates are in the
    person's own time zone."""
    zone = user.zone
    yield from [
        "# My journal from Tend",
        "",
        f"Exported on {when(timezone.now(), zone)}. Times are in {user.time_zone}.",
        "",
        "Tend is for practice and reflection, not therapy or crisis care.",
        "",
    ]
    kept = (
        Entry.objects.filter(user=user, deleted_at__isnull=True)
        .order_by("-created_at", "-id")
        .values_list(*MARKDOWN_ENTRY, named=True)
    )
    any_kept = False
    for chunk in batched(kept.iterator(CHUNK_SIZE)):
        any_kept = True
        ids = [entry.id for entry in chunk]
        run_ids = [entry.run_id for entry in chunk if entry.run_id]
        runs = {
            run.id: run
            for run in Run.objects.filter(id__in=run_ids).values_list(*RUN_FIELDS, named=True)
        }
        answers = answers_of(run_ids)
        tags, notes = tags_of(ids), notes_of(ids)
        for entry in chunk:
            run = runs.get(entry.run_id)
            # An entry's lines as one piece: fewer, longer pieces for trimmed() to pass on.
            yield "\n".join(
                entry_markdown(
                    entry,
                    run,
                    answers.get(entry.run_id, []),
                    tags.get(entry.id, []),
                    notes.get(entry.id, []),
                    zone,
                )
            )
    if not any_kept:
        yield from ["There are no entries in this journal yet.", ""]
    check_ins = CheckIn.objects.filter(user=user).order_by("-day")
    yield from check_ins_markdown(
        check_ins.values_list("day", "how_i_am", "words", "note", named=True).iterator(CHUNK_SIZE)
    )
    some = False
    for chunk in runs_in_order(user, entry__isnull=True):
        if not some:
            some = True
            yield from ["## Not finished yet", ""]
        answers = answers_of([run.id for run in chunk])
        for run in chunk:
            written = sum(Answer.has_content.fget(answer) for answer in answers[run.id])
            so_far = f", {written} answer{'s' if written != 1 else ''} so far" if written else ""
            status = STATUS_WORDS.get(run.status, run.status)
            yield (
                f"- {md_text(run.practice__title)}: begun {when(run.started_at, zone)}, "
                f"{status.lower()}{so_far}"
            )
    if some:
        yield ""


def trimmed(lines: Iterator[str]) -> Iterator[str]:
    """Lines joined as "\\n".join(lines).rstrip() + "\\n" would join them, as they come: the
    whitespace at the end of what has come so far is held back until more text follows it."""
    held = ""
    for line in lines:
        text = held + line + "\n"
        kept = text.rstrip()
        if kept:
            yield kept
        held = text[len(kept) :]
    yield "\n"


EXPORT_STOPPED_MD = (
    "\n\n---\n\n**This file is not complete.** Something went wrong on our side while it was "
    "being written, so it stops here. Please download your journal again in a little while.\n"
)


def export_markdown_stream(user) -> Iterator[bytes]:
    """The Markdown file as UTF-8 bytes, written as it is read, from one snapshot."""
    with one_snapshot():
        yield from guarded(trimmed(markdown_lines(user)), "Markdown", EXPORT_STOPPED_MD)


def export_markdown(user) -> str:
    """The journal as one readable Markdown file (markdown_lines)."""
    return b"".join(export_markdown_stream(user)).decode()


# Reading a file to import ------------------------------------------------------------------


class ImportRefused(Exception):
    """A file we won't import: one message a person can act on, and what exactly is wrong.
    `more` says the problems stop at MAX_PROBLEMS and there are others after them."""

    def __init__(self, message: str, problems: list[str] | None = None, *, more: bool = False):
        self.message = message
        self.problems = problems or []
        self.more = more
        super().__init__("\n".join(self.lines))

    @property
    def lines(self) -> list[str]:
        """The message, then the first few problems, then how many more there are."""
        shown = self.problems[:SHOWN_PROBLEMS]
        hidden = len(self.problems) - len(shown)
        if self.more:
            return [self.message, *shown, f"…and at least {hidden} more."]
        return [self.message, *shown, *([f"…and {hidden} more."] if hidden else [])]


@dataclass
class PlannedPart:
    ref: str
    name: str
    description: str
    retired: bool
    created_at: datetime


@dataclass
class PlannedRun:
    ref: str
    slug: str
    fields: dict  # Run fields
    answers: list[tuple[dict, str | None]]  # (Answer fields, part ref)


@dataclass
class PlannedEntry:
    run_ref: str | None
    fields: dict  # Entry fields
    tags: list[str]
    notes: list[dict]  # EntryNote fields


@dataclass
class ImportPlan:
    """A whole file, checked: everything `import_plan` needs and nothing left to doubt."""

    parts: list[PlannedPart] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    runs: list[PlannedRun] = field(default_factory=list)
    entries: list[PlannedEntry] = field(default_factory=list)
    practices: dict[str, Practice] = field(default_factory=dict)
    check_ins: list[dict] = field(default_factory=list)  # CheckIn fields, oldest day first
    words_left_out: int = 0  # words that aren't ours (any more): the check-in comes without


def planned_check_ins(document: ExportDocument) -> tuple[list[dict], int]:
    """The file's check-ins as CheckIn fields, keeping only words of our own vocabulary (one
    taken out of it since the file was made is left out, and counted), each once."""
    check_ins, left_out = [], 0
    for check_in in sorted(document.check_ins, key=lambda check_in: check_in.day):
        words = list(dict.fromkeys(word for word in check_in.words if word in CHECK_IN_WORDS))
        left_out += len(check_in.words) - len(words)
        fields = check_in.model_dump(exclude={"words"})
        check_ins.append({**fields, "words": words})
    return check_ins, left_out


def planned(document: ExportDocument) -> ImportPlan:
    """A checked document as what import_plan writes."""
    check_ins, left_out = planned_check_ins(document)
    return ImportPlan(
        parts=[
            PlannedPart(
                ref=part.ref,
                name=part.name,
                description=part.description,
                retired=part.retired,
                created_at=part.created_at,
            )
            for part in document.parts
        ],
        tags=document.tags,
        runs=[
            PlannedRun(
                ref=run.ref,
                slug=run.practice.slug,
                fields=run.run_fields(),
                answers=[(answer.answer_fields(), answer.part) for answer in run.answers],
            )
            for run in document.runs
        ],
        entries=[
            PlannedEntry(
                run_ref=entry.run,
                fields=entry.entry_fields(),
                tags=entry.tags,
                notes=[{"text": note.text, "created_at": note.created_at} for note in entry.notes],
            )
            for entry in document.entries
        ],
        check_ins=check_ins,
        words_left_out=left_out,
    )


# Before parsing: what the raw bytes say -----------------------------------------------------

# Everything but the quote mark and the brackets, for bytes.translate to delete.
NOT_STRUCTURE = bytes(sorted(set(range(256)) - set(b'"[]{}')))
NESTING = [0] * 256
NESTING[ord("[")] = NESTING[ord("{")] = 1
NESTING[ord("]")] = NESTING[ord("}")] = -1


def nesting_depth(raw: bytes) -> int:
    """How deeply a JSON text nests its lists and objects, counting only the brackets
    outside its strings. A few passes of C (replace, translate, split, accumulate), however
    long or hostile the text; an invalid text gets an estimate, which json.loads then
    refuses anyway.

    Inside a JSON string a backslash always starts a two-character escape, so taking out
    every escaped backslash, then every escaped quote, leaves only the quote marks that open
    and close strings. Keeping just those and the brackets, every other piece between quote
    marks is outside a string.
    """
    unescaped = raw.replace(b"\\\\", b"").replace(b'\\"', b"")
    structure = unescaped.translate(None, NOT_STRUCTURE)
    del unescaped
    outside = b"".join(structure.split(b'"')[::2])
    return max(accumulate(map(NESTING.__getitem__, outside)), default=0)


def check_raw(raw: bytes) -> None:
    """Refuse, before parsing, a file too big or with more pieces or nesting than a Tend
    journal file ever has. Counts on the raw bytes include what is inside strings, so they
    are upper bounds: they never let through more than they say."""
    if len(raw) > MAX_IMPORT_BYTES:
        raise ImportRefused(TOO_BIG)
    if json.detect_encoding(raw) not in ("utf-8", "utf-8-sig"):
        raise ImportRefused(NOT_JSON)  # Tend writes UTF-8, and the counts below assume it
    if (
        raw.count(b'"') > 2 * MAX_STRINGS
        or raw.count(b"[") + raw.count(b"{") > MAX_CONTAINERS
        or raw.count(b",") > MAX_SEPARATORS
    ):
        raise ImportRefused(TOO_MUCH)
    if nesting_depth(raw) > MAX_DEPTH:
        raise ImportRefused(TOO_DEEP)


class LongNumber(ValueError):
    pass


def bounded_int(digits: str) -> int:
    """json's parse_int: a number's digits are checked before int() converts them (a
    number of thousands of digits would take long, and over 4,300 raises ValueError)."""
    if len(digits) > MAX_DIGITS:
        raise LongNumber
    return int(digits)


def bounded_float(text: str) -> float:
    if len(text) > MAX_DIGITS * 2:
        raise LongNumber
    return float(text)


def refuse_constant(name):
    raise ValueError(f"{name} is not JSON")


def read_json(raw: bytes):
    check_raw(raw)
    try:
        return json.loads(
            raw, parse_constant=refuse_constant, parse_int=bounded_int, parse_float=bounded_float
        )
    except LongNumber:
        raise ImportRefused(LONG_NUMBER) from None
    except (ValueError, RecursionError):
        raise ImportRefused(NOT_JSON) from None


# Which practices a person may bring in ------------------------------------------------------


def practices_open_to(user, slugs: set[str]) -> dict[str, Practice]:
    """The practices of these slugs that the person may have runs of: from the library and
    self-guided, written by them, given to them as homework, or already in their journal.
    Anything else (another therapist's own practice, one offered only with a therapist)
    would let a file show them every step of it, so it is left out, and a slug that is left
    out reads the same as one that doesn't exist."""
    if not slugs:
        return {}
    found = Practice.objects.in_bulk(slugs, field_name="slug")
    given = set(Assignment.objects.filter(client=user).values_list("practice_id", flat=True))
    done = set(Run.objects.filter(user=user).values_list("practice_id", flat=True).distinct())
    return {
        slug: practice
        for slug, practice in found.items()
        if (practice.author_id is None and practice.self_guided)
        or practice.author_id == user.pk
        or practice.pk in given
        or practice.pk in done
    }


def named(slugs: list[str], most: int = 10) -> str:
    names = ", ".join(f"“{slug}”" for slug in slugs[:most])
    return names + (f" and {len(slugs) - most:,} more" if len(slugs) > most else "")


# Reading a whole file -----------------------------------------------------------------------


def parse_export(raw: bytes, user) -> ImportPlan:
    """Read and check a whole export file for this person; nothing is written. Raises
    ImportRefused with a message for a person (and a list of concrete problems) when any of
    it can't be taken."""
    document = read_json(raw)
    if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
        raise ImportRefused(FOREIGN)
    version = document.get("version")
    if type(version) is not int or version < 1:
        raise ImportRefused(UNKNOWN_VERSION)
    if version > FORMAT_VERSION:
        raise ImportRefused(NEWER.format(version=version, known=FORMAT_VERSION))

    reading = read_document(document)
    problems = reading.problems
    if reading.more:
        count = f"more than {MAX_PROBLEMS:,} problems"
        raise ImportRefused(HAS_PROBLEMS.format(count=count), problems, more=True)
    plan = planned(reading.document) if reading.document is not None else ImportPlan()
    slugs = reading.slugs
    plan.practices = practices_open_to(user, slugs)
    unknown = sorted(slugs - set(plan.practices))
    if unknown:
        problems.insert(0, NOT_OPEN.format(names=named(unknown)))
    if problems:
        count = "1 problem" if len(problems) == 1 else f"{len(problems):,} problems"
        raise ImportRefused(HAS_PROBLEMS.format(count=count), list(problems))
    return plan


# Writing an import -------------------------------------------------------------------------


def counted(number: int, one: str, many: str) -> str:
    return f"{number:,} {one if number == 1 else many}"


@dataclass
class ImportResult:
    entries: int = 0
    in_trash: int = 0
    unfinished: int = 0
    parts: int = 0
    already_there: int = 0
    check_ins: int = 0
    days_already_there: int = 0  # check-ins for days the journal already had: left as they are
    words_left_out: int = 0

    def add(self, other: "ImportResult") -> None:
        for name in (
            "entries",
            "in_trash",
            "unfinished",
            "parts",
            "already_there",
            "check_ins",
            "days_already_there",
            "words_left_out",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def nothing_written(self) -> bool:
        return not (self.entries or self.unfinished or self.parts or self.check_ins)

    @property
    def listed(self) -> str:
        """What came in, as a list in words: "5 journal entries and 2 parts"."""
        pieces = [counted(self.entries, "journal entry", "journal entries")]
        if self.in_trash:
            pieces[0] += f" ({self.in_trash:,} of them in the trash)"
        if self.unfinished:
            pieces.append(counted(self.unfinished, "unfinished practice", "unfinished practices"))
        if self.parts:
            pieces.append(counted(self.parts, "part", "parts"))
        if self.check_ins:
            pieces.append(counted(self.check_ins, "daily check-in", "daily check-ins"))
        return ", ".join(pieces[:-1]) + " and " + pieces[-1] if len(pieces) > 1 else pieces[0]

    @property
    def summary(self) -> str:
        """What was imported, in a sentence or two for the person."""
        if self.nothing_written:
            if self.already_there or self.days_already_there:
                return "Everything in this file was already in your journal, so nothing changed."
            return "This file had no entries in it, so there was nothing to add."
        text = f"Imported {self.listed}."
        if self.already_there == 1:
            text += " 1 was already in your journal, so we didn't add it again."
        elif self.already_there:
            text += (
                f" {self.already_there:,} were already in your journal, "
                "so we didn't add them again."
            )
        if self.days_already_there:
            days = counted(self.days_already_there, "day", "days")
            text += f" You had already checked in on {days} in the file, so we kept yours."
        if self.words_left_out:
            words = counted(self.words_left_out, "word", "words")
            text += f" {words} in the check-ins aren't among Tend's words now, so we left them out."
        return text


def import_parts(user, planned: list[PlannedPart], result: ImportResult) -> dict[str, Part]:
    """The importing person's parts by ref: theirs when the name matches (any case), else new,
    keeping the file's created_at."""
    existing = {}
    for part in Part.objects.filter(user=user).order_by("created_at", "id"):
        existing.setdefault(part.name.casefold(), part)
    by_ref, new = {}, []
    for part in sorted(planned, key=lambda part: part.created_at):
        match = existing.get(part.name.casefold())
        if match is None:
            match = Part(
                user=user, name=part.name, description=part.description, retired=part.retired
            )
            match.created_at = part.created_at
            new.append(match)
        by_ref[part.ref] = match
    created_at = [part.created_at for part in new]
    Part.objects.bulk_create(new)
    for part, moment in zip(new, created_at, strict=True):
        part.created_at = moment  # bulk_create stamped "now" (auto_now_add); put the file's back
    Part.objects.bulk_update(new, ["created_at"])
    result.parts = len(new)
    return by_ref


def planned_search_fields(planned: PlannedEntry, run: PlannedRun | None, answers, tags) -> dict:
    """search_text and preview, by the same recipe as services.refresh_search."""
    return search_fields(
        title=planned.fields["title"],
        body=planned.fields["body"],
        feelings=[run.fields["feeling_before"], run.fields["feeling_after"]] if run else [],
        answers=answers if run else [],
        tags=[tag.name for tag in tags],
        notes=[note["text"] for note in planned.notes],
    )


@dataclass
class Unit:
    """What is written together: an entry with its run (or free writing), or an unfinished
    run on its own."""

    entry: PlannedEntry | None
    run: PlannedRun | None

    @property
    def moment(self) -> datetime:
        return self.entry.fields["created_at"] if self.entry else self.run.fields["started_at"]

    @property
    def rows(self) -> int:
        """About how many rows it writes."""
        rows = 1 + (len(self.run.answers) + 1 if self.run else 0)
        if self.entry:
            rows += len(self.entry.notes) + len(self.entry.tags)
        return rows


def units_of(plan: ImportPlan) -> list[Unit]:
    """Everything in the file to write, oldest first."""
    runs = {run.ref: run for run in plan.runs}
    units = [Unit(entry, runs.get(entry.run_ref)) for entry in plan.entries]
    with_entries = {entry.run_ref for entry in plan.entries}
    units += [Unit(None, run) for run in plan.runs if run.ref not in with_entries]
    return sorted(units, key=lambda unit: unit.moment)


# One batch is written in one transaction: small enough that it holds the database (all of
# it, on SQLite) for a fraction of a second, so other people's saves wait at most that long.
BATCH_UNITS = 200  # also keeps each batch's `IN (...)` lists well inside SQLite's limits
BATCH_ROWS = 2_000
# On SQLite a write transaction locks the whole database, and a save that finds it locked
# tries again only every so often (SQLite's busy handler waits up to 100 ms between tries): a
# pause between batches lets it in, so it waits for one batch, not for the whole import.
SQLITE_PAUSE = 0.1


def batches(units: list[Unit]) -> list[list[Unit]]:
    result, batch, rows = [], [], 0
    for unit in units:
        if batch and (len(batch) >= BATCH_UNITS or rows + unit.rows > BATCH_ROWS):
            result.append(batch)
            batch, rows = [], 0
        batch.append(unit)
        rows += unit.rows
    if batch:
        result.append(batch)
    return result


def new_in_batch(user, batch: list[Unit], slugs: dict[str, str]) -> tuple[list[Unit], int]:
    """The batch's units that aren't in the person's journal yet, and how many were.

    An entry is already there when one has the same moment, title and practice (or both are
    free writing); its run is then left out too. An unfinished run is already there when one
    without an entry began at the same moment with the same practice. Asked inside the
    batch's transaction, so a second import of the same file (a retry, a second tab) skips
    what the first has written.
    """
    moments = [unit.entry.fields["created_at"] for unit in batch if unit.entry]
    present = set(
        Entry.objects.filter(user=user, created_at__in=moments).values_list(
            "created_at", "title", "run__practice__slug"
        )
        if moments
        else []
    )
    began = [unit.run.fields["started_at"] for unit in batch if unit.entry is None]
    unfinished_present = set(
        Run.objects.filter(user=user, entry__isnull=True, started_at__in=began).values_list(
            "started_at", "practice__slug"
        )
        if began
        else []
    )
    new, already_there = [], 0
    for unit in batch:
        if unit.entry:
            fields = unit.entry.fields
            key = (fields["created_at"], fields["title"], slugs.get(unit.entry.run_ref))
        else:
            key = (unit.run.fields["started_at"], unit.run.slug)
        if key in (present if unit.entry else unfinished_present):
            already_there += 1
        else:
            new.append(unit)
    return new, already_there


def write_check_ins(user, check_ins: list[dict], result: ImportResult) -> None:
    """Write a batch of check-ins (inside its transaction). A day the person already has a
    check-in for keeps theirs: the file's is skipped and counted."""
    days = [fields["day"] for fields in check_ins]
    present = set(CheckIn.objects.filter(user=user, day__in=days).values_list("day", flat=True))
    new = [CheckIn(user=user, **fields) for fields in check_ins if fields["day"] not in present]
    CheckIn.objects.bulk_create(new)
    result.check_ins = len(new)
    result.days_already_there = len(check_ins) - len(new)


BIG_IMPORT = 1000


class ImportInterrupted(Exception):
    """Writing failed after some batches were saved: `result` says what came in."""

    def __init__(self, result: ImportResult):
        self.result = result
        super().__init__(result.summary)


def hold_journal(user) -> None:
    """Inside a batch's transaction: one import at a time for this person (PostgreSQL locks
    their row until the batch commits; SQLite's writes take turns anyway)."""
    list(get_user_model().objects.select_for_update().filter(pk=user.pk).values_list("pk"))


def known_tags(user, names: list[str]) -> dict[str, Tag]:
    """The person's tags by casefolded name, those named here made when new."""
    return {tag.name.casefold(): tag for tag in tags_named(user, names)}


def write_batch(user, plan: ImportPlan, batch: list[Unit], parts, result: ImportResult):
    """Write one batch (inside its transaction) with a few bulk inserts: runs, answers,
    entries, their tags and notes."""
    slugs = {run.ref: run.slug for run in plan.runs}
    units, result.already_there = new_in_batch(user, batch, slugs)
    names = {}
    for unit in units:
        for name in unit.entry.tags if unit.entry else []:
            names.setdefault(name.casefold(), name)
    tags = known_tags(user, list(names.values())) if names else {}

    runs = [unit.run for unit in units if unit.run]
    new_runs = [Run(user=user, practice=plan.practices[run.slug], **run.fields) for run in runs]
    Run.objects.bulk_create(new_runs)
    made_runs = {run.ref: made for run, made in zip(runs, new_runs, strict=True)}
    answers = {
        run.ref: sorted(
            (
                Answer(run=made_runs[run.ref], part=parts.get(part_ref), **fields)
                for fields, part_ref in run.answers
            ),
            key=lambda answer: answer.position,
        )
        for run in runs
    }
    Answer.objects.bulk_create(answer for run_answers in answers.values() for answer in run_answers)

    new_entries = []
    for unit in units:
        planned = unit.entry
        if planned is None:
            continue
        entry_tags = list({tags[name.casefold()] for name in planned.tags})
        entry = Entry(
            user=user,
            run=made_runs.get(planned.run_ref),
            **planned.fields,
            **planned_search_fields(
                planned, unit.run, answers.get(planned.run_ref, []), entry_tags
            ),
        )
        new_entries.append((entry, entry_tags, planned.notes))
    Entry.objects.bulk_create(entry for entry, _, _ in new_entries)
    Entry.tags.through.objects.bulk_create(
        Entry.tags.through(entry_id=entry.pk, tag_id=tag.pk)
        for entry, entry_tags, _ in new_entries
        for tag in entry_tags
    )
    EntryNote.objects.bulk_create(
        EntryNote(entry=entry, **note) for entry, _, notes in new_entries for note in notes
    )
    result.entries = len(new_entries)
    result.in_trash = sum(entry.deleted_at is not None for entry, _, _ in new_entries)
    result.unfinished = sum(unit.entry is None for unit in units)


@dataclass
class CheckInBatch:
    """Check-ins written together, after the entries: up to BATCH_ROWS of them."""

    check_ins: list[dict]


def import_plan(user, plan: ImportPlan) -> ImportResult:
    """Write a checked file into the person's journal, oldest first, in batches of a few
    hundred entries, each batch in its own short transaction (see BATCH_UNITS).

    Parts are matched to the person's own by name, tags likewise; both are written with the
    first batch. Check-ins follow the entries, up to BATCH_ROWS a batch; a day the person
    already checked in on keeps their own. What is already in the journal is skipped (see
    `new_in_batch`), so importing a file twice adds nothing the second time, and importing it
    again after a failure part-way brings in just the rest. A failure in the first batch
    leaves the journal as it was and raises the DatabaseError; a later one raises
    ImportInterrupted with what came in.
    """
    result = ImportResult(words_left_out=plan.words_left_out)
    work: list = batches(units_of(plan)) + [
        CheckInBatch(plan.check_ins[start : start + BATCH_ROWS])
        for start in range(0, len(plan.check_ins), BATCH_ROWS)
    ]
    work = work or [[]]
    parts: dict[str, Part] = {}
    for number, batch in enumerate(work):
        done = ImportResult()
        try:
            with transaction.atomic():
                hold_journal(user)
                if number == 0:
                    parts = import_parts(user, plan.parts, done)
                    known_tags(user, plan.tags)
                if isinstance(batch, CheckInBatch):
                    write_check_ins(user, batch.check_ins, done)
                else:
                    write_batch(user, plan, batch, parts, done)
        except DatabaseError as error:
            if number == 0:
                raise
            raise ImportInterrupted(result) from error
        result.add(done)
        if connection.vendor == "sqlite" and number + 1 < len(work):
            time.sleep(SQLITE_PAUSE)
    if result.entries >= BIG_IMPORT and connection.vendor == "postgresql":
        # Thousands of new rows at once: refresh the planner's statistics now rather than
        # when autovacuum gets round to it, so the journal and search stay quick meanwhile.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE journal_entry, journal_run, journal_answer")
    return result
