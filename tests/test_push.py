"""`board push`: versioned folders, atomic switch, rollback, resumable after a kill, host keys.

Two targets: a temporary folder, and a real OpenSSH server the test starts on 127.0.0.1 with its
own host key, config and authorized_keys (skipped with the reason when sshd is missing).
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from bundles import FrameSpec, make_bundle, screen
from display.player import write_player
from display.push import (POINTER, LocalTransport, PushError, Transport, open_target, push_bundle,
                          rollback, walk)

REPO = Path(__file__).resolve().parent.parent
SSHD = Path("/usr/sbin/sshd")
SCREEN = screen()


def bundle(tmp_path: Path, name: str, colours: list[int], *, noise: int = 0) -> Path:
    """A screen bundle; `noise` adds that many incompressible frames to make uploads slow."""
    root = tmp_path / name
    specs = [FrameSpec(f"item{c}", c, 2) for c in colours]
    playlist = make_bundle(root, specs)
    if noise:
        from PIL import Image

        for n in range(noise):
            img = Image.frombytes("RGB", (320, 180), os.urandom(320 * 180 * 3))
            path = root / "frames" / f"noise{n}.png"
            img.save(path)
            playlist["frames"].insert(0, {"image": f"frames/{path.name}", "duration": 2,
                                          "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
                                          "item": f"noise{n}", "start": None, "end": None,
                                          "priority": "normal"})
        (root / "playlist.json").write_text(json.dumps(playlist), encoding="utf-8")
    write_player(SCREEN, root)
    return root


def resolved(transport: Transport) -> dict[str, bytes]:
    """What a screen sees through the pointer file: the version's files, all present and whole."""
    pointer = json.loads(transport.read(POINTER) or b"{}")
    base = f"versions/{pointer['current']}"
    playlist = json.loads(transport.read(f"{base}/playlist.json") or b"{}")
    out = {"playlist.json": transport.read(f"{base}/playlist.json") or b""}
    for frame in playlist["frames"]:
        data = transport.read(f"{base}/{frame['image']}")
        assert data is not None and hashlib.sha256(data).hexdigest() == frame["sha256"], frame
        out[frame["image"]] = data
    return out


def same_as(transport: Transport, local: Path) -> bool:
    return resolved(transport)["playlist.json"] == (local / "playlist.json").read_bytes()


# --- to a folder ------------------------------------------------------------------------------------

def test_push_to_a_folder_versions_switch_and_rollback(tmp_path: Path) -> None:
    target = tmp_path / "share" / "lobby"
    t = LocalTransport(target)
    one, two, three = (bundle(tmp_path, n, c) for n, c in
                       (("one", [0, 1]), ("two", [1, 2]), ("three", [3])))
    r1 = push_bundle(one, SCREEN, t)
    assert r1.previous is None and r1.uploaded == 5 and r1.symlink
    assert same_as(t, one)
    assert (target / "current").resolve() == (target / "versions" / r1.version).resolve()
    assert (target / "current" / "index.html").is_file() and (target / "index.html").is_file()
    assert "current.json" in (target / "index.html").read_text(encoding="utf-8")  # pointer mode

    r2 = push_bundle(two, SCREEN, t)
    assert r2.previous == r1.version and same_as(t, two)
    assert sorted(os.listdir(target / "versions")) == sorted([r1.version, r2.version])

    again = push_bundle(two, SCREEN, t)
    assert again.unchanged and again.uploaded == 0

    back = rollback(SCREEN, t)
    assert back.version == r1.version and same_as(t, one)
    assert os.readlink(target / "current") == f"versions/{r1.version}"
    forward = rollback(SCREEN, t)  # rolling back twice returns to the newer push
    assert forward.version == r2.version and same_as(t, two)

    r3 = push_bundle(three, SCREEN, t)  # keeps current and previous only
    assert sorted(os.listdir(target / "versions")) == sorted([r2.version, r3.version])
    assert r1.version in r3.removed


