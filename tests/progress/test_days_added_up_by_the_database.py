"""The dashboard's runs are added up by the database (per day, week or month, and per practice),
yet every run still lands on the person's own day, as Python's local_date reads it: late at
night on a daylight-saving change, just after midnight, in a zone far from UTC, and at the edge
of a week and a month. Run these on SQLite and on PostgreSQL (DATABASE_URL) alike. And the
page costs the same queries for one run as for years of them, in every range."""

from collections import Counter
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from compassion_site.lib.dates import local_date
from journal.models import CheckIn, Run
from practices.models import Practice
from progress import queries as progress
from tests.progress.test_progress import MOST_QUERIES, practised

LONDON = ZoneInfo("Europe/London")
KIRITIMATI = ZoneInfo("Pacific/Kiritimati")  # UTC+14: a day ahead of most of the world
KATHMANDU = ZoneInfo("Asia/Kathmandu")  # UTC+5:45: not a whole hour from UTC


def at(zone, *when) -> datetime:
    """A moment given on the person's own clock."""
    return datetime(*when, tzinfo=zone)


def days_on_the_calendar(shown) -> dict:
    return {day.day: day.count for week in shown.calendar for day in week if day.count}


def test_a_late_night_on_a_daylight_saving_day_and_just_after_midnight_keep_their_days(
    library, practitioner
):
    # London moved its clocks forward at 01:00 UTC on Sunday 29 March 2026.
    moments = [
        at(LONDON, 2026, 3, 28, 23, 59),  # the last minute of Saturday, in GMT
        at(LONDON, 2026, 3, 29, 0, 30),  # before the change: 00:30 GMT
        at(LONDON, 2026, 3, 29, 23, 30),  # 22:30 UTC, the change day's last half hour
        at(LONDON, 2026, 3, 30, 0, 5),  # 23:05 UTC on the 29th, but Monday here
    ]
    for moment in moments:
        practised(practitioner, "cft-grounding", moment.astimezone(UTC), 6, 4)
    with timezone.override(LONDON):
        shown = progress.progress_for(practitioner, "30", now=datetime(2026, 4, 2, 12, tzinfo=UTC))
    assert days_on_the_calendar(shown) == {
        date(2026, 3, 28): 1,
        date(2026, 3, 29): 2,
        date(2026, 3, 30): 1,
    }
    assert days_on_the_calendar(shown) == Counter(local_date(m, LONDON) for m in moments)
    # The 28th is Saturday, the 29th Sunday: two weeks, as the chart of what helps shows them.
    assert [(point.label, point.runs) for point in shown.over_time] == [
        ("week of 23 March 2026", 3),
        ("week of 30 March 2026", 1),
    ]


def test_the_hour_that_happens_twice_counts_once_a_run(library, practitioner):
    # London's clocks went back at 01:00 UTC on 25 October 2026: 01:30 happened twice.
    first, second = (
        datetime(2026, 10, 25, 0, 30, tzinfo=UTC),
        datetime(2026, 10, 25, 1, 30, tzinfo=UTC),
    )
    practised(practitioner, "cft-grounding", first)
    practised(practitioner, "cft-grounding", second)
    practised(practitioner, "cft-grounding", at(LONDON, 2026, 10, 25, 23, 30).astimezone(UTC))
    with timezone.override(LONDON):
        shown = progress.progress_for(practitioner, "90", now=datetime(2026, 10, 27, 9, tzinfo=UTC))
    assert days_on_the_calendar(shown) == {date(2026, 10, 25): 3}
    assert shown.days_7 == 1 and shown.runs_in_range == 3


