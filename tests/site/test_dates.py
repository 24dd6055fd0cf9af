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
    day_and_time,
    day_month,
    local_date,
    local_moment,
    local_today,
    long_date,
    shift,
    shift_moment,
    short_date,
    start_of_day,
    week_start,
    zone_named,
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


def test_a_persons_today_is_the_day_it_is_where_they_live(make_person):
    """At 15:00 UTC on 11 March it is already the 12th in Kiritimati, still the 11th at -12."""
    import time_machine

    with time_machine.travel(datetime(2026, 3, 11, 15, 0, tzinfo=UTC), tick=False):
        assert local_today(make_person("kiri", time_zone="Pacific/Kiritimati")) == date(2026, 3, 12)
        assert local_today(make_person("west", time_zone="Etc/GMT+12")) == date(2026, 3, 11)
        with timezone.override(KIRITIMATI):
            assert local_today() == date(2026, 3, 12)


def test_a_day_starts_at_midnight_in_the_zone_asked_for_even_at_the_ends_of_the_calendar():
    assert start_of_day(date(2026, 3, 12), KIRITIMATI) == datetime(2026, 3, 11, 10, 0, tzinfo=UTC)
    with timezone.override(FAR_WEST):
        assert start_of_day(date(2026, 3, 11)) == datetime(2026, 3, 11, 12, 0, tzinfo=UTC)
    assert start_of_day(date.max, UTC) == datetime(9999, 12, 30, tzinfo=UTC)
    assert start_of_day(date.min, UTC) == datetime(1, 1, 2, tzinfo=UTC)


def test_a_week_starts_on_its_monday_and_never_before_the_calendar_does():
    assert week_start(date(2026, 3, 15)) == date(2026, 3, 9)
    assert week_start(date(2026, 3, 9)) == date(2026, 3, 9)
    assert week_start(date(1, 1, 3)) == date.min


def test_days_in_words():
    day = date(2026, 3, 4)
    assert long_date(day) == "Wednesday 4 March"
    assert short_date(day) == "Wed 4 Mar"
    assert day_month(day) == "4 March"
    assert day_month(day, short=True) == "4 Mar"
    moment = datetime(2026, 11, 24, 21, 30)
    assert day_and_time(moment) == "Tuesday 24 November 2026, 21:30"
    assert day_and_time(moment, with_year=False) == "Tuesday 24 November, 21:30"
    assert day_and_time(datetime(987, 6, 5, 4, 3)).endswith(" 0987, 04:03")


def test_a_time_zone_no_one_has_heard_of_is_read_as_utc():
    assert zone_named("Europe/Lisbon") == ZoneInfo("Europe/Lisbon")
    assert zone_named("Atlantis/Capital") == ZoneInfo("UTC")
    assert zone_named("") == ZoneInfo("UTC")
