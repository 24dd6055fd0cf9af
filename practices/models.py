"""The practice library: practices and their steps, loaded from practices/library/*.yaml."""

import re

from django.conf import settings
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from compassion_site.accounts.models import CareLink


class Modality(models.TextChoices):
    CFT = "cft", "Compassion Focused Therapy"
    MSC = "msc", "Mindful Self-Compassion"
    IFS = "ifs", "Internal Family Systems"


class Skill(models.TextChoices):
    """The six skills of compassion in CFT."""

    ATTENTION = "attention", "Attention"
    IMAGERY = "imagery", "Imagery"
    REASONING = "reasoning", "Reasoning"
    BEHAVIOUR = "behaviour", "Behaviour"
    FEELING = "feeling", "Feeling"
    SENSORY = "sensory", "Sensory"


class Intensity(models.TextChoices):
    GENTLE = "gentle", "Gentle"
    MODERATE = "moderate", "Moderate"
    DEEP = "deep", "Deep"


class Audience(models.TextChoices):
    EVERYONE = "everyone", "Everyone"
    HELPERS = "helpers", "Helpers"


class Mood(models.TextChoices):
    """What's going on for me? The chooser's answers, each suggesting fitting practices."""

    SELF_CRITICAL = "self-critical", "I'm being hard on myself"
    OVERWHELMED = "overwhelmed", "I'm overwhelmed"
    ANXIOUS = "anxious", "I'm anxious"
    LONELY = "lonely", "I feel lonely"
    GRIEVING = "grieving", "I'm grieving"
    RESTLESS = "restless", "I can't settle"
    ASHAMED = "ashamed", "I feel ashamed"


class StepKind(models.TextChoices):
    READ = "read", "Read"
    WRITE = "write", "Write"
    RATE = "rate", "Rate"
    CHOOSE = "choose", "Choose"
    TIMER = "timer", "Pause"
    PART = "part", "Part"


# Where a choice leads when it ends the practice: straight to the check-out.
END = "end"


class PracticeQuerySet(models.QuerySet):
    def current(self):
        return self.filter(archived_at__isnull=True)

    def in_library(self):
        """The shared library from practices/library/, not any therapist's own."""
        return self.filter(author__isnull=True)

    def for_library(self):
        """What anyone may begin on their own: current, from the library, and self-guided."""
        return self.current().in_library().filter(self_guided=True)

    def assignable_by(self, therapist):
        """What a therapist may assign: the whole current library (those offered only with a
        therapist too) and their own current practices."""
        return self.current().filter(Q(author__isnull=True) | Q(author=therapist))


