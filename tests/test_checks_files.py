"""Every file under content/ is a checked item, a plain page, an asset, or a located warning
saying it will not be published and why; nothing reaches the site behind the loader's back."""
from __future__ import annotations

import gzip

import pytest
from mkdocs.exceptions import Abort

from conftest import NOTICE, TinyProject, run_board

SECRET_DRAFT = """\
---
type: notice
title: 机密草稿不应发布
date: 2027-06-01
draft: true
---
草稿正文 SECRET-WORDS
"""

# (case, file under content/, words the warning must contain; None: published, no warning)
FILE_CASES = [
    (".markdown", "notices/x.markdown", ["不会发布", "x.md"]),
    (".mdown", "notices/x.mdown", ["不会发布", "x.md"]),
    ("upper-case .MD", "notices/x.MD", ["大写", "x.md"]),
    (".md.txt", "notices/x.md.txt", ["不会发布", "x.md"]),
    (".txt", "notices/x.txt", ["不会发布", "x.md"]),
    ("iPhone photo", "publicity/images/x.heic", ["不会发布", "JPEG"]),
    ("unknown type", "notices/x.exe", ["不会发布"]),
    ("picture asset", "publicity/images/x.png", None),
    ("pdf attachment", "notices/x.pdf", None),
    ("private folder", "_drafts/x.md", None),
    ("robots.txt", "robots.txt", None),
]


@pytest.mark.parametrize("name,rel,words", FILE_CASES, ids=[c[0] for c in FILE_CASES])
def test_every_file_is_classified(tiny: TinyProject, name: str, rel: str, words: list[str] | None) -> None:
    path = tiny.content / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if rel.endswith(".png"):
        from PIL import Image

        Image.new("RGB", (4, 4), "white").save(path)
    else:
        path.write_text(SECRET_DRAFT, encoding="utf-8")
    problems = tiny.check()
    mine = [p for p in problems if p.path == f"content/{rel}"]
    if words is None:
        assert not mine, [p.format() for p in mine]
        return
    assert len(mine) == 1 and mine[0].severity.value == "warning", [p.format() for p in problems]
    for word in words:
        assert word in mine[0].message, mine[0].format()


def _published_files(site) -> list[str]:  # noqa: ANN001
    return [p.relative_to(site.dir).as_posix() for p in site.dir.rglob("*") if p.is_file()]


def test_unchecked_files_are_not_in_the_site_nor_the_sitemap(tiny: TinyProject, site_of) -> None:  # noqa: ANN001
    tiny.add_item("notices/ok.md", NOTICE)
    for rel in ("notices/secret.markdown", "notices/secret2.mdown", "notices/secret3.MD",
                "notices/secret4.md.txt", "notices/secret5.txt", "_drafts/secret6.md"):
        tiny.add_item(rel, SECRET_DRAFT)
    site = site_of(tiny)
    assert site.exists("notices/ok/")
    files = _published_files(site)
    assert not [f for f in files if "secret" in f], files
    for name in files:
        if name.endswith((".html", ".xml", ".json", ".txt")):
            assert "SECRET-WORDS" not in site.dir.joinpath(name).read_text(encoding="utf-8"), name
    sitemap = (site.dir / "sitemap.xml").read_text(encoding="utf-8")
    assert "secret" not in sitemap and "notices/ok/" in sitemap
    assert "secret" not in gzip.decompress((site.dir / "sitemap.xml.gz").read_bytes()).decode()


def test_top_level_typed_page_is_an_error_naming_its_folder(tiny: TinyProject, site_of) -> None:  # noqa: ANN001
    tiny.add_item("停水通知.md", NOTICE.replace("date: 2026-11-20", "date: 2026-11-20\ndraft: true"))
    errors = tiny.check().errors
    assert len(errors) == 1, [e.format() for e in errors]
    error = errors[0]
    assert (error.path, error.line, error.field) == ("content/停水通知.md", 2, "type")
    assert "content/notices/" in error.message and "普通页面" in error.message
    assert "停水通知.md" not in tiny.load().pages
    with pytest.raises(Abort):  # `mkdocs build` refuses rather than publishing it unchecked
        site_of(tiny)


def test_top_level_typed_page_never_reaches_the_site_with_board_build(tiny: TinyProject) -> None:
    tiny.add_item("notices/ok.md", NOTICE)
    built = run_board(tiny.root, "build", "--today", "2026-11-29")
    assert built.returncode == 0, built.stderr
    tiny.add_item("停水通知.md", NOTICE.replace("因管道维修", "SECRET-WORDS 因管道维修"))
    result = run_board(tiny.root, "build", "--today", "2026-11-29")
    assert result.returncode == 1
    assert "content/停水通知.md:2" in result.stdout + result.stderr
    site = tiny.root / "site"
    assert not [p for p in site.rglob("*.html") if "SECRET-WORDS" in p.read_text(encoding="utf-8")]
    assert "ting-shui" not in (site / "sitemap.xml").read_text(encoding="utf-8")


def test_plain_top_level_pages_still_publish(tiny: TinyProject, site_of) -> None:  # noqa: ANN001
    tiny.add_item("about.md", "---\ntitle: 关于我们\n---\n# 关于我们\n")
    assert "about.md" in tiny.load().pages
    site = site_of(tiny)
    assert site.exists("about/")
