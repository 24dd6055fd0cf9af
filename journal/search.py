"""Finding words in a person's journal.

Each entry keeps one `search_text`: its title, writing, answers, feelings, tags and notes. On
PostgreSQL a trigger keeps `search_vector` (English stemming) in step with it and a GIN index
serves the search; results are ranked and come with a highlighted snippet from `ts_headline`.
On SQLite every word must appear somewhere in the text (case-insensitive), newest first, and
the snippet is cut in Python. Either way the snippet is escaped before the highlights go in.
"""

import html
import re
from dataclasses import dataclass

from django.db import connection
from django.db.models import F
from django.utils.safestring import SafeString, mark_safe

from compassion_site.lib.posted import without_nul

MAX_QUERY_LENGTH = 200
PREVIEW_LENGTH = 240
SNIPPET_RADIUS = 90

# Private-use characters mark highlights in the database's snippet; they never reach a page.
MARK_START, MARK_END = "\ue000", "\ue001"
# PostgreSQL's parser drops anything between < and > as if it were an HTML tag; the search
# trigger (migration 0002) and the snippet read < and > as these look-alikes instead.
PLAIN_ANGLES = ("<>", "\u2039\u203a")
WORD = re.compile(r"\w+")
MARKS = re.compile(f"([{MARK_START}{MARK_END}])")


def _clean(text: str) -> str:
    return text.replace(MARK_START, "").replace(MARK_END, "").strip()


def search_document(*, title="", body="", feelings=(), answers=(), tags=(), notes=()) -> str:
    """Everything findable in one entry, as one text (paragraphs in reading order)."""
    pieces = [title, *feelings, body, *answers, " ".join(f"#{tag}" for tag in tags), *notes]
    return "\n\n".join(_clean(piece) for piece in pieces if piece and _clean(piece))


def _shown(value) -> str:
    """A piece of an answer as text, or "" for nothing: a missing value (None) is never the
    word "None"."""
    return value.strip() if isinstance(value, str) else ""


def answer_words(answer) -> str:
    """An answer's findable words: what was written, the part named, the options chosen."""
    pieces = [answer.text, answer.part_name, *(answer.choices or [])]
    return " ".join(filter(None, map(_shown, pieces)))


def answer_preview(answer) -> str:
    """How an answer reads in a preview: the person's own words, the part named, or the
    options chosen, each kept apart ("A hand on my heart; Holding my own hand")."""
    own = " ".join(filter(None, map(_shown, [answer.text, answer.part_name])))
    return own or "; ".join(filter(None, map(_shown, answer.choices or [])))


def tag_order(name: str) -> tuple[str, str]:
    """Tags in a stable order whatever the database's collation: by name, ignoring case."""
    return (name.casefold(), name)


def search_fields(*, title="", body="", feelings=(), answers=(), tags=(), notes=()) -> dict:
    """An entry's `search_text` and `preview`, from its pieces: the one recipe used when an
    entry is saved, imported or seeded. `answers` are the run's answers in step order."""
    words = [answer_words(answer) for answer in answers]
    # The preview is the first thing the person wrote; options they chose come only when they
    # wrote nothing, so a list of the practice's own options never stands in for their words.
    shown = [answer_preview(answer) for answer in answers]
    written = [text for answer, text in zip(answers, shown, strict=True) if not answer.choices]
    chosen = [text for answer, text in zip(answers, shown, strict=True) if answer.choices]
    return {
        "search_text": search_document(
            title=title,
            body=body,
            feelings=feelings,
            answers=words,
            tags=sorted(tags, key=tag_order),
            notes=notes,
        ),
        "preview": preview_text(body, *written, *chosen),
    }


def preview_text(*texts: str) -> str:
    """The first words a person wrote, for the journal list."""
    for text in texts:
        text = " ".join(text.split())
        if text:
            if len(text) <= PREVIEW_LENGTH:
                return text
            return text[:PREVIEW_LENGTH].rsplit(" ", 1)[0] + "…"
    return ""


def uses_full_text() -> bool:
    return connection.vendor == "postgresql"


@dataclass
class Search:
    """A cleaned-up search: the words to look for, and a note when we changed what was typed."""

    text: str = ""
    note: str = ""

    @classmethod
    def from_typed(cls, typed: str | None) -> "Search":
        typed = without_nul(typed or "").strip()
        note = ""
        if len(typed) > MAX_QUERY_LENGTH:
            typed = typed[:MAX_QUERY_LENGTH]
            note = "That search was very long, so we looked for its first 200 characters."
        if typed and not WORD.search(typed):
            return cls("", "Search looks for words; try typing a word or two.")
        return cls(typed, note)

    @property
    def words(self) -> list[str]:
        return WORD.findall(self.text)[:20]

    def __bool__(self) -> bool:
        return bool(self.text)


def web_query(search: Search):
    """PostgreSQL: the search as a query of stemmed English words (quotes, OR and -word work
    as they do in a web search engine)."""
    from django.contrib.postgres.search import SearchQuery

    return SearchQuery(search.text, config="english", search_type="websearch")


def matching(entries, search: Search):
    """Entries with every word of the search (PostgreSQL: word forms, through the index;
    SQLite: the words as typed, anywhere in the text, any case). Not ordered."""
    if uses_full_text():
        return entries.filter(search_vector=web_query(search))
    for word in search.words:
        entries = entries.filter(search_text__icontains=word)
    return entries


