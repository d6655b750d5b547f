"""`board push`: copy a screen's bundle (player, playlist, frames) to its display box, atomically.

Layout at the target (a filesystem path, or `sftp://user@host[:port]/path`)::

    index.html           the player, following current.json (works where symlinks do not)
    current.json         the pointer: {"current": <version>, "previous": <version>, …}
    current -> versions/<version>    a symlink too, where the target supports symlinks
    versions/<version>/  index.html, playlist.json, frames/*.png, bundle.json
    versions/<version>.partial/      an upload in progress

Why this shape: a screen reading mid-push must see the old bundle or the new one whole, never a
mix. A version folder is complete before anything points at it (uploaded as `.partial`, renamed
when every file is there), and each pointer is switched by a single rename: `current.json` is
written beside and renamed over (SFTP: posix-rename@openssh.com), and the `current` symlink is
created beside and renamed over. A box can open either `<target>/index.html` (follows the
pointer file; the choice for servers without symlinks, FAT USB sticks, Windows shares) or
`<target>/current/index.html` (plain files through the symlink).

A push killed midway leaves `.partial` behind and the pointers untouched: the screen keeps its
old bundle. Re-running resumes (a file is written as `name.part` and renamed, so a present
`name` is whole and is skipped). The previous version is kept for `--rollback`; older versions
of ours are removed. Nothing at the target that this module did not write is deleted.

SSH: credentials come from the SSH agent, the usual key files, `BOARD_SSH_KEY` (a key file) or
`BOARD_SSH_PASSWORD` — never from mkdocs.yml. Host keys are checked against ~/.ssh/known_hosts
(and `BOARD_KNOWN_HOSTS`, a known_hosts file); an unknown host is refused, never trusted.
"""
from __future__ import annotations

import hashlib
import json
import os
import posixpath
import shutil
import socket
import stat
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from generator.config import Screen

from .cache import file_sha
from .player import PLAYER_VERSION, render_player

TOOL = "community-board push"
POINTER = "current.json"
LINK = "current"
VERSIONS = "versions"
BUNDLE_MANIFEST = "bundle.json"
PARTIAL = ".partial"
ENV_KEY = "BOARD_SSH_KEY"
ENV_PASSWORD = "BOARD_SSH_PASSWORD"
ENV_KNOWN_HOSTS = "BOARD_KNOWN_HOSTS"
CHUNK = 64 * 1024


class PushError(Exception):
    """The push cannot go ahead; the message is for the clerk (Chinese)."""


@dataclass
class PushResult:
    target: str
    version: str
    previous: str | None
    uploaded: int = 0  # files sent in this run
    skipped: int = 0  # files already there (resumed or unchanged)
    unchanged: bool = False  # the target already showed this bundle
    symlink: bool = False  # the `current` symlink was switched too
    removed: list[str] = field(default_factory=list)


# --- transports ----------------------------------------------------------------------------------

class Transport:
    """The few file operations a push needs; paths are POSIX strings relative to the target."""

    label: str

    def exists(self, path: str) -> bool: ...
    def size(self, path: str) -> int | None: ...
    def is_dir(self, path: str) -> bool: ...
    def is_link(self, path: str) -> bool: ...
    def listdir(self, path: str) -> list[str]: ...
    def makedirs(self, path: str) -> None: ...
    def read(self, path: str) -> bytes | None: ...
    def write(self, path: str, data: bytes) -> None: ...
    def upload(self, local: Path, path: str, throttle: Callable[[int], None]) -> None: ...
    def replace(self, src: str, dst: str) -> None: ...
    def rename(self, src: str, dst: str) -> None: ...
    def symlink(self, target: str, path: str) -> bool: ...
    def remove(self, path: str) -> None: ...
    def rmdir(self, path: str) -> None: ...
    def close(self) -> None: ...

    def remove_tree(self, path: str) -> None:
        for name in self.listdir(path):
            child = posixpath.join(path, name)
            if self.is_dir(child) and not self.is_link(child):
                self.remove_tree(child)
            else:
                self.remove(child)
        self.rmdir(path)

    def write_atomic(self, path: str, data: bytes) -> None:
        tmp = f"{path}.tmp-{os.getpid()}"
        self.write(tmp, data)
        self.replace(tmp, path)


