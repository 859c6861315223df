"""Sentences that say something about the client's answers, checked against the
answers that can bring them.  Pure: no I/O.

A tailored section is chosen by its ``when``, but its text may say more than its
``when`` knows: "Your answers mention ... drinking more to cope" in a section shown
for too little sleep alone, or "questions about your medicine" in a section shown to
everyone.  Two kinds of sentence assert something about this client:

* a sentence that speaks of the answers (:data:`ANSWER_WORDS`: "your answers",
  "you told us", ...);
* a sentence that takes for granted that the client takes a medicine
  (:data:`MEDICINE_WORDS`: "your medicine", "since you started", ...), unless it is
  a condition ("If you take a medicine, ...") or an instruction that applies only
  to someone who takes one ("Do not stop your medicine without your prescriber",
  "Keep taking your medicine as prescribed", "Ask: Could my medicine ..."): those
  are the medication-safety messages every handout must be free to give.

:data:`CLAIMS` declares the distinctive phrases such sentences use, each with the
condition (in the handouts' ``when`` language) that must hold for it to be true, and
:func:`unsupported` searches, with the variant finder, for a result that brings the
section while the condition is false: a section may hold a claim only when every
result that shows it supports the claim.  :func:`undeclared` lists the asserting
sentences that match no declared phrase, so the built-in handouts cannot gain an
unchecked one (tests/quality/test_answer_claims.py); ``toolkit lint`` reports
unsupported claims in any handout, a practice's too.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..content.conditions import Condition, walk
from ..content.handout_model import Handout, HSection
from ..content.screener_model import Screener
from ..core.errors import ProblemList
from ..scoring.results import IntakeResult
from .med_safety import split_sentences
from .readability import plain_text
from .variants import variants

ANSWER_WORDS = re.compile(r"\b(your answers|you told us|you said|you answered|you ticked)\b", re.IGNORECASE)
MEDICINE_WORDS = re.compile(r"\b(your (medicine|medication|dose|antidepressant|pills?|tablets?)|this medicine|"
                            r"since you started)\b", re.IGNORECASE)
CONDITIONAL = re.compile(r"^\W*if\b", re.IGNORECASE)
INSTRUCTION = re.compile(r"^\W*(do not|don't|never|keep taking|talk to|ask|tell|bring)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Claim:
    """A phrase (a regular expression, matched case-insensitively within one asserting
    sentence) and the condition that must hold for it to be true (None: it is about the
    handout itself, true for everyone)."""

    phrase: str
    when: Condition | None
    says: str

    def search(self, sentence: str) -> bool:
        return re.search(self.phrase, sentence, re.IGNORECASE) is not None


def _claim(phrase: str, says: str, when: dict[str, Any] | None) -> Claim:
    return Claim(phrase, Condition.model_validate(when) if when is not None else None, says)


def _any(*conds: dict[str, Any]) -> dict[str, Any]:
    return {"any": list(conds)}


_ON_MEDICINE = {"outcome": "medication.on-antidepressant"}
_LOW_MOOD = _any({"band": {"score": "phq9.total", "at_least": "mild"}},
                 {"band": {"score": "phq2.total", "is": "positive"}},
                 {"band": {"score": "phq4.depression", "is": "positive"}})
_STRESS_WORRY_BURNOUT = _any(
    {"outcome": "contributors.stress"}, {"outcome": "contributors.burnout"}, {"outcome": "contributors.worry"},
    {"band": {"score": "cbi.personal", "is": "high"}}, {"band": {"score": "cbi.work", "is": "high"}},
    {"band": {"score": "cbi.client", "is": "high"}}, {"band": {"score": "gad7.total", "at_least": "mild"}},
    {"band": {"score": "gad2.total", "is": "positive"}}, {"band": {"score": "phq4.anxiety", "is": "positive"}})

CLAIMS: tuple[Claim, ...] = (
    # about the handout itself
    _claim(r"chose (the parts of this handout|its parts) from your answers",
           "the handout was chosen from the answers", None),
    # the numbness checklist
    _claim(r"your body has not been showing what you feel", "the client's body has not shown what they feel",
           _any({"outcome": "numbness.cant-cry"}, {"outcome": "numbness.body-pressure"},
                {"outcome": "numbness.body-silent"})),
    _claim(r"tears have been hard to find", "the client's tears would not come",
           _any({"outcome": "numbness.cant-cry"}, {"outcome": "numbness.body-pressure"})),
    _claim(r"feelings may seem far away", "the client's feelings seem far away",
           _any({"outcome": "numbness.flat"}, {"outcome": "numbness.pleasant-muted"},
                {"outcome": "numbness.detached"}, {"outcome": "numbness.guilt"})),
    _claim(r"numbness has lasted a while, or that it gets in the way",
           "the client's numbness has lasted or gets in the way",
           _any({"outcome": "numbness.long-lasting"}, {"outcome": "numbness.months"},
                {"outcome": "numbness.interferes"})),
    # the contributors checklist and burnout
    _claim(r"stress, worry or burnout may play a part", "stress, worry or burnout play a part",
           _STRESS_WORRY_BURNOUT),
    _claim(r"something painful from your past still affects you",
           "something painful from the past still affects the client", {"outcome": "contributors.past-hurt"}),
    _claim(r"your answers to the questions about hard experiences fit some common signs",
           "the client screened positive for trauma stress (PC-PTSD-5 or PCL-5)",
           _any({"band": {"score": "pcptsd5.total", "is": "positive"}},
                {"band": {"score": "pcl5.total", "is": "probable-ptsd"}})),
    _claim(r"you are grieving", "the client is grieving a death or another big loss",
           {"outcome": "contributors.grief"}),
    _claim(r"you have been under stress for a long time", "the client has been under stress for a long time",
           {"outcome": "contributors.stress"}),
    _claim(r"you feel tired and worn out much of the time", "the client feels worn out much of the time",
           _any({"band": {"score": "cbi.personal", "is": "high"}},
                {"answer": {"item": "contributors.exhausted", "at_least": 2}})),
    _claim(r"work is draining a lot of your energy", "work drains the client",
           {"band": {"score": "cbi.work", "is": "high"}}),
    _claim(r"working with clients, patients or customers takes a lot out of you",
           "working with clients drains the client", {"band": {"score": "cbi.client", "is": "high"}}),
    _claim(r"too little sleep", "the client sleeps too little",
           {"answer": {"item": "contributors.sleep", "at_least": 2}}),
    _claim(r"drinking more|more alcohol", "the client drinks more to cope",
           {"answer": {"item": "contributors.alcohol", "at_least": 2}}),
    _claim(r"long hours on screens", "the client spends long hours on screens",
           {"answer": {"item": "contributors.screens", "at_least": 2}}),
    _claim(r"at least one habit that can dull feelings", "the client has one of the numbing habits",
           {"outcome": "contributors.numbing-habits"}),
    # low mood
    _claim(r"low mood may (also )?be part of the picture", "low mood is part of the picture", _LOW_MOOD),
    # medicines and the body
    _claim(MEDICINE_WORDS.pattern, "the client takes a medicine for their mood", _ON_MEDICINE),
    _claim(r"you take a medicine for your mood", "the client takes a medicine for their mood", _ON_MEDICINE),
    _claim(r"feelings may seem flatter since you started",
           "the client's feelings seem flatter since starting a medicine",
           {"outcome": "medication.medication-may-contribute"}),
    _claim(r"you take an SSRI or an SNRI", "the client takes an SSRI or SNRI", {"outcome": "medication.ssri-snri"}),
    _claim(r"your medicine, or its dose, is new", "the client started or changed a medicine in the last 3 months",
           {"outcome": "medication.recent-change"}),
    _claim(r"about a change in your body", "the client told of a hormonal or physical change",
           {"outcome": "medication.hormonal"}),
    _claim(r"your eyes feel drier, or you make fewer tears", "the client makes fewer tears",
           {"outcome": "medication.tears-changed"}),
    _claim(r"you have had a baby in the last year", "the client had a baby in the last year",
           {"answer": {"item": "medication.after-birth", "equals": "yes"}}),
    _claim(r"you may be going through menopause", "the client may be going through menopause",
           {"answer": {"item": "medication.menopause", "equals": "yes"}}),
    _claim(r"a doctor has said you have a thyroid problem", "a doctor found a thyroid problem",
           {"answer": {"item": "medication.thyroid", "equals": "yes"}}),
    # flags
    _claim(r"you may be going through a very hard time", "an answer raised an urgent flag",
           {"flag": {"level": "urgent"}}),
)


def asserts(sentence: str) -> bool:
    """Whether ``sentence`` says something about this client's answers."""
    return bool(ANSWER_WORDS.search(sentence)) or (bool(MEDICINE_WORDS.search(sentence))
                                                   and not CONDITIONAL.search(sentence)
                                                   and not INSTRUCTION.search(sentence))


