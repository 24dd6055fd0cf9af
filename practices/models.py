"""The practice library: practices and their steps, loaded from practices/library/*.yaml."""

from django.db import models


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


class PracticeQuerySet(models.QuerySet):
    def current(self):
        return self.filter(archived_at__isnull=True)

    def for_library(self):
        """What anyone may begin on their own: current and self-guided."""
        return self.current().filter(self_guided=True)


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
    moods = models.JSONField(default=list, blank=True)
    archived_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PracticeQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        indexes = [
            models.Index(fields=["modality", "intensity"], name="practice_modality_intensity"),
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
