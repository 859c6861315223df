"""ReportLab is imported only by commands that render; --help stays light."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def modules_after(*argv: str) -> set[str]:
    code = ("import sys, io, contextlib\n"
            "from toolkit.cli.app import main\n"
            f"sys.argv = ['toolkit', *{list(argv)!r}]\n"
            "out = io.StringIO()\n"
            "try:\n"
            "    with contextlib.redirect_stdout(out):\n"
            "        main()\n"
            "except SystemExit:\n"
            "    pass\n"
            "print('\\n'.join(sorted(sys.modules)), file=sys.stderr)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    return set(done.stderr.split())


def test_score_and_validate_do_not_import_reportlab():
    for argv in (("score", str(ROOT / "examples/intakes/ana.yaml")),
                 ("validate", str(ROOT / "screeners")),
                 ("screeners", "list")):
        loaded = modules_after(*argv)
        assert "toolkit.cli.app" in loaded
        assert not any(m == "reportlab" or m.startswith("reportlab.") for m in loaded), argv


def test_help_imports_neither_reportlab_nor_the_models():
    loaded = modules_after("--help")
    assert "reportlab" not in loaded and "toolkit.content.screener_model" not in loaded


def test_handout_imports_reportlab(tmp_path):
    loaded = modules_after("handout", str(ROOT / "examples/intakes/ben.yaml"), "-o", str(tmp_path / "b.pdf"))
    assert "reportlab" in loaded
