"""Small answers every view gives the same way: where to go after a POST, which `next` page is
safe to follow, and which page of a list was asked for. (What varies with htmx: lib/htmx.py.)"""

from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme

LAST_PAGE = 100_000  # a page number past any real list: bigger ones are read as this one


def see_other(url: str) -> HttpResponseRedirect:
    """303 See Other: after a POST, the browser fetches the next page with GET."""
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response


def is_on_this_site(request, url: str) -> bool:
    """True for a URL that stays on this site (and on https when the request came by https)."""
    return url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


def safe_next(request, default: str = "") -> str:
    """The `next` page a form or link asked for, if it is a path on this site, else `default`.
    A POSTed `next` wins over one in the query string."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target.startswith("/") and is_on_this_site(request, target):
        return target
    return default


def page_number(request) -> int:
    """The `page` asked for in the query string: 1 for anything that is not a number."""
    try:
        return max(1, min(int(request.GET.get("page", 1)), LAST_PAGE))
    except ValueError:
        return 1
