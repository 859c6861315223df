"""Evidence for hazards of docs/safety/hazard-log.md that had no test of their own.

Each test names its hazard.  The other hazards point at tests elsewhere in tests/
(tests/safety/test_hazard_log.py checks that every named test exists).
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
import yaml

from toolkit.pipelines.handout import build_handout
from toolkit.practice.crisis_lines import BUILTIN, KNOWN

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "intakes"

pypdf = pytest.importorskip("pypdf")

HANDOUT_IDS = sorted(p.stem for p in (ROOT / "handouts").glob("*.yaml"))


def flat(text: str) -> str:
    return "".join(text.split())


def page_text(path: Path, page: int | None = None) -> str:
    reader = pypdf.PdfReader(str(path))
    pages = reader.pages if page is None else [reader.pages[page]]
    return "\n".join(p.extract_text() for p in pages)


# --- HZ-05: the crisis lines of the practice's own country, and no other -----------------------

def _numbers(country: str) -> set[str]:
    c = BUILTIN[country]
    return {flat(line.number) for line in c.lines} | {flat(c.emergency)}


@pytest.mark.parametrize("country", KNOWN)
def test_each_country_handout_shows_its_own_crisis_lines_only(country: str, tmp_path: Path, run_cli):
    """HZ-05.  An urgent client of a practice in each built-in country gets that country's
    crisis lines and emergency number on page 1, and none of another country's numbers."""
    practice = tmp_path / "p"
    assert run_cli("practice", "init", practice, "--country", country).returncode == 0
    out = tmp_path / "h.pdf"
    result = run_cli("handout", EXAMPLES / "dev.yaml", "--practice", practice, "-o", out)
    assert result.returncode == 0, result.stderr
    first = flat(page_text(out, 0))
    own = _numbers(country)
    for number in own:
        assert number in first, (country, number)
    others = {n for c in KNOWN if c != country for n in _numbers(c)}
    # the country's own "finding a therapist" numbers are its own too (Ireland's HSE line
    # 1800 111 888 holds the UK's "111"); that section is checked to be this country's
    mine_all = own | _service_numbers(country)
    for number in others - own:
        if any(number in mine for mine in mine_all):
            continue  # e.g. "111" inside Australia's "131114"
        assert number not in flat(page_text(out)), (country, number)


def _service_numbers(country: str) -> set[str]:
    """The phone numbers in the built-in numbness handout's section for this country."""
    from toolkit.content.handout_loader import HandoutCatalog

    section = next(hs for hs in HandoutCatalog().get("numbness").sections
                   if hs.spec.id == f"therapist-{country.lower()}")
    return {flat(m) for m in re.findall(r"\d[\d ]{2,}\d", section.spec.body)}


# --- HZ-07: another client's data in a handout ----------------------------------------------------

def _csv_clients() -> list[tuple[str, str]]:
    with (EXAMPLES / "clinic-day.csv").open(encoding="utf-8-sig") as fh:
        return [(row["client_id"], row["client_name"]) for row in csv.DictReader(fh) if row["client_id"]]


@pytest.mark.parametrize("client_id, name", _csv_clients())
def test_a_handout_of_one_csv_row_holds_no_other_clients_data(client_id: str, name: str):
    """HZ-07.  ``--client`` picks exactly one row: its name is in the plan, no other row's."""
    doc, _ = build_handout(EXAMPLES / "clinic-day.csv", client_id=client_id)
    text = repr(doc)
    assert name in text
    for other_id, other_name in _csv_clients():
        if other_id != client_id:
            assert other_name not in text and other_id not in text, (client_id, other_id)


