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


# --- MP4 for full-colour controllers -------------------------------------------------------------

def _probe(path: Path) -> dict:
    import subprocess
    out = subprocess.run(["ffprobe", "-v", "error", "-print_format", "json", "-show_format",
                          "-show_streams", "-show_packets", str(path)],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def mp4_bundle(root: Path) -> dict:
    return make_bundle(root, [FrameSpec("a", 0, 4), FrameSpec("b", 2, 2.5), FrameSpec("c", 4, 7.25)],
                       size=(1920, 1080))


def test_mp4_one_keyframe_per_slide_with_exact_durations(tmp_path: Path) -> None:
    import av

    bundle = tmp_path / "bundle"
    playlist = mp4_bundle(bundle)
    out = tmp_path / "usb"
    result = export_screen(bundle, screen(size=(1920, 1080)), DAY, out, formats=["mp4"],
                           cache_dir=tmp_path / "cache")
    assert sorted(result.files) == ["README.txt", "slides.mp4"]
    durations = [4000, 2500, 7250]
    starts = [0, 4000, 6500]
    with av.open(str(out / "slides.mp4")) as video:
        stream = video.streams.video[0]
        ctx = stream.codec_context
        assert (ctx.name, ctx.profile, ctx.pix_fmt) == ("h264", "High", "yuv420p")
        assert (ctx.width, ctx.height) == (1920, 1080)
        packets = [p for p in video.demux(stream) if p.size]
        assert [p.is_keyframe for p in packets] == [True] * 3
        assert [round(float(p.pts * p.time_base) * 1000) for p in packets] == starts
        assert [round(float(p.duration * p.time_base) * 1000) for p in packets] == durations
    with av.open(str(out / "slides.mp4")) as video:  # each slide decodes to its own picture
        colours = [f.to_image().getpixel((1900, 1060)) for f in video.decode(video=0)]
    by_item = {f["item"]: f for f in playlist["frames"]}
    for got, item in zip(colours, "abc"):
        with Image.open(bundle / by_item[item]["image"]) as img:
            want = img.convert("RGB").getpixel((1900, 1060))
        assert max(abs(g - w) for g, w in zip(got, want)) <= 6, (item, got, want)
    probe = _probe(out / "slides.mp4")
    (vstream,) = probe["streams"]
    assert vstream["codec_name"] == "h264" and vstream["profile"] == "High"
    assert vstream["pix_fmt"] == "yuv420p" and vstream["color_space"] == "bt709"
    assert vstream["color_primaries"] == "bt709" and vstream["color_transfer"] == "bt709"
    assert probe["format"]["duration"] == "13.750000"  # container = sum of the slides, to the ms
    assert [p["flags"].startswith("K") for p in probe["packets"]] == [True] * 3
    assert [p["pts_time"] for p in probe["packets"]] == ["0.000000", "4.000000", "6.500000"]
    text = (out / "README.txt").read_text(encoding="utf-8-sig")
    assert "slides.mp4" in text and "Novastar" in text and "一轮正好 13.75 秒" in text


def test_mp4_segments_are_cached_by_frame_and_joined_without_reencoding(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import display.video as video

    encoded: list[tuple[int, int]] = []
    real = video.encode_slide

    def counting(img: Image.Image) -> bytes:
        encoded.append(img.size)
        return real(img)

    monkeypatch.setattr(video, "encode_slide", counting)
    bundle = tmp_path / "bundle"
    mp4_bundle(bundle)
    cache = tmp_path / "cache"
    export_screen(bundle, screen(size=(1920, 1080)), DAY, tmp_path / "usb", formats=["mp4"], cache_dir=cache)
    assert len(encoded) == 3
    first = (tmp_path / "usb" / "slides.mp4").read_bytes()
    # same slides in another order and duration: joined from the cache, nothing encoded
    make_bundle(bundle, [FrameSpec("c", 4, 3), FrameSpec("a", 0, 4), FrameSpec("b", 2, 2.5)],
                size=(1920, 1080))
    export_screen(bundle, screen(size=(1920, 1080)), DAY, tmp_path / "usb", formats=["mp4"], cache_dir=cache)
    assert len(encoded) == 3
    second = (tmp_path / "usb" / "slides.mp4").read_bytes()
    assert second != first
    # one new slide costs one encode
    make_bundle(bundle, [FrameSpec("a", 0, 4), FrameSpec("d", 5, 2)], size=(1920, 1080))
    export_screen(bundle, screen(size=(1920, 1080)), DAY, tmp_path / "usb", formats=["mp4"], cache_dir=cache)
    assert len(encoded) == 4
    probe = _probe(tmp_path / "usb" / "slides.mp4")
    assert probe["format"]["duration"] == "6.000000"


def test_default_export_of_a_full_colour_screen_has_the_mp4(tmp_path: Path) -> None:
    bundle = tmp_path / "bundle"
    lobby_bundle(bundle)
    result = export_screen(bundle, screen(), DAY, tmp_path / "usb")
    assert "slides.mp4" in result.files
    assert _probe(tmp_path / "usb" / "slides.mp4")["format"]["duration"] == "19.000000"


def test_formats_a_screen_cannot_take_are_refused(tmp_path: Path) -> None:
    bundle = tmp_path / "bundle"
    make_bundle(bundle, [FrameSpec("a", 0, 8)], size=(192, 64), mode="mono", screen_id="door")
    with pytest.raises(ExportError, match="不能播放 MP4"):
        export_screen(bundle, screen("door", (192, 64), "mono"), DAY, tmp_path / "usb", formats=["mp4"])
    with pytest.raises(ExportError, match="奇数边"):
        export_screen(bundle, screen("odd", (191, 64)), DAY, tmp_path / "usb", formats=["mp4"])
    assert not (tmp_path / "usb").exists()


def test_mono_png_and_gif_are_lit_white_for_grey_threshold_tools(tmp_path: Path) -> None:
    """Vendor tools threshold grey at 128: red (grey 76) would turn every pixel off."""
    bundle = tmp_path / "bundle"
    make_bundle(bundle, [FrameSpec("a", 0, 8), FrameSpec("b", 2, 8)], size=(192, 64), mode="mono",
                screen_id="door")
    out = tmp_path / "usb"
    export_screen(bundle, screen("door", (192, 64), "mono"), DAY, out)
    first = json.loads((bundle / "playlist.json").read_text(encoding="utf-8"))["frames"][0]["image"]
    with Image.open(bundle / first) as src:
        lit_src = [max(p) >= 128 for p in src.convert("RGB").get_flattened_data()]
    assert any(lit_src)
    with Image.open(out / "001.png") as png:
        grey = png.convert("L")
        assert grey.size == (192, 64)
        assert [v >= 128 for v in grey.get_flattened_data()] == lit_src
        assert {c for _, c in png.convert("RGB").getcolors()} == {(0, 0, 0), (255, 255, 255)}
    with Image.open(out / "slides.gif") as gif:
        assert gif.n_frames == 2
        grey = gif.convert("L")
        assert [v >= 128 for v in grey.get_flattened_data()] == lit_src
