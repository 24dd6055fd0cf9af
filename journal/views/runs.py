"""A practice, one step at a time (DESIGN.md, "One step, end to end"): beginning, each step's
page and its htmx swap, saving an answer or a draft, pausing, the care-first page for a very
hard arrival, the summary, discarding and starting again. Only the run's author sees any of it.
"""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import push_url, trigger_client_event

from compassion_site.accounts.access import private_page
from compassion_site.accounts.kept_words import (
    KEPT_NOTICE,
    keeps_words_when_logged_out,
    take_kept_words,
)
from compassion_site.lib.dates import local_moment
from compassion_site.lib.htmx import redirect_after_post, wants_partial
from compassion_site.lib.http import see_other
from journal import queries, services
from journal.forms import (
    STEP_FORMS,
    CheckInForm,
    CheckOutForm,
    parts_for,
)
from journal.models import (
    CHECK_IN,
    CHECK_OUT,
    Answer,
    Run,
)
from practices.listening import listen_for
from practices.models import Practice, StepKind
from practices.queries import GROUNDING_SLUG, SOOTHING_SLUG

STEP_FIELDS = ("text", "rating", "choices", "part", "new_part", "distress", "feeling", "stirred_up")
NEEDS_AN_ANSWER = {
    StepKind.WRITE: ("text", "Write a few words to go on. Even one word is enough."),
    StepKind.RATE: ("rating", "Choose a number from 0 to 10 to go on."),
    StepKind.CHOOSE: ("choices", "Choose an option to go on."),
    StepKind.PART: ("part", "Choose one of your parts, or name a new one, to go on."),
}


# The guided flow ---------------------------------------------------------------------------


def step_url(run: Run, key: str) -> str:
    return reverse("run_step", args=[run.pk, key])


def build_form(step, data, parts, answer: Answer | None):
    form_class = STEP_FORMS[step.kind]
    extra = {"parts": parts} if step.kind == StepKind.PART else {}
    initial = {"revision": answer.revision if answer else 0}
    if answer is not None and data is None:
        initial.update(
            text=answer.text,
            rating=answer.rating,
            choices=answer.choices if step.multiple else next(iter(answer.choices), None),
            part=str(answer.part_id) if answer.part_id else None,
        )
    return form_class(data, step=step, initial=initial, **extra)


def step_context(request, run: Run, steps: list, key: str, answers: dict, **extra) -> dict:
    """What the step page shows; `answers` are the run's answers by step key, read with it
    (`queries.get_run_and_answers_for_user`)."""
    number, total = services.place_on_way(run, steps, key, answers)  # a "no" may shorten it
    context = {
        "run": run,
        "practice": run.practice,
        "key": key,
        "step_number": number,
        "step_total": total,
        "is_check_in": key == CHECK_IN,
        "is_check_out": key == CHECK_OUT,
        "has_back": key != CHECK_IN,
        "action_url": step_url(run, key),
    }
    context.update(extra)
    if key in (CHECK_IN, CHECK_OUT):
        if key == CHECK_IN:
            queries.with_homework(run)  # the check-in says whose homework this is
        if "form" not in context:
            form_class = CheckInForm if key == CHECK_IN else CheckOutForm
            before = key == CHECK_IN
            context["form"] = form_class(
                initial={
                    "distress": run.distress_before if before else run.distress_after,
                    "feeling": run.feeling_before if before else run.feeling_after,
                    "stirred_up": run.stirred_up,
                }
            )
        return context
    step = steps[services.step_keys(steps).index(key) - 1]
    context["step"] = step
    context["listen"] = listen_for(step) if request.user.listen_voice else None
    if "form" not in context:
        answer = answers.get(key)
        parts = list(parts_for(request.user)) if step.kind == StepKind.PART else []
        context["form"] = build_form(step, None, parts, answer)
        context["answer"] = answer
    return context


def render_step(request, context: dict, status: int = 200):
    return render_in_step_panel(request, "journal/run.html", "step", context, status)


