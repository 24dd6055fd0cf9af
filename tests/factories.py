"""The one set of factories for Tend's data: the tests, seed_demo and the benches all build
people, links, homework, runs and journals through these (factory_boy, a dev dependency).

Factories make data, nothing more: a test that checks a rule goes through the service that
keeps it (journal.services, care.services); a factory is for what the test only needs to exist.
Every factory works with build() (not saved, for bulk_create) and create().

    UserFactory()                          # someone who can log in with PASSWORD
    UserFactory(therapist=True)            # therapist mode on
    CareLinkFactory(therapist=theo, client=casey)
    RunFactory(user=robin, practice=p, finished=True)
    AnswerFactory(run=run, step=step, text="...")   # with the step's snapshot
    EntryFactory(user=robin, body="...", tags=[tag])
"""

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from care.models import ReminderSent
from compassion_site.accounts.models import CareLink, Invite, fingerprint
from journal.models import (
    CHECK_OUT,
    AccessRecord,
    Answer,
    Entry,
    EntryNote,
    Part,
    Run,
    Share,
    Tag,
    TherapistComment,
)
from practices.models import Assignment, Practice, Series, Step, StepKind

PASSWORD = "quiet-harbour-lanterns-7"


# People ------------------------------------------------------------------------------------


class UserFactory(factory.django.DjangoModelFactory):
    """A person with a confirmed address who logs in with PASSWORD (create_user, so the
    password is hashed and the address confirmed as for any operator-made account)."""

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    class Params:
        therapist = factory.Trait(therapist_mode=True)

    username = factory.Sequence(lambda n: f"person-{n}")
    email = factory.LazyAttribute(lambda person: f"{person.username}@example.org")
    password = PASSWORD
    time_zone = "UTC"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return model_class.objects.create_user(*args, **kwargs)

    @classmethod
    def _build(cls, model_class, *args, **kwargs):
        password = kwargs.pop("password", None)
        person = model_class(*args, **kwargs)
        person.set_password(password)
        return person


class TherapistFactory(UserFactory):
    """A person with therapist mode on."""

    therapist_mode = True


class TwoFactorDeviceFactory(factory.django.DjangoModelFactory):
    """A confirmed authenticator app (TOTP) for a person; `key` is hex, as django-otp keeps it."""

    class Meta:
        model = TOTPDevice

    user = factory.SubFactory(TherapistFactory)
    name = "Authenticator app"
    confirmed = True


class CareLinkFactory(factory.django.DjangoModelFactory):
    """A therapist and a client linked, as an accepted invite links them."""

    class Meta:
        model = CareLink

    therapist = factory.SubFactory(TherapistFactory)
    client = factory.SubFactory(UserFactory)


class InviteFactory(factory.django.DjangoModelFactory):
    """An open invite with a known link token and code (care.services.create_invite draws
    random ones; this is for tests that must type them)."""

    class Meta:
        model = Invite
        exclude = ("token", "code")

    therapist = factory.SubFactory(TherapistFactory)
    token = factory.Sequence(lambda n: f"a-test-token-number-{n:04d}-long-enough-to-look-real")
    code = factory.Sequence(lambda n: f"CODE{n:04d}")
    token_hash = factory.LazyAttribute(lambda invite: fingerprint(invite.token))
    code_hash = factory.LazyAttribute(lambda invite: fingerprint(invite.code))
    expires_at = factory.LazyFunction(Invite.expiry_from)


# Practices and homework --------------------------------------------------------------------


class PracticeFactory(factory.django.DjangoModelFactory):
    """A therapist's own practice (the library comes from sync_practices, not from here).
    Add steps with StepFactory, or copy a library practice's with own_copy_of()."""

    class Meta:
        model = Practice

    slug = factory.Sequence(lambda n: f"own-practice-{n}")
    version = "1"
    title = factory.Sequence(lambda n: f"My own practice {n}")
    modality = "cft"
    intensity = "gentle"
    minutes = 5
    self_guided = False
    summary = "A short practice of my own."
    why = "To try it together."
    source = ""
    author = factory.SubFactory(TherapistFactory)


class StepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Step

    practice = factory.SubFactory(PracticeFactory)
    key = factory.Sequence(lambda n: f"step-{n}")
    position = factory.Sequence(lambda n: n + 1)
    kind = StepKind.READ
    title = factory.Sequence(lambda n: f"Step {n}")


