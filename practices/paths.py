"""Paths: self-guided sequences of lessons and library practices, one YAML file each in
practices/paths/ (settings.PATH_LIBRARY_DIR). Read with the practice files' safe YAML reader,
checked by the pydantic model below, and written to the database by `sync_paths`, which the
one sync runs after the practices (and lessons) are loaded.

    slug: first-steps-in-cft          # the file's name
    title: ...                        # <= 80 characters
    summary: ...                      # <= 160
    about: |                          # <= 800: who it's for, how to go
    topic: cft                        # cft | msc | ifs | tend
    sources: [{author, year, title}]  # 1 to 6
    items:                            # 3 to 20: each a lesson or a self-guided practice
      - lesson: what-compassion-is
      - practice: cft-soothing-rhythm-breathing
        note: Why this comes now.     # <= 200, optional

A path names lessons and practices by slug; every one must exist when the path is loaded, and
no item may come twice. Any problem in any file loads nothing.
"""

import hashlib
import json
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import yaml
from django.conf import settings
from django.db import transaction
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from practices import models
from practices.format import (
    Choice,
    OptionalText,
    Slug,
    Sources,
    Text,
    described,
    fail,
    problem,
    unknown_first,
)
from practices.library import (
    MAX_PROBLEMS,
    PracticeFileError,
    PracticeFileRefused,
    Problem,
    SyncReport,
    archive_removed,
    brief_field,
    library_files,
    load_practice_yaml,
)

MAX_FILE_BYTES = 64 * 1024  # a path file is about 2 KB
MIN_ITEMS, MAX_ITEMS = 3, 20
UNKNOWN_FIELD = "is not a field a path has"
UNKNOWN_ITEM_FIELD = "is not a field of a path's item (lesson, practice, note)"


class PathItemFile(BaseModel):
    """One item: exactly one of `lesson` or `practice`, and perhaps a note."""

    model_config = ConfigDict(extra="forbid")

    lesson: Slug(80) = None
    practice: Slug(80) = None
    note: OptionalText(200) = ""

    @model_validator(mode="before")
    @classmethod
    def a_mapping(cls, data):
        if not isinstance(data, dict):
            raise problem("must be a mapping like {lesson: ...} or {practice: ...}")
        return data

    @model_validator(mode="after")
    def exactly_one(self):
        if self.lesson and self.practice:
            raise problem("names both a lesson and a practice; an item is one or the other")
        if not self.lesson and not self.practice:
            raise problem("must name a lesson or a practice")
        return self

    @property
    def named(self) -> str:
        return f"lesson {self.lesson!r}" if self.lesson else f"practice {self.practice!r}"


def item_list(values):
    if not isinstance(values, list):
        raise problem("must be a list of lessons and practices")
    if not MIN_ITEMS <= len(values) <= MAX_ITEMS:
        raise problem(f"must have {MIN_ITEMS} to {MAX_ITEMS} items, not {len(values)}")
    return values


def source_count(values):
    if isinstance(values, list) and not values:
        raise problem("must list at least one source")
    return values


class PathFile(BaseModel):
    """A path file. Fields are listed in the order their problems are reported."""

    model_config = ConfigDict(extra="forbid", title="Tend path file")

    slug: Slug(80)
    title: Text(80)
    summary: Text(160)
    about: Text(800)
    topic: Choice(models.PathTopic)
    sources: Sources
    items: Annotated[list[PathItemFile], Field(min_length=MIN_ITEMS, max_length=MAX_ITEMS)]

    @field_validator("sources", mode="before")
    @classmethod
    def at_least_one_source(cls, value):
        return source_count(value)

    @field_validator("items", mode="before")
    @classmethod
    def a_list_of_items(cls, value):
        return item_list(value)

    @model_validator(mode="after")
    def no_item_twice(self):
        seen, problems = set(), []
        for number, item in enumerate(self.items, start=1):
            if item.named in seen:
                problems.append((f"items[{number}]", f"{item.named} is already an earlier item"))
            seen.add(item.named)
        if problems:
            raise fail(*problems)
        return self


@dataclass
class PathDefinition:
    """A checked path file, ready to be written to the database."""

    file: str
    fields: dict
    items: list[dict]
    version: str

    @property
    def slug(self) -> str:
        return self.fields["slug"]


def problems_from(error: ValidationError) -> list[tuple[str, str]]:
    found = []
    for detail in error.errors():
        in_item = len(detail["loc"]) > 2 and detail["loc"][0] == "items"
        found += described(detail, detail["loc"], UNKNOWN_ITEM_FIELD if in_item else UNKNOWN_FIELD)
    found = unknown_first(found, UNKNOWN_FIELD)
    # a union's two halves (a slug or nothing) each say the same: once is enough
    return list(dict.fromkeys(found))


def check_path(name: str, data) -> tuple[PathDefinition | None, list[Problem]]:
    """Check a path file's data against the format; the definition, or every problem."""
    if not isinstance(data, dict):
        return None, [Problem(name, "(file)", "must be a mapping of fields")]
    try:
        checked = PathFile.model_validate(data)
    except ValidationError as error:
        problems = [Problem(name, brief_field(at), what) for at, what in problems_from(error)]
        return None, problems[:MAX_PROBLEMS]
    stem = name.rsplit(".", 1)[0]
    if checked.slug != stem:
        return None, [Problem(name, "slug", f"{checked.slug!r} must be the file's name, {stem!r}")]
    fields = checked.model_dump(exclude={"items"})
    items = [item.model_dump() for item in checked.items]
    text = json.dumps([fields, items], sort_keys=True, ensure_ascii=False)
    return PathDefinition(name, fields, items, hashlib.sha256(text.encode()).hexdigest()[:12]), []


