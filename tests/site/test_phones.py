"""Phones, in the HTML every phone gets: each 0 to 10 scale in Tend is one segmented fieldset
(a legend, eleven real radio buttons, both ends named in words), every data table names each of
its cells for the card a phone draws and keeps its table roles, and the menu has a bottom bar."""

import re
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.utils import timezone

from journal.check_ins import check_in
from journal.models import Answer, Entry, Run
from tests.conftest import do_homework, set_homework, write_entry
from tests.journal.conftest import step, walk_whole_practice
from tests.practices.test_own_practices import make_practice
from tests.progress.test_progress import practised


class Page(HTMLParser):
    """The scales and tables of a page, read as a screen reader's tree would hold them."""

    def __init__(self, html: str):
        super().__init__()
        self.scales, self.tables = [], []
        self.scale = self.table = None
        self.text_into = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if tag == "fieldset" and "scale" in classes:
            self.scale = {"legend": "", "radios": [], "labels": [], "ends": ""}
            self.scales.append(self.scale)
        elif self.scale is not None:
            self.in_scale(tag, attrs, classes)
        if tag == "table":
            self.table = {"role": attrs.get("role"), "rows": [], "headers": []}
            self.tables.append(self.table)
        elif self.table is not None:
            self.in_table(tag, attrs)

    def in_scale(self, tag, attrs, classes):
        if tag == "legend":
            self.text_into.append((tag, "legend"))
        elif tag == "label":
            self.scale["labels"].append("")
            self.text_into.append((tag, "label"))
        elif tag == "input" and attrs.get("type") == "radio":
            self.scale["radios"].append((attrs["name"], attrs["value"]))
        elif "scale__ends" in classes:
            self.text_into.append((tag, "ends"))

    def in_table(self, tag, attrs):
        if tag == "tr":
            self.table["rows"].append({"role": attrs.get("role"), "cells": []})
        elif tag in ("th", "td"):
            self.table["rows"][-1]["cells"].append((tag, attrs))
            if attrs.get("scope") == "col":
                self.text_into.append((tag, "header"))
                self.table["headers"].append("")
        elif tag in ("thead", "tbody"):
            assert attrs.get("role") == "rowgroup", tag

    def handle_data(self, data):
        for _, into in self.text_into:
            if into == "legend":
                self.scale["legend"] += data
            elif into == "label":
                self.scale["labels"][-1] += data
            elif into == "ends":
                self.scale["ends"] += data
            elif into == "header":
                self.table["headers"][-1] += data

    def handle_endtag(self, tag):
        if self.text_into and self.text_into[-1][0] == tag:
            self.text_into.pop()
        if tag == "fieldset":
            self.scale = None
        elif tag == "table":
            self.table = None


def begin(client, slug: str = "msc-self-compassion-break") -> Run:
    assert client.post(f"/journal/runs/start/{slug}/").status_code == 303
    return Run.objects.latest("pk")


def scales(client, url) -> list[dict]:
    response = client.get(url)
    assert response.status_code == 200, url
    return Page(response.content.decode()).scales


def assert_a_segmented_scale(scale, legend, low, high):
    assert scale["legend"].strip().startswith(legend)
    names = {name for name, _ in scale["radios"]}
    assert len(names) == 1, "one group, so arrow keys move within it"
    assert [value for _, value in scale["radios"]] == [str(n) for n in range(11)]
    labels = [" ".join(label.split()) for label in scale["labels"]]
    assert labels[0] == f"0: {low}" and labels[-1] == f"10: {high}"
    assert labels[1:-1] == [str(n) for n in range(1, 10)]
    ends = " ".join(scale["ends"].split())
    assert ends.startswith(f"0: {low}") and ends.endswith(f"10: {high}")


def test_the_check_in_is_a_segmented_scale(robin_client, library):
    run = begin(robin_client)
    (check_in,) = scales(robin_client, step(run, "check-in"))
    assert_a_segmented_scale(
        check_in,
        "How distressed do you feel right now?",
        "completely calm",
        "the most distressed I can imagine",
    )


def test_a_rate_step_and_the_check_out_are_segmented_scales(robin_client, library):
    run = begin(robin_client, "ifs-parts-check-in")
    (rate,) = scales(robin_client, step(run, "room"))
    assert_a_segmented_scale(
        rate,
        "Right now, how much of you does this part seem to take up?",
        "just a little",
        "almost all of me",
    )
    (check_out,) = scales(robin_client, step(run, "check-out"))
    assert_a_segmented_scale(
        check_out,
        "How distressed do you feel right now?",
        "completely calm",
        "the most distressed I can imagine",
    )


