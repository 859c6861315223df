"""The trauma screeners (PC-PTSD-5, PCL-5), scored against independent references
written here from the published rules, not from the toolkit's tables:

* PC-PTSD-5 (Prins et al. 2016; National Center for PTSD): "If a respondent denies
  exposure, the PC-PTSD-5 is complete with a score of 0"; otherwise the count of
  "yes" answers to questions 1-5; positive at 3 or more.  No published rule for
  unanswered questions, so an unanswered one after "yes" leaves the total unscored.
* PCL-5 (Weathers et al. 2013; NCPTSD): 20 items 0-4, total 0-80, clusters B 1-5,
  C 6-7, D 8-14, E 15-20; provisional cut-off range 31-33, drawn here at 31; no
  published rule for unanswered items, so none is prorated.
"""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit import load_screener, score
from toolkit.intake.answers import normalise

PCPTSD5_ITEMS = ["q1", "q2", "q3", "q4", "q5"]


def ref_pcptsd5(exposure, answers: dict) -> tuple:
    """(value, band, missing items, review flag) by the published rule; questions 1-5
    answered 1 ("Yes") or 0 ("No")."""
    given = [answers.get(i) for i in PCPTSD5_ITEMS]
    if exposure == "no":  # "If no, screen total = 0. Please stop here."
        contradiction = any(a == 1 for a in given)
        return 0, "negative", (), contradiction
    shown = exposure == "yes"  # questions 1-5 are asked after "yes" only
    missing = ("exposure",) if exposure is None else ()
    missing += tuple(i for i, a in zip(PCPTSD5_ITEMS, given, strict=True) if a is None and shown)
    if any(a is None for a in given):
        return None, None, missing, False
    total = sum(a == 1 for a in given)
    return total, "positive" if total >= 3 else "negative", missing, False


def test_pcptsd5_every_answer_pattern():
    """Exposure yes / no / unanswered, times each of the five questions yes / no /
    unanswered: 3 ** 6 = 729 patterns, which include all 2 ** 5 complete ones."""
    screener = load_screener("pcptsd5")
    checked = 0
    # option values: exposure "yes" / "no"; questions 1-5 are scored, "Yes" = 1 and "No" = 0
    for exposure, *rest in itertools.product(("yes", "no", None), *[(1, 0, None)] * 5):
        answers = dict(zip(PCPTSD5_ITEMS, rest, strict=True))
        given = {k: v for k, v in {"exposure": exposure, **answers}.items() if v is not None}
        result = score(screener, given)
        total = result.score("total")
        value, band, missing, contradiction = ref_pcptsd5(exposure, answers)
        got = (total.value, total.band.id if total.band else None, total.complete, result.missing,
               [(f.id, f.level) for f in result.flags])
        want = (value, band, value is not None, missing,
                [("answers-after-no-exposure", "review")] if contradiction else [])
        assert got == want, f"answers {given}: scorer gave {got}, the published rule gives {want}"
        assert not any(f.level == "urgent" for f in result.flags)  # no PC-PTSD-5 item is a safety item
        checked += 1
    assert checked == 729


def test_pcptsd5_complete_patterns_count_yes_answers():
    """All 2 ** 5 complete patterns after "yes": the total is the number of "yes" answers."""
    screener = load_screener("pcptsd5")
    for pattern in itertools.product((0, 1), repeat=5):
        labels = {"exposure": "Yes", **{q: ("Yes" if v else "No") for q, v in zip(PCPTSD5_ITEMS, pattern, strict=True)}}
        answers, problems = normalise(screener, labels)
        assert problems == []
        total = score(screener, answers).score("total")
        assert total.value == sum(pattern)
        assert total.band is not None and total.band.id == ("positive" if sum(pattern) >= 3 else "negative")


def test_pcptsd5_no_exposure_is_complete_zero_by_the_stop_rule():
    screener = load_screener("pcptsd5")
    total = score(screener, {"exposure": "no"}).score("total")
    assert (total.value, total.band.id, total.complete, total.stopped) == (0, "negative", True, True)
    assert total.to_dict()["stopped"] is True
    answered = score(screener, {"exposure": "yes", **dict.fromkeys(PCPTSD5_ITEMS, 0)}).score("total")
    assert not answered.stopped and "stopped" not in answered.to_dict()


# --------------------------------------------------------------------------- PCL-5

PCL5_ITEMS = [f"q{i}" for i in range(1, 21)]
CLUSTERS = {"intrusion": range(1, 6), "avoidance": range(6, 8), "cognition-mood": range(8, 15),
            "arousal": range(15, 21)}


def ref_pcl5(answers: dict) -> dict:
    """score id -> (value, band) by the published rule; None when an item is unanswered."""
    out = {}
    for sid, numbers in {"total": range(1, 21), **CLUSTERS}.items():
        values = [answers.get(f"q{n}") for n in numbers]
        value = None if any(v is None for v in values) else sum(values)
        band = None
        if sid == "total" and value is not None:
            band = "probable-ptsd" if value >= 31 else "below-cutoff"
        out[sid] = (value, band)
    return out


ANSWER = st.one_of(st.none(), st.integers(0, 4))
MOSTLY_ANSWERED = st.one_of(st.integers(0, 4), st.integers(0, 4), st.integers(0, 4), st.none())


@settings(max_examples=500, deadline=None)
@given(st.lists(ANSWER, min_size=20, max_size=20) | st.lists(MOSTLY_ANSWERED, min_size=20, max_size=20)
       | st.lists(st.integers(0, 4), min_size=20, max_size=20))
def test_pcl5_matches_the_published_rule(values):
    screener = load_screener("pcl5")
    answers = {q: v for q, v in zip(PCL5_ITEMS, values, strict=True) if v is not None}
    result = score(screener, answers)
    got = {s.id: (s.value, s.band.id if s.band else None) for s in result.scores}
    assert got == ref_pcl5(answers)
    assert result.flags == ()  # no PCL-5 item raises a flag
    assert result.missing == tuple(q for q in PCL5_ITEMS if q not in answers)
    assert not any(s.prorated for s in result.scores)


def test_pcl5_cut_off_edges():
    screener = load_screener("pcl5")
    for total, band in [(0, "below-cutoff"), (30, "below-cutoff"), (31, "probable-ptsd"),
                        (32, "probable-ptsd"), (33, "probable-ptsd"), (80, "probable-ptsd")]:
        answers = dict.fromkeys(PCL5_ITEMS, 0)
        left = total
        for q in PCL5_ITEMS:
            answers[q] = min(4, left)
            left -= answers[q]
        result = score(screener, answers).score("total")
        assert (result.value, result.band.id) == (total, band)
