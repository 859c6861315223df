"""``toolkit form``: a thin wrapper over :func:`toolkit.form_pdf.write_form`.
Imports happen inside the command so ``toolkit --help`` stays fast."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer


def form_command(
    screeners: Annotated[list[str], typer.Argument(
        metavar="SCREENER...", help="Screener ids, in the order to print them, e.g. phq9 gad7 numbness.")],
    out: Annotated[Path, typer.Option("-o", "--out", help="The PDF to write, e.g. form.pdf.")],
    practice: Annotated[Optional[Path], typer.Option(
        "--practice", metavar="DIR",
        help="Practice folder (branding; its screeners/ shadow the built-in ones).")] = None,
    fillable: Annotated[bool, typer.Option(
        "--fillable", help="Add PDF form fields, so the form can be filled on screen and read back "
                           "with toolkit score filled.pdf.")] = False,
) -> None:
    """Write a printable checklist of one or more screeners (with --fillable, a PDF form
    whose answers toolkit score, handout and report can read back)."""
    from .form_pdf import write_form

    info = write_form(screeners, out, practice_dir=practice, fillable=fillable)
    n = len(info.screeners)
    typer.echo(f"wrote {out} ({n} screener{'s' if n != 1 else ''}, {info.questions} questions"
               + ("; fillable" if info.fillable else "") + ")")
