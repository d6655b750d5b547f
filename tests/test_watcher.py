"""`board serve`'s file watcher: native change notices where the file system gives them, only
for real changes (a rebuild reading the files must not start the next one), polling otherwise."""
from __future__ import annotations

import errno
import os
import threading
import time
from pathlib import Path

import pytest
from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers.polling import PollingObserver

from generator.watcher import Watcher, file_system, notices_work

MOUNTS = """\
/dev/sda1 / ext4 rw,relatime 0 0
proc /proc proc rw 0 0
tmpfs /tmp tmpfs rw 0 0
C:\\134 /mnt/c 9p rw,dirsync,aname=drvfs 0 0
//nas/share /home/clerk/nas cifs rw 0 0
/dev/sdb1 /home/clerk/my\\040disk xfs rw 0 0
"""


@pytest.mark.parametrize(("path", "kind"), [
    ("/home/clerk/community", "ext4"),
    ("/tmp/community", "tmpfs"),
    ("/mnt/c/Users/clerk/community", "9p"),
    ("/mnt/cdrom", "ext4"),  # /mnt/c is not a prefix of /mnt/cdrom
    ("/home/clerk/nas/community", "cifs"),
    ("/home/clerk/my disk/community", "xfs"),
])
def test_file_system_is_the_longest_mount_point_above(path: str, kind: str) -> None:
    assert file_system(Path(path), MOUNTS) == kind


@pytest.mark.parametrize(("path", "platform", "native"), [
    ("/home/clerk/community", "linux", True),
    ("/mnt/c/Users/clerk/community", "linux", False),  # WSL: Windows' drive gets no inotify notices
    ("/home/clerk/nas/community", "linux", False),
    ("/home/clerk/community", "win32", True),
    ("/home/clerk/community", "darwin", True),
])
def test_notices_only_where_they_work(path: str, platform: str, native: bool) -> None:
    assert notices_work(Path(path), platform, MOUNTS) is native


class Seen(FileSystemEventHandler):
    def __init__(self) -> None:
        self.events: list[FileSystemEvent] = []
        self.changed = threading.Event()

    def on_any_event(self, event: FileSystemEvent) -> None:
        if not event.is_directory:
            self.events.append(event)
            self.changed.set()

    def wait(self, seconds: float) -> bool:
        seen = self.changed.wait(seconds)
        self.changed.clear()
        return seen


@pytest.fixture
def watched(tmp_path: Path):  # noqa: ANN201
    content = tmp_path / "content"
    (content / "notices").mkdir(parents=True)
    item = content / "notices" / "water.md"
    item.write_text("周三停水。", encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: 测试\n", encoding="utf-8")
    seen = Seen()
    watcher = Watcher(native=notices_work(tmp_path), interval=0.1)
    watcher.schedule(seen, str(content), recursive=True)
    watcher.schedule(seen, str(config))
    watcher.start()
    time.sleep(0.3)
    yield watcher, seen, item, config
    watcher.stop()
    watcher.join(5)


def test_reading_files_is_not_a_change(watched) -> None:  # noqa: ANN001
    _watcher, seen, item, config = watched
    for _ in range(3):
        item.read_bytes()
        config.read_text(encoding="utf-8")
    assert not seen.wait(0.6), [e.event_type for e in seen.events]


def test_edits_new_deleted_and_replaced_files_are_seen(watched) -> None:  # noqa: ANN001
    _watcher, seen, item, config = watched
    item.write_text("周三 8:00 至 18:00 停水。", encoding="utf-8")
    assert seen.wait(3)
    (item.parent / "power.md").write_text("周四停电。", encoding="utf-8")
    assert seen.wait(3)
    item.unlink()
    assert seen.wait(3)
    # an editor saving mkdocs.yml by renaming a new copy over it, twice: both are seen
    for name in ("社区", "绿苑社区"):
        fresh = config.with_name("mkdocs.yml.tmp")
        fresh.write_text(f"site_name: {name}\n", encoding="utf-8")
        time.sleep(0.2)
        seen.wait(0)
        os.replace(fresh, config)
        assert seen.wait(3), name


def test_other_files_beside_mkdocs_yml_are_not_watched(watched) -> None:  # noqa: ANN001
    _watcher, seen, _item, config = watched
    (config.parent / "notes.txt").write_text("草稿", encoding="utf-8")
    assert not seen.wait(0.6)


def test_refused_notices_fall_back_to_polling(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    watcher = Watcher(native=True, interval=0.1)
    if isinstance(watcher.observer, PollingObserver):
        pytest.skip("no native observer on this system")

    def refuse() -> None:
        raise OSError(errno.ENOSPC, "inotify watch limit reached")

    monkeypatch.setattr(watcher.observer, "start", refuse)
    seen = Seen()
    given = watcher.schedule(seen, str(tmp_path), recursive=True)
    watcher.start()
    try:
        assert isinstance(watcher.observer, PollingObserver) and not watcher.native
        time.sleep(0.3)
        (tmp_path / "new.md").write_text("新通知", encoding="utf-8")
        assert seen.wait(3)
        watcher.unschedule(given)  # MkDocs unschedules with the watch it was given
    finally:
        watcher.stop()
        watcher.join(5)
