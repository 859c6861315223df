"""Intake files written by hand or by another program: ``.yaml``, ``.yml`` or ``.json``
(one intake per file, at most 1 MiB), read safely with every value's location kept."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from ..content.catalog import Catalog
from ..core.errors import ProblemList
from ..core.yaml_reader import read_yaml_file
from .model import Intake
from .validation import intake_from_mapping

MAX_INTAKE_BYTES = 1024 * 1024
SUFFIXES = (".yaml", ".yml", ".json")


def read_yaml_intake(path: str | Path, catalog: Catalog) -> Intake:
    """The one intake of a YAML or JSON file; ProblemList if anything is wrong."""
    try:
        doc = read_yaml_file(path, max_bytes=MAX_INTAKE_BYTES, client_data=True)
    except ProblemList as exc:
        if Path(path).suffix.lower() != ".json":
            raise
        raise ProblemList([replace(p, message=p.message.replace("YAML syntax error", "JSON syntax error"))
                           for p in exc.problems]) from None
    return intake_from_mapping(doc.data, doc.source, catalog)
