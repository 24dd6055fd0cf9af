"""A demo person with a believable journal, for `make run` and for benchmarks.

    manage.py seed_demo                    # "demo" / "practice-kindly", 60 entries, once
    manage.py seed_demo --reset            # delete the demo person and make them again
    manage.py seed_demo --entries 10000 --username bench-1 --reset --seed 3

Going back day by day from yesterday, one to three entries a day at everyday hours in the
person's own time zone (Europe/London): about three in four are finished runs of self-guided
library practices, each with an answer for every step but the read-only ones, and the rest
free writing with a feeling and a few tags. There are four parts, a handful of "Looking back"
notes on older entries, two paused runs and two entries in the trash.

Everything is built with the factories the tests use (tests/factories.py) and written with
bulk_create, so 10,000 entries take seconds. Each entry's search_text and preview are built
exactly as journal.services.refresh_search builds them. The same --seed makes the same journal
(its dates count back from today).

The factories need factory_boy, one of the dev dependencies that `make install` installs with
the rest (requirements.lock); `manage.py` runs from the project folder, so `tests` (a package)
is importable from there. Without factory_boy, seed_demo stops with a message saying so.
"""

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from care.services import assign_practice, assign_series
from compassion_site.accounts import two_factor
from compassion_site.lib.dates import local_date, zone_named
from journal import sharing
from journal.models import (
    CHECK_IN_WORDS,
    CHECK_OUT,
    Answer,
    CheckIn,
    Entry,
    EntryNote,
    Part,
    Run,
    Tag,
)
from journal.search import search_fields
from journal.services import HARD_MOMENT_RISE
from practices.models import Favourite, Practice, Schedule, Step, StepKind

try:
    from tests import factories
except ImportError as error:  # factory_boy (a dev dependency) is not installed
    factories = None
    FACTORIES_MISSING = str(error)

TIME_ZONE = "Europe/London"
BATCH_SIZE = 1000
# Daily check-ins over the last two months, so the dashboard shows how the person has been.
CHECK_IN_DAYS = 60
SHARE_OF_RUNS = 0.75
SHARE_OF_HARD_MOMENTS = 0.05
ENTRIES_A_DAY = ([0, 1, 2, 3], [1, 3, 4, 3])  # choices and their weights
# When people write: (first hour, last hour) of a morning, a midday and an evening.
TIMES_OF_DAY = [(7, 9), (12, 14), (18, 22)]

PARTS = [
    ("the Critic", "Points out everything I get wrong, before anyone else can."),
    ("the Worrier", "Plans for every disaster, especially at night."),
    ("the Busy One", "Keeps me doing so I don't have to feel."),
    ("Little One", "Young and easily hurt; goes quiet when people are cross."),
]
PART_WEIGHTS = [4, 3, 2, 1]
TAGS = ["work", "sleep", "family", "body", "hope"]

WHEN = [
    "this morning",
    "last night",
    "at lunch",
    "after work",
    "on the bus home",
    "before the meeting",
    "this afternoon",
    "over the weekend",
    "yesterday",
]

