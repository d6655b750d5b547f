"""The one loader: content/*.md → validated `Item`s plus every problem found on the way.

Items live in section folders (`content/notices/…`); Markdown files directly in `content/`
(the home page, the editors' guide) are plain pages. Folders whose names start with `_` or `.`
are ignored. The loader never writes anything.
"""
from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from . import images
from .continuity import check_finance
from .config import WINDOWS_RESERVED, ConfigError, SiteConfig, load_site_config
from .memo import (Memo, PickleMemo, digest, known_digest, known_digests_file, load_known_digests,
                   program_digest, save_known_digests)
from .model import ALL_FIELDS, FOLDERS, TYPES, Item, build_item, schema_for
from .problems import ProblemList
from .exposure import scan_document, scan_page
from .sources import is_content, is_private, skipped_files
from .schema import Context, dotted
from .urls import url_for
from .yamlsrc import YamlError, load_yaml, split_front_matter

MAX_FILE_BYTES = 8 * 1024 * 1024
ITEMS_FORMAT = "2"  # bump when what the item memo stores changes meaning


@dataclass
class Project:
    root: Path
    config_file: Path
    config: SiteConfig
    items: list[Item] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)  # plain Markdown pages, relative to content/
    problems: ProblemList = field(default_factory=ProblemList)
    # every content file the loader read (relative to content/) → digest of its bytes, so later
    # steps can key their own memos on exactly what the loader saw
    digests: dict[str, str] = field(default_factory=dict)
    # (path, is_item) of every Markdown file, as `iter_sources` listed them for the loader
    sources: list[tuple[Path, bool]] = field(default_factory=list)
    # whether anything under content/ is a symbolic link (if not, nothing can lead outside it)
    links: bool = True
    # the loader's memo of validated items, for the next load in the same process (`board serve`)
    item_memo: PickleMemo | None = field(default=None, repr=False, compare=False)

    @property
    def content_dir(self) -> Path:
        return self.root / self.config.content_dir

    def memo(self, name: str, *scope: str) -> Memo:
        """A memo (.cache/board/<name>.json) of results that depend on mkdocs.yml, this program
        and `scope`; key its entries with `digests[item.source]` and the item's own inputs."""
        return Memo(self.root / ".cache" / "board" / f"{name}.json",
                    digest(name, program_digest(), _bytes(self.config_file), *scope))

    def item(self, item_id: str) -> Item:
        for candidate in self.items:
            if candidate.id == item_id:
                return candidate
        raise KeyError(item_id)


def find_config(start: Path) -> Path:
    """mkdocs.yml in `start` or the nearest parent folder that has one."""
    start = start.resolve()
    for folder in (start, *start.parents):
        candidate = folder / "mkdocs.yml"
        if candidate.is_file():
            return candidate
    raise ConfigError("在当前文件夹及上级文件夹中找不到 mkdocs.yml；请在社区项目的文件夹里运行")


def load_project(config_file: Path, memo: PickleMemo | None = None) -> Project | None:
    """Load config and all items. None when the config itself has errors (see `problems`).

    `memo` is a previous load's `item_memo` (a resident `board serve`): used when it belongs to
    the same settings and program, instead of reading the memo file again."""
    problems = ProblemList()
    root = config_file.resolve().parent
    config = load_site_config(config_file, problems, root)
    if config is None:
        project = Project(root, config_file, _placeholder_config(), problems=problems)
        return project
    project = Project(root, config_file, config, problems=problems)
    path = root / ".cache" / "board" / "items.pickle"
    scope = digest("items", ITEMS_FORMAT, program_digest(), _bytes(config_file))
    if memo is None or memo.path != path or memo.scope != scope:
        memo = PickleMemo(path, scope)
        load_known_digests(known_digests_file(root))  # a fresh process: an earlier run's
    project.items, project.pages = load_items(project.content_dir, config, problems, root,
                                              memo=memo, project=project)
    memo.save()
    save_known_digests(known_digests_file(root), root)
    project.item_memo = memo
    return project


def _bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""


def _placeholder_config() -> SiteConfig:
    from zoneinfo import ZoneInfo

    return SiteConfig(community="", phone="", tz=ZoneInfo("Asia/Shanghai"))


