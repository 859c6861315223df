"""``toolkit form``: printable and fillable checklists."""

from __future__ import annotations

from typing import Annotated

import typer

from .options import ForceOpt, PdfOut, PracticeOpt


def form_command(
    screeners: Annotated[list[str], typer.Argument(
        metavar="SCREENER...", help="Screener ids, in the order to print them, e.g. phq9 gad7 numbness.")],
    out: PdfOut,
    practice: PracticeOpt = None,
    fillable: Annotated[bool, typer.Option(
        "--fillable", help="Add PDF form fields, so the form can be filled on screen and read back "
                           "with toolkit score filled.pdf.")] = False,
    clinician: Annotated[bool, typer.Option(
        "--clinician", help="A form for the clinician, for screeners a clinician asks aloud (asq); "
                            "they are never printed for the client to fill in.")] = False,
    force: ForceOpt = False,
) -> None:
    """Write a printable checklist of one or more screeners (with --fillable, a PDF form
    whose answers toolkit score, handout and report can read back; with --clinician, a
    form for the clinician of screeners asked aloud, such as asq)."""
    from ..api import write_form

    info = write_form(screeners, out, practice=practice, fillable=fillable, clinician=clinician,
                      force=force)
    n = len(info.screeners)
    typer.echo(f"wrote {out} ({n} screener{'s' if n != 1 else ''}, {info.questions} questions"
               + ("; for the clinician" if info.clinician else "") + ("; fillable" if info.fillable else "") + ")")
