"""``toolkit preview``: every distinct variant of each handout, rendered once.

For each handout, :func:`toolkit.variants.variants` finds every distinct list of
sections some result can produce.  When there are at most ``max_variants`` of
them, each is rendered; otherwise a representative set is (every reachable
section appears at least once, plus the fewest-section, most-section and urgent
variants).  The PDFs are planned and drawn by the real pipeline for a fictional
client ("Sam"), and an ``index.md`` and ``index.json`` say which example result
produces which file.  Everything is loaded, planned and rendered before the first
file is written; every file is written atomically with mode 0600.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

from .atomic_write import write_atomic
from .catalog import Catalog
from .errors import Problem, ProblemList
from .handout_loader import Handout, HandoutCatalog
from .planning import PlanInputs, plan
from .practice import PracticeContext, load_practice
from .variants import Variant, representative, unreachable_sections, variants

DEFAULT_MAX_VARIANTS = 40
CLIENT_NAME = "Sam Example"
CLIENT_PREFERRED = "Sam"


@dataclass
class HandoutPreview:
    handout: Handout
    total: int                      # distinct variants found
    chosen: list[Variant]           # the ones rendered
    unreachable: list[str]
    files: list[tuple[str, bytes]]  # (file name, PDF)

    @property
    def representative(self) -> bool:
        return len(self.chosen) < self.total

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.handout.id, "title": self.handout.title, "variants": self.total,
                "rendered": len(self.chosen), "representative": self.representative,
                "unreachable_sections": self.unreachable,
                "files": [{"file": name, "sections": list(v.sections), "example": v.description,
                           "urgent": v.urgent}
                          for (name, _), v in zip(self.files, self.chosen)]}


def _inputs(practice: PracticeContext) -> PlanInputs:
    m = practice.model
    fields = {k: getattr(m, k) or "" for k in ("name", "phone", "email", "website", "address", "clinician")}
    return PlanInputs(practice.branding(), practice.crisis_lines, practice.emergency_number, fields,
                      CLIENT_NAME, CLIENT_PREFERRED)


def check_out_dir(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise ProblemList([Problem(str(out), 0, 0, "", "is a file; give a folder for the previews "
                                                       "(it is created when missing)")])


def build_previews(*, practice_dir: Optional[Path] = None, handout_id: Optional[str] = None,
                   max_variants: int = DEFAULT_MAX_VARIANTS) -> list[HandoutPreview]:
    """Load, find variants, plan and render (nothing written)."""
    from .handout_pipeline import ScreenerMap
    from .render_pdf import render_pdf  # ReportLab only when rendering

    practice = load_practice(practice_dir)
    catalog = Catalog(practice_dir)
    handouts = HandoutCatalog(practice_dir, catalog)
    screeners = ScreenerMap(catalog)
    ids = [handout_id] if handout_id else handouts.ids()
    loaded, problems = [], []
    for hid in ids:
        try:
            loaded.append(handouts.get(hid))
        except ProblemList as exc:
            problems += exc.problems
    if problems:
        raise ProblemList(problems)
    inputs = _inputs(practice)
    previews = []
    for handout in loaded:
        found = variants(handout, screeners)
        chosen = representative(found, max_variants)
        width = max(2, len(str(len(chosen))))
        files = []
        for n, v in enumerate(chosen, 1):
            doc = plan(handout, v.result, screeners, inputs)
            files.append((f"{handout.id}-v{n:0{width}d}.pdf",
                          render_pdf(doc, large_print=practice.model.large_print)))
        previews.append(HandoutPreview(handout, len(found), chosen,
                                       unreachable_sections(handout, found), files))
    return previews


def index_markdown(previews: list[HandoutPreview], practice: str) -> str:
    lines = ["# Handout previews", "",
             f"Practice: {practice}. Fictional client: {CLIENT_PREFERRED}. Each file shows one "
             "variant: the sections that some result produces, in the order the planner gives.", ""]
    for p in previews:
        lines += [f"## {p.handout.id}: {p.handout.title}", ""]
        if p.representative:
            lines.append(f"{p.total} distinct variants; a representative set of {len(p.chosen)} is "
                         "rendered: every reachable section appears at least once, with the "
                         "fewest-section, the most-section and an urgent variant.")
        else:
            lines.append(f"{p.total} distinct variant{'s' if p.total != 1 else ''}, all rendered.")
        if p.unreachable:
            lines.append(f"No result reaches: {', '.join(p.unreachable)}.")
        lines += ["", "| file | sections | example result |", "|---|---|---|"]
        for (name, _), v in zip(p.files, p.chosen):
            cells = [name, ", ".join(v.sections), v.description]
            lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
        lines.append("")
    return "\n".join(lines)


def write_previews(out: Path, *, practice_dir: Optional[Path] = None, handout_id: Optional[str] = None,
                   max_variants: int = DEFAULT_MAX_VARIANTS) -> list[HandoutPreview]:
    """The whole ``toolkit preview`` job: PDFs plus index.md and index.json in ``out``."""
    out = Path(out)
    check_out_dir(out)
    previews = build_previews(practice_dir=practice_dir, handout_id=handout_id, max_variants=max_variants)
    practice = str(practice_dir) if practice_dir else "built-in default"
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ProblemList([Problem(str(out), 0, 0, "", f"cannot create the folder ({exc.strerror})")]) from None
    for p in previews:
        for name, data in p.files:
            write_atomic(out / name, data)
    write_atomic(out / "index.md", index_markdown(previews, practice).encode("utf-8"))
    index = {"practice": practice, "client": CLIENT_PREFERRED, "handouts": [p.to_dict() for p in previews]}
    write_atomic(out / "index.json", (json.dumps(index, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
    return previews
