"""An export's header against a mapping: where each mapped column is, and for a
column the header lacks, the title it was probably meant to be."""

from __future__ import annotations

import difflib
import re

from ..core.errors import Problem
from ..core.messages import show
from .mapping import ExportMapping, elide, short_paths

HINT_WORK = 20_000_000  # characters compared for "did you mean" hints, over one header check


class _Hints:
    """The header title a missing column was probably meant to be: the same title up to
    case, spaces and punctuation, else the closest one, within a fixed amount of work
    (a 50,000-column header once made ``mapping check`` take a minute)."""

    def __init__(self, titles: list[str]):
        self._titles = titles
        self._plain: dict[str, str] = {}
        for title in titles:
            self._plain.setdefault(_plain(title), title)
        self._chars = sum(len(t) for t in titles)
        self._work = HINT_WORK

    def near(self, key: str) -> str | None:
        same = self._plain.get(_plain(key))
        if same is not None:
            return same
        cost = self._chars * max(1, len(key))
        if cost > self._work:
            return None
        self._work -= cost
        close = difflib.get_close_matches(key, self._titles, n=1, cutoff=0.85)
        return close[0] if close else None


def _plain(title: str) -> str:
    return re.sub(r"[\W_]+", "", title.casefold())


def check_header(mapping: ExportMapping, header: list[str], export_name: str,
                 header_row: int = 1) -> tuple[dict[str, int], list[Problem]]:
    """Find each mapped column in the export's header: (column -> 0-based index, problems).

    A column the mapping names but the header lacks is one problem at the
    mapping's line; a used column that appears twice in the header is one
    problem at the header cell."""
    index: dict[str, int] = {}
    twice: dict[str, int] = {}
    for i, title in enumerate(header):
        key = title.strip()
        if key in index:
            twice.setdefault(key, i)
        else:
            index[key] = i
    problems = []
    found: dict[str, int] = {}
    hints = _Hints(list(index))
    for column, path in mapping.used_columns():
        key = column.strip()
        if key not in index:
            close = hints.near(key)
            hint = f' (did you mean "{elide(close)}"?)' if close else ""
            problems.append(mapping.source.problem(path, f'column "{elide(column)}" is not in the header '
                                                         f"of {export_name}{hint}", key=path[0] == "columns"))
            continue
        if key in twice:
            problems.append(Problem(export_name, header_row, twice[key] + 1, "",
                                    f"column {show(key, 60)} appears twice (first in column {index[key] + 1}); "
                                    "the mapping cannot tell which one to use"))
            continue
        found[column] = index[key]
    return found, short_paths(problems)
