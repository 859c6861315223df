"""The validated instruments, scored against independent references written here
from the published rules (INSTRUMENTS.md), not from the toolkit's own tables."""

from __future__ import annotations

import itertools
import random
from fractions import Fraction

import pytest

from toolkit import load_screener, score
from toolkit.intake.answers import normalise

PHQ9_ITEMS = [f"q{i}" for i in range(1, 10)]


def ref_phq9_band(total: int) -> str:
    # Kroenke 2001: 0-4 minimal, 5-9 mild, 10-14 moderate, 15-19 moderately severe, 20-27 severe
    if total <= 4:
        return "minimal"
    if total <= 9:
        return "mild"
    if total <= 14:
        return "moderate"
    if total <= 19:
        return "moderately-severe"
    return "severe"


def ref_gad7_band(total: int) -> str:
    # Spitzer 2006: 0-4 minimal, 5-9 mild, 10-14 moderate, 15-21 severe
    return ("minimal" if total <= 4 else "mild" if total <= 9
            else "moderate" if total <= 14 else "severe")


def half_up(x) -> int:
    # "round(sum x 9 / answered)" as clinicians compute it: .5 goes up
    f = Fraction(x)
    return int(f + Fraction(1, 2)) if f >= 0 else -int(-f + Fraction(1, 2))


def _first_difference(patterns, got: list, expected: list) -> str:
    """The first pattern whose result differs from the reference, said precisely."""
    for pattern, g, e in zip(patterns, got, expected, strict=True):
        if g != e:
            return f"answers {pattern}: scorer gave {g}, the published rules give {e}"
    return ""


# (value, complete, prorated, band, urgent flags, missing items) of a complete PHQ-9, by
# total: the published cut-offs, tabulated once instead of worked out per pattern
PHQ9_BY_TOTAL = [(total, True, False, ref_phq9_band(total)) for total in range(28)]


@pytest.mark.parametrize("q1", range(4))
def test_phq9_every_answer_pattern(q1: int):
    """All 4**9 = 262,144 answer patterns of items 1-9 through the real scorer, a quarter
    per case (by the answer to item 1, so that pytest-xdist can spread them)."""
    phq9 = load_screener("phq9")
    patterns = [(q1, *rest) for rest in itertools.product(range(4), repeat=8)]
    got = []
    for pattern in patterns:
        result = score(phq9, dict(zip(PHQ9_ITEMS, pattern, strict=True)))
        total = result.score("total")
        got.append((total.value, total.complete, total.prorated, total.band.id,
                    tuple(f.id for f in result.flags if f.level == "urgent"), result.missing))
    # item 9 above 0 is the urgent self-harm flag; item 10 ("how difficult") is only
    # expected when some problem was checked
    expected = [(*PHQ9_BY_TOTAL[t], ("self-harm",) if pattern[8] > 0 else (), ("q10",) if t > 0 else ())
                for pattern, t in zip(patterns, map(sum, patterns), strict=True)]
    assert len(patterns) == 4 ** 8 and got == expected, _first_difference(patterns, got, expected)


def test_phq9_pattern_cases_cover_every_pattern():
    """The four cases above are the 262,144 patterns, each once."""
    quarters = [{(q1, *rest) for rest in itertools.product(range(4), repeat=8)} for q1 in range(4)]
    assert sum(map(len, quarters)) == len(set().union(*quarters)) == 262_144


def test_phq9_item9_flag_is_independent_of_total():
    phq9 = load_screener("phq9")
    result = score(phq9, {**dict.fromkeys(PHQ9_ITEMS, 0), "q9": 1})
    assert result.score("total").value == 1
    assert result.score("total").band.id == "minimal"
    assert [(f.id, f.level, f.item) for f in result.flags] == [("self-harm", "urgent", "q9")]


