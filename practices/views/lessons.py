"""Lessons: the list at /learn/ and one lesson's page. Open to everyone, no login."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from practices.models import Lesson


@require_GET
def learn(request):
    """Every current lesson in the order they are best read, each labelled with its topic."""
    lessons = Lesson.objects.current().only("slug", "title", "summary", "topic", "order", "minutes")
    return TemplateResponse(request, "practices/learn.html", {"lessons": lessons})


@require_GET
def lesson(request, slug: str):
    """One lesson, its "Try it" practice, its sources, and the lessons on either side. Two
    queries: the list of lessons (for the neighbours), then this one with its practice."""
    in_order = [
        (found.slug, found.title) for found in Lesson.objects.current().only("slug", "title")
    ]
    slugs = [found_slug for found_slug, _ in in_order]
    if slug not in slugs:
        raise Http404("No such lesson")
    lesson = get_object_or_404(Lesson.objects.current().select_related("try_practice"), slug=slug)
    place = slugs.index(slug)
    earlier = in_order[place - 1] if place > 0 else None
    later = in_order[place + 1] if place + 1 < len(in_order) else None
    practice = lesson.try_practice
    can_try = practice.archived_at is None and practice.self_guided
    context = {
        "lesson": lesson,
        "practice": practice if can_try else None,
        "earlier": {"slug": earlier[0], "title": earlier[1]} if earlier else None,
        "later": {"slug": later[0], "title": later[1]} if later else None,
    }
    return TemplateResponse(request, "practices/lesson.html", context)
