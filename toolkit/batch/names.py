"""The file names of a batch run: the ``--names`` pattern and each client's files.

A pattern is plain text and ``{field}`` names from a fixed list, nothing else: no
format specs (``{row:d}``) or conversions (``{row!r}``), which could fail mid-run
or nest a client's name inside an allowed field; no literal braces; only letters,
digits, ``.``, ``_``, ``-`` and spaces as text, so no ``/``, ``\\``, ``..``, drive
or absolute path, control character or hidden file; and ``{kind}`` as a real field,
so a handout and a report never share a name.  The pattern is checked before any
work, and every file name again when it is made: it is one plain name inside
``--out``.  A client's name or birth date goes into a file name only when the
practice asks for it (``allow_names``); every value is reduced to letters, digits,
``.``, ``_`` and ``-``.  Two clients (or two kinds) never share a file: the later
one's name ends in ``-row<N>`` (and a number, if that is taken too), compared
without regard to case (as macOS and Windows shares compare), and the run counts
how many names it changed.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..core.errors import Problem, ProblemList, problem
from ..core.messages import show
from ..core.whole_numbers import whole_part
from ..intake.model import Intake

OPTION = "--names"
DEFAULT_PATTERN = "{client_id}-{kind}"
SAFE_FIELDS = ("client_id", "date", "row", "kind")
NAME_FIELDS = ("name", "preferred_name", "date_of_birth")
MAX_VALUE = 80  # characters of one value in a file name
_LONGEST = {"date": 10, "date_of_birth": 10, "row": 12, "kind": 7}  # the others: MAX_VALUE
MAX_STEM = 200  # the longest name a pattern may make (file systems allow 255 bytes, and -row<N>.pdf follows)
MAX_PATTERN = 2 * MAX_STEM  # longer is refused at once, without a problem per character
_TOKENS = re.compile(r"\{([^{}]*)\}|([^{}]+)|([{}])")
_TEXT = re.compile(r"[A-Za-z0-9._ -]")
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class NamePattern:
    """A checked ``--names`` pattern: its parts, each ``(is_field, text)``."""

    parts: tuple[tuple[bool, str], ...]

    def stem(self, intake: Intake, row: int, kind: str) -> str:
        """The file name (without ``.pdf``) of one client's document."""
        c = intake.client
        values = {"client_id": id_for_file_name(c.id), "date": intake.date.isoformat(), "row": str(row),
                  "kind": kind, "name": c.name or "", "preferred_name": c.preferred_name or "",
                  "date_of_birth": c.date_of_birth.isoformat() if c.date_of_birth else ""}
        return "".join(_safe(values[text]) if is_field else text for is_field, text in self.parts)


def parse_pattern(pattern: str, *, allow_names: bool) -> NamePattern:
    """The checked pattern, or :class:`ProblemList` naming every problem of it."""
    if len(pattern) > MAX_PATTERN:
        raise problem(OPTION, f"the name pattern is {len(pattern)} characters long; at most {MAX_PATTERN}")
    problems: list[str] = []
    parts: list[tuple[bool, str]] = []
    seen: set[str] = set()  # a character that is not allowed is named once
    for m in _TOKENS.finditer(pattern):
        name, text, brace = m.group(1), m.group(2), m.group(3)
        if brace is not None:
            problems.append(f"a {brace} at position {m.start() + 1} is not part of a {{field}}; braces "
                            "({{ and }} too) cannot be part of a file name")
        elif text is not None:
            problems += _text_problems(text, m.start(), seen)
            parts.append((False, text))
        else:
            found = _field_problem(name, allow_names)
            if found:
                problems.append(found)
            else:
                parts.append((True, name))
    if not pattern:
        problems.append("the name pattern is empty; the default is " + DEFAULT_PATTERN)
    elif pattern.startswith("."):
        problems.append("the name pattern starts with '.', which would hide the files")
    if ".." in pattern:
        problems.append("'..' is not allowed in a name pattern: the files go straight into --out")
    if (True, "kind") not in parts:
        problems.append("the name pattern must contain {kind}, so a handout and a report never share a name")
    longest = sum(_LONGEST.get(text, MAX_VALUE) if is_field else len(text) for is_field, text in parts)
    if longest > MAX_STEM:
        problems.append(f"the name pattern is too long: its names could reach {longest} characters "
                        f"(at most {MAX_STEM}; an id or a name takes up to {MAX_VALUE})")
    if problems:
        raise ProblemList([Problem(OPTION, 0, 0, "", p) for p in dict.fromkeys(problems)])
    return NamePattern(tuple(parts))


