"""The README's pictures of the form editor (/admin/), taken from Debian's chromium.

- cms-list.png: the editor on the clerk's PC (`board serve` on a copy of the sample): the
  collections and the notices already in content/;
- cms-finance.png: the finance form with a three-line ledger typed in;
- cms-workflow.png: the hosted editor's workflow board (editorial workflow, Decap's test-repo
  standing in for GitHub/GitLab/Gitea), one notice waiting for the committee's approval.

Chromium finds the project's own Noto Sans CJK (theme/fonts) through a temporary fontconfig
file, so the pictures do not depend on the fonts installed on this machine.

Usage: .venv/bin/python scripts/cms_screenshots.py [--out docs/screenshots]
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.cmsdriver import Forms, board_serve, sample_copy  # noqa: E402
from tests.conftest import CHROMIUM_ARGS, chromium_path, serve_folder  # noqa: E402

FONTS_CONF = """<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><include ignore_missing="yes">/etc/fonts/fonts.conf</include><dir>{fonts}</dir></fontconfig>
"""


def _shot(page, path: Path) -> None:  # noqa: ANN001 - playwright Page
    page.screenshot(path=str(path))
    from PIL import Image

    image = Image.open(path)
    image.convert("RGB").quantize(colors=128).save(path, optimize=True)
    print(f"{path.relative_to(REPO)}: {path.stat().st_size // 1024} KB")


def local(browser, out: Path, work: Path) -> None:  # noqa: ANN001
    project = sample_copy(work / "community")
    with board_serve(project) as base:
        context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai",
                                      viewport={"width": 1280, "height": 800})
        page = context.new_page()
        forms = Forms(page, base)
        forms.open()
        page.goto(base + "admin/#/collections/notice")
        page.get_by_text("12月2日3至6栋临时停水通知").first.wait_for(timeout=60_000)
        _shot(page, out / "cms-list.png")
        forms.new("finance")
        forms.fill("title", "2026年11月专项资金收支公开")
        forms.fill("period", "2026-11")
        forms.fill("date", "2026-11-29")
        forms.fill("prepared_by", "程洪")
        forms.fill("reviewed_by", "社区居务监督委员会 李明")
        forms.ledger("1000.50", [
            ("2026-11-03", "专-01", "街道拨付专项资金", "5000", "收入"),
            ("2026-11-20", "专-02", "义卖收入", "320.25", "收入"),
            ("2026-11-25", "专-03", "楼道灭火器更换", "1830.40", "支出"),
        ], "4490.35")
        page.locator('[id^="opening-field-"]').first.scroll_into_view_if_needed()
        page.mouse.wheel(0, 120)
        page.wait_for_timeout(500)
        _shot(page, out / "cms-finance.png")
        context.close()


def hosted(browser, out: Path, work: Path) -> None:  # noqa: ANN001
    from generator.cms.site import write_admin
    from generator.loader import load_project

    project = load_project(REPO / "mkdocs.yml")
    assert project is not None
    write_admin(work / "site", replace(project.config, cms={"backend": "test-repo", "workflow": True}), REPO)
    with serve_folder(work / "site") as base:
        context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai",
                                      viewport={"width": 1280, "height": 640})
        page = context.new_page()
        forms = Forms(page, base)
        forms.open()
        forms.new("notice")
        forms.fill("title", "12月3日楼道消防检查通知")
        forms.fill("date", "2026-11-29")
        forms.body("12月3日上午，物业将逐栋检查楼道消防设施，请配合。")
        forms.submit_for_review()
        page.goto(base + "admin/#/workflow")
        page.get_by_text("12月3日楼道消防检查通知").first.wait_for(timeout=30_000)
        page.wait_for_timeout(1500)
        _shot(page, out / "cms-workflow.png")
        context.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "fonts.conf").write_text(FONTS_CONF.format(fonts=REPO / "theme" / "fonts"), encoding="utf-8")
        os.environ["FONTCONFIG_FILE"] = str(work / "fonts.conf")
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS,
                                        env=dict(os.environ))
            local(browser, args.out, work)
            hosted(browser, args.out, work)
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