def render_in_step_panel(request, page: str, partial_name: str, context: dict, status=200):
    """A page shown where a practice's steps are: htmx gets only its `partial_name` partial,
    swapped into the step panel; a plain visit (or a history restore) gets the whole page."""
    partial = wants_partial(request)
    template = f"{page}#{partial_name}" if partial else page
    response = TemplateResponse(request, template, context, status=status)
    response["Cache-Control"] = "no-store"
    if partial:
        # flow.js moves focus to what was swapped in once it has settled in.
        trigger_client_event(response, "tend:step-shown", after="settle")
    return response


def go_to(request, run: Run, steps: list, key: str, answers: dict):
    """After a save: htmx gets the next step in place, with the URL following; a plain form
    gets a 303 to the next step's page."""
    if request.htmx:
        response = render_step(request, step_context(request, run, steps, key, answers))
        return push_url(response, step_url(run, key))
    return see_other(step_url(run, key))


def elsewhere(request, run: Run, steps: list, key: str):
    """Where to send a visit that can't be shown here: a finished run to its summary, a step
    the practice doesn't have back to where the run was. None when the step is fine."""
    if run.status == Run.Status.FINISHED:
        return redirect_after_post(request, reverse("run_summary", args=[run.pk]))
    path = services.step_keys(steps)
    if key not in path:
        messages.info(request, "That step isn't part of this practice. Here is where you were.")
        where = run.current_step if run.current_step in path else CHECK_IN
        return redirect_after_post(request, step_url(run, where))
    return None


@keeps_words_when_logged_out(STEP_FIELDS, back_to="run_step")
@private_page
@require_http_methods(["GET", "POST"])
def run_step(request, run_id: int, key: str):
    if request.method == "POST":
        return save_step(request, run_id, key)
    run, answers = queries.get_run_and_answers_for_user(request, run_id)
    steps = services.run_steps(run)
    sent_away = elsewhere(request, run, steps, key)
    if sent_away is not None:
        return sent_away
    kept = take_kept_words(request)
    if kept is not None:
        return restore_kept_words(request, run, steps, key, answers, kept)
    if run.current_step != key or run.status != Run.Status.IN_PROGRESS:
        services.move_run(run, key)
    return render_step(request, step_context(request, run, steps, key, answers))


def restore_kept_words(request, run: Run, steps: list, key: str, answers: dict, data):
    """Put back what was sent while logged out, into the step's form and unsaved: the person
    sees it (with any message about it) and presses Next to keep it."""
    services.move_run(run, key)
    if key in (CHECK_IN, CHECK_OUT):
        form = (CheckInForm if key == CHECK_IN else CheckOutForm)(data)
    else:
        step = steps[services.step_keys(steps).index(key) - 1]
        parts = list(parts_for(request.user)) if step.kind == StepKind.PART else []
        answer = answers.get(key)
        data = data.copy()
        data.setdefault("revision", str(answer.revision if answer else 0))
        form = build_form(step, data, parts, answer=None)
    button = "Finish" if key == CHECK_OUT else "Next"
    notice = KEPT_NOTICE.format(button=button)
    context = step_context(request, run, steps, key, answers, form=form, notice=notice)
    return render_step(request, context)


ACTIONS = {"next", "back", "skip", "pause", "leave"}


def save_step(request, run_id: int, key: str):
    """Validate and save what was sent for a step, then move as the button asked.

    One transaction, one commit: the run is read locked (so saves to it take turns), the
    answer saved and the run moved under that lock. A failure anywhere leaves neither half:
    the words come back with the calm failed-save page (compassion_site/lib/failed_saves.py)
    and pressing Next again saves them. The next step is drawn after the commit.
    """
    action = request.POST.get("action")
    if action not in ACTIONS:
        action = "next"
    with transaction.atomic():
        # A step's answer is saved over the one read here, under the run's lock.
        run, answers = queries.get_run_and_answers_for_user(request, run_id, for_update=True)
        steps = services.run_steps(run)
        sent_away = elsewhere(request, run, steps, key)
        if sent_away is not None:
            return sent_away
        form, saved = validate_and_save(request, run, steps, key, answers, request.POST, action)
        replaced = saved.replaced_text if saved else ""
        stay = form.errors or replaced
        care = not stay and key == CHECK_IN and action == "next" and arrives_in_distress(run)
        moved = None if stay or care else move(request, run, steps, key, action, answers)
    if isinstance(moved, HttpResponse):
        return moved
    if form.errors:
        return render_step(request, step_context(request, run, steps, key, answers, form=form))
    if replaced:
        # Another tab saved different words here first: show them before moving on.
        context = step_context(request, run, steps, key, answers, replaced_text=replaced)
        return render_step(request, context)
    if care:
        return care_first(request, run, steps)
    return go_to(request, run, steps, moved, answers)


