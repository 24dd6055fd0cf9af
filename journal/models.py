"""What a person did and wrote: runs of practices, their answers, journal entries and parts."""

from datetime import timedelta

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone

from compassion_site.lib.dates import shift_moment
from practices.models import Assignment, Path, Practice

CHECK_IN = "check-in"
CHECK_OUT = "check-out"
MAX_ANSWER_LENGTH = 20_000
MAX_ENTRY_LENGTH = 100_000
MAX_NOTE_LENGTH = 20_000
TRASH_DAYS = 30


class Part(models.Model):
    """One of *my parts* (IFS): the Critic, the Worrier... named by the person."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="parts"
    )
    name = models.CharField(max_length=80)
    description = models.TextField(blank=True, max_length=4000)
    retired = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["retired", "name"]
        indexes = [models.Index(fields=["user", "retired"], name="part_user_retired")]

    def __str__(self) -> str:
        return self.name


class Run(models.Model):
    """A person's way through one practice, from check-in to check-out."""

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", "In progress"
        PAUSED = "paused", "Paused"
        FINISHED = "finished", "Finished"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="runs"
    )
    practice = models.ForeignKey(Practice, on_delete=models.PROTECT, related_name="runs")
    practice_version = models.CharField(max_length=16)
    assignment = models.ForeignKey(
        Assignment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="runs",
        help_text="The homework this run was begun from, if any.",
    )
    variant = models.CharField(
        max_length=60,
        blank=True,
        default="",
        help_text="The length chosen before starting (a key of the practice's variants); "
        "empty for the usual one.",
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.IN_PROGRESS)
    current_step = models.CharField(max_length=60, default=CHECK_IN)
    distress_before = models.PositiveSmallIntegerField(null=True, blank=True)
    feeling_before = models.CharField(max_length=40, blank=True)
    distress_after = models.PositiveSmallIntegerField(null=True, blank=True)
    feeling_after = models.CharField(max_length=40, blank=True)
    stirred_up = models.BooleanField(
        default=False, help_text="The person said this stirred up something hard."
    )
    hard_moment = models.BooleanField(
        default=False,
        help_text="Distress rose by 2 or more, or the person said it stirred something up.",
    )
    started_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-updated_at"]
        indexes = [
            models.Index(fields=["user", "status", "-updated_at"], name="run_user_status_updated"),
            # Home's Recently used reads the newest run of each practice from it.
            models.Index(
                fields=["user", "practice", "-started_at"], name="run_user_practice_started"
            ),
            models.Index(fields=["user", "status", "finished_at"], name="run_user_finished"),
            models.Index(fields=["assignment", "finished_at"], name="run_assignment_finished"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(distress_before__isnull=True) | Q(distress_before__lte=10),
                name="run_distress_before_0_10",
            ),
            models.CheckConstraint(
                condition=Q(distress_after__isnull=True) | Q(distress_after__lte=10),
                name="run_distress_after_0_10",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.practice.title} ({self.get_status_display()})"

    @property
    def chosen_variant(self) -> dict | None:
        """The practice's version this run goes through, or None for the usual one (also when
        the practice no longer has the version chosen)."""
        if not self.variant:
            return None
        return next((v for v in self.practice.variants if v.get("key") == self.variant), None)

    @property
    def variant_label(self) -> str:
        """ "Short version", for the run's page and summary; "" for the usual length."""
        chosen = self.chosen_variant
        return f"{chosen['label']} version" if chosen else ""

    @property
    def distress_change(self) -> int | None:
        if self.distress_before is None or self.distress_after is None:
            return None
        return self.distress_after - self.distress_before


class Answer(models.Model):
    """What a person gave at one step, with a snapshot of what the step asked then."""

    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="answers")
    step_key = models.CharField(max_length=60)
    position = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=8)
    step_title = models.CharField(max_length=80)
    prompt = models.TextField(blank=True)
    low = models.CharField(max_length=60, blank=True)
    high = models.CharField(max_length=60, blank=True)
    text = models.TextField(blank=True)
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    choices = models.JSONField(default=list, blank=True)
    part = models.ForeignKey(
        Part, on_delete=models.SET_NULL, null=True, blank=True, related_name="answers"
    )
    part_name = models.CharField(max_length=80, blank=True)
    skipped = models.BooleanField(default=False)
    revision = models.PositiveIntegerField(
        default=1, help_text="Goes up with every save, to notice a save from another tab."
    )
    replaced_text = models.TextField(
        blank=True, help_text="Text another tab's later save replaced, kept to show the person."
    )
    saved_by_tab = models.CharField(
        max_length=40,
        blank=True,
        default="",
        help_text="The browser tab that saved last (empty without JavaScript): a tab's own "
        "saves arriving out of order are never taken for another tab's.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["run", "step_key"], name="answer_run_step_unique"),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__lte=10), name="answer_rating_0_10"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.run_id}/{self.step_key}"

    def take_snapshot(self, step) -> None:
        """Keep what the step asked, so this answer reads right after the practice changes."""
        self.position = step.position
        self.kind = step.kind
        self.step_title = step.title
        self.prompt = step.prompt
        self.low, self.high = step.low, step.high

    @property
    def has_content(self) -> bool:
        return bool(self.text.strip() or self.rating is not None or self.choices or self.part_name)


class Tag(models.Model):
    """A word a person files entries under, such as "work" or "sleep"."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tags"
    )
    name = models.CharField(max_length=40)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint("user", Lower("name"), name="tag_user_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class EntryQuerySet(models.QuerySet):
    def kept(self):
        """Entries not in the trash."""
        return self.filter(deleted_at__isnull=True)

    def in_trash(self):
        return self.filter(deleted_at__isnull=False)


class Entry(models.Model):
    """A journal entry: a finished run, or free writing from /journal/new/."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="entries"
    )
    run = models.OneToOneField(
        Run, on_delete=models.CASCADE, null=True, blank=True, related_name="entry"
    )
    title = models.CharField(max_length=200, blank=True)
    body = models.TextField(blank=True, max_length=MAX_ENTRY_LENGTH)
    feeling = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="How I feel, 0 to 10, for free entries."
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="entries")
    version = models.PositiveIntegerField(
        default=1, help_text="Goes up with every edit, to notice an edit from another tab."
    )
    deleted_at = models.DateTimeField(
        null=True, blank=True, help_text="When it went to the trash; purged after 30 days."
    )
    search_text = models.TextField(
        blank=True, help_text="Title, writing, answers, feelings, tags and notes, for search."
    )
    search_vector = SearchVectorField(
        null=True, editable=False, help_text="PostgreSQL only: kept from search_text by a trigger."
    )
    preview = models.CharField(max_length=300, blank=True)
    submission = models.CharField(
        max_length=32,
        blank=True,
        default="",
        help_text="The form's one-time mark: the same form sent twice makes one entry.",
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = EntryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "entries"
        indexes = [
            models.Index(fields=["user", "-created_at"], name="entry_user_created"),
            models.Index(
                fields=["user", "deleted_at"],
                condition=Q(deleted_at__isnull=False),
                name="entry_user_trash",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(feeling__isnull=True) | Q(feeling__lte=10),
                name="entry_feeling_0_10",
            ),
            models.UniqueConstraint(
                fields=["user", "submission"],
                condition=~Q(submission=""),
                name="entry_submitted_once",
            ),
        ]

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        return self.title or "Free writing"

    @property
    def purge_at(self):
        """When an entry in the trash is removed for good."""
        if self.deleted_at is None:
            return None
        return shift_moment(self.deleted_at, timedelta(days=TRASH_DAYS))


class EntryNote(models.Model):
    """Looking back: a dated note added to an entry later, leaving what was written untouched."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="notes")
    text = models.TextField(max_length=MAX_NOTE_LENGTH)
    submission = models.CharField(
        max_length=32,
        blank=True,
        default="",
        help_text="The form's one-time mark: the same form sent twice adds one note.",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "submission"],
                condition=~Q(submission=""),
                name="note_submitted_once",
            ),
        ]

    def __str__(self) -> str:
        return f"Note on entry {self.entry_id}"


# What a linked therapist may see -----------------------------------------------------------


class Share(models.Model):
    """The client shared this entry with this therapist. Removing it unshares at once; ending
    the link removes every share with that therapist."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="shares")
    therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="entries_shared_with_me"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["entry", "therapist"], name="share_once"),
        ]
        indexes = [models.Index(fields=["therapist", "entry"], name="share_therapist_entry")]

    def __str__(self) -> str:
        return f"Entry {self.entry_id} shared with {self.therapist_id}"


