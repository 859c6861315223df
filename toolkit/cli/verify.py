"""``toolkit verify``: a thin wrapper over :mod:`toolkit.quality.verify`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .options import ForceOpt, PracticeOpt


def verify_command(
    out: Annotated[str | None, typer.Option(
        "-o", "--out", metavar="REPORT",
        help="Where to write the report (Markdown); '-' prints it. "
             "Default: validation-report-YYYY-MM-DD.md in the current folder.")] = None,
    practice: PracticeOpt = None,
    force: ForceOpt = False,
) -> None:
    """Re-run the reference cases of every shipped instrument (and, with --practice, the
    practice's own in DIR/screeners/reference/) and write a validation report a clinic
    can file. Exit 0 only when every case passes, 1 otherwise."""
    import datetime as dt

    from ..api import verify
    from ..core.output_check import check_output_file
    from ..quality.verify import default_report_name, report_file_name, to_markdown, write_report

    if out != "-":  # refused before the cases run (and checked again on writing)
        today = dt.datetime.now().astimezone().date()
        check_output_file(Path(out) if out else Path(report_file_name(today)), inputs=[practice], force=force)
    report = verify(practice=practice)
    passed, failed = report.cases
    if out == "-":
        typer.echo(to_markdown(report), nl=False)
    else:
        path = write_report(report, Path(out) if out else Path(default_report_name(report)), force=force,
                            practice=practice)
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
