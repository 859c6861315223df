"""Logo checks: inside the practice folder, a real PNG/JPEG, small enough."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PIL import Image

from toolkit.practice.logo import MAX_BYTES, check_logo


@pytest.fixture
def practice(tmp_path: Path) -> Path:
    folder = tmp_path / "my-practice"
    folder.mkdir()
    Image.new("RGBA", (200, 80), (31, 78, 121, 255)).save(folder / "logo.png")
    Image.new("RGB", (200, 80), (31, 78, 121)).save(folder / "logo.jpg", "JPEG")
    return folder


def only_message(practice: Path, rel: str) -> str:
    _, problems = check_logo(practice, rel)
    assert len(problems) == 1, problems
    p = problems[0]
    assert (p.file, p.path) == (str(practice / "practice.yaml"), "logo")
    return p.message


@pytest.mark.parametrize("rel", ["logo.png", "logo.jpg", "./logo.png"])
def test_good_logos(practice, rel):
    path, problems = check_logo(practice, rel)
    assert problems == [] and path == (practice / "logo.png" if "png" in rel else practice / "logo.jpg").resolve()


def test_logo_in_a_subfolder_and_an_inside_link(practice):
    (practice / "img").mkdir()
    os.symlink(practice / "logo.png", practice / "img" / "link.png")
    assert check_logo(practice, "img/link.png")[1] == []


@pytest.mark.parametrize("rel", ["/etc/passwd", "../logo.png", "img/../../logo.png", ""])
def test_paths_outside_the_folder_are_refused(practice, rel):
    msg = only_message(practice, rel)
    assert "inside the practice folder" in msg


def test_symlink_escape_is_refused(practice, tmp_path):
    Image.new("RGB", (10, 10)).save(tmp_path / "outside.png")
    os.symlink(tmp_path / "outside.png", practice / "sneaky.png")
    assert "points outside the practice folder" in only_message(practice, "sneaky.png")


def test_symlinked_folder_escape_is_refused(practice, tmp_path):
    (tmp_path / "elsewhere").mkdir()
    Image.new("RGB", (10, 10)).save(tmp_path / "elsewhere" / "a.png")
    os.symlink(tmp_path / "elsewhere", practice / "assets")
    assert "points outside the practice folder" in only_message(practice, "assets/a.png")


def test_missing_file_and_folder(practice):
    assert only_message(practice, "nope.png") == f"file not found: nope.png (looked inside {practice})"
    (practice / "dir.png").mkdir()
    assert only_message(practice, "dir.png") == "dir.png is a folder, not a file"


def test_too_many_bytes(practice):
    (practice / "big.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * MAX_BYTES)
    assert "at most 2 MiB" in only_message(practice, "big.png")


@pytest.mark.parametrize("content", [b"hello, I am text", b"GIF89a......", b"%PDF-1.4"])
def test_not_png_or_jpeg(practice, content):
    (practice / "fake.png").write_bytes(content)
    assert "is not a PNG or JPEG image" in only_message(practice, "fake.png")


def test_truncated_png(practice):
    data = (practice / "logo.png").read_bytes()
    (practice / "cut.png").write_bytes(data[: len(data) // 2])
    assert "damaged or truncated" in only_message(practice, "cut.png")


def test_a_jpeg_named_png_is_accepted_by_its_content(practice):
    (practice / "odd.png").write_bytes((practice / "logo.jpg").read_bytes())
    assert check_logo(practice, "odd.png")[1] == []


def test_too_wide(practice):
    Image.new("1", (4001, 10)).save(practice / "wide.png")
    assert "4001x10 pixels" in only_message(practice, "wide.png")


def test_decompression_bomb(practice):
    Image.new("1", (9000, 9000)).save(practice / "bomb.png")  # tiny file, 81 million pixels
    assert (practice / "bomb.png").stat().st_size < MAX_BYTES
    assert "too many pixels" in only_message(practice, "bomb.png")


def test_global_pillow_cap_is_restored(practice):
    before = Image.MAX_IMAGE_PIXELS
    check_logo(practice, "logo.png")
    assert before == Image.MAX_IMAGE_PIXELS
