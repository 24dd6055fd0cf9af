"""A practice's page names the publications it comes from, and says CFT's skills are CFT's:
an MSC or IFS practice that lists them says it trains them "in CFT's terms"."""

import pytest

from practices.models import Practice
from practices.services import sync_practices
from tests.practices.test_loader import write
from tests.practices.test_sources_and_variants import BREATHING

TWO_SOURCES = """sources:
  - {author: Kristin Neff and Christopher Germer, year: 2013, title: "A pilot study and randomized controlled trial of the Mindful Self-Compassion program"}
  - {author: Christopher Germer, year: 2009, title: The Mindful Path to Self-Compassion}
"""


@pytest.fixture
def folder(db, tmp_path):
    cft = BREATHING.format(slug="slow-breathing")
    msc = (
        BREATHING.format(slug="kind-breathing")
        .replace("title: Slow breathing", "title: Kind breathing")
        .replace("modality: cft", "modality: msc")
        .replace("skills: [sensory]", "skills: [sensory, attention]")
    )
    msc = msc.replace(msc[msc.index("sources:") : msc.index("steps:")], TWO_SOURCES)
    bare = BREATHING.format(slug="bare-breathing").replace("title: Slow breathing", "title: Bare")
    bare = bare.replace("skills: [sensory]", "skills: []").replace("modality: cft", "modality: ifs")
    for slug, text in [("slow-breathing", cft), ("kind-breathing", msc), ("bare-breathing", bare)]:
        write(tmp_path, f"{slug}.yaml", text)
    sync_practices(tmp_path)
    # The library needs sources; a practice from before they existed has none, until synced.
    Practice.objects.filter(slug="bare-breathing").update(sources=[])
    return tmp_path


def test_the_sources_are_listed_under_their_heading_after_the_method(client, folder):
    html = client.get("/practices/kind-breathing/").content.decode()
    assert '<h2 id="sources-heading">Sources</h2>' in html
    assert html.index("Where it comes from:") < html.index("Sources</h2>")
    assert (
        "<li>Kristin Neff and Christopher Germer (2013). <cite>A pilot study and randomized "
        "controlled trial of the Mindful Self-Compassion program</cite>.</li>"
    ) in html
    assert (
        "<li>Christopher Germer (2009). <cite>The Mindful Path to Self-Compassion</cite>.</li>"
    ) in html
    assert html.index("Neff and Christopher Germer") < html.index("Christopher Germer (2009)")


def test_a_practice_without_sources_shows_no_sources_heading(client, folder):
    html = client.get("/practices/bare-breathing/").content.decode()
    assert "Where it comes from:" in html
    assert "Sources" not in html and "<cite>" not in html


def test_a_cft_practice_names_its_cft_skills(client, folder):
    html = client.get("/practices/slow-breathing/").content.decode()
    assert "<dt>CFT skills</dt><dd>Sensory</dd>" in html
    assert "in CFT's terms" not in html


def test_an_msc_practice_trains_skills_in_cfts_terms_not_as_cft_skills(client, folder):
    html = client.get("/practices/kind-breathing/").content.decode()
    assert "<dt>Trains, in CFT's terms</dt><dd>Sensory, Attention</dd>" in html
    assert "CFT skills" not in html


def test_a_practice_listing_no_skills_says_nothing_of_them(client, folder):
    html = client.get("/practices/bare-breathing/").content.decode()
    assert "CFT skills" not in html and "CFT's terms" not in html
