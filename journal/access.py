"""Who may open a journal page: only its author. Everyone else, visitors too, gets a 404.

Words sent after a login ended are kept for their writer alone and put back into the form
when they return: see compassion_site/accounts/kept_words.py.
"""

from functools import wraps

from django.http import Http404
from django.utils.cache import add_never_cache_headers


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
