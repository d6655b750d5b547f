"""`board export`: numbered frames, GIF/WebP with durations, native-size BMPs, a safe folder."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from PIL import Image

from bundles import FrameSpec, make_bundle, screen
from display.export import MANIFEST, ExportError, day_rotation, export_screen, to_dual

DAY = date(2026, 11, 29)  # a Sunday


def lobby_bundle(root: Path) -> dict:
    return make_bundle(root, [
        FrameSpec("a", 0, 3),
        FrameSpec("b", 1, 5, hours=["07:00-09:00"]),
        FrameSpec("urgent", 3, 4, priority="urgent", start="2026-11-29T08:00:00+08:00",
                  end="2026-11-30T00:00:00+08:00"),
        FrameSpec("tomorrow", 2, 2, start="2026-11-30T00:00:00+08:00"),
        FrameSpec("weekdays", 4, 2, days=[1, 2, 3, 4, 5]),
        FrameSpec("c", 5, 7),
    ])


def test_frames_in_play_order_with_durations(tmp_path: Path) -> None:
    bundle = tmp_path / "bundle"
    playlist = lobby_bundle(bundle)
    out = tmp_path / "usb"
    result = export_screen(bundle, screen(), DAY, out, community="测试社区居民委员会")
    assert [f["item"] for f in result.frames] == ["urgent", "a", "b", "c"]
    by_item = {f["item"]: f for f in playlist["frames"]}
    for n, item in enumerate(["urgent", "a", "b", "c"], 1):
        assert (out / f"{n:03d}.png").read_bytes() == (bundle / by_item[item]["image"]).read_bytes()
    assert not (out / "005.png").exists()
    assert not list(out.glob("*.bmp"))  # full-colour screens get no BMPs
    durations = [4000, 3000, 5000, 7000]
    with Image.open(out / "slides.gif") as gif:
        got = []
        for i in range(gif.n_frames):
            gif.seek(i)
            got.append(gif.info["duration"])
        assert got == durations and gif.size == (320, 180)
    with Image.open(out / "slides.webp") as webp:
        assert webp.n_frames == 4
        got = []
        for i in range(webp.n_frames):
            webp.seek(i)
            webp.load()  # Pillow sets a WebP frame's duration when it decodes it
            got.append(webp.info["duration"])
        assert got == durations
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["complete"] and manifest["screen"] == "lobby" and manifest["day"] == "2026-11-29"
    assert set(manifest["files"]) == {p.name for p in out.iterdir()} - {MANIFEST}


def test_readme_says_what_plays_when(tmp_path: Path) -> None:
    bundle = tmp_path / "bundle"
    lobby_bundle(bundle)
    export_screen(bundle, screen(), DAY, tmp_path / "usb", community="测试社区居民委员会")
    raw = (tmp_path / "usb" / "README.txt").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw  # Notepad on old office PCs
    text = raw.decode("utf-8-sig")
    assert "2026年11月29日（星期日）" in text
    assert "001.png  4 秒  【紧急】测试urgent" in text
    assert "仅 07:00-09:00" in text and "第 003 帧只应在表中写明的时段播放" in text
    assert "一轮约 19 秒" in text


def test_mono_screen_gets_one_bit_bmps_at_native_size(tmp_path: Path) -> None:
    bundle = tmp_path / "bundle"
    make_bundle(bundle, [FrameSpec("a", 0, 8), FrameSpec("b", 2, 8)], size=(192, 64), mode="mono",
                screen_id="door")
    out = tmp_path / "usb"
    export_screen(bundle, screen("door", (192, 64), "mono"), DAY, out)
    for n in (1, 2):
        with Image.open(out / f"{n:03d}.bmp") as bmp:
            assert bmp.format == "BMP" and bmp.mode == "1" and bmp.size == (192, 64)
        with Image.open(out / f"{n:03d}.png") as png, Image.open(out / f"{n:03d}.bmp") as bmp:
            lit_png = [max(p) >= 128 for p in png.convert("RGB").get_flattened_data()]
            lit_bmp = [p != 0 for p in bmp.get_flattened_data()]
            assert lit_png == lit_bmp and any(lit_bmp)  # red LEDs are lit pixels, not dark ones
    assert (out / "001.bmp").read_bytes()[28] == 1  # biBitCount: 1 bit per pixel on disk


def test_dual_screen_bmps_use_the_palette(tmp_path: Path) -> None:
    img = Image.new("RGB", (64, 16), (0, 0, 0))
    img.paste((250, 10, 10), (0, 0, 16, 16))
    img.paste((10, 240, 10), (16, 0, 32, 16))
    img.paste((240, 230, 20), (32, 0, 48, 16))
    dual = to_dual(img).convert("RGB")
    assert {c for _, c in dual.getcolors()} == {(0, 0, 0), (255, 0, 0), (0, 255, 0), (255, 255, 0)}
    bundle = tmp_path / "bundle"
    make_bundle(bundle, [FrameSpec("a", 0, 8)], size=(64, 32), screen_id="dual")
    export_screen(bundle, screen("dual", (64, 32), "dual"), DAY, tmp_path / "usb")
    with Image.open(tmp_path / "usb" / "001.bmp") as bmp:
        assert bmp.mode == "P" and bmp.size == (64, 32)


def test_fallback_when_nothing_plays_that_day(tmp_path: Path) -> None:
    bundle = tmp_path / "bundle"
    playlist = make_bundle(bundle, [FrameSpec("later", 0, 3, start="2026-12-02T00:00:00+08:00")])
    frames, is_fallback = day_rotation(playlist, DAY)
    assert is_fallback and [f["item"] for f in frames] == ["fallback"]
    result = export_screen(bundle, screen(), DAY, tmp_path / "usb")
    assert result.fallback and (tmp_path / "usb" / "001.png").exists()
    assert "只有默认画面" in (tmp_path / "usb" / "README.txt").read_text(encoding="utf-8-sig")


def test_refuses_a_folder_with_other_files(tmp_path: Path) -> None:
    bundle = tmp_path / "bundle"
    lobby_bundle(bundle)
    out = tmp_path / "documents"
    out.mkdir()
    (out / "财务报表.xlsx").write_bytes(b"not ours")
    with pytest.raises(ExportError, match="不是以前的屏幕导出"):
        export_screen(bundle, screen(), DAY, out)
    assert [p.name for p in out.iterdir()] == ["财务报表.xlsx"]


def test_reexport_replaces_only_its_own_files(tmp_path: Path) -> None:
    bundle = tmp_path / "bundle"
    lobby_bundle(bundle)
    out = tmp_path / "usb"
    (out / "System Volume Information").mkdir(parents=True)  # a fresh USB stick's root
    export_screen(bundle, screen(), DAY, out)
    assert (out / "004.png").exists()
    (out / "我的备注.txt").write_text("clerk's own note", encoding="utf-8")
    # Monday: the urgent item ended, the weekday item joins → same count, other content
    result = export_screen(bundle, screen(), date(2026, 11, 30), out)
    assert [f["item"] for f in result.frames] == ["a", "b", "tomorrow", "weekdays", "c"]
    assert (out / "我的备注.txt").read_text(encoding="utf-8") == "clerk's own note"
    assert (out / "System Volume Information").is_dir()
    # a shorter rotation removes the surplus numbered frames of the last export
    result = export_screen(bundle, screen(), date(2026, 12, 31), out)
    assert result.fallback and "002.png" in result.removed and not (out / "002.png").exists()
    assert (out / "我的备注.txt").exists()


def test_a_file_edited_after_the_export_is_not_overwritten(tmp_path: Path) -> None:
    bundle = tmp_path / "bundle"
    lobby_bundle(bundle)
    out = tmp_path / "usb"
    export_screen(bundle, screen(), DAY, out)
    (out / "README.txt").write_text("改过的说明", encoding="utf-8")
    with pytest.raises(ExportError, match="README.txt 之后被修改过"):
        export_screen(bundle, screen(), DAY, out)
    assert (out / "README.txt").read_text(encoding="utf-8") == "改过的说明"


def test_a_foreign_file_in_the_way_is_not_overwritten(tmp_path: Path) -> None:
    bundle = tmp_path / "bundle"
    make_bundle(bundle, [FrameSpec("a", 0, 3)])
    out = tmp_path / "usb"
    export_screen(bundle, screen(), DAY, out)
    (out / "002.png").write_bytes(b"someone else's picture")
    make_bundle(bundle, [FrameSpec("a", 0, 3), FrameSpec("b", 1, 3)])
    with pytest.raises(ExportError, match="002.png 不是上次导出写的"):
        export_screen(bundle, screen(), DAY, out)
    assert (out / "002.png").read_bytes() == b"someone else's picture"


def test_an_interrupted_export_is_still_recognised(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bundle = tmp_path / "bundle"
    lobby_bundle(bundle)
    out = tmp_path / "usb"
    import display.export as export

    def boom(*args: object, **kwargs: object) -> bytes:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(export, "_animation", boom)
    with pytest.raises(OSError):
        export_screen(bundle, screen(), DAY, out)
    assert (out / "001.png").exists()
    monkeypatch.undo()
    result = export_screen(bundle, screen(), DAY, out)  # the re-run takes over the half export
    assert len(result.frames) == 4 and (out / "slides.webp").exists()


def test_rejects_a_damaged_bundle(tmp_path: Path) -> None:
    bundle = tmp_path / "bundle"
    playlist = lobby_bundle(bundle)
    (bundle / playlist["frames"][0]["image"]).write_bytes(b"broken")
    with pytest.raises(ExportError, match="缺失或已损坏"):
        export_screen(bundle, screen(), DAY, tmp_path / "usb")
    assert not (tmp_path / "usb").exists()
