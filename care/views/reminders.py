"""A person's own reminders to practise, under /reminders/: days and a time in their zone, an
email if they want one, and a private calendar feed they can make, replace and revoke.

The feed's token and the unsubscribe link's signature travel in the path, so the calm 404s
for a wrong one are marked as already logged: no token reaches the logs.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from care import reminders
from care.forms import PracticeReminderForm
from care.models import PracticeReminder
from compassion_site.accounts.models import User
from compassion_site.lib.dates import local_today
from compassion_site.lib.http import see_other

# The plain feed token just made, carried from the POST that made it to the one page that
# shows it, and popped there.
FRESH_FEED = "fresh_feed_token"


def quiet_404(request) -> TemplateResponse:
    response = TemplateResponse(request, "404.html", status=404)
    response._has_been_logged = True  # the path holds a token; keep it out of the logs
    return response


def feed_url(request, token: str) -> str:
    return request.build_absolute_uri(reverse("reminders_feed", args=[token]))


def keep(person, **fields) -> None:
    PracticeReminder.objects.update_or_create(
        user=person, defaults={**fields, "updated_at": timezone.now()}
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def reminders_page(request):
    person = request.user
    # Not made until something is saved: opening the page changes nothing.
    reminder = PracticeReminder.objects.filter(user=person).first() or PracticeReminder(user=person)
    if request.method == "POST" and request.POST.get("action") == "stop":
        keep(person, days="", at=None, by_email=False)
        messages.success(request, "Reminders are off. You can set them again any time.")
        return see_other(reverse("reminders"))
    if request.method == "POST":
        form = PracticeReminderForm(request.POST, person=person)
        if form.is_valid():
            keep(
                person,
                days="".join(str(day) for day in sorted(set(form.cleaned_data["days"]))),
                at=form.cleaned_data["at"],
                by_email=form.cleaned_data["by_email"],
            )
            messages.success(request, "Your reminders are saved.")
            return see_other(reverse("reminders"))
    else:
        initial = {"by_email": reminder.by_email}
        if reminder.is_set:
            initial.update(days=[str(day) for day in reminder.weekdays], at=reminder.at)
        form = PracticeReminderForm(initial=initial, person=person)
    today = local_today(person)
    fresh = request.session.pop(FRESH_FEED, None)
    context = {
        "form": form,
        "reminder": reminder,
        "zone_name": person.time_zone,
        "chosen_days": [reminders.WEEKDAYS[day] for day in reminder.weekdays],
        "clock_notes": reminders.clock_notes(reminder, person.zone, today)[:2],
        "email_ready": bool(person.email and person.email_confirmed),
        "fresh_feed_url": feed_url(request, fresh) if fresh else "",
    }
    return TemplateResponse(request, "care/reminders/page.html", context)


@login_required
@require_POST
def reminders_calendar(request):
    """Make a calendar link, or a new one in place of the old (which stops working)."""
    replacing = (
        PracticeReminder.objects.filter(user=request.user).exclude(feed_token_hash="").exists()
    )
    request.session[FRESH_FEED] = reminders.make_feed_token(request.user)
    if replacing:
        messages.success(request, "Here is your new calendar link. The old one no longer works.")
    return see_other(reverse("reminders") + "#calendar")


@login_required
@require_POST
def reminders_calendar_revoke(request):
    reminders.revoke_feed_token(request.user)
    request.session.pop(FRESH_FEED, None)
    messages.success(request, "Your calendar link is switched off. It no longer shows anything.")
    return see_other(reverse("reminders") + "#calendar")


@require_GET
def reminders_feed(request, token: str):
    """The private calendar feed: anyone holding the link reads it, so it has no journal words
    and answers a 404 for a token that is wrong or revoked."""
    reminder = reminders.reminder_for_token(token)
    if reminder is None:
        return quiet_404(request)
    body = reminders.calendar_for(
        reminder,
        site_url=request.build_absolute_uri(reverse("home")),
        homework_url=request.build_absolute_uri(reverse("homework")),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    response["Content-Disposition"] = 'inline; filename="tend.ics"'
    return response


@never_cache
@csrf_exempt  # the signed token is the proof; mail apps post one-click unsubscribes bare
@require_http_methods(["GET", "POST"])
def reminders_unsubscribe(request, token: str):
    """From the link in a reminder email: GET asks (a link checker must not unsubscribe
    anyone), POST turns email reminders off. A mail app's one-click POST works the same."""
    person_id = reminders.person_id_for_unsubscribe(token)
    if person_id is None or not User.objects.filter(pk=person_id, is_active=True).exists():
        return quiet_404(request)
    done = False
    if request.method == "POST":
        reminders.stop_emails(person_id)
        done = True
    response = TemplateResponse(
        request, "care/reminders/unsubscribe.html", {"done": done, "token": token}
    )
    response._has_been_logged = True
    return response
