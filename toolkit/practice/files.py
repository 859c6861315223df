"""The files a practice.yaml names: fonts and logo, resolved and checked inside the folder.

Every path must stay inside the practice folder: absolute paths and ``..`` are
refused, and links are followed and must land inside the folder too.  Fonts must
be TrueType files that ReportLab can embed: their structure is checked first with
bounded work (:mod:`toolkit.practice.font_file`), then by loading them (ReportLab is
imported only when a practice names fonts).  The logo is checked by
:func:`toolkit.practice.logo.check_logo`.
"""

from __future__ import annotations

from importlib.util import find_spec
from pathlib import Path
from typing import Any

from ..core.errors import Problem
from ..core.folder_files import resolve_inside
from ..core.yaml_reader import SourceMap, format_path
from .font_file import truetype_problem

FONT_STYLES = ("regular", "bold", "italic", "bold_italic")
MAX_FONT_BYTES = 32 * 1024 * 1024


def _str_at(data: dict, *path: str) -> str | None:
    node: Any = data
    for part in path:
        node = node.get(part) if isinstance(node, dict) else None
    return node if isinstance(node, str) else None


def vera_fonts() -> dict[str, str]:
    """ReportLab's bundled Bitstream Vera family (found without importing ReportLab)."""
    spec = find_spec("reportlab")
    if spec is None or not spec.submodule_search_locations:
        return {}
    folder = Path(list(spec.submodule_search_locations)[0]) / "fonts"
    names = dict(zip(FONT_STYLES, ("Vera.ttf", "VeraBd.ttf", "VeraIt.ttf", "VeraBI.ttf"), strict=True))
    found = {style: folder / name for style, name in names.items()}
    return {s: str(p) for s, p in found.items()} if all(p.is_file() for p in found.values()) else {}


def check_logo_field(folder: Path, data: dict, src: SourceMap,
                     bad: set[str]) -> tuple[Path | None, list[Problem]]:
    """Check ``logo`` (unless the model already reported it); (resolved path, problems)."""
    rel = _str_at(data, "logo")
    if rel is None or "logo" in bad:
        return None, []
    from .logo import check_logo

    path, found = check_logo(folder, rel)
    # check_logo reports without a line: put its problems at the logo value
    return (None, [src.problem(("logo",), p.message) for p in found]) if found else (path, [])


def check_fonts_field(folder: Path, data: dict, src: SourceMap,
                      bad: set[str]) -> tuple[dict[str, Path], list[Problem]]:
    """Check every font named under ``fonts``; (style -> path for all four styles, problems).

    A style left out is drawn with the regular file, so the renderer always gets four."""
    fonts = data.get("fonts")
    if not isinstance(fonts, dict):
        return {}, []
    paths: dict[str, Path] = {}
    problems: list[Problem] = []
    for style in FONT_STYLES:
        rel = _str_at(fonts, style)
        where = ("fonts", style)
        if rel is None or format_path(where) in bad:
            continue
        path, message = check_font(folder, rel)
        if message:
            problems.append(src.problem(where, message))
        else:
            paths[style] = path
    if problems or "regular" not in paths:
        return {}, problems
    return {style: paths.get(style, paths["regular"]) for style in FONT_STYLES}, []


def check_font(folder: Path, rel: str) -> tuple[Path, str]:
    """Resolve a font path inside the practice folder; (path, '') or (path, problem)."""
    path, message = resolve_inside(folder, rel, "font", "fonts/MyFont.ttf")
    if message:
        return path, message
    if path.suffix.lower() not in (".ttf",):
        return path, f"{rel} is not a TrueType font: give a .ttf file"
    size = path.stat().st_size
    if size > MAX_FONT_BYTES:
        return path, (f"{rel} is {size / 1048576:.1f} MiB; a font file may be at most "
                      f"{MAX_FONT_BYTES // 1048576} MiB")
    damage = truetype_problem(path.read_bytes())  # bounded work: before ReportLab builds its maps
    if damage:
        return path, f"{rel} cannot be used: {damage}"
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    try:
        TTFont("PracticeCheck", str(path))
    except TTFError as exc:
        return path, f"{rel} cannot be used: {_plain_ttf_error(str(exc))}"
    except Exception as exc:  # noqa: BLE001 - ReportLab raises assorted errors on damaged files
        return path, f"{rel} cannot be used as a TrueType font (damaged file: {type(exc).__name__})"
    return path, ""


def _plain_ttf_error(detail: str) -> str:
    low = detail.lower()
    if "postscript" in low or "cff" in low:
        return "it holds PostScript (CFF) outlines; use a TrueType .ttf version of the font"
    if "subset" in low or "embed" in low or "licen" in low:
        return "the font's licence does not allow it to be embedded in a PDF"
    if "truetype" in low or "version" in low:
        return "it is not a TrueType font file"
    return "the file is damaged or not a font (" + (detail.split(":")[0].strip() or "unreadable") + ")"


__all__ = ["FONT_STYLES", "vera_fonts", "check_logo_field", "check_fonts_field", "check_font"]
