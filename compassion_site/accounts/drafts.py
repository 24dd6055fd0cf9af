"""Drafts: what a person is writing in a form is kept while they type, until they save the
form or discard the draft, and comes back into the form when the page opens again, on any
device. The sibling of kept_words.py (words sent after a login ended).

A page whose form holds writing (a new entry, an entry's edit page, a looking-back note, the
practice editor) puts `keeps_drafts(back_to=..., max_chars=...)` on the view that shows it
and on the view its form posts to (often the same view). Then:

- GET: `request.draft` is this person's draft for the page, or None: one indexed query, and
  nothing is ever saved. The view puts `draft.initial` (or `draft.data`) into its form; the
  page includes "includes/draft_notice.html" (a short notice and the Discard button) and
  "includes/draft_status.html" (the quiet "Saved" line), and marks the form `data-draft-form`
  for drafts.js.
- POST with `draft=save` (drafts.js, while the person types and once more as the page goes):
  the form's fields are kept as the draft, answered with a quiet status line. More than the
  form itself could hold is refused (413) and says so.
- POST with `draft=discard` (the Discard button): the draft goes and the page opens afresh.
- Any other POST goes on to the view; a view that saved the form calls `done(request)`.

A draft is kept under the person logged in and the page's path, so it is never shown to
anyone else; `allowed` (the page's own access helper) answers 404 before anything is kept
for anyone who may not see the page. Each person keeps at most MOST_DRAFTS pages' drafts;
deleting the person deletes them.
"""

from functools import wraps

from django.contrib import messages
from django.db import transaction
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from compassion_site.accounts.kept_words import WRITER_FIELD
from compassion_site.accounts.models import Draft
from compassion_site.lib.dates import local_moment
from compassion_site.lib.htmx import redirect_after_post
from compassion_site.lib.posted import storable_fields

DRAFT_FIELD = "draft"
MOST_DRAFTS = 20
MOST_FIELDS = 400  # the practice editor at its largest has about 150
NOT_KEPT = {"csrfmiddlewaretoken", WRITER_FIELD, DRAFT_FIELD, "action", "tab"}
TOO_BIG = (
    "Not saved as a draft: this is more than the page can hold. Your words are still here; "
    "shorten them a little and we'll save them."
)
DISCARDED = "The draft is discarded. Here is the page as it was last saved."


def keeps_drafts(*, back_to: str, max_chars: int, allowed=None):
    """For a view showing, or taking the posts of, a form that holds writing. `back_to` names
    the page the form is on (a URL name, called with the view's arguments), `max_chars`
    bounds a draft like the form's own limits, and `allowed(request, *args, **kwargs)`, when
    given, raises Http404 for anyone who may not see the page. Put it inside the view's login
    check (private_page, therapist_page)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            request.draft_page = reverse(back_to, args=args, kwargs=kwargs)
            request.draft = None
            if request.method == "POST" and DRAFT_FIELD in request.POST:
                if allowed is not None:
                    allowed(request, *args, **kwargs)
                if request.POST[DRAFT_FIELD] == "discard":
                    return discard(request)
                return save(request, max_chars)
            if request.method == "GET":
                request.draft = Draft.objects.filter(
                    writer=request.user, page=request.draft_page
                ).first()
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def status(request, text: str, code: int = 200):
    response = TemplateResponse(
        request, "includes/draft_status.html", {"draft_status": text}, status=code
    )
    response["Cache-Control"] = "no-store"
    return response


def save(request, max_chars: int):
    fields = storable_fields(
        {name: request.POST.getlist(name) for name in request.POST if name not in NOT_KEPT}
    )
    size = sum(len(value) for values in fields.values() for value in values)
    if size > max_chars or len(fields) > MOST_FIELDS or any(len(name) > 100 for name in fields):
        return status(request, TOO_BIG, 413)
    draft = keep(request.user, request.draft_page, fields)
    return status(request, f"Saved as a draft at {local_moment(draft.saved_at):%H:%M}")


@transaction.atomic
def keep(writer, page: str, fields: dict[str, list[str]]) -> Draft:
    """Keep `fields` as the writer's draft of `page` (replacing the one before), and let go
    of their oldest drafts past MOST_DRAFTS."""
    draft, _ = Draft.objects.update_or_create(
        writer=writer, page=page, defaults={"fields": fields, "saved_at": timezone.now()}
    )
    mine = Draft.objects.filter(writer=writer)
    mine.filter(pk__in=mine.values_list("pk", flat=True)[MOST_DRAFTS:]).delete()
    return draft


def discard(request):
    Draft.objects.filter(writer=request.user, page=request.draft_page).delete()
    messages.info(request, DISCARDED)
    return redirect_after_post(request, request.draft_page)


def done(request) -> None:
    """The form on this page is saved: its draft has done its work (and a page made again
    from this request doesn't ask drafts.js to keep its words)."""
    Draft.objects.filter(writer=request.user, page=request.draft_page).delete()
    request.draft_done = True
