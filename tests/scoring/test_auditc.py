"""The AUDIT-C against an independent reference written here from the published rules:
3 questions scored 0-4, total 0-12; positive at 4 or more for men and 3 or more for women
(Bradley 2007; the VA/DoD rule; LOINC 75626-2); without a sex, or with one those cut-offs
do not cover, the lower cut-off (3); "Never" to question 1 skips questions 2 and 3, which
count 0 (WHO AUDIT manual, interview version)."""

from __future__ import annotations

import itertools

import pytest

from toolkit import load_screener, score

SEXES = [None, "female", "male", "other", "not-given"]


def ref_cut_off(sex: str | None) -> int:
    return 4 if sex == "male" else 3


def ref_words(sex: str | None) -> str:
    if sex == "female":
        return "cut-off 3 for women"
    if sex == "male":
        return "cut-off 4 for men"
    if sex == "other":
        return "cut-off 3, used when the published cut-offs do not cover the client's sex"
    return "cut-off 3, used when sex is not given"


@pytest.mark.parametrize("sex", SEXES)
def test_every_answer_pattern_and_sex(sex):
    """All 5**3 = 125 complete answer patterns, and every pattern with questions 2-3
    left blank, for each sex: value, band and the cut-off named."""
    auditc = load_screener("auditc")
    patterns = [dict(zip(("q1", "q2", "q3"), p, strict=True)) for p in itertools.product(range(5), repeat=3)]
    patterns += [{"q1": q1} for q1 in range(5)]
    for answers in patterns:
        s = score(auditc, answers, sex=sex).score("total")
        if len(answers) == 3:
            total = sum(answers.values())
        elif answers["q1"] == 0:  # a non-drinker: questions 2 and 3 are skipped and count 0
            total = 0
        else:  # a drinker who left questions 2 and 3 blank: not scored
            total = None
        where = f"answers {answers}, sex {sex}"
        assert s.value == total, where
        assert s.complete == (total is not None), where
        expected_band = None if total is None else ("positive" if total >= ref_cut_off(sex) else "negative")
        assert (s.band.id if s.band else None) == expected_band, where
        assert s.cut_off == ref_words(sex), where
        assert s.band_text == ("" if total is None else f"{s.band.label} ({ref_words(sex)})"), where


def test_never_skips_questions_2_and_3_but_not_a_blank_question_1():
    auditc = load_screener("auditc")
    never = score(auditc, {"q1": 0})
    assert never.missing == () and never.score("total").skipped == (("q2", 0), ("q3", 0))
    blank = score(auditc, {})
    assert blank.missing == ("q1", "q2", "q3") and blank.score("total").value is None
