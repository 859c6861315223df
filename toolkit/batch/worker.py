"""One client's documents in a batch: made and written by a worker.

A :class:`Worker` (in the batch's own process, or one per pool process) loads
the practice, the screeners and the handout template once; each
:meth:`Worker.run_job` then scores, plans, renders and writes one client's
handout and clinician summary.  Files are written atomically (mode 0600), so a
killed run leaves complete documents or none.  A worker never prints: what went
wrong comes back as plain problems without client data.
"""

from __future__ import annotations

import signal
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.errors import Problem, ProblemList
from ..intake.model import Intake

if TYPE_CHECKING:
    from ..content.handout_model import Handout

KINDS = ("handout", "report")


@dataclass(frozen=True)
class ClientJob:
    """Everything needed to make one client's documents (the last intake is current)."""

    row: int
    intakes: tuple[Intake, ...]
    files: tuple[tuple[str, Path], ...]  # (kind, path) for each document to make
    urgent: bool = False  # any of the client's rows raised an urgent flag
    rows: tuple[int, ...] = ()  # the spreadsheet row of each intake (same order)


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
    practice: Path | None
    handout_id: str
    input_name: str


class Worker:
    """What every client of a run shares, loaded once: the practice, the screeners,
    the handout template and every handout that may be suggested (fonts register on
    first render)."""

    def __init__(self, setup: WorkerSetup):
        from ..content.catalog import Catalog, ScreenerMap
        from ..pipelines.handout import load_template
        from ..practice.loader import load_practice

        self.setup = setup
        self.practice = load_practice(setup.practice)
        self.catalog = Catalog(setup.practice)
        self.handout = load_template(setup.practice, self.catalog, setup.handout_id)
        self.screeners = ScreenerMap(self.catalog)
        self._handouts: list[Handout] | None = None

    @property
    def handouts(self) -> list[Handout]:
        """Every handout that may be suggested, loaded on first use: after the practice's
        files were checked (so their own messages come first), before any row is read."""
        if self._handouts is None:
            from ..content.handout_loader import HandoutCatalog

            self._handouts = HandoutCatalog(self.setup.practice, self.catalog).all()
        return self._handouts

    def make_documents(self, job: ClientJob) -> tuple[dict[str, bytes], dict[str, float]]:
        """The PDF bytes of each document kind the job asks for (no files written)."""
        from ..pipelines.handout import render_handout
        from ..pipelines.report import build_report, render_report
        from ..planning.handout import plan, plan_inputs
        from ..scoring.intakes import score_intake

        kinds = {k for k, _ in job.files}
        out: dict[str, bytes] = {}
        seconds: dict[str, float] = {}
        if "handout" in kinds:
            t = time.perf_counter()
            current = job.intakes[-1]
            inputs = plan_inputs(self.practice, current.client.name or "", current.client.preferred_name or "")
            doc = plan(self.handout, score_intake(current, self.screeners), self.screeners, inputs)
            out["handout"] = render_handout(doc, large_print=self.practice.model.large_print)
            seconds["handout"] = time.perf_counter() - t
        if "report" in kinds:
            t = time.perf_counter()
            report = build_report(list(job.intakes), catalog=self.catalog, context=self.practice,
                                  handouts=self.handouts)
            out["report"] = render_report(report)
            seconds["report"] = time.perf_counter() - t
        return out, seconds

    def run_job(self, job: ClientJob) -> JobOutcome:
        """Make and write one client's documents; never raises for the client's own data."""
        from ..core.atomic_write import write_atomic

        t0 = time.perf_counter()
        name = self.setup.input_name
        try:
            docs, seconds = self.make_documents(job)
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


# In a pool's worker process only: the one Worker of that process.
_process_worker: Worker | None = None


def init_process(setup: WorkerSetup) -> None:
    """A pool process's initializer: load once.  Ctrl-C or a kill reaches the whole
    process group: a worker finishes the document in hand (so files are complete)
    and the parent, which stops on either signal, hands out no new ones."""
    global _process_worker
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    _process_worker = Worker(setup)


def run_in_process(job: ClientJob) -> JobOutcome:
    """A pool task: the job, made by this process's Worker."""
    assert _process_worker is not None, "init_process was not run in this process"
    return _process_worker.run_job(job)


def _where(p: Problem) -> str:
    """Where a rendering problem came from, without client data (a field, not its value)."""
    if p.file == "<client>":
        return p.path
    if p.file.endswith("practice.yaml") or p.file == "<built-in practice>":
        return f"practice.yaml {p.path}".strip()
    return p.path
