"""The practice file format, described once: pydantic models of a practice and each kind of
step, with every rule a practice file obeys. The library's loader, the editor and the
import page all check a file through `check_practice`; `manage.py practice_schema` writes
the same description as JSON Schema to practices/library/schema.json.

Every rule raises its own words (PydanticCustomError "tend"), so that `problems_from` can
turn pydantic's errors into the calm `file: field: what` problems authors have always read.
Reading YAML safely (token, depth and alias limits) happens before any of this, in
practices.library.
"""

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from practices.models import END, Audience, Intensity, Modality, Mood, Skill, StepKind

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
MIN_STEPS, MAX_STEPS = 4, 10
MAX_ENDINGS = 2  # endings come after the usual steps and are not counted among them
MAX_PROBLEMS = 100  # enough to show what's wrong; more are not listed
SCHEMA_PATH = Path(__file__).resolve().parent / "library" / "schema.json"


def brief(value) -> str:
    """A value from a file, short enough to quote back in a problem."""
    if isinstance(value, list | dict):
        return "a list" if isinstance(value, list) else "a mapping"
    text = repr(value[:61] if isinstance(value, str) else value)
    return text if len(text) <= 62 else text[:60] + "…"


def fail(*problems: tuple[str, str]):
    """Raise these problems, each (where below the field being checked, what), in our words."""
    return PydanticCustomError("tend", "{text}", {"text": problems[0][1], "problems": problems})


def problem(message: str, at: str = ""):
    return fail((at, message))


# One rule per kind of value -------------------------------------------------------------------


def text_rule(limit: int, required: bool = True):
    def check(value):
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                raise problem("is missing")
            return ""
        if not isinstance(value, str):
            raise problem("must be text")
        value = value.strip()
        if len(value) > limit:
            raise problem(f"is {len(value)} characters; at most {limit}")
        return value

    return BeforeValidator(check)


def Text(limit: int):
    return Annotated[str, Field(max_length=limit, min_length=1), text_rule(limit)]


def OptionalText(limit: int):
    return Annotated[str, Field(max_length=limit), text_rule(limit, required=False)]


def slug_rule(value: str) -> str:
    if not SLUG.match(value):
        raise problem("must be lowercase letters, digits and single hyphens")
    return value


def Slug(limit: int):
    pattern = Field(max_length=limit, pattern=SLUG.pattern)
    return Annotated[str, pattern, BeforeValidator(slug_rule), text_rule(limit)]


def why_rule(value: str) -> str:
    if len(re.findall(r"[.!?](\s|$)", value)) > 2:
        raise problem("must be at most two sentences")
    return value


def Choice(choices):
    def check(value):
        if isinstance(value, list | dict) or value not in choices.values:
            raise problem(f"{brief(value)} is not one of {', '.join(choices.values)}")
        return value

    return Annotated[Literal[tuple(choices.values)], BeforeValidator(check)]


def Choices(allowed):
    def check(values):
        if not isinstance(values, list):
            raise problem("must be a list")
        unknown = [v for v in values if isinstance(v, list | dict) or v not in allowed.values]
        if unknown:
            named = ", ".join(
                value if isinstance(value, str) and len(value) <= 60 else brief(value)
                for value in unknown[:5]
            )
            named += f" and {len(unknown) - 5} more" if len(unknown) > 5 else ""
            raise problem(f"{named} not in {', '.join(allowed.values)}")
        return list(dict.fromkeys(values))

    item = Literal[tuple(allowed.values)]
    return Annotated[
        list[item], Field(json_schema_extra={"uniqueItems": True}), BeforeValidator(check)
    ]


def Number(low: int, high: int):
    def check(value):
        if isinstance(value, bool) or not isinstance(value, int):
            raise problem("must be a whole number" if value is not None else "is missing")
        if not low <= value <= high:
            raise problem(f"must be from {low} to {high}, not {value}")
        return value

    return Annotated[int, Field(ge=low, le=high), BeforeValidator(check)]


def flag_rule(value):
    if not isinstance(value, bool):
        raise problem("must be true or false" if value is not None else "is missing")
    return value


Flag = Annotated[bool, BeforeValidator(flag_rule)]


def seconds_rule(low: int, name: str):
    def check(value):
        if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= 15:
            raise problem(f"must be {low} to 15 seconds", name)
        return value

    return BeforeValidator(check)


