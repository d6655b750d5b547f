"""The local backend `board serve` answers for the forms: Decap's proxy protocol, confined to content/."""
from __future__ import annotations

import base64
import io
import json
import os
from pathlib import Path
from typing import Any

import pytest

from generator.cms.local import LocalBackend, Refused, wsgi_response

PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=")


@pytest.fixture
def backend(tiny) -> LocalBackend:  # noqa: ANN001
    tiny.add_item("notices/2026-11-20-停水通知.md", "---\ntype: notice\ntitle: 停水通知\ndate: 2026-11-20\n---\n\n正文。\n")
    return LocalBackend(tiny.root, "content")


def test_info_and_listing(backend: LocalBackend) -> None:
    assert backend.handle({"action": "info"}) == {"repo": backend.root.name, "publish_modes": ["simple"],
                                                  "type": "local_fs"}
    (entry,) = backend.handle({"action": "entriesByFolder",
                               "params": {"folder": "content/notices", "extension": "md", "depth": 1}})
    assert entry["file"]["path"] == "content/notices/2026-11-20-停水通知.md"
    assert entry["data"].startswith("---\ntype: notice\n") and len(entry["file"]["id"]) == 64
    got = backend.handle({"action": "getEntry", "params": {"path": "content/notices/2026-11-20-停水通知.md"}})
    assert got == entry


def test_persist_entry_writes_utf8_with_unix_line_ends(backend: LocalBackend, tiny) -> None:  # noqa: ANN001
    raw = "---\r\ntype: notice\r\ntitle: 新通知\r\ndate: 2026-11-29\r\n---\r\n正文\r\n"
    backend.handle({"action": "persistEntry", "params": {
        "dataFiles": [{"slug": "x", "path": "content/notices/2026-11-29-新通知.md", "raw": raw}],
        "assets": [{"path": "content/notices/images/a.png", "content": base64.b64encode(PNG).decode(),
                    "encoding": "base64"}],
        "options": {"commitMessage": "x"}}})
    written = tiny.content / "notices" / "2026-11-29-新通知.md"
    assert written.read_bytes() == raw.replace("\r\n", "\n").encode("utf-8")
    assert (tiny.content / "notices" / "images" / "a.png").read_bytes() == PNG
    assert not list((tiny.content / "notices").glob(".cms-*"))  # no temporary files left
    assert tiny.check().errors == []


@pytest.mark.parametrize("action, params", [
    ("getEntry", {"path": "mkdocs.yml"}),
    ("getEntry", {"path": "content/../mkdocs.yml"}),
    ("getEntry", {"path": "/etc/passwd"}),
    ("entriesByFolder", {"folder": ".", "extension": "yml", "depth": 1}),
    ("persistEntry", {"dataFiles": [{"path": "mkdocs.yml", "raw": "x"}], "assets": []}),
    ("persistEntry", {"dataFiles": [{"path": "content/notices/x.html", "raw": "<script>"}], "assets": []}),
    ("persistEntry", {"dataFiles": [{"path": "content/../theme/main.md", "raw": "x"}], "assets": []}),
    ("persistMedia", {"asset": {"path": "content/x.js", "content": "eA==", "encoding": "base64"}}),
    ("persistMedia", {"asset": {"path": "archetypes/x.png", "content": "eA==", "encoding": "base64"}}),
    ("deleteFile", {"path": "mkdocs.yml"}),
    ("deleteFiles", {"paths": ["content/index.md", "../outside.md"]}),
])
def test_nothing_outside_content_nor_other_kinds_of_files(backend: LocalBackend, tiny, action: str,  # noqa: ANN001
                                                          params: dict[str, Any]) -> None:
    before = {p: p.read_bytes() for p in tiny.root.rglob("*") if p.is_file()}
    with pytest.raises(Refused):
        backend.handle({"action": action, "params": params})
    assert {p: p.read_bytes() for p in tiny.root.rglob("*") if p.is_file()} == before


def test_a_symlink_out_of_content_is_not_followed(backend: LocalBackend, tiny, tmp_path: Path) -> None:  # noqa: ANN001
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "a.md").write_text("secret", encoding="utf-8")
    os.symlink(secret, tiny.content / "linked")
    with pytest.raises(Refused):
        backend.handle({"action": "getEntry", "params": {"path": "content/linked/a.md"}})
    with pytest.raises(Refused):
        backend.handle({"action": "persistEntry", "params": {
            "dataFiles": [{"path": "content/linked/b.md", "raw": "x"}], "assets": []}})
    assert not (secret / "b.md").exists()


def _call(backend: LocalBackend, body: bytes, **environ: str) -> tuple[str, Any]:
    status: list[str] = []
    env = {"REQUEST_METHOD": "POST", "CONTENT_TYPE": "application/json", "CONTENT_LENGTH": str(len(body)),
           "HTTP_HOST": "127.0.0.1:8000", "wsgi.input": io.BytesIO(body), **environ}
    out = wsgi_response(backend, env, lambda s, headers: status.append(s))
    return status[0], json.loads(b"".join(out))


def test_http_guards_against_other_web_pages(backend: LocalBackend) -> None:
    info = json.dumps({"action": "info"}).encode()
    assert _call(backend, info)[0].startswith("200")
    assert _call(backend, info, HTTP_ORIGIN="http://127.0.0.1:8000")[0].startswith("200")
    # a form post or a fetch from another site: refused before anything is read or written
    assert _call(backend, info, CONTENT_TYPE="text/plain")[0].startswith("415")
    assert _call(backend, info, HTTP_ORIGIN="https://evil.example")[0].startswith("403")
    assert _call(backend, info, REQUEST_METHOD="GET")[0].startswith("405")
    status, payload = _call(backend, b'{"action": "nope"}')
    assert status.startswith("422") and "nope" in payload["error"]
