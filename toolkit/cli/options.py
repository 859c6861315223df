"""The options several commands share: one definition (and one help text) each.

Light on purpose (typer and the defaults only): every command module imports
this, and ``toolkit --help`` must not load the content models or ReportLab.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..content.defaults import DEFAULT_HANDOUT

PracticeOpt = Annotated[Path | None, typer.Option(
    "--practice", metavar="DIR",
    help="Practice folder: its practice.yaml (name, branding, crisis lines) and its own screeners/ "
         "and handouts/, which shadow the built-in ones. Default: the built-in practice.")]

HandoutOpt = Annotated[str, typer.Option("--handout", metavar="ID", help="Handout template id.")]

ClientOpt = Annotated[str | None, typer.Option(
    "--client", metavar="ID", help="Which client, when the file holds several (CSV).")]

PdfOut = Annotated[Path, typer.Option("-o", "--out", help="The PDF to write.")]

ForceOpt = Annotated[bool, typer.Option(
    "--force", help="Replace output files that already exist (an input file is never replaced).")]

__all__ = ["DEFAULT_HANDOUT", "ClientOpt", "ForceOpt", "HandoutOpt", "PdfOut", "PracticeOpt"]
