"""A therapist's own practices: the list, the editor, a preview, and practice files out and
in. Only the author sees any of them; everyone else gets a 404 (get_own_practice).

The editor also takes each step's recording: the request is read with a limit on each file
(limit_recordings, outermost, since keeping words for someone logged out reads the body too),
and recordings are checked by their content before anything is saved."""

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import push_url, trigger_client_event
from django_permissions_policy.decorators import permissions_policy_override

from compassion_site.accounts import drafts
from compassion_site.accounts.access import therapist_page
from compassion_site.accounts.drafts import keeps_drafts
from compassion_site.accounts.kept_words import keeps_words_when_logged_out, take_kept_words
from compassion_site.lib.htmx import wants_partial
from compassion_site.lib.http import see_other
from compassion_site.lib.uploads import limit_upload, upload_too_big
from practices.editor import (
    MAX_FILE_BYTES,
    PracticeEditor,
    PracticeFileForm,
    PreviewForm,
    practice_file_text,
)
from practices.listening import listen_for
from practices.models import END
from practices.own import archive_own_practice, get_own_practice, save_own_practice
from practices.own import own_practices as own_practices_of
from practices.recordings import limit_recordings, too_big_recordings

# The editor may record a step's voice: the microphone is allowed there (for this site alone),
# and stays off everywhere else (settings.PERMISSIONS_POLICY).
microphone_allowed = permissions_policy_override(
    {**settings.PERMISSIONS_POLICY, "microphone": ["self"]}
)

SAVED = (
    "Saved. Clients see this version from their next time; "
    "what they have already written stays as it was."
)


def edit_url(practice) -> str:
    return reverse("own_practice_edit", args=[practice.pk])


@therapist_page
@require_GET
def own_practices(request):
    context = {"practices": own_practices_of(request.user)}
    return TemplateResponse(request, "care/practices/list.html", context)


# A draft holds what a practice file can (practices.editor.MAX_FILE_BYTES, in characters).
EDITOR_DRAFT_CHARS = MAX_FILE_BYTES


def own_practice_for_draft(request, practice_id: int):
    """A practice's draft is for its author alone (a 404 for anyone else)."""
    get_own_practice(request, practice_id)


KEPT = (
    "We kept what you wrote while you were logged out. It isn't saved yet: "
    "look it over, then press Save to keep it."
)


@microphone_allowed
@limit_recordings
@keeps_words_when_logged_out(("*",), back_to="own_practice_new")
@therapist_page
@keeps_drafts(back_to="own_practice_new", max_chars=EDITOR_DRAFT_CHARS)
@require_http_methods(["GET", "POST"])
def own_practice_new(request):
    if request.method == "POST":
        return editor_post(request, practice=None)
    kept = take_kept_words(request)
    if kept is not None:
        return render_kept(request, kept, practice=None)
    if request.draft is not None:
        return render_draft(request, practice=None)
    return render_editor(request, PracticeEditor.blank(request.user))


@microphone_allowed
@limit_recordings
@keeps_words_when_logged_out(("*",), back_to="own_practice_edit")
@therapist_page
@keeps_drafts(
    back_to="own_practice_edit", max_chars=EDITOR_DRAFT_CHARS, allowed=own_practice_for_draft
)
@require_http_methods(["GET", "POST"])
def own_practice_edit(request, practice_id: int):
    practice = get_own_practice(request, practice_id, with_steps=True)
    if request.method == "POST":
        return editor_post(request, practice=practice)
    kept = take_kept_words(request)
    if kept is not None:
        return render_kept(request, kept, practice=practice)
    if request.draft is not None:
        return render_draft(request, practice=practice)
    return render_editor(request, PracticeEditor.for_practice(practice))


def render_draft(request, practice):
    """The editor as the draft left it (its notice, above the form, says so), not yet checked:
    no problems are marked until Save practice is pressed."""
    editor = PracticeEditor.from_post(request.draft.data, author=request.user, practice=practice)
    return render_editor(request, editor.apply("as-it-was", None))


def render_kept(request, kept, practice):
    """The editor as it was when the words were sent, unsaved, with a note saying so."""
    messages.info(request, KEPT)
    return render_editor(
        request, PracticeEditor.from_post(kept, author=request.user, practice=practice)
    )


