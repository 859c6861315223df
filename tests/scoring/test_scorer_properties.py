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


# Strategies drawn from inside the composite strategies below, made once: building a
# strategy object per draw (a sampled_from of a fresh list, a one_of, a nested composite)
# cost hypothesis more than the test itself.  A choice among a list built at draw time is
# drawn as an index into it: the same values, with the same weights.
SCALE_LOW = st.sampled_from((0, 0, 1))
METHOD = st.sampled_from(("sum", "mean", "percent"))
MISSING_RULE = st.sampled_from(("none", "max_missing", "min_answered"))
ANSWER_KIND = st.sampled_from(("absent", "none", "value"))
BOOL = st.booleans()
_INTEGERS: dict[tuple[int, int], st.SearchStrategy[int]] = {}


def _ints(lo: int, hi: int) -> st.SearchStrategy[int]:
    """``st.integers(lo, hi)``, made once per range."""
    found = _INTEGERS.get((lo, hi))
    if found is None:
        found = _INTEGERS[lo, hi] = st.integers(lo, hi)
    return found


def _index(n: int) -> st.SearchStrategy[int]:
    return _ints(0, n - 1)


_SUBSETS: dict[tuple[int, int, int], st.SearchStrategy[list[int]]] = {}


def _subset(n: int, min_size: int, max_size: int) -> st.SearchStrategy[list[int]]:
    """Distinct indices into a list of ``n`` (a unique ``st.lists`` of ``_index(n)``), made once per shape."""
    found = _SUBSETS.get((n, min_size, max_size))
    if found is None:
        found = _SUBSETS[n, min_size, max_size] = st.lists(_index(n), min_size=min_size, max_size=max_size,
                                                            unique=True)
    return found


@st.composite
def screeners_and_answers(draw):
    scales: dict[str, list[dict]] = {}
    for i in range(draw(_ints(1, 3))):
        lo = draw(SCALE_LOW)
        k = draw(_ints(1, 4))
        scales[f"s{i}"] = [{"value": v, "label": f"Scale {i} option {v}"} for v in range(lo, lo + k + 1)]
    scale_ids = sorted(scales)
    n_items = draw(_ints(1, 10))
    items = [{"id": f"q{j}", "text": f"Question {j}", "scale": scale_ids[draw(_index(len(scale_ids)))],
              "reverse": draw(BOOL)} for j in range(1, n_items + 1)]
    item_ids = [it["id"] for it in items]
    scores = []
    for j in range(draw(_ints(1, 3))):
        picked = draw(_subset(n_items, 1, n_items))
        members = [item_ids[k] for k in picked]
        method = draw(METHOD)
        n = len(members)
        rule = draw(MISSING_RULE)
        missing: dict = {}
        if rule == "max_missing":
            missing["max_missing"] = draw(_ints(0, n))
        elif rule == "min_answered":
            missing["min_answered"] = draw(_ints(1, n))
        if method == "sum" and draw(BOOL):
            missing["prorate"] = True
        spec = {"id": f"score{j}", "label": f"Score {j}", "items": members, "method": method}
        if missing or draw(BOOL):
            spec["missing"] = missing
        if draw(_ints(0, 4)):  # usually banded
            spec["bands_citation"] = "made up for a property test"
            spec["bands"] = _bands(draw, _range(scales, items, members, method), method)
        scores.append(spec)
    data = {
        "id": "prop", "version": "1", "title": "Property screener", "kind": "checklist",
        "citation": "none", "licence": {"status": "original", "text": "test"},
        "timeframe": "now", "instructions": "answer", "scales": scales, "items": items, "scores": scores,
    }
    answers = {}
    for it in items:
        values = [o["value"] for o in scales[it["scale"]]]
        kind = draw(ANSWER_KIND)
        if kind == "none":
            answers[it["id"]] = None
        elif kind == "value":
            answers[it["id"]] = values[draw(_index(len(values)))]
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


def _bands(draw, bounds, method):
    """Bands in order covering [lo, hi]: whole-number bands for sums (written with
    max, or with below), half-step cut points written with below for fractional scores."""
    lo, hi = bounds
    if method == "sum":
        candidates = list(range(int(lo) + 1, int(hi) + 1))
    else:
        candidates = [lo + Fraction(k, 2) for k in range(1, int((hi - lo) * 2) + 1)]
    picked = draw(_subset(len(candidates), 0, 4)) if candidates else []
    cuts = sorted(candidates[k] for k in picked)
    edges = [lo, *cuts]
    bands = []
    for i, start in enumerate(edges):
        band = {"id": f"b{i}", "label": f"Band {i}", "min": _num(start)}
        if i + 1 < len(edges):
            end = edges[i + 1]
            if method == "sum" and draw(BOOL):
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
