"""{% writer_field %}: the hidden field that says whom a form of writing was made for.

A builtin (settings.TEMPLATES), so every template can use it without {% load %}."""

from django import template

from compassion_site.accounts import kept_words

register = template.Library()


@register.simple_tag(takes_context=True)
def writer_field(context) -> str:
    request = context.get("request")
    return kept_words.writer_field(request.user) if request is not None else ""
