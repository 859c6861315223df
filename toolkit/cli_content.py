"""``toolkit lint`` and ``toolkit preview``: thin wrappers over :mod:`toolkit.lint`
and :mod:`toolkit.preview`.  Imports happen inside the commands so ``toolkit
--help`` stays fast."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

PracticeOpt = Annotated[Optional[Path], typer.Option(
    "--practice", metavar="DIR", help="Practice folder (its handouts/ and screeners/ shadow the built-in ones).")]


class LintFormat(str, Enum):
    text = "text"
    json = "json"


def lint_command(
    practice: PracticeOpt = None,
    max_grade: Annotated[float, typer.Option(
        "--max-grade", min=1.0, max=20.0,
        help="Highest Flesch-Kincaid reading grade a section body may have.")] = 8.0,
    format: Annotated[LintFormat, typer.Option("--format", help="text or json.")] = LintFormat.text,
) -> None:
    """Check every screener, handout and the practice: schema and references, reading
    grade, sections no result can reach, placeholders without a value, medication
    safety, sources. Exit 1 when there is any error (warnings alone pass)."""
    from .lint import lint_report, to_json, to_text

    report = lint_report(practice, max_grade)
    typer.echo(to_json(report) if format is LintFormat.json else to_text(report))
    if report.errors:
        raise typer.Exit(1)


def preview_command(
    out: Annotated[Path, typer.Option("--out", metavar="DIR", help="Folder for the PDFs and index.")],
    practice: PracticeOpt = None,
    handout_id: Annotated[Optional[str], typer.Option(
        "--handout", metavar="ID", help="Only this handout (default: every handout).")] = None,
    max_variants: Annotated[int, typer.Option(
        "--max-variants", min=1,
        help="Render every variant up to this many; above it, a representative set.")] = 40,
) -> None:
    """Render every distinct variant of each handout once (one PDF per combination of
    sections some result produces), with index.md and index.json saying which result
    produces which file."""
    from .preview import write_previews

    for p in write_previews(out, practice_dir=practice, handout_id=handout_id, max_variants=max_variants):
        how = (f"a representative set of {len(p.chosen)} of {p.total} variants"
               if p.representative else f"all {p.total} variant{'s' if p.total != 1 else ''}")
        typer.echo(f"{p.handout.id}: wrote {how} to {out}")
        if p.unreachable:
            typer.echo(f"{p.handout.id}: no result reaches {', '.join(p.unreachable)}")
    typer.echo(f"index: {out / 'index.md'}, {out / 'index.json'}")
