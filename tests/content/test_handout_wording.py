"""The wording of the built-in handouts, as a client reads it (issue 12, items 2-5
and 11): what the planned handout says for given answers, and what no variant of
any built-in handout may say.

Presence is checked on the planned handout (the sections a client with these
answers gets, placeholders filled); absence is checked on every section of every
built-in handout, which covers every variant ``toolkit preview`` can produce
(sections have no conditional sentences inside them)."""

from __future__ import annotations

import re

import pytest

from toolkit import Catalog, load_screener, score
from toolkit.content.catalog import ScreenerMap
from toolkit.content.handout_loader import HandoutCatalog
from toolkit.documents.handout import Callout, ListBlock, Paragraph
from toolkit.planning.handout import plan, plan_inputs
from toolkit.practice.loader import load_practice
from toolkit.scoring.results import IntakeResult

HANDOUTS = ["numbness", "medication-and-feelings", "burnout", "reconnecting-with-feelings", "for-partners",
            "my-safety-plan", "talking-with-your-prescriber", "after-hard-experiences",
            "hormones-and-feelings"]
FOR_CLIENTS = [h for h in HANDOUTS if h != "for-partners"]
URGENT_PHQ9 = {"q1": 1, "q2": 1, "q3": 0, "q4": 0, "q5": 0, "q6": 0, "q7": 0, "q8": 0, "q9": 1}
ON_SSRI_RECENT = {"antidepressant": "ssri", "recent-change": "yes", "flat-since-starting": "no"}
FLAT_ON_SSRI = {"antidepressant": "ssri", "flat-since-starting": "yes"}


@pytest.fixture(scope="module")
def screeners():
    return ScreenerMap(Catalog())


def _clean(text: str) -> str:
    return " ".join(text.replace("**", "").split())


def _paragraphs(blocks) -> list[str]:
    """Each paragraph and each list item of planned blocks, as plain text."""
    out: list[str] = []
    for b in blocks:
        if isinstance(b, Paragraph):
            out.append(_clean("".join(r.text for r in b.runs)))
        elif isinstance(b, ListBlock):
            out.extend(_clean("".join(r.text for r in item)) for item in b.items)
        elif isinstance(b, Callout):
            out.extend(_paragraphs(b.blocks))
    return out


def planned(screeners, handout_id: str, **answers) -> dict[str, list[str]]:
    """{section id: its paragraphs and list items} of one client's planned handout."""
    results = tuple(score(load_screener(sid), a) for sid, a in answers.items())
    doc = plan(HandoutCatalog().get(handout_id), IntakeResult("C-1", "2026-11-20", results), screeners,
               plan_inputs(load_practice(None)))
    return {s.id: [_clean(s.heading.text), *_paragraphs(s.blocks)] for s in doc.sections}


def every_section() -> list[tuple[str, str, str]]:
    """(handout, section, body text) of every section of every built-in handout."""
    return [(hid, s.spec.id, _clean(s.spec.heading + " " + s.spec.body))
            for hid in HANDOUTS for s in HandoutCatalog().get(hid).sections]


def _ids(row) -> str:
    return f"{row[0]}:{row[1]}"


# ----------------------------------------------------------------- item 2: early weeks

@pytest.mark.parametrize("handout_id", ["medication-and-feelings", "numbness", "talking-with-your-prescriber"])
def test_recent_change_warns_of_the_first_weeks_and_says_what_to_do(screeners, handout_id):
    sections = planned(screeners, handout_id, medication=ON_SSRI_RECENT)
    text = " ".join(sections["recent-change"]).lower()
    assert "first weeks" in text and "under 25" in text
    assert "thoughts of hurting yourself" in text
    assert "agitated" in text and "restless" in text
    assert "tell your prescriber straight away" in text
    assert "988" in text  # the default practice's first crisis line, named where it is needed


def test_no_recent_change_no_early_weeks_section(screeners):
    for hid in ("medication-and-feelings", "numbness", "talking-with-your-prescriber"):
        answers = {**ON_SSRI_RECENT, "recent-change": "no"}
        assert "recent-change" not in planned(screeners, hid, medication=answers)


