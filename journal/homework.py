"""Reads for homework: a client's assignments with what is due, for the client and their
therapists. Each function runs a fixed number of queries, however much there is.

One assignment whose schedule can't be worked out is left out (and logged, by its number
only), never allowed to break the page or the reminder run for everything else.
"""

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from compassion_site.lib.dates import local_date
from journal.models import Run
from practices.models import Assignment, Status
from practices.schedule import Due, Homework, SeriesStep, dues_for, series_steps, sort_homework

logger = logging.getLogger(__name__)

# What odd dates can raise while a schedule is worked out; anything else is a bug to see.
DATE_ERRORS = (ArithmeticError, ValueError)


def local_today(person) -> date:
    return timezone.localdate(timezone=person.zone)


def done_days(assignments: list[Assignment]) -> dict[int, list[date]]:
    """For each assignment, the days (in its client's zone) runs begun from it were finished.
    One query."""
    by_pk = {assignment.pk: assignment for assignment in assignments}
    days: dict[int, list[date]] = defaultdict(list)
    if not by_pk:
        return days
    finished = Run.objects.filter(assignment_id__in=by_pk, status=Run.Status.FINISHED).values_list(
        "assignment_id", "finished_at"
    )
    for assignment_id, finished_at in finished:
        zone = by_pk[assignment_id].client.zone
        days[assignment_id].append(local_date(finished_at, zone))
    return days


@dataclass
class Plan:
    """Everything set for one client: single assignments with their stretches, and series
    with their steps."""

    dues: list[Due] = field(default_factory=list)
    series: dict[int, list[SeriesStep]] = field(default_factory=dict)
    # Assignments that could not be worked out, each with the kind of error that stopped it.
    left_out: dict[int, str] = field(default_factory=dict)

    def leave_out(self, assignments: list[Assignment], error: Exception) -> None:
        """Note assignments that could not be worked out; the log has numbers, no words."""
        numbers = [assignment.pk for assignment in assignments]
        self.left_out.update(dict.fromkeys(numbers, type(error).__name__))
        logger.warning(
            "Homework left out: assignment %s could not be worked out (%s)",
            ", ".join(map(str, numbers)),
            type(error).__name__,
        )


def plan_for(assignments: list[Assignment], *, tolerate=DATE_ERRORS) -> Plan:
    """Work out the stretches of each assignment given (its client, practice, therapist and
    series selected). One query, for the runs.

    An assignment (or a whole series) whose working out raises one of `tolerate` is left
    out and listed in `Plan.left_out`, so everything else still shows."""
    days = done_days(assignments)
    plan = Plan()
    in_series: dict[int, list[Assignment]] = defaultdict(list)
    for assignment in assignments:
        if assignment.series_id:
            in_series[assignment.series_id].append(assignment)
            continue
        try:
            plan.dues.extend(dues_for(assignment, days.get(assignment.pk, [])))
        except tolerate as error:
            plan.leave_out([assignment], error)
    for series_id, items in in_series.items():
        try:
            steps = series_steps(items[0].series, items, days)
        except tolerate as error:
            plan.leave_out(items, error)
            continue
        plan.series[series_id] = steps
        plan.dues.extend(step.due for step in steps if step.due is not None)
    return plan


def assignments_of(client, *, therapist=None, statuses=(Status.ACTIVE,)):
    """A client's assignments (from one therapist, or any linked one), with what pages show."""
    assignments = Assignment.objects.filter(
        client=client,
        status__in=statuses,
        therapist__client_links__client=client,
        therapist__client_links__ended_at__isnull=True,
    )
    if therapist is not None:
        assignments = assignments.filter(therapist=therapist)
    return assignments.select_related("practice", "therapist", "series", "client").order_by(
        "created_at", "position"
    )


def homework_for(client, today: date | None = None) -> Homework:
    """What the client has to do, from therapists they are still linked with: two queries."""
    assignments = list(assignments_of(client))
    return sort_homework(plan_for(assignments).dues, today or local_today(client))
