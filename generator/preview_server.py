"""`board serve`'s preview server: MkDocs' `serve` with a faster file watcher.

The same steps as `mkdocs.commands.serve.serve` (MkDocs 1.6): a temporary site folder, one
build, then rebuild on every change and reload the browsers. The differences: the watcher
(generator.watcher: change notices instead of polling every half second), and only "dirty"
rebuilds (generator.incremental renders only the pages whose inputs changed).
"""
from __future__ import annotations

import logging
import shutil
import tempfile
from os.path import isdir, isfile, join
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer, _serve_url

from .watcher import Watcher, notices_work

log = logging.getLogger("mkdocs.commands.serve")


def serve(config_file: Path, dev_addr: str) -> None:
    """Build into a temporary folder, serve it at `dev_addr`, rebuild on changes until Ctrl+C."""
    site_dir = tempfile.mkdtemp(prefix="board_")

    def get_config() -> MkDocsConfig:
        return load_config(config_file=str(config_file), site_dir=site_dir, dev_addr=dev_addr)

    config = get_config()
    config.plugins.on_startup(command="serve", dirty=True)
    host, port = config.dev_addr
    mount_path = urlsplit(config.site_url or "/").path
    config.site_url = serve_url = _serve_url(host, port, mount_path)

    def builder(config: MkDocsConfig | None = None) -> None:
        log.info("Building documentation...")
        if config is None:
            config = get_config()
            config.site_url = serve_url
        build(config, serve_url=serve_url, dirty=True)

    server = LiveReloadServer(builder=builder, host=host, port=port, root=site_dir, mount_path=mount_path)
    server.observer = Watcher(native=notices_work(Path(config.docs_dir)))  # type: ignore[assignment]

    def error_handler(code: int) -> bytes | None:
        if code in (404, 500):
            page = join(site_dir, f"{code}.html")
            if isfile(page):
                with open(page, "rb") as f:
                    return f.read()
        return None

    server.error_handler = error_handler
    try:
        builder(config)
        server.watch(config.docs_dir)
        if config.config_file_path:
            server.watch(config.config_file_path)
        server = config.plugins.on_serve(server, config=config, builder=builder)
        for item in config.watch:
            server.watch(item)
        try:
            server.serve()
        except KeyboardInterrupt:
            log.info("Shutting down...")
        finally:
            server.shutdown()
    finally:
        config.plugins.on_shutdown()
        if isdir(site_dir):
            shutil.rmtree(site_dir)
