"""Trying a practice without an account: what a visitor writes is held only in their own
session (request.session), never in a table, never in a log, and for an hour at most.

The words are held under one session key with the time they were last written. Every read
checks that time: after an hour they are dropped, so an old session never hands them out.
Only a few short practices may be tried (TRY_SLUGS, an explicit allow-list).

When the visitor asks to keep them (the end page's "Keep what you wrote", which marks the
held words `keep`) and then signs up or logs in, `keep_held_words`, a receiver of Django's
`user_logged_in` (connected in journal/apps.py), makes them a finished run in that person's
journal, once, and removes them from the session. Accounts never import the journal.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.contrib import messages
from django.db import transaction
from django.utils import timezone

from journal import services
from journal.models import Entry, Run
from practices.models import Practice, Step, StepKind

# The practices a visitor may try: short, gentle, nothing in them needs an account.
TRY_SLUGS = ("cft-grounding", "msc-self-compassion-break")
SESSION_KEY = "tend.trying"
HELD_FOR = timedelta(hours=1)
# The kinds of step the practices above have, and the only ones a visitor's form may hold.
TRY_KINDS = {StepKind.READ, StepKind.TIMER, StepKind.WRITE, StepKind.RATE, StepKind.CHOOSE}


@dataclass
class Held:
    """What a visitor wrote in one practice, as their session holds it."""

    slug: str
    written_at: datetime
    answers: dict = field(default_factory=dict)  # step key -> {"text", "rating", "choices"}
    skipped: list = field(default_factory=list)  # step keys the visitor skipped
    finished: bool = False
    keep: bool = False  # the visitor asked to keep what they wrote

    def as_session(self) -> dict:
        return {
            "slug": self.slug,
            "written_at": self.written_at.isoformat(),
            "answers": self.answers,
            "skipped": self.skipped,
            "finished": self.finished,
            "keep": self.keep,
        }

    @property
    def has_words(self) -> bool:
        return any(
            (value.get("text") or "").strip()
            or value.get("rating") is not None
            or value.get("choices")
            for value in self.answers.values()
        )


def triable(slug: str) -> bool:
    return slug in TRY_SLUGS


def held_words(session, slug: str | None = None, now: datetime | None = None) -> Held | None:
    """The words this session holds (for `slug`, when given), or None. Words written more
    than an hour ago are dropped from the session here, on every read."""
    raw = session.get(SESSION_KEY)
    if not isinstance(raw, dict):
        return None
    try:
        held = Held(
            slug=str(raw["slug"]),
            written_at=datetime.fromisoformat(raw["written_at"]),
            answers=dict(raw.get("answers") or {}),
            skipped=list(raw.get("skipped") or []),
            finished=bool(raw.get("finished")),
            keep=bool(raw.get("keep")),
        )
    except (KeyError, TypeError, ValueError):
        forget(session)
        return None
    now = now or timezone.now()
    if not triable(held.slug) or now - held.written_at >= HELD_FOR or held.written_at > now:
        forget(session)
        return None
    if slug is not None and held.slug != slug:
        return None
    return held


def hold(session, held: Held) -> None:
    """Hold `held` in the session, stamped now: the hour starts again from the last words."""
    held.written_at = timezone.now()
    session[SESSION_KEY] = held.as_session()


def forget(session) -> None:
    session.pop(SESSION_KEY, None)


def begin(session, slug: str) -> Held:
    """The held words for `slug`, or a fresh start (letting go of another practice's)."""
    held = held_words(session, slug)
    if held is None:
        held = Held(slug=slug, written_at=timezone.now())
    return held


def answer_values(held: Held, key: str) -> dict:
    return held.answers.get(key) or {}


def keep_answer(session, held: Held, step: Step, values: dict, *, skipped: bool) -> None:
    """Hold one step's answer (the values a step form cleaned: text, rating or choices)."""
    kept = {name: values[name] for name in ("text", "rating", "choices") if name in values}
    held.answers[step.key] = kept
    if skipped and step.key not in held.skipped:
        held.skipped.append(step.key)
    elif not skipped and step.key in held.skipped:
        held.skipped.remove(step.key)
    hold(session, held)


# Keeping the words once the visitor has an account -----------------------------------------


def keep_held_words(sender, request, user, **kwargs) -> None:
    """On login (a new account's included): the words a visitor asked to keep, still fresh,
    become a finished run in this person's journal, once; the session lets them go."""
    session = getattr(request, "session", None)
    if session is None:
        return
    held = held_words(session)
    if held is None or not held.keep:
        return
    forget(session)  # first: a second login with the same session can't keep them twice
    if not held.has_words:
        return
    entry = move_into_journal(user, held)
    if entry is not None:
        messages.success(
            request,
            f"What you wrote in “{entry.title}” is kept: it's in your journal now, for you alone.",
        )


@transaction.atomic
def move_into_journal(user, held: Held) -> Entry | None:
    """A finished run of the practice tried, with an answer for each step written in, and
    its journal entry. None if the practice is no longer in the library."""
    practice = Practice.objects.current().in_library().filter(slug=held.slug).first()
    if practice is None:
        return None
    run = services.start_run(user, practice)
    Run.objects.filter(pk=run.pk).update(started_at=held.written_at)
    for step in practice.steps.all():
        values = held.answers.get(step.key)
        if step.kind not in TRY_KINDS or step.kind in (StepKind.READ, StepKind.TIMER):
            continue
        if not values:
            continue
        services.save_answer(
            run, step, values, seen_revision=None, skipped=step.key in held.skipped
        )
    return services.finish_run(run)
