"""Decap CMS `config.yml` from the content schemas: one collection per content type.

The schemas in generator/model.py are the only description of a content type. Every field of
`schema_for(type)` becomes a form field (widget chosen by the field's class, `required` from the
schema, choices with their Chinese labels, screens and boards from mkdocs.yml, hints from the
archetype's comments), in the archetype's order, so the files the forms save read like the ones
`board new` writes. A schema field this module cannot map raises `FormError`, which the tests
turn into a failure: schema and forms cannot drift apart silently.
"""
from __future__ import annotations

import json
import re
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from ..archetypes import FOLDERS, ArchetypeError, archetype_path, read_archetype
from ..config import SiteConfig
from ..model import TYPES, TargetIds, schema_for
from ..periods import PeriodField
from ..schema import (Boolean, Choice, Day, Field, HoursField, Integer, ListOf, Money, Nested, Phone,
                      Schema, Text, Weekdays, When)
from .hints import archetype_hints

DECAP_VERSION = "3.16.3"

# Short Chinese names for the form labels (the schema's own `label` is a longer explanation,
# used as a hint when the archetype has none). Nested fields are keyed by their dotted path.
LABELS: dict[str, str] = {
    "type": "内容类型", "title": "标题", "date": "发布日期", "expires": "下架日期",
    "issuer": "发布单位", "summary": "摘要", "screens": "在哪些屏幕播放", "boards": "印在哪些公开栏",
    "priority": "紧急程度", "draft": "草稿（不发布）", "tags": "标签", "image": "配图",
    "weekdays": "只在这几天播放", "hours": "只在这些时段播放", "duration": "每屏停留秒数",
    "doc_no": "文号", "contact": "联系方式", "kind": "通知还是通告", "addressee": "通知对象",
    "start": "开始", "end": "结束", "days": "公示天数", "workdays": "按工作日计算天数",
    "objection": "异议受理方式", "objection.phone": "受理电话", "objection.address": "受理地点",
    "objection.receiver": "受理人或机构", "basis": "依据", "category": "公开类别",
    "period": "公开期间", "ledger": "账目", "ledger.opening": "期初余额（元）",
    "ledger.income": "收入", "ledger.expense": "支出", "ledger.closing": "期末余额（元）",
    "ledger.income.date": "日期", "ledger.income.voucher": "凭证号", "ledger.income.item": "摘要",
    "ledger.income.amount": "金额（元）", "ledger.expense.date": "日期",
    "ledger.expense.voucher": "凭证号", "ledger.expense.item": "摘要",
    "ledger.expense.amount": "金额（元）", "prepared_by": "制表人", "reviewed_by": "审核人",
    "place": "地点", "organizer": "主办单位", "audience": "面向谁", "signup": "报名方式",
    "milestones": "工作节点", "milestones.name": "事项", "milestones.due": "完成期限",
    "milestones.status": "进度", "milestones.note": "备注", "target": "目标",
    "honorees": "受表彰的", "honorees.name": "姓名或名称", "honorees.reason": "事迹",
    "method": "调查方式", "valid_responses": "有效问卷数", "results": "调查结果",
    "results.answer": "选项", "results.count": "人数", "results.satisfied": "算作满意",
    "target_rate": "目标满意率（%）", "screen_text": "长正文在屏幕上怎么播",
    "corrects": "更正的是哪一份", "public_numbers": "可以公开的号码",
    # `board withdraw` (撤回)
    "withdrawn": "撤回", "withdrawn_reason": "撤回原因", "withdrawn_at": "撤回时间",
}

# Fields whose value is a moment with a time of day in the forms. Other dates are whole days:
# `expires: 2026-12-05` keeps an item up through the 5th, `end` of a 公示 likewise, and the
# publication `date` names the file (date + title, as `board new` does).
TIMED = {("event", "start"), ("event", "end")}
TIMED_ANY_TYPE = {"withdrawn_at"}
WEEKDAYS = {"mon": "周一", "tue": "周二", "wed": "周三", "thu": "周四", "fri": "周五", "sat": "周六",
            "sun": "周日"}
# Nested fields in the order the archetypes write them (a ledger line reads date, voucher, item, amount).
NESTED_ORDER: dict[str, list[str]] = {
    "ledger": ["opening", "income", "expense", "closing"],
    "ledger.income": ["date", "voucher", "item", "amount"],
    "ledger.expense": ["date", "voucher", "item", "amount"],
    "milestones": ["name", "due", "status", "note"],
}


WORKFLOW_BACKENDS = {"github", "gitlab", "forgejo", "test-repo"}


class FormError(Exception):
    """A schema field has no form widget: the forms would lose it (a developer's error)."""


