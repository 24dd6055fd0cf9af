"""The progress dashboard: exact numbers from known practice, in the person's own days (time
zone and daylight saving included), ranges, an empty start, and a welcome back."""

import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.template.defaultfilters import floatformat
from django.utils import timezone

from journal import services
from journal.models import Entry, Run
from practices.models import Practice
from progress import charts
from progress import queries as progress
from tests.conftest import logged_in

NOW = datetime(2026, 3, 20, 12, 0, tzinfo=UTC)  # 08:00 on Friday 20 March in New York
NEW_YORK = ZoneInfo("America/New_York")


def practised(person, slug, at, before=None, after=None, stirred=False) -> Run:
    """A finished practice at the moment `at`, with its check-ins, made as the flow makes it."""
    run = services.start_run(person, Practice.objects.get(slug=slug))
    services.save_check(run, "check-in", distress=before, feeling="")
    services.save_check(run, "check-out", distress=after, feeling="", stirred_up=stirred)
    entry = services.finish_run(run)
    Run.objects.filter(pk=run.pk).update(started_at=at, finished_at=at)
    Entry.objects.filter(pk=entry.pk).update(created_at=at)
    run.refresh_from_db()
    return run


# The most queries each range takes. A range adds up the person's runs on the first visit of
# the day after they changed, with a read of what they are made from and a write to keep the
# sums (9; all time 10); a visit again reads the kept sums instead (4, the session's query
# among them).
MOST_QUERIES = {
    "30": 9,
    "30 again": 4,
    "90": 9,
    "90 again": 4,
    "365": 9,
    "365 again": 4,
    "all": 10,
    "all again": 4,
}


@pytest.fixture
def robins_practice(library, practitioner):
    """Robin, in New York; daylight saving began there at 07:00 UTC on 8 March 2026."""
    return [
        # 23:30 on Thursday 19 March, New York time: it counts for the 19th.
        practised(practitioner, "cft-grounding", datetime(2026, 3, 20, 3, 30, tzinfo=UTC), 7, 4),
        practised(practitioner, "cft-grounding", datetime(2026, 3, 19, 14, 0, tzinfo=UTC), 6, 4),
        # 00:30 on 9 March (EDT) and 01:30 on 8 March (EST): either side of the change.
        practised(practitioner, "cft-grounding", datetime(2026, 3, 9, 4, 30, tzinfo=UTC), 8, 5),
        practised(
            practitioner, "msc-self-compassion-break", datetime(2026, 3, 8, 6, 30, tzinfo=UTC), 5, 7
        ),
        practised(
            practitioner,
            "cft-one-courageous-kind-action",
            datetime(2026, 3, 1, 12, tzinfo=UTC),
            4,
            3,
        ),
        practised(practitioner, "ifs-parts-check-in", datetime(2026, 2, 15, 12, tzinfo=UTC)),
    ]


def minutes(run: Run) -> int:
    """A finished practice's minutes, as its practice states them (sync checks them)."""
    return Practice.objects.get(pk=run.practice_id).minutes


def robins_progress(practitioner, range_key="90"):
    with timezone.override(NEW_YORK):
        return progress.progress_for(practitioner, range_key, now=NOW)


def test_days_are_the_persons_own_across_midnight_and_daylight_saving(
    robins_practice, practitioner
):
    shown = robins_progress(practitioner)
    days = {day.day: day.count for week in shown.calendar for day in week if day.count}
    assert days == {
        date(2026, 2, 15): 1,
        date(2026, 3, 1): 1,
        date(2026, 3, 8): 1,
        date(2026, 3, 9): 1,
        date(2026, 3, 19): 2,
    }
    assert shown.days_7 == 1  # 14 to 20 March: only the 19th
    assert shown.days_30 == 4  # 19 February to 20 March: 1, 8, 9 and 19 March
    days = {day.day: day for week in shown.calendar for day in week}
    assert days[date(2026, 3, 19)].count == 2 and days[date(2026, 3, 19)].level == 2
    assert days[date(2026, 3, 8)].count == 1 and days[date(2026, 3, 9)].count == 1
    assert days[date(2026, 3, 20)].count == 0 and not days[date(2026, 3, 20)].future
    assert days[date(2026, 3, 22)].future
    assert len(shown.calendar) == 12 and all(len(week) == 7 for week in shown.calendar)
    assert shown.calendar[-1][0].day == date(2026, 3, 16)  # this week's Monday
    assert shown.calendar[0][0].day == date(2025, 12, 29)