def test_rollback_without_a_previous_version_is_refused(tmp_path: Path) -> None:
    t = LocalTransport(tmp_path / "target")
    with pytest.raises(PushError, match="还没有推送过"):
        rollback(SCREEN, t)
    push_bundle(bundle(tmp_path, "one", [0]), SCREEN, t)
    with pytest.raises(PushError, match="没有保留上一版"):
        rollback(SCREEN, t)


def test_a_folder_with_someone_elses_page_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "www"
    target.mkdir()
    (target / "index.html").write_text("<h1>物业的网站</h1>", encoding="utf-8")
    (target / "notes.txt").write_text("keep", encoding="utf-8")
    with pytest.raises(PushError, match="不是推送写的"):
        push_bundle(bundle(tmp_path, "one", [0]), SCREEN, LocalTransport(target))
    assert sorted(os.listdir(target)) == ["index.html", "notes.txt"]


def test_other_files_at_the_target_are_left_alone(tmp_path: Path) -> None:
    target = tmp_path / "target"
    t = LocalTransport(target)
    push_bundle(bundle(tmp_path, "one", [0]), SCREEN, t)
    (target / "readme-for-technician.txt").write_text("keep", encoding="utf-8")
    (target / "versions" / "backup-by-hand").mkdir()
    push_bundle(bundle(tmp_path, "two", [1]), SCREEN, t)
    push_bundle(bundle(tmp_path, "three", [2]), SCREEN, t)
    assert (target / "readme-for-technician.txt").exists()
    assert (target / "versions" / "backup-by-hand").is_dir()


def test_readers_never_see_a_mix_during_pushes(tmp_path: Path) -> None:
    """A screen polling all the time sees the old bundle or the new one, whole."""
    target = tmp_path / "target"
    t = LocalTransport(target)
    bundles = [bundle(tmp_path, f"b{n}", [n, n + 1, n + 2]) for n in range(4)]
    push_bundle(bundles[0], SCREEN, t)
    expected = {(b / "playlist.json").read_bytes() for b in bundles}
    stop = threading.Event()
    seen: list[bytes] = []
    failures: list[str] = []

    def reader() -> None:
        reader_t = LocalTransport(target)
        while not stop.is_set():
            for via_link in (False, True):
                try:
                    if via_link:
                        data = (target / "current" / "playlist.json").read_bytes()
                        for frame in json.loads(data)["frames"]:
                            raw = (target / "current" / frame["image"]).read_bytes()
                            assert hashlib.sha256(raw).hexdigest() == frame["sha256"]
                    else:
                        data = resolved(reader_t)["playlist.json"]
                except (AssertionError, OSError, KeyError, ValueError) as exc:
                    failures.append(f"{'link' if via_link else 'pointer'}: {exc!r}")
                    continue
                seen.append(data)

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        for n in range(12):
            push_bundle(bundles[n % 4], SCREEN, t)
            if n % 3 == 2:
                rollback(SCREEN, t)
    finally:
        stop.set()
        thread.join()
    # pruning may remove a version a slow reader was reading (two pushes later): only then
    # may a read fail, and it must be a missing file, never a wrong one.
    assert all("FileNotFoundError" in f or "No such file" in f for f in failures), failures
    assert len(seen) > 20 and set(seen) <= expected


PUSH_SCRIPT = """
import sys
sys.path[:0] = [{repo!r}, {tests!r}]
from pathlib import Path
from bundles import screen
from display.push import open_target, push_bundle
t = open_target(sys.argv[2], Path("."))
push_bundle(Path(sys.argv[1]), screen(), t, limit_kbps=float(sys.argv[3]))
t.close()
"""


