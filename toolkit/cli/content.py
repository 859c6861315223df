"""``toolkit validate``, ``toolkit lint`` and ``toolkit preview``: checking content
before a client sees it."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from ..content.defaults import DEFAULT_MAX_GRADE, DEFAULT_MAX_VARIANTS
from .options import ForceOpt, PracticeOpt


class LintFormat(str, Enum):
    text = "text"
    json = "json"


def validate_command(
    paths: Annotated[list[Path], typer.Argument(
        help="Screener or handout files, folders of them, or practice folders.")],
) -> None:
    """Check screener files, handout templates and practice folders; list every
    problem as file:line:col  path: message."""
    from ..api import validate

    checked = validate(paths)
    typer.echo(f"ok: {checked} file{'s' if checked != 1 else ''} checked, no problems")


def lint_command(
    practice: PracticeOpt = None,
    max_grade: Annotated[float, typer.Option(
        "--max-grade", min=1.0, max=20.0,
        help="Highest Flesch-Kincaid reading grade a section body may have.")] = DEFAULT_MAX_GRADE,
    format: Annotated[LintFormat, typer.Option("--format", help="text or json.")] = LintFormat.text,
) -> None:
    """Check every screener, handout and the practice: schema and references, reading
    grade, sections no result can reach, placeholders without a value, medication
    safety, sources. Exit 1 when there is any error (warnings alone pass)."""
    from ..api import lint
    from ..quality.lint import to_json, to_text

    report = lint(practice=practice, max_grade=max_grade)
    typer.echo(to_json(report) if format is LintFormat.json else to_text(report))
    if report.errors:
        raise typer.Exit(1)


def preview_command(
    out: Annotated[Path, typer.Option("--out", metavar="DIR", help="Folder for the PDFs and index.")],
    practice: PracticeOpt = None,
    handout_id: Annotated[str | None, typer.Option(
        "--handout", metavar="ID", help="Only this handout (default: every handout).")] = None,
    max_variants: Annotated[int, typer.Option(
        "--max-variants", min=1,
        help="Render every variant up to this many; above it, a representative set.")] = DEFAULT_MAX_VARIANTS,
    force: ForceOpt = False,
) -> None:
    """Render every distinct variant of each handout once (one PDF per combination of
    sections some result produces), with index.md and index.json saying which result
    produces which file. A folder that already holds previews needs --force."""
    from ..api import preview

    for p in preview(out, practice=practice, handout_id=handout_id, max_variants=max_variants, force=force):
        how = (f"a representative set of {len(p.chosen)} of {p.total} variants"
               if p.representative else f"all {p.total} variant{'s' if p.total != 1 else ''}")
        typer.echo(f"{p.handout.id}: wrote {how} to {out}")
        if p.unreachable:
            typer.echo(f"{p.handout.id}: no result reaches {', '.join(p.unreachable)}")
    typer.echo(f"index: {out / 'index.md'}, {out / 'index.json'}")
