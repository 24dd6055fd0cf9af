"""A person on a path: starting, pausing, picking up again and leaving, and saying they have
read a lesson. (What a path holds and what is next on it: journal.queries.)"""

from django.db import IntegrityError, transaction
from django.utils import timezone

from journal.models import LessonRead, PathWalk
from practices.models import Path


def current_walk(user, path: Path) -> PathWalk | None:
    return PathWalk.objects.filter(user=user, path=path, left_at__isnull=True).first()


def start_path(user, path: Path) -> PathWalk:
    """Start the path, or pick up the walk already on it (resumed if it was paused).
    Starting again after leaving begins a new walk: practices count again from now."""
    walk = current_walk(user, path)
    if walk is None:
        try:
            with transaction.atomic():
                return PathWalk.objects.create(user=user, path=path)
        except IntegrityError:  # started at the same moment in another tab
            walk = current_walk(user, path)
    if walk.paused_at is not None:
        resume_path(walk)
    return walk


def pause_path(walk: PathWalk) -> None:
    if walk.paused_at is None:
        walk.paused_at = timezone.now()
        walk.save(update_fields=["paused_at"])


def resume_path(walk: PathWalk) -> None:
    if walk.paused_at is not None:
        walk.paused_at = None
        walk.save(update_fields=["paused_at"])


def leave_path(walk: PathWalk) -> None:
    if walk.left_at is None:
        walk.left_at = timezone.now()
        walk.save(update_fields=["left_at"])


def mark_lesson_read(user, lesson_slug: str) -> LessonRead:
    read, _ = LessonRead.objects.get_or_create(user=user, lesson_slug=lesson_slug)
    return read
