"""A therapist's own practices: reading them for their author, saving and archiving them.

Own practices are checked exactly like library files (practices.library.check_practice) and
written by the same write_practice. They are never self-guided: clients meet them only through
an assignment. Their slugs are generated here, so they never collide with the library's.
"""

import re
import secrets

from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404
from django.utils import timezone
from django.utils.text import slugify

from practices.audio import SpeechAudio
from practices.format import fingerprint
from practices.library import PracticeDefinition
from practices.models import Practice
from practices.recordings import store_recording
from practices.services import write_practice

SLUG_BASE_LENGTH = 60  # leaves room for "-" and the random suffix within the 80 a slug holds
PLACEHOLDER_SLUG = "own-practice"  # stands in while checking; save_own_practice replaces it


# Reading -----------------------------------------------------------------------------------


def get_own_practice(request, practice_id: int, *, with_steps: bool = False) -> Practice:
    """A current practice written by the signed-in therapist; 404 for anyone else's, for
    archived ones and for library practices. `with_steps` prefetches the steps (one query)."""
    practices = Practice.objects.current().filter(author=request.user)
    if with_steps:
        practices = practices.prefetch_related("steps")
    practice = practices.filter(pk=practice_id).first()
    if practice is None:
        raise Http404("No such practice of yours")
    practice.author = request.user  # known already: saves a query wherever it is used
    return practice


def own_practices(author):
    """The author's current practices, each with `step_count`, the steps met going the usual
    way (endings left out), in one query."""
    return (
        Practice.objects.current()
        .filter(author=author)
        .annotate(step_count=Count("steps", filter=Q(steps__ending=False)))
        .order_by("title", "pk")
    )


def default_source(author) -> str:
    return f"Written by {author.shown_name}"


# Writing -----------------------------------------------------------------------------------


def slug_base(text: str, fallback: str) -> str:
    """Lowercase letters, digits and single hyphens, as practice files require."""
    base = re.sub(r"[^a-z0-9]+", "-", slugify(text)).strip("-")
    return base[:SLUG_BASE_LENGTH].strip("-") or fallback


def unique_slug(title: str) -> str:
    """The title as a slug plus a short random suffix: `kind-words-3f9a1c`."""
    base = slug_base(title, "practice")
    while True:
        slug = f"{base}-{secrets.token_hex(3)}"
        if not Practice.objects.filter(slug=slug).exists():
            return slug


@transaction.atomic
def save_own_practice(
    author,
    definition: PracticeDefinition,
    practice: Practice | None = None,
    recordings: tuple[SpeechAudio, ...] = (),
) -> Practice:
    """Create (practice=None) or replace one of the author's own practices from a checked
    definition. A new practice gets a fresh unique slug, whatever the definition said; an
    existing one keeps its slug and its step keys as given. The version changes with the text,
    and answers already written keep their own snapshot of each prompt. `recordings`, new
    ones checked already (practices.recordings.check_recording), are stored first; the steps
    name them, and a step's recording is part of the version (fingerprint), as its words are."""
    fields = dict(definition.fields)
    fields["self_guided"] = False
    fields["source"] = fields.get("source") or default_source(author)
    if practice is None:
        practice = Practice(author=author)
        fields["slug"] = unique_slug(fields["title"])
    else:
        if practice.author_id != author.pk:
            raise ValueError("Only its author may change their own practice")
        # One save at a time: two tabs saving at once must not interleave their steps.
        practice = Practice.objects.select_for_update().get(pk=practice.pk)
        fields["slug"] = practice.slug
    for audio in recordings:
        store_recording(audio)
    steps = definition.steps
    version = fingerprint(fields, steps)
    write_practice(practice, PracticeDefinition(definition.file, fields, steps, version))
    return practice


@transaction.atomic
def archive_own_practice(practice: Practice) -> None:
    """Take it off the author's list and out of what can be assigned. Runs and assignments
    already made still point at it and keep working."""
    practice.archived_at = timezone.now()
    practice.save(update_fields=["archived_at", "updated_at"])
