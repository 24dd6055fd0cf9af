"""The dashboard keeps a person's runs added up (journal.models.AllTimeSums), so a history isn't
added up again on every visit: all time's sums per practice and per stretch, and each range's
as of today in the person's time zone. What any view shows must always be what adding up
afresh would show, whatever changed since the sums were kept: a new practice, an entry put in
the trash, restored or purged, an imported journal, a practice renamed, another time zone,
another day, check-ins that group the page by months instead of days."""

import json
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone

from journal import leaving, services
from journal.models import AllTimeSums, CheckIn, Entry
from practices.models import Practice
from progress import queries as progress
from tests.conftest import logged_in
from tests.progress.test_progress import practised

LONDON = ZoneInfo("Europe/London")
EVERY_RANGE = list(progress.RANGES)


def shown_now(person, range_key="all", zone=LONDON) -> progress.Progress:
    """The range as the dashboard shows it now, from the kept sums where they still hold."""
    with timezone.override(zone):
        return progress.progress_for(person, range_key)


def added_up_afresh(person, range_key="all", zone=LONDON) -> progress.Progress:
    AllTimeSums.objects.filter(user=person).delete()
    return shown_now(person, range_key, zone)


def assert_follows(person, range_key="all", zone=LONDON):
    """The page from the sums kept before the change is the page added up afresh after it."""
    assert AllTimeSums.objects.filter(user=person).exists()
    kept = shown_now(person, range_key, zone)
    assert kept == added_up_afresh(person, range_key, zone)
    return kept


@pytest.fixture
def history(library, practitioner):
    """Three years of practice with check-ins before and after, some of it hard, the last
    month's a few days apart, and every range's sums kept."""
    slugs = ["cft-grounding", "msc-soothing-touch", "cft-safe-place", "ifs-parts-check-in"]
    now = timezone.now()
    runs = [
        practised(
            practitioner,
            slugs[back % 4],
            now - timedelta(days=back),
            back % 11,
            back % 7,
            stirred=back % 3 == 0,
        )
        for back in [*range(1, 30, 4), *range(31, 1100, 23)]
    ]
    for range_key in EVERY_RANGE:
        shown_now(practitioner, range_key)
    return runs


@pytest.mark.parametrize("range_key", EVERY_RANGE)
def test_a_new_practice_is_counted_on_the_next_visit(history, practitioner, range_key):
    before = shown_now(practitioner, range_key)
    practised(practitioner, "cft-grounding", timezone.now(), 9, 2, stirred=True)
    after = assert_follows(practitioner, range_key)
    assert after.runs_in_range == before.runs_in_range + 1
    assert after.checked_runs == before.checked_runs + 1
    assert after.hard_moments[0].finished_at > before.hard_moments[0].finished_at
    assert after.calendar != before.calendar


@pytest.mark.parametrize("range_key", EVERY_RANGE)
def test_an_entry_in_the_trash_leaves_the_sums_and_comes_back_when_restored(
    history, practitioner, range_key
):
    before = shown_now(practitioner, range_key)
    entry = Entry.objects.get(run=history[2])  # nine days ago, with a hard moment
    services.trash_entry(entry)
    trashed = assert_follows(practitioner, range_key)
    assert trashed.runs_in_range == before.runs_in_range - 1
    assert len(trashed.hard_moments) + trashed.hard_moments_more == (
        len(before.hard_moments) + before.hard_moments_more - 1
    )
    services.restore_entry(entry)
    assert assert_follows(practitioner, range_key) == before
    services.trash_entry(entry)
    shown_now(practitioner, range_key)
    services.empty_trash(practitioner)
    assert assert_follows(practitioner, range_key).runs_in_range == before.runs_in_range - 1


@pytest.mark.parametrize("range_key", EVERY_RANGE)
def test_an_imported_journal_is_counted(history, practitioner, make_person, range_key):
    sam = make_person("sam", time_zone="Europe/London")
    practised(sam, "cft-safe-place", datetime(2020, 5, 1, 9, tzinfo=UTC), 8, 3)
    before = shown_now(sam, range_key)
    exported = logged_in(practitioner).get("/journal/export/tend-journal.json").getvalue()
    upload = SimpleUploadedFile("tend-journal.json", exported, content_type="application/json")
    assert logged_in(sam).post("/journal/import/", {"file": upload}).status_code == 303
    after = assert_follows(sam, range_key)
    assert after.runs_in_range == (
        before.runs_in_range + shown_now(practitioner, range_key).runs_in_range
    )
    assert json.loads(exported)  # a real file went in


