"""Site-wide settings: the `board` plugin's options in mkdocs.yml, validated with line numbers.

`board check`, the CLI and the MkDocs plugin all read the settings through `load_site_config`,
so an error names `mkdocs.yml:<line>` and the option's path (e.g. plugins.board.screens.door.color).
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .periods import Period, PeriodField
from .problems import ProblemList
from .schema import (Boolean, Choice, Context, Field, Hours, HoursField, Integer, Invalid,
                     ListOf, Nested, Phone, Raw, Schema, Text, dotted)
from .yamlsrc import Path_, YamlError, load_yaml

DEFAULT_TZ = "Asia/Shanghai"

COLORS = {"full": "全彩", "mono": "单色", "dual": "双色"}
LED_COLORS = {"red": "红色", "green": "绿色", "amber": "黄色", "white": "白色"}
PAPERS = {"A4": (210, 297), "A3": (297, 420), "A2": (420, 594)}
ORIENTATIONS = {"portrait": "竖版", "landscape": "横版"}
# Sheets one issue may take when the board does not say: an entrance window holds about six A4
# sheets (two for the month's issue), a 2.5 m 公开栏 about twelve A3 or six A2 sheets.
DEFAULT_MAX_PAGES = {"A4": 2, "A3": 12, "A2": 6}
# What a full-colour screen does with a body longer than its `max_pages` (a screen's default;
# an item's `screen_text` overrides it). Shared with the item schema.
LONG_TEXT = {"summary": "摘要", "full": "全文"}
CADENCES = {"month": "每月", "quarter": "每季度", "year": "每年"}


@dataclass(frozen=True)
class Screen:
    id: str
    name: str
    width: int
    height: int
    color: str  # full | mono | dual
    led_color: str = "red"  # the single colour of a mono screen, for previews
    font: str | None = None  # a font id from `fonts`, overriding the chain's first font
    sizes: tuple[int, ...] = ()  # allowed text sizes in pixels; empty: the profile decides
    duration: int = 10  # default seconds per frame
    hours: tuple[Hours, ...] = ()  # when the screen is on; empty: always
    target: str | None = None  # where `board push` sends the bundle
    poll: int = 60  # seconds between the player's playlist polls
    urgent_share: float = 0.5  # at most this share of a loop's time goes to urgent items
    max_loop_minutes: int = 10  # check/slides warn when one loop of the rotation is longer
    max_pages: int = 4  # full colour: pages of body text one item may take on this screen
    long_text: str = "summary"  # over max_pages: summary (摘要 + 全文见 + QR) | full (every page)

    @property
    def size(self) -> tuple[int, int]:
        return (self.width, self.height)


@dataclass(frozen=True)
class Board:
    id: str
    name: str
    paper: str  # A4 | A3 | A2
    orientation: str = "portrait"
    copies: int = 1
    bleed: float = 0.0  # millimetres per edge; 0 = none
    max_pages: int = 0  # pages per issue before the digest layout; 0: the paper's default
    ending_days: int = 7  # items ending within this many days of the print date are left out

    @property
    def page_limit(self) -> int:
        """How many sheets the board takes: `max_pages`, else what its paper usually hangs."""
        return self.max_pages or DEFAULT_MAX_PAGES[self.paper]

    @property
    def size_mm(self) -> tuple[int, int]:
        w, h = PAPERS[self.paper]
        return (h, w) if self.orientation == "landscape" else (w, h)


@dataclass(frozen=True)
class CatalogEntry:
    """One line of the 公开目录: what must be disclosed, how often, by when."""

    id: str
    title: str
    every: str  # month | quarter | year
    due_day: int  # disclosed by this day of the month after the period ends
    types: tuple[str, ...]  # item types that count
    category: str | None = None  # for `disclosure` items: party | affairs | finance
    since: Period | None = None
    basis: str = ""
    channels: tuple[str, ...] = ("公开栏", "网站")


@dataclass(frozen=True)
class SiteConfig:
    community: str
    phone: str
    tz: ZoneInfo
    address: str = ""
    office_hours: str = ""
    qq_group: str = ""
    gongshi_min_days: int = 5
    display_days: int = 30  # screens and boards drop an item without an end this long after publication
    search_full_text_days: int = 365  # older or expired items: search indexes title and summary only
    language: str = "zh"
    site_url: str = ""
    content_dir: str = "content"
    site_dir: str = "site"  # mkdocs.yml's site_dir, relative to the project root
    screens: Mapping[str, Screen] = field(default_factory=dict)
    boards: Mapping[str, Board] = field(default_factory=dict)
    catalog: tuple[CatalogEntry, ...] = ()
    fonts: tuple[str, ...] = ()  # font files (relative to the project) tried in order
    preview: bool = False  # build /preview/ into the production site too
    web_image_max_side: int = 2560  # pictures larger than this (longest side, px) or
    web_image_max_kb: int = 1024  # than this are shrunk for the website (originals kept)
    cms: Mapping[str, Any] = field(default_factory=dict)  # the form editor's hosted backend (generator/cms)

    @property
    def timezone(self) -> str:
        return self.tz.key


class TimeZoneField(Field):
    def convert(self, value: Any, ctx: Context, at: Path_) -> ZoneInfo:
        try:
            return ZoneInfo(str(value))
        except (ZoneInfoNotFoundError, ValueError):
            raise Invalid(f"「{value}」不是时区名称，例如 Asia/Shanghai") from None


class SizeField(Field):
    def convert(self, value: Any, ctx: Context, at: Path_) -> tuple[int, int]:
        if isinstance(value, str):
            value = re.split(r"\s*[x×*,]\s*", value.strip())
        if not isinstance(value, list) or len(value) != 2:
            raise Invalid("屏幕尺寸应写成 [宽, 高]，单位像素，例如 [1920, 1080]")
        try:
            w, h = (int(str(v)) for v in value)
        except ValueError:
            raise Invalid("屏幕尺寸应是两个整数像素，例如 [192, 64]") from None
        if not (8 <= w <= 8192 and 8 <= h <= 8192):
            raise Invalid("屏幕尺寸应在 8 到 8192 像素之间")
        return (w, h)


class Share(Field):
    """A share of the loop's time: 0.5, 50% or 1/2; bounded so urgent items never take it all."""

    LOW, HIGH = 0.1, 0.9

    def convert(self, value: Any, ctx: Context, at: Path_) -> float:
        text = str(value).strip()
        try:
            if isinstance(value, bool):
                raise ValueError
            if text.endswith(("%", "％")):
                share = float(text[:-1]) / 100
            elif "/" in text:
                top, bottom = text.split("/", 1)
                share = float(top) / float(bottom)
            else:
                share = float(text)
        except (ValueError, ZeroDivisionError):
            raise Invalid(f"应写成 0 到 1 之间的小数或百分数，例如 0.5 或 50%，现在是「{value}」") from None
        if not self.LOW <= share <= self.HIGH:
            raise Invalid(f"应在 {self.LOW:g} 到 {self.HIGH:g} 之间（即 {self.LOW:.0%} 到 {self.HIGH:.0%}）："
                          f"太小紧急通知几乎看不到，太大其他内容轮不到；现在是「{value}」")
        return share


