"""Dates a person could really mean, and date arithmetic that can never overflow.

Python's calendar runs from the year 1 to 9999, and a date near either end breaks arithmetic
(`date.max + timedelta(days=1)` raises OverflowError) and time-zone conversion. Tend only ever
needs dates in a human window, so every date that comes from outside (a form, an import, a
query string) is checked against `EARLIEST` and `LATEST`, and arithmetic on stored dates goes
through `shift`, which clamps instead of raising, so one odd row can never break a page.
"""

from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError

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
