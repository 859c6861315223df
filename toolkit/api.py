"""The toolkit's Python API: everything the ``toolkit`` command does, one call each.

Every function that needs a practice takes ``practice=`` (a practice folder, or
``None`` for the built-in default practice).  Functions return values and print
nothing; invalid input raises :class:`ProblemList`, whose ``problems`` each say
``file:line:col  path: message``.  Nothing here keeps state between calls.

>>> from toolkit.api import read_intakes, score_intake
>>> [intake] = read_intakes("examples/intakes/ana.yaml")
>>> result = score_intake(intake)
>>> [(r.screener, r.score("total").value) for r in result.results[:2]]
[('phq9', 10), ('gad7', 6)]
>>> [(screener, flag.level, flag.id) for screener, flag in result.flags]
[('numbness', 'review', 'months-and-interferes')]

See docs/api.md for a tour: screeners, intakes, scores, handouts, clinician
summaries, forms, exports and whole clinic days.

Heavy parts (ReportLab, the batch runner) are imported on first use, so
``import toolkit.api`` stays cheap.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .content.defaults import DEFAULT_HANDOUT, DEFAULT_MAX_GRADE, DEFAULT_MAX_VARIANTS

if TYPE_CHECKING:
    from .batch.jobs import ClientDocuments
    from .batch.run import BatchResult
    from .content.catalog import Catalog
    from .content.screener_model import Screener
    from .documents.handout import HandoutDoc
    from .documents.report import ReportDoc, SuggestedHandout
    from .exports.draft import Draft
    from .exports.mapping import ExportMapping
    from .exports.rows import ExportCheck, ExportRows, RowError
    from .intake.model import Intake
    from .pipelines.form import FormInfo
    from .quality.lint import LintReport
    from .quality.preview import HandoutPreview
    from .quality.verify import VerifyReport
    from .scoring.results import IntakeResult, ScreenerResult

Practice = str | Path | None
"""A practice folder (its practice.yaml, screeners/ and handouts/), or None for the built-in default."""

__all__ = [
    # screeners and handout templates
    "load_screener", "load_screeners", "validate",
    # intakes and scores
    "read_intakes", "score", "score_intake", "suggest_handouts",
    # documents: handout, clinician summary, form
    "build_handout", "render_handout", "write_handout",
    "build_report", "render_report", "write_report",
    "build_form", "write_form",
    # exports and clinic days
    "load_mapping", "iter_export", "check_export", "draft_mapping", "run_batch", "iter_documents",
    # quality and set-up
    "lint", "preview", "verify", "init_practice", "write_schemas",
    # the types these return
    "Catalog", "Screener", "Intake", "IntakeResult", "ScreenerResult", "HandoutDoc", "ReportDoc", "SuggestedHandout",
    "FormInfo", "ExportRows", "RowOk", "RowError", "BatchResult", "ClientDocuments", "Problem", "ProblemList",
    "DEFAULT_HANDOUT",
]

_TYPES = {
    "Catalog": "content.catalog", "Screener": "content.screener_model", "Intake": "intake.model",
    "IntakeResult": "scoring.results", "ScreenerResult": "scoring.results",
    "HandoutDoc": "documents.handout", "ReportDoc": "documents.report", "FormInfo": "pipelines.form",
    "SuggestedHandout": "documents.report",
    "ExportRows": "exports.rows", "RowOk": "intake.rows", "RowError": "intake.rows",
    "BatchResult": "batch.run", "ClientDocuments": "batch.jobs",
    "Problem": "core.errors", "ProblemList": "core.errors",
}

if TYPE_CHECKING:
    from .core.errors import Problem, ProblemList
    from .intake.rows import RowOk


def __getattr__(name: str) -> Any:
    """The types in ``__all__``, imported when first asked for."""
    if name in _TYPES:
        return getattr(import_module(f".{_TYPES[name]}", __package__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _catalog(practice: Practice, catalog: Catalog | None = None) -> Catalog:
    from .content.catalog import Catalog

    return catalog if catalog is not None else Catalog(practice)


# --------------------------------------------------------------------------- screeners

def load_screener(id_or_path: str | Path, *, practice: Practice = None) -> Screener:
    """A screener by id (the practice folder first, then the built-in set), or from
    a file: a :class:`~pathlib.Path`, or text ending in ``.yaml``/``.yml``; validated, or
    :class:`ProblemList`.  Any other text is an id (``../x`` is refused, never read)."""
    text = str(id_or_path)
    if isinstance(id_or_path, Path) or text.endswith((".yaml", ".yml")):
        from .content.screener_loader import load_screener_file

        return load_screener_file(id_or_path)
    return _catalog(practice).get(text)


def load_screeners(ids: Sequence[str] | None = None, *, practice: Practice = None) -> list[Screener]:
    """The screeners by id in the order given (default: every screener on the
    search path); every problem of every file together."""
    catalog = _catalog(practice)
    return catalog.get_many(ids) if ids is not None else catalog.all()


def validate(paths: Sequence[str | Path]) -> int:
    """Check screener files, handout templates, folders of them or practice folders
    (``toolkit validate``); how many files were checked, or :class:`ProblemList`."""
    from .quality.validate import validate_paths

    return validate_paths([Path(p) for p in paths])


# --------------------------------------------------------------------------- intakes and scores

def read_intakes(path: str | Path, *, practice: Practice = None, catalog: Catalog | None = None) -> list[Intake]:
    """Every intake of a ``.yaml``/``.json`` file (one), a ``.csv`` file (one per row)
    or a filled PDF form; answers normalised against their screeners."""
    from .intake.read import read_intakes as _read

    return _read(path, _catalog(practice, catalog))


def score(screener: Screener, answers: dict[str, Any], *, sex: str | None = None) -> ScreenerResult:
    """Score one screener's answers (item id -> option value).  Pure.  ``sex`` (the
    client's: female, male, other or not-given) selects sex-specific cut-offs; without
    it a score that has them uses its default, the lower cut-off, and says so."""
    from .scoring.scorer import score as _score

    return _score(screener, answers, sex=sex)


def score_intake(intake: Intake, *, practice: Practice = None, catalog: Catalog | None = None) -> IntakeResult:
    """Score every screener answered in an intake, in the intake's order."""
    from .content.catalog import ScreenerMap
    from .scoring.intakes import score_intake as _score_intake

    return _score_intake(intake, ScreenerMap(_catalog(practice, catalog)))


