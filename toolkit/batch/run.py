"""A whole clinic day at once: every client's handout and clinician summary from
one export, a summary CSV, an error CSV and a run record.

The export is read twice, row by row, so memory stays flat however long it is:
the first pass only notes which rows belong to which client (a client may have
earlier dated rows: their history), the second hands each client's intakes to
the workers as soon as the client's last row has been read.  A bad row never
stops the others: it goes to ``errors.csv``.  A client with an urgent flag whose
documents cannot be made is named (by row) at the end, loudly.

The Python API is :func:`run_batch` for the whole job, and
:func:`toolkit.batch.jobs.iter_documents` (one client's documents at a time)
for deployments that spread clients over their own scheduler (see README).
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import time
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

from ..content.catalog import Catalog, ScreenerMap
from ..content.defaults import DEFAULT_HANDOUT
from ..core.csv_stream import open_binary
from ..core.errors import Problem, ProblemList, problem
from ..core.output_check import check_output_file, not_a_regular_file
from ..exports.rows import ExportMapping, RowError, has_no_answers, iter_export, load_mapping
from ..planning.suggestions import suggest_handouts
from ..scoring.intakes import score_intake
from .files import (
    ERROR_HEADER,
    RUN_FILES,
    CsvFile,
    earlier_run_files,
    error_cells,
    fingerprint,
    remove_stale_temp_files,
    summary_cells,
    summary_header,
    write_record,
)
from .folder_lock import LOCK_FILE, locked_folder
from .jobs import iter_client_jobs, latest_urgent_row
from .names import DEFAULT_PATTERN, FileNames, parse_pattern
from .practice_digest import practice_digest
from .resume_state import ResumeState, check_state_file
from .totals import TOTALS_FILE, TOTALS_HEADER, TotalsCheck, compare, find_columns, parse_checks
from .worker import ClientJob, JobOutcome, Worker, WorkerSetup, init_process, run_in_process

URGENT_UNREAD = ("URGENT: an answer on this row, as far as it can be read, raises an urgent safety flag; "
                 "open the export at this row and tell the clinician today")


@dataclass
class BatchOptions:
    input: Path
    out: Path
    practice: Path | None = None
    mapping: Path | None = None
    workers: int = 1
    handouts: bool = True
    reports: bool = True
    resume: bool = False
    pattern: str = DEFAULT_PATTERN
    allow_names: bool = False
    handout_id: str = DEFAULT_HANDOUT
    force: bool = False  # replace an earlier run's record in ``out`` (never an input)
    check_totals: tuple[str, ...] = ()  # SCREENER[.SCORE]=COLUMN: compare the export's own totals


class BatchInterrupted(KeyboardInterrupt):
    """A run stopped by Ctrl-C or a kill after ``done`` of ``total`` clients (``total``
    is 0 when the export was still being counted).  What is complete is recorded, so
    ``resume=True`` makes only the rest."""

    def __init__(self, done: int, total: int):
        super().__init__(done, total)
        self.done, self.total = done, total

    def __str__(self) -> str:
        of = f" of {self.total}" if self.total else ""
        return f"stopped after {self.done}{of} clients; run again with --resume"


@dataclass
class BatchResult:
    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    urgent_not_made: list[int] = field(default_factory=list)  # rows: unreadable, or documents failed
    skipped_rows: list[int] = field(default_factory=list)  # rows with no answers at all: nothing to score
    totals: list[TotalsCheck] = field(default_factory=list)  # --check-totals: what each check found
    record: dict[str, Any] = field(default_factory=dict)

    @property
    def failed(self) -> bool:
        return bool(self.counts["rows_failed"] or self.counts["clients_failed"] or self.urgent_not_made)


def _rows(opts: BatchOptions, mapping: ExportMapping | None, catalog: Catalog):
    return lambda: iter_export(opts.input, catalog, mapping=mapping)


def run_batch(opts: BatchOptions, *, progress: Callable[[str, int], None] = lambda what, n: None) -> BatchResult:
    """The whole ``toolkit batch`` job.  ``progress("total", n)`` once the clients are
    counted, then ``progress("advance", 1)`` per client finished.  The output folder
    is locked for the run (:mod:`toolkit.batch.folder_lock`)."""
    with ExitStack() as held:
        return _run_batch(opts, progress, held)


def _run_batch(opts: BatchOptions, progress: Callable[[str, int], None], held: ExitStack) -> BatchResult:
    t_start = time.perf_counter()
    started = dt.datetime.now(dt.timezone.utc)
    pattern = parse_pattern(opts.pattern, allow_names=opts.allow_names)
    if not (opts.handouts or opts.reports):
        raise problem("toolkit batch", "nothing to make: both handouts and reports are off")
    catalog = Catalog(opts.practice)
    mapping = load_mapping(opts.mapping, catalog) if opts.mapping is not None else None
    checks = parse_checks(opts.check_totals, catalog)  # before any work: a bad option writes nothing
    header_rows = find_columns(checks, opts.input, mapping.format if mapping else None) if checks else 0
    setup = WorkerSetup(opts.practice, opts.handout_id, str(opts.input))
    worker = Worker(setup)  # in this process too: checks the practice and template before any row is read
    practice = practice_digest(worker.practice)  # before the folder is touched: a bad practice file writes nothing
    suggestable = worker.handouts  # every handout that may be suggested, checked before the folder is touched
    open_binary(opts.input, str(opts.input)).close()  # a missing export or a pipe: refused before --out is made
    out = _prepare_out(opts, held)
    workers = max(1, opts.workers)
    rows = _rows(opts, mapping, catalog)
    screeners = ScreenerMap(catalog)
    kinds = [k for k, on in (("handout", opts.handouts), ("report", opts.reports)) if on]
    settings = {"toolkit": _version(), "kinds": kinds, "handout": opts.handout_id, "pattern": opts.pattern,
                "practice": practice}
    # what is complete is always recorded, so --resume after any run makes only the rest
    state = ResumeState.load(out) if opts.resume else ResumeState.fresh_state(out)
    result = BatchResult(totals=checks)
    c = result.counts
    errors = CsvFile(out / "errors.csv", ERROR_HEADER)
    totals = CsvFile(out / TOTALS_FILE, TOTALS_HEADER) if checks else None
    summary: CsvFile | None = None
    names = FileNames(out, pattern, tuple(kinds))
    client_ids: dict[int, str] = {}  # row -> client id, for errors.csv (the clinician's file)
    urgent_rows: dict[int, int] = {}  # a client's latest row -> the latest of their rows with an urgent flag

    def on_error(e: RowError) -> None:
        if has_no_answers(e):  # skipped, not an error; listed in run.json
            c["rows_skipped_no_answers"] += 1
            result.skipped_rows.append(e.row)
            return
        c["rows_failed"] += 1
        for p in e.problems:
            errors.write(error_cells(p, e.client_id))
        if e.urgent:  # the answers that could be read raise an urgent flag: never silent
            c["urgent_rows_unreadable"] += 1
            result.urgent_not_made.append(e.row)
            errors.write(error_cells(Problem(str(opts.input), e.row, 0, "", URGENT_UNREAD), e.client_id))

    timings = {"index": 0.0}
    t_index = time.perf_counter()

    def on_indexed(clients: int, rows_ok: int) -> None:
        if not rows_ok and not c["rows_failed"]:  # refused like score and handout do; nothing written
            raise problem(str(opts.input), "no client rows: the file has a header "
                                           "but no answers", line=1, col=1)
        timings["index"] = time.perf_counter() - t_index
        c["clients"], c["rows_ok"] = clients, rows_ok
        progress("total", clients)

    score_columns: list[tuple[str, str]] = []
    used: set[str] = set()  # the screeners the export's rows carry: summary.csv has columns for these only
    render: dict[str, list[float]] = defaultdict(list)

    def finished(outcome: JobOutcome) -> None:
        c["clients_done"] += 1
        for kind in outcome.written:
            c[f"{kind}s_written"] += 1
        for kind, s in outcome.render_seconds.items():
            render[kind].append(s)
        if not outcome.ok:
            c["clients_failed"] += 1
            for p in outcome.problems:
                errors.write(error_cells(p, client_ids.get(outcome.row)))
            if outcome.urgent:  # the row that raised the flag (an earlier one, or the latest)
                result.urgent_not_made.append(urgent_rows.get(outcome.row, outcome.row))
        else:
            state.record(jobs_fp[outcome.row][0], jobs_fp[outcome.row][1])
        progress("advance", 1)

    jobs_fp: dict[int, tuple[str, str]] = {}
    pool = (ProcessPoolExecutor(max_workers=workers, initializer=init_process, initargs=(setup,))
            if workers > 1 else None)
    in_flight: set[Future] = set()
    old_term = signal.signal(signal.SIGTERM, _term_as_interrupt)
    try:
        for job in iter_client_jobs(rows, names.files_for, on_error, on_indexed, used):
            current = job.intakes[-1]
            res = score_intake(current, screeners)
            if summary is None:
                score_columns = _score_columns(catalog, used)
                summary = CsvFile(out / "summary.csv", summary_header(score_columns))
            urgent_at = latest_urgent_row(job, res, screeners)  # any row of the client, not only the latest
            for row, intake in zip(job.rows, job.intakes, strict=False) if checks else ():
                scored = res if row == job.row else score_intake(intake, screeners)
                for check in checks:
                    check.note(row, scored)
            c["urgent_clients"] += urgent_at is not None
            if urgent_at is not None:
                urgent_rows[job.row] = urgent_at.row
            job = ClientJob(job.row, job.intakes, job.files, urgent_at is not None, job.rows)
            suggested = suggest_handouts(suggestable, res, screeners, worker.practice.model.country)
            summary.write(summary_cells(res, job.row, len(job.intakes) - 1, score_columns,
                                        {k: p.name for k, p in job.files}, urgent_at, suggested))
            client_ids[job.row] = current.client.id
            fp = fingerprint(list(job.intakes), settings)
            key = job.files[0][1].name
            jobs_fp[job.row] = (key, fp)
            if opts.resume and state.is_current(key, fp, [p for _, p in job.files]):
                c["clients_skipped_current"] += 1
                progress("advance", 1)
                continue
            if pool is None:
                finished(worker.run_job(job))
                continue
            in_flight.add(pool.submit(run_in_process, job))
            if len(in_flight) >= workers * 4:  # a bounded queue: memory stays flat
                done, in_flight = wait(in_flight, return_when=FIRST_COMPLETED)
                for f in done:
                    finished(f.result())
        for f in in_flight:
            finished(f.result())
        in_flight = set()
        if summary is None:
            summary = CsvFile(out / "summary.csv", summary_header([]))
        if totals is not None:
            compare(checks, opts.input, header_rows, totals)
            totals.close()
        elif opts.force and not opts.resume:  # the earlier run's record is replaced: no stale check
            (out / TOTALS_FILE).unlink(missing_ok=True)
        summary.close()
        errors.close()
    except BaseException as exc:
        for f in in_flight:
            f.cancel()
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)  # documents in hand are finished
            pool = None
            for f in in_flight:  # and noted, so --resume does not make them again
                if f.done() and not f.cancelled() and f.exception() is None:
                    outcome = f.result()
                    c["clients_done"] += 1
                    if outcome.ok:
                        try:
                            state.record(*jobs_fp[outcome.row])
                        except ProblemList:  # the state cannot be written (disk full): --resume remakes it
                            pass
        errors.discard()
        if summary is not None:
            summary.discard()
        if totals is not None:
            totals.discard()
        if isinstance(exc, KeyboardInterrupt) and not isinstance(exc, BatchInterrupted):
            raise BatchInterrupted(c["clients_done"] + c["clients_skipped_current"], c["clients"]) from None
        raise
    finally:
        signal.signal(signal.SIGTERM, old_term)
        if pool is not None:
            pool.shutdown(wait=True)
    if names.changed:  # two clients (or kinds) came to one name: said, never silent
        c["file_names_changed"] = names.changed
    total = time.perf_counter() - t_start
    result.record = _record(opts, started, total, timings, render, c, result, catalog, workers)
    write_record(out, result.record)
    return result


def _prepare_out(opts: BatchOptions, held: ExitStack) -> Path:
    """The output folder, checked before any work: never an input as one of its run
    files, never a folder another run is writing to (it is locked for this run, in
    ``held``, before anything in it is looked at or cleaned up), and never an earlier
    run's folder unless ``resume`` (continue it) or ``force`` (replace its record)."""
    out = opts.out
    if out.exists() and not out.is_dir():
        raise problem(str(out), "is a file; --out must be a folder")
    inputs = [opts.input, opts.mapping, opts.practice]
    if out.is_dir():
        check_state_file(out)  # its own message first: what the file is for, and what to do
    for name in (*RUN_FILES, LOCK_FILE):  # only the inputs here: an earlier run is judged as a whole below
        if name == LOCK_FILE and not_a_regular_file(out / name):
            continue  # refused by locked_folder below, saying what the file is for
        check_output_file(out / name, inputs=inputs, force=True)
    try:
        out.mkdir(mode=0o700, parents=True, exist_ok=True)  # a missing parent is made too
    except OSError as exc:
        raise problem(str(out), f"cannot create the folder ({exc.strerror})") from None
    held.enter_context(locked_folder(out))
    earlier = earlier_run_files(out)
    if earlier and not (opts.resume or opts.force):
        shown = ", ".join(earlier[:3]) + (f" and {len(earlier) - 3} more" if len(earlier) > 3 else "")
        raise problem(str(out), f"holds an earlier run ({shown}); use --force to replace it, --resume "
                                "to continue it, or give a new folder")
    remove_stale_temp_files(out)
    return out


