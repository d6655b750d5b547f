"""The background prerender fills the render cache with exactly what the build draws."""
from __future__ import annotations

from pathlib import Path

import pytest

from display.cards import build_cards
from display.posters import build_posters
from display.prerender import start
from display.screens import build_screens
from generator.lifecycle import resolve_now
from test_slides import TODAY, make_tiny


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _build(loaded, now, out: Path, cache: Path):  # noqa: ANN001, ANN202
    screens = build_screens(loaded.items, loaded.config, now, out / "screens", root=loaded.root,
                            cache_dir=cache)
    posters = build_posters(loaded.items, loaded.config, now, out, root=loaded.root, cache_dir=cache)
    cards = build_cards(loaded.items, loaded.config, now, out, root=loaded.root, cache_dir=cache)
    return screens, posters, cards


def test_build_after_prerender_draws_nothing_and_writes_the_same_bytes(tmp_path: Path) -> None:
    project = make_tiny(tmp_path / "src")
    loaded = project.load()
    now = resolve_now(TODAY, loaded.config.tz)

    plain = _build(loaded, now, tmp_path / "plain", tmp_path / "cache-plain")
    assert plain[0].rendered > 0 and plain[2].rendered > 0
    assert any(issue.rendered for issue in plain[1].issues)

    job = start(loaded, now, tmp_path / "cache-pre")
    if job.process is None:  # another test left threads running: forking is not safe then
        pytest.skip("threads are running in this test process: no background prerender")
    drawn = job.finish()
    screens, posters, cards = _build(loaded, now, tmp_path / "pre", tmp_path / "cache-pre")
    assert screens.rendered == 0 and screens.reused == plain[0].reused + plain[0].rendered
    assert not any(issue.rendered for issue in posters.issues) and posters.issues
    assert cards.rendered == 0 and cards.reused == plain[2].rendered
    assert _files(tmp_path / "pre") == _files(tmp_path / "plain")
    # the build's report credits the background: what it drew reads 新绘制, as without it
    drawn.credit_screens(screens)
    drawn.credit_posters(posters)
    drawn.credit_cards(cards)
    assert screens.lines() == [line.replace("/plain/", "/pre/") for line in plain[0].lines()]
    assert [i.rendered for i in posters.issues] == [i.rendered for i in plain[1].issues]
    assert cards.lines() == plain[2].lines()


def test_cancel_stops_the_background_and_the_build_still_completes(tmp_path: Path) -> None:
    project = make_tiny(tmp_path / "src")
    loaded = project.load()
    now = resolve_now(TODAY, loaded.config.tz)
    job = start(loaded, now, tmp_path / "cache")
    job.cancel()
    assert job.process is None
    screens, posters, cards = _build(loaded, now, tmp_path / "out", tmp_path / "cache")
    assert screens.screens and posters.issues and cards.cards  # whatever was missing is drawn


def test_a_warm_render_cache_starts_no_background(tmp_path: Path) -> None:
    project = make_tiny(tmp_path / "src")
    loaded = project.load()
    now = resolve_now(TODAY, loaded.config.tz)
    _build(loaded, now, tmp_path / "out", tmp_path / "cache")  # writes every manifest
    job = start(loaded, now, tmp_path / "cache")
    assert job.process is None and job.finish().waited == 0.0
