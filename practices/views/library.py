"""The practice library: browsing with filters and a search, one practice's page, and marking a
practice a favourite. Open to everyone; favourites are each signed-in person's own."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET, require_POST

from compassion_site.lib.htmx import for_htmx
from compassion_site.lib.http import safe_next, see_other
from practices.favourites import marked_for, set_favourite
from practices.forms import LibraryFilterForm, filter_practices
from practices.models import Mood, Practice


def theirs(request, response):
    """A page showing a signed-in person's favourites is kept by no browser or proxy; the
    same page for a visitor shows nothing of anyone's and may be kept."""
    if request.user.is_authenticated:
        add_never_cache_headers(response)
    return response


@require_GET
@for_htmx(use_partial="results")
def library(request):
    """Browse the practices anyone may begin alone; htmx swaps only the results."""
    form = LibraryFilterForm(request.GET)
    chosen, ignored = form.filters()
    practices = marked_for(Practice.objects.for_library(), request.user)
    if not request.user.is_authenticated:
        chosen.pop("favourites", None)  # a visitor has none: the filter is not offered
    elif chosen.get("favourites"):
        practices = practices.filter(is_favourite=True)
    practices = filter_practices(practices, chosen)
    query = request.GET.copy()
    context = {
        "form": form,
        "practices": practices,
        "chosen": chosen,
        "ignored": ignored,
        "search": chosen.get("q", ""),
        "clear_search_query": without(query, "q"),
        "moods": [
            {"value": value, "label": label, "query": with_mood(query, value)}
            for value, label in Mood.choices
        ],
        "chosen_mood": chosen.get("mood", ""),
        "all_moods_query": with_mood(query, ""),
    }
    return theirs(request, TemplateResponse(request, "practices/library.html", context))


def without(query, name: str) -> str:
    """The query string without `name`, and without the filters left empty."""
    kept = query.copy()
    for key in query:
        if key == name or not any(query.getlist(key)):
            kept.pop(key)
    return kept.urlencode()


def with_mood(query, mood: str) -> str:
    query = query.copy()
    query.pop("mood", None)
    if mood:
        query["mood"] = mood
    return query.urlencode()


@require_GET
def practice_detail(request, slug: str):
    practices = Practice.objects.current().in_library().prefetch_related("steps")
    practice = get_object_or_404(marked_for(practices, request.user), slug=slug)
    if not practice.self_guided:  # nothing to begin alone, so nothing to mark either
        return TemplateResponse(request, "practices/with_therapist.html", {"practice": practice})
    return theirs(
        request, TemplateResponse(request, "practices/detail.html", {"practice": practice})
    )


@login_required
@require_POST
def practice_favourite(request, slug: str):
    """Mark a practice a favourite, or unmark it (`favourite`: "on" or "off", so a press sent
    twice lands the same). htmx gets the toggle back to swap in place; a plain form goes back
    to the page it came from."""
    practice = get_object_or_404(Practice.objects.for_library(), slug=slug)
    practice.is_favourite = set_favourite(
        request.user, practice, request.POST.get("favourite") == "on"
    )
    back = safe_next(request, reverse("practice_detail", args=[practice.slug]))
    if getattr(request, "htmx", False):
        context = {"practice": practice, "back": back}
        response = TemplateResponse(request, "practices/includes/favourite.html", context)
        add_never_cache_headers(response)
        return response
    return see_other(back)
