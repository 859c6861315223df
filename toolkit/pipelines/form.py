"""Printable and fillable checklists on disk: ``toolkit form SCREENER... -o form.pdf``.

Check everything first (the practice, every screener named, and that each
screener suits the form: a screener a clinician asks aloud, such as the ASQ, goes
only on a form for the clinician, ``clinician=True``, and a client's screener
never does), render, then write atomically with mode 0600.  Nothing is written
on any failure.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..content.catalog import Catalog
from ..content.screener_model import Screener
from ..core.atomic_write import check_pdf_output, write_atomic
from ..core.errors import Problem, ProblemList, problem
from ..practice.loader import load_practice


@dataclass(frozen=True)
class FormInfo:
    """What was written: for the command's one-line report."""

    screeners: tuple[str, ...]
    questions: int
    fillable: bool
    clinician: bool = False


def load_screeners(screener_ids: Sequence[str], catalog: Catalog) -> list[Screener]:
    """The screeners by id, in the order given (a repeated id once); every problem together."""
    out = catalog.get_many(screener_ids)
    if not out:
        raise problem("<command line>", "name at least one screener, e.g. phq9")
    return out


def check_administration(screeners: Sequence[Screener], clinician: bool) -> None:
    """A client's form holds only screeners the client fills in; a clinician's form only
    screeners a clinician asks.  One problem per screener that does not belong."""
    if clinician:
        wrong = [Problem(s.id, 0, 0, "", "is filled in by the client, so it does not go on a clinician's "
                                         "form: print it on a form of its own without --clinician")
                 for s in screeners if s.administration != "clinician"]
    else:
        wrong = [Problem(s.id, 0, 0, "", 'is asked by a clinician ("Ask the patient ..."), so it is not '
                                         "printed for the client to fill in: print it on its own form for the "
                                         "clinician with --clinician")
                 for s in screeners if s.administration == "clinician"]
    if wrong:
        raise ProblemList(wrong)


def build_form(screener_ids: Sequence[str], *, practice: Path | str | None = None,
               fillable: bool = False, clinician: bool = False) -> tuple[bytes, FormInfo]:
    """The form's PDF bytes and what it holds (nothing written)."""
    from ..render.form import render_form  # ReportLab only when rendering

    context = load_practice(practice)
    catalog = Catalog(practice)
    screeners = load_screeners(screener_ids, catalog)
    check_administration(screeners, clinician)
    data = render_form(screeners, branding=context.branding(), catalog=catalog, fillable=fillable,
                       language=context.model.language, practice_file=context.yaml_name, clinician=clinician,
                       crisis_lines=context.crisis_lines, emergency=context.emergency_number)
    return data, FormInfo(tuple(s.id for s in screeners), sum(len(s.items) for s in screeners), fillable,
                          clinician)


def write_form(screener_ids: Sequence[str], out: Path | str, *, practice: Path | str | None = None,
               fillable: bool = False, clinician: bool = False, force: bool = False) -> FormInfo:
    """The whole ``toolkit form`` job: check everything, render, write atomically (0600).
    ``out`` is never a practice file, and replaces an existing file only with ``force``."""
    out = Path(out)
    check_pdf_output(out, "form.pdf", inputs=[practice], force=force)
    data, info = build_form(screener_ids, practice=practice, fillable=fillable, clinician=clinician)
    write_atomic(out, data)
    return info
