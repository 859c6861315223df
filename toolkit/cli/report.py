"""``toolkit report``: the clinician summary of one client."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .options import ClientOpt, ForceOpt, PdfOut, PracticeOpt


def report_command(
    intakes: Annotated[list[Path], typer.Argument(
        metavar="INTAKE...", help="Intake files (.yaml, .yml, .json, .csv or filled PDF forms) of one "
                                  "client; earlier dates become the history.")],
    out: PdfOut,
    practice: PracticeOpt = None,
    client: ClientOpt = None,
    force: ForceOpt = False,
) -> None:
    """Write the clinician summary: safety flags first, then every screener's scores, bands,
    charts and answers, and trend charts when earlier dated intakes are given."""
    from ..api import write_report

    doc = write_report(intakes, out, practice=practice, client_id=client, force=force)
    n = len(doc.urgent)
    where = f"{n} urgent flag{'s' if n != 1 else ''} on page 1" if n else "no urgent flags"
    history = (f", {len(doc.history_dates)} earlier intake{'s' if len(doc.history_dates) != 1 else ''}"
               if doc.history_dates else "")
    typer.echo(f"wrote {out} ({where}{history})")
