"""Decap CMS's local backend (the `decap-server` proxy protocol) in Python, for `board serve`.

Decap's editor, opened on 127.0.0.1, POSTs JSON `{action, params}` to /api/v1 and expects what
decap-server's `local_fs` middleware answers (entriesByFolder, getEntry, persistEntry, getMedia,
persistMedia, deleteFile, ...). Doing it here means no Node.js on the clerk's PC.

Every path is relative to the project folder and must stay inside the content folder (checked
after resolving symlinks); entries must be Markdown and media must be images. Files are written
whole (temporary file, then rename), as UTF-8 with `\n` line ends, like `board new`.
"""
from __future__ import annotations

import base64
import hashlib
import json
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from ..atomic import write_atomic

ENTRY_SUFFIXES = (".md",)
MEDIA_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp")
MAX_BODY_BYTES = 32 * 1024 * 1024


class Refused(Exception):
    """A request the backend will not carry out; `status` is the HTTP status to answer."""

    def __init__(self, message: str, status: int = 422) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


class LocalBackend:
    """Answers Decap's proxy actions on the files of one project's content folder."""

    def __init__(self, root: Path, content_dir: str) -> None:
        self.root = root.resolve()
        self.content = (self.root / content_dir).resolve()

    # --- paths -----------------------------------------------------------------------------

    def resolve(self, rel: Any, suffixes: tuple[str, ...] | None = None) -> Path:
        """`content/notices/x.md` → absolute path, refused unless inside the content folder."""
        if not isinstance(rel, str) or not rel or "\x00" in rel:
            raise Refused("路径无效")
        path = (self.root / rel.replace("\\", "/")).resolve()
        if path != self.content and self.content not in path.parents:
            raise Refused(f"只能读写 {self.content.relative_to(self.root).as_posix()}/ 里的文件：{rel}", 403)
        if suffixes is not None and path.suffix.lower() not in suffixes:
            raise Refused(f"不能保存这种文件：{rel}（只允许 {'、'.join(suffixes)}）", 403)
        return path

    def _rel(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    # --- actions ---------------------------------------------------------------------------

    def handle(self, body: Any) -> Any:
        if not isinstance(body, dict) or not isinstance(body.get("action"), str):
            raise Refused("请求里没有 action")
        action = body["action"]
        params = body.get("params") or {}
        handler: Callable[[dict[str, Any]], Any] | None = getattr(self, f"_do_{action}", None)
        if handler is None:
            raise Refused(f"Unknown action {action}")
        return handler(params)

    def _do_info(self, params: dict[str, Any]) -> Any:
        return {"repo": self.root.name, "publish_modes": ["simple"], "type": "local_fs"}

    def _do_entriesByFolder(self, params: dict[str, Any]) -> Any:  # noqa: N802 - Decap's names
        folder = self.resolve(params.get("folder"))
        extension = str(params.get("extension") or "")
        depth = int(params.get("depth") or 1)
        return [self._entry(p) for p in self._list(folder, extension, depth)]

    def _do_entriesByFiles(self, params: dict[str, Any]) -> Any:  # noqa: N802
        return [self._entry_at(str(f.get("path", "")), f.get("label")) for f in params.get("files") or []]

    def _do_getEntry(self, params: dict[str, Any]) -> Any:  # noqa: N802
        return self._entry_at(str(params.get("path", "")))

    def _do_persistEntry(self, params: dict[str, Any]) -> Any:  # noqa: N802
        files = params.get("dataFiles") or ([params["entry"]] if params.get("entry") else [])
        targets = [(self.resolve(f.get("path"), ENTRY_SUFFIXES), f) for f in files]
        assets = [(self.resolve(a.get("path"), MEDIA_SUFFIXES), a) for a in params.get("assets") or []]
        for path, data_file in targets:
            raw = data_file.get("raw")
            if not isinstance(raw, str):
                raise Refused("条目内容缺失")
            write_atomic(path, raw.replace("\r\n", "\n").encode("utf-8"))
            new_path = data_file.get("newPath")
            if new_path:
                moved = self.resolve(new_path, ENTRY_SUFFIXES)
                if moved.exists():
                    raise Refused(f"{new_path} 已经存在，不会覆盖", 409)
                moved.parent.mkdir(parents=True, exist_ok=True)
                os.replace(path, moved)
        for path, asset in assets:
            write_atomic(path, _decode(asset))
        return {"message": "entry persisted"}

    def _do_getMedia(self, params: dict[str, Any]) -> Any:  # noqa: N802
        folder = self.resolve(params.get("mediaFolder"))
        return [self._media(p) for p in self._list(folder, "", 1) if p.suffix.lower() in MEDIA_SUFFIXES]

    def _do_getMediaFile(self, params: dict[str, Any]) -> Any:  # noqa: N802
        path = self.resolve(params.get("path"), MEDIA_SUFFIXES)
        if not path.is_file():
            raise Refused(f"找不到 {params.get('path')}", 404)
        return self._media(path)

    def _do_persistMedia(self, params: dict[str, Any]) -> Any:  # noqa: N802
        asset = params.get("asset") or {}
        path = self.resolve(asset.get("path"), MEDIA_SUFFIXES)
        write_atomic(path, _decode(asset))
        return self._media(path)

    def _do_deleteFile(self, params: dict[str, Any]) -> Any:  # noqa: N802
        return self._delete([params.get("path")])

    def _do_deleteFiles(self, params: dict[str, Any]) -> Any:  # noqa: N802
        return self._delete(list(params.get("paths") or []))

    def _do_getDeployPreview(self, params: dict[str, Any]) -> Any:  # noqa: N802
        return None

    # --- helpers ---------------------------------------------------------------------------

    def _delete(self, paths: Iterable[Any]) -> Any:
        resolved = [self.resolve(p, ENTRY_SUFFIXES + MEDIA_SUFFIXES) for p in paths]
        for path in resolved:
            path.unlink(missing_ok=True)
        return {"message": f"deleted files {', '.join(self._rel(p) for p in resolved)}"}

    def _list(self, folder: Path, extension: str, depth: int) -> list[Path]:
        if depth <= 0 or not folder.is_dir():
            return []
        out: list[Path] = []
        for child in sorted(folder.iterdir()):
            if child.name.startswith((".", "_")):
                continue
            if child.is_dir():
                out.extend(self._list(child, extension, depth - 1))
            elif child.name.endswith(extension) and self._inside(child):
                out.append(child)
        return out

    def _inside(self, path: Path) -> bool:
        real = path.resolve()
        return self.content in real.parents

    def _entry(self, path: Path, label: Any = None) -> dict[str, Any]:
        data = path.read_bytes()
        return {"data": data.decode("utf-8-sig"),
                "file": {"path": self._rel(path), "label": label, "id": _sha(data)}}

    def _entry_at(self, rel: str, label: Any = None) -> dict[str, Any]:
        path = self.resolve(rel)
        try:
            return self._entry(path, label)
        except (OSError, UnicodeDecodeError):
            return {"data": None, "file": {"path": rel, "label": label, "id": None}}

    def _media(self, path: Path) -> dict[str, Any]:
        data = path.read_bytes()
        return {"id": _sha(data), "content": base64.b64encode(data).decode("ascii"),
                "encoding": "base64", "path": self._rel(path), "name": path.name}


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _decode(asset: dict[str, Any]) -> bytes:
    if asset.get("encoding") != "base64" or not isinstance(asset.get("content"), str):
        raise Refused("图片内容应为 base64")
    try:
        return base64.b64decode(asset["content"], validate=True)
    except ValueError:
        raise Refused("图片内容不是有效的 base64") from None


def wsgi_response(backend: LocalBackend, environ: dict[str, Any],
                  start_response: Callable[..., Any]) -> list[bytes]:
    """Answer one POST /api/v1 request (JSON in, JSON out)."""
    status, payload = "200 OK", None
    try:
        if environ.get("REQUEST_METHOD") != "POST":
            raise Refused("只接受 POST", 405)
        # Another web page open in the same browser must not write here: a JSON content type
        # forces a CORS preflight (never granted), and a foreign Origin is refused outright.
        if not str(environ.get("CONTENT_TYPE", "")).startswith("application/json"):
            raise Refused("只接受 application/json", 415)
        origin = environ.get("HTTP_ORIGIN")
        if origin and origin.split("://", 1)[-1] != environ.get("HTTP_HOST"):
            raise Refused("只接受本机编辑页面的请求", 403)
        length = int(environ.get("CONTENT_LENGTH") or 0)
        if length > MAX_BODY_BYTES:
            raise Refused("请求太大", 413)
        body = json.loads(environ["wsgi.input"].read(length).decode("utf-8") or "null")
        payload = backend.handle(body)
    except Refused as exc:
        status, payload = f"{exc.status} Refused", {"error": exc.message}
    except (ValueError, KeyError, TypeError) as exc:
        status, payload = "422 Unprocessable Entity", {"error": f"请求无效：{exc}"}
    except OSError as exc:
        status, payload = "500 Internal Server Error", {"error": f"读写文件失败：{exc.strerror or exc}"}
    data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    start_response(status, [("Content-Type", "application/json; charset=utf-8"),
                            ("Content-Length", str(len(data))), ("Cache-Control", "no-store")])
    return [data]
