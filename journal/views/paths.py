"""Paths: every path, one path's page with the person's place on it, and starting, pausing,
picking up again and leaving (journal.paths), and saying a lesson is read.

Anyone may read the paths; the POSTs need a login. Each answers 303 back to the path's page;
htmx follows it and asks for only the page's panel (for_htmx), so the forms work the same with
or without JavaScript. Reads are a fixed number of queries (journal.queries).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET, require_POST

from compassion_site.lib.htmx import for_htmx
from compassion_site.lib.http import safe_next, see_other
from journal import paths as walking
from journal import queries
from practices.models import Path

COME_BACK = "You can come back whenever you like."


def personal(request, response):
    """A person's own place on the paths is theirs: kept by no browser or proxy."""
    if request.user.is_authenticated:
        add_never_cache_headers(response)
    return response


@require_GET
def paths(request):
    states = queries.paths_overview(request.user)
    response = TemplateResponse(request, "journal/paths.html", {"states": states})
    return personal(request, response)


@require_GET
@for_htmx(if_hx_target="path-panel", use_partial="panel")
def path(request, slug: str):
    state = queries.get_path_state(request.user, slug)
    response = TemplateResponse(request, "journal/path.html", {"state": state, "path": state.path})
    return personal(request, response)


def path_or_404(slug: str) -> Path:
    found = Path.objects.current().filter(slug=slug).first()
    if found is None:
        raise Http404("No such path")
    return found


def back_to(path: Path):
    return see_other(reverse("path", args=[path.slug]))


@login_required
@require_POST
def path_start(request, slug: str):
    path = path_or_404(slug)
    walking.start_path(request.user, path)
    messages.success(request, "You're on this path. Go at your own pace, one step at a time.")
    return back_to(path)


@login_required
@require_POST
def path_pause(request, slug: str):
    path = path_or_404(slug)
    walk = walking.current_walk(request.user, path)
    if walk is not None:
        walking.pause_path(walk)
        messages.success(request, f"Paused. {COME_BACK} Nothing here is lost.")
    return back_to(path)


@login_required
@require_POST
def path_resume(request, slug: str):
    path = path_or_404(slug)
    walk = walking.current_walk(request.user, path)
    if walk is not None:
        walking.resume_path(walk)
        messages.success(request, "Welcome back. Here is where you were.")
    return back_to(path)


@login_required
@require_POST
def path_leave(request, slug: str):
    path = path_or_404(slug)
    walk = walking.current_walk(request.user, path)
    if walk is not None:
        walking.leave_path(walk)
        messages.success(
            request,
            f"You've left this path, and what you wrote stays in your journal. {COME_BACK}",
        )
    return back_to(path)


@login_required
@require_POST
def path_lesson_read(request, slug: str, lesson_slug: str):
    """Mark a lesson of this path read; back to the path, or to the lesson's page (`next`)."""
    path = path_or_404(slug)
    if not path.items.filter(lesson_slug=lesson_slug).exists():
        raise Http404("No such lesson on this path")
    walking.mark_lesson_read(request.user, lesson_slug)
    return see_other(safe_next(request, reverse("path", args=[path.slug])))


@require_GET
def path_on_lesson(request, lesson_slug: str):
    """The "On your path" box for a lesson's page, which fetches it once loaded (the lesson's
    page is the same for everyone): "I've read it", or what comes next. Nothing (204) when no
    path the person follows holds the lesson; 404 for a visitor."""
    if not request.user.is_authenticated:
        raise Http404("Only for a signed-in person")
    on_your_path = queries.path_for_lesson(request.user, lesson_slug)
    if on_your_path is None:
        return HttpResponse(status=204)
    context = {"on_your_path": on_your_path, "lesson_url": reverse("lesson", args=[lesson_slug])}
    return TemplateResponse(request, "journal/includes/on_your_path.html", context)