MAX_COMMENT_LENGTH = 2000


class TherapistComment(models.Model):
    """A short comment a therapist left on an entry shared with them; the client sees it."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="comments")
    therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comments_written"
    )
    text = models.TextField(max_length=MAX_COMMENT_LENGTH)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Comment on entry {self.entry_id}"


class AccessRecord(models.Model):
    """A therapist opened one of a client's shared entries. The client can read the log."""

    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="access_records"
    )
    therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty once the therapist has deleted their account; the record stays.",
    )
    reader_name = models.CharField(
        max_length=150,
        default="",
        help_text="The therapist's name as it was when they read the entry.",
    )
    entry = models.ForeignKey(
        Entry, on_delete=models.SET_NULL, null=True, blank=True, related_name="access_records"
    )
    entry_title = models.CharField(max_length=200, help_text="Kept if the entry is deleted.")
    opened_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-opened_at", "-id"]
        indexes = [models.Index(fields=["client", "-opened_at"], name="access_client_opened")]

    def __str__(self) -> str:
        return f"{self.therapist_id} opened {self.entry_id}"


# Paths ---------------------------------------------------------------------------------------


class PathWalk(models.Model):
    """A person on a path: started, perhaps paused, perhaps left. One current walk (not left)
    per person and path; after leaving, starting again begins a new one."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="path_walks"
    )
    path = models.ForeignKey(Path, on_delete=models.CASCADE, related_name="walks")
    started_at = models.DateTimeField(default=timezone.now)
    paused_at = models.DateTimeField(null=True, blank=True)
    left_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "path"],
                condition=Q(left_at__isnull=True),
                name="pathwalk_one_current_per_path",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} on {self.path}"

    @property
    def is_paused(self) -> bool:
        return self.paused_at is not None and self.left_at is None

    @property
    def is_active(self) -> bool:
        return self.paused_at is None and self.left_at is None


class LessonRead(models.Model):
    """A person said they had read a lesson (by its slug)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lessons_read"
    )
    lesson_slug = models.SlugField(max_length=80)
    read_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-read_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "lesson_slug"], name="lessonread_user_slug"),
        ]

    def __str__(self) -> str:
        return f"{self.user} read {self.lesson_slug}"