# ----------------------------------------------------------------- item 3: not only the medicine

@pytest.mark.parametrize("handout_id, section", [("numbness", "medication"),
                                                 ("medication-and-feelings", "not-failing")])
def test_flat_feelings_may_come_from_the_medicine_low_mood_or_both(screeners, handout_id, section):
    text = " ".join(planned(screeners, handout_id, medication=FLAT_ON_SSRI)[section])
    assert "from the medicine, from low mood itself, or from both" in text
    assert "prescriber can help you work out which" in text


@pytest.mark.parametrize("row", every_section(), ids=_ids)
def test_no_handout_assumes_the_dose_or_type_is_wrong(row):
    assert "best fit" not in row[2]


# ----------------------------------------------------------------- item 4: trauma safety

TRIGGERS = re.compile(r"scan your body|a film, song|stay with it", re.IGNORECASE)
ALWAYS_ON = [row for row in every_section() if TRIGGERS.search(row[2])]


def test_the_always_on_practices_are_found():
    assert {(h, s) for h, s, _ in ALWAYS_ON} >= {
        ("numbness", "coping"), ("numbness", "naming-feelings"),
        ("reconnecting-with-feelings", "steps"), ("medication-and-feelings", "meanwhile")}


@pytest.mark.parametrize("row", ALWAYS_ON, ids=_ids)
def test_every_always_on_practice_comes_with_stop_and_ground(row):
    text = row[2].lower()
    assert "stop" in text and re.search(r"ground (yourself|themselves)", text)
    assert "feet flat on the floor" in text and re.search(r"things (you|they) can see", text)


@pytest.mark.parametrize("handout_id", FOR_CLIENTS)
def test_urgent_flag_handout_never_sends_the_client_where_no_one_is_watching(screeners, handout_id):
    sections = planned(screeners, handout_id, phq9=URGENT_PHQ9)
    assert "crisis" in sections  # the urgent flag reached this handout
    text = " ".join(p for ps in sections.values() for p in ps).lower()
    assert "no one is watching" not in text and "where no one" not in text


@pytest.mark.parametrize("row", every_section(), ids=_ids)
def test_no_variant_says_where_no_one_is_watching(row):
    assert "no one is watching" not in row[2]


# ----------------------------------------------------------------- item 5: now, or within days

@pytest.mark.parametrize("handout_id", HANDOUTS)
def test_when_to_get_help_splits_now_from_within_days(screeners, handout_id):
    parts = planned(screeners, handout_id)["when-to-get-help"]
    text = " ".join(parts)
    assert "right away" not in text
    suicide = [p for p in parts if "suicide" in p]
    months = [p for p in parts if "months" in p]
    assert suicide and months
    assert not set(suicide) & set(months)  # never in the same line or paragraph
    assert any("now" in p.lower() and ("crisis line" in p or "in the box" in p) for p in parts)
    assert any("within a few days" in p for p in parts)


# ----------------------------------------------------------------- item 11: smaller wording

@pytest.mark.parametrize("row", every_section(), ids=_ids)
def test_no_overgeneralising_or_outdated_brain_chemistry(row):
    text = row[2].lower()
    assert "numbness rather than sadness" not in text
    assert not re.search(r"serotonin|dopamine|norepinephrine|noradrenaline|brain chemi", text)


def test_the_heart_link_is_called_a_link_not_a_cause(screeners):
    text = " ".join(planned(screeners, "numbness")["why-it-matters"])
    assert "does not prove that one causes the other" in text


@pytest.mark.parametrize("row", every_section(), ids=_ids)
def test_no_heartbeat_listening(row):
    assert "heartbeat" not in row[2].lower()


@pytest.mark.parametrize("row", every_section(), ids=_ids)
def test_medicine_changes_go_through_the_prescriber_not_on_your_own(row):
    for sentence in re.split(r"(?<=[.!?])\s+", row[2]):
        if re.search(r"\b(stop|change)\b", sentence, re.IGNORECASE) and re.search(r"medicine|\bit\b", sentence):
            assert not re.search(r"on (your|their) own", sentence), sentence


