"""Reading YAML written by people: line numbers for every value, and no surprises.

PyYAML's safe loader turns `2026-02-30` into a crash, `9:00` into 540 and `12.50` into a
float. Editors' YAML needs none of that: dates stay text (the schema parses them with a good
error), numbers with a decimal point become exact `Decimal`, and every key and list entry
keeps the line it was written on so that errors can point at it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import yaml

Path_ = tuple[str | int, ...]


# libyaml's parser when PyYAML was built with it (every PyPI wheel is): about 3x faster on a few
# thousand files. Resolution and construction stay in Python either way, so behaviour is equal.
_SafeBase = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_SafeBase):  # type: ignore[valid-type,misc]
    """Safe loader without timestamps, sexagesimal numbers or binary floats."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in ("tag:yaml.org,2002:timestamp",)]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _construct_int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    text = loader.construct_scalar(node)
    if ":" in text:  # `9:00` is a time of day, not the number 540
        return text
    return yaml.SafeLoader.construct_yaml_int(loader, node)


def _construct_float(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    text = str(loader.construct_scalar(node)).replace("_", "")
    if ":" in text:
        return text
    try:
        value = Decimal(text)
    except ArithmeticError:
        return text  # .inf / .nan: let the schema say what it expected
    return value if value.is_finite() else text


def _construct_unknown(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    """Tags such as mkdocs-material's `!!python/name:…` are kept as text, never executed."""
    if isinstance(node, yaml.ScalarNode):
        return f"!{suffix}:{loader.construct_scalar(node)}"
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)


_Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)
_Loader.add_constructor("tag:yaml.org,2002:float", _construct_float)


class _TolerantLoader(_Loader):
    """For mkdocs.yml, which may carry `!!python/name:` and `!ENV` tags."""


_TolerantLoader.add_multi_constructor("", _construct_unknown)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", _construct_unknown)


class YamlError(Exception):
    """YAML that cannot be read; `line` is 1-based within the YAML text."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass
class LoadedYaml:
    data: Any
    lines: dict[Path_, int]  # path of a value -> 1-based line of its key (or list entry)

    def line(self, path: Path_, default: int = 1) -> int:
        """The line of `path`, or of its nearest ancestor that has one."""
        p = tuple(path)
        while p:
            if p in self.lines:
                return self.lines[p]
            p = p[:-1]
        return self.lines.get((), default)


_PROBLEM_TEXT = {  # the problem texts of PyYAML's pure-Python parser and of libyaml
    "found character '\\t' that cannot start any token": "用了制表符（Tab）缩进，请改用空格",
    "found character that cannot start any token": "这一行有不能出现在开头的字符（例如 Tab 缩进、@ 或 `）；请改用空格缩进，或给值加上引号",
    "mapping values are not allowed": "这里不能出现冒号；如果值里有英文冒号，请给整个值加上引号",
    "could not find expected ':'": "缺少冒号，字段应写成「名称: 值」",
    "did not find expected ',' or ']'": "方括号 [ ] 没有闭合，或列表各项之间缺少逗号",
    "did not find expected ',' or '}'": "花括号 { } 没有闭合，或各项之间缺少逗号",
    "did not find expected key": "缩进不对齐：同一级的字段要对齐",
    "did not find expected '-' indicator": "缩进不对齐：列表各项（- 开头）要对齐",
    "found undefined alias": "引用了不存在的锚点",
    "found unknown escape character": "双引号里的反斜杠 \\ 用法不对；请改用单引号或去掉反斜杠",
    "expected <block end>, but found": "缩进不对齐",
    "found duplicate anchor": "锚点重复",
}


def _explain(exc: yaml.YAMLError, text: str = "") -> str:
    problem = getattr(exc, "problem", None) or str(exc)
    mark = getattr(exc, "problem_mark", None)
    if mark is not None and "cannot start any token" in problem:
        line = text.splitlines()[mark.line] if mark.line < len(text.splitlines()) else ""
        if "\t" in line[: mark.column + 1]:
            return "用了制表符（Tab）缩进，请改用空格"
    for key, message in _PROBLEM_TEXT.items():
        if problem.startswith(key):
            return message
    return f"YAML 格式错误（{problem}）"


def _located(exc: yaml.MarkedYAMLError, text: str) -> tuple[int, str]:
    """(0-based line, message) of the editor's mistake, which is often before where the parser
    stopped: a key without its colon as the last line (`community 绿苑`) is reported by the
    parser on the line after it, and one followed by another key is read as a two-line text
    that stops at the next line's colon; an unclosed quote is noticed at the end of the file."""
    problem, context = exc.problem or "", exc.context or ""
    if exc.context_mark is not None and (problem.startswith("could not find expected ':'")
                                         or context.startswith("while scanning a quoted scalar")):
        return exc.context_mark.line, _explain(exc, text)
    mark = exc.problem_mark or exc.context_mark
    if mark is None:
        return 0, _explain(exc, text)
    if problem.startswith("mapping values are not allowed"):
        lines = text.splitlines()
        here = lines[mark.line] if mark.line < len(lines) else ""
        before = [n for n in range(mark.line) if lines[n].strip() and not lines[n].lstrip().startswith("#")]
        if before:
            prev = lines[before[-1]]
            indent = len(here) - len(here.lstrip(" "))
            if ":" not in prev.split(" #")[0] and len(prev) - len(prev.lstrip(" ")) == indent \
                    and not prev.lstrip().startswith("- "):
                return before[-1], "缺少冒号，字段应写成「名称: 值」（英文冒号，后面空一格）"
    return mark.line, _explain(exc, text)