def sentences(hs: HSection) -> list[str]:
    """The heading and every sentence of a section's body, as a client reads them."""
    out = [hs.spec.heading.strip()]
    for unit in plain_text(hs.blocks).split("\n"):
        out += split_sentences(unit)
    return [s for s in out if s]


def claims_in(sentence: str, claims: tuple[Claim, ...] = CLAIMS) -> list[Claim]:
    """The declared claims an asserting sentence makes (none for any other sentence)."""
    return [c for c in claims if c.search(sentence)] if asserts(sentence) else []


@dataclass(frozen=True)
class Unsupported:
    section: str
    sentence: str
    claim: Claim
    example: str  # a result that shows the section while the claim is false, in a few words


def _resolvable(cond: Condition, screeners: Mapping[str, Screener]) -> bool:
    """Every screener, item, score and outcome the condition names exists (a practice may
    replace a built-in screener with its own)."""
    for kind, leaf, _ in walk(cond):
        if kind in ("flag", "screened"):
            continue
        ref = leaf if kind == "outcome" else (leaf.item if kind == "answer" else leaf.score)
        sid, _, local = ref.partition(".")
        try:
            screener = screeners[sid]
        except (KeyError, ProblemList):
            return False
        entries: Sequence[Any] = (screener.items if kind == "answer" else
                                  screener.outcomes if kind == "outcome" else screener.scores)
        found = next((e for e in entries if e.id == local), None)
        if found is None:
            return False
        if kind == "band" and not all(b is None or any(x.id == b for x in found.bands)
                                      for b in (leaf.is_, leaf.at_least, leaf.at_most)):
            return False
    return True


