"""Remake Tend's self-hosted font and icon sprite from their npm packages.

    .venv/bin/python tools/look_assets.py fonts   # static/fonts/figtree-latin-wght.woff2 + OFL.txt
    .venv/bin/python tools/look_assets.py icons   # static/img/icons.svg (the SVG sprite)

(`make fonts` and `make icons` run these.) Each package is fetched with `npm pack` into a
temporary folder, at the pinned version below, so the result is the same every time; nothing
is fetched when Tend runs.

The font: Figtree (SIL Open Font License 1.1), the upright variable font of
@fontsource-variable/figtree, cut to what Tend shows (basic Latin, a few Latin-1 signs, typographic
quotes, dashes and the ellipsis, with kerning) and to weights 400 to 700 of its one axis, as woff2.
It also prints the metric overrides for the fallback face in tend.css, so the swap doesn't jolt.

The icons: Lucide (ISC licence), from lucide-static; only the icons in ICONS, as <symbol>s in
one file that every page's icons point into. Kept out of the HTML so that a practice step's HTML
and CSS still fit the first round trip; the browser fetches it once and keeps it a year.
"""

import os
import re
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent

FONT_PACKAGE = "@fontsource-variable/figtree@5.3.0"
FONT_FILE = "package/files/figtree-latin-wght-normal.woff2"
FONT_OUT = ROOT / "static" / "fonts" / "figtree-latin-wght.woff2"
WEIGHTS = "400:700"
UNICODES = ",".join(
    [
        "U+0020-007E",  # basic Latin
        "U+00A0,U+00A3,U+00A9,U+00AB,U+00B0,U+00B7,U+00BB,U+00D7",  # nbsp, pound, copyright...
        "U+2013-2014,U+2018-2019,U+201C-201D,U+2022,U+2026,U+2039-203A,U+20AC,U+2212",
    ]
)

# fontTools stamps the time of making into the font unless given a fixed one: same bytes each run.
FIXED_TIME = {**os.environ, "SOURCE_DATE_EPOCH": "1757548800"}  # 2025-09-11, the package's date

ICON_PACKAGE = "lucide-static@1.62.0"
# Tend's name for an icon -> Lucide's name.
ICONS = {
    "home": "house",
    "practices": "library-big",
    "learn": "book-open",
    "journal": "notebook-pen",
    "progress": "chart-line",
    "homework": "clipboard-list",
    "clients": "users",
    "parts": "puzzle",
    "settings": "settings",
    "heart": "heart",
    "search": "search",
    "bell": "bell",
    "calendar": "calendar",
    "sun": "sun",
    "moon": "moon",
    "monitor": "monitor",
    "phone": "phone",
    "play": "play",
    "pause": "pause",
    "check": "check",
    "log-out": "log-out",
}
SPRITE_OUT = ROOT / "static" / "img" / "icons.svg"


def unpack(package: str, into: Path) -> Path:
    name = subprocess.run(  # noqa: S603 (a fixed command: npm pack of a pinned package)
        ["npm", "pack", "--silent", package],  # noqa: S607 (npm as the PATH finds it)
        cwd=into,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()[-1]
    with tarfile.open(into / name) as archive:
        archive.extractall(into, filter="data")
    return into


def fonts() -> None:
    from fontTools.ttLib import TTFont

    with tempfile.TemporaryDirectory() as tmp:
        where = unpack(FONT_PACKAGE, Path(tmp))
        limited = where / "limited.ttf"
        subprocess.run(  # noqa: S603 (fontTools from our own environment)
            [
                BIN / "fonttools",
                "varLib.instancer",
                "-q",
                where / FONT_FILE,
                f"wght={WEIGHTS}",
                "-o",
                limited,
            ],
            check=True,
            env=FIXED_TIME,
        )
        FONT_OUT.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(  # noqa: S603 (fontTools from our own environment)
            [
                BIN / "pyftsubset",
                limited,
                f"--unicodes={UNICODES}",
                "--layout-features=kern",
                "--flavor=woff2",
                "--no-hinting",
                "--desubroutinize",
                f"--output-file={FONT_OUT}",
            ],
            check=True,
            env=FIXED_TIME,
        )
        licence = (where / "package" / "LICENSE").read_text()
        (FONT_OUT.parent / "OFL.txt").write_text(licence)
    print(f"{FONT_OUT.relative_to(ROOT)}: {FONT_OUT.stat().st_size} bytes")
    fallback_metrics(TTFont(FONT_OUT))


def fallback_metrics(font) -> None:
    """The overrides that make Arial (or Liberation Sans, its metric twin) take Figtree's room."""
    # Arial's advance widths for a-z and space, in 2048ths of an em (from Liberation Sans).
    widths_of_arial = [
        1139, 1139, 1024, 1139, 1139, 569, 1139, 1139, 455, 455, 1024, 455, 1706,
        1139, 1139, 1139, 1139, 682, 1024, 569, 1139, 1024, 1479, 1024, 1024, 1024, 569,
    ]  # fmt: skip
    arial = dict(zip("abcdefghijklmnopqrstuvwxyz ", widths_of_arial, strict=True))
    # How often each turns up in English prose, per thousand characters: a line of Tend's text
    # is mostly e, t, a, o and spaces, so they count most.
    often = [
        66, 12, 23, 35, 102, 18, 16, 49, 56, 1, 6, 32, 19,
        54, 60, 15, 1, 48, 51, 73, 22, 8, 19, 1, 16, 1, 190,
    ]  # fmt: skip
    upm = font["head"].unitsPerEm
    cmap = font.getBestCmap()
    widths = font["hmtx"].metrics
    ours = sum(n * widths[cmap[ord(ch)]][0] / upm for ch, n in zip(arial, often, strict=True))
    theirs = sum(n * width / 2048 for width, n in zip(arial.values(), often, strict=True))
    size = ours / theirs
    os2 = font["OS/2"]
    print(f"size-adjust: {size:.2%}")
    print(f"ascent-override: {os2.sTypoAscender / upm / size:.2%}")
    print(f"descent-override: {-os2.sTypoDescender / upm / size:.2%}")
    print(f"line-gap-override: {os2.sTypoLineGap / upm / size:.2%}")


def icons() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        where = unpack(ICON_PACKAGE, Path(tmp)) / "package"
        symbols = []
        for ours, theirs in ICONS.items():
            svg = (where / "icons" / f"{theirs}.svg").read_text()
            shapes = re.sub(r"\s+", " ", svg.split(">", 2)[2].rsplit("</svg>", 1)[0])
            shapes = shapes.replace(" />", "/>").replace("> <", "><").strip()
            symbols.append(f'<symbol id="icon-{ours}" viewBox="0 0 24 24">{shapes}</symbol>')
    # The stroke and fill are set on .icon in tend.css: a <use> inherits from where it is used.
    SPRITE_OUT.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg">\n'
        "<!-- Icons from Lucide (ISC licence), made by tools/look_assets.py: don't edit. -->\n"
        + "\n".join(symbols)
        + "\n</svg>\n"
    )
    print(f"{SPRITE_OUT.relative_to(ROOT)}: {len(ICONS)} icons")


if __name__ == "__main__":
    {"fonts": fonts, "icons": icons}[sys.argv[1]]()
