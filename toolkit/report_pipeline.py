"""From intake files to a clinician summary PDF on disk.

* :func:`build_report` (intakes already read, catalog and practice already
  loaded) -> :class:`~toolkit.report_model.ReportDoc`: scoring and planning, no I/O;
* :func:`render_report` -> PDF bytes (ReportLab is imported here, on first use);
* :func:`write_report`: the whole ``toolkit report`` job: load and check
  everything first, render, then write atomically (mode 0600).  Nothing is
  written on any failure.

A batch run calls :func:`build_report` and :func:`render_report` per client.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Optional, Sequence

from .api import score_intake
from .atomic_write import check_pdf_output, write_atomic
from .catalog import Catalog
from .errors import Problem, ProblemList
from .intake import Intake, read_intakes
from .practice import PracticeContext, load_practice
from .report_model import ReportDoc
from .report_plan import ReportInputs, plan_report, select_intakes


def build_report(intakes: Sequence[Intake], *, catalog: Catalog, practice: PracticeContext,
                 client_id: Optional[str] = None, source: str = "<intakes>") -> ReportDoc:
    """The clinician summary of one client: the latest of their intakes, with the
    earlier ones as history.  ``intakes`` may hold several clients when ``client_id``
    says which one.  Raises :class:`ProblemList` (messages never name a client)."""
    chosen = select_intakes(intakes, client_id, source)
    results = [score_intake(i, catalog=catalog) for i in chosen]
    screeners = {r.screener: catalog.get(r.screener) for res in results for r in res.results}
    current = chosen[-1]
    inputs = ReportInputs(practice.branding(), current.client.name or "", "en")
    return plan_report(results[-1], results[:-1], screeners, inputs)


def render_report(doc: ReportDoc) -> bytes:
    """The PDF bytes of a planned summary (same input, same bytes)."""
    from .render_report import render_report as _render  # ReportLab only when rendering

    return _render(doc)


def read_all(paths: Sequence[Path], catalog: Catalog) -> list[Intake]:
    """Every intake of every file; all problems of all files together."""
    intakes: list[Intake] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            intakes.extend(read_intakes(path, catalog))
        except ProblemList as exc:
            problems.extend(exc.problems)
    if problems:
        raise ProblemList(problems)
    return intakes


def write_report(paths: Sequence[Path], out: Path, *, practice_dir: Optional[Path] = None,
                 client_id: Optional[str] = None) -> ReportDoc:
    """The whole ``toolkit report`` job; returns the planned summary."""
    paths = [Path(p) for p in paths]
    out = Path(out)
    check_pdf_output(out, "report.pdf")
    practice = load_practice(practice_dir)
    catalog = Catalog(practice_dir)
    source = str(paths[0]) if len(paths) == 1 else f"{len(paths)} intake files"
    doc = build_report(read_all(paths, catalog), catalog=catalog, practice=practice,
                       client_id=client_id, source=source)
    try:
        data = render_report(doc)
    except ProblemList as exc:  # e.g. a character the font cannot draw
        files = {"<client>": source, "practice.yaml": str(practice.folder / "practice.yaml")
                 if practice.folder else "<built-in practice>"}
        raise ProblemList([replace(p, file=files.get(p.file, p.file)) for p in exc.problems]) from None

    write_atomic(out, data)
    return doc
