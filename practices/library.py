"""Reading practice files safely and checking them against their format (practices.format).
Nothing here touches the database."""

import math
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.utils import timezone
from pydantic import ValidationError
from yaml.constructor import SafeConstructor

from practices.format import (
    KIND_FIELDS,
    MAX_ENDINGS,
    MAX_PROBLEMS,
    MAX_STEPS,
    MIN_STEPS,
    SLUG,
    Practice,
    brief,
    problems_from,
)

# The format itself (every field and rule) is described once, in practices.format; these
# names stay importable from here.
__all__ = [
    "KIND_FIELDS",
    "MAX_ENDINGS",
    "MAX_PROBLEMS",
    "MAX_STEPS",
    "MIN_STEPS",
    "SLUG",
    "PracticeDefinition",
    "PracticeFileError",
    "PracticeFileRefused",
    "Problem",
    "brief",
    "check_practice",
    "load_practice_yaml",
    "read_library",
]


# Reading YAML safely ------------------------------------------------------------------------

# A practice file is small and plain: a mapping, a list of steps, a few short lists and
# mappings inside them, about 300 YAML tokens in all. A hostile file can be small and still
# cost minutes (PyYAML's pure-Python scanner slows down with every level of [ or { it is
# inside, so 100 KB of brackets takes over a minute) or memory (anchors and aliases repeat a
# piece again and again: "billion laughs"), or break a conversion (int() refuses more than
# 4,300 digits). PracticeFileLoader refuses each of these as it reads, before it gets dear.
MAX_TOKENS = 5_000  # a practice file with ten full steps has under 500
MAX_NESTING = 20  # levels of [ and {, and of indentation; practice files use 3 or 4
MAX_NUMBER_LENGTH = 20  # characters of a number; practice files' longest has 3


class PracticeFileRefused(yaml.YAMLError):
    """A file read no further, with the reason in words for its author."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


TOO_DEEP = "is nested more deeply than a practice file ever is"
TOO_LONG = "has more in it than a practice file ever has"
ALIASES = "uses YAML aliases or anchors (*name, &name), which practice files don't use"
LONG_NUMBER = "has a number far longer than any a practice file needs"
NUL_CHARACTER = "holds a NUL character (\\0), which no practice's text can hold"


class PracticeFileLoader(yaml.SafeLoader):
    """yaml.SafeLoader that stops, while scanning, at what a practice file never needs: more
    than MAX_TOKENS tokens, nesting deeper than MAX_NESTING, anchors and aliases, and numbers
    longer than MAX_NUMBER_LENGTH. (It extends the scanner's own fetch_* steps, which have
    been PyYAML's for as long as it has had a pure-Python scanner.)"""

    def fetch_more_tokens(self):
        if self.tokens_taken > MAX_TOKENS:
            raise PracticeFileRefused(TOO_LONG)
        return super().fetch_more_tokens()

    def fetch_flow_collection_start(self, TokenClass):
        if self.flow_level >= MAX_NESTING:
            raise PracticeFileRefused(TOO_DEEP)
        return super().fetch_flow_collection_start(TokenClass)

    def add_indent(self, column):
        if len(self.indents) >= MAX_NESTING:
            raise PracticeFileRefused(TOO_DEEP)
        return super().add_indent(column)

    def fetch_alias(self):
        raise PracticeFileRefused(ALIASES)

    def fetch_anchor(self):
        raise PracticeFileRefused(ALIASES)

    def construct_scalar(self, node):
        # "\0" in a quoted string is a NUL: the database can't store it, so stop here.
        value = super().construct_scalar(node)
        if isinstance(value, str) and "\x00" in value:
            raise PracticeFileRefused(NUL_CHARACTER)
        return value

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key is not None and key in seen:
                raise PracticeFileRefused(f"names {brief(key)} twice in one mapping")
            seen.add(key)
        return super().construct_mapping(node, deep=deep)

    def construct_bounded_int(self, node):
        if len(self.construct_scalar(node)) > MAX_NUMBER_LENGTH:
            raise PracticeFileRefused(LONG_NUMBER)
        return self.construct_yaml_int(node)

    def construct_bounded_float(self, node):
        if len(self.construct_scalar(node)) > MAX_NUMBER_LENGTH:
            raise PracticeFileRefused(LONG_NUMBER)
        return self.construct_yaml_float(node)


PracticeFileLoader.add_constructor(
    "tag:yaml.org,2002:int", PracticeFileLoader.construct_bounded_int
)
PracticeFileLoader.add_constructor(
    "tag:yaml.org,2002:float", PracticeFileLoader.construct_bounded_float
)
# No field of a practice is a date, so a date-like value ("2024-02-30", "0000-01-01") is read
# as the text it is: YAML's own timestamp reading raises ValueError for impossible dates.
PracticeFileLoader.add_constructor(
    "tag:yaml.org,2002:timestamp", SafeConstructor.construct_yaml_str
)


def load_practice_yaml(text: str):
    """The data of a practice file's text. Raises PracticeFileRefused (a yaml.YAMLError) for
    what practice files never hold, and yaml.YAMLError for what isn't YAML."""
    try:
        # PracticeFileLoader is a SafeLoader that also counts tokens and depth.
        return yaml.load(text, Loader=PracticeFileLoader)  # noqa: S506  # nosec B506
    except RecursionError:  # can't happen within MAX_NESTING, but never a 500
        raise PracticeFileRefused(TOO_DEEP) from None


@dataclass(frozen=True)
class Problem:
    file: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.field}: {self.message}"