class Millimetres(Field):
    def convert(self, value: Any, ctx: Context, at: Path_) -> float:
        if value is True:
            return 3.0
        if value is False:
            return 0.0
        try:
            mm = float(str(value).removesuffix("mm").strip())
        except ValueError:
            raise Invalid("出血应写毫米数，例如 3") from None
        if not 0 <= mm <= 10:
            raise Invalid("出血应在 0 到 10 毫米之间")
        return mm


_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
WINDOWS_RESERVED = frozenset({"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)),
                              *(f"lpt{i}" for i in range(10))})  # any case, any extension

SCREEN = Schema({
    "name": Text(one_line=True),
    "size": SizeField(required=True, label="[宽, 高] 像素"),
    "color": Choice(COLORS, required=True),
    "led_color": Choice(LED_COLORS, default="red"),
    "font": Text(one_line=True),
    "sizes": ListOf(Integer(min=8, max=1000)),
    "duration": Integer(min=2, max=3600, default=10),
    "hours": HoursField(),
    "target": Text(one_line=True),
    "poll": Integer(min=5, max=3600, default=60),
    "urgent_share": Share(default=0.5),
    "max_loop_minutes": Integer(min=1, max=24 * 60, default=10),
    "max_pages": Integer(min=1, max=50, default=4, label="每条内容正文最多占几页"),
    "long_text": Choice(LONG_TEXT, default="summary"),
})

BOARD = Schema({
    "name": Text(one_line=True),
    "paper": Choice({k: k for k in PAPERS}, required=True),
    "orientation": Choice(ORIENTATIONS, default="portrait"),
    "copies": Integer(min=1, max=500, default=1),
    "bleed": Millimetres(default=0.0),
    "max_pages": Integer(min=1, max=1000),
    "ending_days": Integer(min=0, max=31, default=7),
})

CATALOG_ENTRY = Schema({
    "id": Text(one_line=True, required=True),
    "title": Text(one_line=True, required=True),
    "every": Choice(CADENCES, required=True),
    "due_day": Integer(min=1, max=28, default=15),
    "types": ListOf(Choice({"finance": "财务公开", "disclosure": "党务/居务公开",
                            "gongshi": "公示", "plan": "工作计划", "survey": "满意度调查"}),
                    allow_single=True, required=True),
    "category": Choice({"party": "党务", "affairs": "居务", "finance": "财务"}),
    "since": PeriodField(),
    "basis": Text(),
    "channels": ListOf(Text(one_line=True), allow_single=True),
})