def iter_sources(content_dir: Path) -> Iterator[tuple[Path, bool]]:
    """(path, is_item) for every Markdown file, in a stable order (that of sorted paths).

    Exactly `.md` in lower case on every OS (a glob ignores case on Windows and macOS); other
    spellings are reported by `sources.skipped_files` and never published. Plain `os` calls:
    every `board serve` rebuild lists thousands of files.
    """
    top = os.fspath(content_dir)
    found: list[tuple[tuple[str, ...], Path]] = []
    for folder, dirs, files in os.walk(top):
        rel = os.path.relpath(folder, top)
        parts = () if rel == os.curdir else tuple(rel.split(os.sep))
        # a folder named like a file is listed too: reading it then reports the mistake
        for name in [*files, *(d for d in dirs if is_content(d))]:
            if is_content(name) and not is_private((*parts, name)):
                found.append(((*parts, name), Path(folder, name)))
        dirs[:] = [d for d in dirs if not d.startswith((".", "_"))]  # private: nothing inside is read
    found.sort(key=lambda entry: tuple(os.path.normcase(p) for p in entry[0]))
    for parts, path in found:
        yield path, len(parts) > 1


def load_items(content_dir: Path, config: SiteConfig, problems: ProblemList, root: Path,
               memo: PickleMemo | None = None,
               project: Project | None = None) -> tuple[list[Item], list[str]]:
    """Items and plain pages. With a `memo`, a file whose bytes (and the settings, and this
    program) are unchanged since a previous run gives its stored item and problems instead of
    being parsed, validated and scanned again; links and pictures are always checked anew.
    With a `project`, what was found on the way (sources, digests, links) is kept there."""
    if not content_dir.is_dir():
        problems.error(_rel(content_dir, root), 0, f"内容文件夹 {_rel(content_dir, root)} 不存在")
        return [], []
    items: list[Item] = []
    pages: list[str] = []
    content_real = content_dir.resolve()
    sources = list(iter_sources(content_dir))
    links = _check_tree(content_dir, content_real, {p for p, _ in sources}, problems, root)
    digests: dict[str, str] | None = None
    if project is not None:
        project.sources, project.links, digests = sources, links, project.digests
    for skipped in skipped_files(content_dir):
        problems.warning(_rel(content_dir / skipped.rel, root), 0, skipped.reason)
    top, folder_rel = os.fspath(content_dir), _rel(content_dir, root)
    for path, is_item in sources:
        rel_to_content = content_rel(path, top)
        rel = rel_to_content if folder_rel == "." else f"{folder_rel}/{rel_to_content}"
        if links and not _inside(path.resolve(), content_real):
            problems.error(rel, 0, "这个文件是指向 content 文件夹以外的链接（symlink），出于安全不会读取；请把文件复制进来")
            continue
        if not is_item:
            if _typed_page(path, rel, rel_to_content, problems):
                continue
            pages.append(rel_to_content)
            _scan_page(path, rel, config, problems)
            continue
        item = _load_item(path, rel, rel_to_content, config, problems, content_real, memo, digests)
        if item is not None:
            items.append(item)
    _check_unique_urls(items, problems, content_dir, root)
    items = check_finance(items, config, problems, lambda i: _rel(content_dir / i.source, root))
    return items, pages


def _typed_page(path: Path, rel: str, rel_to_content: str, problems: ProblemList) -> bool:
    """A file directly in content/ with an item `type:` is an error: it would be published as a
    plain page, without the checks on date, expires and draft. Say which folder it belongs in."""
    text = read_text(path, rel, ProblemList())  # unreadable pages are MkDocs' to report
    if text is None:
        return False
    fm = split_front_matter(text)
    if fm.yaml_text is None or fm.unclosed:
        return False
    try:
        doc = load_yaml(fm.yaml_text, line_offset=fm.yaml_first_line - 1)
    except YamlError:
        return False
    if not isinstance(doc.data, dict) or "type" not in doc.data:
        return False
    raw = str(doc.data["type"]).strip()
    by_label = {label: key for key, label in TYPES.items()}
    kind = raw if raw in TYPES else by_label.get(raw)
    if kind is not None:
        where = (f"请把它移到 content/{FOLDERS[kind]}/ 文件夹里"
                 f"（content/{FOLDERS[kind]}/{rel_to_content}）")
    else:
        where = ("请把它移到对应的文件夹里（通知放 content/notices/，公示放 content/gongshi/……）；"
                 "如果是普通页面，请删掉 type 这一行")
    problems.error(rel, doc.line(("type",)),
                   f"这个文件直接放在 content/ 下，会被当作普通页面发布，不检查发布日期、过期时间和草稿；"
                   f"写了 type: {raw} 的内容{where}", "type")
    return True