class PracticeFileError(Exception):
    """One or more practice files are wrong; nothing was loaded."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


@dataclass
class PracticeDefinition:
    """A checked practice file, ready to be written to the database."""

    file: str
    fields: dict
    steps: list[dict]
    version: str

    @property
    def slug(self) -> str:
        return self.fields["slug"]


def library_files(folder: Path) -> list[Path]:
    return sorted(path for path in folder.iterdir() if path.suffix in {".yaml", ".yml"})


def read_library(folder: Path) -> list[PracticeDefinition]:
    """Read and check every practice file in a folder, or raise with every problem found."""
    problems: list[Problem] = []
    definitions: list[PracticeDefinition] = []
    seen_slugs: dict[str, str] = {}
    for path in library_files(folder):
        definition, file_problems = read_practice_file(path)
        problems.extend(file_problems)
        if definition is None:
            continue
        if definition.slug in seen_slugs:
            problems.append(
                Problem(
                    path.name,
                    "slug",
                    f"{definition.slug!r} is already used by {seen_slugs[definition.slug]}",
                )
            )
            continue
        seen_slugs[definition.slug] = path.name
        problems.extend(library_problems(definition))
        definitions.append(definition)
    if problems:
        raise PracticeFileError(problems)
    return definitions


def read_practice_file(path: Path) -> tuple[PracticeDefinition | None, list[Problem]]:
    name = path.name
    try:
        data = load_practice_yaml(path.read_text(encoding="utf-8"))
    except PracticeFileRefused as refused:
        return None, [Problem(name, "(file)", refused.message)]
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        return None, [Problem(name, "(file)", f"is not valid YAML: {error}")]
    return check_practice(name, data)


def check_practice(name: str, data) -> tuple[PracticeDefinition | None, list[Problem]]:
    """Check a practice file's data against the format (practices.format.Practice); returns
    the definition, or None and every problem (up to MAX_PROBLEMS, then one saying that there
    are more)."""
    if not isinstance(data, dict):
        return None, [Problem(name, "(file)", "must be a mapping of fields")]
    try:
        practice = Practice.model_validate(data)
    except ValidationError as error:
        problems = [Problem(name, brief_field(str(at)), what) for at, what in problems_from(error)]
        if len(problems) > MAX_PROBLEMS:
            more = f"has more than {MAX_PROBLEMS} problems; Tend stopped checking after these"
            problems = [*problems[:MAX_PROBLEMS], Problem(name, "(file)", more)]
        return None, problems
    fields, steps, version = practice.as_definition()
    return PracticeDefinition(name, fields, steps, version), []


def brief_field(field: str) -> str:
    return field if len(field) <= 60 else field[:60] + "…"


# What a library practice owes its readers beyond the format -------------------------------------

# How long a practice takes, from its steps: what is read at a calm 160 words a minute (bodies
# and prompts), every timer's seconds, a minute and a half for each reflection written and a
# moment for each choice or rating. A stated length may be off by two minutes or 40%.
READING_WORDS_PER_MINUTE = 160
SECONDS_TO_WRITE = 90
SECONDS_TO_CHOOSE = 20
MINUTES_SLACK, SHARE_SLACK = 2, 0.4


def estimated_minutes(steps: list[dict], variant: dict | None = None) -> float:
    """The minutes the usual way through takes (endings aside), in the given version."""
    leave_out = set(variant.get("leave_out", [])) if variant else set()
    seconds_for = variant.get("seconds", {}) if variant else {}
    total = 0.0
    for step in steps:
        if step.get("ending") or step["key"] in leave_out:
            continue
        words = len(f"{step['body']} {step['prompt']}".split())
        total += words * 60 / READING_WORDS_PER_MINUTE
        if step["kind"] == "timer":
            total += seconds_for.get(step["key"], step["seconds"])
        elif step["kind"] == "write":
            total += SECONDS_TO_WRITE
        elif step["kind"] in ("choose", "rate", "part"):
            total += SECONDS_TO_CHOOSE
    return total / 60


def minutes_problem(stated: int, estimate: float) -> str | None:
    slack = max(MINUTES_SLACK, SHARE_SLACK * estimate)
    if abs(stated - estimate) <= slack:
        return None
    low, high = max(1, math.ceil(estimate - slack)), math.floor(estimate + slack)
    return (
        f"says {stated} minutes, but its steps take about {estimate:.0f} (timers, reading at "
        f"{READING_WORDS_PER_MINUTE} words a minute, {SECONDS_TO_WRITE} seconds a reflection); "
        f"say {low} to {high}"
    )


def library_problems(definition: PracticeDefinition) -> list[Problem]:
    """The library's own rules: every practice names its sources, and its stated minutes (and
    each version's) match its steps. A therapist's own practice needs neither."""
    fields, file = definition.fields, definition.file
    problems = []
    if not fields.get("sources"):
        what = "is missing: name the method's publications as {author, year, title}"
        problems.append(Problem(file, "sources", what))
    said = minutes_problem(fields["minutes"], estimated_minutes(definition.steps))
    if said:
        problems.append(Problem(file, "minutes", said))
    for number, variant in enumerate(fields.get("variants", []), start=1):
        said = minutes_problem(variant["minutes"], estimated_minutes(definition.steps, variant))
        if said:
            problems.append(Problem(file, f"variants[{number}].minutes", said))
    return problems


# What a sync did, and archiving what left the folder ---------------------------------------------


@dataclass
class SyncReport:
    """What one sync of practices, lessons or paths did, by slug."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    archived: list[str] = field(default_factory=list)
    # Each library practice loaded, and whether it is self-guided: what lessons may name.
    self_guided: dict[str, bool] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.archived)


def archive_removed(existing: dict, in_files: set[str], report: SyncReport) -> None:
    """Archive (never delete) each row whose file is gone, so what points at it still reads."""
    for slug, row in existing.items():
        if slug not in in_files and not row.is_archived:
            row.archived_at = timezone.now()
            row.save(update_fields=["archived_at", "updated_at"])
            report.archived.append(slug)