def own_copy_of(library_practice: Practice, therapist, **fields) -> Practice:
    """A copy of a library practice and its steps, written by `therapist`."""
    copied = {
        field.name: getattr(library_practice, field.name)
        for field in Practice._meta.concrete_fields
        if field.name not in ("id", "slug", "title", "author", "self_guided", "updated_at")
    }
    practice = PracticeFactory(author=therapist, **{**copied, **fields})
    for step in library_practice.steps.all():
        values = {
            field.name: getattr(step, field.name)
            for field in Step._meta.concrete_fields
            if field.name not in ("id", "practice")
        }
        StepFactory(practice=practice, **values)
    return practice


class SeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Series

    therapist = factory.SubFactory(TherapistFactory)
    client = factory.SubFactory(UserFactory)
    title = "A few practices in order"
    starts_on = factory.LazyFunction(timezone.localdate)


class AssignmentFactory(factory.django.DjangoModelFactory):
    """Homework, written straight to the table (care.services.assign_practice checks the link
    and the practice; use it where that is what the test is about)."""

    class Meta:
        model = Assignment

    therapist = factory.SubFactory(TherapistFactory)
    client = factory.SubFactory(UserFactory)
    practice = factory.SubFactory(PracticeFactory, author=factory.SelfAttribute("..therapist"))
    starts_on = factory.LazyFunction(timezone.localdate)


class ReminderSentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReminderSent

    assignment = factory.SubFactory(AssignmentFactory)
    due_on = factory.LazyFunction(timezone.localdate)


# What a person did and wrote ---------------------------------------------------------------


class PartFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Part

    user = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Part {n}")


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag

    user = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"tag-{n}")


class RunFactory(factory.django.DjangoModelFactory):
    """A run of a practice (pass one from the library: Practice.objects.get(slug=...)).
    `finished=True` makes it finished at check-out, `finished_at` now unless given."""

    class Meta:
        model = Run

    class Params:
        finished = factory.Trait(
            status=Run.Status.FINISHED,
            current_step=CHECK_OUT,
            finished_at=factory.LazyFunction(timezone.now),
        )

    user = factory.SubFactory(UserFactory)
    practice = factory.SubFactory(PracticeFactory)
    practice_version = factory.LazyAttribute(lambda run: run.practice.version)


class AnswerFactory(factory.django.DjangoModelFactory):
    """An answer to one step, with the step's snapshot as the flow keeps it (`step=`)."""

    class Meta:
        model = Answer
        exclude = ("step",)

    run = factory.SubFactory(RunFactory)
    step = None
    step_key = factory.LazyAttributeSequence(
        lambda answer, n: answer.step.key if answer.step else f"step-{n}"
    )
    position = factory.LazyAttribute(lambda answer: answer.step.position if answer.step else 1)
    kind = factory.LazyAttribute(lambda answer: answer.step.kind if answer.step else "write")
    step_title = factory.LazyAttribute(lambda answer: answer.step.title if answer.step else "")
    prompt = factory.LazyAttribute(lambda answer: answer.step.prompt if answer.step else "")
    low = factory.LazyAttribute(lambda answer: answer.step.low if answer.step else "")
    high = factory.LazyAttribute(lambda answer: answer.step.high if answer.step else "")


class EntryFactory(factory.django.DjangoModelFactory):
    """An entry written straight to the table: no search text unless given (journal.services
    create_entry and refresh_search make those; use them where search is what is tested).
    `tags=[...]` adds tags once saved."""

    class Meta:
        model = Entry
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    body = "Wrote a little today."

    @factory.post_generation
    def tags(entry, create, extracted, **kwargs):
        if create and extracted:
            entry.tags.add(*extracted)


class EntryNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EntryNote

    entry = factory.SubFactory(EntryFactory)
    text = "Looking back, it passed."


class ShareFactory(factory.django.DjangoModelFactory):
    """A share written straight to the table (journal.sharing.share_entry checks the link)."""

    class Meta:
        model = Share

    entry = factory.SubFactory(EntryFactory)
    therapist = factory.SubFactory(TherapistFactory)


class TherapistCommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TherapistComment

    entry = factory.SubFactory(EntryFactory)
    therapist = factory.SubFactory(TherapistFactory)
    text = "Thank you."


class AccessRecordFactory(factory.django.DjangoModelFactory):
    """A therapist opened a client's entry (journal.sharing.record_access writes these)."""

    class Meta:
        model = AccessRecord

    entry = factory.SubFactory(EntryFactory)
    client = factory.LazyAttribute(lambda record: record.entry.user)
    therapist = factory.SubFactory(TherapistFactory)
    entry_title = factory.LazyAttribute(lambda record: record.entry.display_title)
