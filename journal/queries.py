"""Reads for pages. Each object is fetched through one helper that 404s for anyone else."""

from datetime import timedelta

from django.db.models import Count, Q
from django.http import Http404
from django.utils import timezone

from journal.models import Answer, Entry, Part, Run


def get_run_for_user(request, run_id: int) -> Run:
    """A run of the signed-in person's, with its practice and any homework it counts toward
    (and who set it); 404 for anyone else's."""
    run = (
        Run.objects.select_related("practice", "assignment__therapist")
        .filter(pk=run_id, user=request.user)
        .first()
    )
    if run is None:
        raise Http404("No such run")
    return run


def open_runs(user, limit: int = 10):
    """Unfinished runs, newest first, for the home page."""
    return (
        Run.objects.filter(user=user, status__in=[Run.Status.IN_PROGRESS, Run.Status.PAUSED])
        .select_related("practice")
        .order_by("-updated_at")[:limit]
    )


def get_part_for_user(request, part_id: int) -> Part:
    part = Part.objects.filter(pk=part_id, user=request.user).first()
    if part is None:
        raise Http404("No such part")
    return part


def parts_with_counts(user):
    """Every part of a person's, with how many runs it appeared in (one query)."""
    return Part.objects.filter(user=user).annotate(run_count=Count("answers__run", distinct=True))


def runs_with_part(part: Part):
    """Runs the part appeared in, leaving out those whose entry is in the trash."""
    return (
        Run.objects.filter(answers__part=part)
        .exclude(entry__deleted_at__isnull=False)
        .select_related("practice", "entry")
        .distinct()
        .order_by("-started_at")
    )


def answers_for(run: Run):
    return Answer.objects.filter(run=run).order_by("position")


# The journal -------------------------------------------------------------------------------

REVISIT_WINDOWS = (
    ("a year ago", 358, 372),
    ("a month ago", 27, 33),
    ("a week ago", 6, 8),
)


def get_entry_for_user(request, entry_id: int, *, in_trash: bool | None = False) -> Entry:
    """An entry of the signed-in person's, with its run and practice; 404 for anyone else's.

    `in_trash`: False for kept entries only, True for the trash only, None for either.
    """
    entries = Entry.objects.select_related("run__practice").filter(user=request.user)
    if in_trash is not None:
        entries = entries.filter(deleted_at__isnull=not in_trash)
    entry = entries.filter(pk=entry_id).first()
    if entry is None:
        raise Http404("No such entry")
    return entry


def entry_answers(entry: Entry) -> list[Answer]:
    if entry.run_id is None:
        return []
    return list(Answer.objects.filter(run_id=entry.run_id).order_by("position"))


def revisit(user, now=None):
    """One kept entry from about a year, a month or a week ago (the longest ago first), with
    how long ago it was; or None. One query."""
    now = now or timezone.now()
    windows = Q()
    for _, newest, oldest in REVISIT_WINDOWS:
        windows |= Q(
            created_at__gte=now - timedelta(days=oldest),
            created_at__lt=now - timedelta(days=newest),
        )
    candidates = list(
        Entry.objects.kept()
        .filter(windows, user=user)
        .only("pk", "title", "preview", "created_at", "run_id")
        .order_by("created_at")[:200]
    )
    for label, newest, oldest in REVISIT_WINDOWS:
        for entry in candidates:
            age = now - entry.created_at
            if timedelta(days=newest) <= age < timedelta(days=oldest):
                return label, entry
    return None


def trash(user):
    return (
        Entry.objects.in_trash()
        .filter(user=user)
        .select_related("run__practice")
        .defer("body", "search_text", "search_vector")
        .order_by("-deleted_at")
    )
