"""Words sent after a login ended are never lost, and never go to anyone but their writer.

Every form that carries a person's writing has a hidden `writer` field ({% writer_field %}):
the id of the person the page was made for, signed so that it can't be forged. When such a
form is posted by someone who is no longer that person (their login ended, or someone else has
logged in on the same browser since), `keeps_words_when_logged_out` keeps the posted words in
`KeptWords`, under the writer's name and the page's path, and asks for a login. When the writer
comes back to that page (logged in, on any device), `take_kept_words` hands the words back and
the page puts them into its form, unsaved, for the writer to look at and save. A GET never
saves anything; anyone else who logs in never sees them; deleting the writer deletes them.
"""

from datetime import timedelta
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.db import transaction
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from compassion_site.accounts.models import KeptWords, User
from compassion_site.lib.htmx import redirect_after_post
from compassion_site.lib.posted import as_form_data, storable_fields

WRITER_FIELD = "writer"
SALT = "tend.kept-words.writer"
# Kept words wait as long as a login lasts, and at most this many pages' worth per person.
KEPT_FOR = timedelta(seconds=settings.SESSION_COOKIE_AGE)
MOST_PAGES = 20
NOT_FORM_FIELDS = {"csrfmiddlewaretoken", WRITER_FIELD}
SOMEONE_ELSE = (
    "That page was opened by someone else who used this browser before you. What they typed "
    "is kept for them, and nothing was saved in your account."
)


def writer_token(user) -> str:
    """The signed `writer` value for forms made for this person."""
    return signing.dumps(user.pk, salt=SALT, compress=False)


def writer_field(user) -> str:
    """The hidden input that says whom a form was made for (empty for visitors)."""
    if not user.is_authenticated:
        return ""
    return format_html(
        '<input type="hidden" name="{}" value="{}">', WRITER_FIELD, writer_token(user)
    )


def writer_of(request) -> int | None:
    """Whom the posted form was made for: a person's id, or None when the form doesn't say
    (or says something we didn't sign, or signed longer ago than a login lasts)."""
    token = request.POST.get(WRITER_FIELD, "")
    if not token:
        return None
    try:
        writer = signing.loads(token, salt=SALT, max_age=KEPT_FOR)
    except signing.BadSignature:
        return None
    return writer if isinstance(writer, int) else None


@transaction.atomic
def keep_words(writer_id: int, page: str, fields: dict[str, list[str]]) -> None:
    """Keep `fields` for the writer on `page` (replacing older words for that page), and
    forget the oldest pages past MOST_PAGES and anything older than a login lasts."""
    if not User.objects.filter(pk=writer_id).exists():
        return
    KeptWords.objects.update_or_create(
        writer_id=writer_id,
        page=page,
        defaults={"fields": storable_fields(fields), "kept_at": timezone.now()},
    )
    mine = KeptWords.objects.filter(writer_id=writer_id)
    mine.filter(kept_at__lt=timezone.now() - KEPT_FOR).delete()
    mine.filter(pk__in=mine.values_list("pk", flat=True)[MOST_PAGES:]).delete()
    User.objects.filter(pk=writer_id).update(has_kept_words=True)


def keeps_words_when_logged_out(fields: tuple[str, ...], back_to: str):
    """For a view whose form carries a person's writing. A POST from the person the form was
    made for goes on to the view. Otherwise the posted `fields` (("*",) for all of them) are
    kept for the form's writer, and the browser is sent to log in (or, if someone else is
    logged in now, home with a note), to come back to the page named `back_to` (a URL name,
    with the view's arguments), which calls `take_kept_words` to put them back.

    A post that doesn't say whom it was made for (no valid `writer` field) goes to the view,
    which answers as it answers anyone (a 404 for a visitor); it is never kept for anyone."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method != "POST":
                return view(request, *args, **kwargs)
            user = request.user
            writer = writer_of(request)
            if writer is None or (user.is_authenticated and writer == user.pk):
                return view(request, *args, **kwargs)
            page = reverse(back_to, args=args, kwargs=kwargs)
            words = {
                name: request.POST.getlist(name)
                for name in request.POST
                if name not in NOT_FORM_FIELDS and (name in fields or fields == ("*",))
            }
            keep_words(writer, page, words)
            if user.is_authenticated:
                messages.info(request, SOMEONE_ELSE)
                url = reverse("home")
            else:
                url = redirect_to_login(page).url
            return redirect_after_post(request, url)

        return wrapper

    return decorator


def take_kept_words(request) -> QueryDict | None:
    """Words kept for this person on this page, as form data to put back into its form (the
    page saves nothing: the person looks and presses Save); or None. No query at all for
    someone with nothing kept."""
    user = request.user
    if not user.is_authenticated or not user.has_kept_words:
        return None
    with transaction.atomic():
        mine = KeptWords.objects.filter(writer=user, kept_at__gte=timezone.now() - KEPT_FOR)
        kept = mine.select_for_update().filter(page=request.path).first()
        if kept is not None:
            kept.delete()
        if not mine.exists():
            KeptWords.objects.filter(writer=user).delete()
            User.objects.filter(pk=user.pk).update(has_kept_words=False)
            user.has_kept_words = False
    if kept is None:
        return None
    request.kept_words_taken = True  # only in the form now: drafts.js keeps them as a draft
    return as_form_data(kept.fields)


KEPT_NOTICE = (
    "We kept what you wrote while you were logged out. It isn't saved yet: "
    "look it over, then press {button} to keep it."
)


def sent_or_kept(request, button: str):
    """The form data to show: what was posted, or words kept through an expired login (put
    back unsaved, with a note saying so), or None for a plain visit."""
    if request.method == "POST":
        return request.POST
    kept = take_kept_words(request)
    if kept is not None:
        messages.info(request, KEPT_NOTICE.format(button=button))
    return kept
