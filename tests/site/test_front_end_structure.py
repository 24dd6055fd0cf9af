"""The front end keeps its rooms: every rule of tend.css in one of three cascade layers, every
@media width on the one breakpoint scale that tend.css documents, and every script in
static/js a small deferred file that a template loads (once per page), with nothing inline."""

import re
from pathlib import Path

from django.conf import settings

from journal import services
from practices.models import Practice
from tests.conftest import BREAK

ROOT = Path(settings.BASE_DIR)
CSS = ROOT / "static" / "css"
JS = ROOT / "static" / "js"
TEMPLATES = ROOT / "templates"
LAYERS = ("base", "components", "pages")
SCRIPT_TAG = re.compile(r"<script\b([^>]*)>")
STATIC_JS = re.compile(r"""src="\{% static ['"]js/([^'"]+)['"] %\}\"""")


def without_comments(css: str) -> str:
    return re.sub(r"/\*.*?\*/", "", css, flags=re.S)


def top_level(css: str) -> list[str]:
    """The top-level statements of a stylesheet: each at-rule or rule, with its block."""
    statements, depth, start = [], 0, 0
    for index, char in enumerate(css):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            assert depth >= 0, f"an unmatched }} near: {css[start : index + 1][-80:]!r}"
            if depth == 0:
                statements.append(css[start : index + 1].strip())
                start = index + 1
        elif char == ";" and depth == 0:
            statements.append(css[start : index + 1].strip())
            start = index + 1
    assert depth == 0, "a { that is never closed"
    rest = css[start:].strip()
    if rest:
        statements.append(rest)
    return statements


def test_every_rule_of_tend_css_is_inside_one_of_the_three_layers():
    statements = top_level(without_comments((CSS / "tend.css").read_text()))
    assert statements[0] == "@layer base, components, pages;", "the layer order comes first"
    blocks = statements[1:]
    strays = [s[:80] for s in blocks if not re.match(r"@layer (base|components|pages)\s*\{", s)]
    assert not strays, f"rules outside the layers: {strays}"
    named = [re.match(r"@layer (\w+)", block).group(1) for block in blocks]
    assert named == list(LAYERS), f"one block per layer, in order: {named}"
    for block in blocks:
        inside = block[block.index("{") + 1 : -1]
        assert top_level(inside), "an empty layer"
        assert "@layer" not in inside, "no layers inside layers"


def test_every_rule_of_pages_css_is_in_the_pages_layer():
    # pages.css holds the styles of the pages around the practice; tend.css, loaded first,
    # declares the layers, so these rules keep their place in the cascade.
    statements = top_level(without_comments((CSS / "pages.css").read_text()))
    assert len(statements) == 1 and re.match(r"@layer pages\s*\{", statements[0]), [
        s[:80] for s in statements
    ]


def stylesheets(page: str) -> list[str]:
    return re.findall(r'<link rel="stylesheet" href="/static/css/([a-z]+)[.\w]*\.css"', page)


def test_a_practice_step_loads_only_tend_css_and_other_pages_load_both(
    library, robin_client, practitioner
):
    assert stylesheets(robin_client.get("/").content.decode()) == ["tend", "pages"]
    run = services.start_run(practitioner, Practice.objects.get(slug=BREAK))
    step = robin_client.get(f"/journal/runs/{run.pk}/steps/check-in/").content.decode()
    assert "How are you" in step or "distress" in step
    assert stylesheets(step) == ["tend"]


def documented_scale() -> set[str]:
    header = re.match(r"\s*/\*(.*?)\*/", (CSS / "tend.css").read_text(), flags=re.S).group(1)
    assert "Breakpoints" in header, "tend.css names its breakpoints at the top"
    scale = header.split("Breakpoints", 1)[1]
    return set(re.findall(r"^\s*- (\d+(?:\.\d+)?em) \(", scale, flags=re.M))


def test_every_media_width_in_the_css_is_on_the_documented_breakpoint_scale():
    scale = documented_scale()
    assert 2 <= len(scale) <= 4, f"a small scale, written at the top of tend.css: {scale}"
    widths = []
    for sheet in sorted(CSS.glob("*.css")):
        for query in re.findall(r"@media([^{]*)\{", without_comments(sheet.read_text())):
            assert not re.search(r"\bwidth\s*[<>=]", query), f"{sheet.name}: range syntax {query}"
            for value in re.findall(r"(?:min|max)-(?:device-)?width\s*:\s*([^)\s]+)", query):
                widths.append((sheet.name, value))
    assert widths, "the scale is used"
    off_scale = [(name, value) for name, value in widths if value not in scale]
    assert not off_scale, f"widths off the scale {sorted(scale)}: {off_scale}"


def scripts_by_template() -> dict[str, list[tuple[str, str]]]:
    """Each template's script tags, as (file under static/js, the tag's attributes)."""
    found = {}
    for template in sorted(TEMPLATES.rglob("*.html")):
        tags = []
        for attributes in SCRIPT_TAG.findall(template.read_text()):
            name = STATIC_JS.search(attributes)
            tags.append((name.group(1) if name else "", attributes))
        found[str(template.relative_to(TEMPLATES))] = tags
    return found


def test_every_script_in_static_js_is_loaded_by_a_template_with_defer():
    loaded = scripts_by_template()
    deferred = {
        name
        for tags in loaded.values()
        for name, attributes in tags
        if name and re.search(r"\bdefer\b", attributes)
    }
    files = {path.name for path in JS.glob("*.js")}
    assert files - deferred == set(), "scripts no template loads with defer"
    assert deferred - files == set(), "templates load scripts that don't exist"
    for template, tags in loaded.items():
        for name, attributes in tags:
            # htmx itself comes from django-htmx's {% htmx_script %}, deferred too.
            assert name, (
                f"{template}: a script not from static/js (or inline): <script{attributes}>"
            )
            assert re.search(r"\bdefer\b", attributes), f"{template}: {name} without defer"


def test_no_page_loads_a_script_twice():
    loaded = scripts_by_template()
    from_base = [name for name, _ in loaded["base.html"]]
    assert len(from_base) == len(set(from_base))
    for template, tags in loaded.items():
        if template != "base.html":
            again = {name for name, _ in tags} & set(from_base)
            assert not again, f"{template} loads again what base.html loads: {again}"


def test_scripts_and_templates_stay_inside_the_content_security_policy():
    for script in JS.glob("*.js"):
        code = script.read_text()
        assert not re.search(r"\beval\(|new Function\(|setTimeout\(\s*['\"]", code), script.name
        assert "innerHTML" not in code, f"{script.name}: build elements, don't parse strings"
    for template in TEMPLATES.rglob("*.html"):
        html = template.read_text()
        assert not re.search(r"\son[a-z]+=|\bhx-on\b|<style\b|\sstyle=", html), template.name
