"""When homework is due: stretches of each schedule, series unlocking, and sorting for the page.

Pure functions on unsaved assignments, except the last tests, which read finished runs in the
client's own time zone.
"""

from datetime import UTC, date, datetime, timedelta

import pytest

from practices.models import Assignment, Schedule, Series, Unlock
from practices.schedule import Due, dues_for, series_steps, sort_homework, week_tally
from tests.factories import RunFactory

MON = date(2025, 3, 3)  # a Monday


def once(pk=1, starts=MON, due=MON + timedelta(days=4)) -> Assignment:
    return Assignment(pk=pk, schedule=Schedule.ONCE, starts_on=starts, due_on=due)


def weekly(pk=2, times=3, weeks=2, starts=MON) -> Assignment:
    return Assignment(
        pk=pk, schedule=Schedule.WEEKLY, starts_on=starts, times_per_week=times, weeks=weeks
    )


def daily(pk=3, days=5, starts=MON) -> Assignment:
    return Assignment(pk=pk, schedule=Schedule.DAILY, starts_on=starts, days=days)


def series_of(count=3, unlock=Unlock.AFTER_DONE, unlock_days=None, starts=MON):
    series = Series(pk=10, title="Gentle start", unlock=unlock, unlock_days=unlock_days)
    series.starts_on = starts
    items = [
        Assignment(
            pk=100 + position,
            schedule=Schedule.ONCE,
            starts_on=starts,
            series=series,
            position=position,
        )
        for position in range(1, count + 1)
    ]
    return series, items


# One assignment's stretches -----------------------------------------------------------------


def test_once_is_one_stretch_from_the_start_to_its_date():
    [due] = dues_for(once(), [])
    assert (due.starts, due.due, due.planned, due.done) == (MON, MON + timedelta(days=4), 1, 0)
    assert due.is_open
    assert due.left == 1


def test_once_counts_when_done_early_or_late_and_only_once():
    assert dues_for(once(), [MON - timedelta(days=2)])[0].done == 1
    assert dues_for(once(), [MON + timedelta(days=30)])[0].done == 1
    [due] = dues_for(once(), [MON, MON, MON + timedelta(days=1)])
    assert due.done == 1
    assert not due.is_open


def test_once_without_a_date_is_due_on_its_first_day():
    [due] = dues_for(once(due=None), [])
    assert due.due == MON


def test_weekly_is_one_stretch_a_week_each_counting_only_its_own_days():
    done = [MON, MON + timedelta(days=6), MON + timedelta(days=7)]
    first, second = dues_for(weekly(times=3, weeks=2), done)
    assert (first.starts, first.due, first.planned, first.done) == (
        MON,
        MON + timedelta(days=6),
        3,
        2,
    )
    assert (second.starts, second.due, second.done) == (
        MON + timedelta(days=7),
        MON + timedelta(days=13),
        1,
    )


def test_weekly_counts_no_more_than_planned_in_a_week():
    done = [MON + timedelta(days=offset) for offset in range(7)]
    [week] = dues_for(weekly(times=2, weeks=1), done)
    assert week.done == 2
    assert week.left == 0


def test_daily_is_one_stretch_a_day_done_at_most_once():
    done = [MON, MON, MON + timedelta(days=2)]
    dues = dues_for(daily(days=3), done)
    assert [(due.starts, due.due) for due in dues] == [
        (MON + timedelta(days=offset),) * 2 for offset in range(3)
    ]
    assert [due.done for due in dues] == [1, 0, 1]


def test_week_tally_adds_the_stretches_that_overlap_the_days_asked():
    dues = dues_for(daily(days=10), [MON, MON + timedelta(days=1)])
    assert week_tally(dues, MON, MON + timedelta(days=6)) == (2, 7)


# Series ---------------------------------------------------------------------------------------


def test_a_series_opens_its_first_step_and_waits_for_it_to_be_done():
    series, items = series_of()
    first, second, third = series_steps(series, items, {})
    assert first.unlocked_on == MON
    assert first.due.due == MON + timedelta(days=6)
    assert not first.is_locked
    assert second.is_locked and second.due is None
    assert third.is_locked


