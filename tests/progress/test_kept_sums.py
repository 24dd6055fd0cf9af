"""All time on the dashboard keeps a person's history added up (journal.models.AllTimeSums), so
a long history isn't added up again on every visit. What it shows must always be what adding
up afresh would show, whatever changed since the sums were kept: a new practice, an entry put
in the trash, restored or purged, an imported journal, a practice renamed, another time zone,
check-ins that group the page by months instead of days."""

import json
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from journal import leaving, services
from journal.models import AllTimeSums, CheckIn, Entry
from practices.models import Practice
from progress import queries as progress
from tests.conftest import logged_in
from tests.progress.test_progress import practised

LONDON = ZoneInfo("Europe/London")


def shown_now(person, zone=LONDON) -> progress.Progress:
    """All time as the dashboard shows it now, from the kept sums where they still hold."""
    with timezone.override(zone):
        return progress.progress_for(person, "all")


def added_up_afresh(person, zone=LONDON) -> progress.Progress:
    AllTimeSums.objects.filter(user=person).delete()
    return shown_now(person, zone)


def assert_follows(person, zone=LONDON):
    """The page from the sums kept before the change is the page added up afresh after it."""
    assert AllTimeSums.objects.filter(user=person).exists()
    kept = shown_now(person, zone)
    assert kept == added_up_afresh(person, zone)
    return kept


@pytest.fixture
def history(library, practitioner):
    """Three years of practice with check-ins before and after, and the sums kept."""
    slugs = ["cft-grounding", "msc-soothing-touch", "cft-safe-place", "ifs-parts-check-in"]
    now = timezone.now()
    runs = [
        practised(practitioner, slugs[back % 4], now - timedelta(days=back), back % 11, back % 7)
        for back in range(1, 1100, 23)
    ]
    shown_now(practitioner)
    return runs


def test_a_new_practice_is_counted_on_the_next_visit(history, practitioner):
    before = shown_now(practitioner)
    practised(practitioner, "cft-grounding", timezone.now(), 9, 2)
    after = assert_follows(practitioner)
    assert after.runs_in_range == before.runs_in_range + 1
    assert after.checked_runs == before.checked_runs + 1


def test_an_entry_in_the_trash_leaves_the_sums_and_comes_back_when_restored(history, practitioner):
    before = shown_now(practitioner)
    entry = Entry.objects.get(run=history[10])
    services.trash_entry(entry)
    assert assert_follows(practitioner).runs_in_range == before.runs_in_range - 1
    services.restore_entry(entry)
    assert assert_follows(practitioner) == before
    services.trash_entry(entry)
    shown_now(practitioner)
    services.empty_trash(practitioner)
    assert assert_follows(practitioner).runs_in_range == before.runs_in_range - 1


def test_an_imported_journal_is_counted(history, practitioner, make_person):
    sam = make_person("sam", time_zone="Europe/London")
    practised(sam, "cft-safe-place", datetime(2020, 5, 1, 9, tzinfo=UTC), 8, 3)
    before = shown_now(sam)
    exported = logged_in(practitioner).get("/journal/export/tend-journal.json").getvalue()
    upload = SimpleUploadedFile("tend-journal.json", exported, content_type="application/json")
    assert logged_in(sam).post("/journal/import/", {"file": upload}).status_code == 303
    after = assert_follows(sam)
    assert after.runs_in_range == before.runs_in_range + len(history)
    assert json.loads(exported)  # a real file went in


def test_a_renamed_practice_shows_its_new_title(history, practitioner):
    Practice.objects.filter(slug="cft-grounding").update(title="Finding your feet")
    after = assert_follows(practitioner)
    assert "Finding your feet" in {helpful.title for helpful in after.helpful}


@pytest.mark.parametrize("zone", ["Pacific/Kiritimati", "America/Santiago"])
def test_another_time_zone_counts_its_own_months(history, practitioner, zone):
    """The sums per practice hold in any zone; the months are added up in the new zone's own,
    and London's are let go."""
    kept = shown_now(practitioner, ZoneInfo(zone))
    assert AllTimeSums.objects.get(user=practitioner).stretches.keys() == {f"{zone} month"}
    assert kept == added_up_afresh(practitioner, ZoneInfo(zone))


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
