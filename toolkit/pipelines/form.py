"""Printable and fillable checklists on disk: ``toolkit form SCREENER... -o form.pdf``.

Check everything first (the practice, every screener named), render, then
write atomically with mode 0600.  Nothing is written on any failure.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..content.catalog import Catalog
from ..content.screener_model import Screener
from ..core.atomic_write import check_pdf_output, write_atomic
from ..core.errors import problem
from ..practice.loader import load_practice


@dataclass(frozen=True)
class FormInfo:
    """What was written: for the command's one-line report."""

    screeners: tuple[str, ...]
    questions: int
    fillable: bool


def load_screeners(screener_ids: Sequence[str], catalog: Catalog) -> list[Screener]:
    """The screeners by id, in the order given (a repeated id once); every problem together."""
    out = catalog.get_many(screener_ids)
    if not out:
        raise problem("<command line>", "name at least one screener, e.g. phq9")
    return out


def build_form(screener_ids: Sequence[str], *, practice: Path | str | None = None,
               fillable: bool = False) -> tuple[bytes, FormInfo]:
    """The form's PDF bytes and what it holds (nothing written)."""
    from ..render.form import render_form  # ReportLab only when rendering

    context = load_practice(practice)
    catalog = Catalog(practice)
    screeners = load_screeners(screener_ids, catalog)
    data = render_form(screeners, branding=context.branding(), catalog=catalog, fillable=fillable,
                       language=context.model.language, practice_file=context.yaml_name)
    return data, FormInfo(tuple(s.id for s in screeners), sum(len(s.items) for s in screeners), fillable)


def write_form(screener_ids: Sequence[str], out: Path | str, *, practice: Path | str | None = None,
               fillable: bool = False, force: bool = False) -> FormInfo:
    """The whole ``toolkit form`` job: check everything, render, write atomically (0600).
    ``out`` is never a practice file, and replaces an existing file only with ``force``."""
    out = Path(out)
    check_pdf_output(out, "form.pdf", inputs=[practice], force=force)
    data, info = build_form(screener_ids, practice=practice, fillable=fillable)
    write_atomic(out, data)
    return info
