"""``toolkit practice init DIR --country CC``: write a new, commented practice folder.

Written: ``practice.yaml`` (every field explained for a practice manager, with
the country's built-in crisis lines shown), ``schemas/`` (JSON Schemas the YAML
files point at, for editor checking), ``handouts/`` and ``screeners/`` (empty,
each with a README.txt on shadowing built-ins) and ``sample-intake.yaml``.

Nothing is ever overwritten: if any file to be written already exists, nothing
is written.  A country without built-in crisis lines is refused with a message
that says how to set such a practice up (the toolkit will not guess crisis
numbers, and a folder that fails to load is a poor start).  Files are written
atomically with mode 0600, new folders get mode 0700.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from ..core.errors import Problem, ProblemList, problem
from .crisis_lines import (
    ALIASES,
    ELSEWHERE_NOTE,
    CountryCrisis,
    builtin_crisis,
    known_list,
)
from .schemas import FILES, schema_bytes

SCHEMA_LINE = "# yaml-language-server: $schema=schemas/practice.schema.json\n"
_HANDOUT_SCHEMA = "../schemas/handout.schema.json"
_SCREENER_SCHEMA = "../schemas/screener.schema.json"


def init_practice(folder: Path, country: str) -> list[Path]:
    """Create a practice folder for ``country``; return the files written, in order."""
    folder = Path(folder)
    code = country.strip().upper()
    if not re.fullmatch(r"[A-Z]{2}", code):
        raise problem("--country", f"'{country}' is not a two-letter "
                                   f"country code; use one of {known_list()}")
    crisis = builtin_crisis(code)
    if crisis is None:
        raise problem("--country", (
            f"there are no built-in crisis lines for {code} (built in: {known_list()}); nothing "
            f"was written. The toolkit does not guess crisis numbers: run this again with one of "
            f"the built-in countries, then in practice.yaml set country: {code} and fill in "
            f"crisis_lines and emergency_number with your local services (the file shows how)"))
    files = planned_files(folder, code, crisis)
    _refuse_existing(folder, list(files))
    created = _make_folders(folder, [folder / "schemas", folder / "handouts", folder / "screeners"])
    from ..core.atomic_write import write_atomic

    for path, data in files.items():
        write_atomic(path, data)
    for path in created:
        path.chmod(0o700)
    return list(files)


def planned_files(folder: Path, code: str, crisis: CountryCrisis) -> dict[Path, bytes]:
    """Every file ``init`` writes, with its contents."""
    files = {folder / "practice.yaml": practice_yaml(code, crisis).encode("utf-8")}
    for kind, name in FILES.items():
        files[folder / "schemas" / name] = schema_bytes(kind)
    files[folder / "handouts" / "README.txt"] = HANDOUTS_README.encode("utf-8")
    files[folder / "screeners" / "README.txt"] = SCREENERS_README.encode("utf-8")
    files[folder / "sample-intake.yaml"] = SAMPLE_INTAKE.encode("utf-8")
    return files


def _refuse_existing(folder: Path, paths: list[Path]) -> None:
    if folder.exists() and not folder.is_dir():
        raise problem(str(folder), "is a file; give a new folder name")
    practice = folder / "practice.yaml"
    if practice.exists() or practice.is_symlink():
        raise problem(str(practice), "already exists: a practice is "
                                     "already set up here; nothing was "
                                     "written (choose a new folder)")
    problems = []
    for path in paths:
        if path.exists() or path.is_symlink():
            problems.append(Problem(str(path), 0, 0, "", "already exists and is in the way; "
                                                         "nothing was written. Choose a new "
                                                         "folder, or move this file away first"))
        elif path.parent.exists() and not path.parent.is_dir():
            problems.append(Problem(str(path.parent), 0, 0, "", "is a file where a folder is "
                                                                "needed; nothing was written"))
    if problems:
        raise ProblemList(problems)


def _make_folders(folder: Path, subfolders: list[Path]) -> list[Path]:
    """Create the folders that do not exist yet (mode 0700); return the ones created."""
    created = []
    for path in [*reversed(folder.absolute().parents), folder, *subfolders]:
        if path.exists():
            continue
        try:
            path.mkdir(mode=0o700)
        except OSError as exc:
            raise problem(str(path), f"cannot create this folder "
                                     f"({exc.strerror})") from None
        created.append(path)
    return created


def _q(text: str) -> str:
    """A YAML double-quoted string (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _crisis_comment(code: str, crisis: CountryCrisis) -> str:
    lines = [f"#   - name: {_q(c.name)}\n#     number: {_q(c.number)}\n"
             + (f"#     note: {_q(c.note)}\n" if c.note else "")
             + f"#     source: {c.source}\n" for c in crisis.crisis]
    alias = [k for k, v in ALIASES.items() if v == crisis.country]
    also = f" (also written {', '.join(alias)})" if alias else ""
    return (f"# The toolkit has built-in crisis lines for {crisis.country}{also}. They are "
            f"printed in every\n# handout's safety section and on forms that ask about self-harm:\n#\n" + "".join(lines)
            + f"#   emergency number: {crisis.emergency}\n#\n"
            + _treatment_comment(crisis)
            + "# To use your own lines instead (they REPLACE the built-in ones), remove the\n"
            "# '# ' in front of these lines and edit them. Check each number with the\n"
            "# service's own site (source) and write the date you did (checked: YYYY-MM-DD);\n"
            "# source and checked are for your records and are not printed:\n#\n# crisis_lines:\n"
            + "".join(lines)
            + f"# emergency_number: {_q(crisis.emergency)}\n")


def _treatment_comment(crisis: CountryCrisis) -> str:
    if not crisis.treatment:
        return ""
    lines = "".join(f"#   {c.name}: {c.number} ({c.note})\n" for c in crisis.treatment)
    return ("# After the crisis box, handouts also list this help line, which is not a crisis\n"
            "# line (it is left out when you list your own crisis lines):\n#\n" + lines + "#\n")


def practice_yaml(code: str, crisis: CountryCrisis) -> str:
    """The commented ``practice.yaml`` for a new practice in ``code``."""
    return SCHEMA_LINE + PRACTICE_TEMPLATE.format(
        country=code, crisis=_crisis_comment(code, crisis), known=known_list(),
        elsewhere=ELSEWHERE_NOTE)


PRACTICE_TEMPLATE = """\
#
# Your practice's settings. The toolkit reads this file whenever you pass
# --practice with this folder. Lines starting with '#' are notes for you; the
# toolkit ignores them. After any change, check the file with:
#
#     toolkit validate THIS-FOLDER
#
# Tips: keep the spaces at the start of lines as they are (never use tabs).
# Put text in "double quotes" when it holds a ':' or '#', or when it is a
# number that must stay exactly as written (phone numbers, "0800 ...").
# An editor with YAML support (for example VS Code with the YAML extension)
# uses the first line of this file to suggest field names and flag mistakes.

# --- Who you are (shown at the top of every handout) -------------------------

# The practice's name. Required.
name: Your Practice Name

# Contact details, shown under the name. Optional: remove the '# ' to use one.
# address: |
#   12 High Street
#   Springfield
# phone: "555-0100"
# email: office@example.org
# website: https://example.org

# A clinician's name, if handouts should carry one. Optional.
# clinician: Dr Sam Example

# Two-letter country code, in capitals. It chooses the built-in crisis lines.
# Built in: {known}.
country: {country}

# Language of the handouts (a code such as en).
language: en

# --- Crisis lines (printed whenever a handout has a safety section) ---------

{crisis}#
# In a country without built-in lines you must list crisis_lines and
# emergency_number yourself ({elsewhere}).

# --- How handouts look -------------------------------------------------------

# Your logo: a PNG or JPEG file inside this folder, a few hundred pixels wide.
# logo: logo.png

# Colours, written as '#' and six hex digits, in quotes. They are checked for
# contrast so everyone can read them: the primary colour (headings) must be
# dark enough on white, the accent colour (tinted boxes) light enough under
# dark text.
colours:
  primary: "#1F4E79"
  accent: "#E8F0F7"

# Your own fonts: TrueType (.ttf) files inside this folder. Optional; without
# them the toolkit uses its own (Bitstream Vera). Regular is required if you
# give any; a style you leave out is drawn with the regular file.
# fonts:
#   regular: fonts/MyFont-Regular.ttf
#   bold: fonts/MyFont-Bold.ttf
#   italic: fonts/MyFont-Italic.ttf
#   bold_italic: fonts/MyFont-BoldItalic.ttf

# Size of body text in points: from 12 to 24.
base_font_size: 12

# true for large print: body text at 18 points (or base_font_size, if bigger).
# Write exactly true or false.
large_print: false

# A line printed at the bottom of every page. Optional.
# footer: "Questions? Call us on 555-0100."
"""

_SHADOW = """\
How shadowing works: the toolkit looks for a {what} here first, then among its
built-in {plural}. A file here named <id>.yaml (for example {example}.yaml) with
the same id as a built-in one is used INSTEAD of the built-in one, for this
practice only. A file with a new id adds a new {what}.

Start each file with this line so your editor can check it as you type:
# yaml-language-server: $schema={schema}

Check your files with:  toolkit lint --practice THIS-FOLDER
"""

HANDOUTS_README = _SHADOW.format(
    what="handout", plural="handouts", example="numbness", schema=_HANDOUT_SCHEMA) + """
Changing part of a built-in handout: instead of copying all of it, write a
file with 'extends:' and only your changes:

    id: numbness
    extends: numbness          # the built-in handout to start from
    sections:
      - id: what-it-is         # an existing section: change only the fields given
        body: |
          Our own words...
      - id: local-groups       # a new section: heading and body required
        heading: Groups near you
        body: Tuesday evenings at the clinic.
        after: coping          # or before: <id>; default: at the end
      - id: relationships
        disable: true          # drop a section

Safety sections (crisis lines) cannot be disabled; you may reword them, and
your crisis lines are always printed in them. The full format is described
in the toolkit's docs/handout-format.md.
"""

SCREENERS_README = _SHADOW.format(
    what="screener", plural="screeners", example="phq9", schema=_SCREENER_SCHEMA) + """
A screener file is always complete: 'extends:' is for handouts only, so to
change a built-in screener copy the whole file and edit the copy. Copies of
validated instruments must keep their wording and scoring. Instruments that
need a licence are never shipped with the toolkit; if you hold a licence you
may define one here. The format is described in docs/screener-format.md.
"""

SAMPLE_INTAKE = """\
# A sample intake for a fictional client, to try the toolkit with:
#     toolkit score sample-intake.yaml --practice THIS-FOLDER
# Answers may be values (2) or the words of the answer ("Several days").
client: {id: C-0100, name: "Sam Rivera", preferred_name: Sam, language: en}
date: 2026-11-20
answers:
  phq9:
    q1: 1
    q2: "Several days"
    q3: 2
    q4: 2
    q5: 1
    q6: 1
    q7: "More than half the days"
    q8: 0
    q9: 0
    q10: "Somewhat difficult"
  gad7:
    q1: 2
    q2: 1
    q3: "More than half the days"
    q4: 2
    q5: 1
    q6: 1
    q7: "Several days"
    q8: "Somewhat difficult"
  numbness:
    cry: "Quite a bit"
    flat: 2
    pleasant-muted: "A lot"
    pressure: 1
    detached: 1
    body-silent: 2
    guilt: 2
    duration: "3 to 6 months"
    interference: "Quite a bit"
  contributors:
    stress: 3
    exhausted: 2
    going-through-motions: 2
    small-tasks: 1
    hold-back: "Quite a bit"
    past-hurt: "no"
    worry: 2
    cultural-messages: "yes"
    fear-of-judgement: 1
    sleep: 2
    alcohol: 0
    screens: 2
  medication:
    antidepressant: snri
    recent-change: "no"
    flat-since-starting: "Not sure"
    menopause: "no"
    after-birth: "no"
    thyroid: "not-sure"
    tears-changed: "Not sure"
"""

__all__ = ["init_practice", "planned_files", "practice_yaml", "SCHEMA_LINE"]
