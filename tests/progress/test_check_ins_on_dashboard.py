"""The daily check-ins on the dashboard: how I was (0 very low, 10 really well) over the range
beside practice, as a chart with a table of the same numbers, in the person's own days, for a
fixed number of queries; and nobody else's."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from journal.check_ins import check_ins_between
from journal.models import AllTimeSums, CheckIn
from progress import charts
from progress import queries as progress
from tests.progress.test_progress import practised

NOW = datetime(2026, 3, 20, 12, 0, tzinfo=UTC)  # 08:00 on Friday 20 March in New York
TODAY = date(2026, 3, 20)


def checked_in(person, day: date, how: int, **fields) -> CheckIn:
    return CheckIn.objects.create(user=person, day=day, how_i_am=how, **fields)


@pytest.fixture
def robins_days(library, practitioner):
    checked_in(practitioner, TODAY, 7)
    checked_in(practitioner, TODAY - timedelta(days=1), 3)
    checked_in(practitioner, TODAY - timedelta(days=40), 9)  # outside 30 days, inside 90
    practised(practitioner, "cft-grounding", datetime(2026, 3, 19, 14, 0, tzinfo=UTC), 6, 4)
    return practitioner


def test_check_ins_in_the_range_are_shown_a_day_at_a_time_beside_practice(robins_days):
    with time_machine.travel(NOW, tick=False):
        shown = progress.progress_for(robins_days, "30")
    assert shown.check_ins_in_range == 2
    assert shown.average_check_in == 5
    assert [(m.start, m.value, m.practices) for m in shown.check_ins] == [
        (date(2026, 3, 19), 3, 1),
        (date(2026, 3, 20), 7, 0),
    ]
    assert shown.check_in_span == (date(2026, 2, 19), TODAY)


def test_a_long_range_averages_check_ins_by_week(robins_days):
    with time_machine.travel(NOW, tick=False):
        shown = progress.progress_for(robins_days, "365")
    # Thursday 19 and Friday 20 March share the week of Monday 16 March.
    assert [(m.label, m.value_text, m.check_ins) for m in shown.check_ins] == [
        ("week of 2 Feb 2026", "9", 1),
        ("week of 16 Mar 2026", "5.0", 2),
    ]


def test_the_chart_puts_really_well_at_the_top_and_places_days_by_date(robins_days):
    with time_machine.travel(NOW, tick=False):
        shown = progress.progress_for(robins_days, "30")
    chart = charts.check_in_chart(shown.check_ins, shown.check_in_span)
    three, seven = chart["dots"]
    assert seven.y < three.y  # higher is better, drawn higher
    assert seven.x == chart["right_edge"]
    assert [tick["value"] for tick in chart["ticks"]] == [0, 5, 10]
    assert len(chart["practised"]) == 1


def test_the_dashboard_shows_the_chart_a_table_and_which_way_the_scale_runs(
    robins_days, robin_client
):
    with time_machine.travel(NOW, tick=False):
        page = robin_client.get("/progress/?range=30").content.decode()
    assert "How you've been" in page
    assert "0 is very low and 10 is really well" in page
    assert 'aria-labelledby="check-ins-title check-ins-desc"' in page
    assert re.search(
        r"<th [^>]*>Thu 19 Mar</th><td[^>]*>3</td><td[^>]*>1</td><td[^>]*>1</td>", page
    )
    assert re.search(
        r"<th [^>]*>Fri 20 Mar</th><td[^>]*>7</td><td[^>]*>1</td><td[^>]*>0</td>", page
    )
    (practice_mark,) = re.findall(r'<rect class="check-in-chart__practice" x="([^"]*)"', page)
    assert float(practice_mark) > 0


def test_svg_numbers_are_not_localised(robins_days, robin_client, settings):
    settings.LANGUAGE_CODE = "de"
    with time_machine.travel(NOW, tick=False):
        page = robin_client.get("/progress/?range=30").content.decode()
    svg = page[page.index('class="chart chart--lines chart--check-ins"') :]
    svg = svg[: svg.index("</svg>")]
    assert not re.search(r'(cx|cy|x|y|points)="[^"]*\d,\d{1,2}(?=[" ])', svg.split("points=")[0])


def test_a_person_who_only_checks_in_still_sees_their_check_ins(practitioner, robin_client):
    checked_in(practitioner, TODAY, 6)
    with time_machine.travel(NOW, tick=False):
        page = robin_client.get("/progress/").content.decode()
    assert "Your first practice is waiting" in page
    assert "How you've been" in page and "6 out of 10" not in page
    assert "on average <strong>6.0 out of 10</strong>" in page


def test_no_check_ins_in_range_invites_one_without_pressure(library, practitioner, robin_client):
    practised(practitioner, "cft-grounding", datetime(2026, 3, 19, 14, 0, tzinfo=UTC), 6, 4)
    with time_machine.travel(NOW, tick=False):
        page = robin_client.get("/progress/?range=30").content.decode()
    assert "No daily check-ins in this range" in page


def test_someone_elses_check_ins_never_show(robins_days, stranger, client):
    checked_in(stranger, TODAY, 0, note="the stranger's line")
    client.force_login(stranger)
    with time_machine.travel(NOW, tick=False):
        shown = progress.progress_for(robins_days, "30")
        page = client.get("/progress/?range=30").content.decode()
    assert shown.check_ins_in_range == 2
    assert "the stranger's line" not in page


def test_the_dashboard_costs_the_same_queries_with_a_year_of_check_ins(
    library, practitioner, robin_client, django_assert_num_queries
):
    checked_in(practitioner, TODAY, 5)
    with time_machine.travel(NOW, tick=False):
        with CaptureQueriesContext(connection) as few:
            robin_client.get("/progress/?range=all")
        for back in range(1, 366):
            checked_in(practitioner, TODAY - timedelta(days=back), back % 11)
        AllTimeSums.objects.all().delete()  # both visits add up all time afresh
        with django_assert_num_queries(len(few.captured_queries)):
            page = robin_client.get("/progress/?range=all").content.decode()
    assert "366 daily check-ins" in page


@pytest.mark.parametrize(
    ("first", "last"), [(None, None), (date(2026, 3, 2), None), (None, date(2026, 3, 4))]
)
def test_check_ins_between_days_are_the_persons_own_oldest_first(
    practitioner, stranger, first, last
):
    days = [date(2026, 3, day) for day in (5, 1, 3, 2, 4)]
    for n, day in enumerate(days):
        CheckIn.objects.create(user=practitioner, day=day, how_i_am=1 + n % 5)
        CheckIn.objects.create(user=stranger, day=day, how_i_am=3)
    expected = list(
        CheckIn.objects.filter(user=practitioner)
        .filter(**({"day__gte": first} if first else {}), **({"day__lte": last} if last else {}))
        .order_by("day")
        .values_list("day", "how_i_am")
    )
    found = check_ins_between(practitioner, first, last)
    assert found == expected and len(found) == 5 - (first is not None) - (last is not None)
    assert all(type(day) is date for day, _ in found)
