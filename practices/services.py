"""Writing the library to the database."""

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction

from practices.format import brief, fingerprint
from practices.lessons import LessonDefinition, read_lessons
from practices.library import (
    PracticeDefinition,
    PracticeFileError,
    Problem,
    SyncReport,
    archive_removed,
    read_library,
)
from practices.models import Lesson, Practice, Step
from practices.paths import sync_paths
from practices.recordings import RecordingProblem, check_recording, store_recording


@transaction.atomic
def sync_practices(folder: Path | None = None) -> SyncReport:
    """Upsert every practice file by slug, in one transaction; archive practices whose file
    is gone. Raises PracticeFileError, loading nothing, when any file is wrong."""
    folder = folder or settings.PRACTICE_LIBRARY_DIR
    definitions = read_library(folder)
    with_recordings(folder, definitions)
    report = SyncReport(self_guided={d.slug: bool(d.fields["self_guided"]) for d in definitions})
    existing = {
        practice.slug: practice for practice in Practice.objects.in_library().select_for_update()
    }
    for definition in definitions:
        practice = existing.get(definition.slug)
        if practice is None:
            practice = Practice(slug=definition.slug)
            write_practice(practice, definition)
            report.created.append(definition.slug)
        elif practice.version != definition.version or practice.is_archived:
            write_practice(practice, definition)
            report.updated.append(definition.slug)
        else:
            report.unchanged.append(definition.slug)
    archive_removed(existing, {definition.slug for definition in definitions}, report)
    return report


def with_recordings(folder: Path, definitions: list[PracticeDefinition]) -> None:
    """Check every recording the files name (a path inside `folder`) as an upload is checked,
    then store them and name them in the steps, the version following the sound. Raises
    PracticeFileError, storing nothing, when any is missing or can't be used."""
    problems, found = [], []
    root = folder.resolve()
    for definition in definitions:
        for number, step in enumerate(definition.steps, start=1):
            if not step.get("audio"):
                continue
            field = f"steps[{number}].audio"
            path = (folder / step["audio"]).resolve()
            if not path.is_relative_to(root) or not path.is_file():
                what = f"{brief(step['audio'])} is not a file in the library's folder"
                problems.append(Problem(definition.file, field, what))
                continue
            try:
                with path.open("rb") as recording:
                    found.append((step, check_recording(recording)))
            except RecordingProblem as problem:
                what = f"{brief(step['audio'])} can't be used: {problem.message}"
                problems.append(Problem(definition.file, field, what))
    if problems:
        raise PracticeFileError(problems)
    for step, audio in found:
        step["audio"] = store_recording(audio)
        step["audio_seconds"] = audio.seconds
    for definition in definitions:
        if any(step.get("audio") for step in definition.steps):
            definition.version = fingerprint(definition.fields, definition.steps)


def write_practice(practice: Practice, definition: PracticeDefinition) -> None:
    practice.sources, practice.variants = [], []  # unless the definition has some
    for name, value in definition.fields.items():
        setattr(practice, name, value)
    practice.version = definition.version
    practice.archived_at = None
    practice.save()
    practice.steps.all().delete()
    Step.objects.bulk_create(
        Step(practice=practice, position=position, **step)
        for position, step in enumerate(definition.steps, start=1)
    )


@dataclass
class LibraryReport:
    practices: SyncReport
    lessons: SyncReport
    paths: SyncReport


def sync_library(
    practice_folder: Path | None = None,
    lesson_folder: Path | None = None,
    diagram_folder: Path | None = None,
    path_folder: Path | None = None,
) -> LibraryReport:
    """Practices, then the lessons that name them, then the paths that name both, in ONE
    transaction: any wrong file in any folder raises PracticeFileError and loads nothing."""
    with transaction.atomic():
        practices = sync_practices(practice_folder)
        lessons = sync_lessons(lesson_folder, diagram_folder, practices=practices.self_guided)
        self_guided = [slug for slug, alone in practices.self_guided.items() if alone]
        titles = dict(Lesson.objects.current().values_list("slug", "title"))
        paths = sync_paths(path_folder, practice_slugs=self_guided, lesson_slugs=titles)
    return LibraryReport(practices, lessons, paths)


@transaction.atomic
def sync_lessons(
    folder: Path | None = None,
    diagrams: Path | None = None,
    *,
    practices: dict[str, bool] | None = None,
) -> SyncReport:
    """Upsert every lesson file by slug; archive lessons whose file is gone. `practices` are
    the library practices being loaded in the same sync (slug: self-guided), which a lesson's
    `try` must name; without them, the current library in the database. Raises
    PracticeFileError, loading nothing, when any file is wrong."""
    folder = folder or settings.LESSON_LIBRARY_DIR
    diagrams = diagrams or settings.LESSON_DIAGRAM_DIR
    library = Practice.objects.current().in_library()
    if practices is None:
        practices = dict(library.values_list("slug", "self_guided"))
    definitions = read_lessons(folder, practices, diagrams)
    to_try = {practice.slug: practice for practice in library}
    report = SyncReport()
    existing = {lesson.slug: lesson for lesson in Lesson.objects.select_for_update()}
    for definition in definitions:
        lesson = existing.get(definition.slug)
        if lesson is None:
            lesson = Lesson(slug=definition.slug)
            write_lesson(lesson, definition, to_try[definition.try_slug])
            report.created.append(definition.slug)
        elif (
            lesson.version != definition.version
            or lesson.is_archived
            or lesson.try_practice_id != to_try[definition.try_slug].pk
        ):
            write_lesson(lesson, definition, to_try[definition.try_slug])
            report.updated.append(definition.slug)
        else:
            report.unchanged.append(definition.slug)
    archive_removed(existing, {definition.slug for definition in definitions}, report)
    return report


def write_lesson(lesson: Lesson, definition: LessonDefinition, practice: Practice) -> None:
    lesson.title = definition.title
    lesson.summary = definition.summary
    lesson.topic = definition.topic
    lesson.order = definition.order
    lesson.minutes = definition.minutes
    lesson.body = definition.body
    lesson.body_html = definition.body_html
    lesson.sources = definition.sources
    lesson.try_practice = practice
    lesson.version = definition.version
    lesson.archived_at = None
    lesson.save()
