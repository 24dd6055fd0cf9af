"""Homework, from the therapist's side: assigning a practice or a series, editing, pausing and
ending it, under /care/.

Every view is a `therapist_page` (404 without therapist mode) and reaches a client only
through `care.queries.get_client_for_therapist` (404 unless linked now), and an entry only through
`care.queries.get_shared_entry` (404 unless shared with this therapist and not in the trash).
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from care import queries as care
from care import services
from care.forms import AssignForm, SeriesForm
from care.queries import get_assignment_for_therapist
from care.views.clients import client_url
from compassion_site.accounts.access import therapist_page
from compassion_site.lib.dates import local_today
from compassion_site.lib.http import see_other
from practices.models import Status


@therapist_page
@require_http_methods(["GET", "POST"])
def assign_practice(request, client_id: int):
    link = care.get_client_for_therapist(request, client_id)
    client = link.client
    data = request.POST if request.method == "POST" else None
    today = local_today(client)
    form = AssignForm(data, therapist=request.user, today=today, initial={"starts_on": today})
    if data is not None and form.is_valid():
        services.assign_practice(
            request.user,
            client,
            form.cleaned_data["practice"],
            note=form.cleaned_data["note"],
            **form.schedule_values(),
        )
        messages.success(request, f"Assigned {form.cleaned_data['practice'].title}.")
        return see_other(client_url(link))
    status = 400 if data is not None else 200
    context = {"link": link, "client": client, "form": form}
    return TemplateResponse(request, "care/assign.html", context, status=status)


@therapist_page
@require_http_methods(["GET", "POST"])
def assign_series(request, client_id: int):
    link = care.get_client_for_therapist(request, client_id)
    client = link.client
    data = request.POST if request.method == "POST" else None
    today = local_today(client)
    form = SeriesForm(data, therapist=request.user, today=today, initial={"starts_on": today})
    if data is not None and form.is_valid():
        values = form.cleaned_data
        services.assign_series(
            request.user,
            client,
            values["practices"],
            title=values["title"],
            note=values["note"],
            starts_on=values["starts_on"],
            unlock=values["unlock"],
            unlock_days=values["unlock_days"],
        )
        messages.success(request, f"Assigned the series “{values['title']}”.")
        return see_other(client_url(link))
    status = 400 if data is not None else 200
    context = {"link": link, "client": client, "form": form}
    return TemplateResponse(request, "care/series.html", context, status=status)


@therapist_page
@require_http_methods(["GET", "POST"])
def assignment_edit(request, assignment_id: int):
    assignment = get_assignment_for_therapist(request, assignment_id)
    if assignment.status == Status.ENDED:
        messages.info(request, "This homework has ended. Assign it again to set it anew.")
        return redirect("care_client", assignment.client_id)
    data = request.POST if request.method == "POST" else None
    initial = {
        "practice": assignment.practice_id,
        "note": assignment.note,
        "schedule": assignment.schedule,
        "starts_on": assignment.starts_on,
        "due_on": assignment.due_on,
        "times_per_week": assignment.times_per_week,
        "weeks": assignment.weeks,
        "days": assignment.days,
    }
    form = AssignForm(
        data,
        therapist=request.user,
        today=local_today(assignment.client),
        initial=initial,
        series_step=assignment.series_id is not None,
    )
    if data is not None and form.is_valid():
        schedule = {} if form.series_step else form.schedule_values()
        services.edit_assignment(
            assignment,
            practice=form.cleaned_data["practice"],
            note=form.cleaned_data["note"],
            **schedule,
        )
        messages.success(request, "Saved. Practices already done still count.")
        return see_other(reverse("care_client", args=[assignment.client_id]))
    status = 400 if data is not None else 200
    context = {"assignment": assignment, "client": assignment.client, "form": form}
    return TemplateResponse(request, "care/assignment_edit.html", context, status=status)


@therapist_page
@require_POST
def assignment_pause(request, assignment_id: int):
    """Pause an active assignment, or resume a paused one (a whole series together)."""
    assignment = get_assignment_for_therapist(request, assignment_id)
    if assignment.status == Status.ACTIVE:
        services.set_status(assignment, Status.PAUSED)
        messages.info(request, f"Paused {assignment.practice.title}. Nothing is due while paused.")
    elif assignment.status == Status.PAUSED:
        services.set_status(assignment, Status.ACTIVE)
        messages.success(request, f"{assignment.practice.title} is active again.")
    return see_other(reverse("care_client", args=[assignment.client_id]))


@therapist_page
@require_POST
def assignment_end(request, assignment_id: int):
    assignment = get_assignment_for_therapist(request, assignment_id)
    if assignment.status != Status.ENDED:
        services.set_status(assignment, Status.ENDED)
        messages.info(
            request, f"Ended {assignment.practice.title}. What your client did stays as it was."
        )
    return see_other(reverse("care_client", args=[assignment.client_id]))
