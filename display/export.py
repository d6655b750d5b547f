"""Export one screen's rotation for a day into a folder: USB sticks and vendor software.

Vendor tools (灰度 HDPlayer, 仰邦 LedshowTW, 诺瓦 ViPlex …) import plain images at the panel's
exact size, and some controllers only loop a media file. So an export holds, for the rotation
of one day: numbered frames in play order (001.png …), an animated GIF and WebP with each
frame's duration, 1-bit (mono) or palette (dual) BMPs at native size for single/dual-colour
cards, a README.txt in Chinese saying what plays when, and a manifest.

The manifest (board-export.json) is how a later export recognises the folder as its own. An
export never deletes or overwrites a file it did not write: a folder with other files is
refused, and a file the clerk edited after the last export is left alone.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from PIL import Image, ImageChops

from generator.config import COLORS, LED_COLORS, Screen

from .cache import file_sha

MANIFEST = "board-export.json"
TOOL = "community-board export"
FORMAT = 1
GIF_NAME = "slides.gif"
WEBP_NAME = "slides.webp"
MP4_NAME = "slides.mp4"
FORMATS = ("png", "bmp", "gif", "webp", "mp4")
README = "README.txt"
# Left by operating systems on USB sticks and shares; never ours, never the clerk's content.
SYSTEM_ENTRIES = {"System Volume Information", "$RECYCLE.BIN", "Thumbs.db", "desktop.ini"}
DUAL_PALETTE = [(0, 0, 0), (255, 0, 0), (0, 255, 0), (255, 255, 0)]
WEEKDAY_NAMES = "一二三四五六日"


class ExportError(Exception):
    """The export cannot go ahead; the message is for the clerk (Chinese)."""


@dataclass
class ExportResult:
    folder: Path
    day: date
    frames: list[dict[str, Any]]
    files: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    fallback: bool = False
    formats: tuple[str, ...] = ()


# --- what plays on the day -------------------------------------------------------------------------

def _instant(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def plays_on(frame: dict[str, Any], day: date, tz: ZoneInfo) -> bool:
    """The frame's window overlaps the day and the day is one of its weekdays (ISO, Mon = 1)."""
    lo = datetime.combine(day, time(0), tz)
    hi = datetime.combine(day + timedelta(days=1), time(0), tz)
    start, end = _instant(frame.get("start")), _instant(frame.get("end"))
    if start is not None and start >= hi:
        return False
    if end is not None and end <= lo:
        return False
    days = frame.get("days")
    return not days or day.isoweekday() in days


def day_rotation(playlist: dict[str, Any], day: date) -> tuple[list[dict[str, Any]], bool]:
    """Frames of that day's loop in play order (urgent first); the fallback if nothing plays.

    A looping file cannot switch by the hour, so frames limited to daily hours are included and
    the README tells the clerk their hours. Returns (frames, is_fallback).
    """
    tz = ZoneInfo(playlist.get("timezone") or "Asia/Shanghai")
    frames = [f for f in playlist.get("frames", []) if plays_on(f, day, tz)]
    regular = [f for f in frames if f.get("priority") != "fallback"]
    urgent = [f for f in regular if f.get("priority") == "urgent"]
    normal = [f for f in regular if f.get("priority") != "urgent"]
    if urgent or normal:
        return urgent + normal, False
    fallbacks = [f for f in frames if f.get("priority") == "fallback"]
    return fallbacks[:1], True


# --- image conversions -----------------------------------------------------------------------------

def to_mono(img: Image.Image) -> Image.Image:
    """1 bit per pixel: a pixel is lit when any channel is bright (red LEDs have low luminance).

    Lit pixels are white (1) on black: vendor tools threshold grey at 128, and red (grey 76)
    would turn every pixel off."""
    r, g, b = img.convert("RGB").split()
    lit = ImageChops.lighter(ImageChops.lighter(r, g), b).point(lambda v: 255 if v >= 128 else 0)
    return lit.convert("1", dither=Image.Dither.NONE)


def to_dual(img: Image.Image) -> Image.Image:
    """Palette image with black, red, green, yellow: nearest colour, no dithering."""
    palette = Image.new("P", (1, 1))
    flat = [c for rgb in DUAL_PALETTE for c in rgb]
    palette.putpalette(flat + flat[:3] * (256 - len(DUAL_PALETTE)))
    return img.convert("RGB").quantize(palette=palette, dither=Image.Dither.NONE)


# --- folder safety -----------------------------------------------------------------------------------


def _ignorable(name: str) -> bool:
    return name.startswith(".") or name in SYSTEM_ENTRIES


