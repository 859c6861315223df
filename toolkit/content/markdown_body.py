"""Section bodies: a small Markdown subset, parsed by markdown-it-py, raw HTML off.

Allowed: paragraphs, bullet and numbered lists (one level, one paragraph per item,
numbered from 1), **bold**, *italic*,
links with http(s), mailto or tel addresses.  Anything else a template author
might expect to work (headings, quotes, code, images, HTML tags, nested lists)
is an error at load time rather than being printed oddly.

Placeholders (``{practice.name}``) are kept inside text runs at parse time and
filled later by :func:`fill`, so a filled-in value is never parsed as Markdown
or markup.  ``{{`` and ``}}`` stand for literal braces.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from ..documents.handout import Run

PLACEHOLDERS = ("client.preferred_name", "client.name", "date", "practice.name", "practice.phone",
                "practice.email", "practice.website", "practice.address", "practice.clinician",
                "crisis.emergency", "crisis.line")
SAFE_SCHEMES = ("http://", "https://", "mailto:", "tel:")
_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}\n]*)\}|[{}]")
_UNSUPPORTED = [
    (re.compile(r"^ {0,3}#{1,6}(\s|$)"), "headings are not supported in a section body; use a new section"),
    (re.compile(r"^ {0,3}>"), "quotes ('>') are not supported in a section body"),
    (re.compile(r"^ {0,3}(```|~~~)"), "code blocks are not supported in a section body"),
    (re.compile(r"!\["), "images are not supported in a section body"),
    (re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(\s[^<>]*)?/?>"),
     "HTML tags are not allowed; use Markdown (**bold**, *italic*, lists)"),
    (re.compile(r"^ {2,}([-*+]|\d+[.)])\s"), "nested lists are not supported; use one level of list"),
    (re.compile(r"`"), "code (`...`) is not supported in a section body"),
]
_LINK = re.compile(r"\]\(\s*<?([^\s()<>]*(?:\([^\s()<>]*\)[^\s()<>]*)*)")  # the address after ](


@dataclass(frozen=True)
class TRun:
    """A template text run; ``text`` may hold placeholders."""

    text: str
    bold: bool = False
    italic: bool = False
    link: str | None = None


@dataclass(frozen=True)
class TBlock:
    kind: str  # "para", "bullets" or "numbers"
    items: tuple[tuple[TRun, ...], ...]


@lru_cache(maxsize=1)
def _parser():
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.disable(["code", "fence", "blockquote", "hr", "reference", "html_block", "heading",
                "lheading", "backticks", "image", "autolink", "html_inline", "entity"])
    return md


TextProblem = tuple[int, int, str]
"""(line, column) within the text, both counted from 0, and the message."""


CLIENT_PLACEHOLDERS = ("client.preferred_name", "client.name", "date")
"""The placeholders filled from the client's intake (the rest are the practice's)."""


def placeholders_in(text: str) -> list[tuple[int, int, str]]:
    """Each known placeholder of a heading or body: (line, column) counted from 0, and its name."""
    return [(n, m.start(), m.group(1)) for n, line in enumerate(text.splitlines())
            for m in _TOKEN.finditer(line) if m.group(1) in PLACEHOLDERS]


def check_text(text: str) -> list[TextProblem]:
    """Problems in a heading or body, each at the line and column where it starts."""
    problems: list[TextProblem] = []
    for n, line in enumerate(text.splitlines()):
        for pattern, message in _UNSUPPORTED:
            m = pattern.search(line)
            if m:
                problems.append((n, m.start() + len(m.group(0)) - len(m.group(0).lstrip(" ")), message))
        for m in _LINK.finditer(line):
            if not m.group(1).lower().startswith(SAFE_SCHEMES):
                shown = m.group(1) if len(m.group(1)) <= 60 else m.group(1)[:57] + "..."
                problems.append((n, m.start(1), (f"link address '{shown}' must start with https://, http://, "
                                                 "mailto: or tel:") if shown else
                                 "a link needs an address (https://...)"))
        for m in _TOKEN.finditer(line):
            tok = m.group(0)
            if tok in ("{{", "}}"):
                continue
            if tok == "{":
                problems.append((n, m.start(), "a '{' that is never closed: finish the placeholder "
                                 "(such as {practice.name}), or write {{ to show a brace"))
            elif tok == "}":
                problems.append((n, m.start(), "a '}' with no '{' before it: write }} to show a brace"))
            elif m.group(1) not in PLACEHOLDERS:
                hint = "" if re.fullmatch(r"[a-z_]+(\.[a-z_]+)?", m.group(1)) else \
                    "; to show braces as text, write {{ and }}"
                problems.append((n, m.start(), f"unknown placeholder {tok} (known: "
                                 + ", ".join("{" + p + "}" for p in PLACEHOLDERS) + ")" + hint))
    return problems


def parse_body(text: str) -> tuple[tuple[TBlock, ...], list[TextProblem]]:
    """Parse a body; return (blocks, problems).  A link whose address is not safe
    (reported by :func:`check_text`) is kept as plain text.  Only what the renderer
    draws is accepted (paragraphs, and lists of one level whose items are one paragraph
    each); anything else markdown-it finds is a problem where it starts, never dropped."""
    problems = check_text(text)
    lines = text.splitlines()
    blocks: list[TBlock] = []
    tokens = _parser().parse(text)
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.type == "paragraph_open" and tokens[i + 1].type == "inline":
            blocks.append(TBlock("para", (_runs(tokens[i + 1], problems),)))
            i += 3
        elif tok.type in ("bullet_list_open", "ordered_list_open"):
            close = _closing(tokens, i)
            items = _list_items(tokens[i:close + 1], lines, problems)
            blocks.append(TBlock("bullets" if tok.type.startswith("bullet") else "numbers", tuple(items)))
            i = close + 1
        else:  # pragma: no cover - the parser's rules make only paragraphs and lists
            problems.append((_line_of(tok), 0, f"this Markdown ({tok.type}) is not supported in a section body"))
            i += 1
    return tuple(blocks), problems


def _closing(tokens: list, i: int) -> int:
    """The index of the token closing the one opened at ``i`` (same level)."""
    close = tokens[i].type.replace("_open", "_close")
    return next(j for j in range(i + 1, len(tokens))
                if tokens[j].type == close and tokens[j].level == tokens[i].level)


def _line_of(tok) -> int:
    return tok.map[0] if tok.map else 0


def _list_items(tokens: list, lines: list[str], problems: list[TextProblem]) -> list[tuple[TRun, ...]]:
    """The items of one list (its tokens, open to close): one paragraph each."""
    first = tokens[0]
    if first.type == "ordered_list_open" and int(first.attrs.get("start", 1)) != 1:
        problems.append((_line_of(first), _indent(lines, _line_of(first)),
                         "a numbered list must start at 1 (the handout numbers its items 1, 2, 3 ...)"))
    items: list[tuple[TRun, ...]] = []
    j = 1
    while j < len(tokens) - 1:
        end = _closing(tokens, j)  # tokens[j] is a list_item_open
        inside = tokens[j + 1:end]
        line = _line_of(tokens[j])
        nested = next((t for t in inside if t.type in ("bullet_list_open", "ordered_list_open")), None)
        paragraphs = [k for k, t in enumerate(inside) if t.type == "inline"]
        if nested is not None:
            problems.append((_line_of(nested), _nested_col(lines, _line_of(nested), line),
                             "nested lists are not supported; use one level of list"))
        elif not paragraphs:
            problems.append((line, _indent(lines, line), "this list item is empty: write its text after "
                             "the marker, or remove the marker"))
        elif len(paragraphs) > 1:
            second = _line_of(inside[paragraphs[1] - 1])
            problems.append((second, _indent(lines, second), "a list item can hold one paragraph: start a new "
                             "item, or end the list with an empty line and no indentation"))
        for k in paragraphs[:1]:
            items.append(_runs(inside[k], problems))
        j = end + 1
    return items


def _indent(lines: list[str], n: int) -> int:
    line = lines[n] if n < len(lines) else ""
    return len(line) - len(line.lstrip())


_MARKERS = re.compile(r"\s*(?:[-*+]|\d{1,9}[.)])(?=\s|$)")


def _nested_col(lines: list[str], n: int, item_line: int) -> int:
    """Where a nested list starts: its marker after the item's own on the item's line
    (``- - deep``), else the first character of its line."""
    line = lines[n] if n < len(lines) else ""
    if n == item_line:
        first = _MARKERS.match(line)
        second = _MARKERS.match(line, first.end()) if first else None
        if second:
            return second.end() - len(second.group(0).lstrip())
    return _indent(lines, n)


_DRAWN_INLINE = ("strong_open", "strong_close", "em_open", "em_close", "link_open", "link_close",
                 "softbreak", "hardbreak", "text")


def _runs(inline, problems: list[TextProblem]) -> tuple[TRun, ...]:
    for child in inline.children or []:
        if child.type not in _DRAWN_INLINE:  # pragma: no cover - the parser's rules make only these
            problems.append((_line_of(inline), 0, f"this Markdown ({child.type}) is not supported in a section body"))
    runs: list[TRun] = []
    bold = italic = False
    link: str | None = None
    for child in inline.children or []:
        t = child.type
        if t == "strong_open":
            bold = True
        elif t == "strong_close":
            bold = False
        elif t == "em_open":
            italic = True
        elif t == "em_close":
            italic = False
        elif t == "link_open":
            href = str(child.attrs.get("href", ""))
            if not href.lower().startswith(SAFE_SCHEMES):
                href = ""
            link = href or None
        elif t == "link_close":
            link = None
        elif t in ("softbreak", "hardbreak"):
            runs.append(TRun(" ", bold, italic, link))
        elif t == "text":
            runs.append(TRun(child.content, bold, italic, link))
    return tuple(_merge(runs))


def _merge(runs: list[TRun]) -> list[TRun]:
    out: list[TRun] = []
    for r in runs:
        if out and (out[-1].bold, out[-1].italic, out[-1].link) == (r.bold, r.italic, r.link):
            out[-1] = TRun(out[-1].text + r.text, r.bold, r.italic, r.link)
        else:
            out.append(r)
    return out


def fill(runs: tuple[TRun, ...], values: Mapping[str, tuple[str, str]], origin: str) -> tuple[Run, ...]:
    """Placeholders -> values.  ``values`` maps a placeholder to (text, origin)."""
    out: list[Run] = []
    for r in runs:
        pos = 0
        for m in _TOKEN.finditer(r.text):
            if m.start() > pos:
                out.append(Run(r.text[pos:m.start()], r.bold, r.italic, r.link, origin))
            tok = m.group(0)
            if tok in ("{{", "}}", "{", "}"):
                out.append(Run(tok[0], r.bold, r.italic, r.link, origin))
            else:
                value, value_origin = values.get(m.group(1), ("", origin))
                if value:
                    out.append(Run(value, r.bold, r.italic, r.link, value_origin))
            pos = m.end()
        if pos < len(r.text):
            out.append(Run(r.text[pos:], r.bold, r.italic, r.link, origin))
    return tuple(out)


def fill_text(text: str, values: Mapping[str, tuple[str, str]]) -> str:
    """A heading or title with placeholders filled (plain text)."""
    return "".join(r.text for r in fill((TRun(text),), values, ""))


def parse_inline(text: str) -> tuple[TRun, ...]:
    """One line of inline Markdown (bold, italic, links) as template runs, for the short
    texts of page 1 (purpose, key points, first step).  Block syntax is not expected there:
    the text of every block is joined with spaces, so nothing is dropped."""
    blocks, _ = parse_body(text)
    runs: list[TRun] = []
    for block in blocks:
        for item in block.items:
            if runs:
                runs.append(TRun(" "))
            runs.extend(item)
    return tuple(_merge(runs))
