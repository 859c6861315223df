"""``toolkit report``: a thin wrapper over :func:`toolkit.report_pipeline.write_report`.
Imports happen inside the command so ``toolkit --help`` stays fast."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer


def report_command(
    intakes: Annotated[list[Path], typer.Argument(
        metavar="INTAKE...", help="Intake files (.yaml, .yml, .json, .csv) of one client; earlier dates "
                                  "become the history.")],
    out: Annotated[Path, typer.Option("-o", "--out", help="The PDF to write, e.g. report.pdf.")],
    practice: Annotated[Optional[Path], typer.Option(
        "--practice", metavar="DIR", help="Practice folder (branding; its screeners/ shadow the built-in ones).")] = None,
    client: Annotated[Optional[str], typer.Option(
        "--client", metavar="ID", help="Which client, when the files hold several (CSV).")] = None,
) -> None:
    """Write the clinician summary: safety flags first, then every screener's scores, bands,
    charts and answers, and trend charts when earlier dated intakes are given."""
    from .report_pipeline import write_report

    doc = write_report(intakes, out, practice_dir=practice, client_id=client)
    n = len(doc.urgent)
    where = f"{n} urgent flag{'s' if n != 1 else ''} on page 1" if n else "no urgent flags"
    history = f", {len(doc.history_dates)} earlier intake{'s' if len(doc.history_dates) != 1 else ''}" \
        if doc.history_dates else ""
    typer.echo(f"wrote {out} ({where}{history})")
