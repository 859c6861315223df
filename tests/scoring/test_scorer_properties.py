"""Property-based test of scoring (hypothesis, 2,000 examples).

Scoring of ARBITRARY screeners (random items, 0..k scales, sum / mean / percent,
reversed items, max_missing / min_answered with and without prorating, bands that
cover the range) and answers (with missing items) equals an independent reference
written here from the published rules (docs/screener-format.md), not from
toolkit/scoring/scorer.py.

That every critical answer is flagged and reaches every output is a safety property
across stages: tests/safety/test_critical_flags_properties.py.
"""

from __future__ import annotations

import math
from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolkit.content.screener_model import Screener
from toolkit.scoring.scorer import score

EXAMPLES = settings(max_examples=2000, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.filter_too_much])


@st.composite
def screeners_and_answers(draw):
    scales: dict[str, list[dict]] = {}
    for i in range(draw(st.integers(1, 3))):
        lo = draw(st.sampled_from([0, 0, 1]))
        k = draw(st.integers(1, 4))
        scales[f"s{i}"] = [{"value": v, "label": f"Scale {i} option {v}"} for v in range(lo, lo + k + 1)]
    n_items = draw(st.integers(1, 10))
    items = [{"id": f"q{j}", "text": f"Question {j}", "scale": draw(st.sampled_from(sorted(scales))),
              "reverse": draw(st.booleans())} for j in range(1, n_items + 1)]
    item_ids = [it["id"] for it in items]
    scores = []
    for j in range(draw(st.integers(1, 3))):
        members = draw(st.lists(st.sampled_from(item_ids), min_size=1, max_size=n_items, unique=True))
        method = draw(st.sampled_from(["sum", "mean", "percent"]))
        n = len(members)
        rule = draw(st.sampled_from(["none", "max_missing", "min_answered"]))
        missing: dict = {}
        if rule == "max_missing":
            missing["max_missing"] = draw(st.integers(0, n))
        elif rule == "min_answered":
            missing["min_answered"] = draw(st.integers(1, n))
        if method == "sum" and draw(st.booleans()):
            missing["prorate"] = True
        spec = {"id": f"score{j}", "label": f"Score {j}", "items": members, "method": method}
        if missing or draw(st.booleans()):
            spec["missing"] = missing
        if draw(st.integers(0, 4)):  # usually banded
            spec["bands_citation"] = "made up for a property test"
            spec["bands"] = draw(_bands(_range(scales, items, members, method), method))
        scores.append(spec)
    data = {
        "id": "prop", "version": "1", "title": "Property screener", "kind": "checklist",
        "citation": "none", "licence": {"status": "original", "text": "test"},
        "timeframe": "now", "instructions": "answer", "scales": scales, "items": items, "scores": scores,
    }
    answers = {}
    for it in items:
        values = [o["value"] for o in scales[it["scale"]]]
        choice = draw(st.one_of(st.just("absent"), st.just("none"), st.sampled_from(values)))
        if choice == "none":
            answers[it["id"]] = None
        elif choice != "absent":
            answers[it["id"]] = choice
    return data, answers


def _range(scales, items, members, method) -> tuple[Fraction, Fraction]:
    by_id = {it["id"]: it for it in items}
    lows = [min(o["value"] for o in scales[by_id[m]["scale"]]) for m in members]
    highs = [max(o["value"] for o in scales[by_id[m]["scale"]]) for m in members]
    if method == "sum":
        return Fraction(sum(lows)), Fraction(sum(highs))
    if method == "mean":
        return Fraction(min(lows)), Fraction(max(highs))
    return Fraction(0), Fraction(100)


@st.composite
def _bands(draw, bounds, method):
    """Bands in order covering [lo, hi]: whole-number bands for sums (written with
    max, or with below), half-step cut points written with below for fractional scores."""
    lo, hi = bounds
    if method == "sum":
        candidates = list(range(int(lo) + 1, int(hi) + 1))
    else:
        candidates = [lo + Fraction(k, 2) for k in range(1, int((hi - lo) * 2) + 1)]
    cuts = sorted(draw(st.lists(st.sampled_from(candidates), unique=True, max_size=4))) if candidates else []
    edges = [lo, *cuts]
    bands = []
    for i, start in enumerate(edges):
        band = {"id": f"b{i}", "label": f"Band {i}", "min": _num(start)}
        if i + 1 < len(edges):
            end = edges[i + 1]
            if method == "sum" and draw(st.booleans()):
                band["max"] = _num(end - 1)
            else:
                band["below"] = _num(end)
        else:
            band["max"] = _num(hi)
        bands.append(band)
    return bands


def _num(x: Fraction):
    return int(x) if x.denominator == 1 else float(x)


def reference_score(data: dict, answers: dict, spec: dict):
    """The published rules, written independently: (value as Fraction or None,
    band id or None, answered, prorated)."""
    scales = {sid: [o["value"] for o in opts] for sid, opts in data["scales"].items()}
    items = {it["id"]: it for it in data["items"]}
    counted = []
    for ref in spec["items"]:
        a = answers.get(ref)
        if a is None:
            continue
        values = scales[items[ref]["scale"]]
        counted.append(min(values) + max(values) - a if items[ref]["reverse"] else a)
    n, answered = len(spec["items"]), len(counted)
    missing = n - answered
    rule = spec.get("missing", {})
    if "max_missing" in rule:
        allowed = rule["max_missing"]
    elif "min_answered" in rule:
        allowed = n - rule["min_answered"]
    else:
        allowed = 0
    if answered == 0 or missing > allowed:
        return None, None, answered, False
    total = sum(counted)
    if spec["method"] == "sum":
        if missing and rule.get("prorate"):
            value = Fraction(math.floor(Fraction(total * n, answered) + Fraction(1, 2)))  # halves up
            prorated = True
        else:
            value, prorated = Fraction(total), False
    else:
        value = Fraction(total, answered)
        if spec["method"] == "percent":
            every = [v for ref in spec["items"] for v in scales[items[ref]["scale"]]]
            lo, hi = min(every), max(every)
            value = (value - lo) / (hi - lo) * 100 if hi > lo else Fraction(0)
        prorated = missing > 0
    band = None
    for b in spec.get("bands", []):
        top_ok = value < Fraction(b["below"]) if "below" in b else value <= Fraction(b["max"])
        if Fraction(b["min"]) <= value and top_ok:
            band = b["id"]
            break
    return value, band, answered, prorated


@EXAMPLES
@given(screeners_and_answers())
def test_scoring_matches_independent_reference(case):
    data, answers = case
    screener = Screener.model_validate(data)
    result = score(screener, answers)
    assert [s.id for s in result.scores] == [s["id"] for s in data["scores"]]
    for got, spec in zip(result.scores, data["scores"], strict=True):
        value, band, answered, prorated = reference_score(data, answers, spec)
        assert got.answered == answered and got.expected == len(spec["items"])
        assert got.complete == (value is not None)
        if value is None:
            assert got.value is None and got.band is None
            continue
        if spec["method"] == "sum":
            assert got.value == value and isinstance(got.value, int)
        else:  # shown to 2 decimals
            assert abs(Fraction(got.value) - value) <= Fraction(51, 10000), (got.value, value)
        assert (got.band.id if got.band else None) == band
        assert got.prorated == prorated
    expected_missing = [it["id"] for it in data["items"] if answers.get(it["id"]) is None]
    assert list(result.missing) == expected_missing
