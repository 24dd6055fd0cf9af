import pytest

from journal.models import Run

BREAK = "msc-self-compassion-break"
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
