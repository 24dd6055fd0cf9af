"""The look of every page: `{% icon "name" %}` and `{% theme %}`. Load with `{% load look %}`.

`{% icon "home" %}` draws one icon of the sprite static/img/icons.svg (Lucide, ISC licence;
remade by tools/look_assets.py), as decoration: it is hidden from screen readers, so the words
beside it say what a link or button does. The sprite is one file the browser keeps, not part of
each page, so a practice step's HTML and CSS still fit the first round trip.

`{% theme %}` is the person's choice of colours: "light", "dark" or "system" (as their device
is set). A logged-in person's is kept on their account; a visitor's in the `theme` cookie.
"""

from django import template
from django.templatetags.static import static
from django.utils.html import format_html

from compassion_site.accounts.models import User

register = template.Library()

THEME_COOKIE = "theme"
THEMES = frozenset(User.Theme.values)


@register.simple_tag
def icon(name: str, extra: str = "") -> str:
    classes = f"icon {extra}".strip()
    return format_html(
        '<svg class="{}" aria-hidden="true" focusable="false"><use href="{}#icon-{}"></use></svg>',
        classes,
        static("img/icons.svg"),
        name,
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
