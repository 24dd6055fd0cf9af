"""The look of every page: `{% icon "name" %}` and `{% theme %}`. Load with `{% load look %}`.

`{% icon "home" %}` draws one icon of the sprite static/img/icons.svg (Lucide, ISC licence;
remade by tools/look_assets.py), as decoration: it is hidden from screen readers, so the words
beside it say what a link or button does. The sprite is one file the browser keeps, not part of
each page, so a practice step's HTML and CSS still fit the first round trip.

`{% theme %}` is the person's choice of colours: "light", "dark" or "system" (as their device
is set). A logged-in person's is kept on their account; a visitor's in the `theme` cookie.

`{% address "home" %}` is `{% url "home" %}` (a name without arguments) worked out once per
process instead of on every page: base.html and its menus ask for about twenty-five on each
page, and each is a walk of the URL patterns. An address is kept per URL configuration and
script prefix, so a site mounted under a prefix still gets its own. This library's
`{% static %}` is Django's, kept the same way (each is a manifest lookup, and the manifest and
STATIC_URL are read once per process anyway): a template that loads `look` after `static` gets
it with the same spelling, which the service worker's list of files reads (installable.py).
`{% htmx_script %}` is django-htmx's, kept the same way while no CSP nonce is in the context.
Icons are kept too; everything kept is forgotten when a setting changes (in tests).
"""

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.templatetags.static import static
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import format_html
from django_htmx.templatetags.django_htmx import htmx_script as django_htmx_script

from compassion_site.accounts.models import User

register = template.Library()

THEME_COOKIE = "theme"
THEMES = frozenset(User.Theme.values)


# Worked out once per process: (kind, ...) -> the answer. The templates name a few dozen; a
# name from a variable could make more, so past KEEP_AT_MOST nothing more is kept.
_kept: dict[tuple, str] = {}
KEEP_AT_MOST = 1000


def _keep(key: tuple, make):
    answer = _kept.get(key)
    if answer is None:
        answer = make()
        if len(_kept) < KEEP_AT_MOST:
            _kept[key] = answer
    return answer


def _forget(**kwargs) -> None:
    _kept.clear()


setting_changed.connect(_forget)


@register.simple_tag(name="static")
def kept_static(path: str) -> str:
    return _keep(("static", path), lambda: static(path))


@register.simple_tag(name="htmx_script", takes_context=True)
def kept_htmx_script(context, minified: bool = True, version: int = 2, extensions: str = ""):
    if context.get("csp_nonce") is not None:  # a nonce is new on every response
        return django_htmx_script(context, minified, version, extensions)
    return _keep(
        ("htmx_script", minified, version, extensions, settings.DEBUG),
        lambda: django_htmx_script(context, minified, version, extensions),
    )


WHERE = "look.address: URL configuration and script prefix"


@register.simple_tag(takes_context=True)
def address(context, name: str) -> str:
    # Asking which URL configuration and prefix apply costs about as much as a reverse, so
    # it is asked once per render, not once per link.
    where = context.render_context.get(WHERE)
    if where is None:
        where = context.render_context[WHERE] = (get_urlconf(), get_script_prefix())
    return _keep(("address", name, *where), lambda: reverse(name))


@register.simple_tag
def icon(name: str, extra: str = "") -> str:
    return _keep(
        ("icon", name, extra),
        lambda: format_html(
            '<svg class="{}" aria-hidden="true" focusable="false">'
            '<use href="{}#icon-{}"></use></svg>',
            f"icon {extra}".strip(),
            kept_static("img/icons.svg"),
            name,
        ),
    )


def theme_of(request) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return user.theme
    chosen = request.COOKIES.get(THEME_COOKIE, "") if request is not None else ""
    return chosen if chosen in THEMES else User.Theme.SYSTEM


@register.simple_tag(takes_context=True)
def theme(context) -> str:
    return theme_of(context.get("request"))


METHODS = frozenset({"cft", "msc", "ifs"})


@register.simple_tag
def method_art(method: str) -> str:
    """The small picture of a method (cft, msc, ifs), from templates/includes/method_art.html,
    which the page includes once; nothing for anything else (a lesson about using Tend)."""
    if method not in METHODS:
        return ""
    return format_html(
        '<svg class="method-art" aria-hidden="true" focusable="false" width="48" height="48">'
        '<use href="#art-{}"></use></svg>',
        method,
    )
