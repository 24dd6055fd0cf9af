"""The progress dashboard's numbers: what a person's practice has been like and what seems to
help them. Days are the person's own days (their time zone, daylight saving included); a gap
is simply a gap, and coming back is what we notice.

The database does the counting: the dashboard asks for its runs already added up, per day
(or per week, month or year for a long history) and per practice, never row by row, so the
page costs the same few queries however long the history. Those sums are kept from one visit
to the next (KeptSums), so a history is added up once after each change (and a range once a
day) rather than on every visit. A day is the person's own day: the database reads each
moment in their time zone (TruncDate with tzinfo, on PostgreSQL and SQLite alike), exactly as
`local_date` does in Python.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from statistics import fmean

from django.db import connection
from django.db.models import (
    Case,
    Count,
    DateField,
    DateTimeField,
    Exists,
    F,
    Func,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    Sum,
    Value,
    When,
)
from django.db.models.functions import TruncDate, TruncMonth, TruncWeek, TruncYear
from django.utils import timezone

from compassion_site.lib.dates import (
    day_month,
    local_date,
    shift,
    short_date,
    start_of_day,
    week_start,
)
from journal.check_ins import check_ins_between
from journal.models import AllTimeSums, Entry, Run
from practices.models import Modality, Practice, Skill

RANGES = {
    "30": ("30 days", 30),
    "90": ("90 days", 90),
    "365": ("A year", 365),
    "all": ("All time", None),
}
# How each range reads in a sentence: "Practices in the last 30 days".
RANGE_PHRASES = {
    "30": "in the last 30 days",
    "90": "in the last 90 days",
    "365": "in the past year",
    "all": "so far",
}
DEFAULT_RANGE = "90"
CALENDAR_WEEKS = 12
HELPFUL_AFTER = 3  # runs with both check-ins before a practice's average is shown
WELCOME_BACK_GAP = 7  # days without practice before a return is welcomed
HARD_MOMENTS_SHOWN = 10


@dataclass
class Practised:
    """One finished practice, as the dashboard needs it."""

    finished_at: datetime
    day: date
    slug: str
    title: str
    modality: str
    skills: list
    minutes: int
    before: int | None
    after: int | None
    hard: bool
    entry_id: int | None

    @property
    def change(self) -> int | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


def chosen_range(value: str | None) -> str:
    """The range asked for, or the default for anything we don't know."""
    return value if value in RANGES else DEFAULT_RANGE


def kept_runs(user):
    """The person's finished runs, leaving out any whose journal entry is in the trash. The
    trash is asked with NOT EXISTS, which reads the few trashed entries rather than joining
    every entry the person has."""
    trashed = Entry.objects.filter(run=OuterRef("pk"), deleted_at__isnull=False)
    return Run.objects.filter(
        ~Exists(trashed), user=user, status=Run.Status.FINISHED, finished_at__isnull=False
    )


def finished_runs(user, since: datetime | None) -> list[Practised]:
    """The person's finished practices since `since` (all when None), oldest first, leaving out
    any whose journal entry is in the trash. Two queries: the runs, then their practices once
    each (archived ones too), rather than every practice's details on every row."""
    runs = kept_runs(user)
    if since is not None:
        runs = runs.filter(finished_at__gte=since)
    rows = list(
        runs.order_by("finished_at", "id").values_list(
            "finished_at",
            "practice_id",
            "distress_before",
            "distress_after",
            "hard_moment",
            "entry__id",
        )
    )
    practices = {
        pk: details
        for pk, *details in Practice.objects.filter(
            pk__in={practice_id for _, practice_id, *_ in rows}
        ).values_list("pk", "slug", "title", "modality", "skills", "minutes")
    }
    zone = timezone.get_current_timezone()
    return [
        Practised(finished_at, local_date(finished_at, zone), *practices[practice_id], *rest)
        for finished_at, practice_id, *rest in rows
    ]


def last_practice_before(user, moment: datetime) -> date | None:
    finished = (
        kept_runs(user)
        .filter(finished_at__lt=moment)
        .order_by("-finished_at")
        .values_list("finished_at", flat=True)
        .first()
    )
    return local_date(finished) if finished else None


# Added up by the database -------------------------------------------------------------------