def option_list(options) -> list[str]:
    if not isinstance(options, list) or not all(
        isinstance(option, str) and option.strip() for option in options
    ):
        raise problem("must be a list of short texts")
    options = [option.strip() for option in options]
    problems = []
    if not 2 <= len(options) <= 12:
        problems.append(("", f"must list 2 to 12 options, not {len(options)}"))
    if len(set(options)) != len(options):
        problems.append(("", "lists the same option twice"))
    if any(len(option) > 120 for option in options):
        problems.append(("", "an option is longer than 120 characters"))
    if problems:
        raise fail(*problems)
    return options


Options = Annotated[
    list[Annotated[str, Field(min_length=1, max_length=120)]],
    Field(min_length=2, max_length=12, json_schema_extra={"uniqueItems": True}),
    BeforeValidator(option_list),
]


def branch_map(branches) -> dict:
    """Where options lead, when not to the next step: {option: a later step's key, or end}.
    Every branch is kept, right or wrong, so that the nth here is the nth in the file."""
    if not isinstance(branches, dict) or not branches:
        raise problem(f"must map an option to the key of a later step, or to {END}")
    problems, checked = [], {}
    for count, (option, target) in enumerate(branches.items(), start=1):
        if not isinstance(option, str):
            problems.append(
                (f"{count}.option", f"{brief(option)} is not one of this step's options")
            )
        if not isinstance(target, str) or not SLUG.match(target):
            problems.append((f"{count}.to", f"must be the key of a later step, or {END}"))
        checked[option.strip() if isinstance(option, str) else option] = target
    if problems:
        raise fail(*problems)
    return checked


Branches = Annotated[
    dict[str, Annotated[str, Field(pattern=SLUG.pattern)]],
    Field(min_length=1),
    BeforeValidator(branch_map),
]


def on_its_own_rule(value):
    if not isinstance(value, str) or not value.strip():
        raise problem("must be one of this step's options")
    return value.strip()


AUDIO_PATH = re.compile(r"^[A-Za-z0-9_-][A-Za-z0-9._-]*(/[A-Za-z0-9_-][A-Za-z0-9._-]*)*$")
AUDIO_PATH_LENGTH = 200


def audio_rule(value):
    """A recording's path inside practices/library/: relative, and never climbing out."""
    if value is None:
        return None
    if (
        not isinstance(value, str)
        or len(value) > AUDIO_PATH_LENGTH
        or not AUDIO_PATH.match(value)
        or ".." in value.split("/")
    ):
        raise problem(
            "must be the path of a recording inside practices/library/, "
            "such as audio/cft-safe-place/arrive.mp3"
        )
    return value


AudioPath = Annotated[
    str | None,
    BeforeValidator(audio_rule),
    WithJsonSchema(
        {"type": "string", "pattern": AUDIO_PATH.pattern, "maxLength": AUDIO_PATH_LENGTH}
    ),
]


def Seconds(low: int):
    # Whole seconds stay whole (4, not 4.0), so a practice's version never changes for it.
    return WithJsonSchema({"type": "number", "minimum": low, "maximum": 15})


