"""Oversized pictures are shrunk for the website with a note in the build output; the original
stays in content/ for posters and screens (generator/webimages.py)."""
from __future__ import annotations

import logging
from pathlib import Path

import pytest
from PIL import Image

from conftest import TinyProject

PUBLICITY = """\
---
type: publicity
title: 垃圾分类宣传
date: 2026-11-20
image: images/{name}
---

![示意图](images/{name})
"""


def _photo(path: Path, size: tuple[int, int], quality: int = 95, *, detail: int = 24) -> None:
    """A photo-like picture: noise enlarged `detail` times (pure noise is a worst case for bytes)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    small = (max(1, size[0] // detail), max(1, size[1] // detail))
    noise = Image.merge("RGB", [Image.effect_noise(small, 15 if detail > 1 else 60) for _ in range(3)]).resize(size, Image.Resampling.BICUBIC)
    noise.save(path, "JPEG" if path.suffix == ".jpg" else "PNG", **({"quality": quality} if path.suffix == ".jpg" else {}))


# (case, file, size, jpeg quality, detail, config lines, expected published size: None for
# unchanged, "smaller" for any size that fits the byte limit)
CASES = [
    ("8000x6000 phone photo", "big.jpg", (8000, 6000), 90, 24, "", (2560, 1920)),
    ("small photo untouched", "small.jpg", (1200, 800), 80, 24, "", None),
    ("over 1 MB at a web size", "heavy.jpg", (2400, 1800), 100, 1, "", "smaller"),
    ("configured smaller side", "mid.jpg", (1200, 800), 80, 24, "      web_image_max_side: 1000\n", (1000, 667)),
    ("tall png", "tall.png", (1000, 3000), 0, 24, "", "smaller"),
]


@pytest.mark.parametrize("name,file,size,quality,detail,extra,expected", CASES, ids=[c[0] for c in CASES])
def test_big_pictures_are_shrunk_for_the_web(tiny: TinyProject, site_of, caplog: pytest.LogCaptureFixture,  # noqa: ANN001
                                             name: str, file: str, size: tuple[int, int], quality: int,
                                             detail: int, extra: str, expected: tuple[int, int] | str | None) -> None:
    if extra:
        text = tiny.config_file.read_text(encoding="utf-8")
        tiny.write_config(text.replace("      gongshi_min_days: 5\n", "      gongshi_min_days: 5\n" + extra))
    original = tiny.content / "publicity" / "images" / file
    _photo(original, size, quality, detail=detail)
    before = original.read_bytes()
    tiny.add_item("publicity/a.md", PUBLICITY.format(name=file))
    assert not tiny.check().errors
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.board"):
        site = site_of(tiny)
    published = site.dir / "publicity" / "images" / file
    assert original.read_bytes() == before  # the original is never touched
    notes = [r.getMessage() for r in caplog.records if "缩小为" in r.getMessage()]
    if expected is None:
        assert published.read_bytes() == before
        assert not notes
        return
    with Image.open(published) as web:
        assert web.size == expected if expected != "smaller" else max(web.size) <= min(2560, max(size))
    assert published.stat().st_size < len(before)
    assert published.stat().st_size <= 1024 * 1024
    assert len(notes) == 1 and f"content/publicity/images/{file}" in notes[0] and "原图" in notes[0], notes


def test_web_copy_is_upright_and_carries_no_exif(tmp_path: Path) -> None:
    from generator.webimages import web_copy

    source = tmp_path / "phone.jpg"
    image = Image.effect_noise((4000 // 24, 3000 // 24), 15).convert("RGB").resize((4000, 3000))
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90° clockwise to display
    exif[0x010F] = "PhoneMaker"
    image.save(source, "JPEG", quality=90, exif=exif)
    copy = web_copy(source, tmp_path / "cache")
    assert copy is not None
    with Image.open(copy.copy) as web:
        assert web.size == (1920, 2560)  # portrait, as the phone showed it
        assert not web.getexif()
    again = web_copy(source, tmp_path / "cache")  # cached: the same file, not made again
    assert again is not None and again.copy == copy.copy
