"""The Tend journal file (journal/EXPORT_FORMAT.md), described once as pydantic models: the
export is written through them and an import is read through them.

Every rule speaks in its own words (PydanticCustomError "tend"), so that a problem reads
`entries[3].run: unknown run ref “run-9”` as it always has. The three long lists (parts,
runs, entries) are read an item at a time against a shared count of problems, so reading
stops after MAX_PROBLEMS: a file of a million wrong items costs no more than one of a
hundred. The raw-byte checks before parsing stay in journal.exchange.
"""

import json
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    TypeAdapter,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from compassion_site.lib.dates import EARLIEST, LATEST, is_realistic
from journal.models import (
    MAX_ANSWER_LENGTH,
    MAX_CHECK_IN_NOTE,
    MAX_CHECK_IN_WORDS,
    MAX_ENTRY_LENGTH,
    MAX_NOTE_LENGTH,
    Answer,
    Entry,
    Part,
    Run,
    Tag,
)
from practices.models import Practice

FORMAT_NAME = "tend-journal"
FORMAT_VERSION = 1
MAX_PROBLEMS = 100
# The lists of the format, capped.
MAX_ENTRIES = 10_000
MAX_RUNS = 10_000
MAX_PARTS = 1_000
MAX_TAGS = 1_000  # distinct tag names in the whole file
MAX_ANSWERS = 50  # per run: a practice has at most 10 steps
MAX_NOTES = 200  # per entry
MAX_CHOICES = 50  # per answer: a choose step has at most 12 options
MAX_ENTRY_TAGS = 100  # per entry
MAX_CHECK_INS = 20_000  # one a day: more than 50 years of them
MAX_CHECK_IN_WORD = 40  # characters; our own words are far shorter
MAX_SHOWN = 60  # characters of a value quoted back in a problem
STEP_KEY = re.compile(r"[-a-zA-Z0-9_]+")


def max_length(model, name: str) -> int:
    return model._meta.get_field(name).max_length


