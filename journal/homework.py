"""Reads for homework: a client's assignments with what is due, for the client and their
therapists. Each function runs a fixed number of queries, however much there is.

One assignment whose schedule can't be worked out is left out (and logged, by its number
only), never allowed to break the page or the reminder run for everything else.
"""

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from compassion_site.lib.dates import local_date, local_today, long_date, short_date
from journal import services
from journal.models import Run
from practices.models import Assignment, Schedule, Status
from practices.schedule import Due, Homework, SeriesStep, dues_for, series_steps, sort_homework

logger = logging.getLogger(__name__)

# What odd dates can raise while a schedule is worked out; anything else is a bug to see.
DATE_ERRORS = (ArithmeticError, ValueError)


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
    assignments = Assignment.objects.with_active_link().filter(client=client, status__in=statuses)
    if therapist is not None:
        assignments = assignments.filter(therapist=therapist)
    return assignments.select_related("practice", "therapist", "series", "client").order_by(
        "created_at", "position"
    )


# What the homework page and home show ---------------------------------------------------

HOME_LIMIT = 5


@dataclass
class Item:
    """One due stretch of homework, in words for the page."""

    due: Due
    when: str
    progress: str
    series_label: str = ""
    can_begin: bool = True
    begun: bool = False

    @property
    def assignment(self) -> Assignment:
        return self.due.assignment


def when_text(due: Due, today: date) -> str:
    """When it is due, in plain words; never "late" or "missed"."""
    if due.starts > today:
        return f"Opens on {long_date(due.starts)}"
    if due.due < today:
        return f"Had a date of {long_date(due.due)}; still open whenever you're ready"
    if due.due == today:
        return "Any time today"
    return f"By {long_date(due.due)}"


def progress_text(due: Due, today: date) -> str:
    """How far along this stretch is: "1 of 3 this week", "Day 2 of 7"."""
    assignment = due.assignment
    if assignment.schedule == Schedule.WEEKLY and not assignment.series_id:
        if due.starts <= today <= due.due:
            return f"{due.done} of {due.planned} this week"
        if due.starts > today:
            return ""  # "Opens on ..." says it
        return f"{due.done} of {due.planned} in the week to {short_date(due.due)}"
    if assignment.schedule == Schedule.DAILY and not assignment.series_id:
        day = (due.starts - assignment.starts_on).days + 1
        return f"Day {day} of {assignment.days or 1}"
    return "Done" if due.done else ""


def item_for(due: Due, today: date, series_sizes: dict[int, int], begun: set[int]) -> Item:
    assignment = due.assignment
    label = ""
    if assignment.series_id:
        size = series_sizes.get(assignment.series_id, assignment.position)
        label = f"Step {assignment.position} of {size} in “{assignment.series.title}”"
    return Item(
        due=due,
        when=when_text(due, today),
        progress=progress_text(due, today),
        series_label=label,
        can_begin=due.is_open and due.starts <= today,
        begun=assignment.pk in begun,
    )


@dataclass
class StepView:
    """A step of a series as the series' outline shows it."""

    number: int
    assignment: Assignment
    state: str  # done, open, locked
    text: str


def step_view(step: SeriesStep, number: int, today: date) -> StepView:
    if step.is_locked:
        return StepView(number, step.assignment, "locked", "Opens when you finish the one before")
    if step.unlocked_on > today:
        return StepView(
            number, step.assignment, "locked", f"Opens on {long_date(step.unlocked_on)}"
        )
    if step.due is not None and not step.due.is_open:
        return StepView(number, step.assignment, "done", "Done")
    if step.due is not None and step.due.due >= today:
        return StepView(number, step.assignment, "open", f"Open now, by {long_date(step.due.due)}")
    return StepView(number, step.assignment, "open", "Open now, whenever you're ready")


@dataclass
class SeriesView:
    series: object
    therapist: object
    steps: list[StepView]


def homework_page_for(client, today: date) -> dict:
    """Everything the homework page shows. Three queries at most, however much is set: the
    assignments, the days they were done, the practices begun and not finished."""
    assignments = list(assignments_of(client, statuses=(Status.ACTIVE, Status.PAUSED)))
    active = [assignment for assignment in assignments if assignment.status == Status.ACTIVE]
    paused = [assignment for assignment in assignments if assignment.status == Status.PAUSED]
    plan = plan_for(active)
    homework = sort_homework(plan.dues, today)
    begun = set()
    if active:
        begun = set(
            Run.objects.filter(
                user=client,
                assignment__in=[assignment.pk for assignment in active],
                status__in=services.OPEN,
            ).values_list("assignment_id", flat=True)
        )
    sizes = {series_id: len(steps) for series_id, steps in plan.series.items()}

    def items(dues):
        return [item_for(due, today, sizes, begun) for due in dues]

    series = []
    for steps in plan.series.values():
        first = steps[0].assignment
        outline = [step_view(step, number, today) for number, step in enumerate(steps, start=1)]
        series.append(SeriesView(first.series, first.therapist, outline))

    paused_lines, seen_series = [], set()
    for assignment in paused:
        if assignment.series_id:
            if assignment.series_id in seen_series:
                continue
            seen_series.add(assignment.series_id)
            title = assignment.series.title
        else:
            title = assignment.practice.title
        paused_lines.append({"title": title, "therapist": assignment.therapist})

    return {
        "today": today,
        "has_homework": bool(assignments),
        "sections": [
            section("due-today", "Due today", "", items(homework.today)),
            section(
                "this-week", "This week", "Any day this week is fine.", items(homework.this_week)
            ),
            section(
                "still-open",
                "Still open",
                "These had a date that has passed. They're still here whenever you're ready; "
                "there's no catching up to do.",
                items(homework.overdue),
            ),
            section(
                "later",
                "Later",
                "Coming up; nothing you need to do yet.",
                items(homework.coming_up),
            ),
        ],
        "nothing_due": not homework.has_anything,
        "done_lately": items(homework.done_recently),
        "series": series,
        "paused": paused_lines,
    }


def section(key: str, title: str, intro: str, items: list[Item]) -> dict:
    return {"key": key, "title": title, "intro": intro, "items": items}


def home_homework(user) -> dict:
    """For the home page: up to five things due now, for someone linked to a therapist
    (two queries); nothing to read for anyone else."""
    context = {"homework_due": []}
    if user.has_therapist:
        today = local_today(user)
        plan = plan_for(list(assignments_of(user)))
        homework: Homework = sort_homework(plan.dues, today)
        sizes = {series_id: len(steps) for series_id, steps in plan.series.items()}
        context["homework_due"] = [
            item_for(due, today, sizes, set()) for due in homework.due_now[:HOME_LIMIT]
        ]
        context["homework_more"] = len(homework.due_now) > HOME_LIMIT
    return context
