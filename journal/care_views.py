"""The therapist's pages about their clients, under /care/.

Every view is a `therapist_page` (404 without therapist mode) and reaches a client only
through `sharing.get_client_for_therapist` (404 unless linked now), and an entry only through
`sharing.get_shared_entry` (404 unless shared with this therapist and not in the trash).
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from compassion_site.accounts import drafts
from compassion_site.accounts.access import therapist_page
from compassion_site.accounts.drafts import keeps_drafts
from compassion_site.accounts.kept_words import keeps_words_when_logged_out, take_kept_words
from journal import care, charts, queries, sharing
from journal.care_forms import AssignForm, CommentForm, SeriesForm
from journal.homework import local_today
from journal.models import MAX_COMMENT_LENGTH
from journal.views import see_other
from practices import assignments as homework
from practices.models import Assignment, Status


@therapist_page
@require_GET
def care_overview(request):
    rows = care.overview(request.user)
    return TemplateResponse(request, "care/overview.html", {"rows": rows})


@therapist_page
@require_GET
def care_client(request, client_id: int):
    link = sharing.get_client_for_therapist(request, client_id)
    page = care.client_page(request.user, link)
    context = {
        "link": link,
        "client": link.client,
        "page": page,
        "chart": charts.completion_chart(page.weeks),
        "chart_desc": completion_words(page, link.client),
        "shared_ids": {entry.pk for entry in page.shared},
        "current": [a for a in page.assignments if a.status != Status.ENDED],
        "ended": [a for a in page.assignments if a.status == Status.ENDED],
    }
    return TemplateResponse(request, "care/client.html", context)


def completion_words(page, client) -> str:
    """The chart in words, saying where it starts and why: no weeks of zeros from before
    there was any homework to do."""
    weeks = page.weeks
    done = sum(week.done for week in weeks)
    planned = sum(week.planned for week in weeks)
    start = page.charted_from
    if start.day > local_today(client):
        words = f"The first homework begins on {start.day:%-d %B}."
    elif page.charts_every_week_since_the_start:
        why = (
            "the first homework began"
            if start.reason == "homework"
            else f"you and {client.shown_name} were linked"
        )
        words = (
            f"From the week of {weeks[0].monday:%-d %B}, when {why}, to this week: "
            f"{done} done of {planned} planned."
        )
    else:
        words = f"Over the last {len(weeks)} weeks, {done} done of {planned} planned."
    if weeks:
        words += f" This week so far: {weeks[-1].done} of {weeks[-1].planned}."
    return words


def client_url(link) -> str:
    return reverse("care_client", args=[link.client_id])


@therapist_page
@require_http_methods(["GET", "POST"])
def assign_practice(request, client_id: int):
    link = sharing.get_client_for_therapist(request, client_id)
    client = link.client
    data = request.POST if request.method == "POST" else None
    today = local_today(client)
    form = AssignForm(data, therapist=request.user, today=today, initial={"starts_on": today})
    if data is not None and form.is_valid():
        homework.assign_practice(
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
    link = sharing.get_client_for_therapist(request, client_id)
    client = link.client
    data = request.POST if request.method == "POST" else None
    today = local_today(client)
    form = SeriesForm(data, therapist=request.user, today=today, initial={"starts_on": today})
    if data is not None and form.is_valid():
        values = form.cleaned_data
        homework.assign_series(
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


def get_assignment_for_therapist(request, assignment_id: int) -> Assignment:
    """One of the signed-in therapist's assignments to a client still linked; 404 otherwise."""
    assignment = (
        Assignment.objects.select_related("practice", "client", "series")
        .filter(
            pk=assignment_id,
            therapist=request.user,
            client__therapist_links__therapist=request.user,
            client__therapist_links__ended_at__isnull=True,
        )
        .first()
    )
    if assignment is None:
        raise Http404("Not your assignment")
    return assignment


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
        homework.edit_assignment(
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
        homework.set_status(assignment, Status.PAUSED)
        messages.info(request, f"Paused {assignment.practice.title}. Nothing is due while paused.")
    elif assignment.status == Status.PAUSED:
        homework.set_status(assignment, Status.ACTIVE)
        messages.success(request, f"{assignment.practice.title} is active again.")
    return see_other(reverse("care_client", args=[assignment.client_id]))


@therapist_page
@require_POST
def assignment_end(request, assignment_id: int):
    assignment = get_assignment_for_therapist(request, assignment_id)
    if assignment.status != Status.ENDED:
        homework.set_status(assignment, Status.ENDED)
        messages.info(
            request, f"Ended {assignment.practice.title}. What your client did stays as it was."
        )
    return see_other(reverse("care_client", args=[assignment.client_id]))


@therapist_page
@require_http_methods(["GET", "POST"])
def end_link_therapist(request, client_id: int):
    link = sharing.get_client_for_therapist(request, client_id)
    if request.method == "POST":
        sharing.end_link(link, request.user)
        messages.info(
            request,
            f"You're no longer linked with {link.client.shown_name}. "
            "They keep everything they wrote.",
        )
        return see_other(reverse("care_overview"))
    return TemplateResponse(request, "care/end_link.html", {"link": link, "client": link.client})


KEPT_COMMENT = (
    "We kept the comment you wrote while you were logged out. It isn't saved yet: "
    "look it over, then press Leave the comment."
)


def shared_entry_context(request, link, entry, form) -> dict:
    return {
        "link": link,
        "client": link.client,
        "entry": entry,
        "answers": queries.entry_answers(entry),
        "notes": list(entry.notes.all()),
        "comments": list(entry.comments.select_related("therapist")),
        "form": form,
    }


# Posting a comment sends the therapist back to the entry (see other). That page is the same
# reading, not a second one: the comment's view leaves a mark in the session, which only the
# next opening of a shared entry takes, and only straight after, so no read goes unlogged.
BACK_FROM_OWN_COMMENT = "tend:back_from_own_comment"
BACK_FROM_OWN_COMMENT_SECONDS = 60


def mark_back_from_own_comment(request, entry) -> None:
    request.session[BACK_FROM_OWN_COMMENT] = [entry.pk, timezone.now().timestamp()]


def is_back_from_own_comment(request, entry) -> bool:
    """Whether this opening is the page after the therapist's own comment on this entry
    (taking the mark, so the opening after it is logged again)."""
    mark = request.session.pop(BACK_FROM_OWN_COMMENT, None)
    if not mark:
        return False
    entry_id, at = mark
    age = timezone.now().timestamp() - at
    return entry_id == entry.pk and 0 <= age <= BACK_FROM_OWN_COMMENT_SECONDS


# A comment's draft holds what a comment can, and a little room around it.
COMMENT_DRAFT_CHARS = MAX_COMMENT_LENGTH + 1_000


def shared_entry_for_draft(request, client_id: int, entry_id: int):
    """A comment's draft is for a therapist the entry is shared with (a 404 for anyone else);
    saving one is not an opening of the entry, so nothing is logged."""
    link = sharing.get_client_for_therapist(request, client_id)
    sharing.get_shared_entry(request, link, entry_id)


@therapist_page
@keeps_drafts(back_to="shared_entry", max_chars=COMMENT_DRAFT_CHARS)
@require_GET
def shared_entry(request, client_id: int, entry_id: int):
    """An entry the client shares with this therapist. Each opening is in the client's log;
    the page after the therapist's own comment is not another opening."""
    link = sharing.get_client_for_therapist(request, client_id)
    entry = sharing.get_shared_entry(request, link, entry_id)
    if not is_back_from_own_comment(request, entry):
        sharing.record_access(entry, request.user)
    kept = take_kept_words(request)  # a comment written after the login ended
    if kept is not None:
        messages.info(request, KEPT_COMMENT)
        form = CommentForm(kept)
    elif request.draft is not None:
        form = CommentForm(initial=request.draft.initial)
    else:
        form = CommentForm()
    context = shared_entry_context(request, link, entry, form)
    return TemplateResponse(request, "care/shared_entry.html", context)


@keeps_words_when_logged_out(("text",), back_to="shared_entry")
@therapist_page
@keeps_drafts(back_to="shared_entry", max_chars=COMMENT_DRAFT_CHARS, allowed=shared_entry_for_draft)
@require_POST
def shared_entry_comment(request, client_id: int, entry_id: int):
    link = sharing.get_client_for_therapist(request, client_id)
    entry = sharing.get_shared_entry(request, link, entry_id)
    form = CommentForm(request.POST)
    if form.is_valid():
        sharing.add_comment(entry, request.user, form.cleaned_data["text"])
        drafts.done(request)
        mark_back_from_own_comment(request, entry)
        messages.success(request, f"Your comment is on the entry for {link.client.shown_name}.")
        url = reverse("shared_entry", args=[link.client_id, entry.pk])
        return see_other(url + "#comments")
    context = shared_entry_context(request, link, entry, form)
    return TemplateResponse(request, "care/shared_entry.html", context, status=400)