def iso(moment: datetime | None) -> str | None:
    """A moment as ISO 8601 in UTC, to the microsecond: 2026-11-24T21:30:00.000000Z."""
    if moment is None:
        return None
    return moment.astimezone(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def shown(value) -> str:
    """A value from the file, short enough to quote back in a problem."""
    if isinstance(value, list | dict):
        return "[…]" if isinstance(value, list) else "{…}"
    text = value if isinstance(value, str) else json.dumps(value)
    return text if len(text) <= MAX_SHOWN else text[:MAX_SHOWN] + "…"


def problem(message: str) -> PydanticCustomError:
    return PydanticCustomError("tend", "{text}", {"text": message})


# One rule per kind of value -------------------------------------------------------------------


def text_problem(value: str, limit: int | None, *, blank: bool) -> str:
    if "\x00" in value:
        return "contains a null character, which Tend can't keep"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "contains characters that aren't valid text"
    if limit is not None and len(value) > limit:
        return f"is {len(value):,} characters long; Tend keeps up to {limit:,}"
    if not blank and not value.strip():
        return "is empty"
    return ""


def text_rule(limit: int | None, blank: bool):
    def check(value):
        if not isinstance(value, str):
            raise problem("must be text")
        if found := text_problem(value, limit, blank=blank):
            raise problem(found)
        return value

    return BeforeValidator(check)


def Text(limit: int | None = None, *, blank: bool = True):
    return Annotated[str, Field(max_length=limit), text_rule(limit, blank)]


def step_key_rule(value: str) -> str:
    if not STEP_KEY.fullmatch(value):
        raise problem("must be letters, digits, - or _ only")
    return value


def StepKey(limit: int):
    rules = (BeforeValidator(step_key_rule), text_rule(limit, blank=False))
    return Annotated[str, Field(max_length=limit, pattern=STEP_KEY.pattern), *rules]


def Number(low: int, high: int, *, null: bool = False):
    def check(value):
        if value is None and null:
            return None
        if type(value) is not int or not low <= value <= high:
            raise problem(f"must be a whole number from {low} to {high}{' or null' * null}")
        return value

    kind = int | None if null else int
    return Annotated[kind, Field(ge=low, le=high), BeforeValidator(check)]


Rating = Number(0, 10, null=True)


def flag_rule(value):
    if not isinstance(value, bool):
        raise problem("must be true or false")
    return value


Flag = Annotated[bool, BeforeValidator(flag_rule)]


def moment_rule(null: bool):
    def check(value):
        """A date and time with an offset, inside Tend's window of realistic dates."""
        if isinstance(value, datetime):  # already read (written by Tend itself)
            return value
        if value is None and null:
            return None
        try:
            if len(value) > 40:  # the longest ISO 8601 time is 32 characters
                raise ValueError("too long")
            moment = datetime.fromisoformat(value)
            if moment.tzinfo is None:
                raise ValueError("no time zone")
            moment = moment.astimezone(UTC)
        except (TypeError, ValueError, OverflowError):
            raise problem("must be a date and time like “2026-11-24T21:30:00Z”") from None
        if not is_realistic(moment):
            raise problem(
                f"“{shown(value)}” isn't a date Tend can keep: it must be between "
                f"{EARLIEST.year} and {LATEST.year}"
            )
        return moment

    return BeforeValidator(check)


def day_rule(value):
    """A calendar day, 2026-12-01, inside Tend's window of realistic dates."""
    if isinstance(value, date) and not isinstance(value, datetime):  # written by Tend itself
        return value
    try:
        if len(value) > 10:
            raise ValueError("too long")
        day = date.fromisoformat(value)
    except (TypeError, ValueError):
        raise problem("must be a date like “2026-12-01”") from None
    if not is_realistic(day):
        raise problem(
            f"“{shown(value)}” isn't a date Tend can keep: it must be between "
            f"{EARLIEST.year} and {LATEST.year}"
        )
    return day


as_iso = PlainSerializer(iso, return_type=str, when_used="json")
Day = Annotated[
    date,
    BeforeValidator(day_rule),
    PlainSerializer(date.isoformat, return_type=str, when_used="json"),
]
Moment = Annotated[datetime, moment_rule(null=False), as_iso]
MaybeMoment = Annotated[datetime | None, moment_rule(null=True), as_iso]


def items_rule(most: int):
    def check(value):
        if not isinstance(value, list):
            raise problem("must be a list […]")
        if len(value) > most:
            raise problem(f"has {len(value):,} items; Tend imports up to {most:,} at once")
        return value

    return BeforeValidator(check)


def Items(item, most: int):
    return Annotated[list[item], Field(max_length=most), items_rule(most)]


def Ref(kind: str):
    """A reference to a part or run elsewhere in the file, or null."""

    def check(value, info: ValidationInfo):
        if value is None:
            return None
        known = (info.context or {}).get(f"{kind}_refs", set())
        if not isinstance(value, str) or value not in known:
            raise problem(f"unknown {kind} ref “{shown(value)}”")
        return value

    return Annotated[str | None, BeforeValidator(check)]


class Item(BaseModel):
    # Tend ignores keys it doesn't know, so a later version may add some (EXPORT_FORMAT.md).
    model_config = ConfigDict(extra="ignore")


# The document ---------------------------------------------------------------------------------


class ExportedPart(Item):
    ref: Text(80, blank=False)
    name: Text(max_length(Part, "name"), blank=False)
    description: Text(max_length(Part, "description"))
    retired: Flag
    created_at: Moment


SLUG_LENGTH = max_length(Practice, "slug")


class PracticeRef(Item):
    slug: Text(SLUG_LENGTH, blank=False)
    title: Text()
    version: Text(max_length(Run, "practice_version"))


class ExportedAnswer(Item):
    step_key: StepKey(max_length(Answer, "step_key"))
    position: Number(0, 32767)
    kind: Text(max_length(Answer, "kind"))
    step_title: Text(max_length(Answer, "step_title"))
    prompt: Text(MAX_ANSWER_LENGTH)
    low: Text(max_length(Answer, "low"))
    high: Text(max_length(Answer, "high"))
    text: Text(MAX_ANSWER_LENGTH)
    rating: Rating
    choices: Items(Text(MAX_ANSWER_LENGTH), MAX_CHOICES)
    part: Ref("part")
    part_name: Text(max_length(Answer, "part_name"))
    skipped: Flag

    def answer_fields(self) -> dict:
        """The Answer's own fields (the part is found by its ref)."""
        return self.model_dump(exclude={"part"})


class ExportedRun(Item):
    ref: Text(80, blank=False)
    practice: PracticeRef
    status: Annotated[
        Literal[tuple(Run.Status.values)],
        BeforeValidator(lambda value: choice_rule(value, Run.Status.values)),
    ]
    current_step: StepKey(max_length(Run, "current_step"))
    started_at: Moment
    finished_at: MaybeMoment
    distress_before: Rating
    feeling_before: Text(max_length(Run, "feeling_before"))
    distress_after: Rating
    feeling_after: Text(max_length(Run, "feeling_after"))
    stirred_up: Flag
    hard_moment: Flag
    answers: Items(ExportedAnswer, MAX_ANSWERS)

    @model_validator(mode="after")
    def each_step_answered_once(self):
        seen = set()
        for number, answer in enumerate(self.answers):
            if answer.step_key in seen:
                raise PydanticCustomError(
                    "tend",
                    "{text}",
                    {
                        "text": f"“{answer.step_key}” appears twice",
                        "at": f"answers[{number}].step_key",
                    },
                )
            seen.add(answer.step_key)
        return self

    def run_fields(self) -> dict:
        """The Run's own fields."""
        fields = self.model_dump(exclude={"ref", "practice", "answers"})
        return {"practice_version": self.practice.version, **fields}


def choice_rule(value, options):
    if value not in options:
        raise problem("must be one of " + ", ".join(f"“{option}”" for option in options))
    return value


class ExportedNote(Item):
    text: Text(MAX_NOTE_LENGTH)
    created_at: Moment


class ExportedEntry(Item):
    run: Ref("run")
    title: Text(max_length(Entry, "title"))
    body: Text(MAX_ENTRY_LENGTH)
    feeling: Rating
    tags: Items(Text(max_length(Tag, "name"), blank=False), MAX_ENTRY_TAGS)
    created_at: Moment
    updated_at: Moment
    deleted_at: MaybeMoment
    notes: Items(ExportedNote, MAX_NOTES)

    def entry_fields(self) -> dict:
        return {
            "title": self.title,
            "body": self.body,
            "feeling": self.feeling,
            "created_at": self.created_at,
            "updated_at": self.updated_at,
            "deleted_at": self.deleted_at,
        }


class ExportedCheckIn(Item):
    """A daily check-in: how the person was that day, 0 (very low) to 10 (really well)."""

    day: Day
    how_i_am: Number(0, 10)
    words: Items(Text(MAX_CHECK_IN_WORD, blank=False), MAX_CHECK_IN_WORDS)
    note: Text(MAX_CHECK_IN_NOTE)
    created_at: Moment
    updated_at: Moment


class TooManyProblems(Exception):
    """Reading stops here: MAX_PROBLEMS are plenty to show that a file can't be taken."""


class Budget:
    """The problems found so far, shared by the whole reading; one more than MAX_PROBLEMS
    stops it."""

    def __init__(self):
        self.problems: list[str] = []

    def add(self, where: str, error: ValidationError) -> None:
        for detail in error.errors(include_url=False):
            self.note(path(where, detail), words(detail))

    def note(self, where: str, what: str) -> None:
        if len(self.problems) >= MAX_PROBLEMS:
            raise TooManyProblems
        self.problems.append(f"{where}: {what}")


def path(where: str, detail: dict) -> str:
    """Where an error is, as the file's reader finds it: runs[1].answers[2].rating."""
    text = where
    for part in detail["loc"]:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    at = (detail.get("ctx") or {}).get("at")
    return f"{text}.{at}" if at else text or "the file"


def words(detail: dict) -> str:
    if detail["type"] == "tend":
        return detail["ctx"]["text"]
    if detail["type"] == "missing":
        return "is missing"
    if detail["type"] in ("model_type", "model_attributes_type", "dict_type"):
        return "must be an object {…}"
    return detail["msg"]  # not expected: every rule above speaks for itself


def read_items(model, key: str, raw, info: ValidationInfo, most: int) -> list:
    """A long list read an item at a time, each problem counted as it is found."""
    budget: Budget = info.context["budget"]
    try:
        items = items_rule(most).func(raw)
    except PydanticCustomError as error:
        budget.note(key, error.context["text"])
        return []
    adapter = ADAPTERS[model]
    read = []
    for number, value in enumerate(items):
        try:
            read.append((number, adapter.validate_python(value, context=info.context)))
        except ValidationError as error:
            budget.add(f"{key}[{number}]", error)
    return read


class ExportDocument(Item):
    """A whole Tend journal file."""

    format: Literal["tend-journal"]
    version: Literal[1]
    exported_at: Moment
    time_zone: Text(64)
    parts: Items(ExportedPart, MAX_PARTS)
    tags: Items(Text(max_length(Tag, "name"), blank=False), MAX_TAGS)
    runs: Items(ExportedRun, MAX_RUNS)
    entries: Items(ExportedEntry, MAX_ENTRIES)
    # Added to version 1 later: a file from before has no "check_ins" and reads as none.
    check_ins: Items(ExportedCheckIn, MAX_CHECK_INS) = []

    @field_validator("exported_at", "time_zone", mode="wrap")
    @classmethod
    def in_turn(cls, raw, handler, info: ValidationInfo):
        """Noted as found, so that problems read in the file's order."""
        try:
            return handler(raw)
        except ValidationError as error:
            info.context["budget"].add(info.field_name, error)
            return None

    @field_validator("parts", mode="wrap")
    @classmethod
    def each_part(cls, raw, handler, info: ValidationInfo):
        parts = read_items(ExportedPart, "parts", raw, info, MAX_PARTS)
        info.context["part_refs"] = own_refs("parts", raw, info)
        return [part for _, part in parts]

    @field_validator("tags", mode="wrap")
    @classmethod
    def tag_names(cls, raw, handler, info: ValidationInfo):
        try:
            tags = handler(raw)
        except ValidationError as error:
            info.context["budget"].add("tags", error)
            tags = []
        info.context["tag_names"] = {name.casefold() for name in tags}
        return tags

    @field_validator("runs", mode="wrap")
    @classmethod
    def each_run(cls, raw, handler, info: ValidationInfo):
        runs = read_items(ExportedRun, "runs", raw, info, MAX_RUNS)
        info.context["run_refs"] = own_refs("runs", raw, info)
        info.context["slugs"] = practice_slugs(raw)
        return [run for _, run in runs]

    @field_validator("entries", mode="wrap")
    @classmethod
    def each_entry(cls, raw, handler, info: ValidationInfo):
        """Each entry; a run belongs to one entry at most; the file's tags are counted."""
        budget: Budget = info.context["budget"]
        entries = read_items(ExportedEntry, "entries", raw, info, MAX_ENTRIES)
        claimed: dict[str, str] = {}
        for number, entry in entries:
            if entry.run in claimed:
                budget.note(
                    f"entries[{number}].run",
                    f"“{entry.run}” already belongs to {claimed[entry.run]}",
                )
            elif entry.run:
                claimed[entry.run] = f"entries[{number}]"
        names = info.context["tag_names"]
        names.update(name.casefold() for _, entry in entries for name in entry.tags)
        if len(names) > MAX_TAGS:
            budget.note(
                "tags", f"the file names {len(names):,} tags; Tend imports up to {MAX_TAGS:,}"
            )
        return [entry for _, entry in entries]

    @field_validator("check_ins", mode="wrap")
    @classmethod
    def each_check_in(cls, raw, handler, info: ValidationInfo):
        """Each check-in; one a day, as Tend keeps them."""
        budget: Budget = info.context["budget"]
        check_ins = read_items(ExportedCheckIn, "check_ins", raw, info, MAX_CHECK_INS)
        days: dict[date, str] = {}
        for number, check_in in check_ins:
            if check_in.day in days:
                budget.note(
                    f"check_ins[{number}].day",
                    f"“{check_in.day.isoformat()}” already has a check-in, {days[check_in.day]}",
                )
            else:
                days[check_in.day] = f"check_ins[{number}]"
        return [check_in for _, check_in in check_ins]


def own_refs(key: str, raw, info: ValidationInfo) -> set[str]:
    """The refs the file gives its parts or runs; each once. An item with problems of its
    own keeps its ref, so that what names it is not wrong as well."""
    seen: set[str] = set()
    if not isinstance(raw, list) or len(raw) > MAX_ENTRIES:  # too long: said already
        return seen
    for number, value in enumerate(raw):
        ref = value.get("ref") if isinstance(value, dict) else None
        if not isinstance(ref, str) or text_problem(ref, 80, blank=False):
            continue
        if ref in seen:
            info.context["budget"].note(f"{key}[{number}].ref", f"“{ref}” is used twice")
        seen.add(ref)
    return seen


def practice_slugs(raw) -> set[str]:
    """The practices the runs name, read runs or not, so that a refusal can say which of
    them aren't open to the person as well."""
    slugs = set()
    for value in raw if isinstance(raw, list) and len(raw) <= MAX_RUNS else []:
        practice = value.get("practice") if isinstance(value, dict) else None
        slug = practice.get("slug") if isinstance(practice, dict) else None
        if isinstance(slug, str) and not text_problem(slug, SLUG_LENGTH, blank=False):
            slugs.add(slug)
    return slugs


ADAPTERS = {
    model: TypeAdapter(model)
    for model in (ExportedPart, ExportedRun, ExportedEntry, ExportedCheckIn)
}


@dataclass
class Reading:
    """A parsed file read through the models: the document, or None and its problems (at
    most MAX_PROBLEMS; `more` when reading stopped there); `slugs` are the practices of the
    runs that read well, so that a refusal can name those not open to the person too."""

    document: ExportDocument | None
    problems: list[str]
    more: bool = False
    slugs: set[str] = field(default_factory=set)


def read_document(document: dict) -> Reading:
    budget = Budget()
    context = {"budget": budget, "tag_names": set(), "part_refs": set(), "run_refs": set()}
    try:
        read = ExportDocument.model_validate(document, context=context)
    except TooManyProblems:
        return Reading(None, budget.problems, more=True)
    except ValidationError as error:
        try:
            budget.add("", error)
        except TooManyProblems:
            return Reading(None, budget.problems, more=True)
        read = None
    if budget.problems:
        return Reading(None, budget.problems, slugs=context.get("slugs", set()))
    return Reading(read, [], slugs=context["slugs"])