class Pace(BaseModel):
    """A breathing pacer's rhythm, in seconds."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    breathe_in: Annotated[int | float, Field(alias="in"), seconds_rule(1, "in"), Seconds(1)]
    hold: Annotated[int | float, seconds_rule(0, "hold"), Seconds(0)] = 0
    breathe_out: Annotated[int | float, Field(alias="out"), seconds_rule(1, "out"), Seconds(1)]

    @model_validator(mode="before")
    @classmethod
    def a_mapping_of_in_hold_out(cls, data):
        if not isinstance(data, dict) or set(data) - {"in", "hold", "out"}:
            raise problem("must be {in: seconds, out: seconds} with an optional hold")
        for part in ("in", "out"):  # the first wrong part is enough, as it always was
            seconds_rule(1, part).func(data.get(part))
        seconds_rule(0, "hold").func(data.get("hold", 0))
        return data

    def as_file(self) -> dict:
        return {"in": self.breathe_in, "hold": self.hold, "out": self.breathe_out}


# Steps --------------------------------------------------------------------------------------


class StepBase(BaseModel):
    """What every step has. Fields are listed in the order their problems are reported."""

    model_config = ConfigDict(extra="forbid")

    key: Slug(60)
    title: Text(60)
    optional: Flag = False
    # A recorded voice for the step, read from practices/library/ by sync_practices.
    audio: AudioPath = None

    def as_file(self) -> dict:
        """The step as the database's Step is written from it; fields a step may leave out
        (branches, on_its_own, ending) only when set, so a practice keeps its version."""
        step = {
            "key": self.key,
            "kind": self.kind,
            "title": self.title,
            "optional": self.optional,
            "body": getattr(self, "body", ""),
            "prompt": getattr(self, "prompt", ""),
            "example": getattr(self, "example", ""),
            "low": getattr(self, "low", ""),
            "high": getattr(self, "high", ""),
            "options": getattr(self, "options", []),
            "multiple": getattr(self, "multiple", False),
            "seconds": getattr(self, "seconds", None),
            "pace": self.pace.as_file() if getattr(self, "pace", None) else {},
        }
        if getattr(self, "branches", None):
            step["branches"] = self.branches
        if getattr(self, "on_its_own", ""):
            step["on_its_own"] = self.on_its_own
        if self.ending:
            step["ending"] = True
        if self.audio:
            step["audio"] = self.audio
        return step


class ReadStep(StepBase):
    kind: Literal["read"]
    body: Text(4000)
    ending: Flag = False

    @model_validator(mode="after")
    def nothing_to_skip(self):
        if self.optional:
            raise problem("a read step has nothing to skip", "optional")
        return self


class WriteStep(StepBase):
    kind: Literal["write"]
    example: OptionalText(2000) = ""
    prompt: Text(4000)
    ending: Flag = False


class RateStep(StepBase):
    kind: Literal["rate"]
    prompt: Text(4000)
    low: Text(4000)
    high: Text(4000)
    ending: Flag = False


class ChooseStep(StepBase):
    kind: Literal["choose"]
    prompt: Text(4000)
    options: Options
    multiple: Flag = False
    branches: Branches | None = None
    on_its_own: Annotated[str, BeforeValidator(on_its_own_rule)] = ""
    ending: Flag = False

    @model_validator(mode="after")
    def choices_fit_the_options(self):
        problems = [*self.branch_problems(), *self.on_its_own_problems()]
        if self.ending and self.branches:
            problems.append(
                ("branches", "an ending goes on to the check-out, so it can't lead elsewhere")
            )
        if problems:
            raise fail(*problems)
        return self

    def branch_problems(self) -> list[tuple[str, str]]:
        if not self.branches:
            return []
        if self.multiple:
            return [
                (
                    "branches",
                    "only a step where one option is chosen can lead elsewhere; "
                    "remove multiple: true, or the branches",
                )
            ]
        return [
            (f"branches.{count}.option", f"{brief(option)} is not one of this step's options")
            for count, option in enumerate(self.branches, start=1)
            if option not in self.options
        ]

    def on_its_own_problems(self) -> list[tuple[str, str]]:
        """The option of a step where several can be chosen that only makes sense alone
        ("None of these right now"): ticked with others, the step asks the person to choose."""
        if not self.on_its_own:
            return []
        if not self.multiple:
            return [
                (
                    "on_its_own",
                    "only a step where more than one option can be chosen has one that goes "
                    "on its own; add multiple: true, or remove on_its_own",
                )
            ]
        if self.on_its_own not in self.options:
            return [("on_its_own", f"{brief(self.on_its_own)} is not one of this step's options")]
        return []


class TimerStep(StepBase):
    kind: Literal["timer"]
    body: Text(4000)
    ending: Flag = False
    seconds: Number(10, 600)
    pace: Pace | None = None


class PartStep(StepBase):
    kind: Literal["part"]
    prompt: Text(4000)
    ending: Flag = False


STEP_MODELS = {
    StepKind.READ: ReadStep,
    StepKind.WRITE: WriteStep,
    StepKind.RATE: RateStep,
    StepKind.CHOOSE: ChooseStep,
    StepKind.TIMER: TimerStep,
    StepKind.PART: PartStep,
}
assert set(STEP_MODELS) == set(StepKind), "every step kind has a model"  # noqa: S101
Step = Annotated[
    ReadStep | WriteStep | RateStep | ChooseStep | TimerStep | PartStep,
    Field(discriminator="kind"),
]
ONE_STEP = TypeAdapter(Step)
STEP_FIELDS = {"key", "kind", "title", "optional", "ending", "audio"}
# The fields each kind of step has besides those every step has (the editor shows these).
KIND_FIELDS = {kind: set(model.model_fields) - STEP_FIELDS for kind, model in STEP_MODELS.items()}


# Sources and variants -----------------------------------------------------------------------


class Source(BaseModel):
    """A publication a practice, lesson or path comes from, as a reader can look it up."""

    model_config = ConfigDict(extra="forbid")

    author: Text(200)
    year: Number(1900, 2100)
    title: Text(300)


MAX_SOURCES = 6


def source_list(values):
    if not isinstance(values, list):
        raise problem("must be a list of {author, year, title}")
    if len(values) > MAX_SOURCES:
        raise problem(f"must list at most {MAX_SOURCES} sources, not {len(values)}")
    return values


Sources = Annotated[list[Source], Field(max_length=MAX_SOURCES), BeforeValidator(source_list)]


def key_list(values):
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise problem("must be a list of step keys")
    return values


def timer_seconds(values):
    if not isinstance(values, dict):
        raise problem("must map a timer step's key to its seconds in this version")
    for key, seconds in values.items():
        if isinstance(seconds, bool) or not isinstance(seconds, int) or not 10 <= seconds <= 600:
            raise problem(f"must be 10 to 600 seconds, not {brief(seconds)}", str(key))
    return values


class Variant(BaseModel):
    """Another length of the same practice, which a person chooses before starting: the usual
    steps, some left out, some timers longer or shorter."""

    model_config = ConfigDict(extra="forbid")

    key: Slug(30)
    label: Text(30)
    minutes: Number(1, 60)
    leave_out: Annotated[
        list[Annotated[str, Field(pattern=SLUG.pattern)]], BeforeValidator(key_list)
    ] = []
    seconds: Annotated[
        dict[str, Annotated[int, Field(ge=10, le=600)]], BeforeValidator(timer_seconds)
    ] = {}


MAX_VARIANTS = 3


def variant_list(values):
    if not isinstance(values, list):
        raise problem("must be a list of versions")
    if not 1 <= len(values) <= MAX_VARIANTS:
        raise problem(f"must list 1 to {MAX_VARIANTS} versions, not {len(values)}")
    return values


Variants = Annotated[
    list[Variant], Field(min_length=1, max_length=MAX_VARIANTS), BeforeValidator(variant_list)
]


def variant_problems(variants: list[Variant], steps: list) -> list[tuple[str, str]]:
    """Each version leaves out only usual steps in the middle and times only timer steps."""
    usual = [step for step in steps if not step.ending]
    middle = {step.key for step in usual[1:-1]}
    timers = {step.key for step in usual if step.kind == StepKind.TIMER}
    problems, seen = [], set()
    for number, variant in enumerate(variants, start=1):
        where = f"[{number}]"
        if variant.key in seen:
            problems.append((f"{where}.key", f"{variant.key!r} is used by an earlier version"))
        seen.add(variant.key)
        for key in variant.leave_out:
            if key not in middle:
                what = f"{brief(key)} is not a usual step between the first and the last"
                problems.append((f"{where}.leave_out", what))
        for key in variant.seconds:
            if key not in timers:
                problems.append((f"{where}.seconds", f"{brief(key)} is not a timer step's key"))
            elif key in variant.leave_out:
                problems.append((f"{where}.seconds", f"{brief(key)} is left out of this version"))
    return problems


# A practice ---------------------------------------------------------------------------------


def required_in_schema(schema: dict) -> None:
    # modality and intensity default to None only so that a missing one is named the way
    # every wrong one is ("None is not one of …"); a file must have them.
    for name in ("modality", "intensity"):
        schema["properties"][name].pop("default", None)
    schema["required"] = [*schema.get("required", []), "modality", "intensity"]
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"


class Practice(BaseModel):
    """A practice file. Fields are listed in the order their problems are reported."""

    model_config = ConfigDict(
        extra="forbid", title="Tend practice file", json_schema_extra=required_in_schema
    )

    slug: Slug(80)
    title: Text(60)
    summary: Text(140)
    why: Text(600)
    source: Text(300)
    sources: Sources = []
    modality: Choice(Modality) = Field(None, validate_default=True)
    intensity: Choice(Intensity) = Field(None, validate_default=True)
    audience: Choice(Audience) = "everyone"
    skills: Choices(Skill) = []
    moods: Choices(Mood) = []
    minutes: Number(1, 60)
    self_guided: Flag
    steps: Annotated[list[Step], Field(min_length=MIN_STEPS, max_length=MAX_STEPS + MAX_ENDINGS)]
    variants: Variants | None = None

    @field_validator("why")
    @classmethod
    def at_most_two_sentences(cls, value: str) -> str:
        return why_rule(value)

    @field_validator("steps", mode="wrap")
    @classmethod
    def every_step_and_the_way_through(cls, raw, handler):
        """Each step on its own, then the rules about them all (way_through_problems)."""
        if not isinstance(raw, list):
            raise problem("must be a list of steps")
        problems = count_problems(raw)
        steps, places, seen_keys = [], [], set()
        for number, item in enumerate(raw, start=1):
            where = f"[{number}]"
            try:
                step = ONE_STEP.validate_python(item)
            except ValidationError as error:
                problems += [(f"{where}{at}", what) for at, what in step_problems(error)]
                place = StepPlace.of_raw(item)
            else:
                steps.append(step)
                place = StepPlace.of_step(step)
            if place is None:  # no kind to go by: the way through can't be read
                continue
            if place.key in seen_keys:
                problems.append((f"{where}.key", f"{place.key!r} is used by an earlier step"))
            seen_keys.add(place.key)
            places.append(place)
        if places and len(places) == len(raw):
            problems += way_through_problems(places)
        if problems:
            raise fail(*problems)
        return steps

    @model_validator(mode="after")
    def versions_fit_the_steps(self):
        if self.variants and (problems := variant_problems(self.variants, self.steps)):
            raise fail(*[(f"variants{at}", what) for at, what in problems])
        return self

    def as_definition(self) -> tuple[dict, list[dict], str]:
        """The practice as the database is written from it, and its version (a hash that
        changes whenever anything in the file does). Sources and versions are left out when
        there are none, so a practice without them keeps the version it always had."""
        fields = self.model_dump(exclude={"steps"})
        for name in ("sources", "variants"):
            if not fields[name]:
                del fields[name]
        steps = [step.as_file() for step in self.steps]
        return fields, steps, fingerprint(fields, steps)


@dataclass(frozen=True)
class StepPlace:
    """What the way through a practice reads of a step: its key and kind, whether it is an
    ending, and where its options lead. A step with problems of its own still has a place, so
    that every problem in a file is found at once, as far as it can be."""

    key: str
    kind: str
    ending: bool
    branches: dict

    @classmethod
    def of_step(cls, step: "StepBase") -> "StepPlace":
        return cls(step.key, step.kind, step.ending, getattr(step, "branches", None) or {})

    @classmethod
    def of_raw(cls, raw) -> "StepPlace | None":
        """The same read from a step that failed its own checks: what is wrong reads as
        missing (and has been said)."""
        if not isinstance(raw, dict) or raw.get("kind") not in StepKind.values:
            return None
        key = raw.get("key")
        branches = raw.get("branches")
        if not isinstance(branches, dict) or raw.get("multiple") is True:
            branches = {}
        return cls(
            key=key.strip() if isinstance(key, str) else "",
            kind=raw["kind"],
            ending=raw.get("ending") is True,
            branches={
                option: target if isinstance(target, str) and SLUG.match(target) else ""
                for option, target in branches.items()
            },
        )


def count_problems(raw: list) -> list[tuple[str, str]]:
    endings = sum(1 for item in raw if isinstance(item, dict) and item.get("ending") is True)
    usual = len(raw) - endings
    problems = []
    if not MIN_STEPS <= usual <= MAX_STEPS:
        counted = f"{usual}" if not endings else f"{usual} besides its endings"
        problems.append(("", f"must have {MIN_STEPS} to {MAX_STEPS} steps, not {counted}"))
    if endings > MAX_ENDINGS:
        problems.append(("", f"must have at most {MAX_ENDINGS} endings, not {endings}"))
    return problems


def step_problems(error: ValidationError) -> list[tuple[str, str]]:
    """One step's errors as (".field", what); the step's own kind names unknown fields."""
    found = []
    for detail in error.errors():
        loc = detail["loc"]
        if detail["type"] in ("union_tag_invalid", "union_tag_not_found"):
            kind = detail["input"].get("kind") if isinstance(detail["input"], dict) else None
            what = f"{brief(kind)} is not a step kind; use one of {', '.join(StepKind.values)}"
            found.append((".kind", what))
            continue
        if detail["type"] in ("model_attributes_type", "model_type", "dict_type"):
            found.append(("", "must be a mapping of fields"))
            continue
        kind, fields = (loc[0], loc[1:]) if loc else ("", ())
        for at, what in described(detail, fields, f"is not a field of a {kind} step"):
            found.append((f".{at}" if at else "", what))
    return unknown_first(found, "is not a field of a ")


def unknown_first(found: list[tuple[str, str]], says: str) -> list[tuple[str, str]]:
    """Fields a model doesn't have come first (in order of name), as authors have read them."""
    unknown = sorted((item for item in found if item[1].startswith(says)), key=lambda i: i[0])
    return unknown + [item for item in found if not item[1].startswith(says)]


