"""Checks a screener model cannot express: references, duplicates, band coverage.

Each check returns (path, message) pairs; the loader turns paths into
file:line:col with the file's source map.
"""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction

from .condition_checks import check_condition, unknown, unreachable_answer
from .conditions import Condition, walk
from .score_values import number, possible_values, score_range, whole_values
from .screener_model import Band, Score, Screener

Found = Iterator[tuple[tuple, str]]


def check_screener(s: Screener) -> list[tuple[tuple, str]]:
    out: list[tuple[tuple, str]] = []
    for check in (_duplicates, _scales, _items, _scores, _outcomes):
        out.extend(check(s))
    return out


def _dupes(entries, path: tuple, what: str) -> Found:
    seen: dict = {}
    for i, entry in enumerate(entries):
        key = entry.id
        if key in seen:
            yield path + (i, "id"), f"duplicate {what} id '{key}' (first used at {path[0]}[{seen[key]}])"
        else:
            seen[key] = i


def _duplicates(s: Screener) -> Found:
    yield from _dupes(s.items, ("items",), "item")
    yield from _dupes(s.scores, ("scores",), "score")
    yield from _dupes(s.outcomes, ("outcomes",), "outcome")
    flag_ids: dict[str, tuple] = {}
    for i, item in enumerate(s.items):
        if item.critical:
            for fid in (item.critical.id, item.critical.id + "-unanswered", item.critical.id + "-not-asked",
                        item.critical.id + "-earlier"):
                if fid in flag_ids:
                    yield ("items", i, "critical", "id"), f"flag id '{item.critical.id}' is used twice"
                flag_ids[fid] = ("items", i)
    for i, oc in enumerate(s.outcomes):
        if oc.flag and oc.id in flag_ids:
            yield ("outcomes", i, "id"), f"flag id '{oc.id}' is already used by a critical item"


def _scales(s: Screener) -> Found:
    for name, options in s.scales.items():
        if not options:
            yield ("scales", name), "a scale needs at least one option"
        values: dict = {}
        labels: dict = {}
        applying = [o for o in options if o.applies]
        if options and not applying:
            yield (("scales", name), "every option of this scale has applies: false; "
                   "at least one answer must apply")
        for j, opt in enumerate(options):
            if not opt.applies and isinstance(opt.value, int):
                yield (("scales", name, j, "value"),
                       "an option that does not apply (applies: false) needs a text value, such as "
                       "not-working, so that no score or threshold can count it as a number")
        if _mixed(options):
            numbers = isinstance(applying[0].value, int)
            j = next(j for j, o in enumerate(options) if o.applies and isinstance(o.value, int) != numbers)
            yield (("scales", name, j, "value"),
                   f"is {'text' if numbers else 'a whole number'}, but the scale's first value is "
                   f"{'a whole number' if numbers else 'text'}: a scale's values must all be "
                   "whole numbers or all text (an answer that means \"does not apply\" takes "
                   "applies: false)")
        for j, opt in enumerate(options):
            v = opt.value if isinstance(opt.value, int) else opt.value.casefold()
            if v in values:
                yield ("scales", name, j, "value"), f"duplicate value '{opt.value}' in scale '{name}'"
            values[v] = j
            lab = " ".join(opt.label.split()).casefold()
            if lab in labels:
                yield ("scales", name, j, "label"), f"duplicate label '{opt.label}' in scale '{name}'"
            labels[lab] = j


def _numeric(s: Screener, scale: str) -> bool:
    """Whole-number answers (an option that does not apply aside: it has a text value)."""
    return all(isinstance(o.value, int) for o in s.scales.get(scale, []) if o.applies)


def _mixed(options) -> bool:
    return len({isinstance(o.value, int) for o in options if o.applies}) > 1


def _usable(s: Screener, scale: str) -> bool:
    """The scale exists and is not mixed (both already reported): checks that use it can run."""
    return scale in s.scales and not _mixed(s.scales[scale]) and any(o.applies for o in s.scales[scale])