def _dump(cond: Condition) -> dict[str, Any]:
    return cond.model_dump(by_alias=True, exclude_none=True)


def counterexample(handout: Handout, hs: HSection, claim: Claim, screeners: Mapping[str, Screener],
                   cache: dict[str, str | None] | None = None) -> str | None:
    """A result (in a few words) that brings ``hs`` while ``claim`` is false, or None.
    ``cache`` keeps the answer per condition searched, across calls."""
    if claim.when is None:
        return None
    shown: dict[str, Any] | None = None  # None: shown to everyone
    if handout.tailored and hs.spec.when is not None:
        shown = _dump(hs.spec.when)
        if hs.spec.safety:  # a safety section is also shown whenever a flag is urgent
            shown = {"any": [shown, {"flag": {"level": "urgent"}}]}
    false = {"not": _dump(claim.when)}
    search = {"all": [shown, false]} if shown else false
    key = json.dumps(search, sort_keys=True)
    if cache is not None and key in cache:
        return cache[key]
    spec = hs.spec.model_copy(update={"when": Condition.model_validate(search), "safety": False})
    probe = Handout(handout.id, handout.version, handout.title, handout.subtitle, handout.language,
                    (HSection(spec, hs.blocks),), handout.files)
    hit = next((v for v in variants(probe, screeners) if hs.spec.id in v.sections), None)
    found = None if hit is None else _describe(hit.result)
    if cache is not None:
        cache[key] = found
    return found


def _describe(result: IntakeResult) -> str:
    """The outcomes, bands and flags of a result, in a few words."""
    parts = []
    for r in result.results:
        said = [o.id for o in r.outcomes] + [f"{sc.id} {sc.band.id}" for sc in r.scores if sc.band]
        said += [f"{f.level} flag" for f in r.flags]
        parts.append(f"{r.screener}: {', '.join(said) if said else 'nothing of note'}")
    return "; ".join(parts) or "nothing screened"


def unsupported(handout: Handout, screeners: Mapping[str, Screener],
                claims: tuple[Claim, ...] = CLAIMS) -> list[Unsupported]:
    """Every declared claim in ``handout`` that some result bringing its section does not
    support (claims naming screeners or items this catalog lacks are skipped)."""
    out = []
    cache: dict[str, str | None] = {}
    for hs in handout.sections:
        seen: set[str] = set()
        for sentence in sentences(hs):
            for claim in claims_in(sentence, claims):
                if claim.phrase in seen or claim.when is None or not _resolvable(claim.when, screeners):
                    continue
                seen.add(claim.phrase)
                example = counterexample(handout, hs, claim, screeners, cache)
                if example is not None:
                    out.append(Unsupported(hs.spec.id, sentence, claim, example))
    return out


def undeclared(handout: Handout, claims: tuple[Claim, ...] = CLAIMS) -> list[tuple[str, str]]:
    """(section id, sentence) of every asserting sentence that no declared claim matches."""
    return [(hs.spec.id, s) for hs in handout.sections for s in sentences(hs)
            if asserts(s) and not claims_in(s, claims)]