def test_the_fall_back_hour_moves_nothing(library, practitioner):
    # Daylight saving ended at 06:00 UTC on 1 November 2026: 01:30 happened twice that night.
    practised(practitioner, "cft-grounding", datetime(2026, 11, 1, 5, 30, tzinfo=UTC))
    practised(practitioner, "cft-grounding", datetime(2026, 11, 1, 6, 30, tzinfo=UTC))
    with timezone.override(NEW_YORK):
        shown = progress.progress_for(practitioner, "30", now=datetime(2026, 11, 2, 15, tzinfo=UTC))
    days = {day.day: day.count for week in shown.calendar for day in week if day.count}
    assert days == {date(2026, 11, 1): 2}
    assert shown.days_7 == 1


def test_showing_up_balance_and_what_helps_match_the_practice_exactly(
    robins_practice, practitioner
):
    shown = robins_progress(practitioner)
    assert shown.runs_in_range == 6
    assert shown.minutes_in_range == sum(minutes(run) for run in robins_practice)
    skills = {tally.key: tally.count for tally in shown.skills}
    assert skills == {  # CFT's skills, from CFT practices only: not the MSC break's
        "attention": 3,
        "imagery": 0,
        "reasoning": 0,
        "behaviour": 1,
        "feeling": 0,
        "sensory": 3,
    }
    assert shown.least_skill.key == "imagery"
    assert {tally.key: tally.count for tally in shown.modalities} == {"cft": 4, "msc": 1, "ifs": 1}
    assert shown.checked_runs == 5
    assert shown.average_before == pytest.approx(6.0)
    assert shown.average_after == pytest.approx(4.6)
    assert [(helpful.slug, helpful.runs) for helpful in shown.helpful] == [("cft-grounding", 3)]
    assert shown.helpful[0].before == pytest.approx(7.0)
    assert shown.helpful[0].after == pytest.approx(13 / 3)
    assert [run.slug for run in shown.hard_moments] == ["msc-self-compassion-break"]


def test_the_most_helpful_practices_come_first(library, practitioner):
    for day in range(3):
        at = NOW - timedelta(days=day + 1)
        practised(practitioner, "cft-grounding", at, 6, 5)  # 1 lower
        practised(practitioner, "msc-soothing-touch", at, 7, 3)  # 4 lower
        practised(practitioner, "cft-safe-place", at, 5, 5)  # no change
    practised(practitioner, "cft-compassionate-other", NOW - timedelta(days=1), 9, 1)  # once
    shown = robins_progress(practitioner)
    assert [helpful.slug for helpful in shown.helpful] == [
        "msc-soothing-touch",
        "cft-grounding",
        "cft-safe-place",
    ]


def test_a_range_keeps_to_its_days(robins_practice, practitioner):
    shown = robins_progress(practitioner, "30")
    assert shown.runs_in_range == 5  # not 15 February
    assert shown.minutes_in_range == sum(minutes(run) for run in robins_practice[:5])
    assert shown.days_7 == 1 and shown.days_30 == 4  # the same whatever the range


@pytest.mark.parametrize("days_away", [8, 40, 200])  # 200: before anything the page reads
def test_a_return_after_a_week_away_is_welcomed_and_a_gap_never_scolded(
    library, practitioner, robin_client, days_away
):
    practised(practitioner, "cft-grounding", NOW - timedelta(days=days_away))
    practised(practitioner, "cft-grounding", NOW - timedelta(hours=2))
    with time_machine.travel(NOW, tick=False):
        html = robin_client.get("/progress/").content.decode()
    assert "Welcome back" in html
    assert not re.search(r"streak|missed|lost|broke", html, re.IGNORECASE)


def test_practising_regularly_needs_no_welcome_back(library, practitioner):
    for day in range(0, 30, 3):
        practised(practitioner, "cft-grounding", NOW - timedelta(days=day, hours=1))
    assert not robins_progress(practitioner).welcome_back


def test_a_return_after_the_fetched_days_looks_further_back(robins_practice, practitioner):
    # 19 March follows 9 March: ten days away, so even the 30-day range welcomes it.
    assert robins_progress(practitioner, "30").welcome_back


# The page ----------------------------------------------------------------------------------


