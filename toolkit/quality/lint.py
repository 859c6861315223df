"""``toolkit lint``: validate every screener, handout and the practice, then apply the
content rules (:mod:`toolkit.quality.lint_rules`) to every handout.

``lint(practice, max_grade)`` returns the findings; :func:`lint_report` adds
what was checked, for the CLI's summary line and JSON output.  Errors: any
validation problem, a section body above the reading grade, a section no result
can reach, a placeholder this practice has no value for, a sentence that may
suggest stopping or changing a medicine, a section without sources.  Warnings
(never a failure): SMOG grades, which are advisory.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..content.catalog import Catalog, ScreenerMap
from ..content.defaults import DEFAULT_MAX_GRADE
from ..content.handout_loader import HandoutCatalog
from ..core.errors import Problem, ProblemList
from ..practice.context import PracticeContext
from ..practice.loader import load_practice
from .lint_rules import Finding, check_handout
from .variants import variants


@dataclass
class LintReport:
    findings: list[Finding]
    practice: str
    screeners: int = 0
    handouts: int = 0
    sections: int = 0
    variants: dict[str, int] = field(default_factory=dict)

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.level == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.level == "warning")

    def summary(self) -> dict[str, Any]:
        return {"errors": self.errors, "warnings": self.warnings, "practice": self.practice,
                "screeners": self.screeners, "handouts": self.handouts, "sections": self.sections,
                "variants": dict(self.variants)}

    def summary_line(self) -> str:
        def n(k: int, word: str) -> str:
            return f"{k} {word}{'' if k == 1 else 's'}"
        verdict = "ok" if not self.errors else "lint failed"
        return (f"{verdict}: {n(self.errors, 'error')}, {n(self.warnings, 'warning')} "
                f"({n(self.screeners, 'screener')}, {n(self.handouts, 'handout')}, "
                f"{n(self.sections, 'section')} checked; practice: {self.practice})")


def _from_problems(problems: list[Problem]) -> list[Finding]:
    return [Finding(p.file, p.line, p.col, p.path, "validate", "error", p.message) for p in problems]


def lint_report(practice: Path | None = None, max_grade: float = DEFAULT_MAX_GRADE) -> LintReport:
    """Validate everything, then check every handout's content."""

    findings: list[Finding] = []
    context: PracticeContext | None = None
    try:
        context = load_practice(practice)
    except ProblemList as exc:
        findings += _from_problems(exc.problems)
    report = LintReport(findings, str(practice) if practice else "<built-in default>")
    catalog = Catalog(practice)
    try:
        report.screeners = len(catalog.all())
    except ProblemList as exc:
        findings += _from_problems(exc.problems)
        report.screeners = len(catalog.ids())
    handouts = HandoutCatalog(practice, catalog)
    screeners = ScreenerMap(catalog)
    for hid in handouts.ids():
        report.handouts += 1
        try:
            handout = handouts.get(hid)
            found = variants(handout, screeners, country=context.model.country if context else "")
        except ProblemList as exc:
            findings += _from_problems(exc.problems)
            continue
        report.sections += len(handout.sections)
        report.variants[hid] = len(found)
        findings += check_handout(handout, found, screeners, context, max_grade)
    report.findings = sorted(set(findings))
    return report


def lint(practice: Path | None = None, max_grade: float = DEFAULT_MAX_GRADE) -> list[Finding]:
    """Every finding (errors and warnings), in file order."""
    return lint_report(practice, max_grade).findings


def to_text(report: LintReport) -> str:
    """One finding a line ("file:line:col  path: message [rule]"), a blank line
    between files, then the summary line."""
    lines: list[str] = []
    current = None
    for f in report.findings:
        if current is not None and f.file != current:
            lines.append("")
        lines.append(str(f))
        current = f.file
    if lines:
        lines.append("")
    lines.append(report.summary_line())
    return "\n".join(lines)


def to_json(report: LintReport) -> str:
    return json.dumps({"findings": [f.to_dict() for f in report.findings],
                       "summary": report.summary()}, indent=2, ensure_ascii=False)