def _items(s: Screener) -> Found:
    for i, item in enumerate(s.items):
        if item.scale not in s.scales:
            yield ("items", i, "scale"), unknown("scale", item.scale, list(s.scales))
            continue
        if not _usable(s, item.scale):
            continue
        numeric = _numeric(s, item.scale)
        if item.reverse and not numeric:
            yield ("items", i, "reverse"), "only items with a whole-number scale can be reversed"
        if item.show_if is not None:
            yield from _condition(s, item.show_if, ("items", i, "show_if"), outcomes_before=0,
                                  self_item=item.id)
        if item.skipped_value is not None:
            yield from _skipped_value(s, i)
        crit = item.critical
        if crit is not None:
            quiet = [o.value for o in s.scales[item.scale] if not o.applies and o.value not in (crit.values or [])]
            if quiet:
                yield (("items", i, "critical"),
                       f"answer '{quiet[0]}' of scale '{item.scale}' does not apply (applies: false), so on this "
                       "critical item it would raise no flag, not even the unanswered review; list it in "
                       "values to flag it, or drop applies: false")
            if crit.at_least is not None and numeric and item.reverse:
                yield (("items", i, "critical", "at_least"),
                       "at_least compares the answer as given, before reverse-scoring, so on a reversed "
                       "item it would flag the wrong answers; give the item a scale whose values are its "
                       "published scores, without reverse (docs/practice-defined-instruments.md)")
            elif crit.at_least is not None and not numeric:
                yield (("items", i, "critical", "at_least"),
                       f"at_least needs a whole-number scale, but scale '{item.scale}' has text values; "
                       "use values instead")
            elif crit.at_least is not None and crit.at_least > max(whole_values(s, item.id)):
                answer = unreachable_answer(item.id, item.scale, whole_values(s, item.id), crit.at_least, "or more")
                yield (("items", i, "critical", "at_least"),
                       f"{answer}, so this {crit.level} flag could never be raised")
            if crit.values is not None:
                allowed = [o.value for o in s.scales[item.scale]]
                for j, v in enumerate(crit.values):
                    if v not in allowed:
                        yield (("items", i, "critical", "values", j),
                               unknown("value", v, allowed, f"of scale '{item.scale}'"))


def _skipped_value(s: Screener, i: int) -> Found:
    """skipped_value: with show_if on answers only (scores are computed after it), a value of
    the item's whole-number scale."""
    item = s.items[i]
    path = ("items", i, "skipped_value")
    if item.show_if is None:
        yield path, "skipped_value applies to an item with show_if (the value it counts as when skipped)"
        return
    kinds = sorted({kind for kind, _, _ in walk(item.show_if)} - {"answer"})
    if kinds:
        yield path, (f"the show_if of an item with skipped_value may test answers only, not "
                     f"{', '.join(kinds)} (scores are computed from the skipped value)")
    if not _numeric(s, item.scale):
        yield path, f"needs a whole-number scale, but scale '{item.scale}' has text values"
    elif item.skipped_value not in whole_values(s, item.id):
        yield path, unknown("value", item.skipped_value, whole_values(s, item.id), f"of scale '{item.scale}'")


def _scores(s: Screener) -> Found:
    items = {it.id: it for it in s.items}
    for i, score in enumerate(s.scores):
        path = ("scores", i)
        ok = True
        seen: set[str] = set()
        for j, ref in enumerate(score.items):
            if ref in seen:
                yield path + ("items", j), f"item '{ref}' is listed twice"
            seen.add(ref)
            if ref not in items:
                yield path + ("items", j), unknown("item", ref, list(items))
                ok = False
            elif not _usable(s, items[ref].scale):
                ok = False
            elif not _numeric(s, items[ref].scale):
                yield path + ("items", j), f"item '{ref}' has a text scale and cannot be scored"
                ok = False
        m = score.missing
        n = len(score.items)
        if m.max_missing is not None and m.max_missing >= n:
            yield path + ("missing", "max_missing"), f"must be less than the number of items ({n})"
        if m.min_answered is not None and m.min_answered > n:
            yield path + ("missing", "min_answered"), f"must be at most the number of items ({n})"
        if m.prorate and score.method != "sum":
            yield (path + ("missing", "prorate"),
                   "prorating applies to sums only (a mean already allows for missing items)")
        if score.bands and s.kind == "checklist":
            yield path + ("bands",), ("a checklist is a conversation aid: its scores cannot have bands "
                                      "(use outcomes instead)")
        if score.bands and score.bands_citation is None:
            yield (path + ("bands_citation",),
                   "this field is required when a score has bands: say where the cut-offs come from")
        if ok and score.bands:
            coverage = list(_band_coverage(s, score, path))
            yield from coverage or _bands_reached(s, score, path)
        if score.stop is not None:
            yield from _stop(s, score, path + ("stop",), ok)
        if score.bands_by_sex:
            yield from _sex_bands(s, score, path, ok)