def _options(choices: Mapping[str, str]) -> list[dict[str, str]]:
    """Chinese labels shown, the schema's keys written."""
    return [{"label": label, "value": key} for key, label in choices.items()]


def widget(field: Field, item_type: str, path: str, config: SiteConfig,
           hints: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The Decap widget settings for one schema field (without name/label/hint/required)."""
    name = path.rsplit(".", 1)[-1]
    if isinstance(field, TargetIds):
        known = config.screens if field.what == "screens" else config.boards
        return {"widget": "select", "multiple": True,
                "options": [{"label": f"{getattr(v, 'name', k)}（{k}）", "value": k} for k, v in known.items()]}
    if isinstance(field, Choice):
        return {"widget": "select", "options": _options(field.choices)}
    if isinstance(field, When):
        if ((item_type, name) in TIMED or name in TIMED_ANY_TYPE) and path == name:
            return {"widget": "datetime", "format": "YYYY-MM-DD HH:mm", "date_format": "YYYY-MM-DD",
                    "time_format": "HH:mm"}
        return {"widget": "datetime", "format": "YYYY-MM-DD", "date_format": "YYYY-MM-DD",
                "time_format": False}
    if isinstance(field, Day):
        return {"widget": "datetime", "format": "YYYY-MM-DD", "date_format": "YYYY-MM-DD",
                "time_format": False}
    if isinstance(field, Money):
        return {"widget": "number", "value_type": "float", "min": 0, "step": 0.01}
    if isinstance(field, Integer):
        out: dict[str, Any] = {"widget": "number", "value_type": "int"}
        if field.min is not None:
            out["min"] = field.min
        if field.max is not None:
            out["max"] = field.max
        return out
    if isinstance(field, Boolean):
        return {"widget": "boolean"}
    if isinstance(field, Phone):
        return {"widget": "string"}
    if isinstance(field, PeriodField):
        return {"widget": "string", "pattern": [r"^\d{4}(-(0?[1-9]|1[0-2])|-[Qq][1-4])?$",
                                                "按月写 2026-10，按季度写 2026-Q3，按年写 2026"]}
    if isinstance(field, Weekdays):
        return {"widget": "select", "multiple": True, "options": _options(WEEKDAYS)}
    if isinstance(field, HoursField):
        return {"widget": "list", "hint": "每个时段写成 07:00-22:00"}
    if isinstance(field, Nested):
        return {"widget": "object", "collapsed": False,
                "fields": _fields(field.schema, item_type, config, hints or {}, path, NESTED_ORDER.get(path))}
    if isinstance(field, ListOf):
        if isinstance(field.item, Nested):
            out = {"widget": "list", "collapsed": False,
                   "fields": _fields(field.item.schema, item_type, config, hints or {}, path,
                                     NESTED_ORDER.get(path))}
        elif isinstance(field.item, Text):
            out = {"widget": "list"}
        else:
            raise FormError(f"{item_type}.{path}: 列表里的 {type(field.item).__name__} 没有对应的表单控件")
        if field.min_items:
            out["min"] = field.min_items
        return out
    if isinstance(field, Text):
        if name == "image":
            return {"widget": "image", "choose_url": False}
        if field.one_line:
            return {"widget": "string"}
        return {"widget": "text"}
    raise FormError(f"{item_type}.{path}: 字段类型 {type(field).__name__} 没有对应的表单控件；"
                    "请在 generator/cms/forms.py 的 widget() 里加上")


def _fields(schema: Schema, item_type: str, config: SiteConfig, hints: Mapping[str, str],
            prefix: str = "", order: list[str] | None = None) -> list[dict[str, Any]]:
    names = list(schema.fields)
    if order:  # the archetype's order first, then the rest in schema order
        names = [n for n in order if n in schema.fields] + [n for n in names if n not in order]
    out = []
    for name in names:
        field = schema.fields[name]
        path = f"{prefix}.{name}" if prefix else name
        spec: dict[str, Any] = {"name": name, "label": LABELS.get(path) or LABELS.get(name) or field.label or name}
        spec.update(widget(field, item_type, path, config, hints))
        hint = hints.get(path) or field.label
        if hint and hint != spec["label"]:
            spec["hint"] = (spec.get("hint", "") + "；" if spec.get("hint") else "") + hint
        spec["required"] = bool(field.required)
        # no form defaults: an absent field already means the schema's default, and leaving it
        # out keeps saved files as short as the ones `board new` writes
        out.append(spec)
    return out


def _archetype_order(item_type: str, root: Path) -> list[str]:
    """Top-level keys in the archetype, commented-out ones included, in their order."""
    try:
        text = read_archetype(archetype_path(item_type, root))
    except ArchetypeError:  # an unreadable archetype only loses the ordering
        return []
    keys = []
    for line in text.splitlines()[1:]:
        if line.strip() == "---":
            break
        match = re.match(r"^(?:#\s?)?([A-Za-z_]\w*):", line)
        if match and match[1] not in keys:
            keys.append(match[1])
    return keys


def collection(item_type: str, config: SiteConfig, root: Path) -> dict[str, Any]:
    """One folder collection: content/<folder>/<date>-<title>.md, YAML front matter + body."""
    schema = schema_for(item_type, config.gongshi_min_days)
    hints = {k: v.replace("{{min_days}}", str(config.gongshi_min_days))
             for k, v in archetype_hints(item_type, root).items()}
    fields = _fields(schema, item_type, config, hints, order=_archetype_order(item_type, root))
    for spec in fields:
        if spec["name"] == "type":  # fixed per collection, written first like the archetype
            spec.update({"widget": "hidden", "default": item_type})
            spec.pop("options", None)
    fields.append({"name": "body", "label": "正文", "widget": "markdown", "required": False,
                   "modes": ["raw", "rich_text"],
                   "hint": "正文；写清楚时间、地点、要做什么、找谁联系"})
    return {
        "name": item_type,
        "label": TYPES[item_type],
        "label_singular": TYPES[item_type],
        "folder": f"{config.content_dir.rstrip('/')}/{FOLDERS[item_type]}",
        "extension": "md",
        "format": "frontmatter",
        "create": True,
        "delete": True,
        # the file name `board new` gives: 2026-11-29-停水通知.md
        "slug": "{{fields.date}}-{{slug}}",
        "identifier_field": "title",
        "summary": "{{date}}　{{title}}",
        "sortable_fields": ["date", "title"],
        "media_folder": "images",  # next to the item, as the archetypes say
        "public_folder": "images",
        "fields": fields,
    }


def backend(config: SiteConfig) -> tuple[dict[str, Any], str]:
    """(backend settings, publish_mode) for the hosted editor, from `board: cms:` in mkdocs.yml."""
    cms = dict(config.cms)
    name = cms.get("backend") or "test-repo"
    out: dict[str, Any] = {"name": name}
    if name != "test-repo":
        for key in ("repo", "branch", "base_url", "api_root", "app_id", "auth_type", "auth_endpoint"):
            if cms.get(key):
                out[key] = cms[key]
        out.setdefault("branch", "main")
        labels = {"create": "新建{{collection}}「{{slug}}」", "update": "修改{{collection}}「{{slug}}」",
                  "delete": "删除{{collection}}「{{slug}}」", "uploadMedia": "上传「{{path}}」",
                  "deleteMedia": "删除「{{path}}」", "openAuthoring": "{{message}}"}
        out["commit_messages"] = labels
        out["cms_label_prefix"] = "board/"
    # Decap's `gitea` backend has no editorial workflow (its `forgejo` backend has): on Gitea
    # the approval is a protected branch instead (README)
    workflow = cms.get("workflow", True) and name in WORKFLOW_BACKENDS
    return out, "editorial_workflow" if workflow else "simple"


def decap_config(config: SiteConfig, root: Path) -> dict[str, Any]:
    """The whole Decap configuration (what /admin/config.yml holds)."""
    backend_settings, mode = backend(config)
    out: dict[str, Any] = {
        "backend": backend_settings,
        "publish_mode": mode,
        "locale": "zh_Hans",
        "media_folder": f"{config.content_dir.rstrip('/')}/images",
        "public_folder": "images",
        "slug": {"encoding": "unicode", "clean_accents": False, "sanitize_replacement": "-"},
        "editor": {"preview": False},
        "collections": [collection(t, config, root) for t in TYPES],
    }
    if config.site_url:
        out["site_url"] = config.site_url
        out["display_url"] = config.site_url
    return out


def config_yaml(config: SiteConfig, root: Path) -> str:
    return settings_yaml(json.dumps(decap_config(config, root), ensure_ascii=False))


@lru_cache(maxsize=4)
def settings_yaml(settings: str) -> str:
    """Decap's config.yml for `decap_config`'s settings given as JSON. Kept: writing the YAML
    costs more than the rest of the form editor, and `board serve` writes it on every rebuild."""
    head = (f"# 由 board build 根据 generator/model.py 的内容结构和 mkdocs.yml 生成（Decap CMS {DECAP_VERSION}），"
            "请不要手工修改。\n")
    return head + yaml.safe_dump(json.loads(settings), allow_unicode=True, sort_keys=False, width=1000)