def way_through_problems(steps: list[StepPlace]) -> list[tuple[str, str]]:
    """The rules about the order of steps and where choices lead: the usual way starts with a
    read step and ends with a closing reflection; endings come after it, and a choice leads
    to each; a branch leads forward, to a later step or to the end (so nothing loops)."""
    usual = [number for number, step in enumerate(steps, start=1) if not step.ending]
    problems = []
    if usual and steps[usual[0] - 1].kind != StepKind.READ:
        problems.append(
            (f"[{usual[0]}].kind", "the first step must be a read step saying what this is for")
        )
    if usual and steps[usual[-1] - 1].kind != StepKind.WRITE:
        problems.append((f"[{usual[-1]}].kind", "the last step must be a write step: a reflection"))
    problems += [
        (
            f"[{number}].ending",
            "an ending goes after the closing reflection, with any other endings",
        )
        for number, step in enumerate(steps, start=1)
        if step.ending and number < (usual[-1] if usual else 0)
    ]
    led_to, branch_problems = branch_targets(steps)
    problems += branch_problems
    problems += [
        (
            f"[{number}].ending",
            "no choice leads to this ending; lead an option here, or make it a usual step",
        )
        for number, step in enumerate(steps, start=1)
        if step.ending and step.key not in led_to
    ]
    return problems


