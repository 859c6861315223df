"""The medication rule for handout text: no sentence may suggest stopping, skipping,
pausing, reducing or changing a medicine, or that it is not needed.  Pure (no I/O).

A sentence is read as words (:mod:`toolkit.quality.med_words` lists them) and
each *action on a medicine* in it is found:

* a **change**: stopping, quitting, coming off, giving up, pausing, a break or a
  holiday from, tapering, weaning, reducing, lowering, cutting down, halving, fewer
  or less of, going without, being off, changing, switching, swapping,
  increasing, doubling, adjusting, "a different" or "another" one when tried;
* a **lapse**: skipping, missing or forgetting a dose;
* a **keep**: keeping on, staying on, needing or taking a medicine.

An action is on a medicine when a medicine word (medicine, meds, pills, tablets,
antidepressant, SSRI, dose, prescription, a generic or brand name, ...) follows
it past small words ("stop taking your medicine", "a break from your pills",
"take fewer of them"); when the medicine is its subject in the passive ("your
dose can be lowered", "your pills may not be needed"); in a few fixed shapes ("a
drug holiday", "put your medication on hold", "medication-free"); and "it",
"them" or "they" stand for a medicine when the sentence, or the one before it,
names one.  Taking a medicine on changed terms is a change too ("take your
tablets every other day", "only take your medicine on bad days").

Then:

* a change or a lapse is reported unless it is negated ("Do not stop or change
  your medicine", "Never skip a dose", "It is not safe to stop", "There is no
  need to stop"); "why not take a break", "don't be afraid to stop" and "not a
  bad idea to" are not negations;
* a keep is reported only when negated ("you don't need your pills", "you don't
  have to keep taking them", "you may no longer need it"), except "do not take
  your medicine with alcohol" or "more than ...";
* a negated change (not a lapse) must name the prescriber or doctor in that
  sentence or in the sentence right before or after it, within the same
  paragraph or list item ("Talk to your prescriber first. Do not stop your
  medicine on your own."); "talk to your prescriber before any change to your
  medicine" counts as such a sentence.

Everything else that talks about changing a medicine is reported, including
well-meant warnings such as "Stopping suddenly can be harmful" and "Talk to your
prescriber about changing your dose": rewrite them as a negated instruction
that names the prescriber.  Words that are not about a medicine pass ("a break
from screens", "missing sleep", "cut down on alcohol and street drugs").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import med_words as w

SUGGESTS_CHANGE = "suggests-change"
NEEDS_PRESCRIBER = "needs-prescriber"

CHANGE, LAPSE, KEEP = "change", "lapse", "keep"
_SENTENCE = re.compile(r"[^.!?]+[.!?]*[\"'”’)]*")
_CLAUSE_END = {",", ";", ":", "?", "(", ")", "and", "but", "or", "then", "so"}
_SCHEDULE = [tuple(phrase.split()) for phrase in w.SCHEDULE]


@dataclass(frozen=True)
class Action:
    """An action on a medicine at token ``index`` of a sentence."""

    index: int
    kind: str  # CHANGE, LAPSE or KEEP
    negated: bool

    @property
    def suggests_change(self) -> bool:
        return self.negated if self.kind == KEEP else not self.negated


def tokens(sentence: str) -> list[str]:
    text = sentence.lower().replace("’", "'").replace("‘", "'")
    text = re.sub(r"\banti-(?=depress|psych)", "anti", text)
    return re.findall(r"[a-z0-9']+|[,;:()?]", text)


def _is_medicine(token: str, drugs_are_medicines: bool) -> bool:
    return bool(w.MEDICINE.match(token)) and (drugs_are_medicines or not w.DRUGS.match(token))


def _medicines(toks: list[str], previous: list[str]) -> tuple[set[int], set[int]]:
    """(indices of medicine words, indices of pronouns standing for a medicine)."""
    meds = {i for i, t in enumerate(toks) if _is_medicine(t, not w.NOT_MEDICINE_DRUGS & set(toks))}
    named = meds or any(_is_medicine(t, not w.NOT_MEDICINE_DRUGS & set(previous)) for t in previous)
    pronouns = {i for i, t in enumerate(toks) if t in w.PRONOUNS} if named else set()
    return meds, pronouns


def _kind(toks: list[str], i: int) -> str | None:
    """The kind of action word at ``i``, if it is one."""
    t = toks[i]
    particles = w.PARTICLE_VERBS.get(t)
    if particles and any(p in particles for p in toks[i + 1:i + 4]):
        return CHANGE
    if t == "free" and toks[i + 1:i + 2] in (["of"], ["from"]):
        return CHANGE
    if t in w.SWITCH_TO and ({"try", "trying", "tried"} & set(toks[max(0, i - 2):i])
                             or (t == "different" and toks[i - 1:i] == ["a"])):
        return CHANGE
    if w.CHANGE.match(t):
        return None if t == "end" and toks[i - 1:i] in (["the"], ["an"], ["at"]) else CHANGE
    if w.LAPSE.match(t):
        return LAPSE
    if w.KEEP.match(t):
        return KEEP
    return None


def _object(toks: list[str], i: int, kind: str, targets: set[int]) -> int | None:
    """The medicine the action at ``i`` acts on: past small words, and past other
    actions of its group ("stop or change your pills", "keep taking them")."""
    for j in range(i + 1, min(len(toks), i + 9)):
        if j in targets:
            return j
        if toks[j] in w.FILLER:
            continue
        other = _kind(toks, j)
        if other is None or (other == KEEP) != (kind == KEEP):
            return None
    return None


def _negated(toks: list[str], i: int) -> bool:
    k = i - 1
    while k >= 0 and (toks[k] in w.CHAIN or _kind(toks, k) in (CHANGE, LAPSE)):
        k -= 1
    if k < 0:
        return False
    t = toks[k]
    if t in ("longer", "one") and toks[k - 1:k] == ["no"]:  # "no longer need", "no one should stop"
        return True
    if t in w.NEGATIONS:
        return not (k > 0 and toks[k - 1] in w.NOT_NEGATING_BEFORE)
    if t in w.NOT_OK:
        before = set(toks[max(0, k - 3):k])
        return bool(before & {"not", "never", "isn't", "aren't", "no"}) and not before & w.NOT_OK_UNDONE
    return False


def _before_a_change(toks: list[str], i: int) -> bool:
    """ "... before any change to your medicine": advice to ask first."""
    if not toks[i].startswith("chang"):
        return False
    k = i - 1
    while k >= 0 and toks[k] in w.BEFORE_CHANGE:
        k -= 1
    return k >= 0 and toks[k] == "before"


def _has(words: list[str], phrase: tuple[str, ...]) -> int:
    """Where ``phrase`` starts in ``words`` (-1: nowhere)."""
    n = len(phrase)
    return next((k for k in range(len(words) - n + 1) if tuple(words[k:k + n]) == phrase), -1)


def _clause_after(toks: list[str], j: int) -> list[str]:
    out = []
    for t in toks[j + 1:j + 9]:
        if t in _CLAUSE_END:
            break
        out.append(t)
    return out


def _on_changed_terms(toks: list[str], i: int, j: int) -> bool:
    """Taking the medicine at ``j`` only sometimes: "every other day", "only when"."""
    clause = _clause_after(toks, j)
    if any(_has(clause, p) >= 0 for p in w.AS_PRESCRIBED):
        return False
    for phrase in _SCHEDULE:
        k = _has(clause, phrase)
        if k >= 0 and (k == 0 or clause[k - 1] != "even"):
            return True
    return "only" in toks[max(0, i - 2):i]


def _if_the_reader_does_not(toks: list[str], i: int) -> bool:
    """ "If you do not take a medicine, ...": a condition on who the reader is."""
    k = i - 1
    while k >= 0 and toks[k] in w.IF_NOT_TAKING:
        k -= 1
    return k >= 0 and toks[k] == "if"


def _still_needed_asked(toks: list[str], i: int) -> bool:
    """ "Ask yourself if you still need your pills", "Do you really need them?":
    the need put in question."""
    return (toks[i - 1:i] in (["still"], ["really"]) and w.NEED.match(toks[i]) is not None
            and bool({"if", "whether", "?"} & set(toks)))


def _passive(toks: list[str], m: int) -> Action | None:
    """The action of which the medicine at ``m`` is the passive subject
    ("your dose can be lowered", "your pills may not be needed")."""
    between: list[str] = []
    for j in range(m + 1, min(len(toks), m + 8)):
        kind = _kind(toks, j)
        if kind and toks[j] not in w.AUX and w.BE & set(between):
            return Action(j, kind, bool(w.PASSIVE_NEGATIONS & set(between)))
        if toks[j] not in w.AUX:
            return None
        between.append(toks[j])
    return None


def _after_medicine(toks: list[str], m: int) -> Action | None:
    """A change named right after a medicine word: "a drug holiday", "a dose
    reduction", "put your medication on hold", "medication-free"."""
    t, nxt = toks[m], toks[m + 1] if m + 1 < len(toks) else ""
    negated = bool(w.NEGATIONS & set(toks[max(0, m - 4):m]))
    plural = t.endswith("s")
    if nxt in w.NOUN_OF_CHANGE and not (plural and nxt in ("change", "switch", "cut", "break", "increase",
                                                              "decrease")):
        return Action(m + 1, CHANGE, negated)
    if nxt == "free":
        return Action(m + 1, CHANGE, negated)
    rest = toks[m + 1:m + 5]
    let = w.LET_LAPSE if w.LET & set(toks[max(0, m - 3):m]) else ()
    for phrase in w.SET_ASIDE + let:
        k = _has(rest, phrase)
        if k >= 0 and all(x in w.FILLER for x in rest[:k]):
            return Action(m + 1 + k, CHANGE, negated)
    return None