def _scan_page(path: Path, rel: str, config: SiteConfig, problems: ProblemList) -> None:
    """Plain pages are published too: personal numbers in them are errors like in items."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return  # unreadable pages are not ours to report here
    scan_page(text, rel, problems, (config.phone,))


def _check_tree(content_dir: Path, content_real: Path, sources: set[Path],
                problems: ProblemList, root: Path) -> bool:
    """Symlinked folders and files that lead out of content/ are errors: MkDocs would follow
    them and publish whatever they point at (a home folder, /etc). The walk does not follow
    links, so a link is reported once and never entered. Names Windows reserves (CON, NUL…)
    are errors too: the repository must stay usable on an editor's Windows laptop.

    Returns whether anything under content/ is a link at all."""
    links = False
    for folder, dirs, files in os.walk(content_dir):
        for name in sorted(dirs) + sorted(files):
            path = Path(folder) / name
            if name.split(".")[0].lower() in WINDOWS_RESERVED:
                problems.error(_rel(path, root), 0,
                               f"「{name}」是 Windows 的保留文件名（CON、PRN、AUX、NUL、COM1、LPT1 等），"
                               "在 Windows 电脑上无法取出或打开；请改名")
            if not path.is_symlink():
                continue
            links = True
            if path in sources:
                continue  # Markdown files are reported by load_items
            if not _inside(path.resolve(), content_real):
                kind = "文件夹" if name in dirs else "文件"
                problems.error(_rel(path, root), 0,
                               f"这个{kind}是指向 content 文件夹以外的链接（symlink），出于安全不会发布；"
                               "请把需要的文件复制进来，或删除这个链接")
    return links


def read_text(path: Path, rel: str, problems: ProblemList) -> str | None:
    """The file as text, or None after reporting why it cannot be read."""
    data = _read_bytes(path, rel, problems)
    return None if data is None else decode_text(data, rel, problems)


def _read_bytes(path: Path, rel: str, problems: ProblemList) -> bytes | None:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            problems.error(rel, 0, f"文件太大（{size // 1024 // 1024} MB），上限 8 MB；请把图片等附件单独存放")
            return None
        return path.read_bytes()
    except OSError as exc:
        problems.error(rel, 0, f"无法读取文件（{exc.strerror}）")
        return None


def decode_text(data: bytes, rel: str, problems: ProblemList) -> str | None:
    """UTF-8 text without NULs or hidden control characters, or None after saying why not."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        hint = ""
        try:
            data.decode("gb18030")
            hint = "看起来是 GBK/GB2312 编码（Windows 记事本的「ANSI」）。"
        except UnicodeDecodeError:
            pass
        problems.error(rel, line, f"文件不是 UTF-8 编码。{hint}请用记事本或 VS Code 打开，"
                                  "「另存为」时把编码选成「UTF-8」再保存")
        return None
    if "\x00" in text:
        problems.error(rel, text[: text.index("\x00")].count("\n") + 1,
                       "文件里有空字符（NUL），可能不是文本文件；请检查")
        return None
    hidden = _CONTROL.search(text)
    if hidden:
        problems.error(rel, text[: hidden.start()].count("\n") + 1,
                       f"这一行有看不见的控制字符（U+{ord(hidden.group()):04X}），可能是从别处复制来的；"
                       "它会让 RSS 订阅无法读取，请删除")
        return None
    return text