def read_manifest(folder: Path) -> dict[str, Any] | None:
    """The previous export's manifest, or None when the folder is not an export of ours."""
    path = folder / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None
    if not isinstance(data, dict) or data.get("tool") != TOOL or not isinstance(data.get("files"), dict):
        return None
    return data


def _owned_files(folder: Path, new_names: Sequence[str]) -> dict[str, str | None]:
    """Files of the previous export that may be replaced; raise when anything else is in the way."""
    if folder.exists() and not folder.is_dir():
        raise ExportError(f"{folder} 是一个文件，不是文件夹；请指定一个文件夹")
    present = sorted(n for n in os.listdir(folder) if not _ignorable(n)) if folder.exists() else []
    if not present:
        return {}
    manifest = read_manifest(folder)
    if manifest is None:
        shown = "、".join(present[:5]) + ("等" if len(present) > 5 else "")
        raise ExportError(f"文件夹 {folder} 里已有其他文件（{shown}），它不是以前的屏幕导出。"
                          "为免覆盖或删除这些文件，请换一个空文件夹，或新建一个文件夹再导出。")
    owned: dict[str, str | None] = {str(k): v for k, v in manifest["files"].items()
                                    if "/" not in str(k) and "\\" not in str(k) and str(k) != MANIFEST}
    in_the_way = [n for n in new_names if n in present and n not in owned]
    if in_the_way:
        raise ExportError(f"文件夹 {folder} 里的 {'、'.join(in_the_way)} 不是上次导出写的，"
                          "新导出会覆盖它。请先把它移到别处再导出。")
    edited = [n for n, sha in owned.items() if sha and (folder / n).is_file() and file_sha(folder / n) != sha]
    if edited:
        raise ExportError(f"上次导出的 {'、'.join(sorted(edited))} 之后被修改过。"
                          "为免丢失修改，请把它移到别处（或删除）后再导出。")
    return {n: sha for n, sha in owned.items() if (folder / n).is_file()}


def _write_manifest(folder: Path, data: dict[str, Any]) -> None:
    tmp = folder / f".{MANIFEST}.tmp"
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    os.replace(tmp, folder / MANIFEST)


# --- the export ----------------------------------------------------------------------------------------

def default_formats(screen: Screen) -> tuple[str, ...]:
    """Everything the screen's controllers may take: BMPs for single/dual colour, MP4 for full."""
    if screen.color in ("mono", "dual"):
        return ("png", "bmp", "gif", "webp")
    if screen.width % 2 or screen.height % 2:
        return ("png", "gif", "webp")  # yuv420p needs even sizes; README says why no MP4
    return ("png", "gif", "webp", "mp4")


def check_formats(screen: Screen, formats: Sequence[str]) -> tuple[str, ...]:
    """The asked formats in a fixed order, or ExportError saying which ones this screen cannot take."""
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise ExportError(f"不认识的导出格式「{'、'.join(unknown)}」；可用的格式：{'、'.join(FORMATS)}")
    if "bmp" in formats and screen.color == "full":
        raise ExportError(f"屏幕 {screen.name} 是全彩屏，BMP 只给单色/双色屏；请改用 png 或 mp4")
    if "mp4" in formats and screen.color != "full":
        raise ExportError(f"屏幕 {screen.name} 是单色/双色屏，它的控制卡不能播放 MP4；请改用 bmp 或 png")
    if "mp4" in formats and (screen.width % 2 or screen.height % 2):
        raise ExportError(f"屏幕尺寸 {screen.width}×{screen.height} 有奇数边，H.264 视频要求宽和高都是偶数；"
                          "请改用 png 或 gif")
    return tuple(f for f in FORMATS if f in formats)


def planned_names(count: int, formats: Sequence[str]) -> list[str]:
    names = []
    for ext in ("png", "bmp"):
        if ext in formats:
            names += [f"{n:03d}.{ext}" for n in range(1, count + 1)]
    names += [name for fmt, name in (("gif", GIF_NAME), ("webp", WEBP_NAME), ("mp4", MP4_NAME))
              if fmt in formats]
    return names + [README]


def for_files(img: Image.Image, color: str) -> Image.Image:
    """The picture as the exported PNG/GIF carries it: mono lit white, dual in its 4 colours."""
    if color == "mono":
        return to_mono(img).convert("L")
    if color == "dual":
        return to_dual(img).convert("RGB")
    return img


