"""Every Markdown construct a section body can hold is either drawn, its words visible
on the page, or refused at validation at file:line:col; never parsed and silently
dropped (issue 14 item 14: ``- - - deep`` once validated and drew an empty body).

The samples are keyed by markdown-it's rule names, all of them (enabled or not): a
markdown-it upgrade that adds a rule fails ``test_every_rule_has_a_sample`` until the
new rule has a sample here and its fate is checked.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from toolkit.content.markdown_body import _parser

ROOT = Path(__file__).resolve().parents[2]
ANA = ROOT / "examples" / "intakes" / "ana.yaml"

DRAWN, REFUSED = "drawn", "refused"
# rule -> (body, what happens, words that must be on the page when drawn)
SAMPLES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    # block rules
    "table": ("| Day | Plan |\n|---|---|\n| Monday | Walk |", DRAWN, ("Day", "Plan", "Monday", "Walk")),
    "code": ("Before.\n\n    Indented words stay words.", DRAWN, ("Before.", "Indented words stay words.")),
    "fence": ("```\nfenced words\n```", REFUSED, ()),
    "blockquote": ("> quoted words", REFUSED, ()),
    "hr": ("Before the rule.\n\n* * *\n\nAfter the rule.", REFUSED, ()),
    "list": ("- Breathe slowly.\n- Move gently.\n\n1. Call.\n2. Wait.", DRAWN,
             ("Breathe slowly.", "Move gently.", "Call.", "Wait.")),
    "reference": ("[help]: https://example.org/help\n\nSee [help].", DRAWN, ("example.org/help", "See [help].")),
    "html_block": ("<div>\nblock words\n</div>", REFUSED, ()),
    "heading": ("# Heading words", REFUSED, ()),
    "lheading": ("Underlined words\n===", DRAWN, ("Underlined words ===",)),
    "paragraph": ("Plain words here.", DRAWN, ("Plain words here.",)),
    "nested list": ("- - - deep words", REFUSED, ()),
    "nested list, mixed markers": ("* - + deep words", REFUSED, ()),
    "list in a numbered item": ("1. - deep words", REFUSED, ()),
    "numbered list from 5": ("5. Five.\n6. Six.", REFUSED, ()),
    "list item with two paragraphs": ("- First.\n\n  Second.", REFUSED, ()),
    "empty list item": ("- First.\n-\n- Third.", REFUSED, ()),
    # inline rules
    "text": ("Just text.", DRAWN, ("Just text.",)),
    "linkify": ("Visit https://example.org/plain today.", DRAWN, ("https://example.org/plain",)),
    "newline": ("Line one\nline two.", DRAWN, ("Line one line two.",)),
    "escape": ("\\*Not emphasis\\*.", DRAWN, ("*Not emphasis*.",)),
    "backticks": ("Run `code` now.", REFUSED, ()),
    "strikethrough": ("~~struck words~~", DRAWN, ("~~struck words~~",)),
    "emphasis": ("**Bold words** and *italic words*.", DRAWN, ("Bold words", "italic words")),
    "link": ("[Link words](https://example.org).", DRAWN, ("Link words",)),
    "image": ("![picture](https://example.org/p.png)", REFUSED, ()),
    "autolink": ("<https://example.org/auto>", DRAWN, ("https://example.org/auto",)),
    "html_inline": ("Some <span>inline</span> words.", REFUSED, ()),
    "entity": ("Fish &amp; chips &copy;", DRAWN, ("Fish &amp; chips &copy;",)),
    # pair rules and core rules
    "balance_pairs": ("**Unclosed bold and *mixed** words*", DRAWN, ("Unclosed bold", "mixed", "words")),
    "fragments_join": ("a*b*c_d_e", DRAWN, ("abc_d_e",)),
    "normalize": ("Carriage\r\nreturn.", DRAWN, ("Carriage return.",)),
    "block": ("Block words.", DRAWN, ("Block words.",)),
    "inline": ("Inline words.", DRAWN, ("Inline words.",)),
    "replacements": ("(c) stays... as typed --", DRAWN, ("(c) stays... as typed --",)),
    "smartquotes": ("\"Double\" and 'single' quotes.", DRAWN, ("\"Double\" and 'single' quotes.",)),
    "text_join": ("\\# not a heading", DRAWN, ("# not a heading",)),
}


def _rules() -> set[str]:
    md = _parser()
    return set(md.block.ruler.get_all_rules() + md.inline.ruler.get_all_rules()
               + md.inline.ruler2.get_all_rules() + md.core.ruler.get_all_rules())


def test_every_rule_has_a_sample():
    assert _rules() <= set(SAMPLES), sorted(_rules() - set(SAMPLES))


def _handout(body: str) -> str:
    lines = "".join(f"      {line}\n" if line.strip() else "\n" for line in body.split("\n"))
    return ("id: probe\nversion: \"1.0\"\ntitle: Probe\nsections:\n"
            "  - id: intro\n    heading: About this handout\n    body: |\n      For learning only.\n"
            "  - id: probe\n    heading: Probe section\n    body: |\n" + lines +
            "  - id: crisis\n    heading: If you are in danger now\n    safety: true\n    body: |\n"
            "      Call {crisis.emergency} or one of the crisis lines below, any time.\n")


@pytest.mark.parametrize("rule", sorted(SAMPLES))
def test_each_construct_is_drawn_or_refused(rule: str, tmp_path: Path, run_cli):
    body, fate, words = SAMPLES[rule]
    practice = tmp_path / "p"
    (practice / "handouts").mkdir(parents=True)
    (practice / "practice.yaml").write_text("name: Test Practice\n", encoding="utf-8")
    text = _handout(body)
    (practice / "handouts" / "probe.yaml").write_bytes(text.encode("utf-8"))
    (tmp_path / "out").mkdir()
    result = run_cli("handout", ANA, "--practice", "p", "--handout", "probe", "-o", "out/h.pdf", cwd=tmp_path)
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr
    if fate == REFUSED:
        assert result.returncode == 1, (rule, result.stdout)
        first_body_line = text.split("\n").index("    heading: Probe section") + 3
        last_body_line = first_body_line + body.count("\n")
        where = [line.split("  ", 1)[0].split(":") for line in result.stderr.splitlines()
                 if line.startswith("p/handouts/probe.yaml:")]
        assert where and all(first_body_line <= int(w[1]) <= last_body_line and int(w[2]) >= 7 for w in where), \
            result.stderr
        assert list((tmp_path / "out").iterdir()) == []
        return
    assert result.returncode == 0, (rule, result.stderr)
    shown = subprocess.run(["pdftotext", "-layout", str(tmp_path / "out" / "h.pdf"), "-"],
                           capture_output=True, text=True, check=True).stdout
    flat = " ".join(shown.split())
    for word in words:
        assert word in flat, (rule, word, flat[:600])