def validate_and_save(request, run: Run, steps: list, key: str, answers, data, action):
    """Check a step's answer (or check-in) and save it when it is valid, over the run's
    `answers` read under its lock (a saved answer takes its place there; a check-in or -out
    saves none).

    Returns the bound form (with errors when nothing was saved) and what was saved of a
    step's answer (None for a check-in or -out, and when nothing was).
    """
    if key in (CHECK_IN, CHECK_OUT):
        form_class = CheckInForm if key == CHECK_IN else CheckOutForm
        if action == "skip":
            services.save_check(run, key, distress=None, feeling="", stirred_up=False)
            return form_class(), None
        form = form_class(data)
        if form.is_valid():
            services.save_check(
                run,
                key,
                distress=form.cleaned_data["distress"],
                feeling=form.cleaned_data["feeling"],
                stirred_up=form.cleaned_data.get("stirred_up", False),
            )
        return form, None

    step = steps[services.step_keys(steps).index(key) - 1]
    parts = list(parts_for(request.user)) if step.kind == StepKind.PART else []
    form = build_form(step, data, parts, answer=None)
    if action == "skip" and not step.can_skip:
        action = "next"  # only optional steps and pauses can be skipped
    if not form.is_valid():
        return form, None
    needs_answer = step.kind in NEEDS_AN_ANSWER and not step.optional
    if action == "next" and needs_answer and form.is_empty():
        field, message = NEEDS_AN_ANSWER[step.kind]
        form.add_error(field, message)
        return form, None
    if step.kind == StepKind.READ:
        return form, None
    return form, save_sent_answer(request, run, step, answers, form, skipped=action == "skip")


def save_sent_answer(request, run: Run, step, answers: dict, form, *, skipped: bool = False):
    """Save what the person sent for `step` (a valid `form`) over its answer in `answers`, as
    read under the run's lock, and put the saved answer in its place there."""
    saved = services.write_answer(
        run,
        step,
        answers.get(step.key),
        form.answer_values(),
        seen_revision=form.cleaned_data.get("revision"),
        skipped=skipped,
        tab=tab_of(request),
    )
    answers[step.key] = saved.answer
    return saved


TAB_ID = re.compile(r"[A-Za-z0-9-]{8,40}")
SLUG = re.compile(r"[-a-zA-Z0-9_]{1,80}")  # a practice's slug, as its SlugField holds it


def tab_of(request) -> str:
    """The browser tab a step or draft was sent from (tab.js names each tab once, in its
    sessionStorage), or "" when the post doesn't say (no JavaScript) or says nonsense."""
    tab = request.POST.get("tab", "")
    return tab if TAB_ID.fullmatch(tab) else ""


def move(request, run, steps, key, action, answers) -> str | HttpResponse:
    """Move the run as the button asked: the key of the step to show next, or the answer
    that leaves the steps (paused, home, the summary)."""
    if action == "pause":
        services.pause_run(run, key)
        return redirect_after_post(request, reverse("run_paused", args=[run.pk]))
    if action == "leave":
        return leave(request, run, key)
    offset = -1 if action == "back" else 1
    target = services.neighbour(steps, key, offset, run=run, answers=answers)
    if target is None:
        if key == CHECK_OUT:
            services.finish_run(queries.with_homework(run))  # homework may share the entry
            return redirect_after_post(request, reverse("run_summary", args=[run.pk]))
        target = key
    services.move_run(run, target)
    return target


