"""Write-side logic for runs and entries: each function does one thing a person did, atomically."""

import copy
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from compassion_site.lib.sql import update_sql, values_to_save
from journal import sharing
from journal.models import (
    CHECK_IN,
    CHECK_OUT,
    TRASH_DAYS,
    Answer,
    Entry,
    EntryNote,
    Part,
    Run,
    Tag,
)
from journal.search import search_fields
from practices.models import Assignment, Practice, Step, StepKind, way_through
from practices.queries import kept_for_saved_state

HARD_MOMENT_RISE = 2


def run_steps(run: Run) -> list[Step]:
    """The run's steps, in order, at the length chosen before starting: the steps its version
    leaves out are gone and its timers take the version's seconds. Retimed steps are copies
    held in memory, never saved; the usual length gives the practice's own steps."""
    return with_variant(practice_steps(run.practice), run.chosen_variant)


_kept_steps: dict[tuple, tuple[Step, ...]] = {}


def practice_steps(practice: Practice) -> list[Step]:
    """The practice's steps, in order, read once per process for each saved state of the
    practice (`kept_for_saved_state`). Every step of a practice reads them, so this saves a
    query on each. Treat the steps as read-only: the same objects serve the next request."""
    practice_saved = (practice.pk, practice.version, practice.updated_at)
    steps = kept_for_saved_state(_kept_steps, practice_saved, lambda: tuple(practice.steps.all()))
    return list(steps)


def with_variant(steps: list[Step], variant: dict | None) -> list[Step]:
    """`steps` as the version `variant` (one of Practice.variants, or None) has them."""
    if not variant:
        return steps
    left_out = set(variant.get("leave_out") or [])
    seconds = variant.get("seconds") or {}
    shown = []
    for step in steps:
        if step.key in left_out:
            continue
        if step.kind == StepKind.TIMER and step.key in seconds:
            step = copy.copy(step)
            step.seconds = seconds[step.key]
        shown.append(step)
    return shown


def variant_key(practice: Practice, wanted: str) -> str:
    """The key of the practice's version asked for, or "" (the usual length) for a key it
    doesn't have."""
    keys = {variant.get("key") for variant in practice.variants}
    return wanted if wanted and wanted in keys else ""


def step_keys(steps: list[Step]) -> list[str]:
    """The run's whole path: the check-in, every step, the check-out."""
    return [CHECK_IN, *(step.key for step in steps), CHECK_OUT]


def way_keys(run: Run, steps: list[Step], answers: dict[str, Answer] | None = None) -> list[str]:
    """The way this run goes: the check-in, the steps along the choices made so far (a "no"
    may lead straight to a kind ending), the check-out. One query, for practices with
    branches only, and none when the run's `answers` (by step key) are given."""
    branching = [step.key for step in steps if step.branches]
    chosen = {}
    if branching and answers is not None:
        chosen = {
            key: answers[key].choices
            for key in branching
            if key in answers and not answers[key].skipped
        }
    elif branching:
        found = Answer.objects.filter(run=run, step_key__in=branching, skipped=False)
        chosen = dict(found.values_list("step_key", "choices"))
    return [CHECK_IN, *(step.key for step in way_through(steps, chosen)), CHECK_OUT]


def place_on_way(
    run: Run, steps: list[Step], key: str, answers: dict[str, Answer] | None = None
) -> tuple[int, int]:
    """The "Step N of M" for this step, counted along the run's way. A step off the way (an old
    address) counts by its place in the practice, never past the end."""
    way = way_keys(run, steps, answers)
    if key in way:
        return way.index(key), len(way) - 2
    number = step_keys(steps).index(key)
    return number, max(number, sum(not step.ending for step in steps))


def neighbour(
    steps: list[Step],
    key: str,
    offset: int,
    run: Run | None = None,
    answers: dict[str, Answer] | None = None,
) -> str | None:
    """The step after (offset 1) or before (-1) this one on the run's way: Back from a step a
    choice led to returns to that choice. From a step off the way (an old address), the
    nearest step on the way in that direction. Without a run, the usual way."""
    if run is None:
        way = [CHECK_IN, *(step.key for step in way_through(steps, {})), CHECK_OUT]
    else:
        way = way_keys(run, steps, answers)
    if key in way:
        index = way.index(key) + offset
        return way[index] if 0 <= index < len(way) else None
    order = {each: number for number, each in enumerate(step_keys(steps))}
    if key not in order:
        return None
    around = [each for each in way if (order[each] - order[key]) * offset > 0]
    if not around:
        return None
    return around[0] if offset > 0 else around[-1]


