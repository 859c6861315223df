"""The ``toolkit`` command line: the app, its commands in the order a clinician
meets them, and :func:`main`, which maps what went wrong to an exit code.

Exit codes: 0 success; 1 invalid input or content (every problem listed);
2 usage; 3 internal error (a bug: a short message, never client data).

Each command module is light (typer only): what a command needs is imported
when it runs, so ``toolkit --help`` and ``toolkit score`` stay fast.
"""

from __future__ import annotations

import signal
import sys
import traceback
from pathlib import Path
from types import FrameType

import typer

from .batch import batch_command
from .content import lint_command, preview_command, validate_command
from .forms import form_command
from .mapping import mapping_app
from .practice import practice_app, schema_command
from .report import report_command
from .score import handout_command, score_command
from .screeners import screeners_app
from .verify import verify_command

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

# --help lists commands in this order: the clinician's day first, then set-up and checks
app.add_typer(screeners_app, name="screeners")
app.command("validate")(validate_command)
app.command("score")(score_command)
app.command("handout")(handout_command)
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
    from .. import __version__

    typer.echo(__version__)


def _terminate(signum: int, frame: FrameType | None) -> None:
    """A kill stops like Ctrl-C: temporary files are removed on the way out."""
    raise KeyboardInterrupt


def main() -> None:
    """Entry point: map problems to exit 1 and bugs to exit 3, without client data."""
    from ..core.errors import ProblemList

    signal.signal(signal.SIGTERM, _terminate)
    try:
        app()
    except ProblemList as exc:
        for line in exc.report():  # at most MAX_SHOWN, then "... and N more problems"
            typer.echo(line, err=True)
        n = exc.total
        typer.echo(f"{n} problem{'s' if n != 1 else ''} found.", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        typer.echo("Interrupted.", err=True)
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - a bug: say where, never what (messages may hold client data)
        frames = traceback.extract_tb(exc.__traceback__)
        where = ", ".join(f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in frames[-4:])
        typer.echo(f"toolkit: internal error ({type(exc).__name__} at {where}). This is a bug; "
                   "please report it with the command you ran. No client data is shown here.",
                   err=True)
        sys.exit(3)