def suggest_handouts(results: Sequence[IntakeResult], *, practice: Practice = None,
                     catalog: Catalog | None = None) -> list[tuple[SuggestedHandout, ...]]:
    """For each scored intake, the handouts whose ``suggest:`` conditions it meets, each
    with the reasons its template gives (every handout on the search path takes part,
    a practice's own too; ``country`` conditions read the practice's country)."""
    from .content.catalog import ScreenerMap
    from .content.handout_loader import HandoutCatalog
    from .planning.suggestions import suggest_handouts as _suggest
    from .practice.loader import load_practice

    folder = _folder(practice)
    country = load_practice(folder).model.country
    catalog = _catalog(folder, catalog)
    handouts = HandoutCatalog(folder, catalog).all()
    screeners = ScreenerMap(catalog)
    return [_suggest(handouts, r, screeners, country) for r in results]


# --------------------------------------------------------------------------- client handouts

def build_handout(intake_path: str | Path, *, practice: Practice = None, handout_id: str = DEFAULT_HANDOUT,
                  client_id: str | None = None) -> HandoutDoc:
    """Load, check, score and plan one client's handout (nothing rendered):
    which sections, in which order, with the crisis lines where they belong."""
    from .pipelines.handout import build_handout as _build

    return _build(Path(intake_path), practice=_folder(practice), handout_id=handout_id, client_id=client_id)[0]


def render_handout(doc: HandoutDoc, *, large_print: bool = False, fillable: bool = False) -> bytes:
    """The PDF bytes of a planned handout (the same input gives the same bytes); with
    ``fillable``, each write-in space is an empty PDF text field (named after its section)."""
    from .pipelines.handout import render_handout as _render

    return _render(doc, large_print=large_print, fillable=fillable)


def write_handout(intake_path: str | Path, out: str | Path, *, practice: Practice = None,
                  handout_id: str = DEFAULT_HANDOUT, client_id: str | None = None,
                  large_print: bool = False, fillable: bool = False, force: bool = False) -> HandoutDoc:
    """``toolkit handout``: check everything, render, write ``out`` atomically (mode 0600).
    An existing ``out`` is replaced only with ``force``; an input never is.  With
    ``fillable``, write-in spaces are PDF text fields to type into."""
    from .pipelines.handout import write_handout as _write

    return _write(Path(intake_path), Path(out), practice=_folder(practice), handout_id=handout_id,
                  client_id=client_id, large_print=large_print, fillable=fillable, force=force)


# --------------------------------------------------------------------------- clinician summaries

