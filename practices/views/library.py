"""The practice library: browsing with filters and one practice's page. Open to everyone."""

from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from compassion_site.lib.htmx import for_htmx
from practices.forms import LibraryFilterForm, filter_practices
from practices.models import Mood, Practice


@require_GET
@for_htmx(use_partial="results")
def library(request):
    """Browse the practices anyone may begin alone; htmx swaps only the results."""
    form = LibraryFilterForm(request.GET)
    chosen, ignored = form.filters()
    practices = filter_practices(Practice.objects.for_library(), chosen)
    query = request.GET.copy()
    context = {
        "form": form,
        "practices": practices,
        "chosen": chosen,
        "ignored": ignored,
        "moods": [
            {"value": value, "label": label, "query": with_mood(query, value)}
            for value, label in Mood.choices
        ],
        "chosen_mood": chosen.get("mood", ""),
        "all_moods_query": with_mood(query, ""),
    }
    return TemplateResponse(request, "practices/library.html", context)


def with_mood(query, mood: str) -> str:
    query = query.copy()
    query.pop("mood", None)
    if mood:
        query["mood"] = mood
    return query.urlencode()


@require_GET
def practice_detail(request, slug: str):
    practice = get_object_or_404(
        Practice.objects.current().in_library().prefetch_related("steps"), slug=slug
    )
    if not practice.self_guided:
        return TemplateResponse(request, "practices/with_therapist.html", {"practice": practice})
    return TemplateResponse(request, "practices/detail.html", {"practice": practice})
