"""Writing the library to the database."""

from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from practices.library import PracticeDefinition, read_library
from practices.models import Practice, Step


@dataclass
class SyncReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    archived: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.archived)


@transaction.atomic
def sync_practices(folder: Path | None = None) -> SyncReport:
    """Upsert every practice file by slug, in one transaction; archive practices whose file
    is gone. Raises PracticeFileError, loading nothing, when any file is wrong."""
    definitions = read_library(folder or settings.PRACTICE_LIBRARY_DIR)
    report = SyncReport()
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
    in_files = {definition.slug for definition in definitions}
    for slug, practice in existing.items():
        if slug not in in_files and not practice.is_archived:
            practice.archived_at = timezone.now()
            practice.save(update_fields=["archived_at", "updated_at"])
            report.archived.append(slug)
    return report


def write_practice(practice: Practice, definition: PracticeDefinition) -> None:
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
