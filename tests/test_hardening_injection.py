"""Injection: whatever an editor types reaches HTML, JSON, XML, the player page, pixels and file
names as text: shown literally, refused by `board check`, or neutralised; never executed and
never written outside the output folder.

Sinks covered: item pages and lists (text and attributes), <title>, og: meta, feed.xml,
feed.json, search_index.json, each screen's playlist.json and player page, share cards and
posters (built, so their file names are checked), and the file names of content itself.
Raw HTML inside a Markdown body is trusted editor input (see the README) and not tested here.
"""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import TinyProject

TITLE = '<script>alert("t")</script>"\'&amp; 停水'
SUMMARY = '</script><script>alert("s")</script> 摘要'
ATTR_DOUBLE = '"><img src=x onerror=alert(1)>'
ATTR_SINGLE = "' onmouseover='alert(2)"
TEMPLATE = "{{ 7*7 }}{% if true %}模板{% endif %}"

HOSTILE_NOTICE = f"""\
---
type: notice
title: {json.dumps(TITLE, ensure_ascii=False)}
summary: {json.dumps(SUMMARY, ensure_ascii=False)}
date: 2026-11-20
addressee: {json.dumps(ATTR_DOUBLE, ensure_ascii=False)}
issuer: {json.dumps(ATTR_SINGLE, ensure_ascii=False)}
contact: {json.dumps(TEMPLATE, ensure_ascii=False)}
tags: ["<b>标签</b>", "x\\"y"]
screens: [lobby, door]
boards: [notice]
---

正文 {TEMPLATE}，联系人 `<script>alert(3)</script>`。
"""

HOSTILE_EVENT = f"""\
---
type: event
title: "</title><script>alert(5)</script>活动"
date: 2026-11-20
start: 2026-12-01 09:00
place: {json.dumps(ATTR_DOUBLE, ensure_ascii=False)}
organizer: '" onfocus="alert(7)'
signup: "javascript:alert(6)"
screens: [lobby]
boards: [notice]
---

活动正文。
"""

HOSTILE_GONGSHI = """\
---
type: gongshi
title: "公示 ]]><![CDATA[ <x>"
date: 2026-11-20
start: 2026-11-20
days: 7
objection:
  phone: 023-6388 1234
  receiver: "<iframe src=javascript:alert(8)>"
  address: "'\\"><svg onload=alert(9)>"
screens: [lobby]
boards: [notice]
---

公示正文。
"""