# C0 controls other than tab and line breaks: invalid in XML (feed.xml), invisible elsewhere
_CONTROL = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _load_item(path: Path, rel: str, source: str, config: SiteConfig, problems: ProblemList,
               content_real: Path, memo: PickleMemo | None, digests: dict[str, str] | None) -> Item | None:
    """`load_item_file` through the memo (keyed by the file's bytes: its digest is taken from
    memory while the file's size and times are unchanged, so a resident `board serve` does not
    read unchanged files at all)."""
    stored = None
    if memo is not None:
        try:
            known = known_digest(path, MAX_FILE_BYTES)
        except OSError:
            known = None
        if known is not None:
            key = digest(rel, source, known)
            stored = memo.get(key)
    if stored is None:
        data = _read_bytes(path, rel, problems)
        if data is None:
            return None
        key = digest(rel, source, hashlib.sha256(data).hexdigest())
        found = ProblemList()
        item = item_from_bytes(data, rel, source, config, found)
        stored = (item, list(found))
        if memo is not None:
            memo.put(key, stored)
    if digests is not None:
        digests[source] = key
    item, found = stored
    problems.extend(found)
    if item is not None:  # other files may have appeared or gone: never from the memo
        check_targets(path, item, rel, content_real, problems)
    return item


def load_item_file(path: Path, rel: str, source: str, config: SiteConfig,
                   problems: ProblemList, content_real: Path | None = None) -> Item | None:
    """Validate one item file; report problems and return None if it has errors."""
    data = _read_bytes(path, rel, problems)
    if data is None:
        return None
    item = item_from_bytes(data, rel, source, config, problems)
    if item is not None and content_real is not None:
        check_targets(path, item, rel, content_real, problems)
    return item


def item_from_bytes(data: bytes, rel: str, source: str, config: SiteConfig,
                    problems: ProblemList) -> Item | None:
    """The item a file's bytes describe, or None after reporting why not.

    A pure function of the bytes and the settings (nothing else on disk is looked at), which is
    what lets the loader's memo stand in for it.
    """
    text = decode_text(data, rel, problems)
    if text is None:
        return None
    if not text.strip():
        problems.error(rel, 1, "文件是空的；每条内容都以 --- 包起来的信息开头，可用 `board new` 生成模板")
        return None
    fm = split_front_matter(text)
    if fm.yaml_text is None:
        problems.error(rel, 1, "文件开头缺少信息区：第一行应是 ---，接着写 type、title、date，再用 --- 结束")
        return None
    if fm.unclosed:
        problems.error(rel, 1, "信息区没有结束：请在字段后面加一行 ---，再写正文")
        return None
    try:
        doc = load_yaml(fm.yaml_text, line_offset=fm.yaml_first_line - 1)
    except YamlError as exc:
        problems.error(rel, exc.line, f"信息区格式错误：{exc.message}")
        return None
    if doc.data is None:
        problems.error(rel, 1, "信息区是空的；至少要写 type、title、date")
        return None
    if not isinstance(doc.data, dict):
        problems.error(rel, fm.yaml_first_line, "信息区应是「字段: 值」的形式，每行一个字段，例如 title: 停水通知")
        return None
    before = len(problems.errors)
    for note in doc.notes:  # parsed, but not into what was typed: never publish it
        problems.error(rel, note.line, note.message, dotted(note.path))
    # the schema's view of a split or cut value ("未知字段「垃圾袋」") only confuses: the note says it
    schema_problems = ProblemList()
    ctx = Context(rel, doc, schema_problems, config.tz,
                  lookups={"screens": config.screens, "boards": config.boards})
    item_type = _item_type(doc.data, ctx)
    values = None
    if item_type is not None:
        values = schema_for(item_type, config.gongshi_min_days).validate(doc.data, ctx)
    noted = {note.line for note in doc.notes}
    problems.extend(p for p in schema_problems if p.line not in noted)
    scan_document(doc, fm.body, fm.body_first_line, text.splitlines(), rel, problems, (config.phone,))
    if values is None or len(problems.errors) != before:
        return None
    # top-level fields, and one level down for cross-item checks (`ledger.opening`)
    lines = {".".join(str(p) for p in k): line for k, line in doc.lines.items()
             if len(k) in (1, 2) and all(isinstance(p, str) for p in k)}
    return build_item(source, source.removesuffix(".md"), url_for(source), values, lines,
                      fm.body, fm.body_first_line, config.community)


def _item_type(data: dict[str, Any], ctx: Context) -> str | None:
    raw = data.get("type")
    if raw is None:
        ctx.report((), "缺少必填字段「type」（内容类型）：可选 " + "、".join(f"{k}（{v}）" for k, v in TYPES.items()))
        # still report the other fields' problems against the common schema
        unknown = [k for k in data if str(k) not in ALL_FIELDS]
        for key in unknown:
            ctx.report((str(key),), f"未知字段「{key}」")
        return None
    from .schema import Choice, Invalid

    try:
        return Choice(TYPES).convert(raw, ctx, ("type",))
    except Invalid as exc:
        ctx.report(("type",), exc.message)
        return None