@pytest.mark.parametrize("handout_id, section, answers", [
    ("numbness", "medication", {"medication": FLAT_ON_SSRI}),
    ("numbness", "medication-general", {"medication": {"antidepressant": "ssri", "flat-since-starting": "no"}}),
    ("numbness", "body-changes", {"medication": {"thyroid": "yes"}}),
    ("medication-and-feelings", "welcome", {}),
    ("medication-and-feelings", "noticed", {"medication": FLAT_ON_SSRI}),
    ("medication-and-feelings", "tears-changed", {"medication": {"tears-changed": "yes"}}),
    ("medication-and-feelings", "main-points", {}),
    ("burnout", "professional-help", {}),
    ("talking-with-your-prescriber", "welcome", {}),
    ("talking-with-your-prescriber", "not-suddenly", {}),
    ("hormones-and-feelings", "hormonal-medicines", {}),
    ("hormones-and-feelings", "thyroid-known", {"medication": {"thyroid": "yes"}}),
    ("hormones-and-feelings", "main-points", {}),
])
def test_medicine_sections_say_without_your_prescriber(screeners, handout_id, section, answers):
    text = " ".join(planned(screeners, handout_id, **answers)[section])
    assert "without your prescriber" in text


# ----------------------------------------------------------------- issue 15: the prescriber visit

def test_prescriber_sheet_says_why_never_to_stop_suddenly_to_everyone(screeners):
    """NHS, "How should you come off antidepressants?": do not stop suddenly; symptoms
    usually within 5 days, up to 6 weeks, for some severe and for months."""
    sections = planned(screeners, "talking-with-your-prescriber")
    text = " ".join(sections["not-suddenly"])
    assert "Do not stop your medicine suddenly, or without your prescriber." in text
    assert "within 5 days" in text and "6 weeks" in text and "for months" in text
    assert "electric shock" in text and "dizzy" in text
    assert "Do not stop your medicine without your prescriber." in " ".join(sections["welcome"])


def test_prescriber_sheet_never_says_how_to_lower_a_dose():
    for handout_id, section, text in every_section():
        if handout_id == "talking-with-your-prescriber":
            assert not re.search(r"\b(taper|reduce|lower|cut down|halve|skip)\b", text.lower()), section


def test_prescriber_sheet_ssri_section_only_for_an_ssri_or_snri(screeners):
    on_ssri = planned(screeners, "talking-with-your-prescriber", medication={"antidepressant": "snri"})
    assert "You told us you take an SSRI or an SNRI." in " ".join(on_ssri["ssri-snri"])
    assert "Keep taking it as prescribed while you talk it over." in " ".join(on_ssri["ssri-snri"])
    other = planned(screeners, "talking-with-your-prescriber", medication={"antidepressant": "other"})
    assert "ssri-snri" not in other and "recent-change" not in other


def test_prescriber_sheet_has_the_diary_the_questions_and_what_to_bring(screeners):
    sections = planned(screeners, "talking-with-your-prescriber")
    assert {"own-words", "diary", "questions", "what-to-bring"} <= set(sections)
    assert any(p.startswith('"I feel flat') for p in sections["own-words"])
    assert "Your feelings diary." in sections["what-to-bring"]


# ----------------------------------------------------------------- issue 15: the two new handouts

NEW_HANDOUTS = ["after-hard-experiences", "hormones-and-feelings"]
AFTER_BIRTH = {"after-birth": "yes"}


@pytest.mark.parametrize("handout_id", NEW_HANDOUTS)
def test_new_handout_with_urgent_flag_opens_with_the_crisis_section(screeners, handout_id):
    order = list(planned(screeners, handout_id, phq9=URGENT_PHQ9))
    assert order[:2] == ["crisis", "when-to-get-help"]
    assert "crisis" not in planned(screeners, handout_id)  # no urgent flag: no crisis section


@pytest.mark.parametrize("handout_id", NEW_HANDOUTS)
def test_new_handout_says_it_is_educational_and_not_a_diagnosis(screeners, handout_id):
    text = " ".join(planned(screeners, handout_id)["welcome"])
    assert "for learning only" in text and "not a diagnosis" in text


