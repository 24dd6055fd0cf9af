"""One way to answer htmx with a region of a page (compassion_site/lib/htmx.py `for_htmx`)."""

import pytest

HTMX = {"HX-Request": "true"}
HISTORY_RESTORE = {"HX-Request": "true", "HX-History-Restore-Request": "true"}


def varies_on(response) -> set[str]:
    return {header.strip().lower() for header in response.get("Vary", "").split(",")}


def test_htmx_gets_only_the_librarys_results_and_a_plain_visit_the_whole_page(client, library):
    whole = client.get("/practices/?modality=msc").content.decode()
    results = client.get("/practices/?modality=msc", headers=HTMX).content.decode()
    assert "<html" in whole and "A self-compassion break" in whole
    assert "<html" not in results and "A self-compassion break" in results


def test_going_back_to_the_library_after_its_cache_is_gone_brings_the_whole_page(client, library):
    """htmx asks again for a page it no longer holds (a history restore): a lone list of
    results would replace the whole page with it."""
    response = client.get("/practices/?modality=msc", headers=HISTORY_RESTORE)
    assert "<html" in response.content.decode()


@pytest.mark.parametrize("path", ["/practices/", "/journal/", "/progress/"])
def test_pages_with_an_htmx_region_tell_caches_they_vary_with_htmx_and_its_target(
    robin_client, library, path
):
    for headers in ({}, HTMX):
        response = robin_client.get(path, headers=headers)
        assert response.status_code == 200
        assert {"hx-request", "hx-target"} <= varies_on(response)


def test_the_journal_gives_htmx_the_next_page_to_append_or_the_results_to_swap(
    robin_client, practitioner
):
    from journal.models import Entry

    Entry.objects.create(user=practitioner, title="Morning by the sea", body="Calm.")
    more = robin_client.get("/journal/", headers={**HTMX, "HX-Target": "load-more"})
    results = robin_client.get("/journal/", headers={**HTMX, "HX-Target": "journal-results"})
    whole = robin_client.get("/journal/", headers=HISTORY_RESTORE)
    assert "Morning by the sea" in more.content.decode()
    assert "<html" not in more.content.decode()
    assert 'id="journal-results"' not in more.content.decode()
    assert "Morning by the sea" in results.content.decode()
    assert "<html" not in results.content.decode()
    assert 'id="journal-results"' in results.content.decode()
    assert "<html" in whole.content.decode()
