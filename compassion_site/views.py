"""Pages that belong to the whole site rather than to one app: home, the one page that reads
every app, and the crisis help and health check."""

from django.db import connection
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from compassion_site.lib.dates import local_moment
from journal import queries
from journal.check_ins import home_check_in
from journal.homework import home_homework
from journal.welcome import first_suggestion
from progress.queries import this_week


@require_GET
def crisis_help(request):
    """How to get urgent help now. Open to everyone, signed in or not."""
    return TemplateResponse(request, "pages/crisis.html", {})


@require_GET
@never_cache
def health(request):
    """For load balancers and uptime checks: answers 200 once the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


def greeting_for(hour: int) -> str:
    """A greeting for the hour of the person's own day."""
    if 5 <= hour < 12:
        return "Good morning"
    if 12 <= hour < 18:
        return "Good afternoon"
    if 18 <= hour < 23:
        return "Good evening"
    return "Hello"


@require_GET
def home(request):
    """The home page: a welcome for visitors; for a person, a greeting in their own time,
    homework due now, what is next on the paths they are on, the practices they have not
    finished, their favourites and recent practices, and a first suggestion for someone new."""
    context = {}
    if request.user.is_authenticated:
        context["greeting"] = greeting_for(local_moment(timezone.now()).hour)
        context["open_runs"] = list(queries.open_runs(request.user))
        context["week"] = this_week(request.user)
        context.update(home_homework(request.user))
        context["on_paths"] = queries.home_paths(request.user)
        context.update(queries.finding_for_home(request.user))
        context.update(first_suggestion(request.user))
        context.update(home_check_in(request.user))
    response = TemplateResponse(request, "home.html", context)
    if request.user.is_authenticated:
        add_never_cache_headers(response)  # a greeting, open practices, homework: theirs
    return response
