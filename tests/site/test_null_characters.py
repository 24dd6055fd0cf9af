"""A NUL character (or a value that isn't what the field holds) sent where a raw value meets
the database: PostgreSQL refuses NUL in text and JSON, so each such place must take it out or
refuse it calmly, never answer 503 or 500. SQLite accepts NUL, so these matter most in the
PostgreSQL run, and pass on both."""

import yaml
from django.core.files.uploadedfile import SimpleUploadedFile

from compassion_site.accounts.models import Draft, KeptWords
from journal import services
from journal.models import Run
from practices.models import Practice
from tests.practices.test_own_practices import EVERY_KIND, IMPORT_PAGE

NUL = "\x00"


def test_start_again_with_a_nul_in_the_practice_is_an_answer_not_an_error(
    robin_client, practitioner, library
):
    run = services.start_run(practitioner, Practice.objects.get(slug="msc-self-compassion-break"))
    url = f"/journal/runs/{run.pk}/start-again/"
    assert robin_client.post(url, {"practice": "x"}).status_code == 303
    # The run was let go; a second press with a strange practice name finds nothing more.
    response = robin_client.post(url, {"practice": f"msc-self{NUL}-compassion-break"})
    assert response.status_code == 404
    assert Run.objects.filter(user=practitioner).count() == 1


def test_a_draft_with_a_nul_is_kept_without_it(robin_client, practitioner):
    response = robin_client.post(
        "/journal/new/", {"body": f"Half a{NUL} thought", f"ti{NUL}tle": "x", "draft": "save"}
    )
    assert response.status_code == 200
    draft = Draft.objects.get(writer=practitioner)
    assert draft.fields["body"] == ["Half a thought"]
    assert draft.fields["title"] == ["x"]


def test_words_kept_after_a_login_ended_lose_a_nul_and_nothing_else(
    client, practitioner, robin_client
):
    from compassion_site.accounts.kept_words import writer_token

    token = writer_token(practitioner)
    robin_client.logout()
    response = client.post(
        "/journal/new/", {"body": f"Kept{NUL} words", "writer": token}, follow=False
    )
    assert response.status_code == 303
    kept = KeptWords.objects.get(writer=practitioner)
    assert kept.fields["body"] == ["Kept words"]


def test_a_practice_file_with_a_nul_is_refused_with_a_message(therapist, client, settings):
    client.force_login(therapist)
    practice = {**EVERY_KIND, "summary": f"A few minutes{NUL} of warmth."}
    content = yaml.safe_dump(practice, allow_unicode=True).encode()
    response = client.post(
        IMPORT_PAGE,
        {"file": SimpleUploadedFile("p.yaml", content, content_type="application/yaml")},
    )
    assert response.status_code == 200  # the import page again, saying what is wrong
    assert "holds a NUL character" in response.content.decode()
    assert not Practice.objects.filter(author=therapist).exists()
