"""JSON Schemas of the files people edit, generated from the pydantic models.

``toolkit schema --out DIR`` writes them; ``toolkit practice init`` puts them in
the practice's ``schemas/`` folder, and the files it writes point at them (a
``# yaml-language-server: $schema=...`` first line), so an editor with YAML
support autocompletes field names and checks values as they are typed.

The schemas describe the shape of a file; the toolkit checks more (cross
references, score bands, paths, contrast), so ``toolkit validate`` and
``toolkit lint`` remain the final word.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter

DIALECT = "https://json-schema.org/draft/2020-12/schema"
FILES = {
    "screener": "screener.schema.json",
    "handout": "handout.schema.json",
    "practice": "practice.schema.json",
}


def schema_for(kind: str) -> dict[str, Any]:
    """The JSON Schema (a dict) of a ``screener``, ``handout`` or ``practice`` file."""
    if kind == "screener":
        from ..content.screener_model import Screener

        body = Screener.model_json_schema(mode="validation", by_alias=True)
        title, what = "Screener definition", "A screener file (screeners/<id>.yaml)."
    elif kind == "handout":
        from ..content.handout_model import HandoutFile, HandoutOverlay

        adapter: TypeAdapter[Any] = TypeAdapter(HandoutFile | HandoutOverlay)
        body = adapter.json_schema(mode="validation", by_alias=True)
        title = "Handout template"
        what = ("A handout file (handouts/<id>.yaml): a whole handout, or with "
                "'extends:' changes to another one.")
    elif kind == "practice":
        from .model import Practice

        body = Practice.model_json_schema(mode="validation", by_alias=True)
        title, what = "Practice settings", "A practice folder's practice.yaml."
    else:
        raise ValueError(f"unknown schema kind: {kind!r}")
    body.pop("title", None)
    body.pop("description", None)
    return {"$schema": DIALECT, "title": title, "description": what, **body}


def schema_bytes(kind: str) -> bytes:
    """The schema as stable, readable JSON bytes (sorted keys, two-space indent)."""
    return (json.dumps(schema_for(kind), indent=2, sort_keys=True, ensure_ascii=False)
            + "\n").encode("utf-8")


def write_schemas(out: Path, *, force: bool = False) -> list[Path]:
    """Write the three schemas into ``out`` (created if needed); return the paths written.
    Schema files already there are replaced only with ``force`` (each one is named)."""
    from ..core.atomic_write import write_atomic
    from ..core.errors import Problem, ProblemList, problem
    from ..core.output_check import FORCE_HINT, existing_files, not_a_regular_file

    out = Path(out)
    if out.exists() and not out.is_dir():
        raise problem(str(out), "is a file; give a folder for the schemas")
    there = existing_files([out / name for name in FILES.values()])
    special = [Problem(str(p), 0, 0, "", why) for p in there if (why := not_a_regular_file(p))]
    if special:  # a device or FIFO in the way is never replaced, not even with --force
        raise ProblemList(special)
    if there and not force:
        raise ProblemList([Problem(str(p), 0, 0, "", FORCE_HINT) for p in there])
    try:
        out.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        raise problem(str(out), f"cannot create this folder "
                                f"({exc.strerror})") from None
    written = []
    for kind, name in FILES.items():
        path = out / name
        write_atomic(path, schema_bytes(kind))
        written.append(path)
    return written


__all__ = ["schema_for", "schema_bytes", "write_schemas", "FILES"]
