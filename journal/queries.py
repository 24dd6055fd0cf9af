"""Reads for pages. Each object is fetched through one helper that 404s for anyone else."""

from django.db.models import Count
from django.http import Http404

from journal.models import Answer, Part, Run


def get_run_for_user(request, run_id: int) -> Run:
    """A run of the signed-in person's, with its practice; 404 for anyone else's."""
    run = Run.objects.select_related("practice").filter(pk=run_id, user=request.user).first()
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
    return (
        Run.objects.filter(answers__part=part)
        .select_related("practice")
        .distinct()
        .order_by("-started_at")
    )


def answers_for(run: Run):
    return Answer.objects.filter(run=run).order_by("position")
