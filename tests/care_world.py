"""One small world of therapists and clients, for the tests that check who may see what.

Theo is a therapist linked to Casey and Olive; Uma is a therapist linked to nobody here.
Casey has done homework Theo set (shared with him) and wrote a private entry too.
"""

from dataclasses import dataclass
from datetime import date

from care.services import assign_practice, assign_series
from compassion_site.accounts.models import CareLink, Invite
from journal import services, sharing
from journal.models import Entry, Part, Run
from practices.models import Assignment, Practice, Schedule, Series
from tests.audio import narrate_with_tone, record_with_tone
from tests.factories import (
    AccessRecordFactory,
    AnswerFactory,
    InviteFactory,
    PartFactory,
    TherapistCommentFactory,
    own_copy_of,
)

SHARED_WORDS = "Shared words about the garden gate"
PRIVATE_WORDS = "Private words about the lighthouse"
INVITE_TOKEN = "a-test-token-that-is-long-enough-to-look-real"
INVITE_CODE = "ABCDEFGH"


@dataclass
class CareWorld:
    therapist: object
    client: object
    other_therapist: object
    other_client: object
    assignment: Assignment
    series: Series
    shared_entry: Entry
    private_entry: Entry
    open_run: Run
    part: Part
    invite: Invite
    own_practice: Practice
    link: CareLink
    narration_key: str  # of the library practice's first step
    recording: str  # the own practice's first step's recorded voice, as stored


def finish(assignment_or_none, person, practice, words: str, *, hard=False) -> Entry:
    run = services.start_run(person, practice, assignment_or_none)
    services.save_check(run, "check-in", distress=7, feeling="tense")
    AnswerFactory(run=run, step=practice.steps.filter(kind="write").first(), text=words)
    services.save_check(run, "check-out", distress=4, feeling="softer", stirred_up=hard)
    return services.finish_run(run)


def own_practice_of(therapist, slug: str = "msc-self-compassion-break") -> Practice:
    """A copy of a library practice, written by the therapist."""
    return own_copy_of(
        Practice.objects.get(slug=slug),
        therapist,
        slug=f"{slug}-by-{therapist.username}",
        title=f"{therapist.username}'s own break",
    )


def build_care_world(therapist, client, other_therapist, other_client, today: date) -> CareWorld:
    """Needs the library loaded, and the fixtures of tests/conftest.py."""
    practice = Practice.objects.get(slug="msc-self-compassion-break")
    own = own_practice_of(therapist)
    assignment = assign_practice(
        therapist,
        client,
        own,
        note="For the week.",
        schedule=Schedule.WEEKLY,
        starts_on=today,
        times_per_week=2,
        weeks=3,
    )
    series = assign_series(
        therapist,
        client,
        list(Practice.objects.for_library().order_by("slug")[:3]),
        title="Three steps",
        starts_on=today,
    )
    shared = finish(assignment, client, own, SHARED_WORDS, hard=True)
    sharing.share_entry(shared, therapist)
    TherapistCommentFactory(entry=shared, therapist=therapist, text="Thank you.")
    AccessRecordFactory(client=client, therapist=therapist, entry=shared)
    private = finish(None, client, practice, PRIVATE_WORDS)
    open_run = services.start_run(client, practice)
    part = PartFactory(user=client, name="The Worrier")
    invite = InviteFactory(therapist=therapist, token=INVITE_TOKEN, code=INVITE_CODE)
    return CareWorld(
        therapist=therapist,
        client=client,
        other_therapist=other_therapist,
        other_client=other_client,
        assignment=assignment,
        series=series,
        shared_entry=shared,
        private_entry=private,
        open_run=open_run,
        part=part,
        invite=invite,
        own_practice=own,
        link=CareLink.objects.get(therapist=therapist, client=client),
        narration_key=narrate_with_tone(practice.steps.first()).key,
        recording=record_with_tone(own.steps.first()),
    )