class Welcome(models.Model):
    """A new person's answers to the three optional welcome questions (every one may be left
    blank), used for home's first suggestion. One row per person; skipping makes one too, so
    the questions are not asked again."""

    class Brings(models.TextChoices):
        HARD_DAY = "hard-day", "A hard day, or a hard stretch"
        KINDER = "kinder", "Wanting to be kinder to myself"
        CRITIC = "critic", "A loud inner critic"
        THERAPY = "therapy", "Practice alongside therapy"
        CURIOUS = "curious", "Just curious"

    class Method(models.TextChoices):
        CFT = "cft", "Compassion Focused Therapy (CFT)"
        MSC = "msc", "Mindful Self-Compassion (MSC)"
        IFS = "ifs", "Internal Family Systems, as practice on my own (IFS)"
        UNSURE = "unsure", "Not sure yet"

    class Reminder(models.TextChoices):
        YES = "yes", "Yes, let's set one up"
        NO = "no", "Not now"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="welcome"
    )
    brings = models.CharField(max_length=12, choices=Brings.choices, blank=True)
    method = models.CharField(max_length=8, choices=Method.choices, blank=True)
    reminder = models.CharField(max_length=4, choices=Reminder.choices, blank=True)
    skipped = models.BooleanField(default=False)
    answered_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Welcome answers of {self.user}"


# The daily check-in --------------------------------------------------------------------------

# "How I am" runs like "How I feel" on a free entry: 0 is very low, 10 is really well. (A
# practice's distress runs the other way, 0 calm and 10 very distressed; every page says which.)
HOW_I_AM_LOW = "very low"
HOW_I_AM_HIGH = "really well"
MAX_CHECK_IN_NOTE = 140
MAX_CHECK_IN_WORDS = 5
# Our own words for how a day feels, pleasant and less so, a mix of energies. Stored as typed
# here, so a word taken out of this list later still reads back on old check-ins.
CHECK_IN_WORDS = (
    "calm",
    "content",
    "grateful",
    "hopeful",
    "light",
    "steady",
    "energised",
    "tender",
    "tired",
    "flat",
    "restless",
    "on edge",
    "sad",
    "lonely",
    "irritable",
    "overwhelmed",
)


class CheckIn(models.Model):
    """A person's check-in for one of their days: how they are on a 0 to 10 scale (0 very low,
    10 really well), a few words of our vocabulary if they like, and a short line. One per
    person and local day; checking in again that day changes it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="check_ins"
    )
    day = models.DateField(help_text="The person's own day (their time zone) it was for.")
    how_i_am = models.PositiveSmallIntegerField(
        help_text="0 is very low, 10 is really well (like an entry's “How I feel”)."
    )
    words = models.JSONField(default=list, blank=True)
    note = models.CharField(max_length=MAX_CHECK_IN_NOTE, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-day"]
        constraints = [
            models.UniqueConstraint(fields=["user", "day"], name="checkin_one_per_day"),
            models.CheckConstraint(condition=Q(how_i_am__lte=10), name="checkin_how_i_am_0_10"),
        ]

    def __str__(self) -> str:
        return f"{self.user} on {self.day}: {self.how_i_am}"


class AllTimeSums(models.Model):
    """A person's finished practices added up, kept by the progress dashboard
    (progress.queries.KeptSums) so its views aren't added up again on every visit: over all
    time, per practice and per day, week, month or year of their own, and for each range, as
    of a day. `made_from` describes the runs and the trash all time's sums were added up from
    (each range's sums carry their own, with the day and the time zone); when those have
    changed by the next visit, the sums are added up afresh, so they are never out of date.
    Numbers only; they go with the journal."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="all_time_sums"
    )
    made_from = models.CharField(max_length=120)
    practices = models.JSONField(
        default=list, help_text="A row per practice: its id, then what the dashboard adds up."
    )
    stretches = models.JSONField(
        default=dict,
        help_text='Per time zone and stretch ("Europe/London month"), a row per stretch.',
    )
    ranges = models.JSONField(
        default=dict,
        # Also the database's own, so a worker of the release before, still running while
        # this one migrates, can keep all time's sums without knowing of the ranges.
        db_default={},
        help_text="Per range (30, 90, 365, all): what its view adds up, and what from.",
    )

    class Meta:
        verbose_name_plural = "all-time sums"

    def __str__(self) -> str:
        return f"All-time sums for person {self.user_id}"