# --- links and images ------------------------------------------------------------------------

_MD_LINK = re.compile(r"(!?)\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+[\"'][^)]*[\"'])?\s*\)")
_HTML_SRC = re.compile(r"<(img|a|source)\b[^>]*?\b(?:src|href)\s*=\s*[\"']([^\"']+)[\"']", re.I)
_FENCE = re.compile(r"^\s*(```|~~~)")


def _targets(body: str, first_line: int) -> Iterator[tuple[int, str, bool]]:
    """(line, target, is_picture) for every link and image in the body."""
    if "](" not in body and "<" not in body:  # most bodies: neither kind of link can be there
        return
    in_fence = False
    for offset, line in enumerate(body.splitlines()):
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        for match in _MD_LINK.finditer(line):
            yield first_line + offset, match.group(2), match.group(1) == "!"
        for match in _HTML_SRC.finditer(line):
            yield first_line + offset, match.group(2), match.group(1).lower() != "a"


def check_targets(path: Path, item: Item, rel: str, content_real: Path, problems: ProblemList) -> None:
    """Every relative link or image must exist and stay inside content/."""
    targets = [(line, target, picture, "") for line, target, picture in _targets(item.body, item.body_line)]
    if item.image:
        targets.append((item.line_of("image"), item.image, True, "image"))
    for line, target, picture, field_name in targets:
        parts = urlsplit(target)
        if parts.scheme.lower() in ("javascript", "vbscript", "data"):
            problems.error(rel, line, f"链接「{target[:60]}」使用了不安全的 {parts.scheme}: 地址，请删除")
            continue
        if parts.scheme.lower() == "file" or re.match(r"^[A-Za-z]:[\\/]", target) or target.startswith("\\"):
            problems.error(rel, line, f"链接或图片「{target[:60]}」是本机上的文件路径，网站和屏幕上都打不开；"
                                      "请把文件放进 content 里并用相对路径")
            continue
        if parts.scheme or parts.netloc or target.startswith("#") or not parts.path:
            continue
        local = unquote(parts.path)
        base = content_real if local.startswith("/") else path.resolve().parent
        resolved = (base / local.lstrip("/")).resolve()
        if not _inside(resolved, content_real):
            problems.error(rel, line, f"链接或图片「{target}」指向 content 文件夹以外，请把文件放进 content 里并用相对路径")
            continue
        if not resolved.exists():
            problems.error(rel, line, f"链接或图片「{target}」不存在；请检查文件名（区分大小写）和相对路径")
            continue
        if resolved.is_file() and (picture or images.is_picture(local)):
            for found in images.problems(resolved, raster_only=field_name == "image"):
                report = problems.error if found.severity == "error" else problems.warning
                report(rel, line, found.message, field_name)


def _check_unique_urls(items: list[Item], problems: ProblemList, content_dir: Path, root: Path) -> None:
    seen: dict[str, Item] = {}
    for item in items:
        other = seen.get(item.url)
        if other is None:
            seen[item.url] = item
            continue
        for a, b in ((item, other), (other, item)):
            problems.error(_rel(content_dir / a.source, root), 1,
                           f"和 {b.source} 会发布到同一个网址 /{a.url}，请给其中一个文件换个名字")
    if len(seen) != len(items):
        dupes = {i.url for i in items if sum(1 for j in items if j.url == i.url) > 1}
        items[:] = [i for i in items if i.url not in dupes]


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.relative_to(folder)
        return True
    except ValueError:
        return False


def content_rel(path: Path, top: str) -> str:
    """`path` (from `iter_sources(Path(top))`) relative to the content folder, as posix: string
    slicing, no pathlib objects (thousands of files on every serve rebuild)."""
    return os.fspath(path)[len(top):].lstrip(os.sep).replace(os.sep, "/")


def _rel(path: Path, root: Path) -> str:
    """Path for messages, relative to the project root, without following symlinks."""
    return os.path.relpath(path, root).replace(os.sep, "/")


def now_for(project: Project, today: str | None) -> datetime:
    from .lifecycle import resolve_now

    return resolve_now(today, project.config.tz)
