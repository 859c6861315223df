"""The one dispatcher: any intake file -> its intakes, by file type.

``.yaml``/``.yml``/``.json`` hold one intake, ``.csv`` one per row, ``.pdf`` a
filled form.  Every problem of the file is raised together as a ProblemList.
"""

from __future__ import annotations

from pathlib import Path

from ..content.catalog import Catalog
from ..core.errors import problem
from .csv_file import read_csv_intakes
from .model import Intake
from .yaml_file import SUFFIXES, read_yaml_intake


def read_intakes(path: str | Path, catalog: Catalog | None = None) -> list[Intake]:
    """Read an intake file (.yaml, .yml, .json, .csv or a filled .pdf form); raise
    ProblemList if anything is wrong."""
    catalog = catalog or Catalog()
    suffix = Path(path).suffix.lower()
    if suffix == ".csv":
        return read_csv_intakes(path, catalog)
    if suffix == ".pdf":
        from .form_reader import read_pdf_intakes  # pypdf only for filled forms

        return read_pdf_intakes(path, catalog)
    if suffix not in SUFFIXES:
        raise problem(str(path), "unknown intake file type; use .yaml, .yml, .json, .csv or .pdf")
    return [read_yaml_intake(path, catalog)]
