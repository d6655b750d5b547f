"""Images editors drop in: every broken or odd file is a located `board check` problem or drawn
correctly, never a hang or a crash (generator/images.py, called from loader.check_targets).

Also here: symlinks inside content/ that lead outside it are refused.
"""
from __future__ import annotations

import io
import os
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image

from conftest import TinyProject

PUBLICITY = """\
---
type: publicity
title: 垃圾分类宣传
date: 2026-11-20
image: {image}
screens: [lobby]
---

正文。

![示意图]({body_image})
"""


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def bomb_png(width: int = 50_000, height: int = 50_000) -> bytes:
    """A few hundred bytes whose header claims width × height RGB pixels."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header)
            + _png_chunk(b"IDAT", zlib.compress(b"\x00" * 1024)) + _png_chunk(b"IEND", b""))


def _encoded(image: Image.Image, fmt: str, **options: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def _good_png() -> bytes:
    return _encoded(Image.new("RGB", (64, 48), (30, 120, 200)), "PNG")


def _animated_gif() -> bytes:
    frames = [Image.new("RGB", (32, 32), colour) for colour in ("red", "green", "blue")]
    return _encoded(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)


CASES = {
    # name: (file name, bytes, severity expected, words the message must contain)
    "corrupt": ("pic.png", b"this is not a picture at all" * 10, "error", "不是能识别的图片"),
    "truncated": ("pic.png", _good_png()[:-40][:120], "error", "不完整或已损坏"),
    "bomb": ("pic.png", bomb_png(), "error", "尺寸过大"),
    "empty": ("pic.png", b"", "error", "空文件"),
    "sixteen-bit": ("pic.png", _encoded(Image.new("I;16", (40, 30), 40000), "PNG"), "error", "16 位"),
    "wrong-extension": ("pic.png", _encoded(Image.new("RGB", (40, 30), "red"), "JPEG"), "warning", "其实是 JPEG"),
    "animated": ("pic.gif", _animated_gif(), "warning", "动图"),
    "bmp": ("pic.bmp", _encoded(Image.new("RGB", (8, 8)), "BMP"), "error", "BMP 格式"),
}


def _write(tiny: TinyProject, name: str, data: bytes) -> Path:
    target = tiny.content / "publicity" / "images" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return target


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("where", ["field", "body"])
def test_bad_images_are_located_problems(tiny: TinyProject, case: str, where: str) -> None:
    name, data, severity, words = CASES[case]
    _write(tiny, name, data)
    _write(tiny, "ok.png", _good_png())
    field, body = (f"images/{name}", "images/ok.png") if where == "field" else ("images/ok.png", f"images/{name}")
    tiny.add_item("publicity/2026-11-sorting.md", PUBLICITY.format(image=field, body_image=body))
    problems = tiny.check()
    found = [p for p in problems if words in p.message]
    assert found, [p.message for p in problems]
    (problem,) = found
    assert problem.severity == severity
    assert problem.path == "content/publicity/2026-11-sorting.md"
    assert problem.line == (5 if where == "field" else 11)
    assert name in problem.message


def test_cmyk_jpeg_is_fine_and_drawn_in_colour(tiny: TinyProject) -> None:
    """CMYK JPEG (print shops send these) is accepted and converted for screens."""
    from generator.images import usable

    path = _write(tiny, "cmyk.jpg", _encoded(Image.new("CMYK", (40, 30), (0, 255, 255, 0)), "JPEG"))
    tiny.add_item("publicity/2026-11-sorting.md", PUBLICITY.format(image="images/cmyk.jpg",
                                                                   body_image="images/cmyk.jpg"))
    assert not [p for p in tiny.check() if "cmyk" in p.message]
    assert usable(path)
    with Image.open(path) as image:
        red, green, blue = image.convert("RGB").getpixel((20, 15))
    assert red > 200 and green < 60 and blue < 60


def test_svg_is_fine_in_the_body_but_not_as_the_screen_picture(tiny: TinyProject) -> None:
    _write(tiny, "logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>')
    _write(tiny, "ok.png", _good_png())
    tiny.add_item("publicity/2026-11-a.md", PUBLICITY.format(image="images/ok.png", body_image="images/logo.svg"))
    tiny.add_item("publicity/2026-11-b.md", PUBLICITY.format(image="images/logo.svg", body_image="images/ok.png"))
    problems = [(p.path, p.line) for p in tiny.check().errors]
    assert problems == [("content/publicity/2026-11-b.md", 5)]


def test_attachments_are_not_treated_as_pictures(tiny: TinyProject) -> None:
    (tiny.content / "notices").mkdir()
    (tiny.content / "notices" / "form.pdf").write_bytes(b"%PDF-1.4 not really")
    tiny.add_item("notices/2026-11-a.md", "---\ntype: notice\ntitle: 报名\ndate: 2026-11-20\n---\n\n[报名表](form.pdf)\n")
    assert not tiny.check().errors


@pytest.mark.parametrize("case", ["corrupt", "truncated", "bomb", "sixteen-bit"])
def test_renderers_skip_unusable_pictures(tiny: TinyProject, tmp_path: Path, case: str) -> None:
    """Builds that skip `board check` (mkdocs serve) draw the slide without the picture."""
    from display.screens import build_screens

    name, data, _, _ = CASES[case]
    _write(tiny, name, data)
    tiny.add_item("publicity/2026-11-sorting.md", PUBLICITY.format(image=f"images/{name}",
                                                                   body_image=f"images/{name}"))
    project = tiny.load()
    from generator.lifecycle import resolve_now

    now = resolve_now("2026-11-29", project.config.tz)
    report = build_screens(project.items, project.config, now, tmp_path / "screens",
                           root=project.root, cache_dir=tmp_path / "cache", screen_ids=["lobby"])
    assert report is not None
    assert list((tmp_path / "screens" / "lobby" / "frames").glob("*.png"))


# --- symlinks ---------------------------------------------------------------------------------

def test_symlinked_folder_out_of_content_is_refused(tiny: TinyProject, tmp_path: Path) -> None:
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "id_rsa").write_text("PRIVATE", encoding="utf-8")
    (secret / "notes.md").write_text("# 私人\n", encoding="utf-8")
    os.symlink(secret, tiny.content / "leak")
    errors = tiny.check().errors
    assert [(e.path, "指向 content 文件夹以外" in e.message) for e in errors] == [("content/leak", True)]


def test_symlinked_image_out_of_content_is_refused(tiny: TinyProject, tmp_path: Path) -> None:
    outside = tmp_path / "outside.png"
    outside.write_bytes(_good_png())
    (tiny.content / "publicity" / "images").mkdir(parents=True)
    os.symlink(outside, tiny.content / "publicity" / "images" / "pic.png")
    tiny.add_item("publicity/2026-11-sorting.md", PUBLICITY.format(image="images/pic.png",
                                                                   body_image="images/pic.png"))
    errors = tiny.check().errors
    paths = {(e.path, e.line) for e in errors}
    assert ("content/publicity/images/pic.png", 0) in paths
    assert ("content/publicity/2026-11-sorting.md", 5) in paths


def test_symlinks_inside_content_are_fine(tiny: TinyProject) -> None:
    (tiny.content / "publicity" / "images").mkdir(parents=True)
    real = tiny.content / "publicity" / "images" / "real.png"
    real.write_bytes(_good_png())
    os.symlink(real, tiny.content / "publicity" / "images" / "alias.png")
    tiny.add_item("publicity/2026-11-sorting.md", PUBLICITY.format(image="images/alias.png",
                                                                   body_image="images/real.png"))
    assert not tiny.check().errors


@pytest.mark.slow
def test_mkdocs_build_does_not_publish_through_an_outside_symlink(tiny: TinyProject, tmp_path: Path,
                                                                   site_of) -> None:  # noqa: ANN001
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "id_rsa").write_text("PRIVATE", encoding="utf-8")
    os.symlink(secret, tiny.content / "leak")
    tiny.add_item("notices/2026-11-20-water.md", "---\ntype: notice\ntitle: 停水\ndate: 2026-11-20\n---\n\n停水。\n")
    from mkdocs.exceptions import Abort, PluginError

    try:
        site_of(tiny)
    except (Abort, PluginError):
        pass  # refusing to build is the expected outcome; either way nothing leaks
    assert not [p for p in tmp_path.rglob("id_rsa") if secret not in p.parents]
