"""When homework is due, worked out from an assignment's schedule and the days it was done.

Pure functions: no database, no clock. The caller passes the days (in the client's time zone)
on which runs begun from each assignment were finished, and today's date.

An assignment is cut into stretches, each a `Due`: one day (daily), one week (N times a week),
or from the start to a date (once). A series' steps are each due once, from the day they unlock.

Date arithmetic goes through `shift`, which clamps at the ends of the calendar: a row dated
9999-12-30 (written before forms kept dates in a human window) is worked out like any other
and simply never comes due, instead of raising and breaking the page for everything else.
"""

from dataclasses import dataclass, field
from datetime import date

from compassion_site.lib.dates import shift
from practices.models import SERIES_ITEM_DAYS, Assignment, Schedule, Series, Unlock

WEEK = 7


@dataclass
class Due:
    """One stretch of an assignment: do it `planned` times between `starts` and `due`."""

    assignment: Assignment
    starts: date
    due: date
    planned: int
    done: int

    @property
    def is_open(self) -> bool:
        return self.done < self.planned

    @property
    def left(self) -> int:
        return max(self.planned - self.done, 0)

    def overlaps(self, first: date, last: date) -> bool:
        return self.starts <= last and self.due >= first


@dataclass
class SeriesStep:
    """A step of a series: unlocked on a day, or still waiting for the one before."""

    assignment: Assignment
    unlocked_on: date | None
    due: Due | None = None

    @property
    def is_locked(self) -> bool:
        return self.unlocked_on is None


def count_between(days: list[date], first: date, last: date) -> int:
    return sum(1 for day in days if first <= day <= last)


def dues_for(assignment: Assignment, done_days: list[date]) -> list[Due]:
    """The stretches of a single (not series) assignment, each with how often it was done."""
    start = assignment.starts_on
    if assignment.schedule == Schedule.WEEKLY:
        planned = assignment.times_per_week or 1
        dues = []
        for week in range(assignment.weeks or 1):
            first = shift(start, WEEK * week)
            last = shift(first, WEEK - 1)
            done = min(count_between(done_days, first, last), planned)
            dues.append(Due(assignment, first, last, planned, done))
        return dues
    if assignment.schedule == Schedule.DAILY:
        days = [shift(start, offset) for offset in range(assignment.days or 1)]
        return [
            Due(assignment, day, day, 1, min(count_between(done_days, day, day), 1)) for day in days
        ]
    due = assignment.due_on or start
    # Done once counts whenever it happened: early is fine, and so is late.
    return [Due(assignment, start, due, 1, min(len(done_days), 1))]


def series_steps(
    series: Series, items: list[Assignment], done_days: dict[int, list[date]]
) -> list[SeriesStep]:
    """Each step of a series in order, unlocked or not, with its Due when unlocked.

    The first unlocks on the series' start. After that, a step unlocks either on the day the
    one before was first done, or a set number of days after the one before unlocked.
    """
    steps: list[SeriesStep] = []
    unlocked_on: date | None = series.starts_on
    window = series.unlock_days if series.unlock == Unlock.AFTER_DAYS else SERIES_ITEM_DAYS
    for item in sorted(items, key=lambda item: item.position):
        days = sorted(done_days.get(item.pk, []))
        if unlocked_on is None:
            steps.append(SeriesStep(item, None))
            continue
        due_on = shift(unlocked_on, (window or SERIES_ITEM_DAYS) - 1)
        done = 1 if days else 0
        steps.append(SeriesStep(item, unlocked_on, Due(item, unlocked_on, due_on, 1, done)))
        if series.unlock == Unlock.AFTER_DAYS:
            unlocked_on = shift(unlocked_on, series.unlock_days or SERIES_ITEM_DAYS)
        else:
            unlocked_on = max(days[0], unlocked_on) if days else None
    return steps


@dataclass
class Homework:
    """A client's open homework sorted the way the homework page shows it."""

    today: list[Due] = field(default_factory=list)
    this_week: list[Due] = field(default_factory=list)
    overdue: list[Due] = field(default_factory=list)
    coming_up: list[Due] = field(default_factory=list)
    done_recently: list[Due] = field(default_factory=list)

    @property
    def has_anything(self) -> bool:
        return bool(self.today or self.this_week or self.overdue or self.coming_up)

    @property
    def due_now(self) -> list[Due]:
        """What the home page shows: due today, then overdue, then the rest of this week."""
        return [*self.today, *self.overdue, *self.this_week]


def sort_homework(dues: list[Due], today: date) -> Homework:
    """Sort open stretches into today, this week, overdue and coming up.

    Overdue is only for things due once by a date (a step of a series included): a missed day
    or week of a repeating practice simply passes. Each assignment shows once: its next
    stretch is "coming up" only while nothing of it is shown now. Nothing paused or ended is
    passed in.
    """
    homework = Homework()
    week_end = shift(today, WEEK - 1)
    upcoming: dict[int, Due] = {}
    for due in sorted(dues, key=lambda due: (due.due, due.assignment.pk)):
        if not due.is_open:
            if shift(today, -(WEEK - 1)) <= due.due and due.starts <= today:
                homework.done_recently.append(due)
            continue
        if due.starts > today:
            # Only the next stretch of each assignment, and not tomorrow's daily one.
            if due.assignment.schedule != Schedule.DAILY or due.assignment.series_id:
                upcoming.setdefault(due.assignment.pk, due)
            continue
        if due.due < today:
            if due.assignment.schedule == Schedule.ONCE:
                homework.overdue.append(due)
        elif due.due == today:
            homework.today.append(due)
        elif due.due <= week_end:
            homework.this_week.append(due)
        else:
            homework.coming_up.append(due)
    # "Later" is for what has nothing to do yet: an assignment already shown today, this
    # week, still open or coming up is not listed a second time for its next stretch.
    shown = {
        due.assignment.pk
        for due in (*homework.today, *homework.this_week, *homework.overdue, *homework.coming_up)
    }
    homework.coming_up.extend(
        due
        for pk, due in upcoming.items()
        if pk not in shown and due.starts <= shift(today, 2 * WEEK)
    )
    homework.coming_up.sort(key=lambda due: due.starts)
    return homework


def week_tally(dues: list[Due], first: date, last: date) -> tuple[int, int]:
    """(done, planned) across the stretches that overlap the days `first` to `last`."""
    overlapping = [due for due in dues if due.overlaps(first, last)]
    return sum(due.done for due in overlapping), sum(due.planned for due in overlapping)