CHECKED = Q(distress_before__isnull=False, distress_after__isnull=False)
# How many runs, how many with both check-ins, and those runs' distress before and after, summed
# (a mean is then sum / count, exactly as statistics.fmean gives it for whole numbers).
TALLIES = {
    "runs": Count("pk"),
    "checked": Count("pk", filter=CHECKED),
    "before": Sum("distress_before", filter=CHECKED),
    "after": Sum("distress_after", filter=CHECKED),
}
TRUNCATE = {"week": TruncWeek, "month": TruncMonth, "year": TruncYear}
# Moments that every time zone can show (a zone is at most 14 hours from UTC).
MOVABLE = (
    datetime.min.replace(tzinfo=UTC) + timedelta(days=1),
    datetime.max.replace(tzinfo=UTC) - timedelta(days=1),
)


@dataclass
class Stretch:
    """The runs of one day, week, month or year (`start`: its first day), added up."""

    start: date
    runs: int
    checked: int
    before: int | None
    after: int | None


@dataclass
class PracticeTally:
    """The runs of one practice over the range, added up, with the practice's details."""

    slug: str
    title: str
    modality: str
    skills: list
    minutes: int
    runs: int
    checked: int
    before: int | None
    after: int | None
    hard: int
    first: datetime
    first_checked: datetime | None
    last_checked: datetime | None


@dataclass
class HardMoment:
    finished_at: datetime
    slug: str
    title: str
    entry_id: int | None


def since(runs, moment: datetime | None):
    return runs if moment is None else runs.filter(finished_at__gte=moment)


