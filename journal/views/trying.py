"""Trying a practice without an account: its steps one at a time, what the visitor writes held
only in their own session for an hour (journal/trying.py), and at the end the choice to keep
it by creating an account, or to let it go. No rows are written for a visitor.

A logged-in person is sent to the practice's own page, where Begin keeps everything as usual.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods

from compassion_site.lib.http import see_other
from journal import services, trying
from journal.forms import STEP_FORMS
from journal.models import CHECK_OUT
from journal.views.runs import NEEDS_AN_ANSWER
from practices.models import Practice, StepKind

ACTIONS = {"next", "back", "skip"}
LET_GO = "Those words were let go: we hold them for an hour at most. You're welcome to try again."


def tried_practice(request, slug: str) -> Practice:
    """A practice on the allow-list, in the library, with its steps; 404 for any other."""
    if not trying.triable(slug):
        raise Http404("Only a few practices can be tried without an account")
    return get_object_or_404(
        Practice.objects.current().in_library().prefetch_related("steps"), slug=slug
    )


def for_visitors(view):
    """A visitor's page: a person with an account goes to the practice's own page instead.
    Never kept by a browser or proxy: it can show what the visitor wrote."""

    def wrapper(request, slug: str, *args, **kwargs):
        if request.user.is_authenticated:
            if not trying.triable(slug):
                raise Http404("Only a few practices can be tried without an account")
            return redirect("practice_detail", slug)
        response = view(request, slug, *args, **kwargs)
        add_never_cache_headers(response)
        return response

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


def step_url(slug: str, key: str) -> str:
    if key == CHECK_OUT:
        return reverse("try_end", args=[slug])
    return reverse("try_step", args=[slug, key])


@for_visitors
@require_GET
def try_practice(request, slug: str):
    """The practice's first page for a visitor: what it is, and how their words are held."""
    practice = tried_practice(request, slug)
    steps = list(practice.steps.all())
    context = {
        "practice": practice,
        "first_url": step_url(slug, steps[0].key) if steps else step_url(slug, CHECK_OUT),
        "held": trying.held_words(request.session, slug),
    }
    return TemplateResponse(request, "journal/trying/start.html", context)


def step_form(step, data, held):
    """The step's form (the same one a run uses), filled from the held words on a GET."""
    form_class = STEP_FORMS[step.kind]
    initial = {}
    values = trying.answer_values(held, step.key) if held else {}
    if data is None and values:
        choices = values.get("choices") or []
        initial = {
            "text": values.get("text", ""),
            "rating": values.get("rating"),
            "choices": choices if step.multiple else next(iter(choices), None),
        }
    return form_class(data, step=step, initial=initial)


@for_visitors
@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
def try_step(request, slug: str, key: str):
    practice = tried_practice(request, slug)
    steps = list(practice.steps.all())
    keys = [step.key for step in steps]
    if key not in keys:
        raise Http404("No such step")
    step = steps[keys.index(key)]
    if step.kind not in trying.TRY_KINDS:
        raise Http404("This step can't be tried without an account")
    held = trying.held_words(request.session, slug)
    if request.method == "POST":
        return save_try_step(request, practice, steps, step, held)
    return render_step(request, practice, steps, step, step_form(step, None, held))


def save_try_step(request, practice, steps, step, held):
    action = request.POST.get("action")
    if action not in ACTIONS:
        action = "next"
    if action == "skip" and not step.can_skip:
        action = "next"
    form = step_form(step, request.POST, None)
    if not form.is_valid():
        return render_step(request, practice, steps, step, form, status=422)
    needs_answer = step.kind in NEEDS_AN_ANSWER and not step.optional
    if action == "next" and needs_answer and form.is_empty():
        name, message = NEEDS_AN_ANSWER[step.kind]
        form.add_error(name, message)
        return render_step(request, practice, steps, step, form, status=422)
    held = held or trying.begin(request.session, practice.slug)
    if step.kind in (StepKind.READ, StepKind.TIMER):
        trying.hold(request.session, held)  # nothing to hold but the time: the hour goes on
    else:
        trying.keep_answer(
            request.session, held, step, form.answer_values(), skipped=action == "skip"
        )
    offset = -1 if action == "back" else 1
    target = services.neighbour(steps, step.key, offset)
    if target is None or (offset < 0 and target not in {s.key for s in steps}):
        return see_other(reverse("try_practice", args=[practice.slug]))
    if target == CHECK_OUT:
        held.finished = True
        trying.hold(request.session, held)
    return see_other(step_url(practice.slug, target))


def render_step(request, practice, steps, step, form, status=200):
    number = [each.key for each in steps].index(step.key) + 1
    context = {
        "practice": practice,
        "step": step,
        "form": form,
        "key": step.key,
        "step_number": number,
        "step_total": len(steps),
        "action_url": step_url(practice.slug, step.key),
        "has_back": True,
    }
    return TemplateResponse(request, "journal/trying/step.html", context, status=status)


@for_visitors
@require_http_methods(["GET", "POST"])
def try_end(request, slug: str):
    """The end: what the visitor wrote, and the choice to keep it (by creating an account, or
    logging in to theirs) or to let it go now."""
    practice = tried_practice(request, slug)
    held = trying.held_words(request.session, slug)
    if request.method == "POST":
        action = request.POST.get("action")
        if held is None:
            messages.info(request, LET_GO)
            return see_other(reverse("try_practice", args=[slug]))
        if action == "forget":
            trying.forget(request.session)
            messages.info(request, "Let go: nothing you wrote is held any more.")
            return see_other(reverse("home"))
        if action in ("signup", "login"):
            held.keep = True
            trying.hold(request.session, held)
            if action == "signup":
                return see_other(reverse("signup") + "?" + urlencode({"next": reverse("welcome")}))
            return see_other(reverse("login") + "?" + urlencode({"next": reverse("journal")}))
        return see_other(reverse("try_end", args=[slug]))
    answers = []
    if held is not None:
        for step in practice.steps.all():
            values = trying.answer_values(held, step.key)
            text = (values.get("text") or "").strip()
            rating = values.get("rating")
            choices = values.get("choices") or []
            if text or rating is not None or choices:
                answers.append({"step": step, "text": text, "rating": rating, "choices": choices})
    context = {"practice": practice, "held": held, "answers": answers}
    return TemplateResponse(request, "journal/trying/end.html", context)
