"""``toolkit practice init`` and ``toolkit schema``: setting up a practice folder."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .options import ForceOpt

practice_app = typer.Typer(help="Set up a practice folder (name, logo, colours, crisis lines).",
                           no_args_is_help=True)


@practice_app.command("init")
def practice_init(
    folder: Annotated[Path, typer.Argument(metavar="DIR", help="The new practice folder.")],
    country: Annotated[str, typer.Option(
        "--country", metavar="CC",
        help="Two-letter country code with built-in crisis lines: US, UK, IE, CA or AU.")],
) -> None:
    """Write a commented practice.yaml, JSON Schemas, handouts/ and screeners/ folders
    and a sample intake. Nothing is overwritten."""
    from ..api import init_practice

    for path in init_practice(folder, country):
        typer.echo(f"wrote {path}")
    typer.echo(f"Next: edit {folder / 'practice.yaml'}, then check it with "
               f"`toolkit validate {folder}`.")


def schema_command(
    out: Annotated[Path, typer.Option("--out", metavar="DIR", help="Folder to write the schemas into.")],
    force: ForceOpt = False,
) -> None:
    """Write JSON Schemas of screener, handout and practice files (for editors)."""
    from ..api import write_schemas

    for path in write_schemas(out, force=force):
        typer.echo(f"wrote {path}")
