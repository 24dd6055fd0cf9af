"""Who may open a page: `private_page` for a person's own pages (only their author),
`therapist_page` for the pages under /care/ (a logged-in person with therapist mode on).

Everyone else, visitors too, gets a 404: the pages don't say they exist. Words sent after a
login ended are kept for their writer alone and put back into the form when they return: see
compassion_site/accounts/kept_words.py.
"""

from functools import wraps

from django.http import Http404
from django.utils.cache import add_never_cache_headers


def therapist_page(view):
    """For pages under /care/: a 404 unless the person has turned therapist mode on, and
    `Cache-Control: no-store`, since they show clients' details."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated or not user.therapist_mode:
            raise Http404("Therapist pages are only for therapists")
        response = view(request, *args, **kwargs)
        add_never_cache_headers(response)
        return response

    return wrapper


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