@transaction.atomic
def start_run(
    user, practice: Practice, assignment: Assignment | None = None, variant: str = ""
) -> Run:
    """Begin a practice, at the length chosen (a variant's key, "" for the usual one); from
    homework, the run counts toward that assignment."""
    return Run.objects.create(
        user=user,
        practice=practice,
        practice_version=practice.version,
        assignment=assignment,
        variant=variant_key(practice, variant),
    )


OPEN = (Run.Status.IN_PROGRESS, Run.Status.PAUSED)


def one_begin_at_a_time(user) -> None:
    """Hold the person's row until this transaction ends, so Begin pressed twice at once
    takes turns: the second finds the run the first made. (SQLite's IMMEDIATE transactions
    already take turns; this is for PostgreSQL.)"""
    people = get_user_model().objects.select_for_update()
    list(people.filter(pk=user.pk).values_list("pk", flat=True))


@transaction.atomic
def begin_practice(
    user, practice: Practice, assignment: Assignment | None = None, variant: str = ""
) -> tuple[Run, bool]:
    """Begin a practice, or pick up the unfinished run of it already begun: one run per
    practice (per homework, from homework) however often Begin is pressed. Returns the run
    and whether it is new."""
    one_begin_at_a_time(user)
    begun = Run.objects.filter(user=user, practice=practice, status__in=OPEN)
    if assignment is not None:
        begun = begun.filter(assignment=assignment)
    run = begun.order_by("-updated_at").first()
    if run is not None:
        return run, False
    return start_run(user, practice, assignment, variant), True


@transaction.atomic
def start_again(run: Run) -> Run:
    """The person chose to begin this practice afresh: the unfinished run and its answers
    are let go (they were asked first) and a new run begins, toward the same homework.
    A second press finds the fresh run already there and returns it."""
    one_begin_at_a_time(run.user)
    old = Run.objects.filter(pk=run.pk, status__in=OPEN).first()
    if old is not None:
        old.delete()
    fresh, _ = begin_practice(run.user, run.practice, run.assignment, run.variant)
    return fresh


# The writes of one step. Each is atomic on its own; a step's POST runs them inside one
# transaction of its own (journal.views.runs.save_step), so they nest without savepoints:
# a failure anywhere rolls back the whole step, and the step commits once.
step_write = transaction.atomic(savepoint=False)


def lock_run(run: Run) -> None:
    """Hold the run's row until this transaction ends: saves to one run take turns."""
    list(Run.objects.select_for_update().filter(pk=run.pk).order_by().values_list("pk"))


@step_write
def save_check(run: Run, key: str, *, distress, feeling: str, stirred_up: bool = False) -> None:
    """The check-in before (key CHECK_IN) or after (CHECK_OUT) the practice."""
    if key == CHECK_IN:
        run.distress_before, run.feeling_before = distress, feeling.strip()
        fields = ["distress_before", "feeling_before"]
    else:
        run.distress_after, run.feeling_after = distress, feeling.strip()
        run.stirred_up = stirred_up
        fields = ["distress_after", "feeling_after", "stirred_up"]
    run.save(update_fields=[*fields, "updated_at"])


@dataclass
class Saved:
    answer: Answer
    replaced_text: str = ""


@step_write
def save_answer(
    run: Run,
    step: Step,
    values: dict,
    *,
    seen_revision: int | None,
    skipped: bool = False,
    tab: str = "",
) -> Saved:
    """Save a step's answer with a snapshot of what the step asked (see `write_answer`).

    One save at a time per run: a Next and a draft save landing together take turns, so the
    second finds the first's answer instead of inserting a twin.
    """
    lock_run(run)
    answer = Answer.objects.filter(run=run, step_key=step.key).order_by().first()
    return write_answer(
        run, step, answer, values, seen_revision=seen_revision, skipped=skipped, tab=tab
    )


