"""The three optional welcome questions a new person is asked (what brings you, which method
draws you, a reminder?) and the first suggestion on home that their answers shape."""

from dataclasses import dataclass
from datetime import timedelta

from django import forms
from django.db import transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from journal.models import PathWalk, Run, Welcome
from practices.models import Path, Practice

# The welcome questions are offered on home this long after joining, until answered or skipped;
# the first suggestion shows in the first weeks only.
ASK_FOR = timedelta(days=14)
FIRST_WEEKS = timedelta(days=42)
# Home's first suggestion stays until the person has finished this many practices.
FIRST_FEW = 3
HARD_DAY_SLUG = "cft-grounding"
GENTLE_START_SLUG = "msc-self-compassion-break"


class WelcomeForm(forms.ModelForm):
    class Meta:
        model = Welcome
        fields = ("brings", "method", "reminder")
        labels = {
            "brings": "What brings you to Tend?",
            "method": "Which way of practising draws you?",
            "reminder": "Would you like a gentle reminder to practise?",
        }
        widgets = dict.fromkeys(("brings", "method", "reminder"), forms.RadioSelect)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.required = False
            field.choices = [choice for choice in field.choices if choice[0]]  # no "---------"
            field.error_messages["invalid_choice"] = "Choose one of the answers listed, or none."
            field.widget.choices = field.choices
            self.fields[name] = field


def reminders_url() -> str:
    """The reminders page, once it exists; until then, settings."""
    try:
        return reverse("reminders")
    except NoReverseMatch:
        return reverse("settings")


@transaction.atomic
def save_welcome(user, *, brings="", method="", reminder="", skipped=False) -> Welcome:
    welcome, _ = Welcome.objects.update_or_create(
        user=user,
        defaults={
            "brings": brings,
            "method": method,
            "reminder": reminder,
            "skipped": skipped,
            "answered_at": timezone.now(),
        },
    )
    return welcome


@dataclass
class Suggestion:
    why: str
    practice: Practice | None = None
    path: Path | None = None


def first_suggestion(user) -> dict:
    """For home, in a person's first weeks: `welcome_invite` (the questions, until answered or
    skipped) or `first_suggestion` (what their answers point to, while they have finished
    fewer than FIRST_FEW practices). One query, and one more for what is suggested; none for
    an account older than FIRST_WEEKS."""
    if timezone.now() - user.date_joined >= FIRST_WEEKS:
        return {}
    finished = Run.objects.filter(user=OuterRef("user"), status=Run.Status.FINISHED)
    welcome = (
        Welcome.objects.filter(user=user)
        .annotate(finished=Coalesce(Subquery(counted(finished)), 0))
        .first()
    )
    if welcome is None:
        return {"welcome_invite": timezone.now() - user.date_joined < ASK_FOR}
    if welcome.skipped or welcome.finished >= FIRST_FEW:
        return {}
    return {"first_suggestion": suggestion_for(user, welcome)}


def counted(queryset):
    """How many rows `queryset` (filtered on an OuterRef) has, as a subquery."""
    return queryset.order_by().values("user").annotate(n=Count("pk")).values("n")[:1]


def suggestion_for(user, welcome: Welcome) -> Suggestion:
    if welcome.brings == Welcome.Brings.HARD_DAY:
        practice = library_practice(HARD_DAY_SLUG)
        if practice is not None:
            return Suggestion("For a hard day, something short and steadying:", practice)
    if welcome.method in (Welcome.Method.CFT, Welcome.Method.MSC, Welcome.Method.IFS):
        path = (
            Path.objects.current()
            .filter(topic=welcome.method)
            .exclude(pk__in=PathWalk.objects.filter(user=user, left_at__isnull=True).values("path"))
            .first()
        )
        if path is not None:
            return Suggestion("A path to follow at your own pace, one step at a time:", path=path)
    return Suggestion("A gentle place to begin:", library_practice(GENTLE_START_SLUG))


def library_practice(slug: str) -> Practice | None:
    return Practice.objects.current().in_library().filter(slug=slug).first()
