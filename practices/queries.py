"""Reads about the library that other pages share."""

import copy

from django.db.models import Exists, OuterRef, Q

from practices.models import Assignment, Practice, Step

# The one-minute grounding is offered whenever something is hard (a very hard arrival, a first
# practice on the dashboard); soothing rhythm breathing is the gentlest way in after it.
GROUNDING_SLUG = "cft-grounding"
SOOTHING_SLUG = "cft-soothing-rhythm-breathing"


KEPT_PRACTICES = 64  # how many practices' saved states a process keeps, per kind of thing kept


def kept_for_saved_state(kept: dict, practice_saved: tuple, read):
    """What `read()` gives for a practice in one saved state (`practice_saved`: its id, version
    and updated_at), read once per process and kept in `kept`: every change to a practice
    (sync_practices, the editor, archiving, an author leaving) saves it with a new updated_at,
    so nothing kept is served after one. At most KEPT_PRACTICES states are kept."""
    found = kept.get(practice_saved)
    if found is None:
        found = read()
        if len(kept) >= KEPT_PRACTICES:
            kept.clear()
        kept[practice_saved] = found
    return found


_kept_practices: dict[tuple, Practice] = {}


def saved_practice(pk: int, version: str, saved_at) -> Practice:
    """The practice `pk` as it was saved with this `version` and `saved_at` (its updated_at),
    kept by `kept_for_saved_state`. Each call has a copy of its own, whose lists from JSON
    (skills, sources, variants, moods) are the kept ones: read them, never change them in
    place."""
    kept = kept_for_saved_state(
        _kept_practices, (pk, version, saved_at), lambda: Practice.objects.get(pk=pk)
    )
    return copy.copy(kept)


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
