"""Reads about the library that other pages share."""

import copy

from django.db.models import Exists, OuterRef, Q

from practices.models import Assignment, Practice, Step

# The one-minute grounding is offered whenever something is hard (a very hard arrival, a first
# practice on the dashboard); soothing rhythm breathing is the gentlest way in after it.
GROUNDING_SLUG = "cft-grounding"
SOOTHING_SLUG = "cft-soothing-rhythm-breathing"


KEPT_PRACTICES = 64  # how many practices' rows a process keeps between requests
_kept_practices: dict[tuple, Practice] = {}


def saved_practice(pk: int, version: str, saved_at) -> Practice:
    """The practice `pk` as it was saved with this `version` and `saved_at` (its updated_at,
    as the database gives it), read once per process for each saved state: every change to a
    practice (sync_practices, the editor, archiving, an author leaving) saves it with a new
    updated_at, so a kept copy is never served after one. Each call has a copy of its own,
    whose lists from JSON (skills, sources, variants, moods) are the kept ones: read them, never
    change them in place."""
    kept_as = (pk, version, saved_at)
    practice = _kept_practices.get(kept_as)
    if practice is None:
        practice = Practice.objects.get(pk=pk)
        if len(_kept_practices) >= KEPT_PRACTICES:
            _kept_practices.clear()
        _kept_practices[kept_as] = practice
    return copy.copy(practice)


def practice_heard_by(user, practice_id: int, *, recording: str):
    """The practice whose step has the recording `recording`, if `user` may hear it: any
    library practice; a therapist's own one for its author and for clients it is assigned to
    while their link is active. None for everyone else, or if no step of it has that file."""
    assigned = Assignment.objects.with_active_link().filter(practice=OuterRef("pk"), client=user)
    return (
        Practice.objects.filter(pk=practice_id)
        .filter(Q(author__isnull=True) | Q(author=user) | Exists(assigned))
        .filter(Exists(Step.objects.filter(practice=OuterRef("pk"), audio=recording)))
        .first()
    )
