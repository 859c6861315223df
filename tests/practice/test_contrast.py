"""WCAG contrast of practice colours."""

from __future__ import annotations

import pytest

from toolkit.practice.contrast import _fmt, check_colours, contrast_ratio, relative_luminance


def test_reference_values():
    assert relative_luminance("#000000") == 0
    assert relative_luminance("#FFFFFF") == pytest.approx(1)
    assert contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21)
    assert contrast_ratio("#FFFFFF", "#000000") == pytest.approx(21)
    assert contrast_ratio("#1F4E79", "#1F4E79") == pytest.approx(1)
    assert contrast_ratio("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)  # the classic near miss
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


def test_defaults_pass():
    assert check_colours("#1F4E79", "#E8F0F7") == []


def test_light_primary_fails_with_the_field_and_ratio():
    [msg] = check_colours("#777777", "#E8F0F7")
    assert msg.startswith("colours.primary: #777777 on white has contrast 4.47:1")  # 4.478, rounded down
    assert "4.5:1" in msg


def test_dark_accent_fails():
    [msg] = check_colours("#1F4E79", "#555555")
    assert msg.startswith("colours.accent: body text (#1A1A1A) on #555555")


def test_both_fail():
    assert [m.split(":")[0] for m in check_colours("#FFFF00", "#000000")] == ["colours.primary", "colours.accent"]


def test_ratio_just_below_never_prints_as_passing():
    assert _fmt(4.4999) == "4.49" and _fmt(4.5) == "4.50" and _fmt(21.0) == "21.00"


@pytest.mark.parametrize("bad", ["red", "#FFF", "#GGGGGG", ""])
def test_bad_colour_text(bad):
    [msg] = check_colours(bad, "#E8F0F7")
    assert msg.startswith("colours.primary:") and "#RRGGBB" in msg
    with pytest.raises(ValueError):
        relative_luminance(bad)