def build_report(intake_paths: Sequence[str | Path], *, practice: Practice = None,
                 client_id: str | None = None) -> ReportDoc:
    """Plan one client's clinician summary from their intake files (the latest is
    current, earlier dates are history, ``suggested`` the handouts its results
    suggest); nothing rendered."""
    from .content.handout_loader import HandoutCatalog
    from .pipelines.common import read_all
    from .pipelines.report import build_report as _build
    from .practice.loader import load_practice

    paths = [Path(p) for p in intake_paths]
    folder = _folder(practice)
    context = load_practice(folder)
    catalog = _catalog(folder)
    source = str(paths[0]) if len(paths) == 1 else f"{len(paths)} intake files"
    return _build(read_all(paths, catalog), catalog=catalog, context=context, client_id=client_id, source=source,
                  handouts=HandoutCatalog(folder, catalog).all())


def render_report(doc: ReportDoc) -> bytes:
    """The PDF bytes of a planned clinician summary."""
    from .pipelines.report import render_report as _render

    return _render(doc)


def write_report(intake_paths: Sequence[str | Path], out: str | Path, *, practice: Practice = None,
                 client_id: str | None = None, force: bool = False) -> ReportDoc:
    """``toolkit report``: check everything, render, write ``out`` atomically (mode 0600).
    An existing ``out`` is replaced only with ``force``; an input never is."""
    from .pipelines.report import write_report as _write

    return _write([Path(p) for p in intake_paths], Path(out), practice=_folder(practice), client_id=client_id,
                  force=force)


# --------------------------------------------------------------------------- forms

def build_form(screener_ids: Sequence[str], *, practice: Practice = None, fillable: bool = False,
               clinician: bool = False) -> bytes:
    """The PDF bytes of a printable (or, with ``fillable``, fillable) checklist; with
    ``clinician``, a form for the clinician of screeners a clinician asks (the ASQ), which
    a client's form refuses."""
    from .pipelines.form import build_form as _build

    return _build(screener_ids, practice=practice, fillable=fillable, clinician=clinician)[0]


def write_form(screener_ids: Sequence[str], out: str | Path, *, practice: Practice = None,
               fillable: bool = False, clinician: bool = False, force: bool = False) -> FormInfo:
    """``toolkit form``: write the checklist atomically (mode 0600); a filled fillable
    form is read back by :func:`read_intakes`.  A form with an item about self-harm prints
    the practice's crisis lines on page 1 and next to that item.  An existing ``out`` is
    replaced only with ``force``."""
    from .pipelines.form import write_form as _write

    return _write(screener_ids, out, practice=practice, fillable=fillable, clinician=clinician,
                  force=force)


# --------------------------------------------------------------------------- exports and clinic days

def load_mapping(path: str | Path, *, practice: Practice = None) -> ExportMapping:
    """A mapping file (which export column holds what), checked against the screeners."""
    from .exports.mapping import load_mapping as _load

    return _load(path, _catalog(practice))


def iter_export(path: str | Path, *, practice: Practice = None,
                mapping: ExportMapping | str | Path | None = None) -> ExportRows:
    """Stream an export's rows (our CSV, or REDCap, Google Forms or Qualtrics with a
    mapping) as ``RowOk`` (an intake) or ``RowError`` (every problem of the row;
    ``urgent`` when what could be read raises an urgent flag).  Use it in a ``with``
    block, or read it to the end, to close the file."""
    from .exports.rows import iter_export as _iter

    return _iter(path, _catalog(practice), mapping=mapping)


def check_export(path: str | Path, *, practice: Practice = None,
                 mapping: ExportMapping | str | Path | None = None) -> ExportCheck:
    """``toolkit mapping check``: how many rows became intakes (``.rows``) and which
    rows had no mapped answer at all (``.rows_without_answers``; batch skips them), or
    :class:`ProblemList` with every problem of every row."""
    from .exports.rows import check_export as _check

    return _check(path, _catalog(practice), mapping=mapping)


def draft_mapping(path: str | Path, *, practice: Practice = None, out: str | Path | None = None,
                  force: bool = False, format: str | None = None, date: str | None = None,
                  dictionary: str | Path | None = None) -> Draft:
    """``toolkit mapping init``: a draft mapping file for an export (``.text``), with
    what was matched and why (``.reasons``), critical items left unmapped (``.warnings``,
    say them first) and what a person must fill in; written to ``out`` (mode 0600) when
    given, never over the export, never over an existing file unless ``force``.
    ``format`` forces one (``csv``: any CSV); ``date`` (YYYY-MM-DD) is the date of
    every row of an export without a date column; ``dictionary`` a REDCap data dictionary."""
    from .core.output_check import check_output_file
    from .exports.draft import draft_mapping as _draft
    from .exports.draft import write_draft

    inputs = [Path(path), _folder(practice)] + ([Path(dictionary)] if dictionary is not None else [])
    if out is not None:  # before the export is read: a refused run does no work
        check_output_file(Path(out), inputs=inputs, force=force)
    draft = _draft(path, _catalog(practice), fmt=format, date=date, dictionary=dictionary)
    if out is not None:
        write_draft(draft, Path(out), force=force, inputs=inputs)
    return draft