@pytest.mark.parametrize("missing", [1, 2])
def test_phq9_prorating_every_missing_pattern(missing):
    phq9 = load_screener("phq9")
    rng = random.Random(missing)
    for gone in itertools.combinations(PHQ9_ITEMS, missing):
        for _ in range(40):
            answers = {i: rng.randrange(4) for i in PHQ9_ITEMS if i not in gone}
            total = score(phq9, answers).score("total")
            answered = 9 - missing
            expected = half_up(Fraction(sum(answers.values()) * 9, answered))
            assert total.value == expected
            assert total.prorated and total.complete
            assert total.answered == answered and total.expected == 9
            assert total.band.id == ref_phq9_band(expected)


def test_phq9_prorating_rounds_halves_up():
    phq9 = load_screener("phq9")
    # 8 answered summing to 4: 4 x 9 / 8 = 4.5 -> 5 (Python's round() would give 4)
    answers = {"q1": 1, "q2": 1, "q3": 1, "q4": 1, "q5": 0, "q6": 0, "q7": 0, "q8": 0}
    total = score(phq9, answers).score("total")
    assert total.value == 5
    assert total.band.id == "mild"


def test_phq9_three_missing_is_not_scored_and_has_no_band():
    phq9 = load_screener("phq9")
    answers = dict.fromkeys(PHQ9_ITEMS[:6], 3)
    result = score(phq9, answers)
    total = result.score("total")
    assert total.value is None and total.band is None and not total.complete
    assert total.answered == 6
    # item 9 unanswered is itself a review flag
    assert [(f.id, f.level) for f in result.flags] == [("self-harm-unanswered", "review")]
    assert result.missing == ("q7", "q8", "q9", "q10")  # q10 is asked: problems were checked


def test_phq9_item10_is_not_scored():
    phq9 = load_screener("phq9")
    base = dict.fromkeys(PHQ9_ITEMS, 1)
    a = score(phq9, base).score("total").value
    b = score(phq9, {**base, "q10": 3}).score("total").value
    assert a == b == 9


def test_gad7_every_answer_pattern():
    gad7 = load_screener("gad7")
    items = [it.id for it in gad7.items if it.id != "q8"]
    assert len(items) == 7
    patterns = list(itertools.product(range(4), repeat=7))
    got = []
    for pattern in patterns:
        result = score(gad7, dict(zip(items, pattern, strict=True)))
        total = result.score("total")
        got.append((total.value, total.band.id, result.flags))
    by_total = [(total, ref_gad7_band(total), ()) for total in range(22)]
    expected = [by_total[t] for t in map(sum, patterns)]
    assert len(patterns) == 16_384 and got == expected, _first_difference(patterns, got, expected)


def test_gad7_is_not_prorated():
    gad7 = load_screener("gad7")
    total = score(gad7, {"q1": 3, "q2": 3, "q3": 3, "q4": 3, "q5": 3, "q6": 3}).score("total")
    assert total.value is None and total.band is None and not total.complete


@pytest.mark.parametrize("sid", ["phq2", "gad2"])
def test_two_item_screens_use_a_single_cutoff_of_three(sid):
    screener = load_screener(sid)
    items = [it.id for it in screener.items]
    assert len(items) == 2
    assert [b.id for b in screener.scores[0].bands] == ["negative", "positive"]
    for a, b in itertools.product(range(4), repeat=2):
        total = score(screener, dict(zip(items, (a, b), strict=True))).score("total")
        assert total.value == a + b
        assert total.band.id == ("positive" if a + b >= 3 else "negative")


def test_phq4_total_and_subscales():
    phq4 = load_screener("phq4")
    items = [it.id for it in phq4.items]
    assert len(items) == 4
    for pattern in itertools.product(range(4), repeat=4):
        result = score(phq4, dict(zip(items, pattern, strict=True)))
        total = sum(pattern)
        band = ("normal" if total <= 2 else "mild" if total <= 5
                else "moderate" if total <= 8 else "severe")
        assert result.score("total").value == total
        assert result.score("total").band.id == band
        anxiety, depression = pattern[0] + pattern[1], pattern[2] + pattern[3]
        assert result.score("anxiety").value == anxiety
        assert result.score("anxiety").band.id == ("positive" if anxiety >= 3 else "negative")
        assert result.score("depression").value == depression
        assert result.score("depression").band.id == ("positive" if depression >= 3 else "negative")


