"""``toolkit mapping init`` and ``toolkit mapping check``: thin wrappers over the library.

Imports happen inside the commands so ``toolkit --help`` stays fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .options import ForceOpt, PracticeOpt

mapping_app = typer.Typer(help="Map the columns of an export (REDCap, Google Forms, Qualtrics "
                               "or any CSV) to screener items.", no_args_is_help=True)



@mapping_app.command("init")
def mapping_init(
    export: Annotated[Path, typer.Argument(metavar="EXPORT.csv", help="The export to map.")],
    out: Annotated[Path, typer.Option("-o", "--out", help="The mapping file to write.")] = Path("mapping.yaml"),
    fmt: Annotated[str | None, typer.Option(
        "--format", help="Force the format: toolkit, redcap, google-forms, qualtrics or csv (any other CSV); "
                         "by default it is told from the header.")] = None,
    date: Annotated[str | None, typer.Option(
        "--date", metavar="YYYY-MM-DD", help="The export has no date column: the date of every row.")] = None,
    dictionary: Annotated[Path | None, typer.Option(
        "--dictionary", metavar="FILE", help="A REDCap data dictionary (CSV): its field labels and codings "
                                             "are used.")] = None,
    practice: PracticeOpt = None,
    force: ForceOpt = False,
) -> None:
    """Draft a mapping file by matching each column's name or text to screener items,
    saying why; say which columns could not be matched, and first of all any critical
    item (PHQ-9 item 9, an ASQ question) left unmapped."""
    from ..api import draft_mapping
    from ..exports.formats import LABELS

    draft = draft_mapping(export, practice=practice, out=out, force=force, format=fmt, date=date,
                          dictionary=dictionary)
    for warning in draft.warnings:  # first and loudest
        typer.echo(f"WARNING: {warning}")
    typer.echo(f"{export}: a {LABELS.get(draft.format, 'generic CSV')} export")
    typer.echo(f"matched {len(draft.matched)} column{'s' if len(draft.matched) != 1 else ''} to screener items:")
    for col, title, ref in draft.matched:
        typer.echo(f"  column {col}: {_short(title)} -> {ref} ({draft.reasons.get(col, 'matched')})")
    for field_name, column in draft.client.items():
        typer.echo(f"client.{field_name}: {_short(column)}")
    if draft.fixed_date:
        typer.echo(f"date: {draft.fixed_date} for every row (--date)")
    else:
        typer.echo(f"date: {_short(draft.date_column) if draft.date_column else 'NOT FOUND'}"
                   + (f" ({draft.date_format})" if draft.date_format else ""))
    if draft.wave_column:
        typer.echo(f"wave: {_short(draft.wave_column)}")
    if draft.missing:
        codes = sorted({c for found in draft.missing.values() for c in found})
        typer.echo(f"missing-value codes proposed: {', '.join(repr(c) for c in codes)}")
    if "id" not in draft.client:
        typer.echo("client id: NOT FOUND; name the column in the mapping file")
    if draft.unmatched:
        typer.echo(f"could not match {len(draft.unmatched)} column{'s' if len(draft.unmatched) != 1 else ''}:")
        for col, title in draft.unmatched:
            typer.echo(f"  column {col}: {_short(title)}")
    for note in draft.notes:
        typer.echo(f"note: {note}")
    for warning in draft.warnings:  # and again last, where the eye lands
        typer.echo(f"WARNING: {warning.split(':', 1)[0]}: map it or list it under not_asked")
    typer.echo(f"wrote {out}; check it, then run `toolkit mapping check {export} --mapping {out}`")


@mapping_app.command("check")
def mapping_check(
    export: Annotated[Path, typer.Argument(metavar="EXPORT.csv", help="The export to read.")],
    mapping: Annotated[Path | None, typer.Option(
        "--mapping", help="The mapping file (not needed for the toolkit's own CSV).")] = None,
    practice: PracticeOpt = None,
) -> None:
    """Read every row of an export through its mapping, and list every problem
    (file:row:column); nothing is written."""
    from ..api import check_export

    found = check_export(export, practice=practice, mapping=mapping)
    good, empty = found.rows, len(found.rows_without_answers)
    typer.echo(f"ok: {good} row{'s' if good != 1 else ''} read, no problems"
               + (f"; {empty} row{'s' if empty != 1 else ''} had no answers (batch skips "
                  f"{'them' if empty != 1 else 'it'})" if empty else ""))


def _short(text: str, limit: int = 70) -> str:
    one = " ".join(text.split())
    return repr(one) if len(one) <= limit else repr(one[: limit - 3] + "...")
