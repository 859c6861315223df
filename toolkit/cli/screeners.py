"""``toolkit screeners list`` and ``toolkit screeners show``."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import typer

from .options import PracticeOpt

screeners_app = typer.Typer(help="List and show the screeners the toolkit carries.", no_args_is_help=True)


class ShowFormat(str, Enum):
    text = "text"
    json = "json"


@screeners_app.command("list")
def screeners_list(practice: PracticeOpt = None) -> None:
    """List every screener: id, kind, version and title."""
    from rich.table import Table
    from rich.text import Text

    from ..api import Catalog
    from .output import console

    table = Table(header_style="bold")
    for col in ("id", "kind", "version", "title", "from"):
        table.add_column(col)
    catalog = Catalog(practice)
    for screener in catalog.all():
        origin = catalog.origin(screener.id)
        table.add_row(Text(screener.id), Text(screener.kind), Text(screener.version),
                      Text(screener.title), Text(origin[0] if origin else ""))
    console().print(table)


@screeners_app.command("show")
def screeners_show(
    screener_id: Annotated[str, typer.Argument(metavar="ID", help="Screener id, e.g. phq9.")],
    format: Annotated[ShowFormat, typer.Option("--format", help="text or json.")] = ShowFormat.text,
    practice: PracticeOpt = None,
) -> None:
    """Show one screener: its instructions, items and answer options."""
    from ..api import load_screeners
    from .output import console, screener_json, screener_text

    [screener] = load_screeners([screener_id], practice=practice)  # an id, never a path
    if format is ShowFormat.json:
        typer.echo(screener_json(screener))
    else:
        console().print(screener_text(screener))
