"""/admin/ in the built site, and the local backend inside `board serve`.

`write_admin` copies the vendored Decap CMS and writes `config.yml` generated from the schemas
(generator/cms/forms.py) into `<site>/admin/`, at every build, so the published site carries the
hosted editor. `with_local_backend` wraps `board serve`'s WSGI app: POST <mount>/api/v1 goes to
the local backend (edits content/ on this PC), and /admin/ pages are served without MkDocs'
live-reload script, so saving an item does not reload the editor under the clerk's hands.
"""
from __future__ import annotations

import json
import mimetypes
import posixpath
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from ..config import SiteConfig
from .forms import decap_config, settings_yaml
from .local import LocalBackend, wsgi_response

ASSETS = Path(__file__).resolve().parent / "assets"
ADMIN = "admin"
_NOT_PUBLISHED = {"VENDOR.md", "index.html"}
_SLOT = "/*BOARD_CMS_CONFIG*/{}"


def write_admin(site_dir: Path, config: SiteConfig, root: Path) -> Path:
    """`<site>/admin/`: the editor page, the Decap bundle with its licences, config.yml."""
    target = site_dir / ADMIN
    target.mkdir(parents=True, exist_ok=True)
    for source in sorted(ASSETS.iterdir()):
        if source.is_file() and source.name not in _NOT_PUBLISHED:
            dest = target / source.name
            if not dest.exists() or dest.stat().st_size != source.stat().st_size:
                shutil.copyfile(source, dest)
    settings = json.dumps(decap_config(config, root), ensure_ascii=False)
    (target / "config.yml").write_text(settings_yaml(settings), encoding="utf-8")
    page = (ASSETS / "index.html").read_text(encoding="utf-8")
    (target / "index.html").write_text(page.replace(_SLOT, settings.replace("</", "<\\/")), encoding="utf-8")
    return target


App = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def with_local_backend(app: App, root: Path, content_dir: str, site_root: Callable[[], str],
                       mount_path: str = "/") -> App:
    """`app` plus the local backend at <mount>api/v1 and /admin/ without live reload."""
    backend = LocalBackend(root, content_dir)
    api = mount_path.rstrip("/") + "/api/v1"
    admin = mount_path.rstrip("/") + f"/{ADMIN}/"

    def wrapped(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path == api:
            return wsgi_response(backend, environ, start_response)
        if path.startswith(admin) and environ.get("REQUEST_METHOD") in ("GET", "HEAD"):
            served = _static(Path(site_root()) / ADMIN, path[len(admin):], start_response)
            if served is not None:
                return served
        return app(environ, start_response)

    return wrapped


def _static(folder: Path, rel: str, start_response: Callable[..., Any]) -> Iterable[bytes] | None:
    rel = posixpath.normpath("/" + (rel or "index.html")).lstrip("/")
    path = folder / rel
    if not path.is_file():
        return None
    data = path.read_bytes()
    kind = "text/yaml; charset=utf-8" if path.suffix == ".yml" else (
        mimetypes.guess_type(path.name)[0] or "application/octet-stream")
    if kind.startswith("text/html") or kind == "text/javascript":
        kind += "; charset=utf-8"
    start_response("200 OK", [("Content-Type", kind), ("Content-Length", str(len(data))),
                              ("Cache-Control", "no-cache")])
    return [data]
