"""One way for a page to answer htmx with one of its regions, after Luke Plant's
django-htmx-patterns: the view returns its whole page as a TemplateResponse, and
`for_htmx` swaps the template for the named partial ("page.html#partial") when htmx asks.

    @for_htmx(if_hx_target="progress-body", use_partial="body")
    def dashboard(request): ...

A history restore (htmx asking for a page it no longer has in its cache) always gets the whole
page. Every answer varies on HX-Request and HX-Target, so no cache hands a region to a plain
visit or the page to htmx.
"""

from functools import wraps

from django.utils.cache import patch_vary_headers
from django_htmx.http import HttpResponseClientRedirect

from compassion_site.lib.http import see_other


def wants_partial(request, if_hx_target: str | None = None) -> bool:
    """True for an htmx request (not a history restore) aimed at `if_hx_target`, or at any
    target when that is None."""
    htmx = getattr(request, "htmx", None)
    if not htmx or htmx.history_restore_request:
        return False
    return if_hx_target is None or htmx.target == if_hx_target


def for_htmx(*, use_partial: str, if_hx_target: str | None = None):
    """Render the view's TemplateResponse as its `use_partial` partial when `wants_partial`.
    Stacked, the innermost (the most particular target) wins: a template that already names a
    partial is left alone."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            template = getattr(response, "template_name", None)
            if (
                isinstance(template, str)
                and "#" not in template
                and wants_partial(request, if_hx_target)
            ):
                response.template_name = f"{template}#{use_partial}"
            patch_vary_headers(response, ["HX-Request", "HX-Target"])
            return response

        return wrapped

    return decorator


def redirect_after_post(request, url: str):
    """After a POST that leaves the page: htmx is told to load `url` as a whole page
    (HX-Redirect; a redirect would be followed and swapped into the panel), a plain form gets
    303 See Other."""
    if getattr(request, "htmx", False):
        return HttpResponseClientRedirect(url)
    return see_other(url)
