"""A tiny DOM over html.parser, so site tests assert on structure instead of regexes.

Why not BeautifulSoup: one less dependency; the tests only need find/find_all/text.
"""
from __future__ import annotations

from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


class Node:
    def __init__(self, tag: str, attrs: dict[str, str | None], parent: "Node | None" = None) -> None:
        self.tag = tag
        self.attrs = attrs
        self.parent = parent
        self.children: list[Node | str] = []

    def iter(self) -> Iterator["Node"]:
        for child in self.children:
            if isinstance(child, Node):
                yield child
                yield from child.iter()

    @property
    def classes(self) -> list[str]:
        return (self.attrs.get("class") or "").split()

    def matches(self, tag: str | None = None, cls: str | None = None, **attrs: str | bool) -> bool:
        if tag is not None and self.tag != tag:
            return False
        if cls is not None and cls not in self.classes:
            return False
        for name, want in attrs.items():
            name = name.rstrip("_").replace("_", "-")
            if want is True:
                if name not in self.attrs:
                    return False
            elif self.attrs.get(name) != want:
                return False
        return True

    def find_all(self, tag: str | None = None, cls: str | None = None, **attrs: str | bool) -> list["Node"]:
        return [n for n in self.iter() if n.matches(tag, cls, **attrs)]

    def find(self, tag: str | None = None, cls: str | None = None, **attrs: str | bool) -> "Node | None":
        found = self.find_all(tag, cls, **attrs)
        return found[0] if found else None

    def one(self, tag: str | None = None, cls: str | None = None, **attrs: str | bool) -> "Node":
        found = self.find(tag, cls, **attrs)
        assert found is not None, f"no <{tag} class={cls} {attrs}>"
        return found

    @property
    def text(self) -> str:
        out = []
        for child in self.children:
            out.append(child if isinstance(child, str) else child.text)
        return "".join(out)

    def __repr__(self) -> str:
        return f"<{self.tag} {self.attrs}>"


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.cur = self.root

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, dict(attrs), self.cur)
        self.cur.children.append(node)
        if tag not in VOID:
            self.cur = node

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.cur.children.append(Node(tag, dict(attrs), self.cur))

    def handle_endtag(self, tag: str) -> None:
        node = self.cur
        while node is not self.root and node.tag != tag:
            node = node.parent  # type: ignore[assignment]
        if node is not self.root:
            self.cur = node.parent  # type: ignore[assignment]

    def handle_data(self, data: str) -> None:
        self.cur.children.append(data)


def parse(html: str) -> Node:
    builder = _Builder()
    builder.feed(html)
    builder.close()
    return builder.root


def parse_file(path: Path) -> Node:
    return parse(path.read_text(encoding="utf-8"))