# What's hard, by topic. "{when}" is filled in from WHEN.
TOPICS = {
    "work": [
        "The deadline moved again and I stayed late to finish the report.",
        "My manager asked a simple question {when} and I froze.",
        "I snapped at a colleague in the meeting and keep replaying it.",
        "There are forty emails I haven't answered and I feel behind before I start.",
        "I made a mistake in the spreadsheet and spent the afternoon sure everyone noticed.",
        "Work was quiet today, which somehow made the worrying louder.",
        "I said yes to another project when I meant no.",
        "Nobody said anything about my presentation and I filled the silence with the worst.",
    ],
    "sleep": [
        "I slept badly again and woke at four with my mind racing.",
        "I couldn't get to sleep until after two.",
        "Everything feels harder when I haven't had enough sleep.",
        "I lay awake going over every conversation from the day.",
        "I finally had a proper night's sleep and the world looks different.",
        "The baby next door was up in the night and so was I.",
        "I keep telling myself to go to bed earlier and then scrolling until midnight.",
    ],
    "family": [
        "My mother rang {when} and we ended up arguing about the same old thing.",
        "I felt like a child again at my mother's kitchen table.",
        "My sister didn't reply to my message and I've made up a whole story about why.",
        "I lost my temper with the kids at bedtime and felt awful afterwards.",
        "Dad seems frailer every time I visit.",
        "Sunday lunch with the family left me drained.",
        "My partner and I had a tense evening and went to bed without talking.",
        "My mother said she was proud of me and I didn't know what to do with it.",
    ],
    "friend": [
        "A friend cancelled our plans {when} and I felt more hurt than makes sense.",
        "I haven't seen my oldest friend in months and I miss her.",
        "I finally rang Sam back and we laughed for an hour.",
        "I felt left out when I saw photos of a dinner I wasn't invited to.",
        "A friend told me about her divorce and I didn't know what to say.",
    ],
    "body": [
        "My back has been aching all week.",
        "My chest felt tight all afternoon.",
        "I caught sight of myself in a shop window and the critic started straight away.",
        "I've had a headache since lunchtime.",
        "I went for a walk at lunch and my shoulders came down a little.",
        "My stomach has been in knots since the weekend.",
        "I skipped the gym again and then told myself I'm lazy.",
    ],
    "worry": [
        "I keep imagining the worst about the test results.",
        "Money is tight this month and I keep checking my bank balance.",
        "I can't stop worrying that I've upset someone.",
        "The news {when} left me feeling helpless.",
        "I lay on the sofa and the what-ifs just kept coming.",
        "I have to make a phone call tomorrow and I've been dreading it all day.",
    ],
    "grief": [
        "It would have been Gran's birthday today.",
        "I found an old photo of Dad and had to sit down.",
        "A song we used to sing came on in the supermarket and I cried in the car park.",
        "The first year without her is nearly over and I don't know how to feel.",
        "I still reach for my phone to tell him things.",
        "Grief comes in waves and today was a big one.",
    ],
}
TOPIC_WEIGHTS = {"work": 5, "sleep": 3, "family": 4, "friend": 2, "body": 3, "worry": 4, "grief": 1}
TOPIC_TAGS = {"work": "work", "sleep": "sleep", "family": "family", "body": "body"}

REACTIONS = [
    "I keep replaying it.",
    "Part of me says I should be over this by now.",
    "I feel tired and a bit raw.",
    "It's not a big thing, but it stings.",
    "I noticed the old voice saying I always get it wrong.",
    "My face went hot just writing that.",
    "I don't really know what I feel, just heavy.",
    "Writing it down helps a little.",
]

KINDNESS = [
    "It makes sense that this hurts.",
    "You're doing the best you can with what you have today.",
    "Be kind to yourself; you were tired and stretched.",
    "Anyone would find this hard.",
    "You don't have to sort it all out tonight.",
    "I'm going to make a cup of tea and go to bed early.",
    "A short walk round the block might help.",
    "I could ring my mother back when I feel calmer.",
    "I'd say this to a friend without thinking, so I can say it to myself.",
    "Lots of people feel like this; I'm not the only one.",
    "Softer than I expected; my breathing slowed down.",
    "It was hard to stay with at first, then it eased a bit.",
    "I noticed how quickly I turn on myself.",
    "A neighbour held the door and smiled, and it helped more than she knew.",
    "A stranger was kind to me on the train and I want to remember it.",
    "Small kindnesses count: I made the bed and ate a proper lunch.",
    "I'd like to remember that the feeling passed.",
    "Nothing much shifted, and that's okay too.",
    "Tomorrow I want to take a walk before work.",
    "I can make it right later; it doesn't define me.",
    "May I be gentle with myself today.",
    "I felt a little warmth in my chest when I said it.",
    "I want to go easy on myself this evening.",
    "It helped to write it down rather than carry it round.",
]