@keeps_words_when_logged_out(STEP_FIELDS, back_to="run_step")
@private_page
@require_POST
def save_draft(request, run_id: int, key: str):
    """Save a write step's text while the person types; answers with a quiet status.

    As a step's POST does: one transaction, the run read locked (so saves to it take turns)
    with its answers, and the step's answer saved over the one read."""
    with transaction.atomic():
        run, answers = queries.get_run_and_answers_for_user(request, run_id, for_update=True)
        steps = services.run_steps(run)
        step = next((step for step in steps if step.key == key), None)
        context = {"run": run, "key": key}
        if step is None or step.kind != StepKind.WRITE or run.status == Run.Status.FINISHED:
            context["status_text"] = "Not saved: this step can't be saved here."
            return TemplateResponse(request, "journal/draft_status.html", context, status=400)
        form = build_form(step, request.POST, [], answer=None)
        if not form.is_valid():
            # An error status, so the page keeps the words marked unsaved; flow.js shows it.
            errors = form.errors.get("text", ["try again."])
            context["status_text"] = "Not saved: " + " ".join(errors)
            return TemplateResponse(request, "journal/draft_status.html", context, status=422)
        saved = save_sent_answer(request, run, step, answers, form)
    context.update(
        status_text=f"Saved {local_moment(saved.answer.updated_at):%H:%M}",
        answer=saved.answer,
        replaced_text=saved.replaced_text,
    )
    response = TemplateResponse(request, "journal/draft_status.html", context)
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def start_run(request, slug: str):
    practice = get_object_or_404(Practice.objects.current().in_library(), slug=slug)
    if not practice.self_guided:
        return TemplateResponse(
            request, "practices/with_therapist.html", {"practice": practice}, status=403
        )
    wanted = request.POST.get("variant", "")[:60]
    variant = services.variant_key(practice, wanted)
    run, began = services.begin_practice(request.user, practice, variant=variant)
    if began:
        if wanted and wanted != variant:
            messages.info(request, UNKNOWN_LENGTH)
        return see_other(step_url(run, CHECK_IN))
    messages.info(request, already_begun(run))
    return see_other(step_url(run, run.current_step))


UNKNOWN_LENGTH = "We couldn't find the length you chose, so this is the usual version."


def already_begun(run: Run) -> str:
    """What Begin says when it picks up the run already begun instead of making another."""
    length = f" ({run.variant_label.lower()})" if run.variant_label else ""
    said = f"You'd already begun “{run.practice.title}”{length}, so here is where you left off."
    if run.current_step == CHECK_IN:
        return said
    return f"{said} If you'd rather begin afresh, “Start again” is just below the step."


@private_page
@require_GET
def resume_run(request, run_id: int):
    run = queries.get_run_for_user(request, run_id)
    if run.status == Run.Status.FINISHED:
        return redirect("run_summary", run.pk)
    return redirect(step_url(run, run.current_step))


@private_page
@require_GET
def run_paused(request, run_id: int):
    run = queries.get_run_for_user(request, run_id)
    context = {"run": run, "grounding": grounding_offer(run)}
    return TemplateResponse(request, "journal/paused.html", context)


PAUSED = "Paused “{title}”. Your words are kept: pick up where you left off from Home."


def leave(request, run: Run, key: str):
    """The quiet bar's Pause: what was sent for the step is already saved (an empty answer
    included, as with "This is too much right now"); the run waits at this step, and the
    person goes home."""
    services.pause_run(run, key)
    messages.info(request, PAUSED.format(title=run.practice.title))
    return redirect_after_post(request, reverse("home"))


@private_page
@require_POST
def run_leave(request, run_id: int):
    """Pause from a page with no step form (the care-first page): nothing to save, the run
    waits where it was."""
    run = queries.get_run_for_user(request, run_id)
    if run.status == Run.Status.FINISHED:
        return redirect_after_post(request, reverse("run_summary", args=[run.pk]))
    return leave(request, run, run.current_step)


def grounding_offer(run: Run) -> Practice | None:
    """The grounding practice, to offer when a practice gets too much: none when that is the
    practice already under way (or it isn't in the library)."""
    if run.practice.slug == GROUNDING_SLUG:
        return None
    return Practice.objects.for_library().filter(slug=GROUNDING_SLUG).first()


# A very hard arrival: care before the first step ------------------------------------------

