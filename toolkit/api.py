"""The Python API: each step is one call.

>>> from toolkit import load_screener, read_intakes, score_intake
>>> phq9 = load_screener("phq9")
>>> [intake] = read_intakes("examples/intakes/ana.yaml")
>>> result = score_intake(intake)
"""

from __future__ import annotations

from pathlib import Path

from .catalog import Catalog
from .intake import Intake
from .intake import read_intakes as _read_intakes
from .results import IntakeResult
from .scoring import score
from .screener_loader import load_screener_file
from .screener_model import Screener


def load_screener(id_or_path: str | Path, *, practice: str | Path | None = None) -> Screener:
    """A screener by id (practice folder first, then built-in) or from a .yaml path."""
    text = str(id_or_path)
    if text.endswith((".yaml", ".yml")) or "/" in text or "\\" in text:
        return load_screener_file(id_or_path)
    return Catalog(practice).get(text)


def read_intakes(path: str | Path, *, practice: str | Path | None = None,
                 catalog: Catalog | None = None) -> list[Intake]:
    """Every intake in a .yaml/.json file (one) or a .csv file (one per row)."""
    return _read_intakes(path, catalog or Catalog(practice))


def score_intake(intake: Intake, *, practice: str | Path | None = None,
                 catalog: Catalog | None = None) -> IntakeResult:
    """Score every screener answered in an intake, in the intake's order."""
    catalog = catalog or Catalog(practice)
    results = tuple(score(catalog.get(sid), answers) for sid, answers in intake.answers.items())
    return IntakeResult(intake.client.id, intake.date.isoformat(), results)