def test_a_series_step_opens_on_the_day_the_one_before_was_done():
    series, items = series_of()
    wednesday = MON + timedelta(days=2)
    first, second, third = series_steps(series, items, {101: [wednesday]})
    assert first.due.done == 1
    assert second.unlocked_on == wednesday
    assert second.due.is_open
    assert third.is_locked


def test_a_step_done_before_its_series_began_opens_the_next_on_the_first_day():
    series, items = series_of()
    _, second, _ = series_steps(series, items, {101: [MON - timedelta(days=3)]})
    assert second.unlocked_on == MON


def test_a_series_by_days_opens_each_step_after_the_set_days_done_or_not():
    series, items = series_of(unlock=Unlock.AFTER_DAYS, unlock_days=4)
    first, second, third = series_steps(series, items, {})
    assert [step.unlocked_on for step in (first, second, third)] == [
        MON,
        MON + timedelta(days=4),
        MON + timedelta(days=8),
    ]
    assert not third.is_locked
    assert second.due.due == MON + timedelta(days=7)


# Sorting for the page --------------------------------------------------------------------------


def test_sorting_puts_each_open_stretch_in_today_this_week_or_later():
    today_item = once(pk=1, due=MON)
    week_item = once(pk=2, due=MON + timedelta(days=3))
    later_item = once(pk=3, due=MON + timedelta(days=20))
    dues = [*dues_for(today_item, []), *dues_for(week_item, []), *dues_for(later_item, [])]
    homework = sort_homework(dues, MON)
    assert [due.assignment.pk for due in homework.today] == [1]
    assert [due.assignment.pk for due in homework.this_week] == [2]
    assert [due.assignment.pk for due in homework.coming_up] == [3]
    assert homework.overdue == []
    assert homework.has_anything
    assert [due.assignment.pk for due in homework.due_now] == [1, 2]


def test_only_something_due_once_is_ever_overdue():
    late_once = dues_for(once(pk=1, starts=MON, due=MON + timedelta(days=1)), [])
    past_days = dues_for(daily(pk=2, days=3), [])
    past_week = dues_for(weekly(pk=3, weeks=1), [])
    homework = sort_homework([*late_once, *past_days, *past_week], MON + timedelta(days=8))
    assert [due.assignment.pk for due in homework.overdue] == [1]
    assert homework.today == homework.this_week == homework.coming_up == []


def test_an_unfinished_series_step_past_its_date_is_still_open():
    series, items = series_of()
    steps = series_steps(series, items, {})
    homework = sort_homework([step.due for step in steps if step.due], MON + timedelta(days=9))
    assert [due.assignment.pk for due in homework.overdue] == [101]


def test_coming_up_shows_only_the_next_stretch_and_not_tomorrows_daily_one():
    dues = [*dues_for(weekly(pk=2, times=1, weeks=3), [MON]), *dues_for(daily(pk=3), [MON])]
    homework = sort_homework(dues, MON)
    assert [(due.assignment.pk, due.starts) for due in homework.coming_up] == [
        (2, MON + timedelta(days=7))
    ]


def test_coming_up_looks_two_weeks_ahead_at_most():
    far = once(pk=1, starts=MON + timedelta(days=15), due=MON + timedelta(days=20))
    near = once(pk=2, starts=MON + timedelta(days=5), due=MON + timedelta(days=20))
    homework = sort_homework([*dues_for(far, []), *dues_for(near, [])], MON)
    assert [due.assignment.pk for due in homework.coming_up] == [2]
    assert not homework.due_now


def test_done_lately_keeps_what_was_done_in_the_last_week():
    recent = dues_for(once(pk=1, due=MON), [MON])
    long_ago = dues_for(
        once(pk=2, starts=MON - timedelta(days=30), due=MON - timedelta(days=20)),
        [MON - timedelta(days=25)],
    )
    homework = sort_homework([*recent, *long_ago], MON + timedelta(days=3))
    assert [due.assignment.pk for due in homework.done_recently] == [1]
    assert not homework.has_anything


def test_a_week_done_in_full_moves_to_done_lately_and_the_rest_is_still_this_week():
    done = [MON, MON + timedelta(days=1)]
    dues = dues_for(weekly(pk=2, times=2, weeks=1), done) + dues_for(
        weekly(pk=4, times=3, weeks=1), done
    )
    homework = sort_homework(dues, MON + timedelta(days=2))
    assert [due.assignment.pk for due in homework.done_recently] == [2]
    [open_week] = homework.this_week
    assert (open_week.assignment.pk, open_week.done, open_week.left) == (4, 2, 1)