def branch_targets(steps: list[StepPlace]) -> tuple[set[str], list[tuple[str, str]]]:
    """The keys choices lead to, and the problems with where they lead."""
    position = {step.key: number for number, step in enumerate(steps, start=1)}
    led_to, problems = set(), []
    for number, step in enumerate(steps, start=1):
        for count, target in enumerate(step.branches.values(), start=1):
            where = f"[{number}].branches.{count}.to"
            if target in (END, ""):  # "": wrong already, and said so
                continue
            if target not in position:
                problems.append(
                    (
                        where,
                        f"{brief(target)} is not the key of a step in this practice; "
                        f"name a later step's key, or {END}",
                    )
                )
            elif position[target] <= number:
                problems.append(
                    (
                        where,
                        f"{brief(target)} is not after this step; a choice can only lead "
                        f"forward, to a later step or to {END}",
                    )
                )
            else:
                led_to.add(target)
    return led_to, problems


# Pydantic's errors as problems ----------------------------------------------------------------


def joined(field: str, at: str) -> str:
    """steps + [2].kind is steps[2].kind; pace + in is pace.in."""
    return f"{field}{at}" if at.startswith("[") or not field else f"{field}.{at}" if at else field


def described(detail: dict, loc: tuple, unknown: str) -> list[tuple[str, str]]:
    """One pydantic error as problems (field, what), in the words practice files use."""
    field = ""
    for part in loc:  # a list's positions count from 1, as steps[2] always has
        if isinstance(part, int) and field:
            field += f"[{part + 1}]"
        else:
            field += f".{part}" if field else str(part)
    if detail["type"] == "tend":
        return [(joined(field, at), what) for at, what in detail["ctx"]["problems"]]
    if detail["type"] == "missing":
        return [(field, "is missing")]
    if detail["type"] in ("extra_forbidden", "invalid_key"):  # invalid_key: 1: or [a]:
        return [(field, unknown)]
    return [(field, detail["msg"])]  # not expected: every rule above speaks for itself


UNKNOWN_FIELD = "is not a field a practice has"


def problems_from(error: ValidationError) -> list[tuple[str, str]]:
    """A practice's errors as (field, what)."""
    found = []
    for detail in error.errors():
        found += described(detail, detail["loc"], UNKNOWN_FIELD)
    return unknown_first(found, UNKNOWN_FIELD)


def fingerprint(fields: dict, steps: list[dict]) -> str:
    """A practice's version: changes when any of its text does, or a step's recording."""
    text = json.dumps([fields, steps], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def schema() -> dict:
    return Practice.model_json_schema()


def schema_text() -> str:
    return json.dumps(schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