def run_batch(input: str | Path, out: str | Path, *, practice: Practice = None,
              mapping: str | Path | None = None, workers: int = 1, handouts: bool = True,
              reports: bool = True, resume: bool = False, names: str = "{client_id}-{kind}",
              allow_names: bool = False, handout_id: str = DEFAULT_HANDOUT,
              progress: Callable[[str, int], None] | None = None, force: bool = False,
              check_totals: Sequence[str] = ()) -> BatchResult:
    """``toolkit batch``: a handout and a clinician summary per client of an export,
    with ``summary.csv``, ``errors.csv`` and ``run.json`` in ``out``.  Check
    ``result.failed`` and ``result.urgent_not_made`` (rows with an urgent flag
    whose documents could not be made).  A folder holding an earlier run is
    refused unless ``resume`` (continue it: make only what is not complete) or
    ``force`` (replace its record).  A run stopped by Ctrl-C or a kill raises
    ``toolkit.batch.run.BatchInterrupted`` (a KeyboardInterrupt saying how many
    clients were done); what was complete is recorded for ``resume``.
    ``check_totals``: ``"SCREENER[.SCORE]=COLUMN"`` strings (``"phq9=PHQ9_total"``):
    rows whose export total differs from the toolkit's go to ``totals-check.csv``;
    ``result.totals`` has each check's ``checked`` and ``differ`` counts."""
    from .batch.run import BatchOptions
    from .batch.run import run_batch as _run

    opts = BatchOptions(Path(input), Path(out), _folder(practice), Path(mapping) if mapping else None, workers,
                        handouts, reports, resume, names, allow_names, handout_id, force, tuple(check_totals))
    return _run(opts, progress=progress) if progress is not None else _run(opts)


def iter_documents(input: str | Path, *, practice: Practice = None, mapping: str | Path | None = None,
                   kinds: tuple[str, ...] = ("handout", "report"), handout_id: str = DEFAULT_HANDOUT,
                   errors: Callable[[RowError], None] | None = None) -> Iterator[ClientDocuments]:
    """Each client's documents (PDF bytes), one client at a time, in this process;
    nothing written.  Rows that cannot be read go to ``errors`` as :class:`RowError`
    (check their ``urgent``); a client whose documents cannot be made raises
    :class:`ProblemList`."""
    from .batch.jobs import iter_documents as _iter

    return _iter(input, practice=practice, mapping=mapping, kinds=kinds, handout_id=handout_id,
                 errors=errors or (lambda e: None))


# --------------------------------------------------------------------------- quality and set-up

def lint(*, practice: Practice = None, max_grade: float = DEFAULT_MAX_GRADE) -> LintReport:
    """``toolkit lint``: validation, reading grade, reachability, placeholders,
    medication wording and sources of every handout; ``report.errors`` counts errors."""
    from .quality.lint import lint_report

    return lint_report(_folder(practice), max_grade)


def preview(out: str | Path, *, practice: Practice = None, handout_id: str | None = None,
            max_variants: int = DEFAULT_MAX_VARIANTS, force: bool = False) -> list[HandoutPreview]:
    """``toolkit preview``: render every distinct variant of each handout into ``out``.
    A folder that already holds previews (``index.md``, ``index.json``,
    ``<handout>-vNN.pdf``) is written into only with ``force``."""
    from .quality.preview import write_previews

    return write_previews(Path(out), practice=_folder(practice), handout_id=handout_id, max_variants=max_variants,
                          force=force)


def verify(*, practice: Practice = None) -> VerifyReport:
    """``toolkit verify``: re-run the reference cases of every shipped instrument
    (and the practice's own); ``report.ok`` is the verdict."""
    from .quality.verify import verify as _verify

    return _verify(_folder(practice))


def init_practice(folder: str | Path, country: str) -> list[Path]:
    """``toolkit practice init``: a new, commented practice folder; the files written."""
    from .practice.scaffold import init_practice as _init

    return _init(Path(folder), country)


def write_schemas(out: str | Path, *, force: bool = False) -> list[Path]:
    """JSON Schemas of screener, handout and practice files, for editors; existing
    schema files are replaced only with ``force``."""
    from .practice.schemas import write_schemas as _write

    return _write(Path(out), force=force)


def _folder(practice: Practice) -> Path | None:
    """The practice folder, refused when it does not exist (never the built-in one instead)."""
    from .content.catalog import check_practice_folder

    return check_practice_folder(practice) if practice is not None else None
