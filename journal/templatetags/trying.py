"""`triable`: whether a visitor may try a practice without an account (journal/trying.py)."""

from django import template

from journal import trying

register = template.Library()


@register.filter
def triable(slug: str) -> bool:
    return trying.triable(slug)
