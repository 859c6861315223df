"""From an intake file to a handout PDF on disk: load and check everything first,
then plan, render and write atomically.  Nothing is written on any failure."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Iterator, Optional

from .api import score_intake
from .atomic_write import check_pdf_output, write_atomic
from .catalog import Catalog
from .document import Document
from .errors import Problem, ProblemList
from .handout_loader import HandoutCatalog
from .intake import Intake, read_intakes
from .planning import PlanInputs, plan
from .practice import PracticeContext, load_practice
from .screener_model import Screener

DEFAULT_HANDOUT = "numbness"


class ScreenerMap(Mapping):
    """Screeners by id, loaded from the catalog on first use."""

    def __init__(self, catalog: Catalog):
        self.catalog = catalog

    def __getitem__(self, sid: str) -> Screener:
        return self.catalog.get(sid)

    def __iter__(self) -> Iterator[str]:
        return iter(self.catalog.ids())

    def __len__(self) -> int:
        return len(self.catalog.ids())


def plan_inputs(practice: PracticeContext, intake: Intake) -> PlanInputs:
    m = practice.model
    fields = {k: getattr(m, k) or "" for k in ("name", "phone", "email", "website", "address", "clinician")}
    return PlanInputs(practice.branding(), practice.crisis_lines, practice.emergency_number, fields,
                      intake.client.name or "", intake.client.preferred_name or "")


def choose_intake(intakes: list[Intake], client_id: Optional[str], source: str) -> Intake:
    if client_id is not None:
        for intake in intakes:
            if intake.client.id == client_id:
                return intake
        raise ProblemList([Problem(source, 0, 0, "", "no row has the client id given with --client")])
    if len(intakes) > 1:
        raise ProblemList([Problem(source, 0, 0, "", f"this file holds {len(intakes)} intakes; choose one "
                                                     "with --client ID (or use toolkit batch)")])
    return intakes[0]


def build_handout(intake_path: Path, *, practice_dir: Optional[Path] = None,
                  handout_id: str = DEFAULT_HANDOUT, client_id: Optional[str] = None) -> tuple[Document, PracticeContext]:
    """Load, check, score and plan: the Document for one client (no rendering)."""
    practice = load_practice(practice_dir)
    catalog = Catalog(practice_dir)
    handout = HandoutCatalog(practice_dir, catalog).get(handout_id)
    intake = choose_intake(read_intakes(intake_path, catalog), client_id, str(intake_path))
    result = score_intake(intake, catalog=catalog)
    return plan(handout, result, ScreenerMap(catalog), plan_inputs(practice, intake)), practice


def _name_files(problems: list[Problem], intake_path: Path, practice: PracticeContext,
                handout_files: str) -> list[Problem]:
    """The renderer names where text came from by role; say which file that is."""
    files = {"<client>": str(intake_path), "<handout>": handout_files,
             "practice.yaml": str(practice.folder / "practice.yaml") if practice.folder
             else "<built-in practice>"}
    return [replace(p, file=files.get(p.file, p.file)) for p in problems]


def write_handout(intake_path: Path, out: Path, *, practice_dir: Optional[Path] = None,
                  handout_id: str = DEFAULT_HANDOUT, client_id: Optional[str] = None,
                  large_print: bool = False) -> Document:
    """The whole ``toolkit handout`` job; returns the planned Document."""
    check_pdf_output(out, "handout.pdf")
    doc, practice = build_handout(intake_path, practice_dir=practice_dir, handout_id=handout_id,
                                  client_id=client_id)
    from .render_pdf import (
        render_pdf,  # ReportLab is imported only here, when rendering
    )

    try:
        data = render_pdf(doc, large_print=large_print or practice.model.large_print)
    except ProblemList as exc:  # e.g. a character the font cannot draw
        raise ProblemList(_name_files(exc.problems, intake_path, practice,
                                      f"handout '{doc.handout_id}'")) from None
    write_atomic(out, data)
    return doc
