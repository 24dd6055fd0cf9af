from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_GET


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
    """The home page: a welcome for visitors, a greeting in their own time for a person."""
    context = {}
    if request.user.is_authenticated:
        context["greeting"] = greeting_for(timezone.localtime().hour)
    return TemplateResponse(request, "journal/home.html", context)
