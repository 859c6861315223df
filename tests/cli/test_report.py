"""`toolkit report` end to end, as a clinician runs it: output line, exit codes, errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pypdf = pytest.importorskip("pypdf")

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "intakes"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "toolkit", *args], capture_output=True, text=True, timeout=120)


def test_report_for_each_example(tmp_path):
    for name, urgent in (("ana", 0), ("ben", 0), ("chloe", 0), ("dev", 2), ("eli", 0)):
        out = tmp_path / f"{name}.pdf"
        result = run("report", str(EXAMPLES / f"{name}.yaml"), "-o", str(out))
        assert result.returncode == 0, result.stderr
        expected = f"{urgent} urgent flags on page 1" if urgent else "no urgent flags"
        assert result.stdout == f"wrote {out} ({expected})\n"
        assert out.read_bytes().startswith(b"%PDF") and (out.stat().st_mode & 0o777) == 0o600
        assert "C-000" not in result.stdout + result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{n}.pdf" for n in ("ana", "ben", "chloe", "dev", "eli")]


def test_several_files_of_one_client_give_a_history(tmp_path):
    older = tmp_path / "older.yaml"
    ana = (EXAMPLES / "ana.yaml").read_text(encoding="utf-8")
    older.write_text(ana.replace("date: 2026-11-20", "date: 2026-10-02"), encoding="utf-8")
    out = tmp_path / "r.pdf"
    result = run("report", str(EXAMPLES / "ana.yaml"), str(older), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"wrote {out} (no urgent flags, 1 earlier intake)\n"
    assert "2026-10-02" in "".join(p.extract_text() for p in pypdf.PdfReader(str(out)).pages)


def test_csv_row_chosen_with_client(tmp_path):
    out = tmp_path / "r.pdf"
    result = run("report", str(EXAMPLES / "clinic-day.csv"), "--client", "C-0103", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "Client C-0103" in pypdf.PdfReader(str(out)).pages[0].extract_text()


def _dup(tmp_path: Path) -> list[str]:
    copy = tmp_path / "copy.yaml"
    copy.write_text((EXAMPLES / "ana.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    return [str(EXAMPLES / "ana.yaml"), str(copy)]


@pytest.mark.parametrize("case, message", [
    ("missing", "file not found"),
    ("two-clients", "these intakes are of 5 different clients; choose one with --client ID"),
    ("unknown-client", "no intake has the client id given with --client"),
    ("folder", "is a folder; give a file name such as report.pdf"),
    ("not-pdf", "the output file name must end in .pdf"),
    ("same-date", "two intakes of this client are dated 2026-11-20"),
])
def test_errors_exit_1_with_one_message_and_nothing_written(tmp_path, case, message):
    out = tmp_path / "out" / "r.pdf"
    out.parent.mkdir()
    csv = str(EXAMPLES / "clinic-day.csv")
    args = {
        "missing": [str(tmp_path / "nope.yaml"), "-o", str(out)],
        "two-clients": [csv, "-o", str(out)],
        "unknown-client": [csv, "--client", "C-9999", "-o", str(out)],
        "folder": [str(EXAMPLES / "ana.yaml"), "-o", str(out.parent)],
        "not-pdf": [str(EXAMPLES / "ana.yaml"), "-o", str(out.with_suffix(".txt"))],
        "same-date": [*_dup(tmp_path), "-o", str(out)],
    }[case]
    result = run("report", *args)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 2 and message in lines[0] and lines[1] == "1 problem found."
    assert "Traceback" not in result.stderr and result.stdout == ""
    for private in ("C-01", "C-0001", "Ana", "Fatima", "Haddad"):
        assert private not in result.stderr
    assert list(out.parent.iterdir()) == []


def test_report_imports_reportlab_only_to_render(tmp_path):
    code = ("import sys\nfrom toolkit.cli.app import main\n"
            "sys.argv = ['toolkit', 'report', sys.argv[1], '-o', sys.argv[2]]\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print(any(m == 'reportlab' or m.startswith('reportlab.') for m in sys.modules), file=sys.stderr)\n")

    def loads_reportlab(intake: Path) -> bool:
        done = subprocess.run([sys.executable, "-c", code, str(intake), str(tmp_path / "r.pdf")],
                              capture_output=True, text=True, timeout=60)
        return done.stderr.strip().splitlines()[-1] == "True"

    assert not loads_reportlab(tmp_path / "missing.yaml")  # failed before rendering
    assert loads_reportlab(EXAMPLES / "ben.yaml")


def test_help_lists_report():
    result = run("report", "--help")
    assert result.returncode == 0 and "--client" in result.stdout and "INTAKE..." in result.stdout
