"""The words the medication rule (:mod:`toolkit.quality.med_safety`) knows.

Every set is lower case; every pattern matches one whole token (the tokeniser
keeps apostrophes, so "don't" is one token).  Add a medicine's name to
``MEDICINE``, or a way of saying "change it" to one of the action patterns, and
add a line that uses it to tests/data/med_safety/risky.txt.
"""

from __future__ import annotations

import re


def _one_of(*alternatives: str) -> re.Pattern[str]:
    return re.compile("(?:" + "|".join(alternatives) + ")$")


# --- medicines ----------------------------------------------------------------------

MEDICINE = _one_of(
    r"medicines?", r"medications?", r"meds", r"pills?", r"tablets?", r"capsules?", r"antidepressants?",
    r"ssris?", r"snris?", r"maois?", r"doses?", r"dosages?", r"prescriptions?", r"drugs?", r"hrt",
    r"antipsychotics?", r"stabili[sz]ers?",
    # generic names (UK and US)
    r"sertraline", r"fluoxetine", r"citalopram", r"escitalopram", r"paroxetine", r"fluvoxamine",
    r"venlafaxine", r"desvenlafaxine", r"duloxetine", r"bupropion", r"mirtazapine", r"trazodone",
    r"amitriptyline", r"nortriptyline", r"clomipramine", r"imipramine", r"vortioxetine", r"vilazodone",
    r"agomelatine", r"lithium", r"lamotrigine", r"quetiapine", r"aripiprazole", r"olanzapine",
    # brand names (US, then UK)
    r"zoloft", r"prozac", r"lexapro", r"celexa", r"paxil", r"effexor", r"cymbalta", r"wellbutrin",
    r"remeron", r"pristiq", r"trintellix", r"viibryd", r"desyrel", r"elavil",
    r"lustral", r"cipralex", r"cipramil", r"seroxat", r"efexor", r"zispin", r"brintellix", r"zyban",
)
"""A medicine, or a dose of one."""

DRUGS = re.compile(r"drugs?$")
NOT_MEDICINE_DRUGS = {"alcohol", "drink", "drinks", "drinking", "cannabis", "weed", "street", "recreational",
                      "illegal", "illicit", "party", "smoking", "nicotine", "vaping"}
"""With one of these in the sentence, "drugs" are not a prescribed medicine."""

PRONOUNS = {"it", "them", "they"}
"""Stand for a medicine when the sentence, or the one before it, names one."""

# --- actions --------------------------------------------------------------------------

CHANGE = _one_of(
    # stopping
    r"stop", r"stops", r"stopping", r"stopped", r"quit", r"quits", r"quitting", r"discontinu\w*", r"ceas\w+",
    r"halt", r"halts", r"halting", r"halted", r"end", r"ends", r"ending", r"ended", r"ditch\w*", r"abandon\w*",
    r"drop", r"drops", r"dropping", r"dropped", r"off", r"without",
    # pausing, a break
    r"paus\w+", r"suspend\w*", r"interrupt\w*", r"break", r"breaks", r"breaking", r"holidays?", r"vacations?",
    r"breathers?",
    # tapering, reducing, fewer, less
    r"taper\w*", r"wean\w*", r"reduc\w+", r"lower", r"lowers", r"lowering", r"lowered", r"decreas\w+",
    r"cut", r"cuts", r"cutting", r"halv\w+", r"half", r"fewer", r"less", r"smaller", r"weaker",
    # changing, switching, increasing
    r"chang\w*", r"switch\w*", r"swap\w*", r"alter", r"alters", r"altering", r"altered", r"adjust\w*",
    r"tweak\w*", r"increas\w+", r"doubl\w+", r"higher", r"bigger", r"stronger",
    # not needed
    r"unnecessary", r"optional",
)
"""Stopping, pausing, reducing or changing: reported unless it is negated (and then
the prescriber must be named)."""

