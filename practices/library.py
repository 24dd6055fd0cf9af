"""Reading and checking practice files. Nothing here touches the database."""

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from practices.models import END, Audience, Intensity, Modality, Mood, Skill, StepKind

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
PRACTICE_FIELDS = {
    "slug",
    "title",
    "modality",
    "skills",
    "intensity",
    "minutes",
    "self_guided",
    "audience",
    "summary",
    "why",
    "source",
    "moods",
    "steps",
}
STEP_FIELDS = {"key", "kind", "title", "optional", "ending"}
KIND_FIELDS = {
    StepKind.READ: {"body"},
    StepKind.WRITE: {"prompt", "example"},
    StepKind.RATE: {"prompt", "low", "high"},
    StepKind.CHOOSE: {"prompt", "options", "multiple", "branches", "on_its_own"},
    StepKind.TIMER: {"body", "seconds", "pace"},
    StepKind.PART: {"prompt"},
}
REQUIRED_TEXT = {
    StepKind.READ: ("body",),
    StepKind.WRITE: ("prompt",),
    StepKind.RATE: ("prompt", "low", "high"),
    StepKind.CHOOSE: ("prompt",),
    StepKind.TIMER: ("body",),
    StepKind.PART: ("prompt",),
}
MIN_STEPS, MAX_STEPS = 4, 10
MAX_ENDINGS = 2  # endings come after the usual steps and are not counted among them
MAX_PROBLEMS = 100  # enough to show what's wrong; reading stops there


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


def load_practice_yaml(text: str):
    """The data of a practice file's text. Raises PracticeFileRefused (a yaml.YAMLError) for
    what practice files never hold, and yaml.YAMLError for what isn't YAML."""
    try:
        # PracticeFileLoader is a SafeLoader that also counts tokens and depth.
        return yaml.load(text, Loader=PracticeFileLoader)  # noqa: S506  # nosec B506
    except RecursionError:  # can't happen within MAX_NESTING, but never a 500
        raise PracticeFileRefused(TOO_DEEP) from None


def brief(value) -> str:
    """A value from a file, short enough to quote back in a problem."""
    if isinstance(value, list | dict):
        return "a list" if isinstance(value, list) else "a mapping"
    text = repr(value[:61] if isinstance(value, str) else value)
    return text if len(text) <= 62 else text[:60] + "…"


class TooManyProblems(Exception):
    pass


class Problems(list):
    """Problems found so far; one more than MAX_PROBLEMS stops the checking."""

    def append(self, problem) -> None:
        if len(self) >= MAX_PROBLEMS:
            raise TooManyProblems
        super().append(problem)


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
    """Check a practice file's data; returns the definition, or None and every problem (up
    to MAX_PROBLEMS, then one saying that there are more)."""
    problems = Problems()

    def problem(field: str, message: str) -> None:
        problems.append(Problem(name, brief_field(field), message))

    try:
        return checked_practice(name, data, problems, problem)
    except TooManyProblems:
        more = Problem(
            name,
            "(file)",
            f"has more than {MAX_PROBLEMS} problems; Tend stopped checking after these",
        )
        return None, [*problems, more]


def brief_field(field: str) -> str:
    return field if len(field) <= 60 else field[:60] + "…"


def checked_practice(name: str, data, problems, problem):
    if not isinstance(data, dict):
        return None, [Problem(name, "(file)", "must be a mapping of fields")]
    for field in sorted(set(data) - PRACTICE_FIELDS):
        problem(field, "is not a field a practice has")

    fields = {
        "slug": text(data, "slug", problem, limit=80),
        "title": text(data, "title", problem, limit=60),
        "summary": text(data, "summary", problem, limit=140),
        "why": text(data, "why", problem, limit=600),
        "source": text(data, "source", problem, limit=300),
        "modality": choice(data, "modality", Modality, problem),
        "intensity": choice(data, "intensity", Intensity, problem),
        "audience": choice(data, "audience", Audience, problem, default="everyone"),
        "skills": choices(data, "skills", Skill, problem),
        "moods": choices(data, "moods", Mood, problem),
        "minutes": whole_number(data, "minutes", problem, low=1, high=60),
        "self_guided": boolean(data, "self_guided", problem),
    }
    if fields["slug"] and not SLUG.match(fields["slug"]):
        problem("slug", "must be lowercase letters, digits and single hyphens")
    if fields["why"] and len(re.findall(r"[.!?](\s|$)", fields["why"])) > 2:
        problem("why", "must be at most two sentences")

    steps = check_steps(data.get("steps"), problem)
    if problems:
        return None, list(problems)
    version = hashlib.sha256(
        json.dumps([fields, steps], sort_keys=True, ensure_ascii=False).encode()
    ).hexdigest()[:12]
    return PracticeDefinition(name, fields, steps, version), []