class LocalTransport(Transport):
    """A folder: a mounted share, a USB stick, a local web root."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.label = str(root)

    def _p(self, path: str) -> Path:
        return self.root / path if path else self.root

    def exists(self, path: str) -> bool:
        return os.path.lexists(self._p(path))

    def size(self, path: str) -> int | None:
        try:
            return self._p(path).stat().st_size
        except OSError:
            return None

    def is_dir(self, path: str) -> bool:
        return self._p(path).is_dir()

    def is_link(self, path: str) -> bool:
        return self._p(path).is_symlink()

    def listdir(self, path: str) -> list[str]:
        try:
            return sorted(os.listdir(self._p(path)))
        except FileNotFoundError:
            return []

    def makedirs(self, path: str) -> None:
        self._p(path).mkdir(parents=True, exist_ok=True)

    def read(self, path: str) -> bytes | None:
        try:
            return self._p(path).read_bytes()
        except (FileNotFoundError, NotADirectoryError):
            return None

    def write(self, path: str, data: bytes) -> None:
        with open(self._p(path), "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())  # a USB stick pulled after the push keeps whole files

    def upload(self, local: Path, path: str, throttle: Callable[[int], None]) -> None:
        with open(local, "rb") as src, open(self._p(path), "wb") as dst:
            while chunk := src.read(CHUNK):
                dst.write(chunk)
                throttle(len(chunk))
            dst.flush()
            os.fsync(dst.fileno())

    def replace(self, src: str, dst: str) -> None:
        os.replace(self._p(src), self._p(dst))

    def rename(self, src: str, dst: str) -> None:
        os.rename(self._p(src), self._p(dst))

    def symlink(self, target: str, path: str) -> bool:
        try:
            os.symlink(target, self._p(path), target_is_directory=True)
        except (OSError, NotImplementedError):  # FAT sticks, Windows without the privilege
            return False
        return True

    def remove(self, path: str) -> None:
        self._p(path).unlink(missing_ok=True)

    def rmdir(self, path: str) -> None:
        self._p(path).rmdir()

    def remove_tree(self, path: str) -> None:
        shutil.rmtree(self._p(path), ignore_errors=False)

    def close(self) -> None:
        pass


class SFTPTransport(Transport):
    """An SSH server's SFTP subsystem (OpenSSH on a display box or a LAN server)."""

    def __init__(self, client: Any, sftp: Any, root: str, label: str) -> None:
        self.client = client
        self.sftp = sftp
        self.root = root
        self.label = label

    def _p(self, path: str) -> str:
        return posixpath.join(self.root, path) if path else self.root

    def _lstat(self, path: str) -> Any:
        try:
            return self.sftp.lstat(self._p(path))
        except OSError:  # IOError/FileNotFoundError from paramiko
            return None

    def exists(self, path: str) -> bool:
        return self._lstat(path) is not None

    def size(self, path: str) -> int | None:
        try:
            return self.sftp.stat(self._p(path)).st_size
        except OSError:
            return None

    def is_dir(self, path: str) -> bool:
        try:
            return stat.S_ISDIR(self.sftp.stat(self._p(path)).st_mode or 0)
        except OSError:
            return False

    def is_link(self, path: str) -> bool:
        st = self._lstat(path)
        return st is not None and stat.S_ISLNK(st.st_mode or 0)

    def listdir(self, path: str) -> list[str]:
        try:
            return sorted(self.sftp.listdir(self._p(path)))
        except OSError:
            return []

    def makedirs(self, path: str) -> None:
        full = self._p(path)
        parts = [p for p in full.split("/") if p]
        current = "/" if full.startswith("/") else ""
        for part in parts:
            current = posixpath.join(current, part) if current else part
            try:
                self.sftp.stat(current)
            except OSError:
                self.sftp.mkdir(current)

    def read(self, path: str) -> bytes | None:
        try:
            with self.sftp.open(self._p(path), "rb") as handle:
                return handle.read()
        except OSError:
            return None

    def write(self, path: str, data: bytes) -> None:
        with self.sftp.open(self._p(path), "wb") as handle:
            handle.write(data)

    def upload(self, local: Path, path: str, throttle: Callable[[int], None]) -> None:
        sent = 0

        def callback(done: int, _total: int) -> None:
            nonlocal sent
            throttle(done - sent)
            sent = done

        self.sftp.put(str(local), self._p(path), callback=callback, confirm=True)

    def replace(self, src: str, dst: str) -> None:
        try:
            self.sftp.posix_rename(self._p(src), self._p(dst))  # atomic overwrite (OpenSSH)
        except OSError:
            # Servers without posix-rename: plain SFTP rename refuses an existing target, so
            # remove it first. Not atomic; the player keeps its last good state across the gap.
            try:
                self.sftp.remove(self._p(dst))
            except OSError:
                pass
            self.sftp.rename(self._p(src), self._p(dst))

    def rename(self, src: str, dst: str) -> None:
        self.sftp.rename(self._p(src), self._p(dst))

    def symlink(self, target: str, path: str) -> bool:
        try:
            self.sftp.symlink(target, self._p(path))
        except OSError:
            return False
        return True

    def remove(self, path: str) -> None:
        try:
            self.sftp.remove(self._p(path))
        except FileNotFoundError:
            pass

    def rmdir(self, path: str) -> None:
        self.sftp.rmdir(self._p(path))

    def close(self) -> None:
        self.sftp.close()
        self.client.close()


