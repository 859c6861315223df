"""JSON Schemas of screener, handout and practice files (``toolkit schema``).

When the ``jsonschema`` package is installed, the schemas are also checked
against the built-in screeners and a freshly written practice.yaml; without it
those tests are skipped (it is not a dependency of the toolkit).
"""

from __future__ import annotations

import json
import stat
import sys
from pathlib import Path

import pytest

from toolkit.content.catalog import builtin_dir
from toolkit.core.errors import ProblemList
from toolkit.core.yaml_reader import read_yaml_file
from toolkit.practice.scaffold import init_practice
from toolkit.practice.schemas import DIALECT, FILES, schema_bytes, schema_for, write_schemas


def plain(value):
    """YAML-reader data as plain JSON types (RawInt/RawFloat are int/float subclasses)."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    return str(value)  # dates


def test_write_schemas(tmp_path: Path):
    written = write_schemas(tmp_path / "out")
    assert [p.name for p in written] == ["screener.schema.json", "handout.schema.json",
                                         "practice.schema.json"]
    for path in written:
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data["$schema"] == DIALECT and data["title"]
        if sys.platform != "win32":
            assert stat.S_IMODE(path.stat().st_mode) == 0o600
    # an existing schema is replaced only with force (as every command that writes a file)
    with pytest.raises(ProblemList, match="already exists; use --force"):
        write_schemas(tmp_path / "out")
    assert write_schemas(tmp_path / "out", force=True) == written


def test_schema_output_is_stable():
    for kind in FILES:
        assert schema_bytes(kind) == schema_bytes(kind)


def test_practice_schema_describes_every_field():
    schema = schema_for("practice")
    assert schema["additionalProperties"] is False
    assert schema["required"] == ["name"]
    props = schema["properties"]
    assert set(props) == {"name", "address", "phone", "email", "website", "clinician", "country",
                          "language", "logo", "colours", "fonts", "base_font_size", "large_print",
                          "crisis_lines", "emergency_number", "footer"}
    for name, prop in props.items():
        assert prop.get("description"), f"{name} has no description for editors"
    assert props["country"]["pattern"] == "^[A-Z]{2}$"
    assert (props["base_font_size"]["minimum"], props["base_font_size"]["maximum"]) == (12, 24)
    assert schema["$defs"]["Colours"]["properties"]["primary"]["pattern"] == "^#[0-9A-Fa-f]{6}$"


def test_handout_schema_is_whole_file_or_overlay():
    schema = schema_for("handout")
    refs = sorted(branch["$ref"] for branch in schema["anyOf"])
    assert refs == ["#/$defs/HandoutFile", "#/$defs/HandoutOverlay"]
    assert "extends" in schema["$defs"]["HandoutOverlay"]["required"]


def test_screener_schema_requires_the_core_fields():
    schema = schema_for("screener")
    assert {"id", "title", "items"} <= set(schema["required"])
    assert schema["additionalProperties"] is False


def test_practice_init_points_files_at_the_schemas(tmp_path: Path):
    folder = tmp_path / "p"
    init_practice(folder, "US")
    first = (folder / "practice.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=schemas/practice.schema.json"
    assert (folder / "schemas" / "practice.schema.json").read_bytes() == schema_bytes("practice")
    for kind in ("handouts", "screeners"):
        readme = (folder / kind / "README.txt").read_text(encoding="utf-8")
        target = readme.split("$schema=")[1].split()[0]
        assert (folder / kind / target).resolve().is_file()


# --- checked with jsonschema, when it is installed ----------------------------------

def _validator(kind: str):
    jsonschema = pytest.importorskip("jsonschema")
    schema = schema_for(kind)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.mark.parametrize("path", sorted(builtin_dir("screeners").glob("*.yaml")), ids=lambda p: p.stem)
def test_builtin_screeners_match_the_schema(path: Path):
    validator = _validator("screener")
    data = plain(read_yaml_file(path).data)
    errors = [e.message for e in validator.iter_errors(data)]
    assert not errors, errors


def test_init_practice_yaml_matches_the_schema(tmp_path: Path):
    validator = _validator("practice")
    init_practice(tmp_path / "p", "UK")
    data = plain(read_yaml_file(tmp_path / "p" / "practice.yaml").data)
    assert not list(validator.iter_errors(data))
    assert list(validator.iter_errors({**data, "colors": {}}))  # unknown field flagged