def actions(sentence: str, previous: str = "") -> list[Action]:
    """Every action on a medicine in ``sentence`` (``previous``: the sentence before
    it, for "it" and "them")."""
    toks = tokens(sentence)
    meds, pronouns = _medicines(toks, tokens(previous))
    targets = meds | pronouns
    found: dict[int, Action] = {}
    for i in range(len(toks)):
        kind = _kind(toks, i)
        j = _object(toks, i, kind, targets) if kind else None
        if kind and j is not None:
            negated = _negated(toks, i)
            taking = bool(w.TAKE.match(toks[i]))
            if kind == KEEP and taking and negated and w.TAKE_BUT_NOT & set(toks[i + 1:j + 4]):
                continue  # "do not take your medicine with alcohol"
            if kind == KEEP and taking and negated and _if_the_reader_does_not(toks, i):
                continue  # "if you do not take a medicine, skip this part": who the reader is
            if kind == KEEP and taking and not negated and _on_changed_terms(toks, i, j):
                kind = CHANGE
            if kind == KEEP and not negated and _still_needed_asked(toks, i):
                kind = CHANGE
            if kind == CHANGE and not negated and _before_a_change(toks, i):
                negated = True
            found[i] = Action(i, kind, negated)
        if i in targets:
            for extra in (_passive(toks, i), None if i in pronouns else _after_medicine(toks, i)):
                if extra is not None:
                    found.setdefault(extra.index, extra)
    return [found[k] for k in sorted(found)]


