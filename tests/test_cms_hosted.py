"""The published site's /admin/ with the editorial workflow: a clerk writes, a second person approves.

No Gitea or Forgejo installs from Debian, PyPI or npm on this machine, so the backend is Decap's
own `test-repo` (a repository held in the page, nothing leaves the machine); the forms, the
workflow states and the files written are the same code paths the GitHub/GitLab/Gitea backends
use. The /admin/ folder is what `board build` publishes (generator/cms/site.py), served by a
plain static server as GitHub/GitLab Pages would.
"""
from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from tests.cmsdriver import REPO, Forms
from tests.conftest import serve_folder

pytestmark = [pytest.mark.browser]


@pytest.fixture
def hosted(tmp_path: Path):  # noqa: ANN201
    from generator.cms.site import write_admin
    from generator.loader import load_project

    project = load_project(REPO / "mkdocs.yml")
    assert project is not None
    config = replace(project.config, cms={"backend": "test-repo", "workflow": True})
    write_admin(tmp_path / "site", config, project.root)
    with serve_folder(tmp_path / "site") as base:
        yield base


def test_clerk_saves_for_review_and_the_committee_approves(browser, hosted: str, tiny) -> None:  # noqa: ANN001
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai",
                                  viewport={"width": 1280, "height": 900})
    page = context.new_page()
    outside: list[str] = []
    page.on("request", lambda r: None if r.url.startswith((hosted, "data:", "blob:")) else outside.append(r.url))
    forms = Forms(page, hosted)
    forms.open()

    # the clerk: write, save (a draft), hand it over for review
    forms.new("notice")
    forms.fill("title", "审核测试：楼道消防检查通知")
    forms.fill("date", "2026-11-29")
    forms.fill("summary", "12月3日检查楼道消防设施。")
    forms.choose("screens", "服务中心大厅屏（lobby）")
    forms.body("12月3日上午，物业将逐栋检查楼道消防设施，请配合。")
    forms.submit_for_review()
    assert not _published(page), "nothing goes live before it is approved"

    # the 居务监督委员会: the workflow board lists it under 审核中; approve (就绪) and publish
    page.goto(hosted + "admin/#/workflow")
    card = page.get_by_text("审核测试：楼道消防检查通知").first
    card.wait_for(timeout=30_000)
    card.click()
    page.get_by_role("button", name="状态: 审核中").wait_for(timeout=30_000)
    page.get_by_role("button", name="状态: 审核中").click()
    page.get_by_text("就绪", exact=True).last.click()
    page.get_by_role("button", name="状态: 就绪").wait_for(timeout=30_000)
    page.get_by_role("button", name="发布").first.click()
    page.get_by_text("立即发布").click()
    page.wait_for_function("Object.keys(window.repoFiles || {}).length > 0", timeout=30_000)

    files = _published(page)
    assert list(files) == ["content/notices/2026-11-29-审核测试：楼道消防检查通知.md"]
    # the published file reads back through our loader with the values typed in the form
    tiny.add_item("notices/2026-11-29-审核测试：楼道消防检查通知.md", files[next(iter(files))])
    loaded = tiny.load()
    assert not loaded.problems.errors, [p.format() for p in loaded.problems.errors]
    (item,) = loaded.items
    assert (item.title, item.date.day, item.screens) == ("审核测试：楼道消防检查通知", date(2026, 11, 29), ("lobby",))
    assert item.body.strip() == "12月3日上午，物业将逐栋检查楼道消防设施，请配合。"
    context.close()
    assert not outside, f"the editor reached outside this machine: {outside}"


def _published(page) -> dict[str, str]:  # noqa: ANN001 - playwright Page
    """{path: text} of the files on the test repository's main branch."""
    tree = page.evaluate("JSON.stringify(window.repoFiles || {})")
    out: dict[str, str] = {}

    def walk(node: dict, prefix: str) -> None:
        for name, value in node.items():
            if isinstance(value, dict) and "content" in value and isinstance(value["content"], str):
                out[prefix + name] = value["content"]
            elif isinstance(value, dict):
                walk(value, prefix + name + "/")

    walk(json.loads(tree), "")
    return out
