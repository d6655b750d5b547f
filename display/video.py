"""MP4 (H.264) for full-colour LED controllers: one coded picture per slide, joined losslessly.

Why this shape: Huidu A/C (HDPlayer), Novastar Taurus (ViPlex), Colorlight, Onbon BX-Y and
Xixun cards all play an MP4 from a USB stick, and an MP4 carries each slide's duration inside
the file (135 PNGs need each 12 s set by hand). A slide is still, so it is encoded once as a
single IDR picture (High profile, yuv420p, BT.709 tags) and shown for its duration: the
sample's timestamp and duration say how long (time base 1/1000 s, so durations are exact to the
millisecond and the file lasts exactly the sum of the slides).

Each slide's encoded segment is cached by the frame's sha256 and the encoder settings. x264's
`stitchable` option keeps SPS/PPS independent of the picture, so segments from different runs
share one header and are joined by copying packets, never re-encoding. A changed slide costs
one encode (~0.1 s at 1080p); an unchanged loop costs only the join.
"""
from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Sequence
from fractions import Fraction
from pathlib import Path

from PIL import Image

from .cache import RenderCache, cache_key

MS = Fraction(1, 1000)
# bframes=0 and keyint=1: every slide is one IDR picture that decodes alone.
# stitchable=1: headers do not depend on the picture, so cached segments can be joined.
X264_PARAMS = ("keyint=1:min-keyint=1:bframes=0:scenecut=0:stitchable=1:"
               "colorprim=bt709:transfer=bt709:colormatrix=bt709:range=tv")
ENCODER = {"codec": "libx264", "profile": "high", "pix_fmt": "yuv420p", "crf": "16",
           "preset": "medium", "tune": "stillimage", "x264-params": X264_PARAMS}


class VideoError(Exception):
    """The MP4 cannot be made; the message is for the clerk (Chinese)."""


def _av():  # noqa: ANN202 - the av module
    """PyAV, imported on use: the site build and the strip exports never need it."""
    try:
        import av
    except ImportError:  # pragma: no cover - a dependency of the project
        raise VideoError("缺少 PyAV（Python 包 av），无法生成 MP4；请运行 make build 重新安装依赖") from None
    return av


def check_size(width: int, height: int) -> None:
    """yuv420p halves both chroma dimensions: an odd size cannot be encoded exactly."""
    if width % 2 or height % 2:
        raise VideoError(f"屏幕尺寸 {width}×{height} 有奇数边，H.264（yuv420p）视频要求宽和高都是偶数；"
                         "请改用 PNG/GIF 导出")


def encode_slide(img: Image.Image) -> bytes:
    """One still picture as a one-sample MP4 (IDR, BT.709 limited range)."""
    av = _av()
    check_size(*img.size)
    fd, tmp = tempfile.mkstemp(suffix=".mp4")
    os.close(fd)
    try:
        with av.open(tmp, "w", format="mp4") as out:
            stream = out.add_stream(ENCODER["codec"], options={
                k: v for k, v in ENCODER.items() if k in ("crf", "preset", "tune", "x264-params")})
            stream.width, stream.height = img.size
            stream.pix_fmt = ENCODER["pix_fmt"]
            stream.profile = ENCODER["profile"]
            stream.time_base = MS
            ctx = stream.codec_context
            ctx.color_range = 1  # MPEG / limited ("tv"), what players expect of yuv420p
            ctx.colorspace = 1  # BT.709 matrix
            ctx.color_primaries = 1
            ctx.color_trc = 1
            frame = av.VideoFrame.from_image(img.convert("RGB")).reformat(
                format="yuv420p", dst_colorspace=1, dst_color_range=1)
            frame.pts, frame.time_base = 0, MS
            for packet in stream.encode(frame):
                out.mux(packet)
            for packet in stream.encode(None):
                out.mux(packet)
        return Path(tmp).read_bytes()
    finally:
        Path(tmp).unlink(missing_ok=True)


def segment_key(frame_sha: str, size: tuple[int, int]) -> str:
    """What shapes a segment's bytes: the picture, the settings and the encoder's version."""
    av = _av()
    return cache_key("h264-slide", frame_sha, list(size), ENCODER, av.__version__,
                     av.library_versions.get("libavcodec"))


def slide_segments(images: Sequence[tuple[str, Image.Image]],
                   cache: RenderCache | None) -> list[bytes]:
    """Encoded segments for (frame sha, image) pairs, from the cache where the slide is known."""
    segments = []
    for sha, img in images:
        key = segment_key(sha, img.size)
        hit = cache.get(key) if cache is not None else None
        if hit:
            segments.append(cache.path(hit[0]).read_bytes())  # type: ignore[union-attr]
            continue
        data = encode_slide(img)
        if cache is not None:
            cache.put(key, [data])
        segments.append(data)
    return segments


def join_segments(segments: Sequence[bytes], durations_ms: Sequence[int]) -> bytes:
    """One MP4: each segment's single packet at its start time with its duration (no re-encode)."""
    av = _av()
    if not segments or len(segments) != len(durations_ms):
        raise ValueError("one duration per segment")
    fd, tmp = tempfile.mkstemp(suffix=".mp4")
    os.close(fd)
    inputs = [av.open(io.BytesIO(data)) for data in segments]
    try:
        header = inputs[0].streams.video[0].codec_context.extradata
        for source in inputs[1:]:
            if source.streams.video[0].codec_context.extradata != header:
                raise VideoError("缓存里的视频片段编码参数不一致；请删除 .cache/board/mp4-slides 后重新导出")
        with av.open(tmp, "w", format="mp4",
                     options={"movflags": "+faststart", "video_track_timescale": "1000"}) as out:
            stream = out.add_stream_from_template(inputs[0].streams.video[0])
            stream.time_base = MS
            start = 0
            for source, duration in zip(inputs, durations_ms):
                packets = [p for p in source.demux(source.streams.video[0]) if p.size]
                if len(packets) != 1:
                    raise VideoError("视频片段损坏；请删除 .cache/board/mp4-slides 后重新导出")
                packet = packets[0]
                packet.stream = stream
                packet.time_base = MS
                packet.pts = packet.dts = start
                packet.duration = duration
                packet.is_keyframe = True
                out.mux(packet)
                start += duration
        return Path(tmp).read_bytes()
    finally:
        for source in inputs:
            source.close()
        Path(tmp).unlink(missing_ok=True)


def slides_mp4(images: Sequence[tuple[str, Image.Image]], durations_ms: Sequence[int],
               cache_dir: Path | None = None) -> bytes:
    """The whole loop as one MP4; segments cached under `cache_dir/mp4-slides/` when given."""
    cache = RenderCache(cache_dir, "mp4-slides", ext="mp4") if cache_dir is not None else None
    segments = slide_segments(images, cache)
    data = join_segments(segments, durations_ms)
    if cache is not None:
        cache.save()
    return data