class Practice(models.Model):
    slug = models.SlugField(max_length=80, unique=True)
    version = models.CharField(
        max_length=16, help_text="A fingerprint of the practice's text; changes when it does."
    )
    title = models.CharField(max_length=80)
    modality = models.CharField(max_length=8, choices=Modality.choices)
    skills = models.JSONField(default=list, blank=True)
    intensity = models.CharField(max_length=12, choices=Intensity.choices)
    minutes = models.PositiveSmallIntegerField()
    self_guided = models.BooleanField(default=True)
    audience = models.CharField(max_length=12, choices=Audience.choices, default="everyone")
    summary = models.CharField(max_length=200)
    why = models.TextField()
    source = models.CharField(max_length=300)
    sources = models.JSONField(
        default=list, blank=True, help_text="Publications it comes from: {author, year, title}."
    )
    variants = models.JSONField(
        default=list,
        blank=True,
        help_text="Other lengths a person may choose: {key, label, minutes, leave_out, seconds}.",
    )
    moods = models.JSONField(default=list, blank=True)
    archived_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="authored_practices",
        help_text="Empty for the library; the therapist who wrote it, for their own.",
    )

    objects = PracticeQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        indexes = [
            models.Index(fields=["modality", "intensity"], name="practice_modality_intensity"),
            models.Index(fields=["author"], name="practice_author"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(minutes__gte=1, minutes__lte=60), name="practice_minutes_1_60"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def skill_labels(self) -> list[str]:
        return [Skill(skill).label for skill in self.skills]

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    @property
    def usual_step_count(self) -> int:
        """How many steps a person meets going the usual way: an ending, reached only when a
        choice leads there, is not counted (uses the prefetched steps when there are some)."""
        return sum(not step.ending for step in self.steps.all())

    @property
    def is_own(self) -> bool:
        """Written by a therapist, not from the library."""
        return self.author_id is not None


# A prompt that already invites several choices: "Pick any that fit", "Choose all that apply".
SAYS_CHOOSE_ANY = re.compile(
    r"\b(choose|pick|select|tick|check)\s+(any|all|as many|one or more)\b", re.IGNORECASE
)


class Step(models.Model):
    """One step of a practice. `key` is stable: answers are stored under it."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="steps")
    key = models.SlugField(max_length=60)
    position = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=8, choices=StepKind.choices)
    title = models.CharField(max_length=80)
    body = models.TextField(blank=True)
    prompt = models.TextField(blank=True)
    example = models.TextField(blank=True)
    low = models.CharField(max_length=60, blank=True)
    high = models.CharField(max_length=60, blank=True)
    options = models.JSONField(default=list, blank=True)
    multiple = models.BooleanField(default=False)
    seconds = models.PositiveSmallIntegerField(null=True, blank=True)
    pace = models.JSONField(default=dict, blank=True)
    optional = models.BooleanField(default=False)
    branches = models.JSONField(
        default=dict,
        blank=True,
        help_text="Where options lead instead of the next step: {option: a later key, or end}.",
    )
    ending = models.BooleanField(
        default=False,
        help_text="Reached only when a choice leads here; the check-out comes after it.",
    )
    on_its_own = models.CharField(
        max_length=120,
        blank=True,
        help_text="On a step where several options can be chosen: the one chosen only alone "
        "(“None of these right now”).",
    )
    audio = models.CharField(
        max_length=200,
        blank=True,
        help_text="A recorded voice for this step: its name in media storage (recordings/…). "
        "It wins over the made narration.",
    )
    audio_seconds = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["practice", "key"], name="step_key_unique"),
            models.UniqueConstraint(fields=["practice", "position"], name="step_position_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.practice.slug}/{self.key}"

    @property
    def paragraphs(self) -> list[str]:
        return [part.strip() for part in self.body.split("\n\n") if part.strip()]

    @property
    def can_skip(self) -> bool:
        return self.optional or self.kind == StepKind.TIMER

    @property
    def choice_hint(self) -> str:
        """The hint for a step that takes several choices, unless its prompt already says so
        in the author's own words ("Pick any that fit.")."""
        if self.kind != StepKind.CHOOSE or not self.multiple:
            return ""
        if SAYS_CHOOSE_ANY.search(self.prompt):
            return ""
        return "choose any that fit"


def way_through(steps: list[Step], chosen: dict[str, list]) -> list[Step]:
    """The steps a person meets, in order, given what they chose so far (`chosen`: a choice
    step's key to the options picked there). Steps go in order, but a chosen option with a
    branch leads to its step, or to the end; an ending leads to the end; endings are met only
    through a branch. A choice not made yet goes on to the next step."""
    index = {step.key: number for number, step in enumerate(steps)}
    way: list[Step] = []
    number = next((n for n, step in enumerate(steps) if not step.ending), None)
    while number is not None:
        step = steps[number]
        way.append(step)
        if step.ending:
            break
        picked = chosen.get(step.key) or []
        target = next((step.branches[o] for o in picked if o in step.branches), None)
        if target == END:
            break
        if target in index and index[target] > number:
            number = index[target]
            continue
        number = next((n for n in range(number + 1, len(steps)) if not steps[n].ending), None)
    return way


# Homework ----------------------------------------------------------------------------------


class Schedule(models.TextChoices):
    ONCE = "once", "Once, by a date"
    WEEKLY = "weekly", "Some times a week, for some weeks"
    DAILY = "daily", "Every day, for some days"


class Unlock(models.TextChoices):
    AFTER_DONE = "done", "When the one before is done"
    AFTER_DAYS = "days", "After a set number of days"


class Status(models.TextChoices):
    ACTIVE = "active", "Active"
    PAUSED = "paused", "Paused"
    ENDED = "ended", "Ended"


SERIES_ITEM_DAYS = 7  # a series step unlocked by finishing the one before is due a week later


class Series(models.Model):
    """Several practices in order, each unlocking when the one before is done, or after a
    set number of days. Its steps are Assignments with `series` set, each done once."""

    therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="series_given"
    )
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="series"
    )
    title = models.CharField(max_length=80)
    note = models.TextField(blank=True, max_length=2000)
    unlock = models.CharField(max_length=8, choices=Unlock.choices, default=Unlock.AFTER_DONE)
    unlock_days = models.PositiveSmallIntegerField(null=True, blank=True)
    starts_on = models.DateField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "series"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(unlock="done") | Q(unlock_days__gte=1, unlock_days__lte=60),
                name="series_unlock_days_1_60",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class AssignmentQuerySet(models.QuerySet):
    def with_active_link(self):
        """Only assignments whose therapist and client are still linked (a CareLink between
        them that has not ended). In the same query: an EXISTS on the link's one-active-per-
        pair index, joining no users (whichever side the caller select_related)."""
        return self.filter(
            Exists(
                CareLink.objects.filter(
                    therapist=OuterRef("therapist_id"),
                    client=OuterRef("client_id"),
                    ended_at__isnull=True,
                )
            )
        )