def test_how_i_feel_in_a_new_and_an_edited_entry_is_a_segmented_scale(robin_client, practitioner):
    (new,) = scales(robin_client, "/journal/new/")
    assert_a_segmented_scale(new, "How I feel", "very low", "really well")
    entry = write_entry(practitioner, feeling=4)
    (edit,) = scales(robin_client, f"/journal/entries/{entry.pk}/edit/")
    assert_a_segmented_scale(edit, "How I felt", "very low", "really well")


def test_a_practice_entry_s_ratings_are_segmented_scales_when_edited(robin_client, library):
    run = begin(robin_client)
    walk_whole_practice(robin_client, run)
    entry = Entry.objects.get(run=run)
    rating = Answer.objects.get(run=entry.run, step_key="how-much")
    (edit,) = scales(robin_client, f"/journal/entries/{entry.pk}/edit/")
    assert_a_segmented_scale(edit, rating.prompt, rating.low or "lowest", rating.high or "highest")


def test_the_daily_check_in_is_a_segmented_scale(robin_client):
    (how,) = scales(robin_client, "/journal/check-in/")
    assert_a_segmented_scale(how, "How I am, from 0 to 10", "very low", "really well")


def test_the_editor_s_preview_of_a_rate_step_is_a_segmented_scale(theo, therapist):
    practice = make_practice(therapist)
    html = theo.get(f"/care/practices/{practice.pk}/preview/", {"step": 3}).content.decode()
    (scale,) = Page(html).scales
    assert len(scale["radios"]) == 11
    assert scale["labels"][-1].startswith("10: ")


# Tables ------------------------------------------------------------------------------------


def assert_tables_read_as_tables_and_name_their_cells(html: str, at_least: int):
    tables = Page(html).tables
    assert len(tables) >= at_least
    for table in tables:
        assert table["role"] == "table"
        assert table["headers"], "a table names its columns"
        body_rows = [
            row
            for row in table["rows"]
            if not all(c[1].get("scope") == "col" for c in row["cells"])
        ]
        assert body_rows
        for row in table["rows"]:
            assert row["role"] == "row"
            for position, (tag, attrs) in enumerate(row["cells"]):
                if tag == "th":
                    wanted = "columnheader" if attrs.get("scope") == "col" else "rowheader"
                    assert attrs.get("role") == wanted
                    continue
                assert attrs.get("role") == "cell"
                label = attrs.get("data-label")
                assert label, f"a cell without a name for its card, under {table['headers']}"
                assert label == table["headers"][position].strip()


def test_every_table_on_the_dashboard_names_its_cells_for_a_phone(
    robin_client, library, practitioner
):
    now = timezone.now()
    slugs = ["cft-grounding", "msc-soothing-touch", "cft-safe-place", "ifs-parts-check-in"]
    for day in range(0, 120, 2):
        slug = slugs[day % len(slugs)]
        practised(practitioner, slug, now - timedelta(days=day, hours=3), 6, 4)
    for day in range(0, 20, 3):
        check_in(practitioner, 6, now=now - timedelta(days=day))
    html = robin_client.get("/progress/").content.decode()
    assert "Check-ins and practice as a table" in html
    assert_tables_read_as_tables_and_name_their_cells(html, at_least=6)


def test_every_table_on_a_client_s_page_names_its_cells_for_a_phone(
    theo, therapist, care_client, library
):
    do_homework(set_homework(therapist, care_client))
    html = theo.get(f"/care/clients/{care_client.pk}/").content.decode()
    assert_tables_read_as_tables_and_name_their_cells(html, at_least=2)


# The bottom bar ------------------------------------------------------------------------------


def bar(html: str) -> str:
    return html.split('<nav class="bottom-bar"', 1)[1].split("</nav>", 1)[0]


def test_the_bottom_bar_has_four_places_and_the_rest_behind_more(robin_client, db):
    signed_in = bar(robin_client.get("/journal/").content.decode())
    first = signed_in.split("<details", 1)[0]
    assert [
        name for name in ("Home", "Practices", "Journal", "Progress") if f">{name}</a>" in first
    ] == [
        "Home",
        "Practices",
        "Journal",
        "Progress",
    ]
    assert re.search(r'href="/journal/" aria-current="page">(<svg .*?</svg>)?Journal', first)
    rest = signed_in.split("<details", 1)[1]
    for name in ("Learn", "My parts", "Settings", "Log out"):
        assert f">{name}</" in rest
    visitor = bar(Client().get("/practices/").content.decode()).split("<details", 1)[0]
    for name in ("Home", "Practices", "Learn", "Log in"):
        assert f">{name}</a>" in visitor
    assert "Journal" not in visitor


@pytest.mark.parametrize("url", ["/journal/runs/{run}/steps/check-in/"])
def test_a_practice_under_way_has_no_bottom_bar(robin_client, library, url):
    run = begin(robin_client)
    assert "bottom-bar" not in robin_client.get(url.format(run=run.pk)).content.decode()
