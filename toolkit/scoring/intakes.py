"""Scoring whole intakes: every screener answered, in the intake's order.  Pure.

:func:`raises_urgent_flag` answers the safety question for answers that never
became an intake (a broken spreadsheet row): would what can be read raise an
urgent flag?  Readers keep those answers; a stage that may score asks here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..content.screener_model import Screener
from ..core.errors import ProblemList
from ..intake.answers import normalise
from ..intake.model import Intake
from .results import IntakeResult
from .scorer import score


def score_intake(intake: Intake, screeners: Mapping[str, Screener]) -> IntakeResult:
    """Score every screener answered in an intake, in the intake's order."""
    results = tuple(score(screeners[sid], answers, not_asked=_not_asked(intake, sid),
                          changed=intake.changed.get(sid),
                          earlier=[version.get(sid, {}) for version in intake.earlier],
                          sex=intake.client.sex)
                    for sid, answers in intake.answers.items())
    return IntakeResult(intake.client.id, intake.date.isoformat(), results)


def _not_asked(intake: Intake, sid: str) -> frozenset[str]:
    prefix = sid + "."
    return frozenset(ref[len(prefix):] for ref in intake.not_asked if ref.startswith(prefix))


def raises_urgent_flag(answers: Mapping[str, Any], screeners: Mapping[str, Screener]) -> bool:
    """Would the readable answers of a broken row (screener -> item -> raw answer)
    raise an urgent flag?  Each screener is scored with its unreadable answers
    left out; unknown or broken screeners are passed over."""
    for sid, items in answers.items():
        if sid not in screeners or not isinstance(items, dict):
            continue
        try:
            screener = screeners[sid]
        except ProblemList:
            continue
        values, found = normalise(screener, {k: v for k, v in items.items() if v is not None})
        bad = {item for item, _ in found}
        result = score(screener, {k: v for k, v in values.items() if k not in bad})
        if any(f.level == "urgent" for f in result.flags):
            return True
    return False
