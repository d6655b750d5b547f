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
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site-spare", "site"]
    assert not any(p.is_file() for p in (tmp_path / ".site-spare").rglob("*"))  # folders only


def _files(tree: Path) -> dict[str, str]:
    return {p.relative_to(tree).as_posix(): p.read_text(encoding="utf-8") for p in tree.rglob("*") if p.is_file()}


def _folders(tree: Path) -> list[str]:
    return sorted(p.relative_to(tree).as_posix() for p in tree.rglob("*") if p.is_dir())


def test_the_replaced_trees_folders_stage_the_next_build(tmp_path: Path) -> None:
    site = tmp_path / "site"
    with staged_output(site) as staging:
        for page in ("a/b", "a/c", "d"):
            (staging / page).mkdir(parents=True)
            (staging / page / "index.html").write_text(f"first {page}", encoding="utf-8")
        (staging / "e").mkdir()  # a folder nothing was written into: not in the site
    assert _folders(site) == ["a", "a/b", "a/c", "d"]
    with staged_output(site) as staging:  # the first site stays live while this one is staged
        assert _folders(staging) == []
        (staging / "index.html").write_text("second", encoding="utf-8")
    with staged_output(site) as staging:
        assert _files(staging) == {} and _folders(staging) == ["a", "a/b", "a/c", "d"]  # the first's
        (staging / "a" / "c" / "index.html").write_text("third a/c", encoding="utf-8")
        (staging / "f").mkdir()
        (staging / "f" / "index.html").write_text("third f", encoding="utf-8")
        assert _files(site) == {"index.html": "second"}  # untouched meanwhile
    # exactly what a build from scratch holds: no folder of the first site left empty
    assert _files(site) == {"a/c/index.html": "third a/c", "f/index.html": "third f"}
    assert _folders(site) == ["a", "a/c", "f"]


def test_a_spare_file_linked_to_the_site_is_unlinked_not_emptied(tmp_path: Path) -> None:
    site = _site(tmp_path)
    spare = tmp_path / ".site-spare"
    (spare / "page").mkdir(parents=True)
    os.link(site / "index.html", spare / "index.html")  # as generator.pagecache links pages
    (spare / "page" / "index.html").write_text("stale", encoding="utf-8")  # left by a crash
    with staged_output(site) as staging:
        assert _files(staging) == {} and (staging / "page").is_dir()
        assert (site / "index.html").read_text(encoding="utf-8") == "old"
        (staging / "index.html").write_text("new", encoding="utf-8")
    assert _files(site) == {"index.html": "new"}


def _failed_build(site: Path) -> None:
    with pytest.raises(RuntimeError):
        with staged_output(site) as staging:
            (staging / "index.html").write_text("half", encoding="utf-8")
            raise RuntimeError("boom")


def test_failure_keeps_the_old_tree(tmp_path: Path) -> None:
    site = _site(tmp_path)
    _failed_build(site)
    assert (site / "index.html").read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    with staged_output(site) as staging:  # now a spare exists, and the failed build stages in it
        (staging / "index.html").write_text("second", encoding="utf-8")
    _failed_build(site)
    assert (site / "index.html").read_text(encoding="utf-8") == "second"
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