LAPSE = _one_of(r"skip\w*", r"miss", r"misses", r"missing", r"missed", r"forget\w*", r"forgot\w*")
"""Skipping or missing a dose: reported unless it is negated ("do not miss a dose"
needs no prescriber: it asks for nothing to change)."""

KEEP = _one_of(
    r"keep", r"keeps", r"keeping", r"kept", r"continue", r"continues", r"continued", r"continuing",
    r"stay", r"stays", r"staying", r"stayed", r"stick", r"sticks", r"sticking", r"stuck", r"remain\w*",
    r"need", r"needs", r"needing", r"needed", r"require\w*", r"necessary", r"essential",
    r"take", r"takes", r"taking", r"took", r"taken", r"use", r"uses", r"using", r"used",
    r"refill\w*", r"renew\w*", r"reorder\w*",
)
"""Keeping on, needing or taking a medicine: reported only when negated ("you don't
need your pills", "you don't have to keep taking them")."""

NEED = _one_of(r"need", r"needs", r"needed", r"require\w*")

IF_NOT_TAKING = {"you", "they", "do", "does", "not", "don't", "doesn't", "dont", "currently", "already"}
"""Between "if" and "take": "if you do not take a medicine" says who the reader is."""

TAKE = _one_of(r"take", r"takes", r"taking", r"took", r"taken", r"use", r"uses", r"using", r"used")

PARTICLE_VERBS: dict[str, set[str]] = {
    **dict.fromkeys(("come", "comes", "coming", "came"), {"off", "down"}),
    **dict.fromkeys(("go", "goes", "going", "went", "gone"), {"off", "down", "up", "without"}),
    **dict.fromkeys(("get", "gets", "getting", "got"), {"off"}),
    **dict.fromkeys(("give", "gives", "giving", "gave", "given"), {"up"}),
    **dict.fromkeys(("wind", "winds", "winding", "wound"), {"down"}),
    **dict.fromkeys(("ease", "eases", "easing", "eased"), {"off", "down"}),
    **dict.fromkeys(("step", "steps", "stepping", "stepped"), {"down", "up"}),
    **dict.fromkeys(("phase", "phases", "phasing", "phased"), {"out"}),
    **dict.fromkeys(("scale", "scales", "scaling", "scaled"), {"back", "down"}),
    **dict.fromkeys(("tail", "tails", "tailing", "tailed"), {"off"}),
    **dict.fromkeys(("leave", "leaves", "leaving", "left"), {"out", "off"}),
    **dict.fromkeys(("pack", "packs", "packing", "packed"), {"in", "up"}),
    **dict.fromkeys(("done", "finished", "through"), {"with"}),
}
"""Verbs that are an action only with their particle ("give up", "phase out"), which
may come after the object ("pack it in")."""

SWITCH_TO = {"different", "another", "other", "new"}
"""A change when tried: "try a different antidepressant", "try another pill"."""

NOUN_OF_CHANGE = {"change", "reduction", "holiday", "vacation", "break", "pause", "switch", "cut",
                  "increase", "decrease", "adjustment", "taper", "hike"}
"""After a singular medicine word: "a dose reduction", "a drug holiday"."""

SET_ASIDE = (("on", "hold"), ("aside",))
"""After a medicine: "put your medication on hold", "set your pills aside"."""

LET_LAPSE = (("run", "out"), ("lapse",), ("expire",))
LET = {"let", "lets", "letting"}
"""After "let" and a medicine: "let your prescription run out"."""

SCHEDULE = ("only", "every other", "every second", "alternate", "less", "fewer", "half", "now and then",
            "on and off", "off and on", "as needed", "occasionally", "sometimes", "weekends", "bad days",
            "some days", "when you feel", "if you feel", "whenever", "less often", "lower", "smaller",
            "weaker", "reduced", "higher", "stronger", "double", "every few", "every two", "every three",
            "every third", "once a week", "instead of")
"""Taking a medicine on these terms changes it: "take your tablets every other day"."""

AS_PRESCRIBED = (("as", "prescribed"), ("as", "directed"))

