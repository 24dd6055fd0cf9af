"""Write-side logic for runs: each function does one thing a person did, atomically."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from journal.models import CHECK_IN, CHECK_OUT, Answer, Entry, Part, Run
from practices.models import Practice, Step

HARD_MOMENT_RISE = 2


def step_keys(steps: list[Step]) -> list[str]:
    """The run's whole path: the check-in, every step, the check-out."""
    return [CHECK_IN, *(step.key for step in steps), CHECK_OUT]


def neighbour(steps: list[Step], key: str, offset: int) -> str | None:
    path = step_keys(steps)
    index = path.index(key) + offset
    return path[index] if 0 <= index < len(path) else None


@transaction.atomic
def start_run(user, practice: Practice) -> Run:
    return Run.objects.create(user=user, practice=practice, practice_version=practice.version)


@transaction.atomic
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


@transaction.atomic
def save_answer(
    run: Run, step: Step, values: dict, *, seen_revision: int | None, skipped: bool = False
) -> Saved:
    """Save a step's answer with a snapshot of what the step asked.

    Two tabs may save the same step: the later save wins, and if it replaces words the saving
    tab never saw, those words come back in `replaced_text` to be shown, never lost silently.
    """
    values = dict(values)
    new_part_name = values.pop("new_part", "")
    if new_part_name:
        values["part"] = Part.objects.create(user=run.user, name=new_part_name)
    if "part" in values:
        values["part_name"] = values["part"].name if values["part"] else ""

    answer = Answer.objects.select_for_update().filter(run=run, step_key=step.key).first()
    replaced = ""
    if answer is None:
        answer = Answer(run=run, step_key=step.key, revision=0)
    elif (
        seen_revision is not None
        and answer.revision != seen_revision
        and "text" in values
        and answer.text.strip()
        and answer.text != values["text"]
    ):
        replaced = answer.text
    answer.position = step.position
    answer.kind = step.kind
    answer.step_title = step.title
    answer.prompt = step.prompt
    answer.low, answer.high = step.low, step.high
    for name, value in values.items():
        setattr(answer, name, value)
    answer.skipped = skipped
    answer.revision += 1
    answer.replaced_text = replaced
    answer.save()
    return Saved(answer, replaced)


@transaction.atomic
def move_run(run: Run, key: str) -> None:
    run.current_step = key
    run.status = Run.Status.IN_PROGRESS
    run.save(update_fields=["current_step", "status", "updated_at"])


@transaction.atomic
def pause_run(run: Run, key: str) -> None:
    """Keep the run, resumable at the step where the person stopped."""
    run.status = Run.Status.PAUSED
    run.current_step = key
    run.save(update_fields=["status", "current_step", "updated_at"])


@transaction.atomic
def discard_run(run: Run) -> None:
    """The person chose to let this unfinished run go: it and its answers are deleted."""
    run.delete()


@transaction.atomic
def finish_run(run: Run) -> Entry:
    """Close the run, mark a hard moment, and make its journal entry (once)."""
    rise = run.distress_change
    run.hard_moment = run.stirred_up or (rise is not None and rise >= HARD_MOMENT_RISE)
    run.status = Run.Status.FINISHED
    run.current_step = CHECK_OUT
    run.finished_at = timezone.now()
    run.save(update_fields=["hard_moment", "status", "current_step", "finished_at", "updated_at"])
    entry, _ = Entry.objects.get_or_create(
        run=run, defaults={"user": run.user, "title": run.practice.title}
    )
    return entry