@step_write
def write_answer(
    run: Run,
    step: Step,
    answer: Answer | None,
    values: dict,
    *,
    seen_revision: int | None,
    skipped: bool = False,
    tab: str = "",
) -> Saved:
    """Save a step's answer with a snapshot of what the step asked, over `answer`: the step's
    answer as read after the run's row was locked in this transaction (None when there is
    none yet), so no other save can land between the read and this write.

    Two tabs may save the same step: the later save wins, and if it replaces words the saving
    tab never saw, those words come back in `replaced_text` to be shown, never lost silently.
    `tab` names the browser tab saving (tab.js sends it): saves from the tab that saved last
    (a draft sent as the page closed, landing after the reloaded page was served) are that
    tab's own words, never another tab's. Without a tab, any other revision counts as another
    tab's.
    """
    values = dict(values)
    new_part_name = values.pop("new_part", "")
    if new_part_name:
        values["part"] = Part.objects.create(user=run.user, name=new_part_name)
    if "part" in values:
        values["part_name"] = values["part"].name if values["part"] else ""

    replaced = ""
    if answer is None:
        answer = Answer(run=run, step_key=step.key, revision=0)
    elif (
        seen_revision is not None
        and answer.revision != seen_revision
        and not (tab and answer.saved_by_tab == tab)
        and "text" in values
        and answer.text.strip()
        and answer.text != values["text"]
    ):
        replaced = answer.text
    answer.take_snapshot(step)
    for name, value in values.items():
        setattr(answer, name, value)
    answer.skipped = skipped
    answer.revision += 1
    answer.replaced_text = replaced
    answer.saved_by_tab = tab
    if answer.pk is None:
        answer.save()
    else:
        save_again(answer)
    return Saved(answer, replaced)


# What saving an answer again may change: every column but its id, its run and its step.
ANSWER_SAVED_FIELDS = [
    field for field in Answer._meta.concrete_fields if field.name not in ("id", "run", "step_key")
]
ANSWER_SAVED_SQL = update_sql(Answer, ANSWER_SAVED_FIELDS)


def save_again(answer: Answer) -> None:
    """`answer.save()` for an answer already saved, written out: every step saves one, and the
    ORM took longer to build the UPDATE than the database took to run it. Should the row be
    gone, the ORM's save makes it again, as it would have."""
    with connection.cursor() as cursor:
        cursor.execute(ANSWER_SAVED_SQL, [*values_to_save(answer, ANSWER_SAVED_FIELDS), answer.pk])
        saved = cursor.rowcount
    if not saved:
        answer.save()


RUN_MOVED_FIELDS = [Run._meta.get_field(name) for name in ("current_step", "status", "updated_at")]
RUN_MOVED_SQL = update_sql(Run, RUN_MOVED_FIELDS)


@step_write
def move_run(run: Run, key: str) -> None:
    """The run is at step `key`, under way. Written out: every step moves its run, and the
    ORM took longer to build this UPDATE than the database took to run it."""
    run.current_step = key
    run.status = Run.Status.IN_PROGRESS
    with connection.cursor() as cursor:
        cursor.execute(RUN_MOVED_SQL, [*values_to_save(run, RUN_MOVED_FIELDS), run.pk])


@step_write
def pause_run(run: Run, key: str) -> None:
    """Keep the run, resumable at the step where the person stopped."""
    run.status = Run.Status.PAUSED
    run.current_step = key
    run.save(update_fields=["status", "current_step", "updated_at"])


@transaction.atomic
def discard_run(run: Run) -> None:
    """The person chose to let this unfinished run go: it and its answers are deleted."""
    run.delete()


@step_write
def finish_run(run: Run) -> Entry:
    """Close the run, mark a hard moment, and make its journal entry (once, however many
    Finish presses arrive together: the run row is locked while it closes)."""
    locked = Run.objects.select_for_update().get(pk=run.pk)
    if locked.status == Run.Status.FINISHED:
        return Entry.objects.get(run=run)
    rise = run.distress_change
    run.hard_moment = run.stirred_up or (rise is not None and rise >= HARD_MOMENT_RISE)
    run.status = Run.Status.FINISHED
    run.current_step = CHECK_OUT
    run.finished_at = timezone.now()
    run.save(update_fields=["hard_moment", "status", "current_step", "finished_at", "updated_at"])
    entry, created = Entry.objects.get_or_create(
        run=run, defaults={"user": run.user, "title": run.practice.title}
    )
    if created:
        refresh_search(entry)
        sharing.share_if_chosen(run, entry)
    return entry


# Entries -----------------------------------------------------------------------------------


def refresh_search(entry: Entry) -> None:
    """Rebuild the entry's searchable text and list preview from everything in it."""
    run = entry.run if entry.run_id else None
    fields = search_fields(
        title=entry.title,
        body=entry.body,
        feelings=[run.feeling_before, run.feeling_after] if run else [],
        answers=run.answers.order_by("position") if run else [],
        tags=[tag.name for tag in entry.tags.all()],
        notes=list(entry.notes.values_list("text", flat=True)),
    )
    entry.search_text, entry.preview = fields["search_text"], fields["preview"]
    entry.save(update_fields=["search_text", "preview"])


