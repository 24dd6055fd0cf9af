"""Reads about the library that other pages share."""

from django.db.models import Exists, OuterRef, Q

from practices.models import Assignment, Practice, Step

# The one-minute grounding is offered whenever something is hard (a very hard arrival, a first
# practice on the dashboard); soothing rhythm breathing is the gentlest way in after it.
GROUNDING_SLUG = "cft-grounding"
SOOTHING_SLUG = "cft-soothing-rhythm-breathing"


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
