"""The medication rule for handout text: no sentence may suggest stopping, reducing,
changing or coming off a medicine.  Pure (no I/O).

A sentence *talks about changing a medicine* when an action word (stop, quit,
come off, taper, wean, reduce, lower, cut down, change, switch, skip, halve,
double, increase, adjust, drop, give up, discontinue) has a medicine word
(medicine, medication, meds, pill, tablet, antidepressant, SSRI, SNRI, dose,
prescription, drug, or a common antidepressant's name) as its object ("stop your
medicine", "lower the dose of your pills", "come off antidepressants") or as its
subject in the passive ("your medicine can be stopped"); "it" or "them" counts as
a medicine in a sentence that names one ("if your pills make you numb, stop them").  Such a sentence is
allowed only when

* the action is negated ("Do not stop or change your medicine", "Never suddenly
  stop your pills", "It is not safe to stop ...") -- "Don't be afraid to stop"
  is *not* a negation of "stop"; and
* the prescriber or doctor is named in that sentence or in the sentence right
  before or after it, within the same paragraph or list item ("Talk to your
  prescriber first. Do not stop your medicine on your own.").

Everything else that talks about changing a medicine is reported, including
well-meant warnings such as "Stopping suddenly can be harmful": rewrite them as a
negated instruction that names the prescriber.
"""

from __future__ import annotations

import re

_VERB = re.compile(r"(stop|stops|stopping|stopped|quit|quits|quitting|discontinu\w*|ceas\w+|taper\w*|"
                   r"wean\w*|reduc\w+|lower|lowers|lowering|lowered|decreas\w+|chang\w*|switch\w*|"
                   r"skip|skips|skipping|skipped|halv\w+|doubl\w+|increas\w+|adjust\w*|drop|drops|"
                   r"dropping|dropped|cut|cuts|cutting)$")
_PARTICLE_VERB = re.compile(r"(come|comes|coming|came|go|goes|going|went|get|gets|getting|got|"
                            r"give|gives|giving|gave)$")
_PARTICLE = {"off", "up"}
_MED = re.compile(r"(medicines?|medications?|meds|pills?|tablets?|antidepressants?|ssris?|snris?|doses?|"
                  r"dosages?|prescriptions?|drugs?|sertraline|fluoxetine|citalopram|escitalopram|"
                  r"paroxetine|venlafaxine|duloxetine|bupropion|mirtazapine|trazodone|amitriptyline|"
                  r"lithium)$")
_OBJECT_FILLER = {"your", "the", "a", "an", "any", "this", "that", "these", "those", "my", "their",
                  "his", "her", "our", "its", "of", "taking", "using", "to", "on", "off", "down",
                  "back", "or", "and", "up", "new", "current", "daily", "mood", "own", "prescribed",
                  ",", "some", "all", "one", "how", "much", "many", "often", "you", "take", "type",
                  "kind", "in", "different", "another", "other", "higher", "smaller", "bigger",
                  "less", "fewer", "weaker", "stronger"}
_CHAIN = {"or", "and", ",", "suddenly", "just", "ever", "simply", "abruptly", "quickly", "yourself",
          "try", "to", "off", "up", "down", "back", "even", "really"}
_NEG = {"not", "never", "don't", "dont", "avoid", "mustn't", "shouldn't", "cannot", "can't",
        "won't", "unsafe", "no"}
_NOT_OK = {"safe", "okay", "ok", "wise", "idea", "good"}
_PASSIVE_AUX = {"is", "are", "be", "been", "being", "was", "were", "get", "gets"}
_AUX = _PASSIVE_AUX | {"can", "could", "may", "might", "should", "must", "will", "would", "not", "never"}
_PRESCRIBER = re.compile(r"\b(prescribers?|doctors?|doctor's|physicians?|gps?|psychiatrists?|"
                         r"nurse practitioners?)\b", re.IGNORECASE)
_SENTENCE = re.compile(r"[^.!?]+[.!?]*[\"'”’)]*")

SUGGESTS_CHANGE = "suggests-change"
NEEDS_PRESCRIBER = "needs-prescriber"


def _tokens(sentence: str) -> list[str]:
    return re.findall(r"[a-z0-9']+|[,;:()]", sentence.lower().replace("’", "'"))


def _is_verb(tokens: list[str], i: int) -> bool:
    t = tokens[i]
    if _VERB.match(t):
        return True
    return bool(_PARTICLE_VERB.match(t)) and i + 1 < len(tokens) and tokens[i + 1] in _PARTICLE


def _has_object(tokens: list[str], i: int, med_named: bool) -> bool:
    """A medicine word (or "it"/"them" in a sentence that names one) after the action."""
    for t in tokens[i + 1:i + 8]:
        if _MED.match(t) or (med_named and t in ("it", "them")):
            return True
        if t not in _OBJECT_FILLER and not _VERB.match(t):
            return False
    return False


def _negated(tokens: list[str], i: int) -> bool:
    k = i - 1
    while k >= 0 and (tokens[k] in _CHAIN or _is_verb(tokens, k)):
        k -= 1
    if k < 0:
        return False
    if tokens[k] in _NEG:
        return True
    return tokens[k] in _NOT_OK and "not" in tokens[max(0, k - 3):k]


def _passive(tokens: list[str], i: int) -> int | None:
    """Index of the action word when the medicine at ``i`` is its passive subject."""
    between: list[str] = []
    for j in range(i + 1, min(len(tokens), i + 6)):
        if _VERB.match(tokens[j]) and _PASSIVE_AUX & set(between):
            return j
        if tokens[j] not in _AUX:
            return None
        between.append(tokens[j])
    return None


def actions(sentence: str) -> list[tuple[int, bool]]:
    """Each action on a medicine in ``sentence``: (token index, negated)."""
    tokens = _tokens(sentence)
    found: dict[int, bool] = {}
    med_named = any(_MED.match(t) for t in tokens)
    for i in range(len(tokens)):
        if _is_verb(tokens, i) and _has_object(tokens, i, med_named):
            found[i] = _negated(tokens, i)
        elif _MED.match(tokens[i]):
            j = _passive(tokens, i)
            if j is not None:
                found[j] = "not" in tokens[i + 1:j] or "never" in tokens[i + 1:j]
    return sorted(found.items())


def classify(sentence: str, context: str = "") -> str | None:
    """None when the sentence is fine; ``SUGGESTS_CHANGE`` when it talks about
    changing a medicine without negating it; ``NEEDS_PRESCRIBER`` when it is negated
    but neither it nor ``context`` (the sentences next to it) names the prescriber."""
    found = actions(sentence)
    if not found:
        return None
    if not all(neg for _, neg in found):
        return SUGGESTS_CHANGE
    if _PRESCRIBER.search(sentence) or _PRESCRIBER.search(context):
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
        verdict = classify(sentence, context)
        if verdict:
            out.append((sentence, verdict))
    return out


MESSAGES = {
    SUGGESTS_CHANGE: ("may suggest stopping, reducing or changing a medicine; a handout never does. "
                      "Write it as a negated instruction that names the prescriber, for example "
                      "\"Do not stop or change your medicine without talking to your prescriber.\""),
    NEEDS_PRESCRIBER: ("says not to stop or change a medicine but does not name the prescriber or "
                       "doctor, in it or next to it; add, for example, \"Talk to your prescriber "
                       "first.\""),
}