# Details that turn up now and then, so some searches find only a few entries.
RARE = [
    "I watched a heron standing perfectly still by the canal.",
    "I spent an hour at the allotment pulling weeds and not thinking.",
    "I played the piano for the first time in years.",
    "The dentist appointment went better than I feared.",
    "We talked about the wedding plans and I felt overwhelmed.",
    "I went to choir practice even though I didn't feel like it.",
]
RARE_CHANCE = 0.01

FEELINGS_BEFORE = [
    "tense",
    "tired",
    "worried",
    "flat",
    "raw",
    "heavy",
    "restless",
    "sad",
    "numb",
    "irritable",
    "anxious",
    "low",
    "on edge",
]
FEELINGS_AFTER = [
    "calmer",
    "softer",
    "a bit lighter",
    "tired",
    "settled",
    "tender",
    "okay",
    "steadier",
    "relieved",
    "quiet",
    "still tense",
]
FREE_TITLES = [
    "A long day",
    "Sunday evening",
    "Before bed",
    "After therapy",
    "On the train",
    "Small things",
    "Notes to self",
    "Rainy morning",
    "A better day",
]
NOTES = [
    "Reading this a few months on, I can see how tired I was. It did pass.",
    "Looking back, I was much harder on myself than the situation deserved.",
    "We sorted this out in the end. I'm glad I wrote it down.",
    "I still feel some of this, but it's softer now.",
    "This was the start of things getting better, though I couldn't see it then.",
    "I'd forgotten about this. I'm kinder to myself about it now.",
]


@dataclass
class Planned:
    """One entry before it is written, with the run, answers, tags and notes it comes with."""

    entry: Entry | None
    run: Run | None = None
    answers: list[Answer] = field(default_factory=list)
    tag_names: list[str] = field(default_factory=list)
    notes: list[EntryNote] = field(default_factory=list)


