"""The two lock files: production installs requirements.lock alone, developers and CI install
requirements-dev.lock, and both install with `pip install --require-hashes` on Python 3.11-3.13."""

import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

PROJECT = Path(__file__).resolve().parents[2]
RUNTIME_LOCK = PROJECT / "requirements.lock"
DEV_LOCK = PROJECT / "requirements-dev.lock"
LOCKS = [RUNTIME_LOCK, DEV_LOCK]

# What tests, lints, audits or load-tests Tend, and what only those tools pull in: none of it
# belongs on a production server.
NOT_FOR_PRODUCTION = [
    "pytest",
    "pytest-django",
    "pytest-xdist",
    "playwright",
    "axe-playwright-python",
    "locust",
    "flask",
    "ruff",
    "factory-boy",
    "faker",
    "hypothesis",
    "time-machine",
    "bandit",
    "pip-audit",
]


@dataclass(frozen=True)
class Pin:
    name: str
    line: str
    specifier: SpecifierSet
    marker: str
    hashes: tuple[str, ...]

    @property
    def version(self) -> str:
        (spec,) = self.specifier
        return spec.version


def read_lock(path: Path) -> dict[str, list[Pin]]:
    """Every requirement in a pip requirements file, by normalized name (a universal lock may
    pin one name twice, under different markers)."""
    pins: dict[str, list[Pin]] = {}
    for line in path.read_text().replace("\\\n", " ").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        requirement_text, _, options = line.partition(" --")
        options = "--" + options if options else ""
        hashes = tuple(
            word.removeprefix("--hash=")
            for word in options.split()
            if word.startswith("--hash=sha256:")
        )
        requirement = Requirement(requirement_text)
        name = canonicalize_name(requirement.name)
        pins.setdefault(name, []).append(
            Pin(
                name=name,
                line=line,
                specifier=requirement.specifier,
                marker=str(requirement.marker or ""),
                hashes=hashes,
            )
        )
    return pins


def pyproject() -> dict:
    return tomllib.loads((PROJECT / "pyproject.toml").read_text())


def runtime_dependencies() -> list[Requirement]:
    return [Requirement(text) for text in pyproject()["project"]["dependencies"]]


def dev_dependencies() -> list[Requirement]:
    return [Requirement(text) for text in pyproject()["dependency-groups"]["dev"]]


def is_exact_pin(pin: Pin) -> bool:
    specs = list(pin.specifier)
    return len(specs) == 1 and specs[0].operator == "==" and "*" not in specs[0].version


def test_the_production_lock_holds_no_test_lint_or_bench_tool():
    runtime = read_lock(RUNTIME_LOCK)
    dev_only = {canonicalize_name(name) for name in NOT_FOR_PRODUCTION} | {
        canonicalize_name(requirement.name) for requirement in dev_dependencies()
    }
    runtime_names = {canonicalize_name(r.name) for r in runtime_dependencies()}

    assert sorted((dev_only - runtime_names) & runtime.keys()) == []
    # ...and yet it is the whole of what runs Tend, not an empty file.
    assert {"django", "pydantic", "psycopg", "gunicorn"} <= runtime.keys()


@pytest.mark.parametrize("lock", LOCKS, ids=lambda path: path.name)
def test_every_line_of_each_lock_is_an_exact_pin_with_its_hashes(lock):
    """`pip install --require-hashes` refuses a file with any line that isn't both."""
    loose = [
        pin.line
        for pins in read_lock(lock).values()
        for pin in pins
        if not (is_exact_pin(pin) and pin.hashes)
    ]

    assert loose == []


@pytest.mark.parametrize("lock", LOCKS, ids=lambda path: path.name)
def test_every_runtime_dependency_is_pinned_with_hashes_within_its_range(lock):
    pins = read_lock(lock)

    for requirement in runtime_dependencies():
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement} is missing from {lock.name}"
        for pin in pins[name]:
            assert is_exact_pin(pin), pin.line
            assert pin.hashes, pin.line
            assert requirement.specifier.contains(pin.version, prereleases=True), (
                f"{lock.name} pins {name}=={pin.version}, outside {requirement}"
            )


def test_every_dev_dependency_is_pinned_in_the_dev_lock_within_its_range():
    pins = read_lock(DEV_LOCK)

    for requirement in dev_dependencies():
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement} is missing from {DEV_LOCK.name}"
        for pin in pins[name]:
            assert requirement.specifier.contains(pin.version, prereleases=True), pin.line


def test_the_dev_lock_pins_what_production_pins_at_the_same_versions():
    runtime = read_lock(RUNTIME_LOCK)
    dev = read_lock(DEV_LOCK)

    def versions(pins: list[Pin]) -> set[tuple[str, str]]:
        return {(pin.version, pin.marker) for pin in pins}

    assert sorted(runtime.keys() - dev.keys()) == []
    differing = {
        name: (versions(runtime[name]), versions(dev[name]))
        for name in runtime
        if versions(runtime[name]) != versions(dev[name])
    }
    assert differing == {}


def test_requires_python_admits_3_11_3_12_and_3_13():
    requires_python = SpecifierSet(pyproject()["project"]["requires-python"])

    for version in ["3.11", "3.11.0", "3.12", "3.12.8", "3.13", "3.13.5"]:
        assert requires_python.contains(version), version
    assert not requires_python.contains("3.10.16")
    # ruff checks the code against the oldest Python it must run on.
    assert pyproject()["tool"]["ruff"]["target-version"] == "py311"
