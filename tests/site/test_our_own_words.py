"""Every word a person reads in Tend is our own: facts and names come from the published
methods, sentences never do. Each practice, lesson, path and page is compared with the
reference articles in ../shared/reference/, and any run of seven or more words in common
fails, naming the file and the words. (Issue 16 asked for eight; the about page's "that
struggle is part of being human", the copy it named, shares seven, so seven it is. At six,
book titles and "call or text 988" begin to match, which are facts, not sentences.)"""

import re
from pathlib import Path

import pytest
import yaml
from django.conf import settings

RUN = 7  # words in a row that may not be shared
REFERENCE_DIR = Path(settings.BASE_DIR).parent / "shared" / "reference"

# Quotations we mean to share word for word (a scale's items, a crisis line's own name): the
# words, and where and why they are quoted. Each must still appear in a reference text, or it
# is no longer needed here.
MARKED_QUOTATIONS: dict[str, str] = {}


def words(text: str) -> list[str]:
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    return re.findall(r"[a-z0-9]+(?:'[a-z]+)?", text)


def runs(text: str) -> set[tuple[str, ...]]:
    found = words(text)
    return {tuple(found[i : i + RUN]) for i in range(len(found) - RUN + 1)}


@pytest.fixture(scope="module")
def reference_runs() -> set[tuple[str, ...]]:
    files = sorted(REFERENCE_DIR.glob("*.txt"))
    assert files, (
        f"the reference texts are missing from {REFERENCE_DIR} (../shared beside the repo)"
    )
    shared: set[tuple[str, ...]] = set()
    for path in files:
        shared |= runs(path.read_text(encoding="utf-8"))
    return shared


def strings_in(data) -> list[str]:
    """Every text in a YAML document, each on its own (a run never spans two fields)."""
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [text for value in data.values() for text in strings_in(value)]
    if isinstance(data, list):
        return [text for value in data for text in strings_in(value)]
    return []


TEMPLATE_CODE = re.compile(r"{%.*?%}|{{.*?}}|{#.*?#}|<[^>]+>", re.DOTALL)


def our_texts() -> dict[str, list[str]]:
    base = Path(settings.BASE_DIR)
    texts = {}
    for folder in ("practices/library", "practices/paths"):
        for path in sorted((base / folder).glob("*.yaml")):
            texts[str(path.relative_to(base))] = strings_in(yaml.safe_load(path.read_text()))
    for path in sorted((base / "practices" / "lessons").glob("*.md")):
        texts[str(path.relative_to(base))] = [path.read_text(encoding="utf-8")]
    for path in sorted((base / "templates").rglob("*")):
        if path.suffix in {".html", ".svg", ".txt"}:
            plain = TEMPLATE_CODE.sub(" \u2029 ", path.read_text(encoding="utf-8"))
            texts[str(path.relative_to(base))] = plain.split("\u2029")
    return texts


def test_the_texts_compared_include_every_practice_lesson_and_path():
    names = our_texts().keys()
    assert sum(name.startswith("practices/library/") for name in names) >= 40
    assert sum(name.startswith("practices/lessons/") for name in names) >= 12
    assert sum(name.startswith("practices/paths/") for name in names) >= 3
    assert "templates/base.html" in names


def test_no_run_of_eight_words_is_copied_from_the_reference_articles(reference_runs):
    marked = {tuple(words(quote)) for quote in MARKED_QUOTATIONS}
    copied = []
    for name, texts in our_texts().items():
        for text in texts:
            for run in sorted(runs(text) & reference_runs):
                if not any(_inside(run, quote) for quote in marked):
                    copied.append(f"{name}: “{' '.join(run)}”")
    assert copied == [], "Rewrite these in our own words:\n" + "\n".join(copied)


def test_every_marked_quotation_is_still_quoted_from_a_reference(reference_runs):
    for quote in MARKED_QUOTATIONS:
        assert runs(quote) <= reference_runs, quote


def _inside(run: tuple[str, ...], quote: tuple[str, ...]) -> bool:
    return any(quote[i : i + len(run)] == run for i in range(len(quote) - len(run) + 1))


def test_the_check_finds_a_copied_sentence(reference_runs):
    """The check itself works: a sentence taken from a reference is found, and the same
    idea in other words is not."""
    sample = sorted(reference_runs)[len(reference_runs) // 2]
    assert runs("So, as they say, " + " ".join(sample) + ".") & reference_runs
    assert not runs("Kindness toward yourself is a skill you can practise, slowly, every day.") & (
        reference_runs
    )
