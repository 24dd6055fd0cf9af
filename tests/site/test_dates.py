"""compassion_site/lib/dates.py: the window of dates a person could mean, and moving dates and
moments without ever raising at the ends of the calendar."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django import forms
from django.template import engines
from django.utils import timezone

from compassion_site.lib.dates import (
    RealisticDateField,
    local_date,
    local_moment,
    shift,
    shift_moment,
)

KIRITIMATI, FAR_WEST = ZoneInfo("Pacific/Kiritimati"), ZoneInfo("Etc/GMT+12")
LAST = datetime(9999, 12, 31, 23, 0, tzinfo=UTC)
FIRST = datetime(1, 1, 1, 0, 30, tzinfo=UTC)


def test_a_moment_is_moved_into_the_persons_time_zone():
    moment = datetime(2026, 3, 11, 15, 0, tzinfo=UTC)
    assert local_moment(moment, KIRITIMATI) == moment
    assert local_moment(moment, KIRITIMATI).utcoffset() == timedelta(hours=14)
    assert local_date(moment, KIRITIMATI) == date(2026, 3, 12)
    with timezone.override(FAR_WEST):
        assert local_date(moment) == date(2026, 3, 11)


@pytest.mark.parametrize(("moment", "zone"), [(LAST, KIRITIMATI), (FIRST, FAR_WEST)])
def test_a_moment_no_time_zone_can_reach_is_kept_as_stored_instead_of_raising(moment, zone):
    assert local_moment(moment, zone) is moment
    assert local_date(moment, zone) == moment.date()


def test_days_and_moments_moved_past_the_ends_of_the_calendar_stop_there():
    assert shift(date(9999, 12, 30), 7) == date.max
    assert shift(date(1, 1, 2), -7) == date.min
    assert shift(date(2026, 3, 11), 1) == date(2026, 3, 12)
    assert shift_moment(LAST, timedelta(days=30)) == datetime.max.replace(tzinfo=UTC)
    assert shift_moment(FIRST, -timedelta(days=1)) == datetime.min.replace(tzinfo=UTC)
    assert shift_moment(FIRST, timedelta(days=1)) == FIRST + timedelta(days=1)


class DayForm(forms.Form):
    day = RealisticDateField(required=False)


@pytest.mark.parametrize("value", ["1899-12-31", "2200-01-01", "0001-01-01", "9999-12-31"])
def test_a_date_outside_1900_to_2199_is_refused_in_plain_words(value):
    form = DayForm({"day": value})
    assert not form.is_valid()
    assert form.errors["day"] == ["Please choose a date between 1900 and 2199."]


@pytest.mark.parametrize("value", ["1900-01-01", "2199-12-31", "2026-03-11", ""])
def test_a_date_inside_the_window_or_none_at_all_is_taken(value):
    assert DayForm({"day": value}).is_valid()


def test_the_date_picker_is_offered_the_window():
    html = str(DayForm()["day"])
    assert 'type="date"' in html
    assert 'min="1900-01-01"' in html and 'max="2199-12-31"' in html


def render(text: str, **context) -> str:
    return engines["django"].from_string("{% load tend_dates %}" + text).render(context)


def test_local_date_formats_like_date_in_the_persons_time_zone():
    moment = datetime(2026, 3, 11, 15, 0, tzinfo=UTC)
    with timezone.override(KIRITIMATI):
        assert render('{{ m|local_date:"j F Y, H:i" }}', m=moment) == "12 March 2026, 05:00"
        assert render('{{ m|date:"j F Y, H:i" }}', m=moment) == "12 March 2026, 05:00"
        assert render('{{ d|local_date:"F Y" }}|{{ n|local_date:"j F" }}', d=date(2026, 3, 1)) == (
            "March 2026|"
        )


@pytest.mark.parametrize(
    ("moment", "zone", "expected"),
    [(LAST, KIRITIMATI, "31 December 9999, 23:00"), (FIRST, FAR_WEST, "1 January 0001, 00:30")],
)
def test_local_date_shows_a_moment_no_time_zone_can_reach_as_stored(moment, zone, expected):
    with timezone.override(zone):
        with pytest.raises(OverflowError):
            render('{{ m|date:"j F Y" }}', m=moment)
        shown = render('{{ m|local_date:"j F Y, H:i" }}', m=moment)
    assert shown == expected