def filter_and_rank(entries, search: Search):
    """Entries matching the search, best first (PostgreSQL) or newest first (SQLite): every
    match ranked, for a page that shows them all (the printable page)."""
    entries = matching(entries, search)
    if uses_full_text():
        from django.contrib.postgres.search import SearchRank

        return (
            # F(): rank the stored vector itself (a plain string would be re-parsed as text).
            entries.annotate(rank=SearchRank(F("search_vector"), web_query(search))).order_by(
                "-rank", "-created_at", "-id"
            )
        )
    return entries


# Ranking looks at this many of the newest matches. Ranking costs a read of every vector it
# ranks: all 15,000 matches of a common word in 100,000 entries took about 50 ms in
# PostgreSQL alone, while the newest 500 are found through the date index in a few. A person
# with more matches is told so on the page, and narrows the dates to look further back.
RANKED_MATCHES = 500


def newest_matches(entries, search: Search, limit: int = RANKED_MATCHES):
    """PostgreSQL: the newest `limit` + 1 of `entries` matching the search, newest first, as
    (id, rank, created_at) rows: what a search ranks (the one more says whether there were more
    matches than are ranked). `entries` is already the person's own, filtered."""
    from django.contrib.postgres.search import SearchRank

    query = web_query(search)
    return (
        entries.filter(search_vector=query)
        .order_by("-created_at", "-id")
        .annotate(rank=SearchRank(F("search_vector"), query))
        .values_list("pk", "rank", "created_at")[: limit + 1]
    )


# newest_matches over all of a person's kept entries (no filter chosen, as in most searches),
# written out: building it with the ORM took longer than PostgreSQL took to answer it.
# Parameters: the search's text, the person's id, the text again, and how many rows (the ORM
# query's limit + 1). tests/journal/test_journal_list.py holds the two to the same rows.
NEWEST_OWN_MATCHES_SQL = """
SELECT id, ts_rank(search_vector, websearch_to_tsquery('english', %s)), created_at
  FROM journal_entry
 WHERE user_id = %s AND deleted_at IS NULL
   AND search_vector @@ websearch_to_tsquery('english', %s)
 ORDER BY created_at DESC, id DESC
 LIMIT %s
"""


def newest_own_matches(person, search: Search) -> tuple[str, list]:
    """PostgreSQL: NEWEST_OWN_MATCHES_SQL and its parameters, for `person` and `search`."""
    return NEWEST_OWN_MATCHES_SQL, [search.text, person.pk, search.text, RANKED_MATCHES + 1]


# A short snippet of an entry's text around the matches (PostgreSQL), with the highlights
# marked by MARK_START and MARK_END (see `highlighted`): up to two fragments of 10 to 28 words.
# An expression over journal_entry, to go in a query written out around it; its parameters
# come from `headline_params`. The text is read with PLAIN_ANGLES, as the search trigger
# reads it. Written out as a constant rather than built from Django's SearchHeadline, which
# took a third of a millisecond a search to compile (tests/journal/test_journal_list.py holds the
# two to the same snippets).
HEADLINE_SQL = (
    "ts_headline('english', translate(journal_entry.search_text, %s, %s),"
    " websearch_to_tsquery('english', %s), %s)"
)
HEADLINE_OPTIONS = (
    f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=28, MinWords=10,"
    ' MaxFragments=2, FragmentDelimiter=" … "'
)


def headline_params(search: Search) -> list:
    """The parameters of HEADLINE_SQL for `search`."""
    return [*PLAIN_ANGLES, search.text, HEADLINE_OPTIONS]


def with_snippets(entries, search: Search):
    """Add `snippet` (safe HTML, matches in <mark>) to entries found by `matching`. On
    PostgreSQL each entry brings a `headline` (from `headline()`, fetched with it); on SQLite
    the snippet is cut from its `search_text`."""
    for entry in entries:
        if uses_full_text():
            entry.snippet = highlighted(entry.headline or "")
        else:
            entry.snippet = plain_snippet(entry.search_text, search.words)
    return entries


def marked(segments) -> SafeString:
    """HTML from (text, is_match) pieces: every piece escaped, the matches in <mark>. (What
    format_html_join with format_html gave, without their cost for each piece; the escaping
    is the standard library's html.escape, which is all Django's `escape` does, without the
    cost of its lazy-string wrapper for each piece.)"""
    marked_up = "".join(
        f"<mark>{html.escape(text)}</mark>" if is_match else html.escape(text)
        for text, is_match in segments
    )
    # Every piece is escaped above.
    return mark_safe(marked_up)  # noqa: S308  # nosec B308 B703


def highlighted(headline: str) -> SafeString:
    """A database snippet, its highlight markers turned into <mark> tags."""
    headline = " ".join(headline.split())
    segments = []
    is_match = False
    for piece in MARKS.split(headline):
        if piece in (MARK_START, MARK_END):
            is_match = piece == MARK_START
        elif piece:
            segments.append((piece, is_match))
    return marked(segments)


def plain_snippet(text: str, words: list[str]) -> SafeString:
    """A short window of `text` around the first match, with each match marked."""
    if not words:
        return marked([(preview_text(text), False)])
    pattern = re.compile("|".join(re.escape(word) for word in words), re.IGNORECASE)
    first = pattern.search(text)
    start = max(0, first.start() - SNIPPET_RADIUS) if first else 0
    end = min(len(text), (first.end() if first else 0) + SNIPPET_RADIUS * 2)
    window = " ".join(text[start:end].split())
    segments = [("…", False)] if start > 0 else []
    last = 0
    for match in pattern.finditer(window):
        segments += [(window[last : match.start()], False), (match.group(), True)]
        last = match.end()
    segments.append((window[last:], False))
    if end < len(text):
        segments.append(("…", False))
    return marked(segments)