class _Scan(HTMLParser):
    """Scripts, attributes and text of one HTML file, as a browser's tokenizer sees them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.attrs: list[tuple[str, str, str]] = []  # (tag, name, value)
        self.tags: list[str] = []
        self.text: list[str] = []
        self._script: dict[str, str | None] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            self.attrs.append((tag, name, value or ""))
        if tag == "script":
            self._script = dict(attrs)
            self.scripts.append((self._script, ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._script = None

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)
        else:
            self.text.append(data)


def _scan(path: Path) -> _Scan:
    scan = _Scan()
    scan.feed(path.read_text(encoding="utf-8"))
    scan.close()
    return scan


def _no_execution(path: Path) -> _Scan:
    scan = _scan(path)
    for attrs, code in scan.scripts:
        if "alert(" in code:
            assert (attrs.get("type") or "").endswith("json"), f"{path}: editor text ran as script: {code[:200]}"
            json.loads(code)  # still one intact JSON value: nothing broke out of it
    for tag, name, value in scan.attrs:
        assert not (name.startswith("on") and "alert(" in value), f"{path}: <{tag} {name}={value!r}>"
        squashed = re.sub(r"[\s\x00-\x1f]", "", value).lower()
        if name in ("href", "src", "action", "formaction", "xlink:href", "content"):
            assert not squashed.startswith(("javascript:", "vbscript:", "data:text/html")), f"{path}: {name}={value!r}"
    assert "iframe" not in scan.tags
    return scan


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201 - conftest.BuiltSite
    from conftest import build_site

    tiny = TinyProject(tmp_path_factory.mktemp("hostile") / "src")
    tiny.add_item("notices/2026-11-20-xss.md", HOSTILE_NOTICE)
    tiny.add_item("events/2026-11-20-event.md", HOSTILE_EVENT)
    tiny.add_item("gongshi/2026-11-20-gongshi.md", HOSTILE_GONGSHI)
    problems = tiny.check()
    assert not problems.errors, [p.format() for p in problems.errors]
    return build_site(tiny.config_file, tiny.root / "site", rasters=True)



@pytest.mark.slow
def test_html_pages_show_editor_text_and_run_none_of_it(hostile_site) -> None:  # noqa: ANN001
    pages = sorted(hostile_site.dir.rglob("*.html"))
    assert len(pages) > 5
    seen_title = False
    for page in pages:
        scan = _no_execution(page)
        if TITLE in "".join(scan.text):
            seen_title = True
        assert "<img src=x" not in page.read_text(encoding="utf-8")
        assert "<iframe" not in page.read_text(encoding="utf-8")
        assert "<svg onload" not in page.read_text(encoding="utf-8")
        assert "49模板" not in "".join(scan.text), f"{page}: template syntax was evaluated"
    assert seen_title
    item_page = hostile_site.dir / "notices" / "2026-11-20-xss" / "index.html"
    text = "".join(_scan(item_page).text)
    for shown in (TITLE, ATTR_DOUBLE, ATTR_SINGLE, "{{ 7*7 }}"):
        assert shown in text, shown
    event = "".join(_scan(hostile_site.dir / "events" / "2026-11-20-event" / "index.html").text)
    assert "javascript:alert(6)" in event  # the sign-up text is shown, not linked


@pytest.mark.slow
def test_feeds_parse_and_carry_the_text(hostile_site) -> None:  # noqa: ANN001
    feed = json.loads((hostile_site.dir / "feed.json").read_text(encoding="utf-8"))
    assert TITLE in [entry["title"] for entry in feed["items"]]
    rss = ET.parse(hostile_site.dir / "feed.xml")
    titles = [node.text for node in rss.iter("title")]
    assert TITLE in titles and "公示 ]]><![CDATA[ <x>" in titles


@pytest.mark.slow
def test_search_index_holds_no_live_markup(hostile_site) -> None:  # noqa: ANN001
    """Material's search renders result titles and text as HTML: they must stay escaped."""
    index = json.loads((hostile_site.dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    for doc in index["docs"]:
        for key in ("title", "text"):
            value = doc.get(key, "")
            assert "<script" not in value and "<img" not in value and "<iframe" not in value, (key, value[:200])
            assert "<svg" not in value, (key, value[:200])


@pytest.mark.slow
def test_playlists_and_player_pages(hostile_site) -> None:  # noqa: ANN001
    for screen in ("lobby", "door"):
        folder = hostile_site.dir / "screens" / screen
        playlist = json.loads((folder / "playlist.json").read_text(encoding="utf-8"))
        titles = [frame.get("title", "") for frame in playlist["frames"]]
        assert TITLE in titles
        _no_execution(folder / "index.html")


@pytest.mark.slow
def test_every_output_file_stays_inside_the_site_with_safe_names(hostile_site) -> None:  # noqa: ANN001
    from generator.urls import _WINDOWS_RESERVED

    root = hostile_site.dir.resolve()
    files = [p for p in hostile_site.dir.rglob("*") if p.is_file()]
    assert any(p.suffix == ".pdf" for p in files) and any("cards" in p.parts for p in files)
    for path in files:
        assert path.resolve().is_relative_to(root)
        for part in path.relative_to(hostile_site.dir).parts:
            assert part.split(".")[0].lower() not in _WINDOWS_RESERVED, path
            assert not re.search(r'[<>:"|?*\x00-\x1f\\]', part), path


# --- refused by board check (fast: no build) ---------------------------------------------------

NOTICE_WITH = "---\ntype: notice\ntitle: 通知\ndate: 2026-11-20\n{extra}---\n\n{body}\n"


@pytest.mark.parametrize("target", ["javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)",
                                    "vbscript:msgbox(1)", "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="])
@pytest.mark.parametrize("where", ["image", "link", "picture", "html"])
def test_script_urls_are_refused(tiny: TinyProject, target: str, where: str) -> None:
    extra, body = "", "正文。"
    if where == "image":
        extra = f"image: {json.dumps(target)}\n"
    elif where == "link":
        body = f"[点击报名](<{target.strip()}>)"
    elif where == "picture":
        body = f"![图](<{target.strip()}>)"
    else:
        body = f'<a href="{target}">点击</a>'
    tiny.add_item("notices/2026-11-20-a.md", NOTICE_WITH.format(extra=extra, body=body))
    errors = tiny.check().errors
    assert errors and errors[0].path == "content/notices/2026-11-20-a.md"
    assert errors[0].line == (5 if where == "image" else 7)


@pytest.mark.parametrize("image", ["../../../etc/passwd", "/etc/passwd", "../../mkdocs.yml",
                                   "..\\..\\mkdocs.yml", "C:\\Windows\\win.ini", "file:///etc/passwd",
                                   "images/%2e%2e/%2e%2e/%2e%2e/mkdocs.yml"])
def test_image_paths_out_of_content_are_refused(tiny: TinyProject, image: str) -> None:
    tiny.add_item("notices/2026-11-20-a.md", NOTICE_WITH.format(extra=f"image: {json.dumps(image)}\n", body="正文"))
    errors = tiny.check().errors
    assert [(e.path, e.line) for e in errors] == [("content/notices/2026-11-20-a.md", 5)], [e.message for e in errors]


@pytest.mark.parametrize("escape", ["\\0", "\\x00", "\\u0000", "\\x1b[2J", "\\u202e"])
def test_control_characters_typed_as_yaml_escapes(tiny: TinyProject, escape: str) -> None:
    """NUL, ESC and friends written as YAML escapes are refused; RTL overrides too."""
    tiny.add_item("notices/2026-11-20-a.md", f'---\ntype: notice\ntitle: "停{escape}水"\ndate: 2026-11-20\n---\n正文\n')
    errors = tiny.check().errors
    assert [(e.path, e.line) for e in errors] == [("content/notices/2026-11-20-a.md", 3)]


@pytest.mark.parametrize("char", ["\x1b", "\x0b", "\x08", "\x7f"])
def test_control_characters_in_the_body_are_refused(tiny: TinyProject, char: str) -> None:
    """They would make feed.xml unreadable (XML forbids them) and are invisible everywhere else."""
    tiny.add_item("notices/2026-11-20-a.md", f"---\ntype: notice\ntitle: 停水\ndate: 2026-11-20\n---\n\n第一行\n第二{char}行\n")
    (error,) = tiny.check().errors
    assert (error.path, error.line) == ("content/notices/2026-11-20-a.md", 8) and "控制字符" in error.message


def test_nul_byte_in_the_file_is_refused(tiny: TinyProject) -> None:
    tiny.add_item("notices/2026-11-20-a.md", "---\ntype: notice\ntitle: 停\x00水\ndate: 2026-11-20\n---\n")
    (error,) = tiny.check().errors
    assert error.line == 3 and "NUL" in error.message


@pytest.mark.parametrize("name", ["CON.md", "nul.md", "Aux.md", "com1.md", "lpt9.notes.md"])
def test_windows_reserved_item_names(tiny: TinyProject, name: str) -> None:
    """The repository must stay checkable-out on an editor's Windows laptop."""
    tiny.add_item(f"notices/{name}", NOTICE_WITH.format(extra="", body="正文"))
    errors = tiny.check().errors
    assert [e.path for e in errors] == [f"content/notices/{name}"]
    assert "Windows" in errors[0].message


@pytest.mark.parametrize("name", ["aux.txt", "PRN", "con.png"])
def test_windows_reserved_attachment_and_folder_names(tiny: TinyProject, name: str) -> None:
    (tiny.content / "notices").mkdir(exist_ok=True)
    (tiny.content / "notices" / name).write_bytes(b"x")
    (tiny.content / "nul").mkdir()
    errors = sorted(e.path for e in tiny.check().errors)
    assert errors == sorted([f"content/notices/{name}", "content/nul"])


@pytest.mark.parametrize("section", ["screens", "boards"])
@pytest.mark.parametrize("key", ["con", "nul", "com1", "lpt1"])
def test_windows_reserved_screen_and_board_ids(tiny: TinyProject, section: str, key: str) -> None:
    """Screen and board ids become folder names (site/screens/<id>/, site/posters/<id>/)."""
    text = tiny.config_file.read_text(encoding="utf-8")
    anchor = "lobby:" if section == "screens" else "notice:"
    tiny.write_config(text.replace(f"        {anchor}", f"        {key}:", 1))
    project = tiny.load()
    problems = [p for p in project.problems.errors if p.path == "mkdocs.yml"]
    assert problems and "Windows" in problems[0].message and problems[0].line > 0