def read_path_file(path: Path) -> tuple[PathDefinition | None, list[Problem]]:
    name = path.name
    if path.stat().st_size > MAX_FILE_BYTES:
        what = f"is larger than {MAX_FILE_BYTES // 1024} KB, far more than a path file ever is"
        return None, [Problem(name, "(file)", what)]
    try:
        data = load_practice_yaml(path.read_text(encoding="utf-8"))
    except PracticeFileRefused as refused:
        return None, [Problem(name, "(file)", refused.message.replace("practice", "path"))]
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        return None, [Problem(name, "(file)", f"is not valid YAML: {error}")]
    return check_path(name, data)


def read_paths(
    folder: Path, practice_slugs: Collection[str], lesson_slugs: Collection[str]
) -> list[PathDefinition]:
    """Read and check every path file in a folder against the practices and lessons being
    loaded, or raise PracticeFileError with every problem found."""
    problems: list[Problem] = []
    definitions: list[PathDefinition] = []
    for path in library_files(folder):
        definition, file_problems = read_path_file(path)
        problems.extend(file_problems)
        if definition is None:
            continue
        for number, item in enumerate(definition.items, start=1):
            if item["practice"] and item["practice"] not in practice_slugs:
                what = f"{item['practice']!r} is not a self-guided practice in the library"
                problems.append(Problem(path.name, f"items[{number}].practice", what))
            if item["lesson"] and item["lesson"] not in lesson_slugs:
                what = f"{item['lesson']!r} is not a lesson (practices/lessons/{item['lesson']}.md)"
                problems.append(Problem(path.name, f"items[{number}].lesson", what))
        definitions.append(definition)
    if problems:
        raise PracticeFileError(problems)
    return definitions


# Lessons, as paths need them: the slug (the file's name) and its title -----------------------

HEADER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.S)


def lessons_folder() -> Path:
    return Path(
        getattr(settings, "LESSON_LIBRARY_DIR", settings.PATH_LIBRARY_DIR.parent / "lessons")
    )


def lessons_in(folder: Path | None = None) -> dict[str, str]:
    """Each lesson file's slug (its name, which the lessons' own sync holds to its `slug:`)
    and title, read from its header when it can be; the lessons' sync checks the rest."""
    folder = folder or lessons_folder()
    lessons = {}
    if not folder.is_dir():
        return lessons
    for path in sorted(folder.glob("*.md")):
        title = ""
        try:
            header = HEADER.match(path.read_text(encoding="utf-8")[:MAX_FILE_BYTES])
            data = load_practice_yaml(header.group(1)) if header else None
            if isinstance(data, dict) and isinstance(data.get("title"), str):
                title = data["title"].strip()[:80]
        except (yaml.YAMLError, UnicodeDecodeError):
            pass
        lessons[path.stem] = title
    return lessons


# Writing paths to the database ---------------------------------------------------------------


@transaction.atomic
def sync_paths(
    folder: Path | None = None,
    practice_slugs: Collection[str] | None = None,
    lesson_slugs: Collection[str] | Mapping[str, str] | None = None,
) -> SyncReport:
    """Upsert every path file by slug and archive paths whose file is gone, in one
    transaction (a savepoint inside sync_library's own, which loads everything or nothing).
    `practice_slugs` are the self-guided library practices being loaded (default: those in
    the database now); `lesson_slugs` the lessons (a mapping slug -> title keeps each lesson's
    title; default: the lesson files). Raises PracticeFileError, writing nothing, when any
    path file is wrong."""
    folder = Path(folder or settings.PATH_LIBRARY_DIR)
    if practice_slugs is None:
        practice_slugs = set(models.Practice.objects.for_library().values_list("slug", flat=True))
    if lesson_slugs is None:
        lesson_slugs = lessons_in()
    definitions = read_paths(folder, practice_slugs, lesson_slugs)
    titles = lesson_slugs if isinstance(lesson_slugs, Mapping) else {}
    practices = {
        practice.slug: practice
        for practice in models.Practice.objects.in_library().filter(
            slug__in={item["practice"] for d in definitions for item in d.items if item["practice"]}
        )
    }
    report = SyncReport()
    existing = {path.slug: path for path in models.Path.objects.select_for_update()}
    for definition in definitions:
        path = existing.get(definition.slug)
        if path is None:
            path = models.Path(slug=definition.slug)
            report.created.append(definition.slug)
        elif path.version != definition.version or path.is_archived:
            report.updated.append(definition.slug)
        else:
            report.unchanged.append(definition.slug)
            continue
        for name, value in definition.fields.items():
            setattr(path, name, value)
        path.version = definition.version
        path.archived_at = None
        path.save()
        path.items.all().delete()
        models.PathItem.objects.bulk_create(
            models.PathItem(
                path=path,
                position=position,
                lesson_slug=item["lesson"] or "",
                lesson_title=str(titles.get(item["lesson"], "") or "")[:80]
                if item["lesson"]
                else "",
                practice=practices[item["practice"]] if item["practice"] else None,
                note=item["note"],
            )
            for position, item in enumerate(definition.items, start=1)
        )
    archive_removed(existing, {definition.slug for definition in definitions}, report)
    return report
