import pytest

from journal.models import Entry, Run
from tests.conftest import BREAK

BREAK_KEYS = [
    "welcome",
    "difficulty",
    "how-much",
    "notice",
    "not-alone",
    "touch",
    "kindness",
    "reflect",
]


def step(run, key: str) -> str:
    return f"/journal/runs/{run.pk}/steps/{key}/"


@pytest.fixture
def begin(library):
    """Begin a practice as a logged-in client would; returns the new run."""

    def begin_practice(client, slug: str = BREAK) -> Run:
        response = client.post(f"/journal/runs/start/{slug}/")
        assert response.status_code == 303, response
        run = Run.objects.latest("pk")
        assert response["Location"] == step(run, "check-in")
        return run

    return begin_practice


def post_step(client, run, key, htmx=False, **data):
    data.setdefault("action", "next")
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(step(run, key), data, headers=headers)


ANSWERS = {
    "difficulty": {"text": "A hard conversation with my sister."},
    "how-much": {"rating": "7"},
    "notice": {"text": "This hurts. It's a tender moment."},
    "not-alone": {"text": "Lots of people argue with family."},
    "touch": {},
    "kindness": {"text": "May I be patient with myself."},
    "reflect": {"text": "Softer than before."},
}


def walk_whole_practice(client, run, htmx=False, answers=None):
    answers = {**ANSWERS, **(answers or {})}
    response = post_step(client, run, "check-in", htmx, distress="6", feeling="tense")
    for key in BREAK_KEYS:
        response = post_step(client, run, key, htmx, **answers.get(key, {}))
        assert response.status_code in (200, 303), (key, response.status_code)
    response = post_step(client, run, "check-out", htmx, distress="3", feeling="calmer")
    return response


@pytest.fixture
def finish_practice(begin):
    """Do the Self-Compassion Break start to finish through the views; returns its entry."""

    def finish(client, **answers) -> Entry:
        run = begin(client)
        walk_whole_practice(client, run, answers=answers)
        return Entry.objects.get(run=run)

    return finish
