"""Who may open a therapist's pages: a logged-in person with therapist mode on.

Everyone else, visitors too, gets a 404: the pages don't say they exist.
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
