"""Named people built once per test, and the page inventory every page test walks."""

import pytest
from django.contrib.auth import get_user_model

PASSWORD = "quiet-harbour-lanterns-7"


def pytest_report_header(config):
    from django.conf import settings

    database = settings.DATABASES["default"]
    where = database.get("HOST") or database["NAME"]
    return f"database: {database['ENGINE'].rsplit('.', 1)[-1]} ({where})"


@pytest.fixture
def library(db):
    """The practice library, loaded from practices/library/ as `make run` loads it."""
    from practices.services import sync_practices

    sync_practices()


@pytest.fixture
def make_person(db):
    """Create a person who can log in with PASSWORD."""

    def make(username: str, *, email: str | None = None, time_zone: str = "UTC"):
        return get_user_model().objects.create_user(
            username=username,
            email=email or f"{username}@example.org",
            password=PASSWORD,
            time_zone=time_zone,
        )

    return make


@pytest.fixture
def practitioner(make_person):
    """Robin practises alone, in New York."""
    return make_person("robin", time_zone="America/New_York")


@pytest.fixture
def stranger(make_person):
    """Someone with an account of their own and no link to anyone else."""
    return make_person("stranger", time_zone="Europe/Berlin")


@pytest.fixture
def robin_client(client, practitioner):
    client.force_login(practitioner)
    return client


@pytest.fixture
def therapist(make_person):
    """Theo is a therapist (therapist mode on) who also practises, in London."""
    theo = make_person("theo", time_zone="Europe/London")
    theo.therapist_mode = True
    theo.display_name = "Theo Marsh"
    theo.save(update_fields=["therapist_mode", "display_name"])
    return theo


@pytest.fixture
def care_client(make_person, therapist):
    """Casey is Theo's client: linked by an accepted invite. In Chicago."""
    from compassion_site.accounts.models import CareLink

    casey = make_person("casey", time_zone="America/Chicago")
    CareLink.objects.create(therapist=therapist, client=casey)
    return casey


@pytest.fixture
def other_therapist(make_person):
    """Uma is a therapist with no link to Casey."""
    uma = make_person("uma", time_zone="Australia/Sydney")
    uma.therapist_mode = True
    uma.save(update_fields=["therapist_mode"])
    return uma


@pytest.fixture
def other_client(make_person, therapist):
    """Olive is another of Theo's clients."""
    from compassion_site.accounts.models import CareLink

    olive = make_person("olive", time_zone="Europe/Paris")
    CareLink.objects.create(therapist=therapist, client=olive)
    return olive
