"""Builds are staged and swapped: a failure or a kill never leaves a half-written site."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.atomic import BuildLocked, build_lock, recover, staged_output


def _site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("old", encoding="utf-8")
    return site


def test_success_swaps_in_the_new_tree(tmp_path: Path) -> None:
    site = _site(tmp_path)
    with staged_output(site) as staging:
        (staging / "index.html").write_text("new", encoding="utf-8")
        assert (site / "index.html").read_text(encoding="utf-8") == "old"  # untouched meanwhile
    assert (site / "index.html").read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_failure_keeps_the_old_tree(tmp_path: Path) -> None:
    site = _site(tmp_path)
    with pytest.raises(RuntimeError):
        with staged_output(site) as staging:
            (staging / "index.html").write_text("half", encoding="utf-8")
            raise RuntimeError("boom")
    assert (site / "index.html").read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_recover_after_a_kill_between_the_renames(tmp_path: Path) -> None:
    site = _site(tmp_path)
    site.rename(tmp_path / ".site-old-1")
    (tmp_path / ".site-new-2").mkdir()
    recover(site)
    assert (site / "index.html").read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_second_writer_is_refused_and_stale_lock_taken_over(tmp_path: Path) -> None:
    site = tmp_path / "site"
    with build_lock(site):
        with pytest.raises(BuildLocked, match="正在写入"):
            with build_lock(site):
                pass
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True).stdout.strip()
    (tmp_path / ".site.lock").write_text(dead, encoding="ascii")
    with build_lock(site):
        assert (tmp_path / ".site.lock").read_text(encoding="ascii") == str(os.getpid())
