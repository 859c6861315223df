"""``toolkit verify``: re-run the reference cases of every shipped instrument and
write a validation report a clinic can file.

Reference cases (``screeners/reference/<id>.yaml``, see
:mod:`toolkit.quality.reference_cases`) are written by hand from each instrument's
published scoring rules.  Every built-in screener must have them.  A practice's
own screeners are verified only when the practice ships cases for them in
``<practice>/screeners/reference/<id>.yaml``; the others are listed as not verified.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import platform
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..content.catalog import Catalog, builtin_dir
from ..content.screener_model import Screener
from ..core.errors import Problem, ProblemList
from ..core.folder_files import yaml_entries
from ..scoring.scorer import score
from .reference_cases import LoadedCase, load_reference_file

REFERENCE = "reference"


@dataclass
class CaseFailure:
    case_id: str
    line: int
    rule: str
    differences: list[str]


@dataclass
class InstrumentCheck:
    id: str
    title: str
    version: str
    kind: str
    origin: str  # "built-in" or "practice"
    cases_file: str
    sha256_screener: str
    sha256_cases: str
    passed: int = 0
    failures: list[CaseFailure] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # the whole file could not be checked

    @property
    def ok(self) -> bool:
        return not self.failures and not self.problems and self.passed > 0


@dataclass
class VerifyReport:
    toolkit_version: str
    when: dt.datetime
    python: str
    platform: str
    instruments: list[InstrumentCheck]
    not_verified: list[tuple[str, str]]  # (screener id, why)

    @property
    def ok(self) -> bool:
        return bool(self.instruments) and all(i.ok for i in self.instruments)

    @property
    def cases(self) -> tuple[int, int]:
        """(passed, failed) over every instrument."""
        return (sum(i.passed for i in self.instruments),
                sum(len(i.failures) for i in self.instruments))


def verify(practice: str | Path | None = None, *, now: dt.datetime | None = None) -> VerifyReport:
    """Run every reference case.  Raise :class:`ProblemList` (file:line:col) when a
    screener or reference file cannot be read; a case that gives another result
    than its expectation is a failure in the report, not an exception."""
    from .. import __version__

    builtin = Catalog()
    checks: list[InstrumentCheck] = []
    problems: list[Problem] = []
    not_verified: list[tuple[str, str]] = []
    ref_dir = builtin_dir("screeners") / REFERENCE
    for sid in builtin.ids():
        cases = ref_dir / f"{sid}.yaml"
        if not cases.is_file():
            problems.append(Problem(f"<built-in>/screeners/{REFERENCE}/{sid}.yaml", 0, 0, "",
                                    f"the built-in screener '{sid}' has no reference cases"))
            continue
        try:
            checks.append(_check(*_screener_and_file(builtin, sid), cases,
                                 "built-in", f"<built-in>/screeners/{REFERENCE}/{sid}.yaml"))
        except ProblemList as exc:
            problems.extend(exc.problems)
    if practice is not None and not Path(practice).is_dir():
        problems.append(Problem(str(practice), 0, 0, "", "practice folder not found"))
    elif practice is not None:
        own_catalog = Catalog(practice)
        own = Path(practice) / "screeners"
        pref = own / REFERENCE
        practice_ids = sorted(p.stem for p in own.glob("*.yaml")) if own.is_dir() else []
        refs = yaml_entries(Path(practice), pref)  # regular files inside the practice folder only
        problems += [Problem(str(path), 0, 0, "", message) for path, message in refs.values() if message]
        ref_ids = sorted(sid for sid, (_, message) in refs.items() if not message)
        for sid in ref_ids:
            if not own_catalog.has(sid):
                problems.append(Problem(str(pref / f"{sid}.yaml"), 0, 0, "",
                                        f"no screener '{sid}' for these reference cases"))
                continue
            try:
                checks.append(_check(*_screener_and_file(own_catalog, sid), pref / f"{sid}.yaml", "practice",
                                     str(pref / f"{sid}.yaml")))
            except ProblemList as exc:
                problems.extend(exc.problems)
        not_verified = [(sid, f"no reference cases in {pref}") for sid in practice_ids if sid not in ref_ids]
    if problems:
        raise ProblemList(problems)
    when = (now or dt.datetime.now().astimezone()).replace(microsecond=0)
    return VerifyReport(__version__, when, platform.python_version(),
                        f"{platform.system()} {platform.release()} ({platform.machine()})",
                        checks, not_verified)


def _screener_and_file(catalog: Catalog, sid: str) -> tuple[Screener, Path]:
    """A screener and the file it was read from (ProblemList when it has problems or no file)."""
    screener = catalog.get(sid)
    found = catalog.find(sid)
    assert found is not None  # get() found the file
    return screener, found[1]


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _check(screener: Screener, screener_path: Path, cases_path: Path, origin: str,
           display: str) -> InstrumentCheck:
    ref = load_reference_file(cases_path, screener, display=display)
    check = InstrumentCheck(screener.id, screener.title, screener.version, screener.kind, origin,
                            display, _sha256(screener_path), _sha256(cases_path))
    if ref.version != screener.version:
        check.problems.append(f"the cases were written for version {ref.version}; "
                              f"the screener is version {screener.version}")
        return check
    for case in ref.cases:
        differences = run_case(screener, case)
        if differences:
            check.failures.append(CaseFailure(case.case.id, case.line, case.case.rule, differences))
        else:
            check.passed += 1
    return check


def run_case(screener: Screener, loaded: LoadedCase) -> list[str]:
    """Score one case; every way the result differs from the expectation (empty: pass)."""
    result = score(screener, loaded.answers, sex=loaded.case.sex)
    expect = loaded.case.expect
    out: list[str] = []
    for sid, exp in expect.scores.items():
        got = result.score(sid)
        if got.value != exp.value or (got.value is None) != (exp.value is None):
            out.append(f"score {sid}: expected value {_v(exp.value)}, got {_v(got.value)}")
        got_band = got.band.id if got.band else None
        if got_band != exp.band:
            out.append(f"score {sid}: expected band {_v(exp.band)}, got {_v(got_band)}")
        if got.complete != (exp.value is not None):
            out.append(f"score {sid}: expected complete {str(exp.value is not None).lower()}, "
                       f"got {str(got.complete).lower()}")
        if exp.prorated is not None and got.prorated != exp.prorated:
            out.append(f"score {sid}: expected prorated {str(exp.prorated).lower()}, got {str(got.prorated).lower()}")
        if exp.not_applicable is not None and sorted(exp.not_applicable) != sorted(got.not_applicable):
            out.append(f"score {sid}: expected not applicable {_list(sorted(exp.not_applicable))}, "
                       f"got {_list(sorted(got.not_applicable))}")
    want_flags = sorted((f.id, f.level) for f in expect.flags)
    got_flags = sorted((f.id, f.level) for f in result.flags)
    if want_flags != got_flags:
        out.append(f"flags: expected {_pairs(want_flags)}, got {_pairs(got_flags)}")
    levels = [f.level for f in result.flags]
    if levels != sorted(levels, key=lambda lv: lv != "urgent"):
        out.append("flags: urgent flags are not listed first")
    want_out = sorted(expect.outcomes)
    got_out = sorted(o.id for o in result.outcomes)
    if want_out != got_out:
        out.append(f"outcomes: expected {_list(want_out)}, got {_list(got_out)}")
    if expect.missing is not None and sorted(expect.missing) != sorted(result.missing):
        out.append(f"missing: expected {_list(sorted(expect.missing))}, got {_list(sorted(result.missing))}")
    return out


def _v(value) -> str:
    return "null" if value is None else str(value)


def _pairs(pairs: Sequence[tuple[str, str]]) -> str:
    return "[" + ", ".join(f"{i} ({lv})" for i, lv in pairs) + "]" if pairs else "none"


def _list(items: list[str]) -> str:
    return "[" + ", ".join(items) + "]" if items else "none"


def to_markdown(report: VerifyReport) -> str:
    passed, failed = report.cases
    verdict = "PASS" if report.ok else "FAIL"
    lines = [
        "# Validation report: cry-toolkit scoring",
        "",
        (f"**Result: {verdict}**: {passed} reference case{'s' if passed != 1 else ''} passed, "
         f"{failed} failed, over {len(report.instruments)} instrument{'s' if len(report.instruments) != 1 else ''}."),
        "",
        "| | |",
        "|---|---|",
        f"| toolkit version | {report.toolkit_version} |",
        f"| date and time | {report.when.strftime('%Y-%m-%d %H:%M:%S %z').strip()} |",
        f"| Python | {report.python} ({sys.implementation.name}) |",
        f"| platform | {report.platform} |",
        "| command | `toolkit verify` |",
        "",
        ("Each instrument's reference cases were written by hand from its published "
         "scoring rules (band boundaries, prorating, not-scored cases, reversed items, "
         "critical items answered and unanswered) and are re-scored here by this "
         "installation."),
        "",
        "## Instruments",
        "",
        "| id | title | version | kind | from | cases passed | cases failed | result |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for i in report.instruments:
        result = "pass" if i.ok else "FAIL"
        lines.append(f"| {i.id} | {_cell(i.title)} | {_cell(i.version)} | {i.kind} | {i.origin} "
                     f"| {i.passed} | {len(i.failures)} | {result} |")
    if report.not_verified:
        lines += ["", "## Not verified", ""]
        lines += [f"- {sid}: {why}" for sid, why in report.not_verified]
    lines += ["", "## Failures", ""]
    if all(i.ok for i in report.instruments):
        lines.append("None.")
    for i in report.instruments:
        for problem in i.problems:
            lines.append(f"- **{i.id}** ({i.cases_file}): {problem}")
        for f in i.failures:
            lines.append(f"- **{i.id}** case `{f.case_id}` ({i.cases_file}:{f.line}): {f.rule}")
            lines += [f"    - {d}" for d in f.differences]
    lines += ["", "## Files checked (SHA-256)", "",
              "| instrument | screener file | reference cases |", "|---|---|---|"]
    lines += [f"| {i.id} | `{i.sha256_screener}` | `{i.sha256_cases}` |" for i in report.instruments]
    lines += ["", "Scores and checklist outcomes support clinical judgement; they are not diagnoses.", ""]
    return "\n".join(lines)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def report_file_name(day: dt.date) -> str:
    """The default name of the report written on ``day``."""
    return f"validation-report-{day.isoformat()}.md"


def default_report_name(report: VerifyReport) -> str:
    return report_file_name(report.when.date())


def write_report(report: VerifyReport, path: str | Path, *, force: bool = False,
                 practice: str | Path | None = None) -> Path:
    """Write the Markdown report atomically (mode 0600): never over a file of the
    practice folder, never over an existing report unless ``force``."""
    from ..core.atomic_write import write_atomic
    from ..core.output_check import check_output_file

    path = Path(path)
    check_output_file(path, inputs=[practice], force=force)
    write_atomic(path, to_markdown(report).encode("utf-8"))
    return path
