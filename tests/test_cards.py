"""Share cards: 1080×1440 per published item, QR to the item's page, cached like the slides."""
from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from conftest import NOTICE, TODAY
from display.cards import CARD_SIZE, build_cards, card_name
from generator.lifecycle import resolve_now

zxingcpp = pytest.importorskip("zxingcpp")

SCHEDULED = NOTICE.replace("date: 2026-11-20", "date: 2026-12-05").replace("title: 停水通知", "title: 以后的通知")
DRAFT = NOTICE.replace("title: 停水通知", "title: 草稿\ndraft: true")


def build(project, tmp_path: Path, out: str = "site"):  # noqa: ANN001, ANN201
    loaded = project.load()
    assert not loaded.problems.errors
    now = resolve_now(TODAY, loaded.config.tz)
    return build_cards(loaded.items, loaded.config, now, tmp_path / out, root=loaded.root,
                       cache_dir=tmp_path / "cache"), loaded


def test_one_card_per_published_item_with_a_working_qr(tiny, tmp_path: Path) -> None:
    tiny.add_item("notices/2026-11-water.md", NOTICE)
    tiny.add_item("notices/2026-12-later.md", SCHEDULED)
    tiny.add_item("notices/2026-11-draft.md", DRAFT)
    report, project = build(tiny, tmp_path)
    assert set(report.cards) == {"notices/2026-11-water"}
    item = project.item("notices/2026-11-water")
    path = report.cards[item.id]
    assert path == tmp_path / "site" / card_name(item) == tmp_path / "site" / "cards" / "notices-2026-11-water.png"
    with Image.open(path) as image:
        assert image.size == CARD_SIZE
        texts = [r.text for r in zxingcpp.read_barcodes(image.convert("L"))]
    assert texts == ["https://example.org/notices/2026-11-water/"]


def test_cards_are_cached(tiny, tmp_path: Path) -> None:
    tiny.add_item("notices/2026-11-water.md", NOTICE)
    first, _ = build(tiny, tmp_path)
    assert (first.rendered, first.reused) == (1, 0)
    again, _ = build(tiny, tmp_path, out="site2")
    assert (again.rendered, again.reused) == (0, 1)
    assert (tmp_path / "site2" / "cards" / "notices-2026-11-water.png").read_bytes() == \
        first.cards["notices/2026-11-water"].read_bytes()


def test_without_site_url_cards_have_no_qr(tiny, tmp_path: Path) -> None:
    text = tiny.config_file.read_text(encoding="utf-8").replace("site_url: https://example.org/\n", "")
    tiny.write_config(text)
    tiny.add_item("notices/2026-11-water.md", NOTICE)
    report, _ = build(tiny, tmp_path)
    assert report.warnings
    with Image.open(report.cards["notices/2026-11-water"]) as image:
        assert zxingcpp.read_barcodes(image.convert("L")) == []
