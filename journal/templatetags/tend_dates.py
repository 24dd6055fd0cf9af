"""`local_date`: Django's `date` filter that never breaks a page on a moment at the ends of
the calendar.

`{{ moment|date:"j F Y" }}` first moves the moment into the person's time zone, which raises
OverflowError for one stored at either end of Python's calendar (9999-12-31 23:00 UTC is
already the year 10000 in Kiritimati). `{{ moment|local_date:"j F Y" }}` moves it the same way
where it can, and otherwise shows it as stored, in UTC. Use it for moments that can come from
outside (an import): entries, runs and their notes.
"""

from datetime import datetime

from django import template
from django.template.defaultfilters import date as date_filter
from django.utils import timezone

from compassion_site.lib.dates import local_moment

register = template.Library()


@register.filter(expects_localtime=False)
def local_date(value, arg=None):
    """Like `|date`, in the current time zone, and never raising for an extreme moment."""
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = local_moment(value)
    return date_filter(value, arg)
