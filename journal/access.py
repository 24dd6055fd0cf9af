"""Who may open a journal page: only its author. Everyone else, visitors too, gets a 404.

And words sent after a login ended are never lost: they wait in the session until the person
has logged in again, and the page they were writing on puts them back.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, QueryDict
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django_htmx.http import HttpResponseClientRedirect

KEPT_WORDS = "kept_words"


def private_page(view):
    """For pages with a person's writing: a 404 for visitors (the 404 page offers a login),
    and `Cache-Control: no-store` so no browser or proxy keeps a copy."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            raise Http404("Journal pages are only for their author")
        response = view(request, *args, **kwargs)
        add_never_cache_headers(response)
        return response

    return wrapper


def keeps_words_when_logged_out(fields: tuple[str, ...], back_to: str):
    """For a view whose form carries a person's writing: if their login has ended, keep the
    posted `fields` (("*",) for all but the CSRF token) in the session and ask them to log in
    again, then return to the page named `back_to` (a URL name, with the view's arguments),
    which calls `take_kept_words` to put the words back. Other requests go on to the view
    (and visitors' GETs to a 404)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.user.is_authenticated or request.method != "POST":
                return view(request, *args, **kwargs)
            page = reverse(back_to, args=args, kwargs=kwargs)
            kept = request.session.get(KEPT_WORDS, {})
            kept[page] = {
                name: request.POST.getlist(name)
                for name in request.POST
                if name in fields or (fields == ("*",) and name != "csrfmiddlewaretoken")
            }
            request.session[KEPT_WORDS] = kept
            login = redirect_to_login(page)
            if request.htmx:
                return HttpResponseClientRedirect(login.url)
            return login

        return wrapper

    return decorator


def take_kept_words(request) -> QueryDict | None:
    """Words kept for this page while the person was logged out, as form data; or None."""
    kept = request.session.get(KEPT_WORDS, {})
    words = kept.pop(request.path, None)
    if words is None:
        return None
    request.session[KEPT_WORDS] = kept
    data = QueryDict(mutable=True)
    for name, values in words.items():
        data.setlist(name, values)
    return data
