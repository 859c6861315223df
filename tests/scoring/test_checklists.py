"""Our own checklists: every outcome, checked against references written here from
the checklist design (answer-based results, never diagnoses, never bands)."""

from __future__ import annotations

import itertools
import random

from toolkit import load_screener, score
from toolkit.intake.answers import normalise

EXPERIENCE = ["cry", "flat", "pleasant-muted", "pressure", "detached", "body-silent", "guilt"]
DURATIONS = ["under-2-weeks", "up-to-3-months", "up-to-6-months", "over-6-months"]


def outcome_ids(result) -> set[str]:
    return {o.id for o in result.outcomes}


def test_checklists_are_labelled_as_conversation_aids_without_bands():
    for sid in ("numbness", "contributors", "medication"):
        s = load_screener(sid)
        assert s.kind == "checklist" and s.licence.status == "original"
        assert all(not sc.bands for sc in s.scores)
        assert "not a validated" in s.licence.text.lower()


def ref_numbness(a: dict) -> set[str]:
    out = set()
    strong = {k for k in EXPERIENCE if a.get(k, -1) >= 2}
    if strong:
        out.add("present")
    names = {"cry": "cant-cry", "flat": "flat", "pleasant-muted": "pleasant-muted",
             "pressure": "body-pressure", "detached": "detached", "body-silent": "body-silent",
             "guilt": "guilt"}
    out |= {names[k] for k in strong}
    d = a.get("duration")
    if d in DURATIONS[1:]:
        out.add("long-lasting")
    if d in DURATIONS[2:]:
        out.add("months")
    if a.get("interference", -1) >= 2:
        out.add("interferes")
    if "months" in out and "interferes" in out:
        out.add("months-and-interferes")
    return out


def test_numbness_outcomes_random_patterns():
    s = load_screener("numbness")
    rng = random.Random(3)
    for _ in range(5000):
        a = {k: rng.randrange(4) for k in EXPERIENCE if rng.random() > 0.1}
        if rng.random() > 0.1:
            a["duration"] = rng.choice(DURATIONS)
        if rng.random() > 0.1:
            a["interference"] = rng.randrange(4)
        result = score(s, a)
        assert outcome_ids(result) == ref_numbness(a), a
        exp = result.score("experience")
        if all(k in a for k in EXPERIENCE):
            assert exp.value == sum(a[k] for k in EXPERIENCE) and exp.band is None
        else:
            assert exp.value is None
        review = [f.id for f in result.flags]
        assert review == (["months-and-interferes"] if "months-and-interferes" in ref_numbness(a) else [])
        assert all(f.level == "review" for f in result.flags)


def test_numbness_mild_only():
    s = load_screener("numbness")
    a = {**dict.fromkeys(EXPERIENCE, 1), "cry": 2, "duration": "under-2-weeks", "interference": 1}
    assert outcome_ids(score(s, a)) == {"present", "cant-cry"}


CONTRIBUTOR_AMOUNT = {"stress": "stress", "hold-back": "suppression", "worry": "worry",
                      "fear-of-judgement": "fear-of-judgement", "sleep": "sleep",
                      "alcohol": "alcohol", "screens": "screens"}


def ref_contributors(a: dict) -> set[str]:
    out = {oc for item, oc in CONTRIBUTOR_AMOUNT.items() if a.get(item, -1) >= 2}
    if any(a.get(k, -1) >= 2 for k in ("exhausted", "going-through-motions", "small-tasks")):
        out.add("burnout")
    if a.get("past-hurt") == "yes":
        out.add("past-hurt")
    if a.get("cultural-messages") == "yes":
        out.add("cultural-messages")
    if out & {"sleep", "alcohol", "screens"}:
        out.add("numbing-habits")
    if a.get("grief") == "yes":
        out.add("grief")
    if a.get("hard-to-name", -1) >= 2:
        out.add("hard-to-name")
    return out


def test_contributors_outcomes_random_patterns():
    s = load_screener("contributors")
    rng = random.Random(5)
    for _ in range(5000):
        a = {}
        for item in s.items:
            if rng.random() < 0.15:
                continue
            a[item.id] = rng.choice([o.value for o in s.scales[item.scale]])
        assert outcome_ids(score(s, a)) == ref_contributors(a), a


def test_contributors_past_hurt_can_be_kept_private():
    s = load_screener("contributors")
    answers, problems = normalise(s, {"past-hurt": "rather-not-say"})
    assert problems == [] and outcome_ids(score(s, answers)) == set()


def ref_medication(a: dict) -> set[str]:
    out = set()
    on = a.get("antidepressant") in ("ssri", "snri", "other", "not-sure")
    if on:
        out.add("on-antidepressant")
    if a.get("antidepressant") in ("ssri", "snri"):
        out.add("ssri-snri")
    if on and a.get("flat-since-starting") in ("yes", "not-sure"):
        out.add("medication-may-contribute")
    if on and a.get("recent-change") == "yes":
        out.add("recent-change")
    if "yes" in (a.get("menopause"), a.get("after-birth"), a.get("thyroid")):
        out.add("hormonal")
    if a.get("tears-changed") == "yes":
        out.add("tears-changed")
    return out


def test_medication_every_answer_pattern():
    s = load_screener("medication")
    choices = [[None, *(o.value for o in s.scales[item.scale])] for item in s.items]
    ids = [item.id for item in s.items]
    n = 0
    for pattern in itertools.product(*choices):
        a = {k: v for k, v in zip(ids, pattern, strict=True) if v is not None}
        result = score(s, a)
        assert outcome_ids(result) == ref_medication(a)
        # follow-up questions are only expected from people who take an antidepressant
        followups = {"recent-change", "flat-since-starting"} & set(result.missing)
        if a.get("antidepressant") == "none":
            assert not followups
        n += 1
    assert n > 10_000


def test_medication_labels_name_the_prescriber_route_not_stopping():
    s = load_screener("medication")
    labels = {o.id: o.label for o in s.outcomes}
    assert "prescriber" in labels["medication-may-contribute"].lower()
    text = " ".join([s.instructions, *(i.text for i in s.items), *labels.values(),
                     *(o.note or "" for o in s.outcomes)]).lower()
    for bad in ("stop taking", "stop your", "reduce your dose", "lower your dose", "come off"):
        assert bad not in text