# after-hard-experiences: trauma safety

RECALL = re.compile(r"\b(go over|going over|replay|replaying|relive|reliving|write about|writing about|think back|"
                    r"remember what|recall what|the details|what happened)\b", re.IGNORECASE)
SAFE_RECALL = re.compile(r"\b(do not|don't|never|no need|not need)\b|therap|stir up|tell anyone", re.IGNORECASE)


@pytest.mark.parametrize("row", every_section(), ids=_ids)
def test_no_sentence_invites_the_client_to_recall_what_happened_on_their_own(row):
    """Trauma safety (issue 15): a sentence that mentions going over, replaying or writing
    about what happened either says the client need not do it, or leaves it to therapy."""
    for sentence in re.split(r"(?<=[.!?])\s+", row[2]):
        if RECALL.search(sentence):
            assert SAFE_RECALL.search(sentence), sentence


def test_after_hard_experiences_says_no_one_has_to_go_over_it_alone_for_everyone(screeners):
    sections = planned(screeners, "after-hard-experiences")  # nothing screened
    assert any("You do not need to go over what happened on your own." in p for p in sections["go-gently"])
    assert any("You never have to go over what happened on your own." in p for p in sections["main-points"])
    welcome = " ".join(sections["welcome"])
    assert "You do not need to tell anyone what happened" in welcome


def test_past_hurt_asks_for_no_details_and_leaves_the_work_to_therapy(screeners):
    text = " ".join(planned(screeners, "after-hard-experiences",
                            contributors={"past-hurt": "yes"})["past-hurt"])
    assert "You do not need to share the details" in text
    assert "do not need to go over it on your own" in text and "therapy" in text
    assert "past-hurt" not in planned(screeners, "after-hard-experiences", contributors={"past-hurt": "no"})


def _lists(screeners, handout_id, section_id, **answers):
    results = tuple(score(load_screener(sid), a) for sid, a in answers.items())
    doc = plan(HandoutCatalog().get(handout_id), IntakeResult("C-1", "2026-11-20", results), screeners,
               plan_inputs(load_practice(None)))
    section = next(s for s in doc.sections if s.id == section_id)
    return [b for b in section.blocks if isinstance(b, ListBlock)]


def test_grounding_5_4_3_2_1_is_a_numbered_list_in_order(screeners):
    [steps] = _lists(screeners, "after-hard-experiences", "ground-senses")
    assert steps.ordered
    items = [_clean("".join(r.text for r in item)) for item in steps.items]
    counts = [next(w for w in ("five", "four", "three", "two", "one") if f"Name {w} " in i) for i in items
              if i.startswith("Name ")]
    assert counts == ["five", "four", "three", "two", "one"]
    assert "feet flat on the floor" in items[0] and items[-1].startswith("Breathe out slowly")


@pytest.mark.parametrize("section_id", ["ground-body", "ground-words"])
def test_two_more_grounding_practices_are_taught_step_by_step_for_everyone(screeners, section_id):
    [steps] = _lists(screeners, "after-hard-experiences", section_id)  # nothing screened: always on
    assert steps.ordered and len(steps.items) >= 4


def test_dissociation_is_explained_and_grounding_offered(screeners):
    text = " ".join(planned(screeners, "after-hard-experiences")["dissociation"]).lower()
    assert "this is called dissociation" in text and "unreal" in text and "grounding" in text


def test_trauma_focused_therapy_is_named_with_its_guideline():
    s = next(s for s in HandoutCatalog().get("after-hard-experiences").sections if s.spec.id == "trauma-therapy")
    assert s.spec.when is None  # everyone who gets the handout learns the therapies exist
    assert "Trauma-focused CBT" in s.spec.body and "EMDR" in s.spec.body
    assert "NICE guideline NG116" in (s.spec.sources or "")


# hormones-and-feelings: the same day after a baby; medicines; no EPDS

SAME_DAY_SIGNS = ["harming yourself or your baby", "very confused", "see or hear things"]


