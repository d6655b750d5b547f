"""Per-type templates for new items (Hugo's archetypes), file naming, and unfilled placeholders.

A community edits `archetypes/<type>.md` next to its mkdocs.yml; when a project has none, the
defaults shipped in this repository's `archetypes/` folder are used. A template is the item's
Markdown with `{{name}}` variables (title, dates, the community's phone...) filled by `board new`,
and `【请填写…】` markers where only the clerk knows the answer. Every marker sits in a text field
or the body, so a template validates as written; `board check` then reports each marker left in
an item as an error on its line ("please fill"), which keeps a half-written notice off the site.

Files are written as UTF-8 without BOM with `\n` line ends, created exclusively (never
overwritten), and named from date + title with characters that are legal on Windows too.
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import yaml

from .config import SiteConfig
from .loader import Project, iter_sources, read_text
from .model import FOLDERS, TYPES
from .problems import ProblemList
from .urls import url_for


# Chinese names a clerk may type instead of the English type id (`board new 通知`).
ALIASES: dict[str, str] = {
    "通知": "notice", "通告": "notice", "公告": "notice",
    "公示": "gongshi",
    "公开": "disclosure", "党务": "disclosure", "居务": "disclosure", "党务公开": "disclosure",
    "居务公开": "disclosure",
    "财务": "finance",
    "活动": "event", "活动预告": "event",
    "计划": "plan", "总结": "plan", "工作计划": "plan",
    "表彰": "honor",
    "调查": "survey", "满意度": "survey",
}

# Names that say more than the type: the field values they imply (`board new 党务公开` is a
# disclosure with category party, `board new 通告` a notice of kind 通告), set in the new file
# whatever the template's default is.
PRESETS: dict[str, dict[str, str]] = {
    "党务": {"category": "party"}, "党务公开": {"category": "party"},
    "居务": {"category": "affairs"}, "居务公开": {"category": "affairs"},
    "通知": {"kind": "通知"}, "通告": {"kind": "通告"},
}

ARCHETYPE_DIR = "archetypes"
# The repository's own archetypes: the fallback for projects without an archetypes/ folder.
BUNDLED_DIR = Path(__file__).resolve().parent.parent / ARCHETYPE_DIR

PLACEHOLDER = re.compile(r"【请填写[：:]\s*([^】\n]*)】")  # 【请填写：活动地点】
_KEY = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*:")
_VARIABLE = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
_FENCE = re.compile(r"^\s*(```|~~~)")
_NOT_IN_NAME = re.compile(r"[^\w-]+")  # \w keeps CJK; drops <>:"/\|?* . and punctuation
MAX_NAME_CHARS = 40
MAX_TITLE_CHARS = 120


class ArchetypeError(Exception):
    """`board new` cannot go on; the message is for the clerk (Chinese)."""


def resolve_type(name: str) -> str:
    """`notice`, `notices`, `通知` or `通知公告` → `notice`; anything else is explained."""
    key = name.strip()
    if key.lower() in TYPES:
        return key.lower()
    by_folder = {folder: kind for kind, folder in FOLDERS.items()}
    if key.lower() in by_folder:
        return by_folder[key.lower()]
    by_label = {label: kind for kind, label in TYPES.items()}
    if key in by_label:
        return by_label[key]
    if key in ALIASES:
        return ALIASES[key]
    choices = "、".join(f"{kind}（{label}）" for kind, label in TYPES.items())
    raise ArchetypeError(f"不认识的内容类型「{name}」；可选：{choices}")


def apply_presets(text: str, name: str) -> str:
    """Set the field values `name` implies (see PRESETS) in a rendered template's front matter.

    The value on the field's line is replaced and its comment kept; a field the template lacks
    is added after the `type:` line.
    """
    wanted = dict(PRESETS.get(name.strip(), {}))
    if not wanted:
        return text
    lines = text.split("\n")
    end = next((n for n in range(1, len(lines)) if lines[n].strip() in ("---", "...")), len(lines))
    type_line = 0
    for n in range(1, end):
        match = re.match(r"^([A-Za-z_]+)(\s*:\s*)([^#\s]*)(.*)$", lines[n])
        if not match:
            continue
        key = match.group(1)
        if key == "type":
            type_line = n
        if key in wanted:
            lines[n] = match.group(1) + match.group(2) + wanted.pop(key) + match.group(4)
    for key, value in wanted.items():
        lines.insert(type_line + 1, f"{key}: {value}")
    return "\n".join(lines)


def archetype_path(item_type: str, project_root: Path) -> Path:
    """The project's own template if it has one, else the bundled default."""
    for folder in (project_root / ARCHETYPE_DIR, BUNDLED_DIR):
        candidate = folder / f"{item_type}.md"
        if candidate.is_file():
            return candidate
    raise ArchetypeError(f"找不到模板 {ARCHETYPE_DIR}/{item_type}.md；"
                         f"请从社区公开栏项目的 {ARCHETYPE_DIR}/ 文件夹复制一份过来")


