"""The progress dashboard's numbers: what a person's practice has been like and what seems to
help them. Days are the person's own days (their time zone, daylight saving included); a gap
is simply a gap, and coming back is what we notice.

Everything is computed in Python from one query of the person's finished runs (plus one for
the practice before them and one for the library), so the page costs the same few queries
however long the history.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from statistics import fmean

from django.utils import timezone

from compassion_site.lib.dates import local_date, start_of_day, week_start
from journal.check_ins import check_ins_between
from journal.models import Run
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


def finished_runs(user, since: datetime | None) -> list[Practised]:
    """The person's finished practices since `since` (all when None), oldest first, leaving out
    any whose journal entry is in the trash. Two queries: the runs, then their practices once
    each (archived ones too), rather than every practice's details on every row."""
    runs = Run.objects.filter(user=user, status=Run.Status.FINISHED).exclude(
        entry__deleted_at__isnull=False
    )
    if since is not None:
        runs = runs.filter(finished_at__gte=since)
    rows = list(
        runs.filter(finished_at__isnull=False)
        .order_by("finished_at", "id")
        .values_list(
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
        Run.objects.filter(user=user, status=Run.Status.FINISHED, finished_at__lt=moment)
        .exclude(entry__deleted_at__isnull=False)
        .order_by("-finished_at")
        .values_list("finished_at", flat=True)
        .first()
    )
    return local_date(finished) if finished else None


@dataclass
class Day:
    day: date
    count: int
    future: bool = False

    @property
    def level(self) -> int:
        return min(self.count, 3)


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
    """Average distress before and after, over one week or month."""

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
    runs: list[Practised]
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
    hard_moments: list[Practised] = field(default_factory=list)
    hard_moments_more: int = 0

    ever_practised: bool = False
    # The daily check-ins in range (how I am: 0 very low, 10 really well), beside practice.
    check_ins: list["Mood"] = field(default_factory=list)
    check_ins_in_range: int = 0
    average_check_in: float | None = None
    check_in_span: tuple[date, date] | None = None


def progress_for(user, range_key: str, now: datetime | None = None) -> Progress:
    """Everything the dashboard shows, for the range asked for."""
    now = now or timezone.now()
    today = local_date(now)
    _, days = RANGES[range_key]
    range_start = start_of_day(today - timedelta(days=days - 1)) if days else None
    calendar_start = week_start(today) - timedelta(weeks=CALENDAR_WEEKS - 1)
    since = min(range_start, start_of_day(calendar_start)) if range_start else None
    runs = finished_runs(user, since)
    in_range = [run for run in runs if range_start is None or run.finished_at >= range_start]
    progress = Progress(range_key, RANGE_PHRASES[range_key], today, in_range)

    before_since = last_practice_before(user, since) if since is not None else None
    progress.ever_practised = bool(runs) or before_since is not None
    practice_days = Counter(run.day for run in runs)
    progress.days_7 = sum(1 for day in practice_days if (today - day).days < 7)
    progress.days_30 = sum(1 for day in practice_days if (today - day).days < 30)
    progress.runs_in_range = len(in_range)
    progress.minutes_in_range = sum(run.minutes for run in in_range)
    progress.calendar = calendar(practice_days, calendar_start, today)
    welcome_back(progress, sorted(practice_days), before_since)
    balance(progress, in_range)
    what_helps(progress, in_range)
    hard = [run for run in reversed(in_range) if run.hard]
    progress.hard_moments = hard[:HARD_MOMENTS_SHOWN]
    progress.hard_moments_more = max(0, len(hard) - HARD_MOMENTS_SHOWN)
    range_first_day = today - timedelta(days=days - 1) if days else None
    how_i_was(progress, check_ins_between(user, range_first_day, today), range_first_day)
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


def balance(progress: Progress, runs: list[Practised]) -> None:
    skill_counts = cft_skills(runs)
    progress.skills = [Tally(key, label, skill_counts.get(key, 0)) for key, label in Skill.choices]
    modality_counts = Counter(run.modality for run in runs)
    progress.modalities = [
        Tally(key, label, modality_counts.get(key, 0)) for key, label in Modality.choices
    ]
    if any(run.modality == Modality.CFT for run in runs):
        progress.least_skill = min(progress.skills, key=lambda tally: tally.count)


def what_helps(progress: Progress, runs: list[Practised]) -> None:
    checked = [run for run in runs if run.change is not None]
    progress.checked_runs = len(checked)
    if not checked:
        return
    progress.average_before = fmean(run.before for run in checked)
    progress.average_after = fmean(run.after for run in checked)
    by_practice = defaultdict(list)
    for run in checked:
        by_practice[(run.slug, run.title)].append(run)
    progress.helpful = sorted(
        (
            Helpful(
                title=title,
                slug=slug,
                runs=len(practice_runs),
                before=fmean(run.before for run in practice_runs),
                after=fmean(run.after for run in practice_runs),
            )
            for (slug, title), practice_runs in by_practice.items()
            if len(practice_runs) >= HELPFUL_AFTER
        ),
        key=lambda helpful: (helpful.change, -helpful.runs, helpful.title),
    )
    span = (checked[-1].day - checked[0].day).days
    by_month = span > 180
    buckets = defaultdict(list)
    for run in checked:
        start = run.day.replace(day=1) if by_month else week_start(run.day)
        buckets[start].append(run)
    progress.over_time = [
        Point(
            start=start,
            label=f"{start:%B %Y}" if by_month else f"week of {start.day} {start:%B %Y}",
            before=fmean(run.before for run in bucket),
            after=fmean(run.after for run in bucket),
            runs=len(bucket),
        )
        for start, bucket in sorted(buckets.items())
    ]


def suggestion_for_skill(skill: str | None, library: list[Practice]) -> Practice | None:
    """A short CFT practice from the library for a skill (the shortest, then by title)."""
    fitting = [
        practice
        for practice in library
        if skill in practice.skills and practice.modality == Modality.CFT
    ]
    return min(fitting, key=lambda practice: (practice.minutes, practice.title), default=None)


def library_practices() -> list[Practice]:
    return list(
        Practice.objects.for_library().only("slug", "title", "modality", "skills", "minutes")
    )


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


def how_i_was(progress: Progress, check_ins: list[tuple[date, int]], first_day: date | None):
    """Group the check-ins (day, how I am) and the range's practices into days, weeks or
    months, by how long the range is; for all time, from the first check-in or practice."""
    if not check_ins:
        return
    starts = [day for day, _ in check_ins] + [run.day for run in progress.runs]
    first = first_day or min(starts)
    span = (progress.today - first).days
    if span <= DAILY_UP_TO:
        bucket_of, label_of = (lambda day: day), (lambda day: f"{day:%a} {day.day} {day:%b}")
    elif span <= WEEKLY_UP_TO:
        bucket_of = week_start
        label_of = lambda day: f"week of {day.day} {day:%b %Y}"  # noqa: E731
    else:
        bucket_of = lambda day: day.replace(day=1)  # noqa: E731
        label_of = lambda day: f"{day:%B %Y}"  # noqa: E731
    values = defaultdict(list)
    for day, how in check_ins:
        values[bucket_of(day)].append(how)
    practices = Counter(bucket_of(run.day) for run in progress.runs)
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
