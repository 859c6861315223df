"""One client's documents in a batch: made and written by a worker.

A worker (a process, or the batch's own process with one worker) loads the
practice, the screeners and the handout template once in :func:`init_worker`;
each :func:`run_job` then scores, plans, renders and writes one client's
handout and clinician summary.  Files are written atomically (mode 0600), so a
killed run leaves complete documents or none.  A worker never prints: what went
wrong comes back as plain problems without client data.
"""

from __future__ import annotations

import signal
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

from .errors import Problem, ProblemList
from .intake import Intake

KINDS = ("handout", "report")


@dataclass(frozen=True)
class ClientJob:
    """Everything needed to make one client's documents (the last intake is current)."""

    row: int
    intakes: tuple[Intake, ...]
    files: tuple[tuple[str, Path], ...]  # (kind, path) for each document to make
    urgent: bool = False


@dataclass(frozen=True)
class JobOutcome:
    row: int
    urgent: bool
    written: tuple[str, ...] = ()
    problems: tuple[Problem, ...] = ()
    seconds: float = 0.0
    render_seconds: dict[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class WorkerSetup:
    practice_dir: Optional[Path]
    handout_id: str
    input_name: str
    in_process: bool = False


_state: dict[str, Any] = {}


def init_worker(setup: WorkerSetup) -> None:
    """Load what every client shares, once per worker (fonts register on first render)."""
    if not setup.in_process:
        # Ctrl-C or a kill reaches the whole process group: a worker finishes the
        # document in hand (so files are complete) and the parent, which stops on
        # either signal, hands out no new ones; a worker whose parent is gone exits.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
    from .catalog import Catalog
    from .handout_loader import HandoutCatalog
    from .handout_pipeline import ScreenerMap
    from .practice import load_practice

    practice = load_practice(setup.practice_dir)
    catalog = Catalog(setup.practice_dir)
    handout = HandoutCatalog(setup.practice_dir, catalog).get(setup.handout_id)
    _state.update(setup=setup, practice=practice, catalog=catalog, handout=handout,
                  screeners=ScreenerMap(catalog))


def make_documents(job: ClientJob) -> tuple[dict[str, bytes], dict[str, float]]:
    """The PDF bytes of each document kind the job asks for (no files written)."""
    from .api import score_intake
    from .handout_pipeline import plan_inputs
    from .planning import plan
    from .render_pdf import render_pdf

    practice, catalog = _state["practice"], _state["catalog"]
    kinds = {k for k, _ in job.files}
    out: dict[str, bytes] = {}
    seconds: dict[str, float] = {}
    if "handout" in kinds:
        t = time.perf_counter()
        current = job.intakes[-1]
        doc = plan(_state["handout"], score_intake(current, catalog=catalog), _state["screeners"],
                   plan_inputs(practice, current))
        out["handout"] = render_pdf(doc, large_print=practice.model.large_print)
        seconds["handout"] = time.perf_counter() - t
    if "report" in kinds:
        from .report_pipeline import build_report, render_report

        t = time.perf_counter()
        out["report"] = render_report(build_report(list(job.intakes), catalog=catalog, practice=practice))
        seconds["report"] = time.perf_counter() - t
    return out, seconds


def run_job(job: ClientJob) -> JobOutcome:
    """Make and write one client's documents; never raises for the client's own data."""
    from .atomic_write import write_atomic

    t0 = time.perf_counter()
    name = _state["setup"].input_name
    try:
        docs, seconds = make_documents(job)
        written = []
        for kind, path in job.files:
            write_atomic(path, docs[kind])
            written.append(kind)
    except ProblemList as exc:
        problems = tuple(Problem(name, job.row, 0, _where(p), p.message) for p in exc.problems)
        return JobOutcome(job.row, job.urgent, problems=problems, seconds=time.perf_counter() - t0)
    except Exception as exc:  # noqa: BLE001 - a bug: say what kind, never the data
        problem = Problem(name, job.row, 0, "", f"internal error ({type(exc).__name__}) while making "
                                                "the documents; this is a bug, please report it")
        return JobOutcome(job.row, job.urgent, problems=(problem,), seconds=time.perf_counter() - t0)
    return JobOutcome(job.row, job.urgent, tuple(written), seconds=time.perf_counter() - t0,
                      render_seconds=seconds)


def _where(p: Problem) -> str:
    """Where a rendering problem came from, without client data (a field, not its value)."""
    if p.file == "<client>":
        return p.path
    if p.file.endswith("practice.yaml") or p.file == "<built-in practice>":
        return f"practice.yaml {p.path}".strip()
    return p.path