@pytest.mark.parametrize("zone", [KIRITIMATI, KATHMANDU], ids=str)
def test_a_far_zone_counts_its_own_days_weeks_and_months(library, practitioner, zone):
    now = datetime(2026, 3, 20, 12, tzinfo=UTC)
    moments = [
        at(zone, 2026, 3, 1, 0, 20),  # just into March there, still February in UTC
        at(zone, 2026, 2, 28, 23, 50),  # the last minutes of February there
        at(zone, 2026, 3, 16, 0, 10),  # Monday there, Sunday in UTC
        at(zone, 2026, 3, 15, 23, 40),  # Sunday there
        at(zone, 2023, 1, 6, 9, 0),  # long ago: all time is then months
    ]
    for moment in moments:
        practised(practitioner, "cft-grounding", moment.astimezone(UTC), 7, 3)
    CheckIn.objects.create(user=practitioner, day=date(2026, 3, 16), how_i_am=6)
    expected = Counter(local_date(moment, zone) for moment in moments)
    with timezone.override(zone):
        recent = progress.progress_for(practitioner, "30", now=now)
        all_time = progress.progress_for(practitioner, "all", now=now)
    assert days_on_the_calendar(recent) == {
        day: count for day, count in expected.items() if day >= date(2025, 12, 29)
    }
    assert [(point.label, point.runs) for point in all_time.over_time] == [
        ("January 2023", 1),
        ("February 2026", 1),
        ("March 2026", 3),
    ]
    # Over more than two years the check-ins and practices are counted by month, from
    # the first practice.
    assert [(mood.label, mood.practices) for mood in all_time.check_ins] == [
        ("January 2023", 1),
        ("February 2026", 1),
        ("March 2026", 3),
    ]
    assert all_time.check_in_span == (date(2023, 1, 1), date(2026, 3, 1))
    # The 30-day range by week: Sunday the 15th and Monday the 16th in different weeks.
    assert [(point.label, point.runs) for point in recent.over_time] == [
        ("week of 23 February 2026", 2),
        ("week of 9 March 2026", 1),
        ("week of 16 March 2026", 1),
    ]


def test_a_history_of_many_years_is_drawn_a_point_a_year_on_the_persons_own_new_year(
    library, practitioner
):
    now = datetime(2026, 3, 20, 12, tzinfo=UTC)
    moments = [
        at(KIRITIMATI, 2019, 1, 1, 0, 30),  # New Year there, still 2018 in UTC
        at(KIRITIMATI, 2019, 6, 1, 9, 0),
        at(KIRITIMATI, 2026, 3, 2, 9, 0),
    ]
    for moment in moments:
        practised(practitioner, "cft-grounding", moment.astimezone(UTC), 7, 3)
    CheckIn.objects.create(user=practitioner, day=date(2026, 3, 16), how_i_am=6)
    with timezone.override(KIRITIMATI):
        shown = progress.progress_for(practitioner, "all", now=now)
    # Seven years: a point a year, not 87 months, for the chart and its table alike.
    assert [(point.label, point.runs) for point in shown.over_time] == [("2019", 2), ("2026", 1)]
    assert [(mood.label, mood.practices) for mood in shown.check_ins] == [
        ("2019", 2),
        ("2026", 1),
    ]
    assert shown.check_in_span == (date(2019, 1, 1), date(2026, 1, 1))


def test_recent_check_ins_before_and_after_beside_years_of_practice_keep_their_weeks(
    library, practitioner
):
    now = datetime(2026, 3, 20, 12, tzinfo=UTC)
    practised(practitioner, "cft-grounding", datetime(2019, 5, 5, 9, tzinfo=UTC))
    practised(practitioner, "cft-grounding", datetime(2026, 3, 1, 9, tzinfo=UTC), 7, 3)
    practised(practitioner, "cft-grounding", datetime(2026, 3, 15, 9, tzinfo=UTC), 6, 2)
    CheckIn.objects.create(user=practitioner, day=date(2026, 3, 16), how_i_am=6)
    with timezone.override(UTC):
        shown = progress.progress_for(practitioner, "all", now=now)
    # Before and after only this season: a point a week; the check-ins over seven years, by year.
    assert [(point.label, point.runs) for point in shown.over_time] == [
        ("week of 23 February 2026", 1),
        ("week of 9 March 2026", 1),
    ]
    assert [(mood.label, mood.practices) for mood in shown.check_ins] == [
        ("2019", 1),
        ("2026", 2),
    ]


