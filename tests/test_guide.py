"""The editors' guide and the schema agree: every example in docs/guide.md checks clean."""
from __future__ import annotations

import re

import pytest

from conftest import REPO, TinyProject
from generator.model import TYPES

GUIDE = (REPO / "docs" / "guide.md").read_text(encoding="utf-8")
EXAMPLES = re.findall(r"```yaml\n(---\n.*?\n---\n)(.*?)```", GUIDE, re.S)


def test_guide_has_an_example_per_type() -> None:
    types = {re.search(r"^type: (\w+)", example, re.M)[1] for example, _ in EXAMPLES}
    assert types == set(TYPES)


@pytest.mark.parametrize("front,body", EXAMPLES, ids=[re.search(r"^type: (\w+)", e, re.M)[1] for e, _ in EXAMPLES])
def test_guide_example_validates(tiny: TinyProject, front: str, body: str) -> None:
    front = front.replace("image: images/sorting-bins.png", "")
    tiny.add_item("examples/example.md", front + body)
    errors = tiny.check().errors
    assert not errors, "\n".join(e.format() for e in errors)