def by_stretch(
    user,
    moment: datetime | None,
    unit: str = "day",
    *,
    now: datetime | None = None,
    earliest: datetime | None = None,
    runs: int = 0,
) -> list[Stretch]:
    """The person's runs since `moment` (all when None) added up per day of their own (or per
    week, Monday first, month or year), oldest first. One query, a row per day that has runs.
    For all time, `earliest` (the first run), `now` and `runs` (how many there are) let
    PostgreSQL find each run's stretch among the stretches' first moments, worked out here
    (see `stretch_start`), when there are enough runs to each stretch to pay for sending
    those moments with the query."""
    zone = timezone.get_current_timezone()

    def truncated(zone):
        if unit == "day":
            return TruncDate("finished_at", tzinfo=zone)
        return TRUNCATE[unit]("finished_at", output_field=DateField(), tzinfo=zone)

    # A moment at the very ends of the calendar has no day in a far zone (it would fall in
    # the year 0 or 10000): like local_date, count it on its day in UTC instead.
    exact = [When(finished_at__range=MOVABLE, then=truncated(zone))]
    # As many stretches as the runs pay for (see RUNS_PER_STRETCH), and no more are worked out.
    most = min(MOST_STRETCHES, runs // RUNS_PER_STRETCH)
    if connection.vendor == "postgresql" and earliest is not None and most > 1:
        today = local_date(now or timezone.now())
        starts = stretch_starts(local_date(earliest), today, unit, most)
        if len(starts) > 1:
            exact.insert(0, stretch_start(starts, zone))
    start = Case(*exact, default=truncated(UTC))
    rows = (
        since(kept_runs(user), moment)
        .annotate(start=start)
        .values("start")
        .annotate(**TALLIES)
        .order_by("start")
        .values_list("start", "runs", "checked", "before", "after")
    )
    # A truncated week or month inside a CASE comes back from PostgreSQL as a timestamp.
    return [
        Stretch(start.date() if isinstance(start, datetime) else start, *tallies)
        for start, *tallies in rows
    ]


MOST_STRETCHES = 2000  # beyond this (years by day) the database's own truncation is as quick
# Each stretch sends two values with the query (a few microseconds each to send) and each run
# found by width_bucket saves a fraction of a microsecond: worth it from about 40 runs a
# stretch (75,000 runs over 151 years, say; not two years of a few runs a day, by day).
RUNS_PER_STRETCH = 50


def stretch_starts(first: date, last: date, unit: str, most: int) -> list[date]:
    """The first day of each day, week, month or year from the one holding `first` to the one
    after `last`'s; none when that is more than `most`, or at the ends of the calendar."""
    if first.year < 2 or last.year > 9997:
        return []
    bucket_of, _ = STRETCH_OF[unit]
    starts = [bucket_of(first)]
    while starts[-1] <= last:
        if len(starts) == most:
            return []
        day = starts[-1]
        if unit == "month":
            starts.append(date(day.year + day.month // 12, day.month % 12 + 1, 1))
        elif unit == "year":
            starts.append(date(day.year + 1, 1, 1))
        else:
            starts.append(shift(day, 7 if unit == "week" else 1))
    return starts


class Nth(Func):
    """`array[index]` in PostgreSQL (the first is 1)."""

    arity = 2
    arg_joiner = ")["
    template = "(%(expressions)s]"


def stretch_start(starts: list[date], zone) -> When:
    """For a run from the first of `starts` to the last, its stretch's first day, found by
    PostgreSQL's width_bucket among the stretches' first moments in the person's time zone
    (a binary search of a few comparisons) rather than by moving every run into the zone and
    truncating it, which was most of the cost of a long history. The same day as TruncDate's,
    daylight saving included: each first moment is midnight in the zone (`start_of_day`)."""
    from django.contrib.postgres.fields import ArrayField

    bounds = [start_of_day(day, zone) for day in starts]
    bucket = Func(
        F("finished_at"),
        Value(bounds, output_field=ArrayField(DateTimeField())),
        function="width_bucket",
        output_field=IntegerField(),
    )
    first_day = Nth(
        Value(starts[:-1], output_field=ArrayField(DateField())), bucket, output_field=DateField()
    )
    return When(finished_at__gte=bounds[0], finished_at__lt=bounds[-1], then=first_day)


def practice_sums(user, moment: datetime | None) -> list[tuple]:
    """The person's runs since `moment` (all when None) added up per practice: a row per
    practice, its id first, then the sums and the first and last moments the page needs. One
    query: grouping by the practice's id alone keeps the adding up cheap (its details as group
    keys cost more than the rest of the query together)."""
    return list(
        since(kept_runs(user), moment)
        .values("practice_id")
        .annotate(
            **TALLIES,
            hard=Count("pk", filter=Q(hard_moment=True)),
            first=Min("finished_at"),
            first_checked=Min("finished_at", filter=CHECKED),
            last_checked=Max("finished_at", filter=CHECKED),
        )
        .order_by()
        .values_list("practice_id", *TALLIES, "hard", "first", "first_checked", "last_checked")
    )


@dataclass(frozen=True, slots=True)
class LibraryPractice:
    """A practice of the library that anyone may begin on their own, as a suggestion."""

    slug: str
    title: str
    modality: str
    skills: list[str]
    minutes: int


# The practices a page names (by id, archived ones too) and the library's practices it may
# suggest (Practice.objects.for_library(): current, from the library, self-guided), in one
# query: each row says whether it is of the library. Written out rather than two ORM queries,
# which took three times as long to build as to run (tests/progress/test_progress.py holds
# it to them).
PRACTICES_SQL = """
SELECT id, slug, title, modality, skills, minutes,
       CASE WHEN archived_at IS NULL AND author_id IS NULL AND self_guided THEN 1 ELSE 0 END
  FROM practices_practice
 WHERE id IN ({ids}) OR (archived_at IS NULL AND author_id IS NULL AND self_guided)
 ORDER BY title, id
"""


def practices_and_library(practice_ids=()) -> tuple[dict[int, tuple], list[LibraryPractice]]:
    """The details (slug, title, method, skills, minutes) of the practices with these ids, by
    id, read fresh, archived ones too; and the practices of the library anyone may begin, by
    title. One query."""
    wanted = set(practice_ids)
    ids = sorted(wanted)
    with connection.cursor() as cursor:
        cursor.execute(PRACTICES_SQL.format(ids=", ".join(["%s"] * len(ids)) or "NULL"), ids)
        rows = cursor.fetchall()
    as_list = Practice._meta.get_field("skills").from_db_value
    details, library = {}, []
    for pk, slug, title, modality, skills, minutes, of_library in rows:
        skills = as_list(skills, None, connection)
        if pk in wanted:
            details[pk] = (slug, title, modality, skills, minutes)
        if of_library:
            library.append(LibraryPractice(slug, title, modality, skills, minutes))
    return details, library


def with_details(rows: list[tuple], details: dict[int, tuple]) -> list[PracticeTally]:
    """`practice_sums` rows with their practices' details (`practice_details`)."""
    return [PracticeTally(*details[practice_id], *tallies) for practice_id, *tallies in rows]


# Kept from one visit to the next -----------------------------------------------------------


@dataclass
class RangeSums:
    """What a range's view adds up from the runs, as of one day in one time zone: the days with
    practice on the calendar (and in the range, a year at most), the last practice day before
    the calendar, the range's runs per practice (`practice_sums` rows; None for all time, whose
    sums per practice hold whatever the day and are kept apart) and its newest hard moments
    (when, which practice, which entry)."""

    days: list[Stretch]
    before_calendar: date | None
    practices: list[tuple] | None
    hard: list[tuple]


class KeptSums:
    """A person's runs added up (journal.models.AllTimeSums), as the dashboard uses them: the
    sums kept from a visit before while nothing they were made from has changed, else added up
    afresh and kept for next time. What they are made from (`KEPT_SUMS_SQL`): the finished run
    changed last (its updated_at, stamped by every save and bulk_create, and its id), and how
    many entries are in the trash and the newest to go there. That catches every change the
    sums can see: a run finished, changed or imported comes last; a finished run is only
    deleted from the trash (or with the journal, which takes the sums too); an entry goes to
    the trash stamped now, and leaving it makes the trash smaller.

    All time keeps its sums per practice and per day, week, month or year of the person's own
    (`practices`, `stretches`); each range keeps what its view adds up as of today in the
    person's time zone (`range_sums`), so tomorrow, or in another zone, it is added up afresh.
    Check-ins are not kept: they are read on every visit."""

    def __init__(self, user, today: date, *, all_time: bool):
        self.user = user
        self.zone = str(timezone.get_current_timezone())
        with connection.cursor() as cursor:
            cursor.execute(KEPT_SUMS_SQL, [Run.Status.FINISHED] * 2 + [user.pk])
            *history, made_from, practices, stretches, ranges = cursor.fetchone()
        self.made_from = " ".join(str(part) for part in history)
        self.kept_made_from = made_from
        as_json = AllTimeSums._meta.get_field("ranges").from_db_value
        self.ranges = as_json(ranges, None, connection) or {}
        # What a range's sums are made from: the history, the day and the time zone.
        self.range_made_from = f"{self.made_from} {today} {self.zone}"
        # All time's sums, when asked for and still made from the history as it is now.
        fresh = not all_time or made_from != self.made_from
        self.all_time_changed = all_time and fresh  # and so to be kept
        self.ranges_changed = False
        self.practice_rows = (
            None if fresh else [load_practice(row) for row in as_json(practices, None, connection)]
        )
        self.stretch_rows = {} if fresh else as_json(stretches, None, connection)

    def practices(self) -> list[tuple]:
        """All time's `practice_sums` rows."""
        if self.practice_rows is None:
            self.practice_rows = practice_sums(self.user, None)
        return self.practice_rows

    def stretches(self, unit: str, add_up) -> list[Stretch]:
        """All time's sums per `unit` of the person's days (their time zone now), from
        `add_up()` when not kept."""
        key = f"{self.zone} {unit}"
        if key in self.stretch_rows:
            return [load_stretch(row) for row in self.stretch_rows[key]]
        stretches = add_up()
        # Another zone's stretches are let go: a move would otherwise keep them all.
        self.stretch_rows = {
            kept: rows
            for kept, rows in self.stretch_rows.items()
            if kept.startswith(f"{self.zone} ")
        }
        self.stretch_rows[key] = [dump_stretch(stretch) for stretch in stretches]
        self.all_time_changed = True
        return stretches

    def range_sums(self, range_key: str, add_up) -> RangeSums:
        """The range's sums as of today, from `add_up()` when not kept."""
        kept = self.ranges.get(range_key)
        if kept is not None and kept["made_from"] == self.range_made_from:
            return load_range(kept)
        sums = add_up()
        # Sums made from anything else (yesterday, another zone, an older history) are let go.
        self.ranges = {
            key: kept
            for key, kept in self.ranges.items()
            if kept["made_from"] == self.range_made_from
        }
        self.ranges[range_key] = dump_range(sums, self.range_made_from)
        self.ranges_changed = True
        return sums

    def keep(self) -> None:
        """Keep what was added up for the next visit (one query; none when nothing was)."""
        if not (self.all_time_changed or self.ranges_changed):
            return
        all_time = self.all_time_changed
        AllTimeSums.objects.bulk_create(
            [
                AllTimeSums(
                    user=self.user,
                    # A range's sums carry what they were made from; all time's hold only
                    # when made_from is the history's now.
                    made_from=self.made_from if all_time else self.kept_made_from or "",
                    practices=[dump_practice(row) for row in self.practice_rows or ()],
                    stretches=self.stretch_rows if all_time else {},
                    ranges=self.ranges,
                )
            ],
            update_conflicts=True,
            unique_fields=["user"],
            update_fields=[*KEPT, "ranges"] if all_time else ["ranges"],
        )


KEPT = ["made_from", "practices", "stretches"]


# The kept sums, and what they are made from as it is now (see KeptSums): the finished run
# changed last (two index reads), and how many entries are in the trash and the newest to go
# there. Written out rather than built with the ORM, which took three times as long as the
# query (2.4 ms against 0.8) on every visit to the dashboard; the same on PostgreSQL and
# SQLite, with the models' own table names.
KEPT_SUMS_SQL = """
SELECT (SELECT updated_at FROM journal_run
         WHERE user_id = person.id AND status = %s
         ORDER BY updated_at DESC, id DESC LIMIT 1),
       (SELECT id FROM journal_run
         WHERE user_id = person.id AND status = %s
         ORDER BY updated_at DESC, id DESC LIMIT 1),
       (SELECT COUNT(*) FROM journal_entry
         WHERE user_id = person.id AND deleted_at IS NOT NULL),
       (SELECT MAX(deleted_at) FROM journal_entry
         WHERE user_id = person.id AND deleted_at IS NOT NULL),
       kept.made_from, kept.practices, kept.stretches, kept.ranges
  FROM accounts_user person
  LEFT JOIN journal_alltimesums kept ON kept.user_id = person.id
 WHERE person.id = %s
"""


def moment_text(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def moment_from(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def dump_practice(row: tuple) -> list:
    *counts, first, first_checked, last_checked = row
    return [*counts, moment_text(first), moment_text(first_checked), moment_text(last_checked)]


def load_practice(row: list) -> tuple:
    *counts, first, first_checked, last_checked = row
    return (*counts, moment_from(first), moment_from(first_checked), moment_from(last_checked))


def dump_stretch(stretch: Stretch) -> list:
    return [stretch.start.isoformat(), stretch.runs, stretch.checked, stretch.before, stretch.after]


def load_stretch(row: list) -> Stretch:
    start, *tallies = row
    return Stretch(date.fromisoformat(start), *tallies)


def dump_range(sums: RangeSums, made_from: str) -> dict:
    return {
        "made_from": made_from,
        "days": [dump_stretch(stretch) for stretch in sums.days],
        "before_calendar": sums.before_calendar.isoformat() if sums.before_calendar else None,
        "practices": None
        if sums.practices is None
        else [dump_practice(row) for row in sums.practices],
        "hard": [[moment_text(moment), *rest] for moment, *rest in sums.hard],
    }


def load_range(kept: dict) -> RangeSums:
    before = kept["before_calendar"]
    return RangeSums(
        days=[load_stretch(row) for row in kept["days"]],
        before_calendar=date.fromisoformat(before) if before else None,
        practices=None
        if kept["practices"] is None
        else [load_practice(row) for row in kept["practices"]],
        hard=[(moment_from(moment), *rest) for moment, *rest in kept["hard"]],
    )


def hard_moment_rows(user, moment: datetime | None) -> list[tuple]:
    """The newest hard moments since `moment` (all when None): when, the practice's id and the
    entry's. One query."""
    rows = (
        since(kept_runs(user), moment)
        .filter(hard_moment=True)
        .order_by("-finished_at", "-id")
        .values_list("finished_at", "practice_id", "entry__id")
    )
    return list(rows[:HARD_MOMENTS_SHOWN])


@dataclass
class Day:
    day: date
    count: int
    future: bool = False

    @property
    def level(self) -> int:
        return min(self.count, 3)

    @property
    def weekday(self) -> str:
        """Mon"""
        return f"{self.day:%a}"

    @property
    def day_month(self) -> str:
        """4 Mar"""
        return day_month(self.day, short=True)


@dataclass
class Tally:
    key: str
    label: str
    count: int


@dataclass
class Helpful:
    title: str
    slug: str
    runs: int
    before: float
    after: float

    @property
    def change(self) -> float:
        return self.after - self.before


@dataclass
class Point:
    """Average distress before and after, over one week, month or year."""

    start: date
    label: str
    before: float
    after: float
    runs: int

    @property
    def before_text(self) -> str:
        return f"{self.before:.1f}"

    @property
    def after_text(self) -> str:
        return f"{self.after:.1f}"


@dataclass
class Progress:
    range_key: str
    range_phrase: str
    today: date
    days_7: int = 0
    days_30: int = 0
    runs_in_range: int = 0
    minutes_in_range: int = 0
    welcome_back: bool = False
    calendar: list[list[Day]] = field(default_factory=list)
    skills: list[Tally] = field(default_factory=list)
    modalities: list[Tally] = field(default_factory=list)
    least_skill: Tally | None = None
    skill_suggestion: dict | None = None
    average_before: float | None = None
    average_after: float | None = None
    checked_runs: int = 0
    helpful: list[Helpful] = field(default_factory=list)
    over_time: list[Point] = field(default_factory=list)
    hard_moments: list[HardMoment] = field(default_factory=list)
    hard_moments_more: int = 0
    # The library's practices, for suggestions (read with the practices named above).
    library: list[LibraryPractice] = field(default_factory=list)

    ever_practised: bool = False
    # The daily check-ins in range (how I am: 0 very low, 10 really well), beside practice.
    check_ins: list["Mood"] = field(default_factory=list)
    check_ins_in_range: int = 0
    average_check_in: float | None = None
    check_in_span: tuple[date, date] | None = None


def progress_for(user, range_key: str, now: datetime | None = None) -> Progress:
    """Everything the dashboard shows, for the range asked for. What the runs add up to is kept
    from one visit to the next while the history, the day and the time zone are the same
    (KeptSums: one query to read them, and one more to keep them when they were added up
    afresh). Then the range's check-ins, and the practices it names with the library's (for
    its suggestions, as `library`): three queries in all for a visit that finds its sums kept,
    whatever the history.

    Added up afresh, a range reads the runs per day over the calendar's weeks and the range,
    the last practice before the calendar, the runs per practice and the newest hard moments;
    all time reads the calendar's days, then the whole history per practice and per day, week,
    month or year."""
    now = now or timezone.now()
    today = local_date(now)
    _, days = RANGES[range_key]
    range_first_day = today - timedelta(days=days - 1) if days else None
    range_start = start_of_day(range_first_day) if days else None
    calendar_start = week_start(today) - timedelta(weeks=CALENDAR_WEEKS - 1)
    progress = Progress(range_key, RANGE_PHRASES[range_key], today)
    kept = KeptSums(user, today, all_time=not days)

    def add_up_range() -> RangeSums:
        # One query for the calendar's days and the range's: a year at most.
        first = start_of_day(calendar_start)
        return RangeSums(
            days=by_stretch(user, min(range_start, first) if days else first),
            before_calendar=last_practice_before(user, first),
            practices=practice_sums(user, range_start) if days else None,
            hard=hard_moment_rows(user, range_start),
        )

    sums = kept.range_sums(range_key, add_up_range)
    practice_rows = sums.practices if days else kept.practices()
    details, progress.library = practices_and_library(
        [practice_id for practice_id, *_ in practice_rows]
        + [practice_id for _, practice_id, _ in sums.hard]
    )
    practices = with_details(practice_rows, details)

    recent = [stretch for stretch in sums.days if stretch.start >= calendar_start]
    progress.ever_practised = bool(recent) or sums.before_calendar is not None
    practice_days = Counter({stretch.start: stretch.runs for stretch in recent})
    progress.days_7 = sum(1 for day in practice_days if (today - day).days < 7)
    progress.days_30 = sum(1 for day in practice_days if (today - day).days < 30)
    progress.calendar = calendar(practice_days, calendar_start, today)
    welcome_back(progress, sorted(practice_days), sums.before_calendar)

    check_ins = check_ins_between(user, range_first_day, today)
    progress.runs_in_range = sum(tally.runs for tally in practices)
    progress.minutes_in_range = sum(tally.runs * tally.minutes for tally in practices)
    balance(progress, practices)
    checked = [tally for tally in practices if tally.checked]
    over_time_unit = None
    if checked:
        first = local_date(min(tally.first_checked for tally in checked))
        last = local_date(max(tally.last_checked for tally in checked))
        over_time_unit = over_time_stretch((last - first).days)
    first_day = range_first_day
    if first_day is None:  # all time: from the first check-in or practice
        starts = [day for day, _ in check_ins[:1]] + [local_date(t.first) for t in practices]
        first_day = min(starts, default=None)
    check_in_unit = check_in_stretch(progress.today, first_day) if check_ins else None
    if days:  # by day, a year at most
        stretches = [stretch for stretch in sums.days if stretch.start >= range_first_day]
    else:
        # All time is added up by the longest stretch both charts can be drawn from, so a long
        # history comes back as a few rows.
        unit = common_stretch(over_time_unit, check_in_unit)
        earliest = min((tally.first for tally in practices), default=None)
        stretches = kept.stretches(
            unit,
            lambda: by_stretch(
                user, None, unit, now=now, earliest=earliest, runs=progress.runs_in_range
            ),
        )
    kept.keep()
    what_helps(progress, practices, stretches, over_time_unit)

    progress.hard_moments = [
        HardMoment(finished_at, *details[practice_id][:2], entry_id)
        for finished_at, practice_id, entry_id in sums.hard
    ]
    progress.hard_moments_more = max(
        0, sum(tally.hard for tally in practices) - len(progress.hard_moments)
    )
    how_i_was(progress, check_ins, first_day, stretches, check_in_unit)
    return progress


def calendar(practice_days: Counter, first_monday: date, today: date) -> list[list[Day]]:
    """Weeks (Monday first) from `first_monday` to this week, a Day for each date."""
    weeks = []
    for week in range(CALENDAR_WEEKS):
        monday = first_monday + timedelta(weeks=week)
        days = [monday + timedelta(days=offset) for offset in range(7)]
        weeks.append([Day(day, practice_days.get(day, 0), future=day > today) for day in days])
    return weeks


def welcome_back(progress: Progress, practice_days: list[date], before_since: date | None):
    """A return after a week or more away is celebrated; nothing is said about the gap.
    `before_since`: the last practice day before the days fetched, if any."""
    recent = [day for day in practice_days if (progress.today - day).days < 3]
    if not recent:
        return
    first_recent = recent[0]
    earlier = [day for day in practice_days if day < first_recent]
    previous = earlier[-1] if earlier else before_since
    if previous is not None and (first_recent - previous).days >= WELCOME_BACK_GAP:
        progress.welcome_back = True


def cft_skills(runs: list[Practised]) -> Counter:
    """How often each of CFT's six skills was practised: CFT practices only, since the skills
    are CFT's way of seeing compassion (an MSC or IFS practice is not counted in CFT's terms)."""
    return Counter(skill for run in runs if run.modality == Modality.CFT for skill in run.skills)


def balance(progress: Progress, practices: list[PracticeTally]) -> None:
    """CFT's six skills (from CFT practices only, as `cft_skills`) and the methods."""
    cft = [tally for tally in practices if tally.modality == Modality.CFT]
    skill_counts = Counter()
    for tally in cft:
        for skill in tally.skills:
            skill_counts[skill] += tally.runs
    progress.skills = [Tally(key, label, skill_counts.get(key, 0)) for key, label in Skill.choices]
    modality_counts = Counter()
    for tally in practices:
        modality_counts[tally.modality] += tally.runs
    progress.modalities = [
        Tally(key, label, modality_counts.get(key, 0)) for key, label in Modality.choices
    ]
    if cft:
        progress.least_skill = min(progress.skills, key=lambda tally: tally.count)


def what_helps(
    progress: Progress,
    practices: list[PracticeTally],
    stretches: list[Stretch],
    unit: str | None,
) -> None:
    """Distress before and after: on average, per practice (once it has HELPFUL_AFTER runs
    with both check-ins) and over time, a point a week (a month when the runs with both
    check-ins span more than 180 days, a year past five years). `unit`: "week", "month" or
    "year" (`over_time_stretch`), None with no such run."""
    progress.checked_runs = sum(tally.checked for tally in practices)
    if not progress.checked_runs:
        return
    progress.average_before = sum(t.before for t in practices if t.checked) / progress.checked_runs
    progress.average_after = sum(t.after for t in practices if t.checked) / progress.checked_runs
    by_practice = defaultdict(lambda: [0, 0, 0])
    for tally in practices:
        if tally.checked:
            added = by_practice[(tally.slug, tally.title)]
            added[0] += tally.checked
            added[1] += tally.before
            added[2] += tally.after
    progress.helpful = sorted(
        (
            Helpful(title=title, slug=slug, runs=runs, before=before / runs, after=after / runs)
            for (slug, title), (runs, before, after) in by_practice.items()
            if runs >= HELPFUL_AFTER
        ),
        key=lambda helpful: (helpful.change, -helpful.runs, helpful.title),
    )
    bucket_of, _ = STRETCH_OF[unit]
    label_of = OVER_TIME_LABEL[unit]
    buckets = defaultdict(lambda: [0, 0, 0])
    for stretch in stretches:
        if stretch.checked:
            start = bucket_of(stretch.start)
            added = buckets[start]
            added[0] += stretch.checked
            added[1] += stretch.before
            added[2] += stretch.after
    progress.over_time = [
        Point(
            start=start,
            label=label_of(start),
            before=before / runs,
            after=after / runs,
            runs=runs,
        )
        for start, (runs, before, after) in sorted(buckets.items())
    ]


def suggestion_for_skill(
    skill: str | None, library: list[LibraryPractice]
) -> LibraryPractice | None:
    """A short CFT practice from the library for a skill (the shortest, then by title)."""
    fitting = [
        practice
        for practice in library
        if skill in practice.skills and practice.modality == Modality.CFT
    ]
    return min(fitting, key=lambda practice: (practice.minutes, practice.title), default=None)


def library_practices() -> list[LibraryPractice]:
    """The practices of the library anyone may begin on their own, by title. One query."""
    return practices_and_library()[1]


def this_week(user, now: datetime | None = None) -> dict:
    """For the home page: days practised this week (Monday on, the person's days) and the
    least-practised skill over the last 90 days, with a practice for it. Two queries."""
    now = now or timezone.now()
    today = local_date(now)
    runs = finished_runs(user, start_of_day(today - timedelta(days=89)))
    monday = week_start(today)
    days = {run.day for run in runs if run.day >= monday}
    counts = cft_skills(runs)
    least = min(Skill.choices, key=lambda choice: counts.get(choice[0], 0))
    library = library_practices()
    return {
        "days_this_week": len(days),
        "skill": least[1] if any(run.modality == Modality.CFT for run in runs) else None,
        "suggestion": suggestion_for_skill(least[0], library),
    }


# The daily check-in, beside practice --------------------------------------------------------

DAILY_UP_TO = 92  # days: up to a season, a point a day; then weekly, and monthly past 2 years
WEEKLY_UP_TO = 731
MONTHLY_UP_TO = 1827  # days: five years, 60 points at most; a point a year after that


@dataclass
class Mood:
    """How I was (0 very low, 10 really well) over a day, a week or a month, with the practices
    done in it. `value` is None for a stretch with practice but no check-in."""

    start: date
    label: str
    value: float | None
    check_ins: int
    practices: int

    @property
    def value_text(self) -> str:
        if self.value is None:
            return "no check-in"
        return f"{self.value:.0f}" if self.check_ins == 1 else f"{self.value:.1f}"


def check_in_stretch(today: date, first: date) -> str:
    """How the check-ins are grouped, by how long the range is: "day", "week", "month" or
    "year"."""
    span = (today - first).days
    if span <= DAILY_UP_TO:
        return "day"
    if span <= WEEKLY_UP_TO:
        return "week"
    return "month" if span <= MONTHLY_UP_TO else "year"


def over_time_stretch(span: int) -> str:
    """How distress before and after is grouped over `span` days: "week", "month" or "year"."""
    return "week" if span <= 180 else "month" if span <= MONTHLY_UP_TO else "year"


def common_stretch(*units: str | None) -> str:
    """The longest stretch every one of `units` can be added up from: a week never splits
    into months or years, so a week beside either is counted by day."""
    wanted = {unit for unit in units if unit}
    if len(wanted) <= 1:
        return wanted.pop() if wanted else "month"
    if "day" in wanted or "week" in wanted:
        return "day"
    return "month"


STRETCH_OF = {
    "day": (lambda day: day, short_date),
    "week": (week_start, lambda day: f"week of {day.day} {day:%b %Y}"),
    "month": (lambda day: day.replace(day=1), lambda day: f"{day:%B %Y}"),
    "year": (lambda day: day.replace(month=1, day=1), lambda day: f"{day:%Y}"),
}
OVER_TIME_LABEL = {
    "week": lambda day: f"week of {day.day} {day:%B %Y}",
    "month": lambda day: f"{day:%B %Y}",
    "year": lambda day: f"{day:%Y}",
}


def how_i_was(
    progress: Progress,
    check_ins: list[tuple[date, int]],
    first: date | None,
    stretches: list[Stretch],
    unit: str | None,
):
    """Group the check-ins (day, how I am) and the range's practices into days, weeks or
    months (`unit`, from `check_in_stretch`), by how long the range is; for all time, from
    `first`, the first check-in or practice."""
    if not check_ins:
        return
    bucket_of, label_of = STRETCH_OF[unit]
    values = defaultdict(list)
    for day, how in check_ins:
        values[bucket_of(day)].append(how)
    practices = Counter()
    for stretch in stretches:
        practices[bucket_of(stretch.start)] += stretch.runs
    progress.check_ins = [
        Mood(
            start,
            label_of(start),
            fmean(values[start]) if values.get(start) else None,
            len(values.get(start, ())),
            practices.get(start, 0),
        )
        for start in sorted(set(values) | set(practices))
    ]
    progress.check_ins_in_range = len(check_ins)
    progress.average_check_in = fmean(how for _, how in check_ins)
    progress.check_in_span = (bucket_of(first), bucket_of(progress.today))
