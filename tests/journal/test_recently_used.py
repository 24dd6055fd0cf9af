"""Home's "Recently used": the last few different practices a person began, the most recent
first, each linking to its page; one query however many runs; each person's own."""

from datetime import timedelta

from django.utils import timezone

from journal.queries import RECENTLY_USED, finding_for_home
from practices.models import Practice
from tests.conftest import logged_in
from tests.factories import PracticeFactory, RunFactory, TherapistFactory


def recently_used(person):
    return finding_for_home(person)["recently_used"]


def ran(person, slug: str, days_ago: float, **fields):
    practice = Practice.objects.get(slug=slug)
    started = timezone.now() - timedelta(days=days_ago)
    return RunFactory(user=person, practice=practice, started_at=started, **fields)


def test_the_last_few_practices_most_recent_first_each_once(practitioner, library):
    ran(practitioner, "msc-soothing-touch", 5, finished=True)
    ran(practitioner, "cft-grounding", 3, finished=True)
    ran(practitioner, "msc-soothing-touch", 1)  # again, unfinished: it moves to the front
    assert [practice.slug for practice in recently_used(practitioner)] == [
        "msc-soothing-touch",
        "cft-grounding",
    ]


def test_only_so_many_however_many_were_run(practitioner, library):
    for days_ago, practice in enumerate(Practice.objects.for_library()[:8]):
        ran(practitioner, practice.slug, days_ago)
    assert len(recently_used(practitioner)) == RECENTLY_USED


def test_practices_gone_from_the_library_or_a_therapists_own_are_left_out(practitioner, library):
    ran(practitioner, "msc-soothing-touch", 2)
    ran(practitioner, "cft-grounding", 1)
    Practice.objects.filter(slug="cft-grounding").update(archived_at=timezone.now())
    own = PracticeFactory(author=TherapistFactory())
    RunFactory(user=practitioner, practice=own)
    assert [practice.slug for practice in recently_used(practitioner)] == ["msc-soothing-touch"]


def test_home_links_each_and_shows_nobody_elses(practitioner, stranger, library):
    ran(practitioner, "msc-soothing-touch", 0)
    html = logged_in(practitioner).get("/").content.decode()
    assert '<h3 id="recent-heading">Recently used</h3>' in html
    assert '<a href="/practices/msc-soothing-touch/">Soothing touch</a>' in html
    other = logged_in(stranger).get("/").content.decode()
    assert "Recently used" not in other
    assert "Soothing touch" not in other


def test_one_query_however_many_runs(practitioner, library, django_assert_num_queries):
    for days_ago, practice in enumerate(Practice.objects.for_library()[:12]):
        ran(practitioner, practice.slug, days_ago)
        ran(practitioner, practice.slug, days_ago + 0.5, finished=True)
    with django_assert_num_queries(1):
        assert len(recently_used(practitioner)) == RECENTLY_USED