# --- connecting --------------------------------------------------------------------------------------

class UnknownHostKey(PushError):
    pass


def _fingerprint(key: Any) -> str:
    import base64

    digest = hashlib.sha256(key.asbytes()).digest()
    return "SHA256:" + base64.b64encode(digest).decode("ascii").rstrip("=")


def open_target(target: str, root: Path) -> Transport:
    """A transport for a screen's `target`: a path (relative to the project) or an sftp:// URL."""
    if "://" not in target:
        path = Path(target).expanduser()
        return LocalTransport(path if path.is_absolute() else root / path)
    parts = urlsplit(target)
    if parts.scheme != "sftp":
        raise PushError(f"不支持的推送地址「{target}」：请写文件夹路径，或 sftp://用户名@地址[:端口]/路径")
    if parts.password:
        raise PushError("推送地址里不能写密码（mkdocs.yml 会进入版本库）。"
                        f"请改用 SSH 密钥，或在运行前设置环境变量 {ENV_PASSWORD}。")
    return connect_sftp(parts.hostname or "", parts.port or 22, unquote(parts.username or ""),
                        unquote(parts.path) or ".")


def connect_sftp(host: str, port: int, user: str, path: str) -> SFTPTransport:
    import getpass

    import paramiko

    if not host:
        raise PushError("sftp:// 地址里缺少主机名，例如 sftp://screen@192.168.1.20/srv/screen")
    where = f"{host}:{port}"

    class Refuse(paramiko.MissingHostKeyPolicy):
        def missing_host_key(self, client: Any, hostname: str, key: Any) -> None:
            ssh = f"ssh -p {port} {user + '@' if user else ''}{host}" if port != 22 else \
                f"ssh {user + '@' if user else ''}{host}"
            raise UnknownHostKey(
                f"不认识 {where} 的主机密钥（{key.get_name()} {_fingerprint(key)}），已停止推送，"
                "以免把画面发到冒充的设备上。请向设备管理员核对这个指纹，确认无误后运行一次 "
                f"「{ssh}」并回答 yes，把它记入 ~/.ssh/known_hosts"
                f"（或写进环境变量 {ENV_KNOWN_HOSTS} 指定的文件），然后再推送。")

    client = paramiko.SSHClient()
    try:
        client.load_system_host_keys()
    except (OSError, paramiko.SSHException):
        pass
    extra = os.environ.get(ENV_KNOWN_HOSTS)
    if extra:
        try:
            client.get_host_keys().load(os.path.expanduser(extra))
        except (OSError, paramiko.SSHException) as exc:
            raise PushError(f"读不了 {ENV_KNOWN_HOSTS} 指定的文件 {extra}：{exc}") from None
    client.set_missing_host_key_policy(Refuse())
    key_file = os.environ.get(ENV_KEY) or None
    try:
        client.connect(host, port=port, username=user or getpass.getuser(),
                       key_filename=os.path.expanduser(key_file) if key_file else None,
                       password=os.environ.get(ENV_PASSWORD) or None,
                       allow_agent=True, look_for_keys=True, timeout=15, banner_timeout=15,
                       auth_timeout=15)
        sftp = client.open_sftp()
    except UnknownHostKey:
        client.close()
        raise
    except paramiko.BadHostKeyException as exc:
        client.close()
        raise PushError(f"{where} 的主机密钥和 known_hosts 里记录的不一样（现在是 "
                        f"{_fingerprint(exc.key)}）。设备可能被更换或被冒充，已停止推送。"
                        "请向设备管理员确认后，再更新 known_hosts。") from None
    except paramiko.AuthenticationException:
        client.close()
        raise PushError(f"登录 {where} 被拒绝（用户 {user or getpass.getuser()}）。请配置 SSH 密钥"
                        f"（ssh-agent，或环境变量 {ENV_KEY} 指向密钥文件），"
                        f"或在运行前设置环境变量 {ENV_PASSWORD}。") from None
    except (socket.error, paramiko.SSHException, EOFError) as exc:
        client.close()
        raise PushError(f"连不上 {where}：{exc}。请检查设备是否开机、地址和端口是否正确。") from None
    if path.startswith("/~/"):
        path = path[3:]
    return SFTPTransport(client, sftp, path.rstrip("/") or "/", f"sftp://{user + '@' if user else ''}{where}{path}")


