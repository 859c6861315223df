"""The client jobs of an export, and the Python API that makes one client's
documents at a time (for deployments that spread clients over their own
scheduler; see README, "Spreading a clinic's work")."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .batch_worker import ClientJob, WorkerSetup, init_worker, make_documents
from .catalog import Catalog
from .export_rows import RowError, RowOk, iter_export, load_mapping
from .intake import Intake
from .results import IntakeResult


def iter_client_jobs(rows: Callable[[], Iterator[RowOk | RowError]], files_for: Callable[[Intake, int], tuple],
                     on_error: Callable[[RowError], None] = lambda e: None,
                     on_indexed: Callable[[int, int], None] = lambda clients, rows: None) -> Iterator[ClientJob]:
    """Each client's job, in the order their last row is read.  ``rows`` is called
    twice (two streaming passes); bad rows go to ``on_error`` during the first."""
    rows_of: dict[str, list[int]] = defaultdict(list)
    for entry in rows():
        if isinstance(entry, RowError):
            on_error(entry)
        else:
            rows_of[entry.intake.client.id].append(entry.row)
    on_indexed(len(rows_of), sum(len(r) for r in rows_of.values()))
    pending: dict[str, list[tuple[int, Intake]]] = {}
    for entry in rows():
        if isinstance(entry, RowError):
            continue
        cid = entry.intake.client.id
        expected = rows_of.get(cid)
        if not expected:
            continue  # the file changed between the passes: the row was not indexed
        got = pending.setdefault(cid, [])
        got.append((entry.row, entry.intake))
        if len(got) < len(expected):
            continue
        del pending[cid]
        got.sort(key=lambda ri: ri[1].date)
        row, current = got[-1]
        yield ClientJob(row, tuple(i for _, i in got), files_for(current, row))


@dataclass(frozen=True)
class ClientDocuments:
    """One client's documents, as :func:`iter_documents` yields them."""

    row: int
    client_id: str
    result: IntakeResult
    documents: dict[str, bytes]  # kind ("handout", "report") -> PDF bytes

    @property
    def urgent(self) -> bool:
        return any(f.level == "urgent" for _, f in self.result.flags)


def iter_documents(input: Path | str, *, practice: Path | str | None = None, mapping: Path | str | None = None,
                   kinds: tuple[str, ...] = ("handout", "report"), handout_id: str = "numbness",
                   errors: Callable[[RowError], None] = lambda e: None) -> Iterator[ClientDocuments]:
    """Each client's documents, one client at a time, in this process; nothing is
    written.  Bad rows go to ``errors``; a client whose documents cannot be made
    raises :class:`ProblemList` (check ``urgent`` on what you have made so far)."""
    from .api import score_intake

    practice_dir = Path(practice) if practice is not None else None
    catalog = Catalog(practice_dir)
    init_worker(WorkerSetup(practice_dir, handout_id, str(input), in_process=True))
    loaded = load_mapping(mapping, catalog) if mapping is not None else None
    rows = lambda: iter_export(input, catalog, mapping=loaded)  # noqa: E731
    for job in iter_client_jobs(rows, lambda intake, row: tuple((k, Path(k)) for k in kinds), errors):
        docs, _ = make_documents(job)
        current = job.intakes[-1]
        yield ClientDocuments(job.row, current.client.id, score_intake(current, catalog=catalog), docs)