def load_yaml(text: str, *, tolerant: bool = False, line_offset: int = 0) -> LoadedYaml:
    """Parse one YAML document, keeping the line of every key.

    `line_offset` is added to every line (front matter starts after the opening `---`).
    Raises YamlError with a 1-based line in the original file.
    """
    loader_cls = _TolerantLoader if tolerant else _Loader
    try:
        loader = loader_cls(text)
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1 + line_offset
        raise YamlError(f"含有不能使用的控制字符（U+{exc.character:04X}），请删除", line) from None
    try:
        node = loader.get_single_node()
        if node is None:
            return LoadedYaml(None, {})
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        line, message = _located(exc, text)
        raise YamlError(message, line + 1 + line_offset) from None
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1 + line_offset
        raise YamlError(f"含有不能使用的控制字符（U+{exc.character:04X}），请删除", line) from None
    except yaml.YAMLError as exc:
        raise YamlError(_explain(exc, text), 1 + line_offset) from None
    except (ValueError, TypeError, RecursionError) as exc:  # e.g. unhashable keys
        raise YamlError(f"YAML 内容无法解析（{exc.__class__.__name__}）", 1 + line_offset) from None
    finally:
        loader.dispose()
    lines: dict[Path_, int] = {(): node.start_mark.line + 1 + line_offset}
    _walk(node, (), lines, line_offset, 0)
    return LoadedYaml(data, lines)


def _walk(node: yaml.Node, path: Path_, lines: dict[Path_, int], offset: int, depth: int) -> None:
    if depth > 50:
        return
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                continue
            key: str | int = key_node.value
            sub = path + (key,)
            lines.setdefault(sub, key_node.start_mark.line + 1 + offset)
            _walk(value_node, sub, lines, offset, depth + 1)
    elif isinstance(node, yaml.SequenceNode):
        for index, child in enumerate(node.value):
            sub = path + (index,)
            lines.setdefault(sub, child.start_mark.line + 1 + offset)
            _walk(child, sub, lines, offset, depth + 1)


_FENCE = re.compile(r"^---[ \t]*$")


@dataclass
class FrontMatter:
    yaml_text: str | None  # None when the file has no front matter block
    yaml_first_line: int  # 1-based line of the first YAML line
    body: str
    body_first_line: int
    unclosed: bool = False


def split_front_matter(text: str) -> FrontMatter:
    """Split `---\\n yaml \\n---\\n body`. Tolerates CRLF line endings."""
    lines = text.splitlines(keepends=True)
    if not lines or not _FENCE.match(lines[0].rstrip("\r\n")):
        return FrontMatter(None, 1, text, 1)
    for index in range(1, len(lines)):
        stripped = lines[index].rstrip("\r\n")
        if _FENCE.match(stripped) or stripped == "...":
            return FrontMatter(
                "".join(lines[1:index]), 2, "".join(lines[index + 1 :]), index + 2
            )
    return FrontMatter("".join(lines[1:]), 2, "", len(lines) + 1, unclosed=True)