class Demo:
    """Makes one person's journal with its own random numbers: the same seed, the same text."""

    def __init__(self, person, practices: list[Practice], rng: random.Random, now: datetime):
        self.person = person
        self.practices = practices
        self.steps = {practice.pk: list(practice.steps.all()) for practice in practices}
        self.rng = rng
        self.now = now
        self.zone = zone_named(TIME_ZONE)
        self.parts: list[Part] = []
        self.tags: dict[str, Tag] = {}

    # Words ---------------------------------------------------------------------------------

    def sentences(self, pools: list[list[str]], count: int) -> str:
        """`count` different sentences, the first from the first pool, the rest from any;
        now and then a rare one among them."""
        chosen = [self.rng.choice(pools[0])]
        everything = [sentence for pool in pools for sentence in pool]
        while len(chosen) < count:
            candidate = self.rng.choice(everything)
            if candidate not in chosen:
                chosen.append(candidate)
        if self.rng.random() < RARE_CHANCE:
            chosen.insert(self.rng.randint(0, len(chosen)), self.rng.choice(RARE))
        return " ".join(sentence.replace("{when}", self.rng.choice(WHEN)) for sentence in chosen)

    def topic(self) -> str:
        return self.rng.choices(list(TOPIC_WEIGHTS), weights=list(TOPIC_WEIGHTS.values()))[0]

    # Times ---------------------------------------------------------------------------------

    def times(self, count: int) -> list[datetime]:
        """When the entries were written, newest first: `count` of them, one to three a day
        going back from yesterday, at everyday hours in the person's time zone."""
        times = []
        today = self.now.astimezone(self.zone).date()
        days_back = 0
        while len(times) < count:
            days_back += 1
            day = today - timedelta(days=days_back)
            per_day = self.rng.choices(*ENTRIES_A_DAY)[0]
            slots = sorted(self.rng.sample(TIMES_OF_DAY, per_day), reverse=True)
            for first, last in slots[: count - len(times)]:
                hour, minute = self.rng.randint(first, last), self.rng.randint(0, 59)
                times.append(datetime(day.year, day.month, day.day, hour, minute, tzinfo=self.zone))
        return times

    # What a person wrote -------------------------------------------------------------------

    def check_in(self, run: Run) -> None:
        """Distress before and after: usually down a little, sometimes up; about one run in
        twenty is a hard moment (stirred up, or up by 2 or more), as finish_run decides."""
        before = self.rng.randint(2, 8)
        chance = self.rng.random()
        stirred_up = False
        if chance < SHARE_OF_HARD_MOMENTS:
            if self.rng.random() < 0.5:
                stirred_up = True
                after = min(10, max(0, before + self.rng.randint(-1, 1)))
            else:
                rise = self.rng.randint(HARD_MOMENT_RISE, 3)
                before = min(before, 10 - rise)
                after = before + rise
        elif chance < SHARE_OF_HARD_MOMENTS + 0.1:
            after = before + 1
        else:
            after = max(0, before - self.rng.randint(0, 3))
        run.distress_before, run.distress_after = before, after
        run.feeling_before = self.rng.choice(FEELINGS_BEFORE)
        run.feeling_after = self.rng.choice(FEELINGS_AFTER)
        run.stirred_up = stirred_up
        run.hard_moment = stirred_up or after - before >= HARD_MOMENT_RISE

    def answer(self, run: Run, step: Step, topic: str, writing: int, writes: int) -> Answer:
        """An answer to one step as the step flow saves it: a snapshot of the step, and a
        value fitting its kind (pauses and optional steps are sometimes skipped)."""
        answer = factories.AnswerFactory.build(run=run, step=step)
        if step.kind == StepKind.TIMER:
            answer.skipped = self.rng.random() < 0.2
        elif step.optional and self.rng.random() < 0.1:
            answer.skipped = True
        elif step.kind == StepKind.WRITE:
            # The first writing steps are about what's hard; the later ones turn kinder.
            if writing == 0 or (writing == 1 and writes >= 4):
                pools = [TOPICS[topic], REACTIONS]
            else:
                pools = [KINDNESS]
            answer.text = self.sentences(pools, self.rng.randint(1, 4))
        elif step.kind == StepKind.RATE:
            answer.rating = self.rng.randint(0, 10)
        elif step.kind == StepKind.CHOOSE:
            how_many = 2 if step.multiple and self.rng.random() < 0.4 else 1
            # "None of them, yet" or "Not sure" goes on its own (the step's on_its_own), never
            # one of two. A demo run goes the usual way: never an option that leads off it.
            options = [option for option in step.options if option not in step.branches]
            if how_many > 1:
                options = [option for option in options if option != step.on_its_own]
            picked = self.rng.sample(options, min(how_many, len(options)))
            answer.choices = [option for option in step.options if option in picked]
        elif step.kind == StepKind.PART:
            answer.part = self.rng.choices(self.parts, weights=PART_WEIGHTS)[0]
            answer.part_name = answer.part.name
        return answer

    def practice_run(self, finished_at: datetime, practice: Practice | None = None) -> Planned:
        practice = practice or self.rng.choice(self.practices)
        steps = self.steps[practice.pk]
        run = factories.RunFactory.build(
            user=self.person,
            practice=practice,
            status=Run.Status.FINISHED,
            current_step=CHECK_OUT,
            started_at=finished_at - timedelta(minutes=practice.minutes + self.rng.randint(0, 8)),
            finished_at=finished_at,
        )
        self.check_in(run)
        topic = self.topic()
        writes = sum(step.kind == StepKind.WRITE for step in steps)
        answers = []
        for step in steps:
            if step.kind == StepKind.READ:
                continue  # the flow saves nothing for a page to read
            writing = sum(answer.kind == StepKind.WRITE for answer in answers)
            answers.append(self.answer(run, step, topic, writing, writes))
        entry = factories.EntryFactory.build(
            user=self.person,
            run=run,
            title=practice.title,
            body="",
            created_at=finished_at,
            updated_at=finished_at,
        )
        return Planned(entry, run, answers)

    def free_entry(self, written_at: datetime) -> Planned:
        topic = self.topic()
        count = self.rng.randint(1, 6)
        pools = [TOPICS[topic], REACTIONS, KINDNESS] if count > 2 else [TOPICS[topic], REACTIONS]
        entry = factories.EntryFactory.build(
            user=self.person,
            title=self.rng.choice(FREE_TITLES) if self.rng.random() < 0.5 else "",
            body=self.sentences(pools, count),
            feeling=self.rng.randint(0, 10) if self.rng.random() < 0.9 else None,
            created_at=written_at,
            updated_at=written_at,
        )
        tag_names = set()
        how_many = self.rng.randint(0, 3)
        if how_many and topic in TOPIC_TAGS and self.rng.random() < 0.7:
            tag_names.add(TOPIC_TAGS[topic])
        while len(tag_names) < how_many:
            tag_names.add(self.rng.choice(TAGS))
        return Planned(entry, tag_names=sorted(tag_names))

    def paused_run(self, started_at: datetime, practice: Practice) -> Planned:
        """A run stopped partway, at a step that asks for something, with no entry yet."""
        steps = self.steps[practice.pk]
        stops = [index for index, step in enumerate(steps) if index and step.kind != StepKind.READ]
        stop = self.rng.choice(stops) if stops else len(steps) - 1
        run = factories.RunFactory.build(
            user=self.person,
            practice=practice,
            status=Run.Status.PAUSED,
            current_step=steps[stop].key,
            distress_before=self.rng.randint(3, 8),
            feeling_before=self.rng.choice(FEELINGS_BEFORE),
            started_at=started_at,
        )
        topic = self.topic()
        writes = sum(step.kind == StepKind.WRITE for step in steps)
        answers = []
        for step in steps[:stop]:
            if step.kind != StepKind.READ:
                writing = sum(answer.kind == StepKind.WRITE for answer in answers)
                answers.append(self.answer(run, step, topic, writing, writes))
        return Planned(None, run, answers)

    # The whole journal ---------------------------------------------------------------------

    def plan(self, count: int) -> tuple[list[Planned], list[Planned]]:
        planned = []
        for written_at in self.times(count):
            if self.rng.random() < SHARE_OF_RUNS:
                planned.append(self.practice_run(written_at))
            else:
                planned.append(self.free_entry(written_at))
        self.add_notes(planned)
        self.put_in_trash(planned)
        # Two practices under way, never the same one twice: Begin resumes a practice's one
        # unfinished run, so a person can't have two.
        first, second = self.rng.sample(self.practices, 2)
        paused = [
            self.paused_run(self.now - timedelta(hours=self.rng.randint(2, 5)), first),
            self.paused_run(self.now - timedelta(days=3, hours=self.rng.randint(0, 8)), second),
        ]
        return planned, paused

    def add_notes(self, planned: list[Planned]) -> None:
        """Looking back: a handful of notes on older entries, added weeks or months later."""
        older = [item for item in planned if item.entry.created_at < self.now - timedelta(days=60)]
        older = older or planned[len(planned) // 2 :]
        for item in self.rng.sample(older, min(5, len(planned) // 8, len(older))):
            gap = self.now - item.entry.created_at
            written_at = item.entry.created_at + gap * self.rng.uniform(0.2, 0.8)
            note = factories.EntryNoteFactory.build(
                entry=item.entry, text=self.rng.choice(NOTES), created_at=written_at
            )
            item.notes.append(note)

    def put_in_trash(self, planned: list[Planned]) -> None:
        """Two entries, from a week or two ago, went to the trash a few days ago."""
        candidates = [
            item
            for item in planned
            if item.entry.created_at < self.now - timedelta(days=5) and not item.notes
        ][:20] or [item for item in planned if not item.notes]
        for item in self.rng.sample(candidates, min(2, len(candidates))):
            deleted_at = self.now - timedelta(days=self.rng.randint(1, 4), hours=6)
            item.entry.deleted_at = max(deleted_at, item.entry.created_at + timedelta(minutes=5))

    def make(self, count: int) -> None:
        """Plan everything, then write it in bulk."""
        self.parts = Part.objects.bulk_create(
            factories.PartFactory.build(user=self.person, name=name, description=description)
            for name, description in PARTS
        )
        self.tags = {
            tag.name: tag
            for tag in Tag.objects.bulk_create(
                factories.TagFactory.build(user=self.person, name=name) for name in TAGS
            )
        }
        planned, paused = self.plan(count)
        for item in planned:
            fill_search(item)

        runs = [item.run for item in planned + paused if item.run]
        Run.objects.bulk_create(runs, batch_size=BATCH_SIZE)
        answers = [answer for item in planned + paused for answer in item.answers]
        Answer.objects.bulk_create(answers, batch_size=BATCH_SIZE)
        Entry.objects.bulk_create([item.entry for item in planned], batch_size=BATCH_SIZE)
        Entry.tags.through.objects.bulk_create(
            [
                Entry.tags.through(entry_id=item.entry.pk, tag_id=self.tags[name].pk)
                for item in planned
                for name in item.tag_names
            ],
            batch_size=BATCH_SIZE,
        )
        notes = [note for item in planned for note in item.notes]
        EntryNote.objects.bulk_create(notes, batch_size=BATCH_SIZE)

        # Runs were last touched when they finished or paused, parts made before first use.
        Run.objects.filter(user=self.person, finished_at__isnull=False).update(
            updated_at=F("finished_at")
        )
        for item in paused:
            Run.objects.filter(pk=item.run.pk).update(updated_at=item.run.started_at)
        first = min([item.entry.created_at for item in planned], default=self.now)
        Part.objects.filter(user=self.person).update(created_at=first - timedelta(days=1))
        CheckIn.objects.bulk_create(self.check_ins(CHECK_IN_DAYS), batch_size=BATCH_SIZE)
        Favourite.objects.bulk_create(
            Favourite(user=self.person, practice=practice)
            for practice in self.rng.sample(self.practices, min(3, len(self.practices)))
        )

    def check_ins(self, days: int) -> list[CheckIn]:
        """Daily check-ins on most of the last `days` days (some skipped: a gap is a gap), how
        the person was drifting gently, with a word or two now and then."""
        today = local_date(self.now, self.zone)
        made, how = [], 5
        for back in range(days, -1, -1):
            if self.rng.random() < 0.3:
                continue
            how = max(0, min(10, how + self.rng.choice((-2, -1, 0, 0, 1, 2))))
            at = self.now - timedelta(days=back)
            made.append(
                CheckIn(
                    user=self.person,
                    day=today - timedelta(days=back),
                    how_i_am=how,
                    words=self.rng.sample(CHECK_IN_WORDS, self.rng.choice((0, 1, 2))),
                    created_at=at,
                    updated_at=at,
                )
            )
        return made


def fill_search(item: Planned) -> None:
    """search_text and preview, by the same recipe as journal.services.refresh_search."""
    entry = item.entry
    fields = search_fields(
        title=entry.title,
        body=entry.body,
        feelings=[item.run.feeling_before, item.run.feeling_after] if item.run else [],
        answers=sorted(item.answers, key=by_position) if item.run else [],
        tags=item.tag_names,
        notes=[note.text for note in sorted(item.notes, key=by_created)],
    )
    entry.search_text, entry.preview = fields["search_text"], fields["preview"]


def by_position(answer: Answer) -> int:
    return answer.position


def by_created(note: EntryNote) -> datetime:
    return note.created_at


DEMO_PASSWORD = "practice-kindly"  # noqa: S105 (public on purpose: the README names it)


class Command(BaseCommand):
    help = "Make a demo person with a believable journal (once; --reset makes them again)."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="demo")
        parser.add_argument(
            "--password",
            default=DEMO_PASSWORD,
            help="Required when DEBUG is off: the default is printed in the README.",
        )
        parser.add_argument("--entries", type=int, default=60, help="How many journal entries.")
        parser.add_argument(
            "--reset", action="store_true", help="Delete the person first and make them again."
        )
        parser.add_argument(
            "--seed", type=int, default=1, help="Random seed: the same seed, the same journal."
        )
        parser.add_argument(
            "--with-therapist",
            action="store_true",
            help="Also make <username>-therapist, linked to them, with homework and a share.",
        )
        parser.add_argument(
            "--two-factor-key",
            default=two_factor.DEMO_KEY,
            help="The therapist's authenticator key (base32). Required when DEBUG is off: "
            "the default is printed in the README.",
        )

    def handle(
        self,
        *args,
        username,
        password,
        entries,
        reset,
        seed,
        with_therapist,
        two_factor_key,
        **options,
    ):
        refuse_what_cannot_be_made(entries, password, with_therapist, two_factor_key)
        users = get_user_model().objects
        existing = users.filter(username__iexact=username).first()
        if existing and not reset:
            self.stdout.write(
                f"{existing.username} already exists, so nothing changed "
                "(--reset makes them again)."
            )
            return
        email = f"{username}@example.com"
        if users.filter(email__iexact=email).exclude(username__iexact=username).exists():
            raise CommandError(f"Someone else already has the email address {email}.")
        practices = list(Practice.objects.for_library().order_by("slug").prefetch_related("steps"))
        if not practices:
            raise CommandError("No practices to use: run `manage.py sync_practices` first.")
        with transaction.atomic():
            if existing:
                users.filter(username__iexact=f"{username}-therapist").delete()
                existing.delete()
            person = factories.UserFactory(
                username=username,
                email=email,
                password=password,
                time_zone=TIME_ZONE,
            )
            rng = random.Random(seed)  # noqa: S311 (demo writing, not secrets)
            demo = Demo(person, practices, rng, timezone.now())
            demo.make(entries)
            if with_therapist:
                therapist = make_demo_therapist(person, demo, password, two_factor_key)
        self.stdout.write(
            f"Made {username} with {entries} entries; log in as {username} / {password}"
        )
        if with_therapist:
            self.stdout.write(
                f"Made {therapist.username}, their therapist; log in as "
                f"{therapist.username} / {password}, then the code an authenticator app "
                f"shows for the key {two_factor_key} (or run `manage.py demo_code`)"
            )


def refuse_what_cannot_be_made(entries, password, with_therapist, two_factor_key) -> None:
    """Stop, before anything is written, when the options can't or mustn't be used here."""
    if factories is None:
        raise CommandError(
            "seed_demo builds the demo people with the tests' factories (tests/factories.py), "
            "which need factory_boy, one of the dev dependencies: install them with "
            f"`make install` (requirements-dev.lock). ({FACTORIES_MISSING})"
        )
    if entries < 0:
        raise CommandError("--entries must be 0 or more.")
    if password == DEMO_PASSWORD and not settings.DEBUG:
        raise CommandError(
            "DEBUG is off, so this may be a real site, and the demo password is public. "
            "Choose one with --password if you really want a demo person here."
        )
    if with_therapist:
        check_two_factor_key(two_factor_key)


def check_two_factor_key(key: str) -> None:
    if key == two_factor.DEMO_KEY and not settings.DEBUG:
        raise CommandError(
            "DEBUG is off, so this may be a real site, and the demo's two-factor key is public "
            "(and refused at login). Choose one with --two-factor-key if you really want a demo "
            "therapist here."
        )
    try:
        if len(two_factor.hex_key(key)) != 40:
            raise ValueError
    except ValueError:
        raise CommandError(
            "--two-factor-key must be 32 letters A to Z and digits 2 to 7 (base32)."
        ) from None


SERIES_SLUGS = ("cft-soothing-rhythm-breathing", "cft-safe-place", "msc-soothing-touch")
WEEKLY_SLUG = "msc-self-compassion-break"
# When the demo did the weekly homework: (days ago, hour) in their own time zone, all within
# the homework's weeks (it began on the Monday of last week) and before now.
HOMEWORK_DONE = [(5, 20), (3, 8), (1, 19)]


def make_demo_therapist(person, demo: Demo, password: str, key: str):
    """A therapist linked to the demo person, with two-factor sign-in on (an authenticator
    app with `key`, as real therapists must have): weekly homework the demo has done a few times
    since it began, a series beginning today, one shared homework entry with a comment, and the
    reading of it in the person's access log. Everything it shows is true of the data: the
    runs counted are of the practice set, done within its weeks."""
    users = get_user_model().objects
    username = f"{person.username}-therapist"
    if users.filter(Q(username__iexact=username) | Q(email__iexact=f"{username}@example.com")):
        raise CommandError(f"{username} already exists; --reset makes both again.")
    therapist = factories.TherapistFactory(
        username=username,
        email=f"{username}@example.com",
        password=password,
        time_zone=TIME_ZONE,
        display_name="Dr. Alex Rivera",
    )
    factories.TwoFactorDeviceFactory(
        user=therapist, name="Authenticator app", key=two_factor.hex_key(key), confirmed=True
    )
    factories.CareLinkFactory(
        therapist=therapist, client=person, started_at=demo.now - timedelta(days=30)
    )
    library = {practice.slug: practice for practice in demo.practices}
    today = local_date(demo.now, person.zone)
    weekly = assign_practice(
        therapist,
        person,
        library[WEEKLY_SLUG],
        note="Whenever the inner critic gets loud this week. Short is fine.",
        schedule=Schedule.WEEKLY,
        starts_on=today - timedelta(days=today.weekday() + 7),
        times_per_week=3,
        weeks=4,
    )
    assign_series(
        therapist,
        person,
        [library[slug] for slug in SERIES_SLUGS if slug in library],
        title="Building a soothing system",
        note="One at a time. The next opens when you have done the one before.",
        starts_on=today,
    )
    done = [homework_run(demo, weekly, days_ago, hour) for days_ago, hour in HOMEWORK_DONE]
    shared = done[-1].entry
    sharing.share_entry(shared, therapist)
    sharing.add_comment(
        shared, therapist, "Thank you for sharing this. Let's talk about it on Thursday."
    )
    sharing.record_access(shared, therapist)
    return therapist


def homework_run(demo: Demo, assignment, days_ago: int, hour: int) -> Run:
    """A finished run of the assignment's practice, begun from it, `days_ago` days back at
    `hour` in the person's time zone, with its answers and entry written as the flow writes
    them."""
    day = local_date(demo.now, demo.zone) - timedelta(days=days_ago)
    finished_at = datetime(day.year, day.month, day.day, hour, demo.rng.randint(0, 59))
    planned = demo.practice_run(finished_at.replace(tzinfo=demo.zone), assignment.practice)
    planned.run.assignment = assignment
    fill_search(planned)
    planned.run.save()
    Run.objects.filter(pk=planned.run.pk).update(updated_at=planned.run.finished_at)
    Answer.objects.bulk_create(planned.answers)
    planned.entry.run = planned.run
    planned.entry.save()
    Entry.objects.filter(pk=planned.entry.pk).update(
        created_at=planned.entry.created_at, updated_at=planned.entry.created_at
    )
    planned.run.entry = planned.entry
    return planned.run
