"""Lesson files (practices/lessons/<slug>.md): a small YAML header between `---` lines, then
Markdown. Read with the same safe YAML reader as practices, checked by a pydantic model, and
rendered once, when the library is synced, into HTML cleaned by an allow-list. Nothing here
touches the database.

A lesson's problems are Problem(file, field, message), raised together as PracticeFileError,
so one bad file loads nothing, as with practices."""

import re
from dataclasses import dataclass
from pathlib import Path

import nh3
import yaml
from markdown_it import MarkdownIt
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from practices.format import (
    MAX_PROBLEMS,
    Choice,
    Number,
    Slug,
    Sources,
    Text,
    brief,
    described,
    fingerprint,
    problem,
    unknown_first,
)
from practices.library import (
    NUL_CHARACTER,
    PracticeFileError,
    PracticeFileRefused,
    Problem,
    load_practice_yaml,
)
from practices.models import LessonTopic

MAX_FILE_BYTES = 64 * 1024
MIN_WORDS, MAX_WORDS = 600, 1_200
WORDS_A_MINUTE = 200
DIAGRAM = re.compile(r"^\[\[diagram:\s*([^\]]*?)\s*\]\]$")
DIAGRAM_IN_HTML = re.compile(r"<p>\[\[diagram:\s*([a-z0-9-]+)\s*\]\]</p>")
DIAGRAM_NAME = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
UNKNOWN_FIELD = "is not a field a lesson has"
UNKNOWN_SOURCE_FIELD = "is not a field a source has (author, year, title)"

# What a lesson's HTML may hold, and nothing else: no images, no raw HTML, no styles.
ALLOWED_TAGS = {"p", "h2", "h3", "ul", "ol", "li", "strong", "em", "blockquote", "a", "code"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}


class LessonHeader(BaseModel):
    """A lesson file's header. Fields are listed in the order their problems are reported."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    slug: Slug(80)
    title: Text(80)
    summary: Text(160)
    order: Number(1, 99)
    topic: Choice(LessonTopic) = Field(None, validate_default=True)
    try_: Slug(80) = Field(alias="try")
    sources: Sources = Field(None, validate_default=True)

    @field_validator("sources", mode="before")
    @classmethod
    def at_least_one(cls, value):
        if not value:
            raise problem("is missing; list at least one {author, year, title}")
        return value


@dataclass
class LessonDefinition:
    """A checked lesson file, rendered and ready to be written to the database."""

    file: str
    slug: str
    title: str
    summary: str
    order: int
    topic: str
    try_slug: str
    sources: list[dict]
    body: str
    body_html: str
    minutes: int
    version: str


def lesson_files(folder: Path) -> list[Path]:
    return sorted(path for path in folder.iterdir() if path.suffix == ".md")


def read_lessons(
    folder: Path, practices: dict[str, bool], diagrams: Path
) -> list[LessonDefinition]:
    """Read and check every lesson in a folder, or raise with every problem found.
    `practices` maps each library practice's slug (those being loaded in the same sync) to
    whether it is self-guided; `diagrams` is the folder of the SVG files lessons may show."""
    problems: list[Problem] = []
    lessons: list[LessonDefinition] = []
    for path in lesson_files(folder):
        lesson, found = read_lesson_file(path, practices, diagrams)
        problems += found
        if lesson is not None:
            lessons.append(lesson)
    seen: dict[int, str] = {}
    for lesson in lessons:
        if lesson.order in seen:
            what = f"{lesson.order} is already the order of {seen[lesson.order]}"
            problems.append(Problem(lesson.file, "order", what))
        else:
            seen[lesson.order] = lesson.file
    if problems:
        raise PracticeFileError(problems)
    return lessons


def read_lesson_file(
    path: Path, practices: dict[str, bool], diagrams: Path
) -> tuple[LessonDefinition | None, list[Problem]]:
    name = path.name
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:  # refused before it is read any further
        return None, [Problem(name, "(file)", f"is {size:,} bytes; at most {MAX_FILE_BYTES:,}")]
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        return None, [Problem(name, "(file)", "is not UTF-8 text")]
    if "\x00" in text:
        return None, [Problem(name, "(file)", NUL_CHARACTER)]
    return check_lesson(name, text, practices, diagrams)


def split_header(text: str) -> tuple[str, str] | None:
    """The header's YAML and the Markdown after it, or None without a `---` header."""
    lines = text.lstrip("\ufeff").splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        return None
    for number, line in enumerate(lines[1:], start=1):
        if line.strip() == "---":
            return "".join(lines[1:number]), "".join(lines[number + 1 :])
    return None


