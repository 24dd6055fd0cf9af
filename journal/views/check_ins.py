"""The daily check-in: a number for how I am today (0 very low, 10 really well), saved in one
tap of a number and one of Save, then a few words and a line if the person likes. The same
panel sits on home and on /journal/check-in/ (with the past check-ins under it); htmx swaps the
panel, and without JavaScript the forms post and come back here with 303."""

from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from compassion_site.accounts.access import private_page
from compassion_site.lib.htmx import for_htmx, wants_partial
from compassion_site.lib.http import page_number, see_other
from journal import check_ins
from journal.forms import CheckInWordsForm, HowIAmForm
from journal.models import CheckIn

PANEL = "check-in"  # the panel's id, htmx's target
PAST_PER_PAGE = 30


def past_check_ins(request) -> dict:
    """A page of past check-ins, newest first. One query."""
    page = page_number(request)
    offset = (page - 1) * PAST_PER_PAGE
    window = list(
        CheckIn.objects.filter(user=request.user).order_by("-day")[
            offset : offset + PAST_PER_PAGE + 1
        ]
    )
    return {
        "past": window[:PAST_PER_PAGE],
        "past_page": page,
        "past_more": len(window) > PAST_PER_PAGE,
    }


def answer(request, context: dict, *, status: int = 200):
    """The panel for htmx, the page (with the past check-ins) otherwise."""
    if not wants_partial(request, PANEL):
        context.update(past_check_ins(request))
    return TemplateResponse(request, "journal/check_in.html", context, status=status)


@private_page
@require_http_methods(["GET", "POST"])
@for_htmx(if_hx_target=PANEL, use_partial="panel")
def check_in(request):
    """GET: today's check-in (or the scale, when there is none yet or `?change` asks for it).
    POST: save how I am today, or change it."""
    today = check_ins.todays_check_in(request.user)
    if request.method == "POST":
        form = HowIAmForm(request.POST)
        if not form.is_valid():
            context = check_ins.panel_context(today, how_form=form, changing=True)
            return answer(request, context, status=400)
        saved = check_ins.check_in(request.user, form.cleaned_data["how_i_am"])
        if not wants_partial(request, PANEL):
            return see_other(reverse("check_in"))
        return answer(request, check_ins.panel_context(saved, just_saved=True))
    changing = "change" in request.GET
    return answer(request, check_ins.panel_context(today, changing=changing))


@private_page
@require_POST
@for_htmx(if_hx_target=PANEL, use_partial="panel")
def check_in_words(request):
    """Keep a few feeling words and a line with today's check-in."""
    today = check_ins.todays_check_in(request.user)
    if today is None:
        form = HowIAmForm(data={})
        form.is_valid()  # a bound form, so the scale is marked as the field to fill in
        form.add_error(None, "Choose a number for how you are first; then words can join it.")
        context = check_ins.panel_context(None, how_form=form)
        return answer(request, context, status=400)
    form = CheckInWordsForm(request.POST)
    if not form.is_valid():
        return answer(request, check_ins.panel_context(today, words_form=form), status=400)
    check_ins.add_words(today, form.cleaned_data["words"], form.cleaned_data["note"])
    if not wants_partial(request, PANEL):
        return see_other(reverse("check_in"))
    return answer(request, check_ins.panel_context(today, words_saved=True))