def _sex_bands(s: Screener, score: Score, path: tuple, ok: bool) -> Found:
    """bands_by_sex: each set covers the range like ``bands`` and has its band ids in its
    order; ``bands`` (the default, used when sex is not given) is the cautious choice: no
    band starts higher in it than in a sex's set."""
    if not score.bands:
        yield path + ("bands_by_sex",), ("needs bands as well: the default set, used when the client's sex "
                                         "is not given (the cautious choice: the lower cut-offs)")
        return
    ids = [b.id for b in score.bands]
    for sex, bands in score.bands_by_sex.items():
        sp = path + ("bands_by_sex", sex)
        if [b.id for b in bands] != ids:
            yield sp, (f"must have the bands of 'bands' in the same order ({', '.join(ids)}), so a band "
                       "condition means the same whatever the client's sex")
            continue
        if ok:
            one = score.model_copy(update={"bands": bands})
            coverage = [(sp + p[len(path) + 1:], m) for p, m in _band_coverage(s, one, path)]
            yield from coverage or [(sp + p[len(path) + 1:], m) for p, m in _bands_reached(s, one, path)]
        for j, (default, own) in enumerate(zip(score.bands, bands, strict=True)):
            if j and default.min > own.min:
                yield (path + ("bands", j, "min"),
                       f"band '{default.id}' starts at {number(default.min)} here but at {number(own.min)} "
                       f"for {sex}: the default bands (used when sex is not given) must use the lower "
                       "cut-off, the cautious choice")


def _band_coverage(s: Screener, score: Score, path: tuple) -> Found:
    lo, hi, whole = score_range(s, score)
    bands: list[Band] = score.bands
    _dupe_ids = set()
    for j, band in enumerate(bands):
        bp = path + ("bands", j)
        if band.id in _dupe_ids:
            yield bp + ("id",), f"duplicate band id '{band.id}'"
        _dupe_ids.add(band.id)
        if whole:
            for name in ("min", "max", "below"):
                v = getattr(band, name)
                if v is not None and v != int(v):
                    yield bp + (name,), "this score only takes whole numbers; use a whole-number bound"
                    return
        if band.max is not None and band.max < band.min:
            yield bp + ("max",), f"max ({number(band.max)}) is below min ({number(band.min)})"
            return
        if band.below is not None and band.below <= band.min:
            yield bp + ("below",), f"below ({number(band.below)}) must be above min ({number(band.min)})"
            return
    first = bands[0]
    if Fraction(first.min) > lo:
        missed = (_values(lo, Fraction(first.min) - 1) if whole
                  else f"values from {number(lo)} up to (not including) {number(first.min)} are")
        yield path + ("bands", 0, "min"), f"{missed} not in any band (the lowest possible score is {number(lo)})"
    elif Fraction(first.min) < lo:
        yield (path + ("bands", 0, "min"),
               f"starts at {number(first.min)}, below the lowest possible score ({number(lo)})")
    for j in range(1, len(bands)):
        prev, band = bands[j - 1], bands[j]
        bp = path + ("bands", j, "min")
        if prev.below is not None:
            end = Fraction(prev.below)
            expect_next = end
        elif whole:
            end = Fraction(prev.top) + 1  # top: max, as below is not given
            expect_next = end
        else:
            yield (path + ("bands", j - 1, "max"),
                   "this score can take fractional values: every band but the last must end with 'below' (exclusive)")
            return
        start = Fraction(band.min)
        if start > expect_next:
            missed = (_values(expect_next, start - 1) if whole
                      else f"values from {number(expect_next)} up to (not including) {number(start)} are")
            yield bp, f"gap: {missed} not in any band"
        elif start < expect_next:
            exclusive = "" if prev.below is None else ", exclusive"
            yield bp, f"overlaps band '{prev.id}' (which ends at {number(prev.top)}{exclusive})"
    last = bands[-1]
    lp = path + ("bands", len(bands) - 1)
    if last.below is not None:
        if whole and Fraction(last.below) - 1 == hi:
            return
        yield lp + ("below",), f"the last band must end with max: {number(hi)} so the highest possible score is covered"
    elif Fraction(last.top) < hi:  # top: max, as below is not given
        missed = (_values(Fraction(last.top) + 1, hi) if whole
                  else f"values above {number(last.top)} up to {number(hi)} are")
        yield lp + ("max",), f"{missed} not in any band (the highest possible score is {number(hi)})"
    elif Fraction(last.top) > hi:
        yield lp + ("max",), f"ends at {number(last.top)}, above the highest possible score ({number(hi)})"


def _values(a: Fraction, b: Fraction) -> str:
    """Whole-number values a..b as words, ending with the verb: 'value 3 is'."""
    return f"value {number(a)} is" if a == b else f"values {number(a)} to {number(b)} are"