CARE_FIRST_FROM = 9  # a check-in this distressed (out of 10) is met with care first


def arrives_in_distress(run: Run) -> bool:
    return run.distress_before is not None and run.distress_before >= CARE_FIRST_FROM


def care_first(request, run: Run, steps: list):
    """After a check-in of 9 or 10, before the first step: a gentle word and three ways on.
    htmx gets it in place of the step, with the URL following; a plain form gets a 303."""
    url = reverse("run_care_first", args=[run.pk])
    if request.htmx:
        return push_url(render_care_first(request, run, steps), url)
    return see_other(url)


def render_care_first(request, run: Run, steps: list):
    first_step = steps[0].key if steps else CHECK_OUT
    context = {
        "run": run,
        "practice": run.practice,
        "grounding": grounding_offer(run),
        "go_on_url": step_url(run, first_step),
    }
    return render_in_step_panel(request, "journal/care_first.html", "panel", context)


@private_page
@require_GET
def run_care_first(request, run_id: int):
    run = queries.get_run_for_user(request, run_id)
    if run.status == Run.Status.FINISHED:
        return redirect("run_summary", run.pk)
    if not arrives_in_distress(run):
        return redirect(step_url(run, run.current_step))
    return render_care_first(request, run, services.run_steps(run))


@private_page
@require_GET
def run_summary(request, run_id: int):
    run = queries.get_run_for_user(request, run_id)
    if run.status != Run.Status.FINISHED:
        return redirect(step_url(run, run.current_step))
    # Leaving still at 9 or 10 is met with the same care as arriving there, even when the
    # practice didn't make it worse.
    still_very_hard = run.distress_after is not None and run.distress_after >= CARE_FIRST_FROM
    soothing = None
    if run.hard_moment or still_very_hard:
        offers = {
            practice.slug: practice
            for practice in Practice.objects.for_library()
            .filter(slug__in=[SOOTHING_SLUG, GROUNDING_SLUG])
            .exclude(pk=run.practice_id)
        }
        soothing = offers.get(SOOTHING_SLUG) or offers.get(GROUNDING_SLUG)
    context = {
        "run": run,
        "answers": list(queries.answers_for(run).select_related("part")),
        "soothing": soothing,
        "still_very_hard": still_very_hard,
    }
    return TemplateResponse(request, "journal/summary.html", context)


@private_page
@require_http_methods(["GET", "POST"])
def discard_run(request, run_id: int):
    run = queries.get_run_for_user(request, run_id)
    if run.status == Run.Status.FINISHED:
        messages.info(
            request, "A finished practice is part of your journal; it can't be discarded here."
        )
        return redirect("run_summary", run.pk)
    if request.method == "POST":
        title = run.practice.title
        services.discard_run(run)
        messages.info(request, f"Discarded your unfinished “{title}”.")
        return redirect("home")
    return TemplateResponse(request, "journal/discard.html", {"run": run})


@private_page
@require_http_methods(["GET", "POST"])
def start_again(request, run_id: int):
    """Begin an unfinished practice afresh, after asking: the old run and its answers are
    let go, so there is still one run of it to pick up."""
    mine = Run.objects.select_related("practice", "assignment").filter(user=request.user)
    run = mine.filter(pk=run_id).first()
    slug = request.POST.get("practice", "")
    if run is None and request.method == "POST" and SLUG.fullmatch(slug):
        # A second press of "Start again": the first already let this run go and began afresh.
        fresh = (
            mine.filter(practice__slug=slug, status__in=services.OPEN)
            .order_by("-updated_at")
            .first()
        )
        if fresh is not None:
            return see_other(step_url(fresh, fresh.current_step))
    if run is None:
        raise Http404("No such run")
    if run.status == Run.Status.FINISHED:
        messages.info(
            request, "A finished practice is part of your journal. You can begin it anew any time."
        )
        return redirect("run_summary", run.pk)
    if request.method == "POST":
        fresh = services.start_again(run)
        return see_other(step_url(fresh, CHECK_IN))
    written = Answer.objects.filter(run=run, skipped=False).count()
    context = {"run": run, "written": written}
    return TemplateResponse(request, "journal/start_again.html", context)