# The same queries however long the history -------------------------------------------------

NOW = datetime(2026, 3, 20, 12, 0, tzinfo=UTC)


def queries_for_each_range(client) -> dict:
    """Queries for each range, then for that range again."""
    counts = {}
    for range_key in MOST_QUERIES:
        with time_machine.travel(NOW, tick=False), CaptureQueriesContext(connection) as taken:
            asked = range_key.removesuffix(" again")
            assert client.get("/progress/", {"range": asked}).status_code == 200
        counts[range_key] = len(taken.captured_queries)
    return counts


def test_every_range_costs_the_same_queries_for_one_run_as_for_years_of_them(
    library, practitioner, robin_client
):
    practised(practitioner, "cft-grounding", NOW - timedelta(days=1), 5, 3)
    CheckIn.objects.create(user=practitioner, day=date(2026, 3, 19), how_i_am=5)
    one = queries_for_each_range(robin_client)
    slugs = ["cft-grounding", "msc-soothing-touch", "cft-safe-place", "ifs-parts-check-in"]
    for back in range(2, 1100, 9):  # three years, with check-ins, hard moments and all
        moment = NOW - timedelta(days=back, hours=back % 24)
        practised(practitioner, slugs[back % 4], moment, back % 11, (back * 7) % 11, back % 5 == 0)
        CheckIn.objects.create(user=practitioner, day=moment.date(), how_i_am=back % 11)
    many = queries_for_each_range(robin_client)
    assert many == one
    assert all(many[key] <= most for key, most in MOST_QUERIES.items())


@pytest.mark.parametrize("runs", [1, 60])
def test_no_range_takes_more_than_its_few_queries(
    library, practitioner, robin_client, django_assert_max_num_queries, runs
):
    for back in range(runs):
        practised(practitioner, "cft-grounding", NOW - timedelta(days=back * 6), 6, back % 10)
    for range_key, most in MOST_QUERIES.items():
        with time_machine.travel(NOW, tick=False), django_assert_max_num_queries(most):
            asked = range_key.removesuffix(" again")
            assert robin_client.get("/progress/", {"range": asked}).status_code == 200


SANTIAGO = ZoneInfo("America/Santiago")  # its clocks go forward at midnight: no 00:00 that day


@pytest.mark.parametrize("zone", [LONDON, SANTIAGO, KATHMANDU, KIRITIMATI], ids=str)
@pytest.mark.parametrize("unit", ["day", "week", "month", "year"])
def test_every_moment_of_two_years_lands_in_its_own_stretch(
    library, practitioner, zone, unit, monkeypatch
):
    """Every 173 minutes for two years, daylight saving changes and all: each run is counted
    in the day, week, month or year that Python's local_date puts it in. On PostgreSQL by
    width_bucket, however few runs there are to a stretch."""
    monkeypatch.setattr(progress, "RUNS_PER_STRETCH", 1)
    practice = Practice.objects.get(slug="cft-grounding")
    first = datetime(2024, 1, 1, tzinfo=UTC)
    moments = [first + timedelta(minutes=173 * step) for step in range(2 * 365 * 24 * 60 // 173)]
    Run.objects.bulk_create(
        Run(user=practitioner, practice=practice, status=Run.Status.FINISHED, finished_at=moment)
        for moment in moments
    )
    bucket_of, _ = progress.STRETCH_OF[unit]
    expected = Counter(bucket_of(local_date(moment, zone)) for moment in moments)
    with timezone.override(zone):
        counted = progress.by_stretch(
            practitioner, None, unit, now=moments[-1], earliest=moments[0], runs=len(moments)
        )
    assert {stretch.start: stretch.runs for stretch in counted} == expected