def _field_problem(name: str, allow_names: bool) -> str:
    if ":" in name or "!" in name:
        plain = re.split(r"[:!]", name, maxsplit=1)[0]
        what = "format specs such as {row:d}" if ":" in name else "conversions such as {row!r}"
        return f"{what} are not allowed in a name pattern; write the plain field" + (
            f" {{{plain}}}" if plain in SAFE_FIELDS + NAME_FIELDS else "")
    if name in NAME_FIELDS:
        return "" if allow_names else (f"{{{name}}} puts client data into file names; "
                                       "add --allow-names if the practice wants that")
    if name in SAFE_FIELDS:
        return ""
    if not name.strip():
        return "an empty {} names no field; use {client_id}, {date}, {row} and {kind}"
    return f"unknown field {{{show(name)[1:-1]}}}; use {{client_id}}, {{date}}, {{row}} and {{kind}}"


def _text_problems(text: str, start: int, seen: set[str]) -> list[str]:
    found = []
    for i, ch in enumerate(text):
        if _TEXT.fullmatch(ch) or ch in seen:
            continue
        seen.add(ch)
        where = f"at position {start + i + 1}"
        if ch in "/\\":
            found.append(f"'{ch}' ({where}) is not allowed: a file name pattern names files in --out, "
                         "never a path")
        elif not ch.isprintable():
            found.append(f"a control or invisible character (U+{ord(ch):04X}, {where}) is not allowed")
        else:
            found.append(f"'{ch}' ({where}) is not allowed; the text of a name pattern may hold letters, "
                         "digits, '.', '_', '-' and spaces")
    return found


def _safe(value: str) -> str:
    return _UNSAFE.sub("_", value).strip("._")[:MAX_VALUE] or "_"


def id_for_file_name(client_id: str) -> str:
    """An id as a file name uses it: a whole-number decimal counts as the whole
    number, as answers do (NHANES writes participant ``93705`` as ``93705.0``);
    the pattern then reduces it to safe characters like every value."""
    whole = whole_part(client_id)
    return whole if whole is not None and whole.isdigit() else client_id


def inside(out: Path, name: str) -> Path:
    """``out / name``, refused (a bug if it ever happens) unless ``name`` is one plain,
    visible file name, so the path is a file directly inside ``out``."""
    path = Path(os.path.normpath(out / name))
    if (not name or name.startswith(".") or "/" in name or "\\" in name or "\x00" in name
            or path.parent != Path(os.path.normpath(out))):
        raise problem(OPTION, "a file name would leave the output folder; nothing was written for this client")
    return path


@dataclass
class FileNames:
    """Every document's file in one run's ``out``, each name used once."""

    out: Path
    pattern: NamePattern
    kinds: tuple[str, ...]
    changed: int = 0  # names that got -row<N> because another document had them
    _taken: dict[str, tuple[int, str]] = field(default_factory=dict)

    def files_for(self, intake: Intake, row: int) -> tuple[tuple[str, Path], ...]:
        files = []
        for kind in self.kinds:
            stem = self.pattern.stem(intake, row, kind)
            name, n = stem, 1
            while self._taken.setdefault(f"{name}.pdf".casefold(), (row, kind)) != (row, kind):
                name = f"{stem}-row{row}" if n == 1 else f"{stem}-row{row}-{n}"
                n += 1
            self.changed += name != stem
            files.append((kind, inside(self.out, f"{name}.pdf")))
        return tuple(files)


__all__ = ["DEFAULT_PATTERN", "NAME_FIELDS", "SAFE_FIELDS", "FileNames", "NamePattern", "id_for_file_name",
           "inside", "parse_pattern"]