def test_consecutive_handouts_in_one_process_do_not_mix_clients(tmp_path: Path, run_cli):
    """HZ-07.  Caches (catalogs, fonts, styles) carry nothing from one client to the next:
    in one process, Ana's handout, then Ben's, then Ana's again (same bytes as the first)."""
    files = []
    for i, who in enumerate(("ana", "ben", "ana")):
        out = tmp_path / f"{i}-{who}.pdf"
        assert run_cli("handout", EXAMPLES / f"{who}.yaml", "-o", out).returncode == 0
        files.append(out)
    ben = flat(page_text(files[1]))
    assert "Ana" not in ben and "López" not in ben
    assert files[0].read_bytes() == files[2].read_bytes()


# --- HZ-12: a licensed instrument shipped -----------------------------------------------------------

# The PCL-5 left this list in issue 15: it is public domain (a US National Center for PTSD
# measure, "in the public domain and not copyrighted"; screeners/pcl5.yaml) and now ships.
LICENSED = re.compile(r"\b(BDI|Beck|Maslach|MBI|Oxford Depression|ODQ|HADS|Hospital Anxiety|Hamilton|"
                      r"SCL-90|MMPI|Edinburgh Postnatal)\b", re.IGNORECASE)


@pytest.mark.parametrize("path", sorted((ROOT / "screeners").glob("*.yaml")), ids=lambda p: p.name)
def test_no_shipped_screener_is_restricted_or_a_licensed_instrument(path: Path):
    """HZ-12.  Every built-in screener is free or our own, and none is (or copies the items
    of) a known licensed instrument."""
    from toolkit.content.screener_loader import load_screener_file

    screener = load_screener_file(path)
    assert screener.licence.status in ("free", "original"), (path.name, screener.licence.status)
    for text in (screener.id, screener.title, *(item.text for item in screener.items)):
        assert not LICENSED.search(text), (path.name, text)


def test_the_installed_package_ships_the_same_screeners_and_no_reference_to_restricted_ones():
    """HZ-12.  What the wheel carries is what was checked above."""
    from toolkit.content.catalog import Catalog, builtin_dir

    shipped = sorted(p.name for p in builtin_dir("screeners").glob("*.yaml"))
    assert shipped == sorted(p.name for p in (ROOT / "screeners").glob("*.yaml"))
    for screener in Catalog().all():
        assert screener.licence.status != "restricted", screener.id


# --- HZ-15: diagnosis language in a handout ----------------------------------------------------------

DIAGNOSIS = [
    re.compile(r"\byou (have|are suffering from|suffer from|are living with) "
               r"(clinical )?(depression|anxiety|burnout|ptsd|trauma|an? [a-z ]*(disorder|illness))", re.I),
    re.compile(r"\byou are (clinically )?(depressed|mentally ill|burned out|burnt out)\b", re.I),
    re.compile(r"\b(your|this) (score|result|answers?) (means|shows|proves|confirms) (that )?you (have|are)\b", re.I),
    re.compile(r"\b(diagnos(is|es|ed|e))\b", re.I),
]
ALLOWED = re.compile(r"\b(is|are) not a diagnosis\b|\bnot a diagnosis\b|\bcannot diagnose\b|\bdoes not diagnose\b",
                     re.I)


def _strings(node) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for v in node.values() for s in _strings(v)]
    if isinstance(node, list):
        return [s for v in node for s in _strings(v)]
    return []


def diagnosis_sentences(text: str) -> list[str]:
    found = []
    for sentence in re.split(r"(?<=[.!?])\s+", " ".join(text.split())):
        rest = ALLOWED.sub("", sentence)
        if any(p.search(rest) for p in DIAGNOSIS):
            found.append(sentence)
    return found


def test_the_diagnosis_detector_catches_what_it_should():
    assert diagnosis_sentences("Your answers show you have depression.")
    assert diagnosis_sentences("You are depressed. Talk to someone.")
    assert diagnosis_sentences("This score means you have an anxiety disorder.")
    assert diagnosis_sentences("We diagnosed burnout.")
    assert not diagnosis_sentences("This handout is educational. It is not a diagnosis.")
    assert not diagnosis_sentences("You may feel low. Many people with stress feel numb.")