@pytest.mark.parametrize("range_key", EVERY_RANGE)
def test_a_renamed_practice_shows_its_new_title(history, practitioner, range_key):
    Practice.objects.filter(slug="msc-soothing-touch").update(title="A hand on the heart")
    after = assert_follows(practitioner, range_key)
    assert "A hand on the heart" in {moment.title for moment in after.hard_moments}
    if range_key == "all":
        assert "A hand on the heart" in {helpful.title for helpful in after.helpful}


@pytest.mark.parametrize("zone", ["Pacific/Kiritimati", "America/Santiago"])
def test_another_time_zone_counts_its_own_months(history, practitioner, zone):
    """The sums per practice hold in any zone; the months are added up in the new zone's own,
    and London's are let go."""
    kept = shown_now(practitioner, "all", ZoneInfo(zone))
    assert AllTimeSums.objects.get(user=practitioner).stretches.keys() == {f"{zone} month"}
    assert kept == added_up_afresh(practitioner, "all", ZoneInfo(zone))


@pytest.mark.parametrize("range_key", ["30", "90", "365"])
@pytest.mark.parametrize("zone", ["Pacific/Kiritimati", "America/Santiago"])
def test_a_range_in_another_time_zone_counts_that_zones_days(
    history, practitioner, zone, range_key
):
    kept = shown_now(practitioner, range_key, ZoneInfo(zone))
    ranges = AllTimeSums.objects.get(user=practitioner).ranges
    assert set(ranges) == {range_key}  # London's ranges are let go
    assert ranges[range_key]["made_from"].endswith(f" {zone}")
    assert kept == added_up_afresh(practitioner, range_key, ZoneInfo(zone))


@pytest.mark.parametrize("range_key", ["30", "90", "365"])
def test_a_range_is_added_up_afresh_on_a_later_day(history, practitioner, range_key):
    """On the day the range's oldest practice falls out of it, with nothing new, the range
    has moved on: yesterday's sums are not shown again."""
    _, days = progress.RANGES[range_key]
    before = shown_now(practitioner, range_key)
    today = before.today
    ages = [(today - run.finished_at.astimezone(LONDON).date()).days for run in history]
    oldest = max(age for age in ages if age < days)
    later_by = days - oldest  # days until it leaves the range
    with time_machine.travel(timezone.now() + timedelta(days=later_by)):
        later = assert_follows(practitioner, range_key)
    assert later.today == today + timedelta(days=later_by)
    assert later.runs_in_range == before.runs_in_range - ages.count(oldest)


@pytest.mark.parametrize("range_key", EVERY_RANGE)
def test_a_check_in_today_shows_at_once(history, practitioner, range_key):
    before = shown_now(practitioner, range_key)
    CheckIn.objects.create(user=practitioner, day=timezone.localdate(timezone=LONDON), how_i_am=8)
    after = assert_follows(practitioner, range_key)
    assert after.check_ins_in_range == before.check_ins_in_range + 1


def test_check_ins_that_change_the_grouping_are_added_up_by_the_new_grouping(history, practitioner):
    before = shown_now(practitioner)
    CheckIn.objects.create(user=practitioner, day=date(1990, 1, 1), how_i_am=6)
    after = assert_follows(practitioner)
    assert [mood.label for mood in after.check_ins][:1] == ["1990"]
    assert after.over_time == before.over_time


def test_deleting_the_journal_deletes_the_sums(history, practitioner):
    assert AllTimeSums.objects.filter(user=practitioner).exists()
    leaving.delete_journal_data(practitioner)
    assert not AllTimeSums.objects.filter(user=practitioner).exists()
    assert not shown_now(practitioner).ever_practised


def test_the_release_before_can_still_keep_all_times_sums(practitioner):
    """While this release migrates, a worker of the one before (which knows nothing of the
    ranges) still saves all time's sums: the database fills the ranges in itself."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO journal_alltimesums (user_id, made_from, practices, stretches)"
            " VALUES (%s, 'before', '[]', '{}')",
            [practitioner.pk],
        )
    assert AllTimeSums.objects.get(user=practitioner).ranges == {}
    assert not shown_now(practitioner, "90").ever_practised
