"""The hostile-input suite, by input surface: which cases exist and how each is fed to
a command that WRITES a file, so a test can prove that nothing is written.

The case lists are the ones the golden-file tests run (imported from those test
modules, so the two can never drift apart); ``benchmarks/count_hostile.py`` prints
their sizes, and ``tests/test_hostile_inputs.py`` runs every case through
``toolkit handout ... -o out/h.pdf`` (in-process) and asserts: exit code 1, the
problem lines then "N problems found.", no traceback, the case's golden lines among
the problems, and the output folder exactly as it was (no file, no temp file).

Surfaces:

==========================  =========================================================
screener YAML               tests/data/broken_screeners/*.yaml (+3 made at run time)
intake files, CSV exports   tests/data/bad_intakes/* (+ RUNTIME_CASES made at run time)
                            + test_mapping.CASES (exports + mappings, made at run time;
                            goldens in tests/data/exports/bad/)
filled PDF forms            test_form_reader.CASES (made at run time; goldens in tests/data/bad_forms/)
practice folders, images    tests/data/broken_practices/*/ (+ PRACTICE_RUNTIME_CASES)
templates                   tests/data/broken_handouts/*.yaml and */ (overlay folders)
==========================  =========================================================
"""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"

SCREENERS_DIR = DATA / "broken_screeners"
INTAKES_DIR = DATA / "bad_intakes"
PRACTICES_DIR = DATA / "broken_practices"
HANDOUTS_DIR = DATA / "broken_handouts"

# screener cases made at run time in tests/test_screener_errors.py (one test each)
SCREENER_RUNTIME_TESTS = ("test_oversized_file", "test_invalid_utf8", "test_nul_byte")

# practice cases made at run time: tests/test_practice_errors.py covers the first six
# through load_practice; tests/test_hostile_inputs.py runs all of them through the CLI.
PRACTICE_RUNTIME_CASES = ("missing-folder", "file-not-folder", "empty-folder", "linked-folder-escape",
                          "oversized-practice-yaml", "practice-yaml-latin1", "logo-decompression-bomb",
                          "logo-truncated-png")


def screener_cases() -> list[str]:
    from test_screener_errors import CASES
    return list(CASES)


def intake_cases() -> list[str]:
    from test_intake_errors import CASE_FILES
    return list(CASE_FILES)


def intake_runtime_cases() -> list[str]:
    from test_intake_errors import RUNTIME_CASES
    return sorted(RUNTIME_CASES)


def practice_cases() -> list[str]:
    from test_practice_errors import CASES
    return list(CASES)


def handout_cases() -> tuple[list[str], list[str]]:
    """(file cases, folder cases) as tests/test_handout_errors.py enumerates them."""
    from test_handout_errors import FILE_CASES, FOLDER_CASES
    return list(FILE_CASES), list(FOLDER_CASES)


def _first_dir(*patterns: str) -> Path | None:
    for pattern in patterns:
        for path in sorted(DATA.glob(pattern)):
            if path.is_dir():
                return path
    return None


def export_dir() -> Path | None:
    """The export/mapping goldens (tests/data/exports/bad/<case>.errors)."""
    found = DATA / "exports" / "bad"
    return found if found.is_dir() else _first_dir("bad_exports", "broken_exports", "*bad*export*")


def export_makers() -> dict:
    """case -> (export text/bytes or None, mapping text or None, *extra CLI args), as
    tests/test_mapping.py builds them at run time; {} while that corpus does not exist."""
    try:
        from test_mapping import CASES
    except ImportError:
        return {}
    return dict(CASES)


def export_cases() -> list[str]:
    return sorted(export_makers())


def forms_dir() -> Path | None:
    """The filled-PDF-form goldens (tests/data/bad_forms/<case>.errors)."""
    return _first_dir("bad_forms", "broken_forms", "*bad*form*", "*broken*form*", "*hostile*form*")


def form_makers() -> dict:
    """case -> function(path) that writes the broken form: tests/test_form_reader.py makes
    its corpus at run time (no binary files committed); {} while it does not exist."""
    try:
        from test_form_reader import CASES
    except ImportError:
        return {}
    return dict(CASES)


def form_cases() -> list[str]:
    return sorted(form_makers())


def counts() -> dict[str, tuple[int, str]]:
    """Cases per surface: (count, how they are made).  A count of 0 with "pending"
    means the corpus does not exist yet."""
    files, folders = handout_cases()
    intakes = len(intake_cases()) + len(intake_runtime_cases())
    exports = export_cases()
    forms = form_cases()
    return {
        "screener YAML": (len(screener_cases()) + len(SCREENER_RUNTIME_TESTS),
                          f"{len(screener_cases())} in {SCREENERS_DIR.name}/ + "
                          f"{len(SCREENER_RUNTIME_TESTS)} made at run time"),
        "intake files and CSV exports": (
            intakes + len(exports),
            f"{len(intake_cases())} in {INTAKES_DIR.name}/ + {len(intake_runtime_cases())} made at run time"
            + (f" + {len(exports)} export/mapping cases made at run time by tests/test_mapping.py" if exports
               else " + 0 export/mapping cases (pending: tests/test_mapping.py CASES not there yet)")),
        "filled PDF forms": (len(forms), f"{len(forms)} made at run time by tests/test_form_reader.py "
                             f"(goldens in {getattr(forms_dir(), 'name', 'bad_forms')}/)" if forms
                             else "pending: no filled-form corpus (tests/test_form_reader.py CASES) yet"),
        "practice folders and images": (
            len(practice_cases()) + len(PRACTICE_RUNTIME_CASES),
            f"{len(practice_cases())} in {PRACTICES_DIR.name}/ + {len(PRACTICE_RUNTIME_CASES)} made at run time"),
        "templates": (len(files) + len(folders),
                      f"{len(files)} files + {len(folders)} overlay folders in {HANDOUTS_DIR.name}/"),
    }


MINIMUMS = {"screener YAML": 40, "intake files and CSV exports": 60, "filled PDF forms": 20,
            "practice folders and images": 30, "templates": 25}