# --- Copenhagen Burnout Inventory -------------------------------------------------

CBI_POINTS = {"Always": 100, "Often": 75, "Sometimes": 50, "Seldom": 25, "Never/almost never": 0,
              "To a very high degree": 100, "To a high degree": 75, "Somewhat": 50,
              "To a low degree": 25, "To a very low degree": 0}


def ref_cbi(screener, labels: dict[str, str]) -> dict[str, float | None]:
    """Kristensen 2005: each scale is the mean of its answered items, coded 100-0;
    the leisure-energy item is reversed; personal and client scales need 3 answers,
    work 4 (PUMA non-responder rule)."""
    out = {}
    needed = {"personal": 3, "work": 4, "client": 3}
    for scale, prefix in (("personal", "personal-"), ("work", "work-"), ("client", "client-")):
        points = []
        for item in screener.items:
            if item.id.startswith(prefix) and item.id in labels:
                p = CBI_POINTS[labels[item.id]]
                if item.id == "work-energy-leisure":
                    p = 100 - p
                points.append(p)
        out[scale] = round(sum(points) / len(points), 2) if len(points) >= needed[scale] else None
    return out


def test_cbi_structure():
    cbi = load_screener("cbi")
    prefixes = [it.id.split("-")[0] for it in cbi.items]
    assert (prefixes.count("personal"), prefixes.count("work"), prefixes.count("client")) == (6, 7, 6)
    assert [it.id for it in cbi.items if it.reverse] == ["work-energy-leisure"]
    assert "leisure" in cbi.item("work-energy-leisure").text


def test_cbi_subscale_means_random_patterns_with_missing():
    cbi = load_screener("cbi")
    rng = random.Random(7)
    for _ in range(3000):
        labels = {}
        for item in cbi.items:
            if rng.random() < 0.25:
                continue
            labels[item.id] = rng.choice([o.label for o in cbi.scales[item.scale]])
        answers, problems = normalise(cbi, labels)
        assert problems == []
        result = score(cbi, answers)
        expected = ref_cbi(cbi, labels)
        for scale, value in expected.items():
            got = result.score(scale)
            assert got.value == (None if value is None else pytest.approx(value, abs=0.005))
            if value is None:
                assert got.band is None and not got.complete
            else:
                assert got.band.id == ("high" if value >= 50 else "low")


def test_cbi_reversed_item_counts_backwards():
    cbi = load_screener("cbi")
    work = [it.id for it in cbi.items if it.id.startswith("work-")]
    answers = dict.fromkeys(work, 100)  # everything "always"/"very high", leisure energy "always"
    # six items at 100 and the reversed item at 0: mean 600 / 7 = 85.71
    assert score(cbi, answers).score("work").value == pytest.approx(85.71)


def test_cbi_fewer_than_three_answers_is_not_scored():
    cbi = load_screener("cbi")
    personal = [it.id for it in cbi.items if it.id.startswith("personal-")]
    two = score(cbi, {personal[0]: 100, personal[1]: 50}).score("personal")
    three = score(cbi, {personal[0]: 100, personal[1]: 50, personal[2]: 0}).score("personal")
    assert two.value is None and two.band is None
    assert three.value == 50 and three.band.id == "high" and three.prorated


# --- ASQ ----------------------------------------------------------------------------

def ref_asq(answers: dict[str, str]) -> str | None:
    """NIMH: yes (or declined) to any of 1-4 is a positive screen; then question 5
    yes is acute positive.  All four 'no' is negative.  Otherwise: incomplete."""
    positive = any(answers.get(q) in ("yes", "declined") for q in ("q1", "q2", "q3", "q4"))
    if answers.get("q5") in ("yes", "declined"):
        return "acute-positive"
    if positive:
        return "non-acute-positive"
    if all(answers.get(q) == "no" for q in ("q1", "q2", "q3", "q4")):
        return "negative"
    return None


