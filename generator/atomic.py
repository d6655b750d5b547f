"""Build into a fresh folder, then swap it in: a killed build never leaves a half-written site.

`site/` is replaced by two renames (old → `.site-old-*`, new → `site/`). A crash between them
leaves the old tree in `.site-old-*`, which `recover` puts back at the start of the next build.
A lock file keeps two builds from writing into the same output at once.

The replaced tree is not deleted: its files are, and its folders stay as `.site-spare`, the next
build's staging folder. A site of 3,000 pages is 3,000 page folders; making and removing them on
every build cost more than writing the few pages an edit changes (0.5 ms a folder on the
benchmark machine's disk), while the files in them are cheap to unlink. The staged tree is
pruned of folders left empty before the swap, so it holds what a build from scratch holds.
"""
from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path


def write_atomic(path: Path, data: bytes) -> None:
    """Write via a temporary file beside it and rename, so readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class BuildLocked(Exception):
    """Another build holds the lock; the message is for the user."""


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


@contextlib.contextmanager
def build_lock(site_dir: Path, *, wait: float = 0.0) -> Iterator[None]:
    """Hold `<site>.lock` for the duration; stale locks of dead processes are taken over."""
    lock = site_dir.parent / f".{site_dir.name}.lock"
    deadline = time.monotonic() + wait
    while True:
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
            break
        except FileExistsError:
            try:
                holder = int(lock.read_text(encoding="ascii").strip() or "0")
            except (OSError, ValueError):
                holder = 0
            if holder and not _pid_alive(holder):
                lock.unlink(missing_ok=True)
                continue
            if time.monotonic() >= deadline:
                raise BuildLocked(f"另一个生成任务（进程 {holder}）正在写入 {site_dir.name}/，请等它结束后再试") from None
            time.sleep(0.2)
    try:
        os.write(fd, str(os.getpid()).encode("ascii"))
        os.close(fd)
        yield
    finally:
        lock.unlink(missing_ok=True)


def _spare(site_dir: Path) -> Path:
    return site_dir.parent / f".{site_dir.name}-spare"


def recover(site_dir: Path) -> None:
    """Undo a swap interrupted between its two renames; remove abandoned temporary trees."""
    parent = site_dir.parent
    olds = sorted(parent.glob(f".{site_dir.name}-old-*"))
    if not site_dir.exists() and olds:
        olds[-1].rename(site_dir)
        olds = olds[:-1]
    for leftover in [*olds, *parent.glob(f".{site_dir.name}-new-*")]:
        shutil.rmtree(leftover, ignore_errors=True)


def empty_files(tree: Path) -> None:
    """Unlink every file (and symlink) under `tree`, keeping its folders. Never truncates: a
    file here may be a hard link to a page of the live site (generator.pagecache links them)."""
    stack = [os.fspath(tree)]
    while stack:
        with os.scandir(stack.pop()) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
                else:
                    os.unlink(entry.path)


def prune_empty_folders(tree: Path) -> None:
    """Remove the folders under `tree` that hold no file, deepest first (`tree` itself stays)."""
    def prune(folder: str) -> bool:  # True when `folder` is left empty
        empty = True
        with os.scandir(folder) as entries:
            children = list(entries)
        for entry in children:
            if entry.is_dir(follow_symlinks=False) and prune(entry.path):
                try:
                    os.rmdir(entry.path)
                    continue
                except OSError:  # an empty folder we may not remove is harmless in a site
                    pass
            empty = False
        return empty

    prune(os.fspath(tree))


def _claim_spare(site_dir: Path, new: Path) -> bool:
    """Make the previous build's spare folders the staging folder `new`, emptied of any file."""
    spare = _spare(site_dir)
    if not spare.is_dir():
        return False
    try:
        empty_files(spare)
        spare.rename(new)
    except OSError:  # a file held open (Windows), a permission: start from an empty folder
        shutil.rmtree(spare, ignore_errors=True)
        return False
    return True


@contextlib.contextmanager
def staged_output(site_dir: Path) -> Iterator[Path]:
    """Yield a folder without files to build into; on success it becomes `site_dir`."""
    site_dir = site_dir.absolute()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    recover(site_dir)
    stamp = f"{os.getpid()}-{time.monotonic_ns()}"
    new = site_dir.parent / f".{site_dir.name}-new-{stamp}"
    if not _claim_spare(site_dir, new):
        new.mkdir()
    try:
        yield new
        prune_empty_folders(new)
    except BaseException:
        shutil.rmtree(new, ignore_errors=True)
        raise
    old = site_dir.parent / f".{site_dir.name}-old-{stamp}"
    if site_dir.exists():
        site_dir.rename(old)
    new.rename(site_dir)
    if old.exists():
        _keep_as_spare(old, _spare(site_dir))


def _keep_as_spare(old: Path, spare: Path) -> None:
    """The replaced tree's folders, kept for the next build (its files are unlinked now, so the
    spare holds no second copy of the site's images and PDFs)."""
    try:
        empty_files(old)
        old.rename(spare)
    except OSError:
        shutil.rmtree(old, ignore_errors=True)