def tags_named(user, names: list[str]) -> list[Tag]:
    """The person's tags with these names (any case), made when new. Safe when several saves
    make the same new tag at once: a tag another save made first is simply used."""
    existing = {tag.name.casefold(): tag for tag in Tag.objects.filter(user=user)}
    new = {name.casefold(): name for name in names if name.casefold() not in existing}
    if new:
        Tag.objects.bulk_create(
            [Tag(user=user, name=name) for name in new.values()], ignore_conflicts=True
        )
        existing = {tag.name.casefold(): tag for tag in Tag.objects.filter(user=user)}
    return [existing[name.casefold()] for name in names if name.casefold() in existing]


def create_entry(
    user, *, title: str, body: str, feeling: int | None, tags: list[str], submission: str = ""
) -> Entry:
    """A free entry. The form's `submission` mark makes a double press (or a retried post)
    give back the entry the first one made, rather than a second copy."""
    if submission:
        earlier = Entry.objects.filter(user=user, submission=submission).first()
        if earlier is not None:
            return earlier
    try:
        with transaction.atomic():
            entry = Entry.objects.create(
                user=user, title=title.strip(), body=body, feeling=feeling, submission=submission
            )
            entry.tags.set(tags_named(user, tags))
            refresh_search(entry)
    except IntegrityError:
        if not submission:
            raise
        return Entry.objects.get(user=user, submission=submission)  # the twin press won
    return entry


@dataclass
class EditConflict:
    """The entry changed in another tab after this edit began: the saved version, to show
    beside this one so the person can choose."""

    saved: Entry


@transaction.atomic
def edit_entry(
    entry: Entry,
    *,
    seen_version: int,
    title: str | None = None,
    body: str | None = None,
    feeling: int | None = None,
    tags: list[str],
    answers: dict[int, dict],
) -> EditConflict | None:
    """Save an edit, unless someone saved another edit since `seen_version`: then nothing is
    written and the conflict comes back, so the person can see both and choose."""
    current = Entry.objects.select_for_update().get(pk=entry.pk)
    if current.version != seen_version:
        return EditConflict(saved=current)
    if entry.run_id is None:
        current.title, current.body, current.feeling = title.strip(), body, feeling
    current.version += 1
    current.updated_at = timezone.now()
    current.save(update_fields=["title", "body", "feeling", "version", "updated_at"])
    current.tags.set(tags_named(entry.user, tags))
    if answers:
        for answer in Answer.objects.filter(run_id=entry.run_id, pk__in=answers):
            changes = {
                name: value
                for name, value in answers[answer.pk].items()
                if getattr(answer, name) != value
            }
            if changes:
                for name, value in changes.items():
                    setattr(answer, name, value)
                answer.revision += 1
                answer.save(update_fields=[*changes, "revision", "updated_at"])
    refresh_search(current)
    return None


def add_note(entry: Entry, text: str, submission: str = "") -> EntryNote:
    """Looking back: a dated note beside the entry; what was written then stays as it was.
    The same form sent twice (`submission`) adds the note once."""
    if submission:
        earlier = EntryNote.objects.filter(entry=entry, submission=submission).first()
        if earlier is not None:
            return earlier
    try:
        with transaction.atomic():
            note = EntryNote.objects.create(entry=entry, text=text, submission=submission)
            refresh_search(entry)
    except IntegrityError:
        if not submission:
            raise
        return EntryNote.objects.get(entry=entry, submission=submission)
    return note


@transaction.atomic
def trash_entry(entry: Entry) -> None:
    entry.deleted_at = timezone.now()
    entry.save(update_fields=["deleted_at"])


@transaction.atomic
def restore_entry(entry: Entry) -> None:
    entry.deleted_at = None
    entry.save(update_fields=["deleted_at"])


def _purge(entries) -> int:
    """Remove entries for good, with the runs and answers they came from."""
    entries = list(entries.values_list("pk", "run_id"))
    run_ids = [run_id for _, run_id in entries if run_id]
    Run.objects.filter(pk__in=run_ids).delete()  # cascades to their entries and answers
    Entry.objects.filter(pk__in=[pk for pk, _ in entries]).delete()
    return len(entries)


@transaction.atomic
def purge_entry(entry: Entry) -> None:
    _purge(Entry.objects.in_trash().filter(pk=entry.pk))


@transaction.atomic
def empty_trash(user) -> int:
    return _purge(Entry.objects.in_trash().filter(user=user))


@transaction.atomic
def purge_expired_trash(now: datetime | None = None) -> int:
    """Everyone's entries that have been in the trash for 30 days or more."""
    cutoff = (now or timezone.now()) - timedelta(days=TRASH_DAYS)
    return _purge(Entry.objects.in_trash().filter(deleted_at__lte=cutoff))
