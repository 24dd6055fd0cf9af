"""The client's homework: what is due today, this week and from before, each with the
therapist's note and a Begin that starts the practice; finishing it counts toward the homework.

Reads go through journal.homework (a fixed number of queries however much is set); the
write is journal.services.start_run. Dates are the client's own days.
"""

from datetime import date

from django.contrib import messages
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from compassion_site.accounts.access import private_page
from compassion_site.lib.dates import local_today, long_date
from compassion_site.lib.http import see_other
from journal import services
from journal.homework import done_days, homework_page_for
from journal.models import CHECK_IN
from journal.sharing import get_assignment_for_client
from journal.views.runs import already_begun, step_url
from practices.models import Assignment, Status
from practices.schedule import SeriesStep, series_steps


@private_page
@require_GET
def homework(request):
    client = request.user
    context = homework_page_for(client, local_today(client))
    return TemplateResponse(request, "journal/homework.html", context)


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
        return see_other(reverse("homework"))
    # The usual length, as the therapist set it; a client's form may name another of the
    # practice's lengths (an unknown one gives the usual).
    variant = request.POST.get("variant", "")[:60]
    run, began = services.begin_practice(
        request.user, assignment.practice, assignment, variant=variant
    )
    if not began:
        messages.info(request, already_begun(run))
        return see_other(step_url(run, run.current_step))
    return see_other(step_url(run, CHECK_IN))
