"""Dates a person could really mean, and date arithmetic that can never overflow.

Python's calendar runs from the year 1 to 9999, and a date near either end breaks arithmetic
(`date.max + timedelta(days=1)` raises OverflowError) and time-zone conversion. Tend only ever
needs dates in a human window, so every date that comes from outside (a form, an import, a
query string) is checked against `EARLIEST` and `LATEST`, and arithmetic on stored dates goes
through `shift`, which clamps instead of raising, so one odd row can never break a page.

Moments (aware datetimes) read back from the database are shown in a person's own time zone
through `local_moment` and `local_date`: a moment stored at the very end of the calendar
(9999-12-31 23:00 UTC is already the year 10000 in Kiritimati) is shown as stored, in UTC,
rather than raising.

Time zones go through here too: a zone by its name (`zone_named`), a person's own today
(`local_today`), the midnight that starts a day (`start_of_day`), the Monday of a week
(`week_start`), and a day in words (`long_date`, `short_date`, `day_month`).
"""

import zoneinfo
from datetime import date, datetime, time, timedelta, tzinfo

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

EARLIEST = date(1900, 1, 1)
LATEST = date(2199, 12, 31)


def is_realistic(day: date | datetime | None) -> bool:
    """True for a date (or datetime) inside Tend's window; False for None or anything else."""
    if isinstance(day, datetime):
        day = day.date()
    return isinstance(day, date) and EARLIEST <= day <= LATEST


def validate_realistic(day: date | datetime | None) -> None:
    """A form or model validator: a plain message for a date outside the window."""
    if day is not None and not is_realistic(day):
        raise ValidationError(
            "Please choose a date between %(earliest)s and %(latest)s.",
            code="unrealistic_date",
            params={"earliest": EARLIEST.year, "latest": LATEST.year},
        )


def shift(day: date, days: int) -> date:
    """`day` moved by `days`, clamped to the calendar's ends rather than raising."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return date.max if days > 0 else date.min


def shift_moment(moment: datetime, delta: timedelta) -> datetime:
    """`moment` moved by `delta`, clamped to the calendar's ends (in its own time zone)
    rather than raising."""
    try:
        return moment + delta
    except OverflowError:
        end = datetime.max if delta > timedelta(0) else datetime.min
        return end.replace(tzinfo=moment.tzinfo)


def local_moment(moment: datetime, zone: tzinfo | None = None) -> datetime:
    """An aware `moment` in `zone` (the current time zone when None). One too near the ends
    of the calendar to move into that zone comes back as it is (in the time zone it was
    stored in, UTC), so a page can still show it."""
    try:
        return timezone.localtime(moment, zone)
    except OverflowError:
        return moment


def local_date(moment: datetime, zone: tzinfo | None = None) -> date:
    """The day of an aware `moment` in `zone` (the current time zone when None); never
    raises for a moment at the ends of the calendar (see `local_moment`)."""
    return local_moment(moment, zone).date()


def zone_named(name: str) -> zoneinfo.ZoneInfo:
    """The time zone called `name`; UTC for a name no zone has."""
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def local_today(person=None) -> date:
    """Today in `person`'s own time zone (anything with a `zone`), or in the current time zone
    (the logged-in person's, set by the middleware) when None."""
    return local_date(timezone.now(), person.zone if person is not None else None)


def start_of_day(day: date, zone: tzinfo | None = None) -> datetime:
    """Midnight at the start of `day` in `zone` (the current time zone when None). Days at the
    very ends of the calendar, whose midnights don't exist in every zone, are moved in by one,
    which no stored moment can tell apart."""
    day = min(max(day, date.min + timedelta(days=1)), date.max - timedelta(days=1))
    return timezone.make_aware(datetime.combine(day, time.min), zone)


def week_start(day: date) -> date:
    """The Monday of `day`'s week."""
    return shift(day, -day.weekday())


def long_date(day: date) -> str:
    """Wednesday 4 March"""
    return f"{day:%A} {day.day} {day:%B}"


def day_and_time(moment: datetime, *, with_year: bool = True) -> str:
    """Tuesday 24 November 2026, 21:30; Tuesday 24 November, 21:30 without the year. For a
    moment already in the time zone it is shown in (`local_moment`)."""
    day = f"{long_date(moment)} {moment.year:04d}" if with_year else long_date(moment)
    return f"{day}, {moment.hour:02d}:{moment.minute:02d}"


def short_date(day: date) -> str:
    """Wed 4 Mar"""
    return f"{day:%a} {day.day} {day:%b}"


def day_month(day: date, *, short: bool = False) -> str:
    """4 March; 4 Mar when `short`."""
    return f"{day.day} {day:%b}" if short else f"{day.day} {day:%B}"


class RealisticDateField(forms.DateField):
    """A form's date field that takes only dates in Tend's window, with a plain message
    beside the field; the browser's date picker is offered the same window."""

    widget = forms.DateInput(attrs={"type": "date"})
    default_validators = [validate_realistic]

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.DateInput):
            for name, day in (("min", EARLIEST), ("max", LATEST)):
                if name not in widget.attrs:
                    attrs[name] = day.isoformat()
        return attrs
