"""The practice editor keeps a draft as the therapist writes: back in the editor when it opens
again, gone when they discard it or save the practice, and never anyone else's."""

from compassion_site.accounts.models import Draft
from practices.editor import MAX_FILE_BYTES
from practices.models import Practice
from tests.practices.test_own_practices import (
    EVERY_KIND,
    NEW_PAGE,
    logged_in,
    make_practice,
    post_data,
)

TITLE = "A practice half written on the train"


def draft_of(practice: dict, **extra) -> dict:
    data = post_data(practice, **extra)
    data.pop("action")
    data["draft"] = "save"
    return data


def test_a_new_practice_draft_is_kept_and_back_in_the_editor_with_a_notice(theo, therapist):
    response = theo.post(NEW_PAGE, draft_of({**EVERY_KIND, "title": TITLE}))
    assert response.status_code == 200
    assert "Saved as a draft at" in response.content.decode()
    assert not Practice.objects.filter(author=therapist).exists()  # nothing saved for clients
    draft = Draft.objects.get(writer=therapist, page=NEW_PAGE)
    assert draft.fields["title"] == [TITLE]

    html = logged_in(therapist).get(NEW_PAGE).content.decode()  # any device
    assert f'value="{TITLE}"' in html
    assert "Your draft from" in html and "Save practice" in html
    assert 'name="draft" value="discard"' in html
    assert "Please look at the places marked below" not in html  # put back, not yet checked
    # Every step of the draft is there, in its order.
    assert html.count('name="steps-5-title"') == 1


def test_saving_the_practice_lets_its_draft_go(theo, therapist):
    theo.post(NEW_PAGE, draft_of({**EVERY_KIND, "title": TITLE}))
    response = theo.post(NEW_PAGE, post_data({**EVERY_KIND, "title": TITLE}))
    assert response.status_code == 303
    assert Practice.objects.get(author=therapist).title == TITLE
    assert not Draft.objects.exists()
    assert "Your draft from" not in theo.get(NEW_PAGE).content.decode()


def test_saving_with_htmx_lets_the_draft_go_and_asks_for_no_new_one(theo, therapist):
    practice = make_practice(therapist)
    page = f"/care/practices/{practice.pk}/"
    theo.post(page, draft_of({**EVERY_KIND, "title": TITLE}, keys=True))
    response = theo.post(
        page, post_data({**EVERY_KIND, "title": TITLE}, keys=True), headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert "data-draft-unsaved" not in response.content.decode()
    assert not Draft.objects.exists()


def test_adding_a_step_with_htmx_saves_nothing_and_asks_drafts_js_to_keep_the_words(theo):
    response = theo.post(
        NEW_PAGE,
        post_data({**EVERY_KIND, "title": TITLE}, action="add", new_kind="write"),
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "data-draft-unsaved" in response.content.decode()


def test_an_existing_practice_draft_comes_back_and_can_be_discarded(theo, therapist):
    practice = make_practice(therapist)
    page = f"/care/practices/{practice.pk}/"
    theo.post(page, draft_of({**EVERY_KIND, "title": TITLE}, keys=True))
    assert f'value="{TITLE}"' in theo.get(page).content.decode()
    practice.refresh_from_db()
    assert practice.title == EVERY_KIND["title"]

    response = theo.post(page, {"draft": "discard"})
    assert response.status_code == 303 and response["Location"] == page
    html = theo.get(page).content.decode()
    assert TITLE not in html
    assert f'value="{EVERY_KIND["title"]}"' in html
    assert not Draft.objects.exists()


def test_discarding_with_htmx_sends_the_browser_to_the_page_afresh(theo, therapist):
    theo.post(NEW_PAGE, draft_of({**EVERY_KIND, "title": TITLE}))
    response = theo.post(NEW_PAGE, {"draft": "discard"}, headers={"HX-Request": "true"})
    assert response["HX-Redirect"] == NEW_PAGE
    assert not Draft.objects.exists()


def test_another_therapist_gets_404_for_a_draft_of_someone_elses_practice(
    theo, therapist, other_therapist
):
    practice = make_practice(therapist)
    page = f"/care/practices/{practice.pk}/"
    theo.post(page, draft_of({**EVERY_KIND, "title": TITLE}, keys=True))
    uma = logged_in(other_therapist)
    assert uma.post(page, draft_of({**EVERY_KIND, "title": "Not hers"})).status_code == 404
    assert uma.post(page, {"draft": "discard"}).status_code == 404
    assert uma.get(page).status_code == 404
    assert TITLE not in uma.get(NEW_PAGE).content.decode()
    assert list(Draft.objects.values_list("writer", flat=True)) == [therapist.pk]


def test_someone_without_therapist_mode_can_keep_no_editor_draft(practitioner):
    robin = logged_in(practitioner)
    assert robin.post(NEW_PAGE, draft_of({**EVERY_KIND})).status_code == 404
    assert not Draft.objects.exists()


def test_a_draft_bigger_than_a_practice_file_can_be_is_refused(theo):
    big = {**EVERY_KIND, "summary": "x" * (MAX_FILE_BYTES + 1)}
    response = theo.post(NEW_PAGE, draft_of(big))
    assert response.status_code == 413
    assert "Not saved as a draft" in response.content.decode()
    assert not Draft.objects.exists()