def read_archetype(path: Path) -> str:
    """The template's text; a BOM (old Notepad) is dropped, other encodings are explained."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ArchetypeError(f"无法读取模板 {path}（{exc.strerror}）") from None
    try:
        return data.decode("utf-8-sig").replace("\r\n", "\n")
    except UnicodeDecodeError:
        raise ArchetypeError(f"模板 {path} 不是 UTF-8 编码；请用记事本「另存为」UTF-8 后再试") from None


def yaml_scalar(text: str) -> str:
    """`text` as a YAML value that reads back unchanged (quoted only when it has to be)."""
    try:
        if yaml.safe_load(f"v: {text}") == {"v": text} and not text.startswith(("'", '"')):
            return text
    except yaml.YAMLError:
        pass
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def _month(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def _previous_month(day: date) -> str:
    return _month(day.replace(day=1) - timedelta(days=1))


@dataclass(frozen=True)
class NewItem:
    """What the clerk asked for: type, title (may be empty), publication date (and time)."""

    type: str
    title: str
    when: datetime
    all_day: bool = True

    @property
    def day(self) -> date:
        return self.when.date()

    @property
    def date_text(self) -> str:
        return f"{self.day:%Y-%m-%d}" if self.all_day else f"{self.when:%Y-%m-%d %H:%M}"


def variables(new: NewItem, config: SiteConfig) -> dict[str, str]:
    """Values for `{{name}}` in templates; each is a valid YAML value as it stands."""
    day = new.day
    title = yaml_scalar(new.title) if new.title else "【请填写：标题】"
    return {
        "title": title,
        "date": new.date_text,
        "day": f"{day:%Y-%m-%d}",
        "year": f"{day.year:04d}",
        "month": _month(day),
        "last_month": _previous_month(day),
        "in_a_week": f"{day + timedelta(days=7):%Y-%m-%d}",
        "in_a_month": f"{day + timedelta(days=30):%Y-%m-%d}",
        "community": config.community,
        "phone": config.phone,
        "address": config.address or "【请填写：受理地点】",
        "min_days": str(config.gongshi_min_days),
        "type": new.type,
        "type_label": TYPES[new.type],
    }


def render(template: str, values: dict[str, str], source: str = "模板") -> str:
    """Replace every `{{name}}`; an unknown name is the template author's mistake, so say so."""
    def one(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in values:
            line = template[: match.start()].count("\n") + 1
            known = "、".join("{{" + key + "}}" for key in values)
            raise ArchetypeError(f"{source} 第 {line} 行：不认识的变量 {{{{{name}}}}}；可用：{known}")
        return values[name]

    return _VARIABLE.sub(one, template)


def name_part(title: str) -> str:
    """A title as a file-name part legal on Windows, macOS and Linux (Chinese kept)."""
    text = unicodedata.normalize("NFC", title)
    text = _NOT_IN_NAME.sub("-", text)
    text = re.sub(r"-{2,}", "-", text).strip("-_")
    return text[:MAX_NAME_CHARS].rstrip("-_")


def file_stem(new: NewItem) -> str:
    """`2026-11-29-停水通知`; without a title the type id stands in (`2026-11-29-notice`)."""
    part = name_part(new.title) if new.title else ""
    return f"{new.day:%Y-%m-%d}-{part or new.type}"


def create_item_file(content_dir: Path, new: NewItem, text: str) -> Path:
    """Write `text` to a new file in the type's folder and return its path.

    Never overwrites: a name already taken (in any letter case, since Windows and macOS ignore
    case) or one whose URL another file in the folder already has gets `-2`, `-3`... and the
    file is opened in exclusive mode, so a file appearing meanwhile is not clobbered either.
    """
    folder_name = FOLDERS[new.type]
    folder = content_dir / folder_name
    folder.mkdir(parents=True, exist_ok=True)
    taken_names = {p.name.lower() for p in folder.iterdir()}
    taken_urls = {url_for(f"{folder_name}/{p.name}") for p in folder.glob("*.md")}
    stem = file_stem(new)
    data = text.encode("utf-8")  # no BOM; "\n" line ends on every OS
    for n in range(1, 1000):
        name = f"{stem}.md" if n == 1 else f"{stem}-{n}.md"
        if name.lower() in taken_names or url_for(f"{folder_name}/{name}") in taken_urls:
            continue
        path = folder / name
        try:
            with path.open("xb") as out:
                out.write(data)
        except FileExistsError:
            continue
        return path
    raise ArchetypeError(f"{folder} 里以 {stem} 开头的文件太多了，请换个标题")


def unfilled(text: str) -> list[tuple[int, str, str]]:
    """(line, what to fill, field) for every `【请填写：…】` marker still in an item's text.

    Whole-line YAML comments in the front matter (a commented-out optional field) and fenced
    code blocks in the body do not count: neither is published.
    """
    found: list[tuple[int, str, str]] = []
    lines = text.splitlines()
    in_front = bool(lines) and lines[0].strip() == "---"
    in_fence = False
    for number, line in enumerate(lines, 1):
        if in_front:
            if number > 1 and line.strip() in ("---", "..."):
                in_front = False
                continue
            if line.lstrip().startswith("#"):
                continue
        elif _FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        key = _KEY.match(line) if in_front else None
        for match in PLACEHOLDER.finditer(line):
            what = match.group(1).strip().rstrip("。") or "这里"
            found.append((number, what, key.group(1) if key else ""))
    return found


def placeholder_problems(project: Project, now: datetime) -> ProblemList:
    """An error per `【请填写…】` left in an item (a warning in drafts, which publish nowhere)."""
    del now  # a placeholder is unfinished whatever the day
    problems = ProblemList()
    drafts = {item.source for item in project.items if item.draft}
    content_dir = project.content_dir
    prefix = project.config.content_dir.rstrip("/")
    memo = project.memo("placeholders")  # by the bytes the loader read: unchanged files are not read
    for path, is_item in project.sources or iter_sources(content_dir):
        if not is_item:
            continue
        source = path.relative_to(content_dir).as_posix()
        key = project.digests.get(source)
        found = memo.get(key) if key else None
        if found is None:
            text = read_text(path, source, ProblemList())  # unreadable files are the loader's to report
            if text is None:
                continue
            found = unfilled(text) if PLACEHOLDER.search(text) else []  # nearly every file: one scan in C
            if key:
                memo.put(key, found)
        for line, what, field in found:
            message = f"还没有填写：{what}（请把【请填写：…】整个换成实际内容）"
            if source in drafts:
                problems.warning(f"{prefix}/{source}", line, message + "；这是草稿，发布前要填好", field)
            else:
                problems.error(f"{prefix}/{source}", line, message, field)
    memo.save()
    return problems
