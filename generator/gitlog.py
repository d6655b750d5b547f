"""Revision history of content files, read with ONE `git log` for the whole content folder.

Per-page git calls cost seconds per thousand pages; Hugo's approach (one log, indexed by path)
is linear. Outside a git work tree, without git, or in a shallow clone (CI's default depth 1)
the history is incomplete, so we say "unavailable" instead of showing a wrong, short history.
"""
from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

_RECORD = "\x1e"
_FIELD = "\x1f"
_FORMAT = f"{_RECORD}%H{_FIELD}%cI{_FIELD}%an{_FIELD}%s"
TIMEOUT = 120


@dataclass(frozen=True)
class Revision:
    commit: str
    when: datetime  # committer date (aware)
    author: str
    message: str  # subject line

    @property
    def short(self) -> str:
        return self.commit[:7]


@dataclass
class History:
    """Commits per content file (paths relative to the content folder), newest first."""

    available: bool
    reason: str = ""  # why not available, in Chinese, for the page
    by_path: dict[str, list[Revision]] = field(default_factory=dict)

    def revisions(self, source: str) -> list[Revision]:
        return self.by_path.get(source, [])

    def corrections(self, source: str, published_at: datetime) -> list[Revision]:
        """Commits that changed the file after it was published, newest first.

        The commit that added the file is never a correction, even when it was made after the
        publication date (an editor commits a notice dated today in the afternoon).
        """
        revs = self.revisions(source)
        if not revs:
            return []
        return [r for r in revs[:-1] if r.when >= published_at]


def unavailable(reason: str) -> History:
    return History(False, reason)


def read_history(content_dir: Path) -> History:
    """Run `git log` once over `content_dir`; never raises for a missing or odd repository."""
    git = shutil.which("git")
    if git is None:
        return unavailable("修订记录不可用：本机没有安装 git")
    try:
        probe = subprocess.run(
            [git, "-C", str(content_dir), "rev-parse", "--is-shallow-repository"],
            capture_output=True, text=True, timeout=TIMEOUT, check=False)
    except (OSError, subprocess.SubprocessError):
        return unavailable("修订记录不可用：无法运行 git")
    if probe.returncode != 0:
        return unavailable("修订记录不可用：网站不是从 git 仓库生成的")
    if probe.stdout.strip() == "true":
        return unavailable("修订记录不可用：仓库是浅克隆（请用完整克隆生成网站，例如 fetch-depth: 0）")
    try:
        log = subprocess.run(
            [git, "-c", "core.quotepath=off", "-C", str(content_dir), "log", "--relative",
             "--name-only", "--no-renames", "-z", f"--format={_FORMAT}", "--", "."],
            capture_output=True, timeout=TIMEOUT, check=False)
    except (OSError, subprocess.SubprocessError):
        return unavailable("修订记录不可用：无法运行 git")
    if log.returncode != 0:
        # e.g. a fresh repository without commits: nothing is known yet
        return History(True)
    return History(True, by_path=parse_log(log.stdout.decode("utf-8", errors="replace")))


def parse_log(text: str) -> dict[str, list[Revision]]:
    """Parse `git log --name-only -z` output in our format (newest commit first)."""
    out: dict[str, list[Revision]] = {}
    for record in text.split(_RECORD):
        if not record.strip("\x00\n"):
            continue
        header, *paths = record.split("\x00")
        parts = header.split(_FIELD)
        if len(parts) != 4:
            continue
        commit, when, author, message = parts
        try:
            moment = datetime.fromisoformat(when)
        except ValueError:
            continue
        revision = Revision(commit, moment, author, message)
        for path in paths:
            path = path.strip("\n")
            if path:
                out.setdefault(path, []).append(revision)
    return out
