"""The ``toolkit`` command line: parse arguments, call one library function, format.

Exit codes: 0 success; 1 invalid input or content (every problem listed);
2 usage; 3 internal error (a bug: a short message, never client data).
"""

from __future__ import annotations

import sys
import traceback
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

app = typer.Typer(
    name="toolkit",
    help="Screen for emotional numbness and related problems, score intakes, and "
         "write tailored client handouts.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
)
screeners_app = typer.Typer(help="List and show the screeners the toolkit carries.",
                            no_args_is_help=True)
app.add_typer(screeners_app, name="screeners")

# Each command's module is light (typer only): what a command needs is imported
# when it runs, so `toolkit --help` and `toolkit score` stay fast.
from .cli_batch import batch_command  # noqa: E402
from .cli_content import lint_command, preview_command  # noqa: E402
from .cli_forms import form_command  # noqa: E402
from .cli_mapping import mapping_app  # noqa: E402
from .cli_practice import practice_app, schema_command  # noqa: E402
from .cli_report import report_command  # noqa: E402
from .cli_verify import verify_command  # noqa: E402

PracticeOpt = Annotated[Optional[Path], typer.Option(
    "--practice", help="Practice folder whose screeners/ shadow the built-in ones.")]


class ScoreFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


class ShowFormat(str, Enum):
    text = "text"
    json = "json"


def _console(stderr: bool = False):
    """Rich console; when output is piped or saved, a fixed 120 columns so lines
    do not wrap mid-message (colour is dropped automatically then)."""
    from rich.console import Console
    stream = sys.stderr if stderr else sys.stdout
    width = None if stream.isatty() else 120
    return Console(stderr=stderr, highlight=False, soft_wrap=False, width=width)


@screeners_app.command("list")
def screeners_list(practice: PracticeOpt = None) -> None:
    """List every screener: id, kind, version and title."""
    from rich.table import Table
    from rich.text import Text

    from .catalog import Catalog

    catalog = Catalog(practice)
    table = Table(header_style="bold")
    for col in ("id", "kind", "version", "title", "from"):
        table.add_column(col)
    for screener in catalog.all():
        origin = catalog.origin(screener.id)[0]  # type: ignore[index]
        table.add_row(Text(screener.id), Text(screener.kind), Text(screener.version),
                      Text(screener.title), Text(origin))
    _console().print(table)


@screeners_app.command("show")
def screeners_show(
    screener_id: Annotated[str, typer.Argument(metavar="ID", help="Screener id, e.g. phq9.")],
    format: Annotated[ShowFormat, typer.Option("--format", help="text or json.")] = ShowFormat.text,
    practice: PracticeOpt = None,
) -> None:
    """Show one screener: its instructions, items and answer options."""
    from .catalog import Catalog
    from .screener_output import screener_json, screener_text

    screener = Catalog(practice).get(screener_id)
    if format is ShowFormat.json:
        typer.echo(screener_json(screener))
    else:
        _console().print(screener_text(screener))


@app.command()
def validate(
    paths: Annotated[list[Path], typer.Argument(
        help="Screener or handout files, folders of them, or practice folders.")],
) -> None:
    """Check screener files, handout templates and practice folders; list every
    problem as file:line:col  path: message."""
    from .validate import validate_paths

    checked = validate_paths(paths)
    typer.echo(f"ok: {checked} file{'s' if checked != 1 else ''} checked, no problems")


@app.command()
def score(
    intake: Annotated[Path, typer.Argument(help="Intake file: .yaml, .yml, .json, .csv or a filled PDF form.")],
    format: Annotated[ScoreFormat, typer.Option("--format", help="table, json or csv.")] = ScoreFormat.table,
    practice: PracticeOpt = None,
) -> None:
    """Score an intake: scores, bands and safety flags (flags first)."""
    from .api import read_intakes, score_intake
    from .catalog import Catalog
    from .score_output import print_table, to_csv, to_json

    catalog = Catalog(practice)
    results = [score_intake(i, catalog=catalog) for i in read_intakes(intake, catalog=catalog)]
    if format is ScoreFormat.json:
        typer.echo(to_json(results))
    elif format is ScoreFormat.csv:
        typer.echo(to_csv(results), nl=False)
    else:
        print_table(results, _console())


@app.command()
def handout(
    intake: Annotated[Path, typer.Argument(help="Intake file: .yaml, .yml, .json, .csv or a filled PDF form.")],
    out: Annotated[Path, typer.Option("-o", "--out", help="The PDF to write, e.g. handout.pdf.")],
    practice: PracticeOpt = None,
    handout_id: Annotated[str, typer.Option("--handout", help="Handout template id.")] = "numbness",
    client: Annotated[Optional[str], typer.Option(
        "--client", metavar="ID", help="Which client, when the file holds several (CSV).")] = None,
    large_print: Annotated[bool, typer.Option("--large-print", help="18 pt body text.")] = False,
) -> None:
    """Write a client handout whose sections fit this client's results."""
    from .handout_pipeline import write_handout

    doc = write_handout(intake, out, practice_dir=practice, handout_id=handout_id,
                        client_id=client, large_print=large_print)
    urgent = any(s.safety for s in doc.sections[:1]) and doc.has_crisis_block
    typer.echo(f"wrote {out} ({len(doc.sections)} sections"
               + ("; crisis help is on page 1" if urgent else "") + ")")


# --help lists commands in this order: the clinician's day first, then set-up and checks
app.command("report")(report_command)
app.command("form")(form_command)
app.command("batch")(batch_command)
app.add_typer(practice_app, name="practice")
app.add_typer(mapping_app, name="mapping")
app.command("schema")(schema_command)
app.command("lint")(lint_command)
app.command("preview")(preview_command)
app.command("verify")(verify_command)


@app.command()
def version() -> None:
    """Print the toolkit version."""
    from . import __version__
    typer.echo(__version__)


def main() -> None:
    """Entry point: map problems to exit 1 and bugs to exit 3, without client data."""
    import signal

    from .errors import ProblemList

    def _terminate(signum, frame):  # noqa: ANN001 - a kill stops like Ctrl-C: temporary files removed
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, _terminate)
    try:
        app()
    except ProblemList as exc:
        for problem in exc.problems:
            typer.echo(str(problem), err=True)
        n = len(exc.problems)
        typer.echo(f"{n} problem{'s' if n != 1 else ''} found.", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        typer.echo("Interrupted.", err=True)
        sys.exit(130)
    except Exception as exc:  # a bug: say where, never what (messages may hold client data)
        frames = traceback.extract_tb(exc.__traceback__)
        where = ", ".join(f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in frames[-4:])
        typer.echo(f"toolkit: internal error ({type(exc).__name__} at {where}). This is a bug; "
                   "please report it with the command you ran. No client data is shown here.",
                   err=True)
        sys.exit(3)