# The form editor at /admin/ (generator/cms): where the published site's editor saves.
CMS_BACKENDS = {"github": "GitHub", "gitlab": "GitLab", "forgejo": "Forgejo", "gitea": "Gitea",
                "test-repo": "演示（只存在浏览器里，不保存）"}
CMS = Schema({
    "backend": Choice(CMS_BACKENDS, label="github、gitlab、forgejo 或 gitea"),
    "repo": Text(one_line=True, label="仓库，如 lvyuan/community-board"),
    "branch": Text(one_line=True, default="main"),
    "base_url": Text(one_line=True),  # OAuth server (GitHub: your OAuth proxy; GitLab/Gitea: the instance)
    "api_root": Text(one_line=True),  # self-hosted GitLab / Gitea API, e.g. https://git.example.org/api/v1
    "app_id": Text(one_line=True),  # GitLab / Gitea OAuth application id
    "auth_type": Choice({"pkce": "PKCE", "implicit": "implicit"}),
    "auth_endpoint": Text(one_line=True),
    "workflow": Boolean(default=True),  # editorial workflow: a second person approves
    "enabled": Boolean(default=True),
})

SITE = Schema({
    "community": Text(one_line=True, required=True, label="社区名称"),
    "phone": Phone(required=True, label="监督电话"),
    "address": Text(one_line=True),
    "office_hours": Text(one_line=True),
    "qq_group": Text(one_line=True),
    "timezone": TimeZoneField(),
    "gongshi_min_days": Integer(min=1, max=60, default=5),
    "display_days": Integer(min=1, max=3650, default=30),
    "search_full_text_days": Integer(min=1, max=36500, default=365),
    "language": Choice({"zh": "中文"}, default="zh"),
    "screens": Raw(),  # validated per entry below, keyed by id
    "boards": Raw(),
    "catalog": ListOf(Nested(CATALOG_ENTRY)),
    "fonts": ListOf(Text(one_line=True), allow_single=True),
    "preview": Boolean(default=False),
    "web_image_max_side": Integer(min=320, max=20000, default=2560),
    "web_image_max_kb": Integer(min=50, max=30720, default=1024),
    "cms": Nested(CMS),
    "enabled": Boolean(default=True),
})


class ConfigError(Exception):
    """mkdocs.yml cannot be used at all (missing, unreadable, no board plugin)."""


def _find_plugin(data: Mapping[str, Any]) -> tuple[Path_, Any]:
    plugins = data.get("plugins")
    if isinstance(plugins, list):
        for index, entry in enumerate(plugins):
            if entry == "board":
                return ("plugins", index), {}
            if isinstance(entry, Mapping) and "board" in entry:
                return ("plugins", index, "board"), entry["board"] or {}
    if isinstance(plugins, Mapping) and "board" in plugins:
        return ("plugins", "board"), plugins["board"] or {}
    raise ConfigError("mkdocs.yml 的 plugins 里没有 board 插件；请加上 `- board:` 并填写社区信息")


def _keyed(raw: Any, schema: Schema, ctx: Context, at: Path_, what: str) -> dict[str, dict[str, Any]]:
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        ctx.report(at, f"{what}应写成「编号: 设置」的形式，例如 lobby: {{size: [1920, 1080], color: full}}")
        return {}
    out = {}
    for key, value in raw.items():
        if not _ID.match(str(key)):
            ctx.report(at + (str(key),), f"编号「{key}」只能用小写英文字母、数字、- 和 _（它会出现在网址和文件名里）")
            continue
        if str(key).split(".")[0] in WINDOWS_RESERVED:
            ctx.report(at + (str(key),), f"编号「{key}」是 Windows 的保留文件名，生成的文件夹在 Windows 上无法打开；请换一个编号")
            continue
        before = ctx.error_count()
        values = schema.validate(value, ctx, at + (str(key),))
        if values is not None and ctx.error_count() == before:
            out[str(key)] = values
    return out