def editor_post(request, practice):
    """Every button in the editor posts the whole form: Save checks and saves; the others
    (add, move, remove a step) re-render the editor with the change, saving nothing."""
    editor = PracticeEditor.from_post(
        request.POST, request.FILES, author=request.user, practice=practice
    )
    editor.too_big = too_big_recordings(request)
    editor.request_too_big = getattr(request, "recordings_over_request_limit", False)
    action = request.POST.get("action", "save")
    if action != "save":
        return render_editor(request, editor.apply(action, request.POST.get("new_kind")))
    definition = editor.check()
    if definition is None:
        return render_editor(request, editor)
    saved = save_own_practice(
        request.user, definition, practice, recordings=tuple(editor.new_recordings)
    )
    drafts.done(request)
    if not request.htmx:
        messages.success(request, SAVED)
        return see_other(edit_url(saved))
    saved = get_own_practice(request, saved.pk, with_steps=True)
    response = render_editor(request, PracticeEditor.for_practice(saved, notice=SAVED))
    if practice is None:
        push_url(response, edit_url(saved))
    return response


def render_editor(request, editor: PracticeEditor):
    practice = editor.practice
    context = {
        "editor": editor,
        "practice": practice,
        "action_url": edit_url(practice) if practice else reverse("own_practice_new"),
    }
    partial = wants_partial(request)
    template = "care/practices/editor.html#editor" if partial else "care/practices/editor.html"
    response = TemplateResponse(request, template, context)
    if partial:
        # editor.js moves focus to the step that changed, or to the first problem.
        trigger_client_event(
            response, "tend:editor-changed", {"focus": editor.focus}, after="settle"
        )
    return response


@therapist_page
@require_GET
def own_practice_preview(request, practice_id: int):
    """The practice one step at a time, as a client sees it. Nothing typed is saved."""
    practice = get_own_practice(request, practice_id, with_steps=True)
    steps = list(practice.steps.all())
    try:
        number = int(request.GET.get("step", "1"))
    except ValueError:
        number = 1
    number = min(max(number, 1), len(steps)) if steps else 1
    step = steps[number - 1] if steps else None
    numbers = {each.key: position for position, each in enumerate(steps, start=1)}
    titles = {each.key: each.title for each in steps}
    leads = [
        (
            option,
            "the end, straight to the check-out"
            if to == END
            else f"step {numbers.get(to, '?')}, “{titles.get(to, to)}”",
        )
        for option, to in (step.branches.items() if step else [])
    ]
    context = {
        "practice": practice,
        "step": step,
        "form": PreviewForm(step) if step else None,
        "step_number": number,
        "step_total": len(steps),
        "leads": leads,
        "previous_number": number - 1 if number > 1 else None,
        "next_number": number + 1 if number < len(steps) else None,
        # What the client hears at this step: the recording, or the made voice if there is one.
        "listen": listen_for(step),
    }
    return TemplateResponse(request, "care/practices/preview.html", context)


@therapist_page
@require_GET
def own_practice_export(request, practice_id: int):
    """The practice as a file in the library's format, to keep, share or import again."""
    practice = get_own_practice(request, practice_id, with_steps=True)
    text = practice_file_text(practice)
    response = HttpResponse(text, content_type="application/yaml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{practice.slug}.yaml"'
    return response


@therapist_page
@require_http_methods(["GET", "POST"])
@limit_upload(MAX_FILE_BYTES)
def own_practice_import(request):
    """Bring in a practice file as a new practice of one's own; nothing is saved unless the
    whole file is right."""
    if request.method == "POST":
        form = PracticeFileForm(
            request.POST, request.FILES, author=request.user, too_big=upload_too_big(request)
        )
        if form.is_valid():
            practice = save_own_practice(request.user, form.definition)
            messages.success(
                request,
                f"Imported “{practice.title}”. Look it over here, then assign it when it's ready.",
            )
            return see_other(edit_url(practice))
    else:
        form = PracticeFileForm(author=request.user)
    return TemplateResponse(request, "care/practices/import.html", {"form": form})


@therapist_page
@require_POST
def own_practice_archive(request, practice_id: int):
    practice = get_own_practice(request, practice_id)
    archive_own_practice(practice)
    messages.success(
        request,
        f"Archived “{practice.title}”. It can no longer be assigned; clients who already have "
        "it can still do it, and everything they wrote stays.",
    )
    return see_other(reverse("own_practices"))