# --- the bundle ---------------------------------------------------------------------------------------


def bundle_files(bundle: Path) -> list[str]:
    """Relative paths of a screen bundle: frames first, then playlist, then the page.

    The playlist and page go last so that even inside the version folder nothing refers to a
    frame that is not there yet."""
    playlist = json.loads((bundle / "playlist.json").read_text(encoding="utf-8"))
    frames = sorted({f["image"] for f in playlist.get("frames", [])})
    for rel in frames:
        if not (bundle / rel).is_file():
            raise PushError(f"画面文件 {rel} 缺失；请重新生成屏幕画面后再推送")
    return [*frames, "playlist.json", "index.html"]


def bundle_manifest(bundle: Path, screen: Screen) -> dict[str, Any]:
    files = {rel: {"sha256": file_sha(bundle / rel), "size": (bundle / rel).stat().st_size}
             for rel in bundle_files(bundle)}
    digest = hashlib.sha256("".join(f"{k} {v['sha256']}\n" for k, v in sorted(files.items()))
                            .encode("utf-8")).hexdigest()
    return {"tool": TOOL, "screen": screen.id, "version": digest[:12], "files": files}


class Throttle:
    """Bandwidth limit for weak LANs (`--limit` KB/s); also lets tests slow a push down."""

    def __init__(self, kbps: float | None) -> None:
        self.rate = kbps * 1024 if kbps else None
        self.start = time.monotonic()
        self.sent = 0

    def __call__(self, n: int) -> None:
        if not self.rate:
            return
        self.sent += n
        ahead = self.sent / self.rate - (time.monotonic() - self.start)
        if ahead > 0:
            time.sleep(ahead)


def _read_json(transport: Transport, path: str) -> dict[str, Any] | None:
    raw = transport.read(path)
    if raw is None:
        return None
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    return data if isinstance(data, dict) else None


def read_pointer(transport: Transport) -> dict[str, Any] | None:
    data = _read_json(transport, POINTER)
    return data if data and data.get("tool") == TOOL else None


def _ours(transport: Transport, version_dir: str) -> bool:
    data = _read_json(transport, posixpath.join(version_dir, BUNDLE_MANIFEST))
    return bool(data and data.get("tool") == TOOL)


def _check_target(transport: Transport) -> dict[str, Any] | None:
    """The pointer, or None for a fresh target; refuse a folder that holds someone else's page."""
    pointer = read_pointer(transport)
    if pointer is None:
        foreign = [n for n in (POINTER, "index.html", LINK, VERSIONS) if transport.exists(n)]
        if foreign:
            raise PushError(f"推送目标 {transport.label} 里已有 {'、'.join(foreign)}，但不是推送写的。"
                            "为免覆盖，请换一个空文件夹作为 target。")
    return pointer


def push_bundle(bundle: Path, screen: Screen, transport: Transport, *, progress: Any = None,
                limit_kbps: float | None = None) -> PushResult:
    """Upload `bundle` as a new version and switch the screen to it."""
    manifest = bundle_manifest(bundle, screen)
    version = manifest["version"]
    pointer = _check_target(transport)
    previous = pointer.get("current") if pointer else None
    result = PushResult(transport.label, version, previous)
    final = f"{VERSIONS}/{version}"
    if previous == version and transport.exists(posixpath.join(final, BUNDLE_MANIFEST)):
        result.unchanged = True
        result.previous = pointer.get("previous") if pointer else None
        _switch(transport, screen, version, result.previous, result)  # repair a half switch
        return result
    if not transport.exists(posixpath.join(final, BUNDLE_MANIFEST)):
        _upload(bundle, manifest, transport, final + PARTIAL, progress, Throttle(limit_kbps), result)
        if transport.exists(final):  # an earlier, unfinished rename target: ours, replace it
            transport.remove_tree(final)
        transport.rename(final + PARTIAL, final)
    else:
        result.skipped = len(manifest["files"])
    _switch(transport, screen, version, previous if previous != version else None, result)
    result.removed = _prune(transport, {version, *([previous] if previous else [])})
    return result


