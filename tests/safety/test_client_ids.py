"""One client, one id (issue 14 item 14): an id typed with its accent as a separate mark
(NFD, as macOS and some exports write it) is the same client as the composed spelling;
an id holding a character that draws nothing (U+200B-U+200D, U+2060, U+FEFF, U+00AD, a
text-direction control) or an unusual space (U+00A0, U+202F, ...) is refused, naming the
field and the character, never the id.  The corpora hold the per-surface cases
(tests/data/bad_intakes/*client-id*, exports ``row-client-id-*``, forms ``client-id-*``);
this is the batch a clinic would notice: one client's two visits stay one client."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest


def test_composed_and_decomposed_ids_are_one_client_in_a_batch(tmp_path: Path, run_cli):
    (tmp_path / "export.csv").write_text("client_id,date,phq2.q1,phq2.q2\n"
                                         "Zo\u00e9-1,2026-11-20,1,1\n"
                                         "Zoe\u0301-1,2026-11-27,2,2\n", encoding="utf-8")
    result = run_cli("batch", "export.csv", "--out", "out", "--no-reports", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    with (tmp_path / "out" / "summary.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["client_id"], r["date"], r["earlier_intakes"]) for r in rows] == [("Zo\u00e9-1", "2026-11-27", "1")]


def test_an_invisible_character_in_an_id_is_refused_without_the_id(tmp_path: Path, run_cli):
    (tmp_path / "export.csv").write_text("client_id,date,phq2.q1,phq2.q2\n"
                                         "C-7731,2026-11-20,1,1\n"
                                         "C\u200d-7731,2026-11-27,2,2\n", encoding="utf-8")
    result = run_cli("batch", "export.csv", "--out", "out", "--no-reports", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    with (tmp_path / "out" / "errors.csv").open(encoding="utf-8") as fh:
        bad = list(csv.DictReader(fh))
    assert [(r["row"], r["client_id"]) for r in bad] == [("3", "")]  # the id is not repeated
    assert bad[0]["column"] == "client_id" and "U+200D" in bad[0]["reason"]
    assert "7731" not in bad[0]["reason"] and "7731" not in result.stderr


@pytest.mark.parametrize("command", ["handout", "report"])
def test_client_given_with_another_spelling_is_found(command: str, tmp_path: Path, run_cli):
    (tmp_path / "clinic.csv").write_text("client_id,date,phq2.q1,phq2.q2\n"
                                         "Zo\u00e9-1,2026-11-20,1,1\n"
                                         "C-2,2026-11-20,2,2\n", encoding="utf-8")
    result = run_cli(command, "clinic.csv", "--client", "Zoe\u0301-1", "-o", "out.pdf", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out.pdf").read_bytes().startswith(b"%PDF")
