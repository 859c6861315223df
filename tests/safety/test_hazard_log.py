"""The hazard log (docs/safety/hazard-log.md) is evidence, not prose: every test it names
must exist, every hazard must name at least one, and every mitigation must name a module
that exists.

- A named test is a pytest node id ``tests/<file>.py::<function>`` (or
  ``::<Class>::<method>``); it exists when the file defines it (checked by parsing the
  file, so nothing is imported or run here).
- An evidence line starting with ``pending:`` is evidence for a feature still being
  built: each is reported as a SKIP with its text (``pytest -rs`` lists them), never
  a failure, so the lead sees what is left.  A hazard whose only evidence is pending
  is skipped too; a hazard with no evidence at all fails.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LOG = ROOT / "docs" / "safety" / "hazard-log.md"
FIELDS = ("Cause", "Effect", "Severity", "Mitigation", "Evidence", "Residual risk")
SEVERITIES = ("Catastrophic", "Major", "Moderate", "Minor")
NODE = re.compile(r"`(tests/[\w/]+\.py(?:::\w+)+)`")
MODULE = re.compile(r"`(toolkit/[\w/]+\.py|handouts/[\w.-]*|toolkit(?:\.\w+)+)`")

# what the issue and the brief ask the log to cover, by words its titles must contain
REQUIRED_TOPICS = {
    "missed critical flag": "critical answer is missed",
    "wrong band": "wrong score or band",
    "incomplete score": "incomplete score shown as complete",
    "crisis number": "wrong or missing crisis number",
    "another client's data": "another client's data",
    "client data in logs": "client data in logs",
    "partial or stale file": "partial or stale output",
    "markup injection": "markup injection",
    "missing glyph": "missing glyph",
    "licensed instrument": "licensed instrument shipped",
    "medication advice": "stop or change medication",
    "diagnosis language": "diagnosis language",
    "stale/foreign form": "filled pdf form read as another instrument version",
    "formula injection": "formula injection",
    "override disabling safety": "override disables a safety section",
    "wrong country's line": "wrong country's crisis line",
    "contrast": "unreadable contrast",
    "inaccurate content": "inaccurate clinical content",
    "third-party disclosure": "disclosure to a third party",
    "form without help": "form asks about self-harm without offering help",
    "lost file": "overwritten or lost",
    "writing outside the output": "output written outside its folder",
}


@dataclass
class Hazard:
    id: str
    title: str
    fields: dict[str, str] = field(default_factory=dict)
    tests: list[str] = field(default_factory=list)
    pending: list[str] = field(default_factory=list)


def parse(text: str) -> list[Hazard]:
    hazards: list[Hazard] = []
    current: Hazard | None = None
    name = ""
    for line in text.splitlines():
        head = re.match(r"^## (HZ-\d+) (.+)$", line)
        if head:
            current = Hazard(head.group(1), head.group(2).strip())
            hazards.append(current)
            name = ""
            continue
        if current is None:
            continue
        item = re.match(r"^- \*\*([^*]+?):\*\*\s*(.*)$", line)
        if item:
            name = item.group(1)
            current.fields[name] = item.group(2)
            continue
        if name and line.startswith("  "):
            current.fields[name] += "\n" + line.strip()
            if name == "Evidence" and line.strip().startswith("- "):
                entry = line.strip()[2:]
                if entry.startswith("pending:"):
                    current.pending.append(entry)
                else:
                    current.tests += NODE.findall(entry)
    return hazards


HAZARDS = parse(LOG.read_text(encoding="utf-8"))
BY_ID = {h.id: h for h in HAZARDS}


@cache
def defined(path: str) -> frozenset[str]:
    """``func`` and ``Class::method`` names defined at the top of a test file."""
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    names = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            names.add(node.name)
        elif isinstance(node, ast.ClassDef):
            names.add(node.name)
            names.update(f"{node.name}::{n.name}" for n in node.body
                         if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)))
    return frozenset(names)


def node_exists(node_id: str) -> bool:
    path, _, name = node_id.partition("::")
    name = name.split("[", 1)[0]
    return (ROOT / path).is_file() and name.startswith(("test", "Test")) and name in defined(path)


def test_the_log_parses_into_numbered_hazards():
    assert len(HAZARDS) >= 17
    assert [h.id for h in HAZARDS] == [f"HZ-{i:02d}" for i in range(1, len(HAZARDS) + 1)]


@pytest.mark.parametrize("topic", sorted(REQUIRED_TOPICS))
def test_every_required_hazard_is_in_the_log(topic: str):
    words = REQUIRED_TOPICS[topic]
    assert any(words in h.title.lower() for h in HAZARDS), f"no hazard about {topic} ({words!r})"


@pytest.mark.parametrize("hazard_id", [h.id for h in HAZARDS])
def test_hazard_has_every_field(hazard_id: str):
    h = BY_ID[hazard_id]
    missing = [f for f in FIELDS if not h.fields.get(f, "").strip() and f != "Evidence"]
    assert not missing, f"{hazard_id}: missing {missing}"
    assert "Evidence" in h.fields, f"{hazard_id}: no Evidence field"
    assert h.fields["Severity"].strip() in SEVERITIES, h.fields["Severity"]


@pytest.mark.parametrize("hazard_id", [h.id for h in HAZARDS])
def test_mitigation_names_modules_that_exist(hazard_id: str):
    h = BY_ID[hazard_id]
    modules = MODULE.findall(h.fields["Mitigation"])
    assert modules, f"{hazard_id}: the mitigation names no module (e.g. `toolkit/scoring/scorer.py`)"
    for module in modules:
        path = ROOT / (module.replace(".", "/") + ".py" if module.startswith("toolkit.") else module)
        assert path.exists(), f"{hazard_id}: {module} does not exist"


@pytest.mark.parametrize("hazard_id", [h.id for h in HAZARDS])
def test_every_named_test_exists(hazard_id: str):
    h = BY_ID[hazard_id]
    if not h.tests:
        if h.pending:
            pytest.skip(f"{hazard_id}: evidence pending only: {'; '.join(h.pending)}")
        pytest.fail(f"{hazard_id} names no test")
    missing = [n for n in h.tests if not node_exists(n)]
    assert not missing, f"{hazard_id} names tests that do not exist: {missing}"


PENDING = [(h.id, p) for h in HAZARDS for p in h.pending]


@pytest.mark.parametrize("hazard_id, entry", PENDING or [("-", "-")],
                         ids=[f"{h}-{i}" for i, (h, _) in enumerate(PENDING)] or ["none"])
def test_pending_evidence(hazard_id: str, entry: str):
    """One skip per pending line, with its text; says so when its tests now exist."""
    if hazard_id == "-":
        pytest.skip("nothing pending")
    named = NODE.findall(entry)
    if named and all(node_exists(n) for n in named):
        pytest.skip(f"{hazard_id} {entry} -- these tests exist now: move them out of 'pending:'")
    pytest.skip(f"{hazard_id} {entry}")


def test_the_checker_catches_a_missing_test(tmp_path: Path):
    """The parser and the existence check work on a log with a made-up test."""
    log = parse("## HZ-01 Something\n\n- **Cause:** c\n- **Evidence:**\n"
                "  - `tests/cli/test_app.py::test_usage_error_exits_2`\n"
                "  - `tests/cli/test_app.py::test_that_does_not_exist`\n"
                "  - pending: later (`tests/test_nowhere.py::test_x`)\n")
    assert log[0].tests == ["tests/cli/test_app.py::test_usage_error_exits_2",
                            "tests/cli/test_app.py::test_that_does_not_exist"]
    assert log[0].pending == ["pending: later (`tests/test_nowhere.py::test_x`)"]
    assert [node_exists(n) for n in log[0].tests] == [True, False]
    assert not node_exists("tests/test_nowhere.py::test_x")