@pytest.mark.parametrize("medication", [{}, {"medication": AFTER_BIRTH},
                                        {"medication": {"after-birth": "does-not-apply"}}],
                         ids=["not-screened", "after-birth", "does-not-apply"])
def test_postpartum_warning_signs_say_contact_the_same_day(screeners, medication):
    """The same-day list is never dropped by an answer (a mis-ticked "does not apply"
    included), and comes before the baby blues section."""
    sections = planned(screeners, "hormones-and-feelings", **medication)
    order = list(sections)
    assert order.index("after-birth-same-day") < order.index("after-birth")
    text = " ".join(sections["after-birth-same-day"]).lower()
    assert "midwife, health visitor, or doctor the same day" in text
    for sign in SAME_DAY_SIGNS:
        assert sign in text
    assert "call 911" in text  # the default practice's emergency number, if they cannot be reached
    help_text = " ".join(sections["when-to-get-help"])
    assert "the same day" in help_text and "harming your baby" in help_text


def test_postnatal_sections_point_to_phq9_and_the_midwife_health_visitor_or_doctor(screeners):
    sections = planned(screeners, "hormones-and-feelings", medication=AFTER_BIRTH,
                       phq9={"q1": 1, "q2": 2, "q3": 1, "q4": 1, "q5": 0, "q6": 0, "q7": 0, "q8": 0, "q9": 0})
    text = " ".join(sections["after-birth"])
    assert "PHQ-9" in text and "midwife, health visitor, or doctor" in text
    assert "baby blues" in text and "2 weeks" in text
    low = " ".join(sections["after-birth-low-mood"])
    assert "You told us you have had a baby in the last year" in low
    assert "after-birth-low-mood" not in planned(screeners, "hormones-and-feelings", medication=AFTER_BIRTH)


@pytest.mark.parametrize("row", every_section(), ids=_ids)
def test_no_handout_names_the_epds_or_its_items(row):
    assert not re.search(r"EPDS|Edinburgh", row[2])


def test_hormonal_medicines_go_through_the_prescriber(screeners):
    text = " ".join(planned(screeners, "hormones-and-feelings")["hormonal-medicines"])
    assert "Do not stop or change a hormonal medicine without your prescriber." in text
    assert "must not be stopped suddenly" in text and "Talk to your prescriber first." in text


# after-hard-experiences: the trauma screeners' results (PC-PTSD-5 3 or more; PCL-5 31 or more)

@pytest.mark.parametrize(("answers", "shown"), [
    ({"pcptsd5": {"exposure": "yes", "q1": 1, "q2": 1, "q3": 1, "q4": 0, "q5": 0}}, True),   # 3: positive
    ({"pcptsd5": {"exposure": "yes", "q1": 1, "q2": 1, "q3": 0, "q4": 0, "q5": 0}}, False),  # 2: negative
    ({"pcptsd5": {"exposure": "yes", "q1": 1, "q2": 1, "q3": 1, "q4": 1}}, False),           # unscored: no band
    ({"pcptsd5": {"exposure": "no"}}, False),                                                   # stop rule: 0
    ({"pcl5": {f"q{i}": (2 if i <= 11 else 1) for i in range(1, 21)} | {"q20": 0}}, False),  # 22 + 8 = 30
    ({"pcl5": {f"q{i}": (2 if i <= 11 else 1) for i in range(1, 21)}}, True),                 # 31: cut-off
], ids=["pcptsd5-3", "pcptsd5-2", "pcptsd5-unscored", "pcptsd5-no-exposure", "pcl5-30", "pcl5-31"])
def test_a_positive_trauma_screen_brings_its_own_section_and_nothing_else_does(screeners, answers, shown):
    sections = planned(screeners, "after-hard-experiences", **answers)
    assert ("trauma-signs" in sections) is shown
    if shown:
        text = " ".join(sections["trauma-signs"])
        assert "This is not a diagnosis." in text and "signs of stress after trauma" in text
        assert "past-hurt" not in sections  # the client did not tell us of past hurt: not said
