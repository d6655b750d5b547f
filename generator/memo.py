"""Results kept between runs, keyed by a digest of everything that made them.

Why: most builds change one file in thousands, yet loading re-parses and re-validates every
item and `board check` lays every body out on every screen. Each step that is a pure function
of its inputs stores its result here under a digest of those inputs (the file's bytes, the
settings, the program's code and its libraries' versions), as mkdocs-material's social plugin
keys its cards; a later run with the same inputs takes the stored result.

A memo file is only ever a shortcut: missing, truncated, foreign or unwritable files mean the
work is done again, never an error. Files are replaced atomically, so two processes (a `board
serve` and a `board build`) at worst redo each other's work.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import pickle
import time
from collections.abc import Iterable
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

log = logging.getLogger("mkdocs.plugins.board")

# what shapes loading and checking besides the project's own files
LIBRARIES = ("pyyaml", "chinese-calendar", "pypinyin", "mkdocs", "mkdocs-material", "markdown",
             "pymdown-extensions", "jinja2", "jieba", "markupsafe", "babel", "pillow", "fonttools",
             "uniseg")


def digest(*parts: str | bytes) -> str:
    """sha256 of the parts, each length-prefixed (so ("ab", "c") and ("a", "bc") differ)."""
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def file_digest(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


# A file written this recently may be written again within the same clock tick, keeping its size
# and times (git's "racy clean" case): its digest is never taken from memory.
RACY_NS = 2_000_000_000


def known_digest(path: str | Path, limit: int | None = None) -> str | None:
    """`file_digest`, remembered in this process while the file's size, times and inode stay.

    Why: each `board serve` rebuild would otherwise read and hash thousands of unchanged files
    (the content, the cached frames) only to learn that they did not change. None when the file
    is larger than `limit` bytes; OSError when it cannot be read.
    """
    st = os.stat(path)
    if limit is not None and st.st_size > limit:
        return None
    if time.time_ns() - st.st_mtime_ns < RACY_NS:
        return file_digest(Path(path))
    return _digest_while(os.fspath(path), st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


@lru_cache(maxsize=1 << 15)
def _digest_while(path: str, size: int, mtime_ns: int, ctime_ns: int, ino: int) -> str:
    return file_digest(Path(path))


def library_versions(names: Iterable[str] = LIBRARIES) -> str:
    out = []
    for name in names:
        try:
            out.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            out.append(f"{name}=-")
    return ";".join(out)


def tree_digest(folders: Iterable[Path], pattern: str = "*") -> str:
    """Paths and bytes of every file under the folders (theme overrides, this program's code)."""
    parts: list[str | bytes] = []
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(p for p in folder.rglob(pattern) if p.is_file() and "__pycache__" not in p.parts):
            parts += [path.relative_to(folder).as_posix(), file_digest(path)]
    return digest(*parts)


@lru_cache(maxsize=1)
def program_digest() -> str:
    """This program's code (generator/ and display/) and its libraries: a fix re-does everything."""
    here = Path(__file__).resolve().parent
    return digest(tree_digest([here, here.parent / "display"], "*.py"), library_versions())


def stat_digest(paths: Iterable[str | Path]) -> str:
    """Files the program reads but does not own (fonts, pictures): path, size and time."""
    parts = []
    for path in paths:
        try:
            st = os.stat(path)
            parts.append(f"{path}|{st.st_size}|{st.st_mtime_ns}")
        except OSError:
            parts.append(f"{path}|-")
    return digest(*parts)


def _ignored_by_git(path: Path) -> None:
    """The `.cache` folder a memo is written into tells git to ignore it (as .pytest_cache
    does): in a community repository whose .gitignore lacks `.cache/`, `board check` must not
    leave untracked files for `git add -A` or a pre-commit stash to pick up."""
    for parent in path.parents:
        if parent.name == ".cache":
            marker = parent / ".gitignore"
            if not marker.exists():
                marker.write_text("# 本程序的缓存，可以随时删除；不要提交到 git\n*\n", encoding="utf-8")
            return


def _write_atomic(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _ignored_by_git(path)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except OSError as exc:  # a read-only checkout still builds, only without the shortcut
        log.debug(f"无法写入缓存 {path}：{exc}")


class Memo:
    """One JSON file of results (lists, numbers, strings) keyed by digests.

    `scope` is what every entry depends on (settings, code): another scope empties the memo.
    Entries not used by a run are dropped when it saves, so the file does not grow for ever;
    after saving, the memo is ready for the next run in the same process (`board serve`).
    """

    def __init__(self, path: Path, scope: str) -> None:
        self.path = path
        self.scope = scope
        self._old: dict[str, Any] = {}
        self._new: dict[str, Any] = {}
        data = self._read()  # None: no memo yet, a damaged or a foreign one: the work is done again
        if isinstance(data, dict) and data.get("scope") == scope and isinstance(data.get("entries"), dict):
            self._old = data["entries"]

    def _read(self) -> Any:
        try:
            return json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def _dump(self) -> bytes:
        data = {"scope": self.scope, "entries": self._new}
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")

    def _changed(self) -> bool:
        return self._new != self._old

    def get(self, key: str) -> Any | None:
        if key in self._new:
            return self._new[key]
        value = self._old.get(key)
        if value is not None:
            self._new[key] = value
        return value

    def put(self, key: str, value: Any) -> None:
        self._new[key] = value

    def save(self) -> None:
        """Write what this run used (only if that differs from what was read)."""
        if self._changed():
            _write_atomic(self.path, self._dump())
        self._old, self._new = self._new, {}


class PickleMemo(Memo):
    """A `Memo` of Python objects (validated items): pickled, in the project's own .cache.

    The file is written only by this program into the project's .cache folder; anybody who can
    write there can also change the program itself, so unpickling it adds no new trust.
    """

    def _read(self) -> Any:
        try:
            with self.path.open("rb") as f:
                return pickle.load(f)
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, KeyError,
                TypeError, ValueError, IndexError):
            return None  # also one from code whose classes changed

    def _dump(self) -> bytes:
        return pickle.dumps({"scope": self.scope, "entries": self._new}, protocol=pickle.HIGHEST_PROTOCOL)

    def _changed(self) -> bool:
        return self._new.keys() != self._old.keys()  # keys are digests of the entries' inputs
