"""A content-addressed render cache: key (hash of everything that shapes the output) → files.

Why: rendering a 1080p frame costs tens of milliseconds and a community rebuilds on every edit
and on a timer. A manifest maps each job's key to the files it produced; files are named by
the sha256 of their bytes, so an unchanged frame keeps its name (and players skip downloading
it). Slides and posters share this class, each under its own name in `.cache/board/`.
"""
from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from datetime import date, timedelta
from pathlib import Path

from generator.atomic import write_atomic  # noqa: F401 - the one atomic write, used by the raster side too
from generator.memo import file_digest, known_digest

_DIGEST = re.compile(r"[0-9a-f]{64}")  # file names in the manifest: nothing else is trusted
KEEP_DAYS = 30  # entries unused this long are dropped (with their files) when saving


def cache_key(*parts: object) -> str:
    """sha256 of the parts as canonical JSON (sorted keys, no whitespace)."""
    text = json.dumps(parts, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class RenderCache:
    """`<root>/<name>.json` (the manifest) and `<root>/<name>/<sha256>.<ext>` (the files)."""

    root: Path
    name: str
    ext: str = "png"
    today: date = field(default_factory=date.today)
    _entries: dict[str, dict[str, object]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.root = Path(self.root)
        try:
            data = json.loads(self.manifest_path.read_text(encoding="utf-8"))
            entries = data.get("entries", {}) if isinstance(data, dict) else {}
            entries = entries if isinstance(entries, dict) else {}
            self._entries = {k: v for k, v in entries.items()
                             if isinstance(v, dict) and isinstance(v.get("files"), list)}
        except (OSError, ValueError):
            self._entries = {}  # no cache yet, or a damaged one: render everything again

    @property
    def manifest_path(self) -> Path:
        return self.root / f"{self.name}.json"

    @property
    def files_dir(self) -> Path:
        return self.root / self.name

    def path(self, digest: str) -> Path:
        return self.files_dir / f"{digest}.{self.ext}"

    def intact(self, digest: str) -> bool:
        """Is the file for `digest` there with exactly those bytes (not truncated or replaced)?

        Hashed again only when its size, times or inode changed (each `board serve` rebuild asks
        about every cached frame)."""
        try:
            return known_digest(self.path(digest)) == digest
        except OSError:
            return False

    def get(self, key: str) -> list[str] | None:
        """The files' digests for `key`, if every file is still there, byte for byte.

        A damaged cache (a file deleted, truncated or overwritten) is a miss: the caller renders
        again and `put` rewrites the file, so a damaged file is never copied into a build."""
        entry = self._entries.get(key)
        if entry is None:
            return None
        files = [str(f) for f in entry["files"]]  # type: ignore[union-attr]
        if not all(_DIGEST.fullmatch(f) and self.intact(f) for f in files):
            return None
        entry["used"] = self.today.isoformat()
        return files

    def put(self, key: str, blobs: Sequence[bytes]) -> list[str]:
        digests = []
        for blob in blobs:
            digest = sha256_bytes(blob)
            if not self.intact(digest):
                write_atomic(self.path(digest), blob)
            digests.append(digest)
        self._entries[key] = {"files": digests, "used": self.today.isoformat()}
        return digests

    def save(self) -> None:
        """Write the manifest; forget entries unused for KEEP_DAYS and delete orphaned files."""
        cutoff = (self.today - timedelta(days=KEEP_DAYS)).isoformat()
        self._entries = {k: v for k, v in self._entries.items() if str(v.get("used", "")) >= cutoff}
        payload = json.dumps({"version": 1, "entries": self._entries}, ensure_ascii=False,
                             sort_keys=True, indent=0)
        write_atomic(self.manifest_path, payload.encode("utf-8"))
        live = {str(f) for v in self._entries.values() for f in v["files"]}  # type: ignore[union-attr]
        if self.files_dir.is_dir():
            for path in self.files_dir.glob(f"*.{self.ext}"):
                if path.stem not in live:
                    path.unlink(missing_ok=True)


def file_sha(path: Path) -> str:
    """sha256 of a file (frames, fonts, images, bundles): the generator's one file digest."""
    return file_digest(path)


@lru_cache(maxsize=64)
def _font_sha(path: str, size: int, mtime_ns: int, ino: int) -> str:
    return file_sha(Path(path))


def fonts_digest(paths: Sequence[str]) -> str:
    """The font files' names and bytes: replacing a font redraws what was drawn with it.

    Fonts are megabytes and a build asks several times (check, slides, cards, each `serve`
    rebuild): within a process a file is hashed again only when its size, time or inode changed.
    """
    parts = []
    for p in dict.fromkeys(paths):
        st = Path(p).stat()
        parts.append((Path(p).name, _font_sha(str(p), st.st_size, st.st_mtime_ns, st.st_ino)))
    return cache_key(parts)


# Modules that move no pixel: changing them must not re-render every cached frame and page.
_NOT_DRAWING = frozenset({"player.py", "export.py", "push.py", "preview.py", "coverage.py",
                          "pool.py", "cache.py", "video.py", "prerender.py"})


@lru_cache(maxsize=1)
def drawing_code_digest() -> str:
    """Hash of the display code that draws (layout, fonts, templates, posters, cards).

    Part of every render cache key, so that a change to the drawing code re-renders what was
    cached with the old code (a version constant is easy to forget to bump).
    """
    here = Path(__file__).resolve().parent
    h = hashlib.sha256()
    for path in sorted(here.rglob("*.py")):
        if path.name in _NOT_DRAWING:
            continue
        h.update(path.relative_to(here).as_posix().encode())
        h.update(path.read_bytes())
    return h.hexdigest()
