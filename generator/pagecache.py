"""The build state of the site's pages: which inputs made which output file (as Lektor does).

A page's *key* is a digest of everything that shapes its HTML: the site-wide inputs
(`site_key`: mkdocs.yml, navigation, theme overrides, the engine's and this program's versions)
and the page's own (its source file, and the article rendered for today with a placeholder
body, which captures every today-dependent state the page shows). The state file maps each
output path to its key, the output's checksum and its search entries.

A page whose key is unchanged and whose previous output is still intact (same size, time and
inode, or else the same checksum) is hard-linked from the previous site into the new one and
skips Markdown, the templates and search segmentation; its search entries come from here.
Anything doubtful (no state, another format, a changed or missing output) means: build it.
"""
from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .memo import digest, file_digest, library_versions, tree_digest

__all__ = ["Artifact", "PageCache", "digest", "engine_versions", "file_digest", "tree_digest"]

FORMAT = 1  # bump when the state file or the meaning of a key changes
STATE_NAME = "pages.json"
# what shapes every page besides the project's own files
ENGINE_PACKAGES = ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "jinja2", "jieba",
                   "markupsafe", "babel")


def engine_versions() -> str:
    return library_versions(ENGINE_PACKAGES)


@dataclass
class Artifact:
    key: str
    sha: str
    size: int
    mtime_ns: int
    ino: int
    search: list[dict[str, Any]]

    def stat_matches(self, st: os.stat_result) -> bool:
        return (st.st_size, st.st_mtime_ns, st.st_ino) == (self.size, self.mtime_ns, self.ino)


class PageCache:
    """The previous build's artifacts; what this build reuses and records."""

    def __init__(self, state_dir: Path, site_key: str, previous_site: Path | None,
                 name: str = STATE_NAME, known: PageCache | None = None) -> None:
        """`known` is the previous build's cache in the same process (`board serve`): its
        state is taken as it is instead of reading the state file again."""
        self.state_file = state_dir / name
        self.site_key = site_key
        self.previous_site = previous_site
        self.old: dict[str, Artifact] = {}
        self.new: dict[str, Artifact] = {}
        self.reused: list[str] = []
        self.built: list[str] = []
        if known is not None and known.saved and known.state_file == self.state_file:
            self.old = known.new if known.site_key == site_key else {}
        else:
            self._load()
        self.saved = False

    def _load(self) -> None:
        try:
            data = json.loads(self.state_file.read_text(encoding="utf-8"))
            if data.get("format") != FORMAT or data.get("site_key") != self.site_key:
                return
            self.old = {dest: Artifact(**a) for dest, a in data["pages"].items()}
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            self.old = {}  # missing, truncated or foreign: build everything

    def reuse(self, dest: str, key: str, staging: Path) -> list[dict[str, Any]] | None:
        """Link the previous output of `dest` into `staging` when `key` made it; its search entries.

        Plain strings and os calls rather than Path objects: this runs for every page of a
        site of thousands.
        """
        art = self.old.get(dest)
        if art is None or art.key != key or self.previous_site is None:
            return None
        previous = os.path.join(self.previous_site, dest)
        try:
            st = os.stat(previous)
            if not art.stat_matches(st) and (st.st_size != art.size or file_digest(Path(previous)) != art.sha):
                return None
            target = os.path.join(staging, dest)
            if target != previous:
                try:
                    os.link(previous, target)  # the same inode: size, time and inode as `st`
                except FileNotFoundError:
                    os.makedirs(os.path.dirname(target), exist_ok=True)
                    os.link(previous, target)
                except OSError:  # another file system, or links not allowed: copy
                    os.makedirs(os.path.dirname(target), exist_ok=True)
                    shutil.copy2(previous, target)
                    st = os.stat(target)
            # else: building in place (`board serve`): keep the file
        except OSError:
            return None
        self.new[dest] = Artifact(key, art.sha, st.st_size, st.st_mtime_ns, st.st_ino, art.search)
        self.reused.append(dest)
        return art.search

    def record(self, dest: str, key: str, path: Path, search: list[dict[str, Any]]) -> None:
        """A page built by this build: remember what made it."""
        try:
            st = path.stat()
            sha = file_digest(path)
        except OSError:
            return
        self.new[dest] = Artifact(key, sha, st.st_size, st.st_mtime_ns, st.st_ino, search)
        self.built.append(dest)

    def remove_stale(self, site: Path) -> None:
        """In place: delete the outputs of pages that no longer exist (a deleted or moved item)."""
        for dest in self.old.keys() - self.new.keys():
            (site / dest).unlink(missing_ok=True)

    def save(self) -> None:
        """Write the state atomically (a killed build leaves the previous state file)."""
        self.state_file.parent.mkdir(parents=True, exist_ok=True)
        data = {"format": FORMAT, "site_key": self.site_key,
                "pages": {dest: vars(a) for dest, a in sorted(self.new.items())}}
        tmp = self.state_file.with_name(f".{self.state_file.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        os.replace(tmp, self.state_file)
        self.saved = True