TAKE_BUT_NOT = {"with", "alongside", "more", "than", "extra", "double", "twice", "two"}
"""After "do not take <medicine>", these make it a safety instruction, not a stop:
"do not take your medicine with alcohol"."""

# --- what may stand between an action and its medicine --------------------------------

FILLER = {
    "your", "the", "a", "an", "any", "this", "that", "these", "those", "my", "their", "his", "her", "our",
    "its", "of", "to", "on", "from", "for", "in", "with", "off", "down", "back", "up", "out", "or", "and",
    ",", "some", "all", "one", "how", "much", "many", "often", "you", "yourself", "type", "kind",
    "current", "daily", "usual", "regular", "evening", "morning", "night", "nightly", "bedtime", "mood",
    "own", "prescribed", "few", "couple", "little", "bit", "short", "long", "week", "weeks", "weekend",
    "day", "days", "month", "months", "while", "two", "three", "whole", "entire", "odd", "occasional",
    "single", "next", "first", "second", "last", "extra", "different", "another", "other", "new",
    "higher", "lower", "smaller", "bigger", "less", "fewer", "weaker", "stronger", "half", "sleeping",
    "depression", "anxiety", "contraceptive", "hormone", "pain", "taking", "using",
}

# --- negation -------------------------------------------------------------------------

NEGATIONS = {"not", "never", "don't", "dont", "doesn't", "didn't", "avoid", "mustn't", "shouldn't",
             "cannot", "can't", "won't", "wouldn't", "no", "nobody", "unsafe", "dangerous", "isn't",
             "aren't"}
NOT_NEGATING_BEFORE = {"why"}
""""Why not take a break from your pills?" suggests it."""

NOT_OK = {"safe", "okay", "ok", "wise", "idea", "good", "sensible", "advisable", "helpful"}
"""Negated by a "not" just before: "it is not safe to stop"; but "not a bad idea"."""
NOT_OK_UNDONE = {"bad", "wrong", "silly", "crazy", "terrible"}

CHAIN = {"or", "and", ",", "suddenly", "just", "ever", "simply", "abruptly", "quickly", "yourself", "try",
         "to", "off", "up", "down", "back", "even", "really", "have", "has", "had", "got", "ought", "need",
         "needs", "please", "you", "should", "must", "can", "could", "may", "might", "would", "will",
         "do", "does", "a", "an", "any", "some", "take", "taking", "give", "make", "making", "keep",
         "keeping", "all", "at", "completely", "entirely", "yet", "bother", "reason", "point",
         # a negated suggestion: "never suggest they stop it", "don't let anyone tell you to stop"
         "suggest", "tell", "advise", "encourage", "urge", "ask", "let", "they", "them", "him", "her",
         "anyone", "someone", "people"}
"""What may stand between a negation and its action: "do not ever stop or change",
"there is no need to stop", "please don't take a break from", "never suggest they stop"."""

BEFORE_CHANGE = {"any", "a", "making", "make", "you", "your", "the", "changes"}
"""Between "before" and a change: "talk to your prescriber before any change to your medicine"."""

# --- the passive: "your medicine can be stopped" -------------------------------------

BE = {"is", "are", "be", "been", "being", "was", "were", "get", "gets", "got", "isn't", "aren't",
      "wasn't", "weren't"}
AUX = BE | {"can", "could", "may", "might", "should", "must", "will", "would", "not", "never", "also",
            "often", "usually", "always", "sometimes", "safely", "slowly", "gradually", "then", "later",
            "soon", "just", "still", "need", "needs", "to", "have", "has", "had", "won't", "can't",
            "cannot", "shouldn't", "mustn't", "simply", "easily", "now", "probably"}
PASSIVE_NEGATIONS = {"not", "never", "isn't", "aren't", "wasn't", "weren't", "won't", "can't", "cannot",
                     "shouldn't", "mustn't"}

PRESCRIBER = re.compile(r"\b(prescribers?|doctors?|doctor's|physicians?|gps?|psychiatrists?|"
                        r"nurse practitioners?)\b", re.IGNORECASE)
