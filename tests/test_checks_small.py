"""The smaller issue-13 cases: `board new` synonyms, expired-item warnings that do not pile up,
and mkdocs.yml / front-matter YAML mistakes reported on the line that has them."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import NOTICE, TinyProject
from generator.cli import main


# (what the clerk typed, folder, field, value written)
PRESET_CASES = [
    ("党务公开", "disclosure", "category", "party"),
    ("党务", "disclosure", "category", "party"),
    ("居务公开", "disclosure", "category", "affairs"),
    ("通告", "notices", "kind", "通告"),
    ("通知", "notices", "kind", "通知"),
    ("disclosure", "disclosure", "category", "affairs"),  # the template's default stays
]


@pytest.mark.parametrize("typed,folder,field,value", PRESET_CASES, ids=[c[0] for c in PRESET_CASES])
def test_board_new_synonyms_set_what_they_say(tiny: TinyProject, capsys: pytest.CaptureFixture[str],
                                              typed: str, folder: str, field: str, value: str) -> None:
    rc = main(["new", typed, "--title", "测试", "-f", str(tiny.config_file), "--today", "2026-11-29"])
    out, err = capsys.readouterr()
    assert rc == 0, err
    path = Path(out.strip())
    path = path if path.is_absolute() else Path.cwd() / path
    assert path.parent.name == folder
    front = yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])
    assert front[field] == value


# (case, expired on, warned on 2026-11-29?)
EXPIRY_CASES = [
    ("expired yesterday", "2026-11-28", True),
    ("expired 29 days ago", "2026-10-31", True),
    ("expired 31 days ago", "2026-10-29", False),
    ("expired last year", "2025-11-01", False),
    ("not expired", "2026-12-10", False),
]


@pytest.mark.parametrize("name,expires,warned", EXPIRY_CASES, ids=[c[0] for c in EXPIRY_CASES])
def test_expired_warnings_only_for_the_last_30_days(tiny: TinyProject, name: str, expires: str,
                                                     warned: bool) -> None:
    tiny.add_item("notices/a.md", NOTICE.replace("date: 2026-11-20", f"date: 2025-10-01\nexpires: {expires}"))
    found = [w for w in tiny.check().warnings if w.field == "expires"]
    assert bool(found) == warned, [w.format() for w in found]


# (case, text with the mistake on `line`, words)
CONFIG_CASES = [
    ("key without colon, last line", "      community 测试社区居民委员会\n", ["冒号"]),
    ("key without colon, another key follows", "      community 测试社区居民委员会\n      address: 绿苑路\n", ["冒号"]),
]


@pytest.mark.parametrize("name,inserted,words", CONFIG_CASES, ids=[c[0] for c in CONFIG_CASES])
def test_mkdocs_yml_mistakes_on_their_own_line(tiny: TinyProject, name: str, inserted: str,
                                               words: list[str]) -> None:
    from generator.config import load_site_config
    from generator.problems import ProblemList

    text = tiny.config_file.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    at = next(n for n, line in enumerate(lines) if line.strip().startswith("community:"))
    del lines[at]
    if "another" not in name:  # put it last, as the board section's final line
        at = len(lines)
    lines[at:at] = [inserted]
    tiny.write_config("".join(lines))
    problems = ProblemList()
    assert load_site_config(tiny.config_file, problems, tiny.root) is None
    assert problems and problems[0].line == at + 1, problems[0].format()
    for word in words:
        assert word in problems[0].message


def test_front_matter_key_without_colon_is_on_its_line(tiny: TinyProject) -> None:
    tiny.add_item("notices/a.md", NOTICE.replace("title: 停水通知", "title 停水通知"))
    errors = tiny.check().errors
    assert errors and errors[0].line == 3 and "冒号" in errors[0].message, errors[0].format()
