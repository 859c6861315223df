"""Where a character inside a text value sits in its file: block scalars (``|`` and
``>``) and their YAML line folding, one-line plain and quoted values."""

from __future__ import annotations

from .yaml_reader import SourceMap


def text_position(src: SourceMap, path: tuple, line: int, col: int) -> tuple[int, int]:
    """File line:col of the character at (``line``, ``col``), counted from 0, of a text
    value.  Block scalars (``|`` and ``>``) start on the line below their key."""
    start, start_col = src.locate(path)
    lines = src.lines
    indicator = lines[start - 1][start_col - 1:start_col] if 0 < start <= len(lines) else ""
    if indicator not in ("|", ">"):  # one line, or a flow scalar: a best guess past line 0
        quoted = indicator in ("'", '"')
        return (start, start_col + quoted + col) if line == 0 else (start + line, start_col)
    segments = _block_segments(lines, start, indicator == ">")
    if not segments:
        return start, start_col
    indent, found = segments[0][2], segments[0]
    for segment in segments:  # the last segment that starts at or before the spot
        if (segment[0], segment[1]) <= (line, col):
            found = segment
    value_line, value_col, _, file_line = found
    return file_line, indent + 1 + (col - value_col if value_line == line else 0)


def _block_segments(lines: list[str], key_line: int, folded: bool) -> list[tuple[int, int, int, int]]:
    """Each non-empty source line of the block scalar whose indicator is on ``key_line``:
    (value line, value column where it starts, block indentation, file line).  In a
    folded (``>``) block, lines next to each other join with a space; an empty line
    is a line break; lines indented further keep their breaks (YAML line folding)."""
    out: list[tuple[int, int, int, int]] = []
    indent: int | None = None
    value_line = value_col = blanks = 0
    prev_more: bool | None = None
    for n in range(key_line + 1, len(lines) + 1):
        text = lines[n - 1]
        if not text.strip():
            blanks += 1
            continue
        depth = len(text) - len(text.lstrip(" "))
        indent = depth if indent is None else indent
        if depth < indent:
            break
        more = depth > indent
        if prev_more is None or not folded:
            value_line += blanks + (prev_more is not None)
            value_col = 0
        elif blanks == 0 and not more and not prev_more:
            value_col += 1  # joined to the line before by a space
        else:
            value_line += blanks + (more or prev_more)
            value_col = 0
        out.append((value_line, value_col, indent, n))
        value_col += len(text) - indent
        prev_more, blanks = more, 0
    return out
