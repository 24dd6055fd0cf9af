"""Values PostgreSQL refuses, sent where a raw value meets the database: a NUL character
(PostgreSQL can't hold one in text or JSON) and text longer than a column. Each such place
takes it out or refuses it calmly, never a 503 or a 500. SQLite accepts both, so these matter
most in the PostgreSQL run, and pass on both. (tests/site/test_forms_fuzz.py found them.)"""

import yaml
from django.core.files.uploadedfile import SimpleUploadedFile

from compassion_site.accounts.models import Draft, KeptWords
from journal import services
from journal.models import Run
from practices.models import Practice
from tests.conftest import write_entry
from tests.practices.test_own_practices import EVERY_KIND, IMPORT_PAGE, make_practice, post_data

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


def test_logging_in_with_a_nul_anywhere_is_a_calm_refusal(client, practitioner):
    for fields in (
        {"username": f"ro{NUL}bin", "password": "x"},
        {"username": "robin", "password": f"pass{NUL}word"},
        {"username": "robin", "password": "x", "next": f"/jour{NUL}nal/"},
        {"username": "robin", "password": "x", "shared_device": NUL},
        {"username": "robin", "password": "x", f"na{NUL}me": "value"},
        {"username": "robin", "password": "x", "name": f"va{NUL}lue"},
    ):
        response = client.post("/accounts/login/", fields)
        assert response.status_code in (200, 400, 403, 429), (fields, response.status_code)


def test_a_new_entry_with_a_nul_anywhere_is_a_message_not_an_error(robin_client, practitioner):
    base = {"title": "t", "body": "b", "tags": "a", "feeling": "3", "submission": ""}
    for name in [*base, "writer", "tab", "draft", "action"]:
        fields = {**base, name: f"x{NUL}y"}
        response = robin_client.post("/journal/new/", fields)
        assert response.status_code in (200, 303, 400, 404, 413, 422), (name, response.status_code)


def test_logging_in_with_a_very_long_name_is_a_calm_refusal(client, practitioner):
    """Longer than any username (and than the lockout records' columns): refused as a wrong
    login, never a failed save."""
    for username in ("r" * 151, "r" * 254, "r" * 255, "r" * 300, "ü" * 1_000):
        response = client.post("/accounts/login/", {"username": username, "password": "x"})
        assert response.status_code == 200, (len(username), response.status_code)
        html = response.content.decode()
        if len(username) > 254:
            assert "That&#x27;s longer than any username or email address can be." in html
        else:
            assert "don&#x27;t match an account" in html


def test_numbers_no_form_sends_are_calm_answers(client, care_client, therapist, library):
    """Digits Python's int() refuses ("²", or 100,000 of them) where a form sends an id or a
    step's place: an answer, never a 500."""
    entry = write_entry(care_client, "Casey's words")
    client.force_login(care_client)
    for chosen in ("²", "١٢", "9" * 100_000):
        for action in ("share", "unshare"):
            response = client.post(f"/journal/entries/{entry.pk}/{action}/", {"therapist": chosen})
            assert response.status_code < 500, (action, chosen[:5], response.status_code)
    client.force_login(therapist)
    practice = make_practice(therapist)
    for index in ("²", "9" * 100_000):
        data = post_data(EVERY_KIND, keys=True, action=f"remove-{index}")
        response = client.post(f"/care/practices/{practice.pk}/", data)
        assert response.status_code < 500, (index[:5], response.status_code)