def test_the_last_day_of_a_week_is_due_today():
    homework = sort_homework(dues_for(weekly(pk=2, weeks=1), []), MON + timedelta(days=6))
    assert [due.due for due in homework.today] == [MON + timedelta(days=6)]


def test_an_open_stretch_is_never_in_two_places():
    dues = [Due(once(), MON, MON, 1, 0)]
    homework = sort_homework(dues, MON)
    placed = [*homework.today, *homework.this_week, *homework.overdue, *homework.coming_up]
    assert len(placed) == 1


# In the client's own day -----------------------------------------------------------------------


@pytest.mark.django_db
def test_a_run_finished_at_half_past_eleven_at_night_in_chicago_counts_for_that_day(
    care_client, therapist, library
):
    from care.services import assign_practice
    from journal.homework import done_days, plan_for
    from journal.models import Run
    from practices.models import Practice

    practice = Practice.objects.get(slug="msc-self-compassion-break")
    assignment = assign_practice(
        therapist, care_client, practice, schedule=Schedule.DAILY, starts_on=MON, days=2
    )
    # 23:30 in Chicago (CST, UTC-6) on Monday is 05:30 on Tuesday in UTC.
    finished = datetime(2025, 3, 4, 5, 30, tzinfo=UTC)
    RunFactory(
        user=care_client,
        practice=practice,
        practice_version=practice.version,
        assignment=assignment,
        status=Run.Status.FINISHED,
        finished_at=finished,
    )
    assignment = Assignment.objects.select_related("client").get(pk=assignment.pk)
    assert done_days([assignment]) == {assignment.pk: [MON]}
    monday, tuesday = plan_for([assignment]).dues
    assert (monday.done, tuesday.done) == (1, 0)


# At the ends of the calendar -------------------------------------------------------------------
# Forms keep dates between 1900 and 2199, but a row written some other way (an old import, a
# hand edit) can sit at either end of Python's calendar. Working out its stretches must never
# raise: it only clamps, and what can never come due simply never does.

LAST_DAYS = date(9999, 12, 30)
FIRST_DAY = date(1, 1, 1)


@pytest.mark.parametrize(
    "assignment",
    [
        weekly(weeks=52, starts=LAST_DAYS),
        daily(days=365, starts=LAST_DAYS),
        once(starts=LAST_DAYS, due=date.max),
        weekly(weeks=52, starts=FIRST_DAY),
        daily(days=365, starts=FIRST_DAY),
    ],
    ids=["weekly-at-the-end", "daily-at-the-end", "once-at-the-end", "weekly-at-the-start",
         "daily-at-the-start"],
)  # fmt: skip
def test_stretches_at_the_ends_of_the_calendar_are_worked_out_without_an_error(assignment):
    dues = dues_for(assignment, [FIRST_DAY, date.max])
    assert dues
    assert all(FIRST_DAY <= due.starts <= due.due <= date.max for due in dues)
    homework = sort_homework(dues, MON)
    assert not homework.today and not homework.this_week


def test_a_stretch_that_would_run_past_the_calendar_ends_on_its_last_day():
    first, *_ = dues_for(weekly(weeks=2, starts=LAST_DAYS), [])
    assert (first.starts, first.due) == (LAST_DAYS, date.max)


@pytest.mark.parametrize("unlock", [Unlock.AFTER_DONE, Unlock.AFTER_DAYS])
def test_a_series_starting_at_the_end_of_the_calendar_is_worked_out_without_an_error(unlock):
    series, items = series_of(
        count=3, unlock=unlock, unlock_days=60 if unlock == Unlock.AFTER_DAYS else None,
        starts=LAST_DAYS,
    )  # fmt: skip
    steps = series_steps(series, items, {101: [date.max]})
    assert steps[0].unlocked_on == LAST_DAYS
    assert steps[0].due.due == date.max
    homework = sort_homework([step.due for step in steps if step.due], MON)
    assert not homework.today and not homework.overdue


def test_sorting_on_the_last_day_of_the_calendar_does_not_raise():
    homework = sort_homework(dues_for(once(starts=date.max, due=date.max), []), date.max)
    assert len(homework.today) == 1
