"""Where screeners come from: practice folder first, then the built-in set."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import toolkit
from toolkit import Catalog, ProblemList, load_screener
from toolkit.content.catalog import builtin_dir

ROOT = Path(__file__).resolve().parents[2]


def test_builtin_set_is_complete():
    assert Catalog().ids() == ["asq", "auditc", "cbi", "contributors", "gad2", "gad7", "medication",
                               "numbness", "pcl5", "pcptsd5", "phq2", "phq4", "phq9", "wsas"]


def test_builtin_data_ships_inside_the_installed_package():
    package_dir = Path(toolkit.__file__).resolve().parent
    if package_dir.parent == ROOT:
        pytest.skip("toolkit is imported from the source tree (editable install)")
    assert builtin_dir("screeners") == package_dir / "_data" / "screeners"
    assert (builtin_dir("screeners") / "phq9.yaml").is_file()


def test_practice_screener_shadows_builtin(tmp_path):
    folder = tmp_path / "screeners"
    folder.mkdir()
    text = (builtin_dir("screeners") / "gad2.yaml").read_text(encoding="utf-8")
    (folder / "gad2.yaml").write_text(text.replace("version: \"1.0\"", "version: \"9.9-practice\""),
                                      encoding="utf-8")
    catalog = Catalog(tmp_path)
    assert catalog.get("gad2").version == "9.9-practice"
    assert catalog.origin("gad2")[0] == "practice"
    assert catalog.get("phq9").version == "1.0"  # others still come from the built-in set
    assert catalog.origin("phq9")[0] == "built-in"
    assert load_screener("gad2").version == "1.0"


def test_practice_may_define_a_restricted_instrument_but_builtins_may_not(tmp_path):
    folder = tmp_path / "screeners"
    folder.mkdir()
    text = (builtin_dir("screeners") / "phq2.yaml").read_text(encoding="utf-8")
    restricted = text.replace("id: phq2", "id: licensed").replace("status: free", "status: restricted")
    (folder / "licensed.yaml").write_text(restricted, encoding="utf-8")
    assert Catalog(tmp_path).get("licensed").licence.status == "restricted"
    for sid in Catalog().ids():
        assert Catalog().get(sid).licence.status in ("free", "original")


def test_unknown_id_lists_known_ones():
    with pytest.raises(ProblemList) as exc:
        Catalog().get("odq")
    assert "no screener with this id (known: asq, auditc, cbi" in str(exc.value)


def test_load_screener_by_path(tmp_path):
    target = tmp_path / "phq9.yaml"
    shutil.copy(builtin_dir("screeners") / "phq9.yaml", target)
    assert load_screener(target).id == "phq9"