class Assignment(models.Model):
    """A practice a therapist gave a client, with a note and a schedule.

    Runs started from it point back to it (journal.Run.assignment); pausing, editing or
    ending it never changes those runs.
    """

    therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assignments_given"
    )
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assignments"
    )
    practice = models.ForeignKey(Practice, on_delete=models.PROTECT, related_name="assignments")
    note = models.TextField(blank=True, max_length=2000)
    schedule = models.CharField(max_length=8, choices=Schedule.choices, default=Schedule.ONCE)
    starts_on = models.DateField()
    due_on = models.DateField(null=True, blank=True, help_text="Once: do it by this date.")
    times_per_week = models.PositiveSmallIntegerField(null=True, blank=True)
    weeks = models.PositiveSmallIntegerField(null=True, blank=True)
    days = models.PositiveSmallIntegerField(null=True, blank=True)
    series = models.ForeignKey(
        Series, on_delete=models.CASCADE, null=True, blank=True, related_name="items"
    )
    position = models.PositiveSmallIntegerField(default=1, help_text="Its place in a series.")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.ACTIVE)
    shares_entries = models.BooleanField(
        default=False,
        help_text="The client chose to share everything they write for this with the therapist.",
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["series_id", "position", "-created_at"]
        indexes = [
            models.Index(fields=["client", "status"], name="assignment_client_status"),
            models.Index(fields=["therapist", "client", "status"], name="assignment_therapist"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_on__isnull=True) | Q(due_on__gte=F("starts_on")),
                name="assignment_due_after_start",
            ),
            models.CheckConstraint(
                condition=Q(times_per_week__isnull=True)
                | Q(times_per_week__gte=1, times_per_week__lte=7),
                name="assignment_times_per_week_1_7",
            ),
            models.CheckConstraint(
                condition=Q(weeks__isnull=True) | Q(weeks__gte=1, weeks__lte=52),
                name="assignment_weeks_1_52",
            ),
            models.CheckConstraint(
                condition=Q(days__isnull=True) | Q(days__gte=1, days__lte=365),
                name="assignment_days_1_365",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.practice_id} for {self.client_id}"

    @property
    def planned_total(self) -> int:
        if self.schedule == Schedule.WEEKLY:
            return (self.times_per_week or 1) * (self.weeks or 1)
        if self.schedule == Schedule.DAILY:
            return self.days or 1
        return 1

    @property
    def schedule_text(self) -> str:
        """The schedule in a few plain words, for both sides."""
        if self.series_id:
            return f"Step {self.position} of a series"
        if self.schedule == Schedule.WEEKLY:
            # A length left empty (rows from before forms asked for one) counts as one week
            # or one day here, as it does in planned_total and practices.schedule.
            weeks = self.weeks or 1
            per_week = self.times_per_week or 1
            times = "once" if per_week == 1 else f"{per_week} times"
            return f"{times} a week for {weeks} week{'s' if weeks != 1 else ''}"
        if self.schedule == Schedule.DAILY:
            days = self.days or 1
            return f"every day for {days} day{'s' if days != 1 else ''}"
        return f"once, by {self.due_on:%-d %B}" if self.due_on else "once"


class Narration(models.Model):
    """The made narration of one step's text, found by `key`: a hash of the text, the voice
    and its settings (see practices.listening.narration_key), so a changed step gets a new one
    and an unchanged one is never made twice. The file is in media storage (narration/…)."""

    key = models.CharField(max_length=64, unique=True)
    file = models.CharField(max_length=200)
    seconds = models.FloatField()
    voice = models.CharField(max_length=80)
    made_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.file


# Lessons -------------------------------------------------------------------------------------


class LessonTopic(models.TextChoices):
    """The groups of lessons on /learn/, in the order shown."""

    CFT = "cft", "Compassion Focused Therapy"
    MSC = "msc", "Mindful Self-Compassion"
    IFS = "ifs", "Internal Family Systems"
    TEND = "tend", "Using Tend"


class LessonQuerySet(models.QuerySet):
    def current(self):
        return self.filter(archived_at__isnull=True)


class Lesson(models.Model):
    """A short read from practices/lessons/<slug>.md, rendered to safe HTML when the library
    is synced (practices.lessons)."""

    slug = models.SlugField(max_length=80, unique=True)
    version = models.CharField(
        max_length=16, help_text="A fingerprint of the lesson's file; changes when it does."
    )
    title = models.CharField(max_length=80)
    summary = models.CharField(max_length=160)
    topic = models.CharField(max_length=8, choices=LessonTopic.choices)
    order = models.PositiveSmallIntegerField(help_text="Its place on /learn/.")
    minutes = models.PositiveSmallIntegerField(help_text="Reading time at 200 words a minute.")
    body = models.TextField(help_text="The Markdown, as written.")
    body_html = models.TextField(help_text="The Markdown rendered and cleaned at sync time.")
    # PROTECT: a lesson's file must name a practice to try, and sync archives practices rather
    # than deleting them, so deleting one that a lesson names is a mistake to stop, not follow.
    try_practice = models.ForeignKey(
        Practice, on_delete=models.PROTECT, related_name="lessons", help_text="Its 'Try it'."
    )
    sources = models.JSONField(
        default=list, blank=True, help_text="Publications it draws on: {author, year, title}."
    )
    archived_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = LessonQuerySet.as_manager()

    class Meta:
        ordering = ["order"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


# Paths ---------------------------------------------------------------------------------------


class PathTopic(models.TextChoices):
    CFT = "cft", "Compassion Focused Therapy"
    MSC = "msc", "Mindful Self-Compassion"
    IFS = "ifs", "Internal Family Systems"
    TEND = "tend", "Tend"


class PathQuerySet(models.QuerySet):
    def current(self):
        return self.filter(archived_at__isnull=True)


class Path(models.Model):
    """A self-guided sequence of lessons and library practices, from practices/paths/.
    A person walks it at their own pace (journal.PathWalk); nothing on it is ever due."""

    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=80)
    summary = models.CharField(max_length=160)
    about = models.TextField()
    topic = models.CharField(max_length=8, choices=PathTopic.choices)
    sources = models.JSONField(
        default=list, blank=True, help_text="Publications it comes from: {author, year, title}."
    )
    version = models.CharField(
        max_length=16, help_text="A fingerprint of the path's file; changes when it does."
    )
    archived_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PathQuerySet.as_manager()

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


class PathItem(models.Model):
    """One place on a path: a lesson (by its slug) or a library practice."""

    path = models.ForeignKey(Path, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField()
    lesson_slug = models.SlugField(max_length=80, blank=True)
    lesson_title = models.CharField(
        max_length=80, blank=True, help_text="The lesson's title when the path was loaded."
    )
    practice = models.ForeignKey(
        Practice, on_delete=models.PROTECT, null=True, blank=True, related_name="path_items"
    )
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["path", "position"]
        constraints = [
            models.UniqueConstraint(fields=["path", "position"], name="pathitem_path_position"),
            models.CheckConstraint(
                condition=(Q(lesson_slug="") & Q(practice__isnull=False))
                | (~Q(lesson_slug="") & Q(practice__isnull=True)),
                name="pathitem_lesson_or_practice",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_lesson(self) -> bool:
        return bool(self.lesson_slug)

    @property
    def title(self) -> str:
        if self.is_lesson:
            return self.lesson_title or self.lesson_slug.replace("-", " ").capitalize()
        return self.practice.title

    @property
    def url(self) -> str:
        if self.is_lesson:
            return f"/learn/{self.lesson_slug}/"
        return f"/practices/{self.practice.slug}/"


# Favourites ----------------------------------------------------------------------------------


class Favourite(models.Model):
    """A practice a person marked as one of their favourites, to find it again quickly."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="favourites"
    )
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="favourited")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "practice"], name="favourite_once"),
        ]

    def __str__(self) -> str:
        return f"{self.practice_id} for {self.user_id}"
