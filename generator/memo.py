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


# path -> (size, mtime_ns, ctime_ns, inode, sha256): the files this process has hashed, and, once
# `load_known_digests` seeded it, those an earlier run hashed (see `known_digest`)
_known: dict[str, tuple[int, int, int, int, str]] = {}


def known_digest(path: str | Path, limit: int | None = None) -> str | None:
    """`file_digest`, remembered while the file's size, times and inode stay.

    Why: each `board serve` rebuild, and each fresh `board build` once `load_known_digests`
    seeded the table, would otherwise read and hash thousands of unchanged files (the content,
    the cached frames, the fonts) only to learn that they did not change. The change time is
    part of the stamp: a write sets it, and unlike the modification time it cannot be put
    back. None when the file is larger than `limit` bytes; OSError when it cannot be read.
    """
    st = os.stat(path)
    if limit is not None and st.st_size > limit:
        return None
    if time.time_ns() - st.st_mtime_ns < RACY_NS:
        return file_digest(Path(path))
    key = os.path.abspath(path)
    stamp = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
    known = _known.get(key)
    if known is not None and known[:4] == stamp:
        return known[4]
    sha = file_digest(Path(path))
    _known[key] = (*stamp, sha)
    return sha


KNOWN_FORMAT = 1


def known_digests_file(root: Path) -> Path:
    return root / ".cache" / "board" / "digests.json"


def load_known_digests(table: Path) -> None:
    """Add an earlier run's digests (written by `save_known_digests`) to this process's table;
    an entry only counts while its file's stamp is unchanged, so a stale table costs nothing."""
    try:
        data = json.loads(table.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    if not isinstance(data, dict) or data.get("format") != KNOWN_FORMAT or not isinstance(data.get("files"), dict):
        return
    for key, entry in data["files"].items():
        if (isinstance(entry, list) and len(entry) == 5 and all(isinstance(n, int) for n in entry[:4])
                and isinstance(entry[4], str)):
            _known.setdefault(key, (entry[0], entry[1], entry[2], entry[3], entry[4]))


def save_known_digests(table: Path, under: Path) -> None:
    """Write the digests of the files under `under` (a project's folder) for the next run."""
    prefix = os.path.join(os.path.abspath(under), "")
    files = {key: list(entry) for key, entry in sorted(_known.items()) if key.startswith(prefix)}
    data = json.dumps({"format": KNOWN_FORMAT, "files": files}, separators=(",", ":")).encode("utf-8")
    try:
        if table.read_bytes() == data:
            return
    except OSError:
        pass
    _write_atomic(table, data)


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
