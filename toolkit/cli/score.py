"""``toolkit score`` and ``toolkit handout``: one intake file, scored or turned
into the client's handout."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from .options import DEFAULT_HANDOUT, ClientOpt, ForceOpt, HandoutOpt, PdfOut, PracticeOpt

IntakeArg = Annotated[Path, typer.Argument(help="Intake file: .yaml, .yml, .json, .csv or a filled PDF form.")]


class ScoreFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


def score_command(
    intake: IntakeArg,
    format: Annotated[ScoreFormat, typer.Option("--format", help="table, json or csv.")] = ScoreFormat.table,
    practice: PracticeOpt = None,
) -> None:
    """Score an intake: scores, bands and safety flags (flags first), and the handouts
    its results suggest."""
    from ..api import Catalog, read_intakes, score_intake, suggest_handouts

    catalog = Catalog(practice)
    results = [score_intake(i, catalog=catalog) for i in read_intakes(intake, catalog=catalog)]
    if format is ScoreFormat.json:
        from ..scoring.formats import to_json

        suggested = suggest_handouts(results, practice=practice, catalog=catalog)
        typer.echo(to_json(results, [{"suggested_handouts": [s.to_dict() for s in found]}
                                     for found in suggested]))
    elif format is ScoreFormat.csv:
        from ..scoring.formats import to_csv

        typer.echo(to_csv(results), nl=False)
    else:
        from .output import console, print_table

        print_table(results, console(), suggest_handouts(results, practice=practice, catalog=catalog))


def handout_command(
    intake: IntakeArg,
    out: PdfOut,
    practice: PracticeOpt = None,
    handout_id: HandoutOpt = DEFAULT_HANDOUT,
    client: ClientOpt = None,
    large_print: Annotated[bool, typer.Option("--large-print", help="18 pt body text.")] = False,
    fillable: Annotated[bool, typer.Option(
        "--fillable", help="Make each space to write in a PDF text field, to type into on screen "
                           "(for example my-safety-plan, filled in with the client).")] = False,
    force: ForceOpt = False,
) -> None:
    """Write a client handout whose sections fit this client's results."""
    from ..api import write_handout

    doc = write_handout(intake, out, practice=practice, handout_id=handout_id,
                        client_id=client, large_print=large_print, fillable=fillable, force=force)
    urgent = any(s.safety for s in doc.sections[:1]) and doc.has_crisis_block
    spaces = sum(1 for s in doc.sections if s.has_write_space)
    typer.echo(f"wrote {out} ({len(doc.sections)} sections"
               + ("; crisis help is on page 1" if urgent else "")
               + (f"; {spaces} fillable field{'s' if spaces != 1 else ''}" if fillable else "") + ")")
