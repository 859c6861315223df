"""Screening and handout toolkit for emotional numbness ("I want to cry but I can't").

The Python API lives in :mod:`toolkit.api` (documented in docs/api.md); its
names are also available here, imported on first use so that ``toolkit --help``
stays fast::

    from toolkit import read_intakes, score_intake, write_handout
"""

from importlib import import_module
from typing import Any

__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    api = import_module(".api", __name__)
    if name in api.__all__:
        return getattr(api, name)
    raise AttributeError(f"module 'toolkit' has no attribute {name!r}")


def __dir__() -> list[str]:
    return ["__version__", *import_module(".api", __name__).__all__]
