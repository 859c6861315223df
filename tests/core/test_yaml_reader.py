"""Safe YAML reading: text stays text, numbers keep their spelling, locations kept."""

from __future__ import annotations

import pytest

from toolkit.core.errors import ProblemList
from toolkit.core.yaml_reader import RawFloat, RawInt, read_yaml_text


def test_yaml_1_2_scalars():
    doc = read_yaml_text("a: yes\nb: no\nc: on\nd: off\ne: true\nf: ~\ng: 0042\nh: 2.0\ni: 2026-11-20\nj: '7'\n",
                         "t.yaml")
    d = doc.data
    assert d["a"] == "yes" and d["b"] == "no" and d["c"] == "on" and d["d"] == "off"
    assert d["e"] is True and d["f"] is None
    assert isinstance(d["g"], RawInt) and d["g"] == 42 and d["g"].raw == "0042"
    assert isinstance(d["h"], RawFloat) and d["h"].raw == "2.0"
    assert d["i"] == "2026-11-20" and d["j"] == "7"


def test_every_value_keeps_its_location():
    doc = read_yaml_text("client:\n  id: C1\nanswers:\n  phq9: {q1: 2}\n", "t.yaml")
    assert doc.source.values[("client", "id")] == (2, 7)
    assert doc.source.values[("answers", "phq9", "q1")] == (4, 14)
    assert doc.source.keys[("answers", "phq9", "q1")] == (4, 10)


@pytest.mark.parametrize("text, message", [
    ("a: 1\na: 2\n", "t.yaml:2:1  a: duplicate key 'a'"),
    ("a: &x [1]\nb: *x\n", "anchors and aliases (& and *) are not allowed"),
    ("a: !!python/object/apply:os.system ['ls']\n",
     "t.yaml:1:4  a: YAML tags such as '!!python/object/apply:os.system' are not allowed"),
    ("a: 1\n---\nb: 2\n", "only one YAML document is allowed"),
    ("", "t.yaml:1:1  file is empty"),
])
def test_refused(text, message):
    with pytest.raises(ProblemList) as exc:
        read_yaml_text(text, "t.yaml")
    assert message in str(exc.value)


def test_alias_bomb_is_refused_quickly():
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        prev = chr(ord("a") + i - 1)
        cur = chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    with pytest.raises(ProblemList) as exc:
        read_yaml_text("\n".join(lines) + "\n", "bomb.yaml")
    assert "anchors and aliases" in str(exc.value)
