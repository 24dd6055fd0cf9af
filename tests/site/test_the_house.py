"""The house, read from the source: five apps whose dependencies point one way
(care -> progress -> journal -> practices -> accounts), compassion_site/lib below them all, the
site (home page, settings, seed_demo) above them all, and no module importing another that
imports it back. Every import counts, including those inside functions."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("compassion_site", "practices", "journal", "progress", "care")

# Lower numbers are further down the house; a module may import from its own level or below.
LEVELS = {
    "lib": 0,
    "accounts": 1,
    "practices": 2,
    "journal": 3,
    "progress": 4,
    "care": 5,
    "site": 6,
}
# Site modules that know no app (settings helpers and logging filters) sit with lib.
KNOWS_NO_APP = {"compassion_site.env", "compassion_site.logs"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def source_modules() -> dict[str, Path]:
    modules = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            modules[module_name(path)] = path
    return modules


MODULES = source_modules()


def room_of(module: str) -> str:
    if module.startswith("compassion_site.lib") or module in KNOWS_NO_APP:
        return "lib"
    if module.startswith("compassion_site.accounts"):
        return "accounts"
    if module.startswith("compassion_site"):
        return "site"
    return module.split(".")[0]


def imports_of(module: str, path: Path) -> set[str]:
    """The project modules this one imports, anywhere in the file."""
    found = set()
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            names = [f"{base}.{alias.name}" for alias in node.names] + [base]
        else:
            continue
        for name in names:
            # `from journal.views import sharing` imports the module journal.views.sharing;
            # `from journal.models import Entry` imports journal.models.
            while name and name not in MODULES:
                name = name.rpartition(".")[0]
            if name and name != module:
                found.add(name)
    return found


GRAPH = {module: imports_of(module, path) for module, path in MODULES.items()}


def test_the_house_has_its_five_apps_and_the_same_rooms_in_each():
    for app in ("compassion_site/accounts", "practices", "journal", "progress", "care"):
        folder = ROOT / app
        assert (folder / "models.py").exists(), app
        assert (folder / "urls.py").exists(), app
        assert (folder / "views.py").exists() or (folder / "views").is_dir(), app
        assert (folder / "queries.py").exists() or app in ("compassion_site/accounts",), app


@pytest.mark.parametrize("module", sorted(GRAPH))
def test_no_module_imports_from_an_app_above_its_own(module):
    level = LEVELS[room_of(module)]
    above = sorted(imported for imported in GRAPH[module] if LEVELS[room_of(imported)] > level)
    assert above == [], f"{module} ({room_of(module)}) imports from above: {above}"


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan's algorithm)."""
    tarjan = Tarjan(graph)
    for node in sorted(graph):
        if node not in tarjan.index:
            tarjan.visit(node)
    return tarjan.found


class Tarjan:
    def __init__(self, graph: dict[str, set[str]]):
        self.graph = graph
        self.index: dict[str, int] = {}
        self.low: dict[str, int] = {}
        self.stack: list[str] = []
        self.on_stack: set[str] = set()
        self.found: list[list[str]] = []

    def visit(self, node: str) -> None:
        self.index[node] = self.low[node] = len(self.index)
        self.stack.append(node)
        self.on_stack.add(node)
        for target in self.graph.get(node, ()):
            if target not in self.index:
                self.visit(target)
                self.low[node] = min(self.low[node], self.low[target])
            elif target in self.on_stack:
                self.low[node] = min(self.low[node], self.index[target])
        if self.low[node] == self.index[node]:
            self.pop_group(node)

    def pop_group(self, root: str) -> None:
        """The group whose root is `root`, off the stack; kept when it has two or more."""
        group = []
        while True:
            member = self.stack.pop()
            self.on_stack.discard(member)
            group.append(member)
            if member == root:
                break
        if len(group) > 1:
            self.found.append(sorted(group))


def test_no_module_imports_one_that_imports_it_back():
    assert cycles(GRAPH) == []


def test_the_checks_would_see_a_cycle_and_an_import_from_above():
    # The two rules, tried on a made-up house, so the tests above can fail.
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert LEVELS[room_of("care.views.clients")] > LEVELS[room_of("journal.models")]
    assert imports_of("journal.views.homework", MODULES["journal.views.homework"]) >= {
        "journal.views.runs",
        "compassion_site.lib.http",
    }