def load_site_config(mkdocs_yml: Path, problems: ProblemList,
                     root: Path | None = None) -> SiteConfig | None:
    """Read and validate the board plugin's options; None when there are errors."""
    root = root or mkdocs_yml.parent
    rel = _relpath(mkdocs_yml, root)
    try:
        text = mkdocs_yml.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ConfigError(f"找不到配置文件 {rel}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{rel} 不是 UTF-8 编码，请用 UTF-8 重新保存") from None
    try:
        doc = load_yaml(text, tolerant=True, check_text=True)
    except YamlError as exc:
        problems.error(rel, exc.line, exc.message)
        return None
    if not isinstance(doc.data, Mapping):
        problems.error(rel, 1, "mkdocs.yml 应是「选项: 值」的列表")
        return None
    where, raw = _find_plugin(doc.data)
    # a repeated option silently replaces the first one anywhere; a cut or split text matters in
    # the board's options (community, address… are published), the rest is MkDocs' business
    notes = [n for n in doc.notes if n.kind == "duplicate" or n.path[:len(where)] == tuple(where)]
    for note in notes:
        problems.error(rel, note.line, note.message, dotted(("plugins", "board") + note.path[len(where):])
                       if note.path[:len(where)] == tuple(where) else "")
    if notes:
        return None
    before = len(problems.errors)
    ctx = Context(rel, doc, problems, ZoneInfo(DEFAULT_TZ), prefix=("plugins", "board"),
                  doc_prefix=where)
    values = SITE.validate(raw, ctx) or {}
    screens = _keyed(values.get("screens"), SCREEN, ctx, ("screens",), "screens ")
    boards = _keyed(values.get("boards"), BOARD, ctx, ("boards",), "boards ")
    ids = [e["id"] for e in values.get("catalog", [])]
    for index, entry_id in enumerate(ids):
        if ids.index(entry_id) != index:
            ctx.report(("catalog", index, "id"), f"公开目录编号「{entry_id}」重复")
    site_url = doc.data.get("site_url") or ""
    if site_url and not re.match(r"^https?://", str(site_url)):
        problems.error(rel, doc.line(("site_url",)), "site_url 应以 http:// 或 https:// 开头", "site_url")
    if len(problems.errors) != before:
        return None
    return SiteConfig(
        community=values["community"],
        phone=values["phone"],
        tz=values.get("timezone") or ZoneInfo(DEFAULT_TZ),
        address=values.get("address", ""),
        office_hours=values.get("office_hours", ""),
        qq_group=values.get("qq_group", ""),
        gongshi_min_days=values["gongshi_min_days"],
        display_days=values["display_days"],
        search_full_text_days=values["search_full_text_days"],
        language=values["language"],
        site_url=str(site_url).rstrip("/") + "/" if site_url else "",
        content_dir=str(doc.data.get("docs_dir") or "docs"),
        site_dir=str(doc.data.get("site_dir") or "site"),
        screens={k: _screen(k, v) for k, v in screens.items()},
        boards={k: _board(k, v) for k, v in boards.items()},
        catalog=tuple(_catalog(e) for e in values.get("catalog", [])),
        fonts=tuple(values.get("fonts", ())),
        preview=values["preview"],
        web_image_max_side=values["web_image_max_side"],
        web_image_max_kb=values["web_image_max_kb"],
        cms=dict(values.get("cms") or {}),
    )


def option_line(mkdocs_yml: Path, *path: str | int) -> int:
    """The line of a board option in mkdocs.yml (or of its nearest parent), for warnings
    found after loading (e.g. a screen's loop is longer than its `max_loop_minutes`)."""
    try:
        doc = load_yaml(mkdocs_yml.read_text(encoding="utf-8-sig"), tolerant=True)
        where, _raw = _find_plugin(doc.data)
    except (OSError, UnicodeDecodeError, YamlError, ConfigError):
        return 0
    return doc.line(tuple(where) + tuple(path), 0)


def _screen(key: str, v: dict[str, Any]) -> Screen:
    return Screen(id=key, name=v.get("name", key), width=v["size"][0], height=v["size"][1],
                  color=v["color"], led_color=v["led_color"], font=v.get("font"),
                  sizes=tuple(v.get("sizes", ())), duration=v["duration"],
                  hours=tuple(v.get("hours", ())), target=v.get("target"), poll=v["poll"],
                  urgent_share=v["urgent_share"], max_loop_minutes=v["max_loop_minutes"],
                  max_pages=v["max_pages"], long_text=v["long_text"])


def _board(key: str, v: dict[str, Any]) -> Board:
    return Board(id=key, name=v.get("name", key), paper=v["paper"], orientation=v["orientation"],
                 copies=v["copies"], bleed=v["bleed"], max_pages=v.get("max_pages", 0),
                 ending_days=v["ending_days"])


def _catalog(v: dict[str, Any]) -> CatalogEntry:
    return CatalogEntry(id=v["id"], title=v["title"], every=v["every"], due_day=v["due_day"],
                        types=tuple(v["types"]), category=v.get("category"),
                        since=v.get("since"), basis=v.get("basis", ""),
                        channels=tuple(v.get("channels") or ("公开栏", "网站")))


def _relpath(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