def _bands_reached(s: Screener, score: Score, path: tuple) -> Found:
    """Every band holds a score some answers give (the bands already cover the range,
    but a sum of items scored 0 or 3 is never 1 or 2)."""
    values = possible_values(s, score)
    if not values:  # too many answer combinations to list: the coverage check stands
        return
    for j, band in enumerate(score.bands):
        if band.below is not None:
            inside = [v for v in values if band.min <= v < band.below]
            span = f"from {number(band.min)} up to (not including) {number(band.below)}"
        else:
            inside = [v for v in values if band.min <= v <= band.top]
            span = f"{number(band.min)} to {number(band.top)}"
        if inside:
            continue
        above = [x for x in values if (x >= band.below if band.below is not None else x > band.top)]
        near = [number(v) for v in [x for x in values if x < band.min][-1:] + above[:1]]
        nearest = (f"the nearest possible score is {near[0]}" if len(near) == 1
                   else f"the nearest possible scores are {near[0]} and {near[1]}")
        yield (path + ("bands", j, "min"),
               f"no answers give a score in band '{band.id}' ({span}); {nearest}, so this band can never be reached")


def _stop(s: Screener, score: Score, path: tuple, ok: bool) -> Found:
    """A stop rule tests answers only (scores and outcomes are worked out after it), and
    its value is one the score can take otherwise, so it falls in a band."""
    stop = score.stop
    assert stop is not None
    yield from check_condition(stop.when, path + ("when",), _AnswersScope(s))
    if not ok:
        return
    values = possible_values(s, score)
    lo, hi, whole = score_range(s, score)
    if values is not None and stop.value not in values or not lo <= Fraction(stop.value) <= hi or (
            whole and stop.value != int(stop.value)):
        yield (path + ("value",),
               f"{number(stop.value)} is not a value this score can take ({number(lo)} to {number(hi)})")


def _outcomes(s: Screener) -> Found:
    for i, oc in enumerate(s.outcomes):
        yield from _condition(s, oc.when, ("outcomes", i, "when"), outcomes_before=i)


class _LocalScope:
    """References inside one screener: its own items, scores and earlier outcomes."""

    allowed: tuple[str, ...] = ("answer", "score", "band", "outcome")

    def __init__(self, s: Screener, outcomes_before: int):
        self.s = s
        self.earlier = [oc.id for oc in s.outcomes[:outcomes_before]]

    def not_allowed(self, kind: str) -> str:
        return (f"'{kind}' conditions are for handouts only; a screener's conditions "
                "use answer, score, band or outcome")

    def _foreign(self, ref: str, what: str) -> str | None:
        if "." in ref:  # a handout's qualified reference, such as phq9.q9
            return (f"'{ref}' names another screener; a screener's conditions refer to "
                    f"its own {what}, without a prefix")
        return None

    def item(self, ref: str):
        why = self._foreign(ref, "items")
        if why:
            return None, why
        item = next((it for it in self.s.items if it.id == ref), None)
        if item is None:
            return None, unknown("item", ref, [it.id for it in self.s.items])
        if not _usable(self.s, item.scale):
            return None, ""  # the scale's own problem is already reported
        return (self.s, item), ""

    def score(self, ref: str):
        why = self._foreign(ref, "scores")
        if why:
            return None, why
        score = next((sc for sc in self.s.scores if sc.id == ref), None)
        return ((self.s, score), "") if score else (None, unknown("score", ref, [sc.id for sc in self.s.scores]))

    def outcome(self, ref: str):
        why = self._foreign(ref, "outcomes")
        if why:
            return None, why
        if ref in self.earlier:
            return next(oc for oc in self.s.outcomes if oc.id == ref), ""
        if any(oc.id == ref for oc in self.s.outcomes):
            return None, f"outcome '{ref}' must be defined before it is used"
        return None, unknown("outcome", ref, self.earlier)

    def screener(self, sid: str):
        return None, ""  # flag and screened are refused before this is asked


class _AnswersScope(_LocalScope):
    """A score's stop rule: answers to the screener's own items only."""

    allowed = ("answer",)

    def __init__(self, s: Screener):
        super().__init__(s, 0)

    def not_allowed(self, kind: str) -> str:
        return (f"'{kind}' conditions cannot be used in a stop rule, which is worked out before "
                "scores and outcomes: test answers (answer)")


def _condition(s: Screener, cond: Condition, path: tuple, *, outcomes_before: int,
               self_item: str | None = None) -> Found:
    yield from check_condition(cond, path, _LocalScope(s, outcomes_before), self_item=self_item)