def test_asq_every_answer_pattern():
    asq = load_screener("asq")
    n = 0
    for pattern in itertools.product(["yes", "no", "declined", None], repeat=5):
        answers = {f"q{i + 1}": v for i, v in enumerate(pattern) if v is not None}
        result = score(asq, answers)
        outcome_ids = [o.id for o in result.outcomes]
        expected = ref_asq(answers)
        assert outcome_ids == ([expected] if expected else []), answers
        urgent = {f.id for f in result.flags if f.level == "urgent"}
        assert urgent == ({expected} if expected in ("acute-positive", "non-acute-positive") else set())
        # unanswered questions 1-4 are flagged for review; question 5 only when it should be asked
        review = {f.id for f in result.flags if f.level == "review"}
        expected_review = {f"asq-q{i}-unanswered" for i in range(1, 5) if f"q{i}" not in answers}
        if "q5" not in answers and any(answers.get(q) in ("yes", "declined") for q in ("q1", "q2", "q3", "q4")):
            expected_review.add("asq-q5-unanswered")
        assert review == expected_review
        assert result.scores == ()
        n += 1
    assert n == 4 ** 5


# --- WSAS ---------------------------------------------------------------------------

WSAS_ITEMS = [f"q{i}" for i in range(1, 6)]
NOT_WORKING = "not-working"  # item 1's "retired or choose not to have a job" box


def ref_wsas(pattern: tuple) -> tuple:
    """(value, band, prorated, not applicable, missing) by the published rules, from the
    answers to items 1-5 (0-8, None when missing, item 1 also the "not working" box).
    Mundt et al. 2002: below 10 subclinical, 10-20 significant, above 20 moderately
    severe or worse. NHS Data Dictionary: item 1 not applicable or one value missing,
    the average of the other items stands in (total = sum x 5 / 4, a whole number
    with halves up); more than one missing value: not scored."""
    numbers = [a for a in pattern if isinstance(a, int)]
    not_applicable = ("q1",) if pattern[0] == NOT_WORKING else ()
    missing = tuple(q for q, a in zip(WSAS_ITEMS, pattern, strict=True) if a is None)
    if len(numbers) == 5:
        value, prorated = sum(numbers), False
    elif len(numbers) == 4:
        value, prorated = half_up(Fraction(sum(numbers) * 5, 4)), True
    else:
        return None, None, False, not_applicable, missing
    band = "subclinical" if value < 10 else "significant" if value <= 20 else "moderately-severe"
    return value, band, prorated, not_applicable, missing


@pytest.mark.parametrize("q1", [*range(9), NOT_WORKING, None])
def test_wsas_every_answer_pattern(q1):
    """All 11 x 10**4 = 110,000 patterns (items 2-5: 0-8 or missing; item 1 also the
    "not working" box) through the real scorer, one case per answer to item 1."""
    wsas = load_screener("wsas")
    patterns = [(q1, *rest) for rest in itertools.product([*range(9), None], repeat=4)]
    got, expected = [], []
    for pattern in patterns:
        answers = {q: a for q, a in zip(WSAS_ITEMS, pattern, strict=True) if a is not None}
        result = score(wsas, answers)
        total = result.score("total")
        got.append((total.value, total.band.id if total.band else None, total.prorated,
                    total.not_applicable, result.missing))
        expected.append(ref_wsas(pattern))
        assert not result.flags  # the WSAS has no safety items
    assert len(patterns) == 10 ** 4 and got == expected, _first_difference(patterns, got, expected)


def test_wsas_not_working_is_a_given_answer_not_a_missing_one():
    """The box is kept as the client's answer, is never listed as missing, and says so."""
    wsas = load_screener("wsas")
    answers, problems = normalise(wsas, {"q1": "Not-Working", "q2": 2, "q3": 2, "q4": 2, "q5": 2})
    assert not problems and answers["q1"] == NOT_WORKING
    result = score(wsas, answers)
    total = result.score("total")
    assert result.missing == () and total.not_applicable == ("q1",)
    assert total.to_dict()["not_applicable"] == ["q1"] and "not_applicable" not in score(
        wsas, dict.fromkeys(WSAS_ITEMS, 2)).score("total").to_dict()
    assert (total.value, total.answered, total.expected, total.prorated) == (10, 4, 5, True)
