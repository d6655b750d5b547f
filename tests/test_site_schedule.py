"""`board next-change` knows every calendar flip the website shows, not only items' windows."""
from __future__ import annotations

from generator.lifecycle import resolve_now
from generator.web.schedule import next_site_change, site_changes
from tests.conftest import REPO


def _sample():  # noqa: ANN202
    from generator.loader import load_project

    project = load_project(REPO / "mkdocs.yml")
    assert project is not None
    return project


def test_sample_next_change_lists_all_reasons() -> None:
    project = _sample()
    now = resolve_now("2026-11-29", project.config.tz)
    moment, reasons = next_site_change(project.items, project.config, now)
    assert moment.isoformat() == "2026-12-01T00:00:00+08:00"
    text = "\n".join(reasons)
    assert "计划节点逾期：检查验收" in text  # due 2026-11-30 and not done
    assert "公开目录「社区财务收支」2026年11月：本期结束" in text
    assert "首页「本月公开」换到 2026年12月" in text


def test_event_start_and_catalog_deadline_are_changes() -> None:
    project = _sample()
    now = resolve_now("2026-12-13T08:00", project.config.tz)
    reasons = [r for when, r in site_changes(project.items, project.config, now)
               if when.isoformat() == "2026-12-13T09:00:00+08:00"]
    assert any(r.startswith("活动开始：旧物交换集市") for r in reasons)
    deadline = [when for when, r in site_changes(project.items, project.config, now) if "超过公开期限" in r]
    assert deadline and deadline[0].isoformat() == "2026-12-16T00:00:00+08:00"


def test_next_change_command_prints_iso(tiny, capsys) -> None:  # noqa: ANN001
    from generator.cli import main

    assert main(["next-change", "-f", str(tiny.config_file), "--today", "2026-11-29", "--iso"]) == 0
    assert capsys.readouterr().out.strip() == "2026-12-01T00:00:00+08:00"
