"""From an intake file to a handout PDF on disk: load and check everything first,
then score, plan, render and write atomically.  Nothing is written on any failure."""

from __future__ import annotations

from pathlib import Path

from ..content.catalog import Catalog, ScreenerMap
from ..content.defaults import DEFAULT_HANDOUT
from ..content.handout_loader import HandoutCatalog
from ..content.handout_model import Handout
from ..core.atomic_write import check_pdf_output, write_atomic
from ..core.errors import ProblemList
from ..documents.handout import HandoutDoc
from ..intake.read import read_intakes
from ..planning.handout import plan, plan_inputs
from ..practice.context import PracticeContext
from ..practice.loader import load_practice
from ..scoring.intakes import score_intake
from .common import choose_intake, name_sources


def load_template(practice: Path | None, catalog: Catalog, handout_id: str = DEFAULT_HANDOUT) -> Handout:
    """The handout template, refused when a practice's own text in it may suggest
    stopping, skipping, reducing or changing a medicine (the rule ``toolkit lint``
    applies; built-in text is checked by the test suite)."""
    handout = HandoutCatalog(practice, catalog).get(handout_id)
    if practice is None:  # built-in text only: nothing of a practice's own to check
        return handout
    from ..quality.lint_rules import practice_medication_problems  # the lint rules cost ~10 ms to import

    problems = practice_medication_problems(handout)
    if problems:
        raise ProblemList(problems)
    return handout


def build_handout(intake_path: Path, *, practice: Path | None = None, handout_id: str = DEFAULT_HANDOUT,
                  client_id: str | None = None) -> tuple[HandoutDoc, PracticeContext]:
    """Load, check, score and plan: the HandoutDoc for one client (no rendering)."""
    context = load_practice(practice)
    catalog = Catalog(practice)
    handout = load_template(practice, catalog, handout_id)
    intake = choose_intake(read_intakes(intake_path, catalog), client_id, str(intake_path))
    screeners = ScreenerMap(catalog)
    inputs = plan_inputs(context, intake.client.name or "", intake.client.preferred_name or "")
    return plan(handout, score_intake(intake, screeners), screeners, inputs), context


def render_handout(doc: HandoutDoc, *, large_print: bool = False, fillable: bool = False) -> bytes:
    """The PDF bytes of a planned handout (same input, same bytes); with ``fillable``, its
    write-in spaces are PDF text fields."""
    from ..render.handout import render_pdf  # ReportLab only when rendering

    return render_pdf(doc, large_print=large_print, fillable=fillable)


def write_handout(intake_path: Path, out: Path, *, practice: Path | None = None,
                  handout_id: str = DEFAULT_HANDOUT, client_id: str | None = None,
                  large_print: bool = False, fillable: bool = False, force: bool = False) -> HandoutDoc:
    """The whole ``toolkit handout`` job; returns the planned HandoutDoc.  ``out`` is
    never the intake or a practice file, and replaces an existing file only with ``force``."""
    check_pdf_output(out, "handout.pdf", inputs=[intake_path, practice], force=force)
    doc, context = build_handout(intake_path, practice=practice, handout_id=handout_id, client_id=client_id)
    try:
        data = render_handout(doc, large_print=large_print or context.model.large_print, fillable=fillable)
    except ProblemList as exc:  # e.g. a character the font cannot draw
        raise name_sources(exc.problems, str(intake_path), context,
                           handout=f"handout '{doc.handout_id}'") from None
    write_atomic(out, data)
    return doc
