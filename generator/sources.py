"""What each file under content/ is: a checked item, a plain page, an asset, or not published.

MkDocs publishes every file in its docs folder: `.markdown` / `.mdown` files as pages (drafts
and future dates too, since the loader never saw them) and anything else as a raw file
(`通知.md.txt`, `停水.MD`). Only what the loader checked may reach the site, so every other file
is classified here with the reason it is left out and the fix, and the plugin removes it.

Folders and files whose names start with `.` or `_` are private by convention (git metadata,
`_drafts/`): never published and never reported.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

CONTENT_SUFFIX = ".md"  # the one Markdown spelling the loader reads, lower case
# MkDocs' own Markdown suffixes (mkdocs.utils.markdown_extensions) and other common spellings
MARKDOWN_LIKE = frozenset({".markdown", ".mdown", ".mkdn", ".mkd", ".mdwn", ".mdtxt", ".mdtext"})
ASSET_SUFFIXES = frozenset({
    # pictures
    ".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".ico", ".avif",
    # documents residents download
    ".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".wps", ".et", ".dps",
    ".odt", ".ods", ".odp", ".csv", ".zip", ".rar", ".7z",
    # audio and video
    ".mp3", ".m4a", ".wav", ".ogg", ".mp4", ".webm", ".mov",
    # the site's own extra styles, scripts and fonts (mkdocs.yml extra_css / extra_javascript)
    ".css", ".js", ".json", ".woff", ".woff2", ".ttf", ".otf",
})
# pictures browsers may not show (iPhone photos, scans): converting is the fix, not renaming
PHOTO_SUFFIXES = frozenset({".heic", ".heif", ".bmp", ".tif", ".tiff", ".raw", ".psd"})
# top-level files web servers look for, published as they are
WELL_KNOWN = frozenset({"robots.txt", "CNAME", "favicon.ico", "humans.txt", "security.txt"})


@dataclass(frozen=True)
class Skipped:
    """A file under content/ that will not be published, and what to do about it."""

    rel: str  # relative to content/, forward slashes
    reason: str  # for the clerk, in Chinese: why, and how to fix it


def is_private(rel_parts: tuple[str, ...]) -> bool:
    return any(part.startswith((".", "_")) for part in rel_parts)


def is_content(name: str) -> bool:
    """A Markdown file the loader reads (exactly `.md`, lower case, as on a case-sensitive disk)."""
    return name.endswith(CONTENT_SUFFIX) and len(name) > len(CONTENT_SUFFIX)


def why_skipped(rel: str) -> str | None:
    """The reason `rel` (a file, relative to content/) is not published, or None if it is."""
    parts = tuple(rel.split("/"))
    name = parts[-1]
    if is_private(parts) or is_content(name):
        return None
    if len(parts) == 1 and name in WELL_KNOWN:
        return None
    stem, suffix = os.path.splitext(name)
    inner_stem, inner = os.path.splitext(stem)
    if suffix.lower() == ".txt" and inner.lower() in {CONTENT_SUFFIX, *MARKDOWN_LIKE}:
        return (f"文件名以「{name[len(inner_stem):]}」结尾（记事本保存时自动加了 .txt，文件夹里又隐藏了"
                f"扩展名），不会发布；请改名为「{inner_stem}.md」")
    if suffix.lower() == CONTENT_SUFFIX:  # .MD, .Md
        return f"扩展名「{suffix}」是大写的，不会发布；请改名为「{stem}.md」（小写 .md）"
    if suffix.lower() in MARKDOWN_LIKE:
        return (f"只有 .md 结尾的文件才会检查和发布，「{suffix}」文件不会发布（也不检查日期、过期和草稿）；"
                f"请改名为「{stem}.md」")
    if suffix.lower() == ".txt":
        return (f"纯文本文件（.txt）不会发布；如果这是要发布的内容，请改名为「{stem}.md」"
                "并在开头写上信息区（可用 board new 生成模板）")
    if suffix.lower() in ASSET_SUFFIXES:
        return None
    if suffix.lower() in PHOTO_SUFFIXES:
        return f"图片格式「{suffix}」网页上不一定能显示，不会发布；请另存为 JPEG 或 PNG（改名不行，要用图片软件另存）"
    shown = f"「{suffix}」" if suffix else "（没有扩展名）"
    return (f"不认识的文件类型{shown}，不会发布；网站只发布 .md 内容、图片（PNG、JPEG、GIF、WebP、SVG）"
            "和附件（PDF、Word、Excel 等）")


def skipped_files(content_dir: Path) -> list[Skipped]:
    """Every file under `content_dir` that will not be published, with the reason (private
    `.`/`_` files are left out of the list: they are skipped silently)."""
    out: list[Skipped] = []
    top = os.fspath(content_dir)
    for folder, dirs, files in os.walk(top):
        dirs[:] = sorted(d for d in dirs if not d.startswith((".", "_")))
        where = os.path.relpath(folder, top).replace(os.sep, "/")
        for name in sorted(files):
            rel = name if where == "." else f"{where}/{name}"
            reason = why_skipped(rel)
            if reason is not None:
                out.append(Skipped(rel, reason))
    return out


def unpublished(src_uris: list[str]) -> list[str]:
    """Of the files MkDocs found (`src_uris`, relative to content/), those never to publish:
    private ones and every one `why_skipped` refuses."""
    return [src for src in src_uris
            if is_private(tuple(src.split("/"))) or why_skipped(src) is not None]
