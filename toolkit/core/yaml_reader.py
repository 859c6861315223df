"""Safe YAML (and JSON) reading that remembers where every value came from.

* Safe composition only (the C composer when libyaml is present): no Python
  tags, no custom tags at all, no anchors or aliases (so no alias bombs).
* Duplicate keys are refused, multiple documents are refused.
* A size cap and a nesting-depth cap.
* Plain scalars follow YAML 1.2 core rules: only ``true``/``false`` are
  booleans, so ``yes``/``no``/``on``/``off`` stay text.  Numbers keep the text
  they were written as (``RawInt``/``RawFloat``) so a field that means text can
  get ``0042`` back instead of ``42``.
* Every value's (line, column) is kept in a :class:`SourceMap` keyed by its path.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import Problem, ProblemList, problem, read_problem
from .regular_files import open_for_reading

try:  # the C composer is much faster; fall back to pure Python without libyaml
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]  # same interface, another class

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 40
MAX_DIGITS = 100
"""The longest whole number a file may hold (no field needs more; Python refuses to read
more than 4,300 digits, and a number past 308 digits is too large for a decimal)."""

_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_ALLOWED_TAGS = {
    _STR, _MAP, _SEQ,
    "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:binary",
    "tag:yaml.org,2002:merge", "tag:yaml.org,2002:value",
}

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True,
         "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?[0-9]+$|^0o[0-7]+$|^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(
    r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$"
    r"|^[-+]?\.(?:inf|Inf|INF)$|^\.(?:nan|NaN|NAN)$"
)


class RawInt(int):
    """An int that remembers how it was written (``0042``)."""

    raw: str

    def __new__(cls, value: int, raw: str) -> RawInt:
        obj = super().__new__(cls, value)
        obj.raw = raw
        return obj


class RawFloat(float):
    """A float that remembers how it was written (``2.0``)."""

    raw: str

    def __new__(cls, value: float, raw: str) -> RawFloat:
        obj = super().__new__(cls, value)
        obj.raw = raw
        return obj


Path_ = tuple  # a path into the document: keys and list indexes


@dataclass
class SourceMap:
    """Where each value (and each mapping key) sits in the source file."""

    file: str
    values: dict[tuple, tuple[int, int]] = field(default_factory=dict)
    keys: dict[tuple, tuple[int, int]] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list, repr=False)  # the text, to place errors inside values
    client_data: bool = False  # an intake: its values (a tag's text too) are never quoted in a message

    def locate(self, path: tuple, *, key: bool = False) -> tuple[int, int]:
        """Best (line, col) for ``path``: the exact node, else its nearest parent."""
        if key and path in self.keys:
            return self.keys[path]
        p = tuple(path)
        while p:
            if p in self.values:
                return self.values[p]
            p = p[:-1]
        return self.values.get((), (1, 1))

    def problem(self, path: tuple, message: str, *, key: bool = False) -> Problem:
        line, col = self.locate(path, key=key)
        return Problem(self.file, line, col, format_path(path), message)


def format_path(path: tuple) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


@dataclass
class YamlFile:
    data: Any
    source: SourceMap


def read_yaml_file(path: str | Path, *, max_bytes: int = MAX_BYTES,
                   display: str | None = None, client_data: bool = False) -> YamlFile:
    """Read a YAML or JSON file safely; raise :class:`ProblemList` on any problem.
    ``client_data``: the file is an intake, so no message quotes any of its text."""
    name = display if display is not None else str(path)
    try:
        # non-blocking: opening a pipe must not wait for a writer; then regular files only
        with open_for_reading(path) as fh:
            raw = fh.read(max_bytes + 1)
    except OSError as exc:
        raise ProblemList([read_problem(name, exc)]) from None
    if len(raw) > max_bytes:
        raise problem(name, f"file is larger than the {max_bytes // 1024} KiB limit", line=1, col=1)
    return read_yaml_bytes(raw, name, client_data=client_data)


def read_yaml_bytes(raw: bytes, name: str, *, client_data: bool = False) -> YamlFile:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise problem(name, "file is not valid UTF-8 text", line=line, col=col) from None
    return read_yaml_text(text, name, client_data=client_data)


def read_yaml_text(text: str, name: str, *, client_data: bool = False) -> YamlFile:
    source = SourceMap(name, lines=text.splitlines(), client_data=client_data)
    if "\x00" in text:
        at = text.index("\x00")
        line, col = text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)
        raise problem(name, "file contains a NUL character; is it really text?", line=line, col=col)
    control = _raw_control_characters(text, name)
    if control:
        raise ProblemList(control)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what, at_start = _syntax_message(exc)
        if at_start and exc.context_mark is not None:
            line, col = exc.context_mark.line + 1, exc.context_mark.column + 1
        found = _clarify(Problem(name, line, col, "", f"YAML syntax error: {what}"), source.lines)
        raise ProblemList([found]) from None
    except yaml.YAMLError as exc:
        raise problem(name, f"YAML syntax error: {type(exc).__name__}", line=1, col=1) from None
    if node is None:
        raise problem(name, "file is empty", line=1, col=1)
    problems: list[Problem] = []
    data = _convert(node, (), source, problems, {}, 0)
    if problems:
        raise ProblemList(problems)
    return YamlFile(data, source)


_RAW_CONTROL = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]")


def _raw_control_characters(text: str, name: str) -> list[Problem]:
    """Control characters typed into the file itself (the parser refuses them without saying where)."""
    out = []
    for match in list(_RAW_CONTROL.finditer(text))[:20]:
        at = match.start()
        line, col = text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)
        out.append(Problem(name, line, col, "", f"the file contains an invisible control character "
                                                f"(U+{ord(match.group()):04X}); delete it and retype the text"))
    return out


def _clarify(problem: Problem, lines: list[str]) -> Problem:
    """Plainer words for two slips the parser describes poorly: a tab used for
    indentation, and a quote left open on an earlier line."""
    if not 0 < problem.line <= len(lines):
        return problem
    line = lines[problem.line - 1]
    if line[problem.col - 1:problem.col] == "\t" or "\t" in line[:len(line) - len(line.lstrip())]:
        return Problem(problem.file, problem.line, 1, "", "YAML syntax error: a tab is used for "
                                                          "indentation; indent with spaces only")
    for n in range(problem.line - 1, max(0, problem.line - 4), -1):
        before = lines[n - 1].split(" #")[0]
        if before.count('"') % 2 == 1:
            return Problem(problem.file, n, before.rfind('"') + 1, "",
                           "YAML syntax error: this quoted text is not closed on its line (add the closing quote)")
    return problem


def _syntax_message(exc: yaml.MarkedYAMLError) -> tuple[str, bool]:
    """Plain words for the parser's complaint; True when it is better shown where
    the construct started (the opening quote or bracket) than where parsing failed."""
    problem, context = exc.problem or "", exc.context or ""
    if "expected a single document" in context:
        return "only one YAML document is allowed (remove the extra '---')", False
    if "found undefined alias" in context:
        return "anchors and aliases (& and *) are not allowed", False
    if "tab" in problem or "'\\t'" in problem:
        return "a tab is used for indentation; indent with spaces only", False
    if "quoted scalar" in context and ("end of stream" in problem or "document separator" in problem):
        return "this quoted text is never closed (add the closing quote)", True
    if "flow sequence" in context and "expected ',' or ']'" in problem:
        return "this list is not closed with ']' (or a ',' is missing between its entries)", True
    if "flow mapping" in context and "expected ',' or '}'" in problem:
        return "this mapping is not closed with '}' (or a ',' is missing between its entries)", True
    if "expected '-' indicator" in problem or "expected key" in problem:
        return "this line is not indented like the lines around it (check the spaces at its start)", False
    if "mapping values are not allowed" in problem:
        return ("a ':' that YAML cannot place: check the indentation, or put text "
                "containing ': ' in quotes"), False
    return problem or context or "invalid YAML", False


def _convert(node: yaml.Node, path: tuple, source: SourceMap, problems: list[Problem],
             seen: dict[int, tuple | None], depth: int) -> Any:
    line, col = node.start_mark.line + 1, node.start_mark.column + 1
    if id(node) in seen:
        # an alias: the composer hands back the anchored node itself, so nothing
        # is expanded (an alias bomb costs nothing); report each anchor once
        first = seen[id(node)]
        if first is not None:
            fline, fcol = source.values[first]
            problems.append(Problem(source.file, fline, fcol, format_path(first),
                                    "anchors and aliases (& and *) are not allowed: "
                                    "write this value out in full where it is reused"))
            seen[id(node)] = None
        return None
    seen[id(node)] = path
    source.values[path] = (line, col)
    if depth > MAX_DEPTH:
        problems.append(Problem(source.file, line, col, format_path(path),
                                f"nested more than {MAX_DEPTH} levels deep"))
        return None
    if node.tag not in _ALLOWED_TAGS:
        message = (f"YAML tags such as '{_short_tag(node.tag)}' are not allowed" if not source.client_data
                   else "YAML tags are not allowed; put text that starts with '!' in quotes")  # the tag may be a name
        problems.append(Problem(source.file, line, col, format_path(path), message))
        return None
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            kline, kcol = key_node.start_mark.line + 1, key_node.start_mark.column + 1
            if key_node.tag == "tag:yaml.org,2002:merge":
                problems.append(Problem(source.file, kline, kcol, format_path(path),
                                        "merge keys ('<<') are not allowed"))
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                problems.append(Problem(source.file, kline, kcol, format_path(path),
                                        "a key must be plain text, not a list or mapping"))
                continue
            key = key_node.value
            if key in out:
                first_line = source.keys[path + (key,)][0]
                problems.append(Problem(source.file, kline, kcol, format_path(path + (key,)),
                                        f"duplicate key '{key}' (first given on line {first_line})"))
                continue
            source.keys[path + (key,)] = (kline, kcol)
            out[key] = _convert(value_node, path + (key,), source, problems, seen, depth + 1)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_convert(child, path + (i,), source, problems, seen, depth + 1)
                for i, child in enumerate(node.value)]
    assert isinstance(node, yaml.ScalarNode)  # the composer makes only mappings, sequences and scalars
    digits = _long_number(node)
    if digits:
        problems.append(Problem(source.file, line, col, format_path(path),
                                f"this number is {digits:,} digits long; no field takes a number longer "
                                f"than {MAX_DIGITS} digits (put text in quotes)"))
        return None
    return _scalar(node)


def _long_number(node: yaml.ScalarNode) -> int:
    """The digit count of a plain whole number longer than MAX_DIGITS, else 0."""
    value = node.value
    if node.style or node.tag == _STR or len(value) <= MAX_DIGITS or not _INT.match(value):
        return 0
    digits = len(value.lstrip("+-")) - (2 if value[:2] in ("0o", "0x") else 0)
    return digits if digits > MAX_DIGITS else 0


def _short_tag(tag: str) -> str:
    return "!!" + tag[len("tag:yaml.org,2002:"):] if tag.startswith("tag:yaml.org,2002:") else tag


def _scalar(node: yaml.ScalarNode) -> Any:
    value = node.value
    if node.style or node.tag == _STR:
        # quoted, literal or folded; or plain text the (YAML 1.1) resolver left as
        # text, which includes an explicit !!str: always text
        return value
    if _NULL.match(value):
        return None
    if value in _BOOL:
        return _BOOL[value]
    if _INT.match(value):
        return RawInt(int(value, 0) if value[:2] in ("0o", "0x") else int(value), value)
    if _FLOAT.match(value):
        special = value.lstrip("+-").lower() in (".inf", ".nan")  # float() wants "inf", "nan"
        return RawFloat(float(value.replace(".", "", 1) if special else value), value)
    return value
