"""Which handouts fit a client's results, and why: each handout's ``suggest:``
entries (``when`` a condition holds, ``because`` a reason for the clinician)
checked against one intake result.  Pure: no I/O.

* every handout on the search path takes part (a practice's own too), in the
  order given (the catalogue's: practice first, then built-in, by id);
* a handout is suggested once, with every reason whose condition holds, in the
  order its template lists them;
* conditions read the results as a handout's sections do (qualified references,
  ``flag``, ``screened``, ``country`` of the practice);
* a reason is the template's text, never client data.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import partial

from ..content.conditions import Check, compile_condition
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
        reasons = tuple(dict.fromkeys(s.because.strip() for s, check in
                                      zip(handout.suggest, _checks(handout, screeners), strict=True)
                                      if check(ctx)))
        if reasons:
            found.append(SuggestedHandout(handout.id, handout.title, reasons))
    return tuple(found)