def classify(sentence: str, context: str = "", previous: str = "") -> str | None:
    """None when the sentence is fine; ``SUGGESTS_CHANGE`` when it talks about
    changing a medicine without negating it; ``NEEDS_PRESCRIBER`` when it is negated
    but neither it nor ``context`` (the sentences next to it) names the prescriber.
    ``previous`` is the sentence before, for "it" and "them"."""
    found = actions(sentence, previous)
    if any(a.suggests_change for a in found):
        return SUGGESTS_CHANGE
    if not any(a.kind == CHANGE for a in found):
        return None
    if w.PRESCRIBER.search(sentence) or w.PRESCRIBER.search(context):
        return None
    return NEEDS_PRESCRIBER


def split_sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.findall(text) if s.strip()]


def check_unit(text: str) -> list[tuple[str, str]]:
    """Every sentence of one paragraph or list item that breaks the rule:
    (sentence, ``SUGGESTS_CHANGE`` or ``NEEDS_PRESCRIBER``)."""
    sents = split_sentences(text)
    out = []
    for n, sentence in enumerate(sents):
        context = " ".join(sents[max(0, n - 1):n] + sents[n + 1:n + 2])
        verdict = classify(sentence, context, sents[n - 1] if n else "")
        if verdict:
            out.append((sentence, verdict))
    return out


MESSAGES = {
    SUGGESTS_CHANGE: ("may suggest stopping, skipping, pausing, reducing or changing a medicine, or that it "
                      "is not needed; a handout never does. Write it as a negated instruction that names "
                      "the prescriber, for example \"Do not stop or change your medicine without talking "
                      "to your prescriber.\""),
    NEEDS_PRESCRIBER: ("says not to stop or change a medicine but does not name the prescriber or "
                       "doctor, in it or next to it; add, for example, \"Talk to your prescriber "
                       "first.\""),
}