def check_lesson(
    name: str, text: str, practices: dict[str, bool], diagrams: Path
) -> tuple[LessonDefinition | None, list[Problem]]:
    parts = split_header(text)
    if parts is None:
        return None, [Problem(name, "(file)", "must begin with a header between --- lines")]
    header_text, body = parts
    header, problems = check_header(name, header_text, practices)
    problems += body_problems(name, body, diagrams)
    if problems:
        return None, problems[: MAX_PROBLEMS + 1]
    fields = header.model_dump(mode="json", by_alias=True)
    body_html = render(body, diagrams)
    return LessonDefinition(
        file=name,
        slug=header.slug,
        title=header.title,
        summary=header.summary,
        order=header.order,
        topic=header.topic,
        try_slug=header.try_,
        sources=fields["sources"],
        body=body.strip() + "\n",
        body_html=body_html,
        minutes=max(1, round(count_words(body) / WORDS_A_MINUTE)),
        version=fingerprint(fields, [{"body": body, "html": body_html}]),
    ), []


def check_header(
    name: str, header_text: str, practices: dict[str, bool]
) -> tuple[LessonHeader | None, list[Problem]]:
    """The header, checked; or None and its problems."""
    try:
        data = load_practice_yaml(header_text)
    except PracticeFileRefused as refused:
        return None, [Problem(name, "(header)", refused.message)]
    except yaml.YAMLError as error:
        return None, [Problem(name, "(header)", f"is not valid YAML: {error}")]
    if not isinstance(data, dict):
        return None, [Problem(name, "(header)", "must be a mapping of fields")]
    try:
        header = LessonHeader.model_validate(data)
    except ValidationError as error:
        return None, header_problems(name, error)
    problems = []
    if f"{header.slug}.md" != name:
        problems.append(Problem(name, "slug", f"{header.slug!r} must be the file's name"))
    if header.try_ not in practices:
        what = f"{header.try_!r} is not a practice in the library"
        problems.append(Problem(name, "try", what))
    elif not practices[header.try_]:
        what = f"{header.try_!r} is offered only with a therapist; name a self-guided one"
        problems.append(Problem(name, "try", what))
    return header, problems


def header_problems(name: str, error: ValidationError) -> list[Problem]:
    found = []
    for detail in error.errors():
        for field, what in described(detail, detail["loc"], UNKNOWN_FIELD):
            if field.startswith("sources[") and what == UNKNOWN_FIELD:
                what = UNKNOWN_SOURCE_FIELD
            found.append((field.replace("try_", "try"), what))
    return [Problem(name, field, what) for field, what in unknown_first(found, "is not a field")]


# The body ----------------------------------------------------------------------------------


def markdown() -> MarkdownIt:
    # CommonMark with raw HTML off: a <tag> in a lesson is shown as text, then nh3 cleans.
    return MarkdownIt("commonmark", {"html": False})


def count_words(body: str) -> int:
    """Words a reader reads: the body without diagram lines and Markdown's marks."""
    prose = "\n".join(line for line in body.splitlines() if not DIAGRAM.match(line.strip()))
    return len(re.findall(r"[\w'\u2019-]+", prose))


def body_problems(name: str, body: str, diagrams: Path) -> list[Problem]:
    problems = []
    words = count_words(body)
    if not MIN_WORDS <= words <= MAX_WORDS:
        what = f"is {words} words; a lesson is {MIN_WORDS:,} to {MAX_WORDS:,} words"
        problems.append(Problem(name, "(body)", what))
    for href in links(body):
        if not href.startswith("/") or href.startswith("//"):
            what = f"links to {brief(href)}; link only to Tend's own pages, starting with /"
            problems.append(Problem(name, "(body)", what))
    for line in body.splitlines():
        found = DIAGRAM.match(line.strip())
        if found is None:
            continue
        diagram = found.group(1)
        if not DIAGRAM_NAME.match(diagram) or not (diagrams / f"{diagram}.svg").is_file():
            what = f"names the diagram {brief(diagram)}, which is not a file in {diagrams.name}/"
            problems.append(Problem(name, "(body)", what))
    return problems


def links(body: str) -> list[str]:
    """Every link's (autolinks too) and image's address in the Markdown, as the renderer
    reads them."""
    found = []

    def walk(tokens):
        for token in tokens:
            if token.type == "link_open":
                found.append(str(token.attrGet("href") or ""))
            elif token.type == "image":
                found.append(str(token.attrGet("src") or ""))
            if token.children:
                walk(token.children)

    walk(markdown().parse(body))
    return found


def render(body: str, diagrams: Path) -> str:
    """The body as safe HTML: Markdown, then only the allowed tags; `# ` headings become h2
    (the page's h1 is the title); each diagram line becomes its SVG in a figure."""
    html = markdown().render(body)
    html = re.sub(r"<(/?)h1>", r"<\1h2>", html)
    html = re.sub(r"<(/?)h[456]>", r"<\1h3>", html)
    html = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=set(),
        link_rel=None,
        strip_comments=True,
    )

    def diagram(found: re.Match) -> str:
        svg = (diagrams / f"{found.group(1)}.svg").read_text(encoding="utf-8")
        svg = re.sub(r"^\s*<\?xml[^>]*\?>\s*", "", svg)  # the page is HTML, not XML
        return f'<figure class="diagram">{svg.strip()}</figure>'

    return DIAGRAM_IN_HTML.sub(diagram, html).strip() + "\n"