def _upload(bundle: Path, manifest: dict[str, Any], transport: Transport, folder: str,
            progress: Any, throttle: Throttle, result: PushResult) -> None:
    transport.makedirs(posixpath.join(folder, "frames"))
    if _read_json(transport, posixpath.join(folder, BUNDLE_MANIFEST)) != manifest:
        transport.write_atomic(posixpath.join(folder, BUNDLE_MANIFEST),
                               json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8"))
    files = manifest["files"]
    if progress is not None:
        progress.total = len(files)
    for rel, info in files.items():
        remote = posixpath.join(folder, rel)
        if transport.size(remote) == info["size"]:  # whole: files appear only by rename
            result.skipped += 1
        else:
            transport.upload(bundle / rel, remote + ".part", throttle)
            transport.replace(remote + ".part", remote)
            result.uploaded += 1
        if progress is not None:
            progress.advance(rel)


def _switch(transport: Transport, screen: Screen, version: str, previous: str | None,
            result: PushResult) -> None:
    """Point the screen at `version`: the pointer file, then the symlink, each by one rename."""
    page = render_player(screen, pointer=POINTER).encode("utf-8")
    if transport.read("index.html") != page:  # the root page follows the pointer file
        transport.write_atomic("index.html", page)
    pointer = {"tool": TOOL, "screen": screen.id, "current": version, "previous": previous,
               "base": f"{VERSIONS}/", "player": PLAYER_VERSION}
    old = _read_pointer(transport)
    if old is not None and {k: v for k, v in old.items() if k != "switched"} == pointer:
        pointer["switched"] = old.get("switched")  # nothing switched: keep the record as it was
    else:
        pointer["switched"] = datetime.now(timezone.utc).astimezone().isoformat(timespec="seconds")
    data = json.dumps(pointer, ensure_ascii=False, indent=1).encode("utf-8")
    if transport.read(POINTER) != data:
        transport.write_atomic(POINTER, data)
    if transport.exists(LINK) and not transport.is_link(LINK):
        return  # a real folder named `current` is someone else's: leave it, the pointer suffices
    tmp = f"{LINK}.tmp-{os.getpid()}"
    transport.remove(tmp)
    if transport.symlink(f"{VERSIONS}/{version}", tmp):
        transport.replace(tmp, LINK)
        result.symlink = True


def _read_pointer(transport: Transport) -> dict[str, Any] | None:
    raw = transport.read(POINTER)
    if raw is None:
        return None
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _prune(transport: Transport, keep: set[str]) -> list[str]:
    """Remove our older versions and abandoned partial uploads; keep current and previous."""
    removed = []
    for name in transport.listdir(VERSIONS):
        base = name[: -len(PARTIAL)] if name.endswith(PARTIAL) else name
        if name.endswith(PARTIAL) or base not in keep:
            path = f"{VERSIONS}/{name}"
            if transport.is_dir(path) and not transport.is_link(path) and _ours(transport, path):
                transport.remove_tree(path)
                removed.append(name)
    return removed


def rollback(screen: Screen, transport: Transport) -> PushResult:
    """Switch back to the previous version (and make the current one the new "previous")."""
    pointer = read_pointer(transport)
    if pointer is None:
        raise PushError(f"{transport.label} 还没有推送过画面，无法回退")
    previous = pointer.get("previous")
    if not previous or not transport.exists(f"{VERSIONS}/{previous}/{BUNDLE_MANIFEST}"):
        raise PushError(f"{transport.label} 没有保留上一版画面，无法回退")
    result = PushResult(transport.label, previous, pointer.get("current"))
    _switch(transport, screen, previous, pointer.get("current"), result)
    return result


def current_version(transport: Transport) -> str | None:
    pointer = read_pointer(transport)
    return pointer.get("current") if pointer else None


def walk(transport: Transport, path: str = "") -> Iterator[str]:
    """Every file path under `path` (for tests and diagnostics)."""
    for name in transport.listdir(path):
        child = posixpath.join(path, name) if path else name
        if transport.is_dir(child) and not transport.is_link(child):
            yield from walk(transport, child)
        else:
            yield child
