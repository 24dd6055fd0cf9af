"""Pages that belong to the whole site rather than to one app."""

from django.db import connection
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


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
