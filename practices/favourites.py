"""A person's favourite practices: marking one, and marking the library's practices as theirs
inside the same query. (Home reads them with the runs: journal.queries.finding_for_home.)"""

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef

from practices.models import Favourite, Practice


def marked_for(practices, user):
    """The practices, each with `is_favourite` for a signed-in `user`, in the same query (an
    EXISTS on the one-per-person-and-practice index). A visitor's are left as they are."""
    if not user.is_authenticated:
        return practices
    return practices.annotate(
        is_favourite=Exists(Favourite.objects.filter(user=user, practice=OuterRef("pk")))
    )


def set_favourite(user, practice: Practice, on: bool) -> bool:
    """Mark or unmark `practice` for `user`; saying the same twice changes nothing. Returns
    whether it is a favourite now."""
    if not on:
        Favourite.objects.filter(user=user, practice=practice).delete()
        return False
    try:
        with transaction.atomic():
            Favourite.objects.get_or_create(user=user, practice=practice)
    except IntegrityError:  # the same press arriving twice at once: it is marked either way
        pass
    return True