def check_steps(raw_steps, problem) -> list[dict]:
    if raw_steps is None:
        problem("steps", "is missing")
        return []
    if not isinstance(raw_steps, list):
        problem("steps", "must be a list of steps")
        return []
    endings = sum(1 for raw in raw_steps if isinstance(raw, dict) and raw.get("ending") is True)
    usual = len(raw_steps) - endings
    if not MIN_STEPS <= usual <= MAX_STEPS:
        counted = f"{usual}" if not endings else f"{usual} besides its endings"
        problem("steps", f"must have {MIN_STEPS} to {MAX_STEPS} steps, not {counted}")
    if endings > MAX_ENDINGS:
        problem("steps", f"must have at most {MAX_ENDINGS} endings, not {endings}")
    steps: list[dict] = []
    seen_keys: set[str] = set()
    for number, raw in enumerate(raw_steps, start=1):
        where = f"steps[{number}]"
        if not isinstance(raw, dict):
            problem(where, "must be a mapping of fields")
            continue
        step = check_step(raw, where, problem)
        if step is None:
            continue
        if step["key"] in seen_keys:
            problem(f"{where}.key", f"{step['key']!r} is used by an earlier step")
        seen_keys.add(step["key"])
        steps.append(step)
    if steps and len(steps) == len(raw_steps):
        check_way_through(steps, problem)
    return steps


def check_way_through(steps: list[dict], problem) -> None:
    """The rules about the order of steps and where choices lead: the usual way starts with a
    read step and ends with a closing reflection; endings come after it, and a choice leads
    to each; a branch leads forward, to a later step or to the end (so nothing loops)."""
    usual = [number for number, step in enumerate(steps, start=1) if not step.get("ending")]
    if usual and steps[usual[0] - 1]["kind"] != StepKind.READ:
        problem(
            f"steps[{usual[0]}].kind", "the first step must be a read step saying what this is for"
        )
    if usual and steps[usual[-1] - 1]["kind"] != StepKind.WRITE:
        problem(f"steps[{usual[-1]}].kind", "the last step must be a write step: a reflection")
    for number, step in enumerate(steps, start=1):
        if step.get("ending") and number < (usual[-1] if usual else 0):
            problem(
                f"steps[{number}].ending",
                "an ending goes after the closing reflection, with any other endings",
            )
    position = {step["key"]: number for number, step in enumerate(steps, start=1)}
    led_to: set[str] = set()
    for number, step in enumerate(steps, start=1):
        for count, target in enumerate(step.get("branches", {}).values(), start=1):
            where = f"steps[{number}].branches.{count}.to"
            if target in (END, ""):  # "": wrong already, and said so
                continue
            if target not in position:
                problem(
                    where,
                    f"{brief(target)} is not the key of a step in this practice; "
                    f"name a later step's key, or {END}",
                )
            elif position[target] <= number:
                problem(
                    where,
                    f"{brief(target)} is not after this step; a choice can only lead forward, "
                    f"to a later step or to {END}",
                )
            else:
                led_to.add(target)
    for number, step in enumerate(steps, start=1):
        if step.get("ending") and step["key"] not in led_to:
            problem(
                f"steps[{number}].ending",
                "no choice leads to this ending; lead an option here, or make it a usual step",
            )


def check_step(raw: dict, where: str, problem) -> dict | None:
    def step_problem(field: str, message: str) -> None:
        problem(f"{where}.{field}", message)

    kind = raw.get("kind")
    if kind not in StepKind.values:
        step_problem(
            "kind", f"{brief(kind)} is not a step kind; use one of {', '.join(StepKind.values)}"
        )
        return None
    kind = StepKind(kind)
    for field in sorted(set(raw) - STEP_FIELDS - KIND_FIELDS[kind]):
        step_problem(field, f"is not a field of a {kind.value} step")

    step = {
        "key": text(raw, "key", step_problem, limit=60),
        "kind": kind.value,
        "title": text(raw, "title", step_problem, limit=60),
        "optional": boolean(raw, "optional", step_problem, default=False),
        "body": "",
        "prompt": "",
        "example": text(raw, "example", step_problem, required=False, limit=2000),
        "low": "",
        "high": "",
        "options": [],
        "multiple": False,
        "seconds": None,
        "pace": {},
    }
    if step["key"] and not SLUG.match(step["key"]):
        step_problem("key", "must be lowercase letters, digits and single hyphens")
    for field in REQUIRED_TEXT[kind]:
        step[field] = text(raw, field, step_problem, limit=4000)
    if kind == StepKind.READ and step["optional"]:
        step_problem("optional", "a read step has nothing to skip")
    if kind == StepKind.CHOOSE:
        step["options"] = option_list(raw, step_problem)
        step["multiple"] = boolean(raw, "multiple", step_problem, default=False)
        branches = branch_map(raw, step, step_problem)
        if branches:
            step["branches"] = branches
        # Only when set, like branches, so that a practice without it keeps its version.
        alone = option_on_its_own(raw, step, step_problem)
        if alone:
            step["on_its_own"] = alone
    # Only when set, so that a practice without branches keeps the version it had.
    if boolean(raw, "ending", step_problem, default=False):
        step["ending"] = True
        if step.get("branches"):
            step_problem(
                "branches", "an ending goes on to the check-out, so it can't lead elsewhere"
            )
    if kind == StepKind.TIMER:
        step["seconds"] = whole_number(raw, "seconds", step_problem, low=10, high=600)
        step["pace"] = breathing_pace(raw, step_problem)
    return step


