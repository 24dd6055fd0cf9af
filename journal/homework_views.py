"""The client's homework: what is due today, this week and from before, each with the
therapist's note and a Begin that starts the practice; finishing it counts toward the homework.

Reads go through journal.homework (a fixed number of queries however much is set); the
write is journal.services.start_run. Dates are the client's own days.
"""

from dataclasses import dataclass
from datetime import date

from django.contrib import messages
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from journal import services, views
from journal.access import private_page
from journal.homework import assignments_of, done_days, local_today, plan_for
from journal.models import CHECK_IN, Run
from journal.sharing import get_assignment_for_client
from practices.models import Assignment, Schedule, Status
from practices.schedule import Due, Homework, SeriesStep, series_steps, sort_homework

HOME_LIMIT = 5


def long_date(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B}"


def short_date(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b}"


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


@private_page
@require_GET
def homework(request):
    client = request.user
    context = homework_page_for(client, local_today(client))
    return TemplateResponse(request, "journal/homework.html", context)


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


# Beginning ---------------------------------------------------------------------------------


def series_step(assignment: Assignment) -> SeriesStep:
    """This assignment's place in its series, worked out from the whole series. Two queries."""
    items = list(Assignment.objects.filter(series_id=assignment.series_id).select_related("client"))
    steps = series_steps(assignment.series, items, done_days(items))
    return next(step for step in steps if step.assignment.pk == assignment.pk)


def refusal(assignment: Assignment, today: date) -> str | None:
    """Why this homework can't be begun now, in calm words; or None when it can."""
    name = assignment.therapist.shown_name
    if assignment.status == Status.PAUSED:
        return (
            f"{name} has paused “{assignment.practice.title}” for now, so it can't be begun "
            "from your homework. It will be back here if they pick it up again."
        )
    if assignment.status == Status.ENDED:
        return (
            f"“{assignment.practice.title}” is no longer part of your homework. Anything you "
            "did for it stays in your journal."
        )
    if assignment.practice.is_archived:
        return f"“{assignment.practice.title}” isn't available any more. {name} can set another."
    if assignment.series_id:
        step = series_step(assignment)
        if step.is_locked:
            return (
                f"“{assignment.practice.title}” opens when you finish the one before it "
                f"in “{assignment.series.title}”."
            )
        if step.unlocked_on > today:
            return f"“{assignment.practice.title}” opens on {long_date(step.unlocked_on)}."
    return None


@private_page
@require_POST
def begin_homework(request, assignment_id: int):
    """Start the practice for this homework (or pick up the one already begun), counting
    toward it; a calm word and back to the homework page when it can't be begun now."""
    assignment = get_assignment_for_client(request, assignment_id)
    why_not = refusal(assignment, local_today(request.user))
    if why_not:
        messages.info(request, why_not)
        return views.see_other(reverse("homework"))
    run, began = services.begin_practice(request.user, assignment.practice, assignment)
    if not began:
        messages.info(request, views.already_begun(run))
        return views.see_other(views.step_url(run, run.current_step))
    return views.see_other(views.step_url(run, CHECK_IN))
