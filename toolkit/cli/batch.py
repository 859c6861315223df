"""``toolkit batch``: a whole clinic day from one export (see :mod:`toolkit.batch.run`)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from .options import DEFAULT_HANDOUT, ForceOpt, HandoutOpt, PracticeOpt


def batch_command(
    input: Annotated[Path, typer.Argument(help="The export: our CSV, or REDCap, Google Forms or "
                                               "Qualtrics CSV (with --mapping).")],
    out: Annotated[Path, typer.Option("--out", help="Folder for the documents, summary.csv, "
                                                    "errors.csv and run.json.")],
    practice: PracticeOpt = None,
    mapping: Annotated[Path | None, typer.Option(
        "--mapping", help="Mapping file tying the export's columns to screener items "
                          "(draft one with toolkit mapping init).")] = None,
    workers: Annotated[int, typer.Option("--workers", min=1, max=64,
                                         help="Worker processes (default 1).")] = 1,
    handouts: Annotated[bool, typer.Option("--handouts/--no-handouts", help="Make client handouts.")] = True,
    reports: Annotated[bool, typer.Option("--reports/--no-reports", help="Make clinician summaries.")] = True,
    resume: Annotated[bool, typer.Option("--resume", help="Skip clients whose documents are already "
                                                          "complete and current.")] = False,
    names: Annotated[str, typer.Option("--names", help="File name pattern: {client_id}, {date}, {row}, "
                                                       "{kind}.")] = "{client_id}-{kind}",
    allow_names: Annotated[bool, typer.Option(
        "--allow-names", help="Allow {name}, {preferred_name} and {date_of_birth} in file names.")] = False,
    handout_id: HandoutOpt = DEFAULT_HANDOUT,
    quiet: Annotated[bool, typer.Option("--quiet", help="No progress bar.")] = False,
    force: ForceOpt = False,
    check_totals: Annotated[list[str] | None, typer.Option(
        "--check-totals", metavar="SCREENER=COLUMN",
        help="Compare the export's own total column with the toolkit's score, e.g. phq9=PHQ9_total "
             "(phq9.total=... names a score); rows that differ go to totals-check.csv. "
             "May be given more than once.")] = None,
) -> None:
    """One handout and one clinician summary per client, a summary.csv, an errors.csv
    and a run record.  Exit code 1 when some rows or clients failed (see errors.csv).
    A folder holding an earlier run needs --resume (continue it) or --force (replace it)."""
    from ..api import run_batch
    from ..batch.run import BatchInterrupted

    try:
        with _progress_bar(not quiet and sys.stderr.isatty()) as progress:
            result = run_batch(input, out, practice=practice, mapping=mapping, workers=workers,
                               handouts=handouts, reports=reports, resume=resume, names=names,
                               allow_names=allow_names, handout_id=handout_id, progress=progress, force=force,
                               check_totals=tuple(check_totals or ()))
    except BatchInterrupted as exc:
        typer.echo(f"Interrupted: {exc}.", err=True)
        raise typer.Exit(130) from None
    c = result.counts
    made = ", ".join(_count(c[k + "s_written"], k) for k in ("handout", "report") if c[k + "s_written"])
    typer.echo(f"{_count(c['clients'], 'client')} from {_count(c['rows_ok'], 'row')}: {made or 'no new documents'}"
               + (f"; {c['clients_skipped_current']} already current" if c["clients_skipped_current"] else "")
               + f"; {c['urgent_clients'] + c['urgent_rows_unreadable']} with urgent flags"
               + (f" ({c['urgent_rows_unreadable']} on rows that could not be read)"
                  if c["urgent_rows_unreadable"] else "")
               + f". Wrote {out}/summary.csv and run.json.")
    for check in result.totals:
        typer.echo(f"totals check: {check.differ} of {check.checked} rows differ from {check.column}"
                   + (f" (see {out}/totals-check.csv)." if check.differ else "."))
    if c["rows_skipped_no_answers"]:
        n = c["rows_skipped_no_answers"]
        typer.echo(f"{n} {'row' if n == 1 else 'rows'} had no answers and {'was' if n == 1 else 'were'} "
                   f"skipped (row numbers in {out}/run.json).")
    if c["file_names_changed"]:
        n = c["file_names_changed"]
        typer.echo(f"{n} file {'name was' if n == 1 else 'names were'} changed to keep two clients' documents "
                   "apart (they end in -row<N>; summary.csv names each client's files).")
    if c["rows_failed"] or c["clients_failed"]:
        whose = "client's" if c["clients_failed"] == 1 else "clients'"
        typer.echo(f"{_count(c['rows_failed'], 'row')} could not be read and {c['clients_failed']} {whose} "
                   f"documents could not be made: see {out}/errors.csv.", err=True)
    for row in result.urgent_not_made:
        typer.echo(f"URGENT: row {row} has an urgent safety flag and its documents could not be made "
                   "(see errors.csv). Open the export at that row and tell the clinician today.", err=True)
    if result.failed:
        raise typer.Exit(1)


def _count(n: int, word: str) -> str:
    """``1 row``, ``2 rows``."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


@contextmanager
def _progress_bar(show: bool) -> Iterator[Callable[[str, int], None] | None]:
    """A progress bar on stderr (stdout stays for the summary), or none."""
    if not show:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    bar = Progress(TextColumn("clients"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                   transient=True, console=Console(stderr=True))
    task = bar.add_task("clients", total=None)

    def progress(what: str, n: int) -> None:
        if what == "total":
            bar.update(task, total=n)
        else:
            bar.advance(task, n)

    with bar:
        yield progress