@pytest.mark.parametrize("handout_id", HANDOUT_IDS)
def test_no_handout_text_states_a_diagnosis(handout_id: str):
    """HZ-15.  No built-in handout tells the client what they "have": it is educational."""
    data = yaml.safe_load((ROOT / "handouts" / f"{handout_id}.yaml").read_text(encoding="utf-8"))
    problems = [s for text in _strings(data) for s in diagnosis_sentences(text)]
    assert problems == []


@pytest.mark.parametrize("example", ["ana", "ben", "chloe", "dev", "eli"])
def test_no_rendered_handout_states_a_diagnosis(example: str, tmp_path: Path, run_cli):
    """HZ-15.  The same, on the text of the handout each example client gets (placeholders
    filled, sections chosen)."""
    out = tmp_path / "h.pdf"
    assert run_cli("handout", EXAMPLES / f"{example}.yaml", "-o", out).returncode == 0
    assert diagnosis_sentences(page_text(out)) == []


# --- HZ-01 / HZ-04: crisis help first in every handout ---------------------------------------------

@pytest.mark.parametrize("handout_id", [h for h in HANDOUT_IDS if h != "for-partners"])
def test_every_handout_puts_crisis_help_first_on_an_urgent_flag(handout_id: str):
    """HZ-01, HZ-04.  Whatever handout is chosen, an urgent flag brings the crisis section
    first with the practice's crisis lines; without one, no crisis box opens the handout.
    (Not ``for-partners``: it is the same for every result, its crisis section always
    there near the top of page 1; HZ-29 below and tests/safety/test_partner_handout.py.)"""
    doc, practice = build_handout(EXAMPLES / "dev.yaml", handout_id=handout_id)
    assert doc.sections[0].safety and doc.has_crisis_block, handout_id
    numbers = {line.number for line in practice.crisis_lines}
    assert numbers and all(n in repr(doc.sections[0]) for n in numbers)
    calm, _ = build_handout(EXAMPLES / "ben.yaml", handout_id=handout_id)
    assert "CrisisBlock" not in repr(calm.sections[0]), handout_id


# --- HZ-29: the partners' handout reveals nothing of the client's results ----------------------------

def test_for_partners_handout_reveals_no_results():
    """HZ-29.  ``for-partners`` is the same for every client result: clients with very
    different results, one of them urgent (dev), get the same sections in the same order,
    the crisis help among them for everyone (issue 12, item 7: its presence alone used to
    tell a partner that an urgent flag had come up)."""
    plans = {who: build_handout(EXAMPLES / f"{who}.yaml", handout_id="for-partners")[0]
             for who in ("ana", "ben", "chloe", "dev", "eli")}
    ids = {who: tuple(s.id for s in d.sections) for who, d in plans.items()}
    assert len(set(ids.values())) == 1, ids
    assert all(d.has_crisis_block for d in plans.values())


# --- HZ-17: CSV formula injection in exports ----------------------------------------------------------

@pytest.mark.parametrize("prefix", ["=", "+", "-", "@", "\t", "\r"])
def test_score_csv_output_neutralises_formula_cells(prefix: str):
    """HZ-17.  Even if a formula-like value reached the scorer (intakes refuse them), the CSV
    that ``toolkit score --format csv`` writes starts such a cell with an apostrophe."""
    from toolkit import load_screener, score
    from toolkit.scoring.formats import to_csv
    from toolkit.scoring.results import IntakeResult

    evil = prefix + 'HYPERLINK("http://evil.example","x")'
    result = IntakeResult(evil, "2026-11-20", (score(load_screener("phq2"), {"q1": 1, "q2": 2}),))
    rows = list(csv.DictReader(io.StringIO(to_csv([result]))))
    assert rows and all(r["client_id"] == "'" + evil for r in rows)
    assert rows[0]["value"] == "3"  # numbers stay numbers
