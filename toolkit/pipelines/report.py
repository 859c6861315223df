"""From intake files to a clinician summary PDF on disk.

* :func:`build_report` (intakes already read, catalog and practice already
  loaded) -> :class:`~toolkit.documents.report.ReportDoc`: scoring and planning, no I/O;
* :func:`render_report` -> PDF bytes (ReportLab is imported here, on first use);
* :func:`write_report`: the whole ``toolkit report`` job: load and check
  everything first, render, then write atomically (mode 0600).  Nothing is
  written on any failure.

A batch run calls :func:`build_report` and :func:`render_report` per client.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..content.catalog import Catalog, ScreenerMap
from ..content.handout_loader import HandoutCatalog
from ..content.handout_model import Handout
from ..core.atomic_write import check_pdf_output, write_atomic
from ..core.errors import ProblemList
from ..documents.report import ReportDoc
from ..intake.model import Intake, as_client_id
from ..planning.report import ReportInputs, plan_report, select_intakes
from ..planning.suggestions import suggest_handouts
from ..practice.context import PracticeContext
from ..practice.loader import load_practice
from ..scoring.intakes import score_intake
from .common import name_sources, read_all


def build_report(intakes: Sequence[Intake], *, catalog: Catalog, context: PracticeContext,
                 client_id: str | None = None, source: str = "<intakes>",
                 handouts: Sequence[Handout] = ()) -> ReportDoc:
    """The clinician summary of one client: the latest of their intakes, with the
    earlier ones as history.  ``intakes`` may hold several clients when ``client_id``
    says which one; ``context`` is the loaded practice; ``handouts`` take part in the
    "Suggested handouts" block (every handout on the search path, see
    :meth:`HandoutCatalog.all`).  Raises :class:`ProblemList` (messages never name a client)."""
    chosen = select_intakes(intakes, None if client_id is None else as_client_id(client_id), source)
    screener_map = ScreenerMap(catalog)
    results = [score_intake(i, screener_map) for i in chosen]
    screeners = {r.screener: catalog.get(r.screener) for res in results for r in res.results}
    current = chosen[-1]
    inputs = ReportInputs(context.branding(), current.client.name or "", "en")
    suggested = suggest_handouts(handouts, results[-1], screener_map, context.model.country)
    return plan_report(results[-1], results[:-1], screeners, inputs, suggested)


def render_report(doc: ReportDoc) -> bytes:
    """The PDF bytes of a planned summary (same input, same bytes)."""
    from ..render.report import render_report as _render  # ReportLab only when rendering

    return _render(doc)


def write_report(paths: Sequence[Path], out: Path, *, practice: Path | None = None,
                 client_id: str | None = None, force: bool = False) -> ReportDoc:
    """The whole ``toolkit report`` job; returns the planned summary.  ``out`` is never
    one of the intakes or a practice file, and replaces an existing file only with ``force``."""
    paths = [Path(p) for p in paths]
    out = Path(out)
    check_pdf_output(out, "report.pdf", inputs=[*paths, practice], force=force)
    context = load_practice(practice)
    catalog = Catalog(practice)
    source = str(paths[0]) if len(paths) == 1 else f"{len(paths)} intake files"
    handouts = HandoutCatalog(practice, catalog).all()
    doc = build_report(read_all(paths, catalog), catalog=catalog, context=context,
                       client_id=client_id, source=source, handouts=handouts)
    try:
        data = render_report(doc)
    except ProblemList as exc:  # e.g. a character the font cannot draw
        raise name_sources(exc.problems, source, context) from None
    write_atomic(out, data)
    return doc
