"""Which handouts fit a client's results, and why: each handout's ``suggest:``
entries (``when`` a condition holds, ``because`` a reason for the clinician)
checked against one intake result.  Pure: no I/O.

* every handout on the search path takes part (a practice's own too), in the
  order given (the catalogue's: practice first, then built-in, by id), except that
  a handout suggested because of an urgent flag (a ``flag`` condition at level
  urgent, such as the safety plan's) comes first, as the flag does in every output;
* a handout is suggested once, with every reason whose condition holds, in the
  order its template lists them;
* conditions read the results as a handout's sections do (qualified references,
  ``flag``, ``screened``, ``country`` of the practice);
* a reason is the template's text, never client data.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import partial

from ..content.conditions import Check, Condition, compile_condition, walk
from ..content.handout_model import Handout
from ..content.screener_model import Screener
from ..documents.report import SuggestedHandout
from ..scoring.results import IntakeResult
from .handout import HandoutCtx, band_rank

_CHECKS: dict[int, tuple[Handout, list[Check]]] = {}


def _checks(handout: Handout, screeners: Mapping[str, Screener]) -> list[Check]:
    cached = _CHECKS.get(id(handout))
    if cached is not None and cached[0] is handout:
        return cached[1]
    rank = partial(band_rank, screeners)
    checks = [compile_condition(s.when, rank) for s in handout.suggest]
    _CHECKS[id(handout)] = (handout, checks)
    return checks


def suggest_handouts(handouts: Iterable[Handout], result: IntakeResult, screeners: Mapping[str, Screener],
                     country: str = "") -> tuple[SuggestedHandout, ...]:
    """The handouts whose ``suggest:`` conditions this result meets, each with its reasons."""
    ctx = HandoutCtx(result, screeners, country)
    found = []
    for handout in handouts:
        fired = [s for s, check in zip(handout.suggest, _checks(handout, screeners), strict=True) if check(ctx)]
        reasons = tuple(dict.fromkeys(s.because.strip() for s in fired))
        if reasons:
            urgent = any(_asks_for_an_urgent_flag(s.when) for s in fired)
            found.append((not urgent, SuggestedHandout(handout.id, handout.title, reasons)))
    return tuple(s for _, s in sorted(found, key=lambda pair: pair[0]))  # stable: catalogue order within


def _asks_for_an_urgent_flag(cond: Condition) -> bool:
    return any(kind == "flag" and leaf.level == "urgent" and not any(p == "not" for p in path)
               for kind, leaf, path in walk(cond))
