"""Reading YAML written by people: line numbers for every value, and no surprises.

PyYAML's safe loader turns `2026-02-30` into a crash, `9:00` into 540 and `12.50` into a
float. Editors' YAML needs none of that: dates stay text (the schema parses them with a good
error), numbers with a decimal point become exact `Decimal`, and every key and list entry
keeps the line it was written on so that errors can point at it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import yaml

from .yamlmistakes import GENERIC, cut_comment, duplicate_key, explain, split_by_comma

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


@dataclass(frozen=True)
class YamlNote:
    """YAML that parsed, but not into what was typed: a cut comment, a split value, a repeated key."""

    line: int  # 1-based line in the original file
    message: str
    path: Path_
    kind: str = "duplicate"  # duplicate | comment (a ` #` cut a text) | comma (a comma split a value)


@dataclass
class LoadedYaml:
    data: Any
    lines: dict[Path_, int]  # path of a value -> 1-based line of its key (or list entry)
    notes: list[YamlNote] = field(default_factory=list)
    spans: dict[Path_, tuple[int, int]] = field(default_factory=dict)  # scalar -> first, last line

    def line(self, path: Path_, default: int = 1) -> int:
        """The line of `path`, or of its nearest ancestor that has one."""
        p = tuple(path)
        while p:
            if p in self.lines:
                return self.lines[p]
            p = p[:-1]
        return self.lines.get((), default)


def load_yaml(text: str, *, tolerant: bool = False, line_offset: int = 0,
              check_text: bool | None = None) -> LoadedYaml:
    """Parse one YAML document, keeping the line of every key.

    `line_offset` is added to every line (front matter starts after the opening `---`).
    Raises YamlError with a 1-based line in the original file and a Chinese message. Problems
    that parse but would not keep what was typed are returned as `notes`: repeated keys always;
    comments that cut a text and commas that split a value in `{…}` when `check_text` (by
    default unless `tolerant`: most of mkdocs.yml is not ours to judge).
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
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1 + line_offset
        raise YamlError(f"含有不能使用的控制字符（U+{exc.character:04X}），请删除", line) from None
    except yaml.YAMLError as exc:
        index, message = explain(exc, text)
        raise YamlError(message, index + 1 + line_offset) from None
    except (ValueError, TypeError, RecursionError):  # e.g. unhashable keys
        raise YamlError(GENERIC, 1 + line_offset) from None
    finally:
        loader.dispose()
    walk = _Walk(text.splitlines(), line_offset, check_text=not tolerant if check_text is None else check_text)
    walk.lines[()] = node.start_mark.line + 1 + line_offset
    walk.node(node, (), 0)
    return LoadedYaml(data, walk.lines, walk.notes, walk.spans)


class _Walk:
    """One pass over the composed nodes: lines of keys, spans of scalars, and notes."""

    def __init__(self, source: list[str], offset: int, *, check_text: bool) -> None:
        self.source = source
        self.offset = offset
        self.check_text = check_text
        self.lines: dict[Path_, int] = {}
        self.spans: dict[Path_, tuple[int, int]] = {}
        self.notes: list[YamlNote] = []

    def node(self, node: yaml.Node, path: Path_, depth: int) -> None:
        if depth > 50:
            return
        if isinstance(node, yaml.MappingNode):
            self.mapping(node, path, depth)
        elif isinstance(node, yaml.SequenceNode):
            for index, child in enumerate(node.value):
                sub = path + (index,)
                self.lines.setdefault(sub, child.start_mark.line + 1 + self.offset)
                self.node(child, sub, depth + 1)
        elif isinstance(node, yaml.ScalarNode):
            self.scalar(node, path)

    def mapping(self, node: yaml.MappingNode, path: Path_, depth: int) -> None:
        seen: dict[str, int] = {}
        previous: tuple[yaml.ScalarNode, yaml.Node] | None = None
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                previous = None
                continue
            key: str | int = key_node.value
            sub = path + (key,)
            line = key_node.start_mark.line + 1 + self.offset
            if key_node.value in seen:
                self.notes.append(YamlNote(line, duplicate_key(key_node.value, seen[key_node.value]), sub))
            else:
                seen[key_node.value] = line
            if self.check_text and node.flow_style and previous is not None and self._no_colon(key_node, value_node):
                prev_key, prev_value = previous
                if isinstance(prev_value, yaml.ScalarNode) and not prev_value.style:
                    joined = (self._between(prev_value.start_mark, key_node.end_mark)
                              or f"{prev_value.value}, {key_node.value}")
                    message = split_by_comma(prev_key.value, prev_value.value, key_node.value, joined)
                    self.notes.append(YamlNote(line, message, path + (prev_key.value,), "comma"))
            self.lines.setdefault(sub, line)
            self.node(value_node, sub, depth + 1)
            previous = (key_node, value_node)

    def scalar(self, node: yaml.ScalarNode, path: Path_) -> None:
        first = node.start_mark.line + 1 + self.offset
        self.spans[path] = (first, node.end_mark.line + 1 + self.offset)
        if not self.check_text or node.style or not node.value or not path:
            return
        row = node.end_mark.line
        rest = self.source[row][node.end_mark.column:] if row < len(self.source) else ""
        message = cut_comment(dotted_key(path), node.value, rest, list_entry=isinstance(path[-1], int))
        if message:
            self.notes.append(YamlNote(row + 1 + self.offset, message, path, "comment"))

    def _no_colon(self, key_node: yaml.ScalarNode, value_node: yaml.Node) -> bool:
        """`{item: 扫帚, 垃圾袋}`: 垃圾袋 is a key with no `:` and no value after it."""
        if not (isinstance(value_node, yaml.ScalarNode) and value_node.value == ""
                and value_node.tag.endswith(":null")):
            return False
        row, column = key_node.end_mark.line, key_node.end_mark.column
        after = self.source[row][column:] if row < len(self.source) else ""
        return not after.lstrip().startswith(":")

    def _between(self, start: yaml.Mark, end: yaml.Mark) -> str:
        if start.line == end.line and start.line < len(self.source):
            return self.source[start.line][start.column:end.column]
        return ""


def dotted_key(path: Path_) -> str:
    """The last named key of a path, for messages (`ledger.income[0].item` → `item`)."""
    names = [part for part in path if isinstance(part, str)]
    return names[-1] if names else ""


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
