"""The client jobs of an export, and the Python API that makes one client's
documents at a time (for deployments that spread clients over their own
scheduler; see README, "Spreading a clinic's work")."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..content.catalog import ScreenerMap
from ..content.defaults import DEFAULT_HANDOUT
from ..core.errors import ProblemList, problem
from ..exports.rows import ExportRows, RowError, RowOk, iter_export, load_mapping
from ..intake.model import Intake
from ..scoring.intakes import score_intake
from ..scoring.results import IntakeResult
from .files import UrgentRow, urgent_row
from .worker import KINDS, ClientJob, Worker, WorkerSetup


def iter_client_jobs(rows: Callable[[], Iterator[RowOk | RowError]], files_for: Callable[[Intake, int], tuple],
                     on_error: Callable[[RowError], None] = lambda e: None,
                     on_indexed: Callable[[int, int], None] = lambda clients, rows: None,
                     screeners: set[str] | None = None) -> Iterator[ClientJob]:
    """Each client's job, in the order their last row is read.  ``rows`` is called
    twice (two streaming passes); bad rows go to ``on_error`` during the first.
    ``screeners``, when given, receives the id of every screener the readable rows
    carry (filled by the first pass, before the first job).

    Both passes must read the same bytes: when ``rows()`` gives an :class:`ExportRows`,
    a file changed before the second pass is refused before any job, and one changed
    during it raises :class:`ProblemList` after its last job (a client indexed by
    the first pass and never completed by the second would otherwise be lost)."""
    rows_of: dict[str, list[int]] = defaultdict(list)
    first = rows()
    for entry in first:
        if isinstance(entry, RowError):
            on_error(entry)
        else:
            rows_of[entry.intake.client.id].append(entry.row)
            if screeners is not None:
                screeners.update(entry.intake.answers)
    on_indexed(len(rows_of), sum(len(r) for r in rows_of.values()))
    pending: dict[str, list[tuple[int, Intake]]] = {}
    if isinstance(first, ExportRows) and not first.digest.unchanged(first.path):
        raise _changed(first)
    second = rows()
    for entry in second:
        if isinstance(entry, RowError):
            continue
        cid = entry.intake.client.id
        expected = rows_of.get(cid)
        if not expected:
            raise _changed(first)  # a row the first pass did not see
        got = pending.setdefault(cid, [])
        got.append((entry.row, entry.intake))
        if len(got) < len(expected):
            continue
        del pending[cid]
        got.sort(key=lambda ri: ri[1].sort_key)  # date, then wave
        row, current = got[-1]
        yield ClientJob(row, tuple(i for _, i in got), files_for(current, row), rows=tuple(r for r, _ in got))
    if pending or (isinstance(first, ExportRows) and isinstance(second, ExportRows)
                   and first.digest.hexdigest() != second.digest.hexdigest()):
        raise _changed(first)


def _changed(rows: Iterator[RowOk | RowError]) -> ProblemList:
    name = str(getattr(rows, "path", "the export"))
    return problem(name, "the file changed while the batch was reading it (it is read twice); "
                         "wait until it is completely saved, then run the batch again", line=1, col=1)


def latest_urgent_row(job: ClientJob, current: IntakeResult, screeners: ScreenerMap) -> UrgentRow | None:
    """The latest of a client's rows that raised an urgent flag (``current`` is the
    scored latest row), or None: a weekly study's item 9 answer of an earlier week
    makes the client urgent even when the latest week's answer is 0."""
    found = urgent_row(current, job.row)
    if found is not None:
        return found
    for row, intake in reversed(list(zip(job.rows, job.intakes[:-1], strict=False))):
        found = urgent_row(score_intake(intake, screeners), row)
        if found is not None:
            return found
    return None


@dataclass(frozen=True)
class ClientDocuments:
    """One client's documents, as :func:`iter_documents` yields them."""

    row: int
    client_id: str
    result: IntakeResult
    documents: dict[str, bytes]  # kind ("handout", "report") -> PDF bytes
    urgent_at: UrgentRow | None = None  # the latest of the client's rows with an urgent flag

    @property
    def urgent(self) -> bool:
        """Any of the client's rows (not only the latest) raised an urgent flag."""
        return self.urgent_at is not None or any(f.level == "urgent" for _, f in self.result.flags)


def iter_documents(input: Path | str, *, practice: Path | str | None = None, mapping: Path | str | None = None,
                   kinds: tuple[str, ...] = KINDS, handout_id: str = DEFAULT_HANDOUT,
                   errors: Callable[[RowError], None] = lambda e: None) -> Iterator[ClientDocuments]:
    """Each client's documents, one client at a time, in this process; nothing is
    written.  Bad rows go to ``errors``; a client whose documents cannot be made
    raises :class:`ProblemList` (check ``urgent`` on what you have made so far).
    Two calls share nothing: each loads its own practice, screeners and template."""
    practice = Path(practice) if practice is not None else None
    worker = Worker(WorkerSetup(practice, handout_id, str(input)))
    catalog = worker.catalog
    loaded = load_mapping(mapping, catalog) if mapping is not None else None

    def rows() -> ExportRows:
        return iter_export(input, catalog, mapping=loaded)

    for job in iter_client_jobs(rows, lambda intake, row: tuple((k, Path(k)) for k in kinds), errors):
        docs, _ = worker.make_documents(job)
        current = job.intakes[-1]
        res = score_intake(current, worker.screeners)
        yield ClientDocuments(job.row, current.client.id, res, docs, latest_urgent_row(job, res, worker.screeners))