def _term_as_interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def _score_columns(catalog: Catalog, used: set[str]) -> list[tuple[str, str]]:
    """Every score of each screener the export uses (through its mapping or its
    header), in the catalog's order."""
    cols = []
    for sid in catalog.ids():
        if sid not in used:
            continue
        try:
            cols += [(sid, s.id) for s in catalog.get(sid).scores]
        except ProblemList:
            continue
    return cols


def _version() -> str:
    from .. import __version__  # the package root: nothing else of the toolkit is imported

    return __version__


def _record(opts: BatchOptions, started: dt.datetime, total: float, timings: dict, render: dict,
            counts: dict, result: BatchResult, catalog: Catalog, workers: int) -> dict[str, Any]:
    screeners = {}
    for sid in catalog.ids():
        try:
            screeners[sid] = catalog.get(sid).version
        except ProblemList:
            screeners[sid] = "invalid"
    per_kind = {k: round(sum(v) / len(v) * 1000, 1) for k, v in render.items() if v}
    return {
        "toolkit": _version(),
        "started": started.isoformat(timespec="seconds"),
        "input": os.path.basename(str(opts.input)),
        "workers": workers,
        "documents": [k for k, on in (("handout", opts.handouts), ("report", opts.reports)) if on],
        "handout_template": opts.handout_id,
        "resume": opts.resume,
        "counts": dict(sorted(counts.items())),
        "urgent_rows_without_documents": result.urgent_not_made,
        "rows_skipped_no_answers": result.skipped_rows,
        "totals_check": [{"screener": t.screener, "score": t.score, "column": t.column,
                          "rows_checked": t.checked, "rows_differ": t.differ} for t in result.totals],
        "timings": {"total_s": round(total, 3), "index_s": round(timings["index"], 3),
                    "mean_render_ms": per_kind},
        "screeners": screeners,
    }
