"""Screening and handout toolkit for emotional numbness ("I want to cry but I can't").

Python API (each one call)::

    from toolkit import load_screener, read_intakes, score_intake, score

Names are imported lazily so that ``toolkit --help`` stays fast.
"""

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

_LAZY = {
    "load_screener": "api", "read_intakes": "api", "score_intake": "api",
    "Catalog": "catalog", "Problem": "errors", "ProblemList": "errors",
    "score": "scoring",
}

__all__ = ["__version__", *_LAZY]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module 'toolkit' has no attribute {name!r}")
