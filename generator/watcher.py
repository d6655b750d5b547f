"""What `board serve` watches with: the operating system's change notices where they work.

MkDocs' preview server polls the watched folders every 0.5 s (watchdog's PollingObserver). At
3,000 items each poll stats every file, also while a rebuild runs, and an edit waits a quarter
of a second on average before anything happens. inotify (Linux), ReadDirectoryChangesW
(Windows) and FSEvents (macOS) say at once what changed. Folders on network drives and Windows
drives mounted into WSL or a virtual machine get no such notices: there the polling stays, as
it does when the system refuses more watches (inotify's limit).
"""
from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import Any

from watchdog.events import (FileCreatedEvent, FileDeletedEvent, FileModifiedEvent, FileMovedEvent,
                             FileSystemEvent, FileSystemEventHandler)
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver, ObservedWatch
from watchdog.observers.polling import PollingObserver

log = logging.getLogger("mkdocs.plugins.board")

# Writes, new, deleted and renamed files. Not "opened" or "closed without writing": a rebuild
# reads every content file, and those notices would start the next rebuild, forever.
CHANGES: list[type[FileSystemEvent]] = [FileCreatedEvent, FileModifiedEvent, FileDeletedEvent, FileMovedEvent]

# Linux file systems whose changes inotify reports (everything else is polled: 9p/drvfs in WSL,
# nfs, cifs, vboxsf, fuse mounts)
LOCAL_FILE_SYSTEMS = frozenset({"ext2", "ext3", "ext4", "xfs", "btrfs", "tmpfs", "overlay", "zfs", "f2fs",
                                "jfs", "reiserfs", "bcachefs"})


def file_system(path: Path, mounts: str) -> str:
    """The type of the file system `path` is on, from /proc/mounts' text ("" when not listed)."""
    best, kind = "", ""
    target = os.path.realpath(path)
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        point = fields[1].replace("\\040", " ")
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best):
            best, kind = point, fields[2]
    return kind


def notices_work(path: Path, platform: str = sys.platform, mounts: str | None = None) -> bool:
    """Whether the operating system reports changes under `path`."""
    if platform != "linux":
        return True  # Windows and macOS report changes on their own disks and shares
    if mounts is None:
        try:
            mounts = Path("/proc/mounts").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return False
    return file_system(path, mounts) in LOCAL_FILE_SYSTEMS


class Watcher:
    """The observer MkDocs' LiveReloadServer drives (schedule, unschedule, start, stop, join):
    native notices when `native`, else polling every `interval` seconds; native falls back to
    polling when the system refuses to start it."""

    def __init__(self, native: bool, interval: float = 0.5) -> None:
        self.native, self.interval = native, interval
        self.observer: BaseObserver = Observer() if native else PollingObserver(timeout=interval)
        # the watch handed to MkDocs -> (the current observer's watch, handler, path, recursive)
        self.watches: dict[ObservedWatch, tuple[ObservedWatch, FileSystemEventHandler, str, bool]] = {}

    def schedule(self, handler: FileSystemEventHandler, path: str, *, recursive: bool = False) -> ObservedWatch:
        watch = self.observer.schedule(handler, path, recursive=recursive, event_filter=CHANGES)
        self.watches[watch] = (watch, handler, path, recursive)
        return watch

    def unschedule(self, watch: ObservedWatch) -> None:
        current = self.watches.pop(watch, (watch,))[0]
        self.observer.unschedule(current)

    def start(self) -> None:
        try:
            self.observer.start()
        except OSError as exc:
            if not self.native:
                raise
            log.info(f"系统不接受更多的文件监视（{exc.strerror or exc}），改为每 {self.interval} 秒检查一次文件变化")
            self.native = False
            self.observer = PollingObserver(timeout=self.interval)
            self.watches = {given: (self.observer.schedule(h, p, recursive=r, event_filter=CHANGES), h, p, r)
                            for given, (_, h, p, r) in self.watches.items()}
            self.observer.start()

    def stop(self) -> None:
        self.observer.stop()

    def join(self, timeout: float | None = None) -> None:
        if self.observer.is_alive():
            self.observer.join(timeout)

    def __getattr__(self, name: str) -> Any:  # anything else MkDocs may ask of its observer
        return getattr(self.observer, name)
