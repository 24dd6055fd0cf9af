"""The therapist's pages about their clients, under /care/.

Every view is a `therapist_page` (404 without therapist mode) and reaches a client only
through `care.queries.get_client_for_therapist` (404 unless linked now), and an entry only through
`care.queries.get_shared_entry` (404 unless shared with this therapist and not in the trash).
"""

from django.contrib import messages
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from care import queries as care
from compassion_site.accounts.access import therapist_page
from compassion_site.lib.dates import day_month, local_today
from compassion_site.lib.http import see_other
from journal import sharing
from practices.models import Status
from progress import charts


@therapist_page
@require_GET
def care_overview(request):
    rows = care.overview(request.user)
    return TemplateResponse(request, "care/overview.html", {"rows": rows})


@therapist_page
@require_GET
def care_client(request, client_id: int):
    link = care.get_client_for_therapist(request, client_id)
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
        words = f"The first homework begins on {day_month(start.day)}."
    elif page.charts_every_week_since_the_start:
        why = (
            "the first homework began"
            if start.reason == "homework"
            else f"you and {client.shown_name} were linked"
        )
        words = (
            f"From the week of {day_month(weeks[0].monday)}, when {why}, to this week: "
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
def end_link_therapist(request, client_id: int):
    link = care.get_client_for_therapist(request, client_id)
    if request.method == "POST":
        sharing.end_link(link, request.user)
        messages.info(
            request,
            f"You're no longer linked with {link.client.shown_name}. "
            "They keep everything they wrote.",
        )
        return see_other(reverse("care_overview"))
    return TemplateResponse(request, "care/end_link.html", {"link": link, "client": link.client})
