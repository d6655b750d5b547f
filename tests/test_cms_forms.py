"""The form editor's configuration is generated from the content schemas: no drift possible.

Every field of every type's schema (nested ones too) is a form field with the schema's
`required`, and the forms have no field the schema lacks; a new schema field shows up in the
forms by itself, and one of a kind the forms cannot show fails loudly.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from generator import model
from generator.cms.forms import LABELS, FormError, collection, decap_config
from generator.schema import Field, ListOf, Nested, Schema, Text
from tests.cmsdriver import REPO


@pytest.fixture(scope="module")
def sample():  # noqa: ANN201
    from generator.loader import load_project

    project = load_project(REPO / "mkdocs.yml")
    assert project is not None
    return project


def _compare(schema: Schema, fields: list[dict[str, Any]], where: str) -> None:
    by_name = {f["name"]: f for f in fields}
    assert set(by_name) == set(schema.fields), f"{where}: form and schema differ"
    for name, field in schema.fields.items():
        spec = by_name[name]
        assert spec["required"] is bool(field.required), f"{where}.{name}: required differs"
        assert spec["label"] and not spec["label"].isascii(), f"{where}.{name}: no Chinese label"
        inner = field.item if isinstance(field, ListOf) else field
        if isinstance(inner, Nested):
            _compare(inner.schema, spec["fields"], f"{where}.{name}")


@pytest.mark.parametrize("item_type", list(model.TYPES))
def test_every_schema_field_is_a_form_field_and_nothing_else(sample, item_type: str) -> None:  # noqa: ANN001
    spec = collection(item_type, sample.config, sample.root)
    fields = [f for f in spec["fields"] if f["name"] != "body"]
    _compare(model.schema_for(item_type, 5), fields, item_type)
    assert spec["folder"] == f"content/{__import__('generator.archetypes', fromlist=['FOLDERS']).FOLDERS[item_type]}"
    assert spec["slug"] == "{{fields.date}}-{{slug}}"  # 2026-11-29-停水通知.md, as board new names it
    assert fields[0] == {"name": "type", "label": "内容类型", "widget": "hidden", "required": True,
                         "default": item_type}


def test_a_new_schema_field_appears_in_the_form_by_itself(sample, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setitem(model.SPECIFIC, "notice", {**model.SPECIFIC["notice"],
                                                   "withdrawn_reason": Text(label="撤回的原因")})
    fields = {f["name"]: f for f in collection("notice", sample.config, sample.root)["fields"]}
    assert fields["withdrawn_reason"]["widget"] == "text"
    assert fields["withdrawn_reason"]["label"] == "撤回原因"


def test_a_field_the_forms_cannot_show_fails_loudly(sample, monkeypatch) -> None:  # noqa: ANN001
    class Strange(Field):
        pass

    monkeypatch.setitem(model.SPECIFIC, "notice", {**model.SPECIFIC["notice"], "strange": Strange()})
    with pytest.raises(FormError, match="notice.strange"):
        collection("notice", sample.config, sample.root)


def test_widgets_for_the_domain(sample) -> None:  # noqa: ANN001
    forms = {c["name"]: {f["name"]: f for f in c["fields"]} for c in decap_config(sample.config, sample.root)["collections"]}
    # screens and boards: a multi-select of those in mkdocs.yml, with their Chinese names
    screens = forms["notice"]["screens"]
    assert screens["widget"] == "select" and screens["multiple"] is True
    assert screens["options"] == [{"label": "服务中心大厅屏（lobby）", "value": "lobby"},
                                  {"label": "东门门头屏（door）", "value": "door"}]
    assert [o["value"] for o in forms["event"]["boards"]["options"]] == list(sample.config.boards)
    # choices carry their Chinese labels, the value written stays the schema's key
    assert forms["notice"]["priority"]["options"] == [{"label": "普通", "value": "normal"},
                                                      {"label": "紧急", "value": "urgent"}]
    assert {o["value"]: o["label"] for o in forms["disclosure"]["category"]["options"]} == model.CATEGORIES
    # the ledger: opening, income and expense as lists of (date, voucher, item, amount), closing
    ledger = forms["finance"]["ledger"]
    assert [f["name"] for f in ledger["fields"]] == ["opening", "income", "expense", "closing"]
    income = ledger["fields"][1]
    assert income["widget"] == "list" and [f["name"] for f in income["fields"]] == ["date", "voucher", "item", "amount"]
    amount = income["fields"][3]
    assert (amount["widget"], amount["value_type"], amount["required"]) == ("number", "float", True)
    # 公示: period and the objection channel; events: times of day; plans: milestones
    assert forms["gongshi"]["objection"]["widget"] == "object"
    assert [f["name"] for f in forms["gongshi"]["objection"]["fields"]] == ["phone", "address", "receiver"]
    assert forms["gongshi"]["end"]["time_format"] is False
    assert forms["event"]["start"]["format"] == "YYYY-MM-DD HH:mm"
    assert forms["event"]["place"]["required"] is True
    status = {f["name"]: f for f in forms["plan"]["milestones"]["fields"]}["status"]
    assert status["options"] == [{"label": "未开始", "value": "todo"}, {"label": "进行中", "value": "doing"},
                                 {"label": "已完成", "value": "done"}]
    # images go to the item's own images/ folder, as the archetypes say
    assert forms["publicity"]["image"]["widget"] == "image"
    pub = next(c for c in decap_config(sample.config, sample.root)["collections"] if c["name"] == "publicity")
    assert (pub["media_folder"], pub["public_folder"]) == ("images", "images")


def test_hints_come_from_the_archetypes(sample, tmp_path: Path) -> None:  # noqa: ANN001
    fields = {f["name"]: f for f in collection("finance", sample.config, sample.root)["fields"]}
    assert fields["title"]["hint"] == "标题，如「2026年10月社区财务收支公开」"
    opening = fields["ledger"]["fields"][0]
    assert opening["hint"] == "期初余额（就是上一期的期末余额）"
    gongshi = {f["name"]: f for f in collection("gongshi", sample.config, sample.root)["fields"]}
    assert gongshi["days"]["hint"] == "公示天数，至少 5 天"  # {{min_days}} from mkdocs.yml
    # a community's own archetype changes its forms' hints
    own = tmp_path / "archetypes"
    own.mkdir()
    text = (REPO / "archetypes" / "notice.md").read_text(encoding="utf-8")
    (own / "notice.md").write_text(text.replace("# 通知对象，如「3栋、4栋居民」", "# 写给谁看，如「全体党员」"),
                                   encoding="utf-8")
    notice = {f["name"]: f for f in collection("notice", sample.config, tmp_path)["fields"]}
    assert notice["addressee"]["hint"] == "写给谁看，如「全体党员」"


def test_every_label_is_chinese() -> None:
    assert all(not label.isascii() for label in LABELS.values())


def test_hosted_backend_from_mkdocs_yml(sample) -> None:  # noqa: ANN001
    from dataclasses import replace

    config = replace(sample.config, cms={"backend": "forgejo", "repo": "lvyuan/board",
                                         "base_url": "https://git.example.org",
                                         "api_root": "https://git.example.org/api/v1",
                                         "app_id": "abc", "workflow": True})
    out = decap_config(config, sample.root)
    assert out["backend"]["name"] == "forgejo" and out["backend"]["repo"] == "lvyuan/board"
    assert out["backend"]["branch"] == "main" and out["publish_mode"] == "editorial_workflow"
    assert out["locale"] == "zh_Hans"
    assert out["backend"]["commit_messages"]["create"] == "新建{{collection}}「{{slug}}」"


def test_gitea_has_no_editorial_workflow_in_decap(sample) -> None:  # noqa: ANN001
    from dataclasses import replace

    for backend, mode in [("gitea", "simple"), ("forgejo", "editorial_workflow"), ("gitlab", "editorial_workflow")]:
        config = replace(sample.config, cms={"backend": backend, "repo": "a/b", "workflow": True})
        assert decap_config(config, sample.root)["publish_mode"] == mode


def test_published_site_carries_admin_only_once_configured(tiny, site_of) -> None:  # noqa: ANN001
    import json as _json

    tiny.add_item("notices/2026-11-20-停水通知.md", "---\ntype: notice\ntitle: 停水通知\ndate: 2026-11-20\n---\n\n正文。\n")
    assert not site_of(tiny).exists("admin/")  # nothing configured: no editor on the public site
    config = tiny.config_file.read_text(encoding="utf-8")
    tiny.write_config(config.replace("      gongshi_min_days: 5\n", "      gongshi_min_days: 5\n"
                                     "      cms: {backend: gitlab, repo: lvyuan/board, app_id: abc, auth_type: pkce}\n"))
    site = site_of(tiny)
    page = site.file("admin/").read_text(encoding="utf-8")
    start = page.index("var config = ") + len("var config = ")
    embedded = _json.JSONDecoder().raw_decode(page[start:])[0]
    assert embedded["backend"]["name"] == "gitlab" and embedded["publish_mode"] == "editorial_workflow"
    assert [c["name"] for c in embedded["collections"]] == list(model.TYPES)
    assert (site.dir / "admin" / "config.yml").is_file() and (site.dir / "admin" / "decap-cms.js").is_file()
    assert (site.dir / "admin" / "LICENSE").read_text(encoding="utf-8").startswith("Copyright (c) 2016 Netlify")
    assert not (site.dir / "admin" / "VENDOR.md").exists()
