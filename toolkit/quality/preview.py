"""``toolkit preview``: every distinct variant of each handout, rendered once.

For each handout, :func:`toolkit.quality.variants.variants` finds every distinct list of
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
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..content.catalog import Catalog, ScreenerMap
from ..content.defaults import DEFAULT_MAX_VARIANTS
from ..content.handout_loader import HandoutCatalog
from ..content.handout_model import Handout
from ..core.atomic_write import write_atomic
from ..core.errors import Problem, ProblemList, problem
from ..core.output_check import not_a_regular_file
from ..planning.handout import plan, plan_inputs
from ..practice.loader import load_practice
from .variants import Variant, representative, unreachable_sections, variants

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
                          for (name, _), v in zip(self.files, self.chosen, strict=True)]}


INDEX_FILES = ("index.md", "index.json")
_PREVIEW_PDF = re.compile(r"^[a-z0-9][a-z0-9_-]*-v[0-9]{2,}\.pdf$")  # <handout id>-vNN.pdf


def check_out_dir(out: Path, *, force: bool = False) -> None:
    """A folder for the previews: new, or one without earlier previews (its index or
    variant PDFs), unless ``force``.  Which variants there are is known only after
    rendering, so any earlier preview counts; other files in the folder are fine."""
    if out.exists() and not out.is_dir():
        raise problem(str(out), "is a file; give a folder for the previews "
                                "(it is created when missing)")
    if not out.is_dir():
        return
    earlier = sorted(e.name for e in os.scandir(out)
                     if e.name in INDEX_FILES or _PREVIEW_PDF.match(e.name))
    special = [(name, why) for name in earlier if (why := not_a_regular_file(out / name))]
    if special:  # a device or FIFO named like a preview is never replaced, not even with --force
        raise ProblemList([Problem(str(out / name), 0, 0, "", why) for name, why in special])
    if force:
        return
    if earlier:
        shown = ", ".join(earlier[:3]) + (f" and {len(earlier) - 3} more" if len(earlier) > 3 else "")
        raise problem(str(out), f"already holds previews ({shown}); use --force to replace them "
                                "(files of the same name are replaced, index.md lists the new set), "
                                "or give a new folder")


def build_previews(*, practice: Path | None = None, handout_id: str | None = None,
                   max_variants: int = DEFAULT_MAX_VARIANTS) -> list[HandoutPreview]:
    """Load, find variants, plan and render (nothing written)."""
    from ..render.handout import render_pdf  # ReportLab only when rendering

    context = load_practice(practice)
    catalog = Catalog(practice)
    handouts = HandoutCatalog(practice, catalog)
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
    inputs = plan_inputs(context, CLIENT_NAME, CLIENT_PREFERRED)
    previews = []
    for handout in loaded:
        found = variants(handout, screeners, country=inputs.country)  # as this practice's clients get it
        chosen = representative(found, max_variants)
        width = max(2, len(str(len(chosen))))
        files = []
        for n, v in enumerate(chosen, 1):
            doc = plan(handout, v.result, screeners, inputs)
            files.append((f"{handout.id}-v{n:0{width}d}.pdf",
                          render_pdf(doc, large_print=context.model.large_print)))
        previews.append(HandoutPreview(handout, len(found), chosen,
                                       unreachable_sections(handout, found, screeners), files))
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
        for (name, _), v in zip(p.files, p.chosen, strict=True):
            cells = [name, ", ".join(v.sections), v.description]
            lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
        lines.append("")
    return "\n".join(lines)


def write_previews(out: Path, *, practice: Path | None = None, handout_id: str | None = None,
                   max_variants: int = DEFAULT_MAX_VARIANTS, force: bool = False) -> list[HandoutPreview]:
    """The whole ``toolkit preview`` job: PDFs plus index.md and index.json in ``out``
    (earlier previews there are replaced only with ``force``)."""
    out = Path(out)
    check_out_dir(out, force=force)
    previews = build_previews(practice=practice, handout_id=handout_id, max_variants=max_variants)
    label = str(practice) if practice else "built-in default"
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise problem(str(out), f"cannot create the folder ({exc.strerror})") from None
    for p in previews:
        for name, data in p.files:
            write_atomic(out / name, data)
    write_atomic(out / "index.md", index_markdown(previews, label).encode("utf-8"))
    index = {"practice": label, "client": CLIENT_PREFERRED, "handouts": [p.to_dict() for p in previews]}
    write_atomic(out / "index.json", (json.dumps(index, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
    return previews