def text(data: dict, field: str, problem, *, limit: int, required: bool = True) -> str:
    value = data.get(field)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            problem(field, "is missing")
        return ""
    if not isinstance(value, str):
        problem(field, "must be text")
        return ""
    value = value.strip()
    if len(value) > limit:
        problem(field, f"is {len(value)} characters; at most {limit}")
    return value


def choice(data: dict, field: str, choices, problem, default: str | None = None) -> str:
    value = data.get(field, default)
    if isinstance(value, list | dict) or value not in choices.values:
        problem(field, f"{brief(value)} is not one of {', '.join(choices.values)}")
        return ""
    return value


def choices(data: dict, field: str, allowed, problem) -> list[str]:
    values = data.get(field, [])
    if not isinstance(values, list):
        problem(field, "must be a list")
        return []
    unknown = [
        value for value in values if isinstance(value, list | dict) or value not in allowed.values
    ]
    if unknown:
        named = ", ".join(
            value if isinstance(value, str) and len(value) <= 60 else brief(value)
            for value in unknown[:5]
        )
        named += f" and {len(unknown) - 5} more" if len(unknown) > 5 else ""
        problem(field, f"{named} not in {', '.join(allowed.values)}")
        return []
    return list(dict.fromkeys(values))


def whole_number(data: dict, field: str, problem, *, low: int, high: int) -> int | None:
    value = data.get(field)
    if isinstance(value, bool) or not isinstance(value, int):
        problem(field, "must be a whole number" if value is not None else "is missing")
        return None
    if not low <= value <= high:
        problem(field, f"must be from {low} to {high}, not {value}")
        return None
    return value


def boolean(data: dict, field: str, problem, default: bool | None = None) -> bool:
    value = data.get(field, default)
    if not isinstance(value, bool):
        problem(field, "must be true or false" if value is not None else "is missing")
        return False
    return value


def option_list(raw: dict, problem) -> list[str]:
    options = raw.get("options")
    if not isinstance(options, list) or not all(
        isinstance(option, str) and option.strip() for option in options
    ):
        problem("options", "must be a list of short texts")
        return []
    options = [option.strip() for option in options]
    if not 2 <= len(options) <= 12:
        problem("options", f"must list 2 to 12 options, not {len(options)}")
    if len(set(options)) != len(options):
        problem("options", "lists the same option twice")
    if any(len(option) > 120 for option in options):
        problem("options", "an option is longer than 120 characters")
    return options


def branch_map(raw: dict, step: dict, problem) -> dict:
    """Where options lead, when not to the next step: {option: a later step's key, or end}.
    Where each leads is checked with the other steps (check_way_through)."""
    branches = raw.get("branches")
    if branches is None:
        return {}
    if not isinstance(branches, dict) or not branches:
        problem("branches", f"must map an option to the key of a later step, or to {END}")
        return {}
    if step["multiple"]:
        problem(
            "branches",
            "only a step where one option is chosen can lead elsewhere; "
            "remove multiple: true, or the branches",
        )
        return {}
    # Every branch is kept, right or wrong, so that the nth here is the nth in the file.
    checked = {}
    for count, (option, target) in enumerate(branches.items(), start=1):
        where = f"branches.{count}"
        if not isinstance(option, str) or option.strip() not in step["options"]:
            problem(f"{where}.option", f"{brief(option)} is not one of this step's options")
        if not isinstance(target, str) or not SLUG.match(target):
            problem(f"{where}.to", f"must be the key of a later step, or {END}")
            target = ""
        checked[option.strip() if isinstance(option, str) else option] = target
    return checked


def option_on_its_own(raw: dict, step: dict, problem) -> str:
    """The option of a step where several can be chosen that only makes sense alone ("None
    of these right now"): ticked with others, the step asks the person to choose."""
    value = raw.get("on_its_own")
    if value is None:
        return ""
    if not isinstance(value, str) or not value.strip():
        problem("on_its_own", "must be one of this step's options")
        return ""
    value = value.strip()
    if not step["multiple"]:
        problem(
            "on_its_own",
            "only a step where more than one option can be chosen has one that goes on its "
            "own; add multiple: true, or remove on_its_own",
        )
    elif value not in step["options"]:
        problem("on_its_own", f"{brief(value)} is not one of this step's options")
    return value


def breathing_pace(raw: dict, problem) -> dict:
    pace = raw.get("pace")
    if pace is None:
        return {}
    if not isinstance(pace, dict) or set(pace) - {"in", "hold", "out"}:
        problem("pace", "must be {in: seconds, out: seconds} with an optional hold")
        return {}
    for part in ("in", "out"):
        value = pace.get(part)
        if isinstance(value, bool) or not isinstance(value, int | float) or not 1 <= value <= 15:
            problem(f"pace.{part}", "must be 1 to 15 seconds")
            return {}
    hold = pace.get("hold", 0)
    if isinstance(hold, bool) or not isinstance(hold, int | float) or not 0 <= hold <= 15:
        problem("pace.hold", "must be 0 to 15 seconds")
        return {}
    return {"in": pace["in"], "hold": hold, "out": pace["out"]}
