"""Atomic 0600 writes: all or nothing, nothing left behind."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from toolkit.core.atomic_write import write_atomic
from toolkit.core.errors import ProblemList


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_writes_with_mode_0600_even_with_an_open_umask(tmp_path):
    old = os.umask(0)
    try:
        write_atomic(tmp_path / "ana.pdf", b"%PDF-new")
    finally:
        os.umask(old)
    assert (tmp_path / "ana.pdf").read_bytes() == b"%PDF-new"
    assert mode(tmp_path / "ana.pdf") == 0o600
    assert os.listdir(tmp_path) == ["ana.pdf"]


def test_replaces_and_tightens_an_existing_file(tmp_path):
    target = tmp_path / "ana.pdf"
    target.write_bytes(b"old")
    target.chmod(0o644)
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new" and mode(target) == 0o600


def test_temp_file_is_hidden_in_the_target_folder_and_never_named_after_the_client(tmp_path, monkeypatch):
    seen = []
    real_open = os.open

    def spy(path, *args, **kwargs):
        seen.append(Path(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", spy)
    write_atomic(tmp_path / "Ana Lopez.pdf", b"x")
    temp = seen[0]
    assert temp.parent == tmp_path and temp.name.startswith(".") and temp.name.endswith(".tmp")
    assert "Ana" not in temp.name and "Lopez" not in temp.name


@pytest.mark.parametrize("exc", [OSError(28, "No space left on device"), KeyboardInterrupt()])
def test_failure_at_replace_leaves_nothing_and_keeps_the_old_file(tmp_path, monkeypatch, exc):
    target = tmp_path / "ana.pdf"
    target.write_bytes(b"previous")

    def boom(*args, **kwargs):
        raise exc

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(ProblemList if isinstance(exc, OSError) else KeyboardInterrupt) as err:
        write_atomic(target, b"new")
    assert target.read_bytes() == b"previous"
    assert os.listdir(tmp_path) == ["ana.pdf"]
    if isinstance(exc, OSError):
        assert str(err.value) == f"{target}  cannot write: the disk is full"


def test_interrupt_while_writing_leaves_nothing(tmp_path, monkeypatch):
    def interrupted(fd):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(tmp_path / "ana.pdf", b"data")
    assert os.listdir(tmp_path) == []


def test_missing_folder_is_a_clear_problem(tmp_path):
    with pytest.raises(ProblemList) as err:
        write_atomic(tmp_path / "nope" / "ana.pdf", b"x")
    assert "does not exist" in str(err.value)
    assert not (tmp_path / "nope").exists()


def test_target_is_a_folder(tmp_path):
    (tmp_path / "out").mkdir()
    with pytest.raises(ProblemList) as err:
        write_atomic(tmp_path / "out", b"x")
    assert "this is a folder" in str(err.value)
    assert os.listdir(tmp_path) == ["out"]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root ignores folder permissions")
def test_permission_denied(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        with pytest.raises(ProblemList) as err:
            write_atomic(locked / "ana.pdf", b"x")
        assert "permission denied" in str(err.value)
    finally:
        locked.chmod(0o700)