def test_the_page_shows_the_numbers_charts_and_tables(robins_practice, robin_client):
    with time_machine.travel(NOW, tick=False):
        response = robin_client.get("/progress/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert html.count('role="img"') == 4  # the calendar, skills, methods, before and after
    for title in (
        "The last 12 weeks, a square a day",
        "Practices for each CFT skill",
        "Practices by method",
        "Distress before and after practice, over time",
    ):
        assert f">{title}</title>" in html
    assert "<caption>Practices for each skill</caption>" in html
    assert "Least practised: <strong>Imagery</strong>" in html
    assert "distress went from <strong>6.0</strong> to <strong>4.6</strong>" in html
    # The shortest practice for imagery, the least practised skill:
    assert 'To give it some time, try <a href="/practices/cft-warmth-toward-yourself/">' in html
    assert f'href="/journal/entries/{robins_practice[3].entry.pk}/"' in html  # the hard moment


@pytest.mark.parametrize("value", ["", "7", "forever", "<script>", "all'"])
def test_an_unknown_range_gives_the_default_never_an_error(robins_practice, robin_client, value):
    with time_machine.travel(NOW, tick=False):
        response = robin_client.get("/progress/", {"range": value})
    assert response.status_code == 200
    assert re.search(r'href="\?range=90"[^>]*aria-current="true"', response.content.decode())


def test_the_range_switches_in_place_with_htmx_and_as_a_plain_link(robins_practice, robin_client):
    with time_machine.travel(NOW, tick=False):
        plain = robin_client.get("/progress/?range=30").content.decode()
        partial = robin_client.get(
            "/progress/?range=30", headers={"HX-Request": "true", "HX-Target": "progress-body"}
        )
    assert "<html" in plain and 'id="progress-body"' in plain
    assert "<html" not in partial.content.decode()
    assert 'id="progress-body"' in partial.content.decode()
    assert "Practices in the last 30 days</dt><dd>5</dd>" in partial.content.decode()
    assert "HX-Target" in partial["Vary"]


def test_a_new_person_is_welcomed_with_a_first_practice_not_empty_charts(library, robin_client):
    html = robin_client.get("/progress/").content.decode()
    assert "Your first practice is waiting" in html
    assert 'href="/practices/cft-grounding/"' in html
    assert 'role="img"' not in html


@pytest.mark.parametrize("runs", [4, 40])
def test_the_dashboard_takes_a_few_queries_whatever_the_history(
    library, practitioner, robin_client, django_assert_max_num_queries, runs
):
    for day in range(runs):
        practised(practitioner, "cft-grounding", NOW - timedelta(days=day * 3), 5, 3)
    for range_key, most in MOST_QUERIES.items():
        with time_machine.travel(NOW, tick=False), django_assert_max_num_queries(most):
            asked = range_key.removesuffix(" again")
            assert robin_client.get("/progress/", {"range": asked}).status_code == 200


def test_the_home_page_sums_up_this_week_and_suggests_a_practice(
    robins_practice, robin_client, django_assert_max_num_queries
):
    # 7: one more than before paths, for the paths the person follows (none here); 8: today's
    # daily check-in; 10: favourites with recent practices, and the welcome answers
    with time_machine.travel(NOW, tick=False), django_assert_max_num_queries(10):
        html = robin_client.get("/").content.decode()
    assert "You've practised on <strong>1 day</strong> this week." in html
    assert "the skill you've practised least lately" in html and "imagery" in html
    assert 'href="/progress/"' in html


def test_the_balance_of_skills_counts_only_cft_practices_and_says_so(library, practitioner):
    # An MSC practice that lists skills (in CFT's terms) still isn't counted in CFT's balance.
    Practice.objects.filter(slug="msc-self-compassion-break").update(skills=["attention"])
    for day in range(3):
        practised(practitioner, "msc-self-compassion-break", NOW - timedelta(days=day), 5, 4)
    shown = robins_progress(practitioner)
    assert {tally.count for tally in shown.skills} == {0}
    assert shown.least_skill is None  # nothing to balance without a CFT practice
    assert {tally.key: tally.count for tally in shown.modalities}["msc"] == 3
    practised(practitioner, "cft-safe-place", NOW - timedelta(days=4), 5, 4)
    shown = robins_progress(practitioner)
    assert {t.key: t.count for t in shown.skills if t.count} == {"imagery": 1, "sensory": 1}
    assert shown.least_skill.key == "attention"


def test_the_page_says_whose_skills_they_are(robins_practice, robin_client):
    with time_machine.travel(NOW, tick=False):
        html = robin_client.get("/progress/").content.decode()
    assert "The six skills of CFT, from CFT practices" in html


def test_what_helps_says_approach_practices_can_raise_distress_for_a_while(
    robins_practice, robin_client
):
    with time_machine.travel(NOW, tick=False):
        html = robin_client.get("/progress/").content.decode()
    helps = html[html.index('id="helps-heading"') : html.index('id="hard-heading"')]
    assert "turn toward hard feelings can raise distress for a while" in helps
    assert "common and not a sign you" in helps
    assert "feel better" not in helps  # no promise that worse leads to better
    assert '<a href="/learn/backdraft/">' in helps


def test_a_long_history_is_drawn_as_lines_without_dots_that_would_run_together():
    """A dot for each of 12 weeks; for 151 years the dots would overlap into a band, so the
    lines are drawn alone (the table beside the chart has every value). Check-ins, placed by
    date, keep their dots, drawn small where they are a day apart over three months."""

    def points(count):
        first = date(1876, 1, 1)
        return [
            progress.Point(first.replace(year=first.year + n), str(1876 + n), 6, 4, 3)
            for n in range(count)
        ]

    def moods(count, apart):
        first = date(2026, 1, 1)
        return [
            progress.Mood(first + timedelta(days=n * apart), f"day {n}", n % 11, 1, 1)
            for n in range(count)
        ]

    few, many = charts.line_chart(points(12)), charts.line_chart(points(151))
    assert few["before_dots"].count("<circle") == few["after_dots"].count("<circle") == 12
    assert "<circle" not in many["before_dots"] + many["after_dots"]
    assert len(many["after_line"].split()) == len(many["before_line"].split()) == 151

    span = (date(2026, 1, 1), date(2026, 3, 31))
    weekly, daily = moods(13, apart=7), moods(90, apart=1)
    few, many = charts.check_in_chart(weekly, span), charts.check_in_chart(daily, span)
    assert few["dots_markup"].count('r="3.5"') == 13
    assert many["dots_markup"].count('r="2"') == 90  # small, so a day without one shows


def test_counts_past_a_thousand_are_written_with_a_thousands_comma(
    library, practitioner, robin_client
):
    practice = Practice.objects.get(slug="cft-grounding")
    Run.objects.bulk_create(
        Run(
            user=practitioner,
            practice=practice,
            status=Run.Status.FINISHED,
            finished_at=NOW - timedelta(hours=n),
            distress_before=6,
            distress_after=4,
        )
        for n in range(1200)
    )
    with time_machine.travel(NOW, tick=False):
        html = robin_client.get("/progress/", {"range": "all"}).content.decode()
    assert "<dt>Practices so far</dt><dd>1,200</dd>" in html
    assert "Across 1,200 practices with a check-in before and after" in html
    assert "1200" not in html


@pytest.mark.parametrize(
    "value", [2.25, -2.25, 9.95, 0.15, -0.04, -0.0, 0.0, 13 / 3, -13 / 3, 10.0, 7, 0.05, -0.05]
)
def test_the_tables_write_one_decimal_place_as_the_templates_do(value):
    """Halves round up and a change too small to show is 0.0, never -0.0, as floatformat:1."""
    assert charts.one_place(value) == str(floatformat(value, 1))


def test_the_helpful_table_reads_before_after_and_a_rise_marked(library, practitioner):
    for before, after in [(3, 6), (4, 6), (2, 6)]:  # 3.0 to 6.0 on average: a rise of 3
        practised(practitioner, "cft-grounding", NOW - timedelta(days=before), before, after)
    with time_machine.travel(NOW, tick=False):
        html = logged_in(practitioner).get("/progress/").content.decode()
    row = html.partition('href="/practices/cft-grounding/">')[2].partition("</tr>")[0]
    cells = re.findall(r'data-label="(\w+)">([^<]*)</td>', row)
    assert cells == [("Times", "3"), ("Before", "3.0"), ("After", "6.0"), ("Change", "+3.0")]


def test_the_practices_named_and_the_library_are_read_as_the_orm_reads_them(library):
    """The dashboard reads the practices it names and the library's practices it may suggest
    in one written-out query (progress.queries.practices_and_library): the same details as the
    practices' own rows, archived and therapists' own included when named, and the library
    exactly Practice.objects.for_library()."""
    from tests.factories import PracticeFactory

    archived = Practice.objects.for_library().first()
    Practice.objects.filter(pk=archived.pk).update(archived_at=NOW)
    own = PracticeFactory(skills=["attention"])  # a therapist's: never the library
    named = [archived.pk, own.pk, Practice.objects.for_library().last().pk]

    details, shown_library = progress.practices_and_library(named + named[:1])
    assert details == {
        pk: (slug, title, modality, skills, minutes)
        for pk, slug, title, modality, skills, minutes in Practice.objects.filter(
            pk__in=named
        ).values_list("pk", "slug", "title", "modality", "skills", "minutes")
    }
    assert details[own.pk][3] == ["attention"]  # skills as a list, not JSON text
    in_library = list(
        Practice.objects.for_library()
        .order_by("title", "pk")
        .values_list("slug", "title", "modality", "skills", "minutes")
    )
    assert [(p.slug, p.title, p.modality, p.skills, p.minutes) for p in shown_library] == in_library
    assert archived.slug not in {p.slug for p in shown_library}
    assert progress.library_practices() == shown_library
    assert progress.practices_and_library() == ({}, shown_library)
