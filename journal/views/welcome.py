"""The welcome questions, right after signing up: three, each optional, the page skippable."""

from django.contrib import messages
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from compassion_site.accounts.access import private_page
from compassion_site.lib.http import see_other
from journal.models import Welcome
from journal.welcome import WelcomeForm, reminders_url, save_welcome

THANKS = "Thank you. Home has a first suggestion for you now; change your answers here any time."


@private_page
@require_http_methods(["GET", "POST"])
def welcome(request):
    answered = Welcome.objects.filter(user=request.user).first()
    if request.method == "POST":
        if request.POST.get("action") == "skip":
            if answered is None:
                save_welcome(request.user, skipped=True)
            messages.info(request, "Skipped. You can answer them any time from this page.")
            return see_other(reverse("home"))
        form = WelcomeForm(request.POST)
        if form.is_valid():
            welcome = save_welcome(request.user, **form.cleaned_data)
            messages.success(request, THANKS)
            if welcome.reminder == Welcome.Reminder.YES:
                return see_other(reminders_url())
            return see_other(reverse("home"))
    else:
        form = WelcomeForm(instance=answered if answered and not answered.skipped else None)
    context = {"form": form, "reminders_url": reminders_url()}
    return TemplateResponse(
        request, "journal/welcome.html", context, status=422 if form.errors else 200
    )