def export_screen(bundle: Path, screen: Screen, day: date, folder: Path, *,
                  community: str = "", progress: Any = None, formats: Sequence[str] | None = None,
                  cache_dir: Path | None = None) -> ExportResult:
    """Export the rotation of `day` from a built screen folder (playlist.json + frames/).

    `formats` (default: all the screen's controllers may take) picks the files; MP4 segments are
    cached under `cache_dir` by frame hash, so a re-export encodes only the changed slides."""
    formats = check_formats(screen, formats) if formats else default_formats(screen)
    try:
        playlist = json.loads((bundle / "playlist.json").read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ExportError(f"读不到屏幕 {screen.id} 的播放列表（{exc}）；请先生成屏幕画面") from None
    frames, is_fallback = day_rotation(playlist, day)
    if not frames:
        raise ExportError(f"{day.isoformat()} 屏幕 {screen.name} 没有可播放的画面")
    for frame in frames:
        source = bundle / frame["image"]
        if not source.is_file() or file_sha(source) != frame["sha256"]:
            raise ExportError(f"画面文件 {frame['image']} 缺失或已损坏；请重新生成屏幕画面后再导出")
    names = planned_names(len(frames), formats)
    owned = _owned_files(folder, names)
    folder.mkdir(parents=True, exist_ok=True)
    # Claim every name before writing, so an export interrupted midway is still recognised.
    pending: dict[str, str | None] = {**owned, **{n: None for n in names}}
    manifest: dict[str, Any] = {"tool": TOOL, "format": FORMAT, "screen": screen.id,
                                "day": day.isoformat(), "complete": False, "files": pending}
    _write_manifest(folder, manifest)

    result = ExportResult(folder, day, frames, fallback=is_fallback, formats=formats)
    written: dict[str, str] = {}

    def put(name: str, data: bytes) -> None:
        tmp = folder / f".{name}.tmp"
        tmp.write_bytes(data)
        os.replace(tmp, folder / name)
        written[name] = hashlib.sha256(data).hexdigest()
        result.files.append(name)
        if progress is not None:
            progress.advance(name)

    images: list[Image.Image] = []
    durations: list[int] = []
    for n, frame in enumerate(frames, 1):
        with Image.open(bundle / frame["image"]) as img:
            img.load()
            if img.size != (screen.width, screen.height):
                raise ExportError(f"画面 {frame['image']} 的尺寸 {img.size[0]}×{img.size[1]} "
                                  f"与屏幕 {screen.width}×{screen.height} 不符；请重新生成屏幕画面")
            images.append(img.convert("RGB"))
        durations.append(int(round(float(frame.get("duration") or screen.duration) * 1000)))
        shown = for_files(images[-1], screen.color)
        if "png" in formats:
            data = ((bundle / frame["image"]).read_bytes() if screen.color == "full"
                    else _encode(shown, "PNG", optimize=True))
            put(f"{n:03d}.png", data)
        if "bmp" in formats:
            bmp = to_mono(images[-1]) if screen.color == "mono" else to_dual(images[-1])
            put(f"{n:03d}.bmp", _encode(bmp, "BMP"))
        images[-1] = shown.convert("RGB")
    if "gif" in formats:
        put(GIF_NAME, _animation(images, durations, "GIF"))
    if "webp" in formats:
        put(WEBP_NAME, _animation(images, durations, "WEBP"))
    if "mp4" in formats:
        from .video import VideoError, slides_mp4
        try:
            put(MP4_NAME, slides_mp4([(f["sha256"], img) for f, img in zip(frames, images)],
                                     durations, cache_dir))
        except VideoError as exc:
            raise ExportError(str(exc)) from None
    put(README, readme(screen, day, frames, is_fallback, playlist, community, formats).encode("utf-8-sig"))

    for name, sha in owned.items():  # last export's files this one did not rewrite
        if name not in written and (sha is None or file_sha(folder / name) == sha):
            (folder / name).unlink(missing_ok=True)
            result.removed.append(name)
    manifest.update(complete=True, files=dict(sorted(written.items())),
                    frames=[{"file": f"{n:03d}.png", "image": f["image"], "sha256": f["sha256"],
                             "duration": f.get("duration"), "item": f.get("item")}
                            for n, f in enumerate(frames, 1)])
    _write_manifest(folder, manifest)
    return result


def _encode(img: Image.Image, fmt: str, **options: Any) -> bytes:
    buffer = io.BytesIO()
    img.save(buffer, fmt, **options)
    return buffer.getvalue()


def _animation(images: list[Image.Image], durations: list[int], fmt: str) -> bytes:
    """One loop of the day's rotation; each frame keeps its own duration."""
    first, rest = images[0], images[1:]
    if fmt == "GIF":
        # GIF counts in hundredths of a second; whole seconds survive exactly. Keep identical
        # neighbours as separate frames so the frame count matches the numbered PNGs.
        return _encode(first, "GIF", save_all=True, append_images=rest, duration=durations,
                       loop=0, optimize=False, disposal=1)
    small = first.width * first.height <= 200_000
    return _encode(first, "WEBP", save_all=True, append_images=rest, duration=durations, loop=0,
                   lossless=small, quality=90, method=4, minimize_size=False, allow_mixed=False)


def _clock_text(frame: dict[str, Any]) -> str:
    parts = []
    if frame.get("days"):
        parts.append("仅周" + "、".join(WEEKDAY_NAMES[d - 1] for d in frame["days"] if 1 <= d <= 7))
    if frame.get("hours"):
        parts.append("仅 " + "、".join(frame["hours"]))
    return "，".join(parts) or "全天"


def _date_cn(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日（星期{WEEKDAY_NAMES[day.weekday()]}）"


def _moment_cn(text: str | None) -> str:
    moment = _instant(text)
    if moment is None:
        return "长期"
    return f"{moment.month}月{moment.day}日 {moment:%H:%M}"


def readme(screen: Screen, day: date, frames: list[dict[str, Any]], is_fallback: bool,
           playlist: dict[str, Any], community: str = "",
           formats: Sequence[str] = ("png", "gif", "webp", "bmp")) -> str:
    """What plays when, in words a clerk uses with the vendor's software (CRLF for Notepad)."""
    colour = COLORS.get(screen.color, screen.color)
    if screen.color == "mono":
        colour += f"（{LED_COLORS.get(screen.led_color, screen.led_color)}）"
    total = sum(float(f.get("duration") or screen.duration) for f in frames)
    lines = [
        f"{community or '社区公开栏'} · 屏幕画面导出",
        "",
        f"屏幕：{screen.name}（编号 {screen.id}），{screen.width}×{screen.height} 像素，{colour}",
        f"适用日期：{_date_cn(day)}",
        f"生成时间：{playlist.get('generated', '')}",
    ]
    if screen.hours:
        lines.append(f"屏幕开机时段：{'、'.join(str(h) for h in screen.hours)}")
    lines += ["", f"播放顺序（循环播放，共 {len(frames)} 帧，一轮约 {total:g} 秒）：", ""]
    for n, frame in enumerate(frames, 1):
        title = frame.get("title") or frame.get("item") or ""
        page = frame.get("page")
        if page and page != "1/1":
            title += f"（第 {page} 页）"
        mark = "【紧急】" if frame.get("priority") == "urgent" else ""
        window = f"{_moment_cn(frame.get('start'))} 至 {_moment_cn(frame.get('end'))}"
        label = f"{n:03d}.png" if "png" in formats else f"第 {n:03d} 帧"
        lines.append(f"  {label}  {float(frame.get('duration') or screen.duration):g} 秒  "
                     f"{mark}{title}  （{_clock_text(frame)}；展示期 {window}）")
    if is_fallback:
        lines += ["", "这一天没有安排内容，只有默认画面（社区名称、日期、监督电话）。"]
    limited = [n for n, f in enumerate(frames, 1) if f.get("hours")]
    urgent = [n for n, f in enumerate(frames, 1) if f.get("priority") == "urgent"]
    lines += ["", "文件说明（该导入哪个文件，见最后的「控制卡对照」）："]
    if "png" in formats:
        lit = {"mono": "亮点为白色、灭点为黑色，", "dual": "只用黑、红、绿、黄四色，"}.get(screen.color, "")
        lines.append(f"  001.png 起：按播放顺序编号的画面，{lit}尺寸与屏幕完全一致（{screen.width}×{screen.height}）。"
                     "导入控制卡软件时请选「原始尺寸 / 不缩放 / 点对点」，每张停留的秒数见上表。")
    if "bmp" in formats and screen.color == "mono":
        lines.append("  001.bmp 起：单色屏用的 1 位黑白 BMP（亮点为 1），尺寸与屏幕一致，可直接导入单色控制卡软件。")
    elif "bmp" in formats:
        lines.append("  001.bmp 起：双色屏用的调色板 BMP（黑、红、绿、黄四色），尺寸与屏幕一致。")
    animations = [name for fmt, name in (("gif", GIF_NAME), ("webp", WEBP_NAME)) if fmt in formats]
    if animations:
        lines.append(f"  {'、'.join(animations)}：整轮播放的动画文件，每帧停留时间已写在文件里，"
                     "给只能循环播放一个媒体文件的控制卡使用。")
    if "mp4" in formats:
        lines.append(f"  {MP4_NAME}：整轮播放的 H.264 视频（High 档、yuv420p、BT.709），每张画面停留的秒数已写在视频里，"
                     f"一轮正好 {total:g} 秒。全彩控制卡从 U 盘播放时首选这个文件；导入时选「原始尺寸 / 不缩放」、循环播放。")
    elif screen.color == "full":
        lines.append("  （这次没有导出 MP4：屏幕宽或高是奇数像素，H.264 视频要求偶数。）")
    lines.append(f"  {MANIFEST}：导出清单，请不要删除。下次导出到同一文件夹时，靠它识别并替换这次的文件；"
                 "文件夹里别的文件不会被动。")
    lines += ["", "注意："]
    lines.append(f"  这份导出只适用于 {_date_cn(day)}。有内容上线或到期时，请重新导出。")
    if urgent:
        lines.append(f"  第 {'、'.join(f'{n:03d}' for n in urgent)} 帧是紧急通知，已排在最前面；"
                     "到期后请重新导出，撤下紧急通知。")
    if limited:
        lines.append(f"  第 {'、'.join(f'{n:03d}' for n in limited)} 帧只应在表中写明的时段播放。"
                     "动画文件无法按时段切换；请在控制卡软件里为这些画面单独设置播放时段，"
                     "或者在时段外把它们从节目里去掉。")
    lines.append("  联网的屏幕可以直接打开 screens/<编号>/index.html 播放，会按时间自动切换，不需要导出。")
    lines += ["", "控制卡对照（导入哪个文件）："]
    lines += [f"  {row}" for row in controller_rows(screen.color)]
    return "\r\n".join(lines) + "\r\n"



def controller_rows(color: str) -> list[str]:
    """Which file each controller family takes, for the README of an export of this colour."""
    if color == "full":
        return [f"灰度 Huidu A/C 系列全彩卡（HDPlayer）：添加「视频」节目，选 {MP4_NAME}；"
                "或添加「图片」节目，导入 001.png 起并按上表设置停留秒数。",
                f"诺瓦 Novastar Taurus（ViPlex Express / Handy）：媒体里添加 {MP4_NAME}，播放方式选循环。",
                f"卡莱特 Colorlight（LEDVISION / PlayerMaster）：添加视频 {MP4_NAME}。",
                f"仰邦 Onbon BX-Y 系列全彩卡（LedshowYQ）：添加视频节目 {MP4_NAME}。",
                f"熙讯 Xixun 安卓卡（LedOK Express）：添加视频 {MP4_NAME}；"
                "联网时也可以让它直接打开播放器网页。",
                f"只认 GIF 的老卡：{GIF_NAME}。"]
    return ["灰度 Huidu U/W/E 系列单双色卡（HDPlayer）：添加「图片」节目，导入 001.bmp 起（最稳妥），"
            "或 001.png 起；按上表设置停留秒数。",
            "仰邦 Onbon BX-5/BX-6 系列单双色卡（LedshowTW）：添加「图文」区域，逐页导入 001.bmp 起。",
            f"支持 GIF 的单双色卡：{GIF_NAME}" + ("（亮点为白色，软件按灰度 128 以上识别为亮点）。"
                                             if color == "mono" else "（黑、红、绿、黄四色）。")]


def build_screen_bundle(project: Any, now: datetime, screen_id: str, out_dir: Path,
                        progress: Any = None) -> Path:
    """Render one screen's playlist and frames into `out_dir/screens/<id>/` and add the player.

    Export and push build afresh (through the render cache, so unchanged frames cost nothing)
    rather than trusting whatever `site/` holds, which may be from another day.
    """
    from display.player import write_player
    from display.screens import build_screens

    def report(_sid: str, done: int, total: int) -> None:
        if progress is not None:
            progress.total = total
            progress.advance("", done - progress.done)

    screens_dir = out_dir / "screens"
    build_screens(project.items, project.config, now, screens_dir, root=project.root,
                  cache_dir=project.root / ".cache" / "board", screen_ids=[screen_id],
                  progress=report)
    folder = screens_dir / screen_id
    if not (folder / "playlist.json").exists() and (screens_dir / "screens" / screen_id).is_dir():
        folder = screens_dir / "screens" / screen_id  # build_screens taking the site folder
    write_player(project.config.screens[screen_id], folder)
    return folder