def push_and_kill(bundle_dir: Path, target: str, watch: Callable[[], int], env: dict[str, str],
                  tmp_path: Path) -> None:
    """Run a slow push in a subprocess and SIGKILL it once a few files have arrived."""
    script = tmp_path / "push.py"
    script.write_text(PUSH_SCRIPT.format(repo=str(REPO), tests=str(REPO / "tests")), encoding="utf-8")
    proc = subprocess.Popen([sys.executable, str(script), str(bundle_dir), target, "150"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while watch() < 2:
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline, "the push never started uploading"
            time.sleep(0.05)
        assert proc.poll() is None, "the push finished before it could be interrupted"
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(10)
        proc.stdout.close()  # type: ignore[union-attr]
        proc.stderr.close()  # type: ignore[union-attr]


def partial_frames(root: Path) -> int:
    """Whole frames uploaded so far (a `.part` file is still being written)."""
    return sum(1 for p in (root / "versions").glob("*.partial/frames/*") if not p.name.endswith(".part"))


def test_interrupted_push_to_a_folder_keeps_the_old_bundle(tmp_path: Path) -> None:
    target = tmp_path / "target"
    t = LocalTransport(target)
    old, new = bundle(tmp_path, "old", [0]), bundle(tmp_path, "new", [1, 2], noise=8)
    first = push_bundle(old, SCREEN, t)
    push_and_kill(new, str(target), lambda: partial_frames(target), dict(os.environ), tmp_path)
    assert json.loads(t.read(POINTER))["current"] == first.version
    assert same_as(t, old) and os.readlink(target / "current") == f"versions/{first.version}"
    assert list((target / "versions").glob("*.partial"))
    again = push_bundle(new, SCREEN, t)  # the re-run completes, reusing what arrived
    assert again.skipped >= 2 and same_as(t, new)
    assert not list((target / "versions").glob("*.partial"))


# --- over SFTP ---------------------------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Sshd:
    def __init__(self, base: Path) -> None:
        self.base = base
        self.port = _free_port()
        self.user = __import__("getpass").getuser()
        keygen = shutil.which("ssh-keygen")
        if keygen is None:
            pytest.skip("ssh-keygen is missing (Debian openssh-client; .ci/run installs it)")
        for name in ("host", "client", "other_host"):
            subprocess.run([keygen, "-q", "-t", "ed25519", "-N", "", "-f", str(base / name)],
                           check=True)
        (base / "authorized_keys").write_text((base / "client.pub").read_text())
        host_pub = (base / "host.pub").read_text().split()
        (base / "known_hosts").write_text(f"[127.0.0.1]:{self.port} {host_pub[0]} {host_pub[1]}\n")
        other = (base / "other_host.pub").read_text().split()
        (base / "wrong_known_hosts").write_text(f"[127.0.0.1]:{self.port} {other[0]} {other[1]}\n")
        (base / "sshd_config").write_text(f"""\
Port {self.port}
ListenAddress 127.0.0.1
HostKey {base / 'host'}
PidFile {base / 'sshd.pid'}
AuthorizedKeysFile {base / 'authorized_keys'}
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
UsePAM no
StrictModes no
AllowUsers {self.user}
Subsystem sftp internal-sftp
LogLevel ERROR
""")
        self.proc = subprocess.Popen([str(SSHD), "-D", "-e", "-f", str(base / "sshd_config")],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 10
        while True:
            if self.proc.poll() is not None:
                err = self.proc.stderr.read().decode(errors="replace")  # type: ignore[union-attr]
                pytest.skip(f"sshd did not start: {err.strip()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    self.stop()
                    pytest.skip("sshd did not accept connections within 10 s")
                time.sleep(0.1)

    def url(self, path: Path) -> str:
        return f"sftp://{self.user}@127.0.0.1:{self.port}{path}"

    def env(self, known_hosts: str = "known_hosts") -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k != "SSH_AUTH_SOCK"}
        env.update(HOME=str(self.base / "home"), BOARD_SSH_KEY=str(self.base / "client"),
                   BOARD_KNOWN_HOSTS=str(self.base / known_hosts))
        return env

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(5)
        if self.proc.stderr:
            self.proc.stderr.close()


@pytest.fixture
def sshd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Sshd]:
    if not SSHD.exists():
        pytest.skip(f"{SSHD} is missing: install Debian's openssh-server (.ci/run does)")
    if os.geteuid() == 0 and not Path("/run/sshd").is_dir():
        # sshd started by root insists on its privilege-separation directory, which the
        # Debian service would create at boot; containers often lack it.
        try:
            Path("/run/sshd").mkdir(mode=0o755)
        except OSError as exc:
            pytest.skip(f"sshd needs /run/sshd and it cannot be created: {exc}")
    base = tmp_path / "ssh"
    (base / "home").mkdir(parents=True)
    server = Sshd(base)
    for key, value in server.env().items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("SSH_AUTH_SOCK", raising=False)
    yield server
    server.stop()


def test_push_over_sftp_versions_switch_and_rollback(tmp_path: Path, sshd: Sshd) -> None:
    remote = tmp_path / "box" / "screens" / "lobby"
    one, two = bundle(tmp_path, "one", [0, 1]), bundle(tmp_path, "two", [2])
    t = open_target(sshd.url(remote), tmp_path)
    try:
        r1 = push_bundle(one, SCREEN, t)
        assert same_as(t, one) and r1.symlink
        r2 = push_bundle(two, SCREEN, t)
        assert same_as(t, two) and r2.previous == r1.version
        assert sorted(os.listdir(remote / "versions")) == sorted([r1.version, r2.version])
        assert os.readlink(remote / "current") == f"versions/{r2.version}"  # symlink argument order
        assert (remote / "current" / "playlist.json").read_bytes() == (two / "playlist.json").read_bytes()
        rollback(SCREEN, t)
        assert same_as(t, one) and os.readlink(remote / "current") == f"versions/{r1.version}"
    finally:
        t.close()
    files = set(walk(LocalTransport(remote)))
    assert {"index.html", "current.json", "current"} <= files
    assert not [p for p in remote.rglob("*") if p.name.endswith((".part", ".partial")) or ".tmp-" in p.name]


def test_interrupted_sftp_push_keeps_the_old_bundle_and_rerun_completes(
        tmp_path: Path, sshd: Sshd) -> None:
    remote = tmp_path / "box" / "lobby"
    old, new = bundle(tmp_path, "old", [0]), bundle(tmp_path, "new", [1, 2], noise=8)
    t = open_target(sshd.url(remote), tmp_path)
    try:
        first = push_bundle(old, SCREEN, t)
    finally:
        t.close()
    push_and_kill(new, sshd.url(remote), lambda: partial_frames(remote), sshd.env(), tmp_path)
    local = LocalTransport(remote)
    assert json.loads(local.read(POINTER))["current"] == first.version and same_as(local, old)
    assert os.readlink(remote / "current") == f"versions/{first.version}"
    t = open_target(sshd.url(remote), tmp_path)
    try:
        again = push_bundle(new, SCREEN, t)
    finally:
        t.close()
    assert again.skipped >= 2 and again.previous == first.version and same_as(local, new)
    assert not list((remote / "versions").glob("*.partial"))


def test_unknown_host_key_is_refused(tmp_path: Path, sshd: Sshd, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BOARD_KNOWN_HOSTS")
    remote = tmp_path / "box"
    with pytest.raises(PushError) as caught:
        open_target(sshd.url(remote), tmp_path)
    assert "不认识 127.0.0.1" in str(caught.value) and "SHA256:" in str(caught.value)
    assert not remote.exists()
    home_known = Path(os.environ["HOME"]) / ".ssh" / "known_hosts"
    assert not home_known.exists()  # nothing was trusted silently


def test_changed_host_key_is_refused(tmp_path: Path, sshd: Sshd, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOARD_KNOWN_HOSTS", str(sshd.base / "wrong_known_hosts"))
    with pytest.raises(PushError, match="主机密钥和 known_hosts 里记录的不一样"):
        open_target(sshd.url(tmp_path / "box"), tmp_path)


def test_wrong_credentials_are_a_clear_error(tmp_path: Path, sshd: Sshd, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOARD_SSH_KEY", str(sshd.base / "other_host"))
    with pytest.raises(PushError, match="被拒绝"):
        open_target(sshd.url(tmp_path / "box"), tmp_path)


def test_password_in_the_url_is_refused(tmp_path: Path) -> None:
    with pytest.raises(PushError, match="不能写密码"):
        open_target("sftp://screen:secret@192.0.2.1/srv", tmp_path)


# --- the commands --------------------------------------------------------------------------------------

@pytest.fixture
def sample(tiny):  # noqa: ANN001, ANN201 - conftest's TinyProject
    pytest.importorskip("display.screens")
    tiny.add_item("notices/2026-11-water.md", """
        ---
        type: notice
        title: 停水通知
        date: 2026-11-20
        screens: [lobby, door]
        ---

        因管道维修，11月30日停水。
        """)
    return tiny


def board(project, *args: str) -> subprocess.CompletedProcess:  # noqa: ANN001
    env = {**os.environ, "BOARD_PROGRESS": "plain", "BOARD_JOBS": "1"}
    return subprocess.run([sys.executable, "-m", "generator.cli", "-h"] if not args else
                          [sys.executable, "-m", "generator.cli", args[0], "-f",
                           str(project.config_file), "--today", "2026-11-29", *args[1:]],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=120)


def test_board_push_and_rollback_commands(sample, tmp_path: Path) -> None:  # noqa: ANN001
    target = tmp_path / "door-box"
    first = board(sample, "push", "door", "--to", str(target))
    assert first.returncode == 0, first.stderr
    assert "已推送" in first.stdout and "上传到" in first.stderr  # progress lines
    pointer = json.loads((target / POINTER).read_text(encoding="utf-8"))
    playlist = json.loads((target / "current" / "playlist.json").read_text(encoding="utf-8"))
    assert playlist["screen"] == "door" and playlist["frames"]
    assert (target / "current" / "index.html").is_file()
    again = board(sample, "push", "door", "--to", str(target))
    assert again.returncode == 0 and "已经是最新" in again.stdout
    back = board(sample, "push", "door", "--to", str(target), "--rollback")
    assert back.returncode == 2 and "没有保留上一版" in back.stderr
    assert json.loads((target / POINTER).read_text(encoding="utf-8")) == pointer


def test_board_push_without_a_target_explains(sample) -> None:  # noqa: ANN001
    result = board(sample, "push", "lobby")
    assert result.returncode == 2 and "没有设置推送目标" in result.stderr


def test_board_export_command(sample, tmp_path: Path) -> None:  # noqa: ANN001
    out = tmp_path / "usb"
    result = board(sample, "export", "door", "--to", str(out))
    assert result.returncode == 0, result.stderr
    assert (out / "001.png").exists() and (out / "001.bmp").exists() and (out / "README.txt").exists()
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.txt").write_text("x", encoding="utf-8")
    refused = board(sample, "export", "door", "--to", str(tmp_path / "docs"))
    assert refused.returncode == 2 and "不是以前的屏幕导出" in refused.stderr
    unknown = board(sample, "export", "nope", "--to", str(out))
    assert unknown.returncode == 2 and "没有编号为「nope」的屏幕" in unknown.stderr


def test_board_export_mp4_for_the_lobby(sample, tmp_path: Path) -> None:  # noqa: ANN001
    import av

    out = tmp_path / "usb"
    result = board(sample, "export", "lobby", "--to", str(out), "--format", "mp4")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["README.txt", "board-export.json", "slides.mp4"]
    manifest = json.loads((out / "board-export.json").read_text(encoding="utf-8"))
    expected = [round(float(f["duration"]) * 1000) for f in manifest["frames"]]
    with av.open(str(out / "slides.mp4")) as video:
        stream = video.streams.video[0]
        assert (stream.codec_context.width, stream.codec_context.height) == (1920, 1080)
        packets = [p for p in video.demux(stream) if p.size]
        assert [round(float(p.duration * p.time_base) * 1000) for p in packets] == expected
        assert all(p.is_keyframe for p in packets)
    assert list((sample.config_file.parent / ".cache" / "board" / "mp4-slides").glob("*.mp4"))
    wrong = board(sample, "export", "door", "--to", str(tmp_path / "x"), "--format", "mp4")
    assert wrong.returncode == 2 and "不能播放 MP4" in wrong.stderr
