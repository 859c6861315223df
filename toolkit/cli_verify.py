"""``toolkit verify``: a thin wrapper over :mod:`toolkit.verify`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer


def verify_command(
    out: Annotated[Optional[str], typer.Option(
        "-o", "--out", metavar="REPORT",
        help="Where to write the report (Markdown); '-' prints it. "
             "Default: validation-report-YYYY-MM-DD.md in the current folder.")] = None,
    practice: Annotated[Optional[Path], typer.Option(
        "--practice", metavar="DIR",
        help="Also run the practice's own reference cases (DIR/screeners/reference/).")] = None,
) -> None:
    """Re-run the reference cases of every shipped instrument and write a validation
    report a clinic can file. Exit 0 only when every case passes, 1 otherwise."""
    from .verify import default_report_name, to_markdown, verify, write_report

    report = verify(practice)
    passed, failed = report.cases
    if out == "-":
        typer.echo(to_markdown(report), nl=False)
    else:
        path = write_report(report, Path(out) if out else Path(default_report_name(report)))
        typer.echo(f"wrote {path}")
    summary = (f"{'PASS' if report.ok else 'FAIL'}: {passed} case{'s' if passed != 1 else ''} passed, "
               f"{failed} failed, {len(report.instruments)} instruments")
    typer.echo(summary, err=out == "-")
    if not report.ok:
        for i in report.instruments:
            for problem in i.problems:
                typer.echo(f"{i.id}: {problem}", err=True)
            for f in i.failures:
                typer.echo(f"{i.id} case {f.case_id} ({i.cases_file}:{f.line}): " + "; ".join(f.differences),
                           err=True)
        raise typer.Exit(1)
