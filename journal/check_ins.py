"""The daily check-in: how a person is today on a 0 to 10 scale (0 very low, 10 really well),
with a few of our feeling words and a short line if they like. One per person and local day:
checking in again the same day changes that day's check-in, so a chart has one point a day and
nobody has to wonder which of several counts.

Writes are atomic; reads cost one query whatever the history."""

from django.db import connection, transaction
from django.utils import timezone

from compassion_site.lib.dates import local_date
from journal.forms import CheckInWordsForm, HowIAmForm
from journal.models import HOW_I_AM_HIGH, HOW_I_AM_LOW, CheckIn


def today_for(user, now=None):
    """The person's own today (their time zone)."""
    return local_date(now or timezone.now(), user.zone)


def todays_check_in(user, now=None) -> CheckIn | None:
    """Today's check-in, or None. One query."""
    return CheckIn.objects.filter(user=user, day=today_for(user, now)).first()


@transaction.atomic
def check_in(user, how_i_am: int, now=None) -> CheckIn:
    """Save how the person is today, or change it if they already checked in today (the words
    and line they added stay)."""
    now = now or timezone.now()
    found, _ = CheckIn.objects.select_for_update().get_or_create(
        user=user,
        day=today_for(user, now),
        defaults={"how_i_am": how_i_am, "created_at": now, "updated_at": now},
    )
    if found.how_i_am != how_i_am or found.updated_at != now:
        found.how_i_am = how_i_am
        found.updated_at = now
        found.save(update_fields=["how_i_am", "updated_at"])
    return found


@transaction.atomic
def add_words(check_in_today: CheckIn, words: list[str], note: str, now=None) -> CheckIn:
    """Keep the feeling words and the line with today's check-in (replacing earlier ones)."""
    check_in_today.words = list(words)
    check_in_today.note = note
    check_in_today.updated_at = now or timezone.now()
    check_in_today.save(update_fields=["words", "note", "updated_at"])
    return check_in_today


CHECK_INS_SQL = """
SELECT day, how_i_am FROM journal_checkin WHERE user_id = %s{bounds} ORDER BY day
"""


def check_ins_between(user, first_day=None, last_day=None):
    """The person's check-ins from `first_day` to `last_day` (either may be None), oldest
    first, as (day, how_i_am) pairs. One query, written out: the dashboard reads them on
    every visit, and the ORM took longer to build the query than the database took to answer
    it (issue 18)."""
    bounds, params = "", [user.pk]
    for day, compare in ((first_day, ">="), (last_day, "<=")):
        if day is not None:
            bounds += f" AND day {compare} %s"
            params.append(connection.ops.adapt_datefield_value(day))
    with connection.cursor() as cursor:
        cursor.execute(CHECK_INS_SQL.format(bounds=bounds), params)
        return cursor.fetchall()


def panel_context(
    today: CheckIn | None,
    *,
    how_form=None,
    words_form=None,
    changing: bool = False,
    just_saved: bool = False,
    words_saved: bool = False,
) -> dict:
    """What the check-in panel (home, /journal/check-in/) needs. No query."""
    if how_form is None:
        how_form = HowIAmForm(initial={"how_i_am": today.how_i_am} if today else None)
    if words_form is None and today is not None:
        words_form = CheckInWordsForm(initial={"words": today.words, "note": today.note})
    return {
        "check_in_today": today,
        "how_form": how_form,
        "words_form": words_form,
        "check_in_changing": changing or today is None,
        "check_in_just_saved": just_saved,
        "check_in_words_saved": words_saved,
        "check_in_low": HOW_I_AM_LOW,
        "check_in_high": HOW_I_AM_HIGH,
    }


def home_check_in(user) -> dict:
    """For home's check-in slot. One query."""
    return panel_context(todays_check_in(user))
