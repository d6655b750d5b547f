"""The README's quick start stays true: set-up commands on top, every `board` command it names exists."""
from __future__ import annotations

import re

from conftest import REPO
from generator.cli import COMMANDS, build_parser

README = (REPO / "README.md").read_text(encoding="utf-8")
# Described in the README while their engineers are still building them.
PLANNED = {"posters", "push"}


def test_the_two_set_up_commands_stay_near_the_top() -> None:
    first_section = README.split("\n## ")[1]
    assert first_section.startswith("两条命令")
    assert "make build" in first_section and "make test" in first_section


def test_every_board_command_in_the_readme_exists() -> None:
    named = set(re.findall(r"(?<![-\w])board ([a-z][a-z-]*)", README))
    assert {"new", "check", "serve"} <= named
    registered = {c.replace("_", "-") for c in COMMANDS}
    unknown = named - registered - PLANNED
    assert not unknown, f"README names board commands that do not exist: {unknown}"


def test_readme_examples_of_board_new_parse() -> None:
    parser = build_parser()
    for line in re.findall(r"board (new [^\n#`]+)", README):
        args = parser.parse_args(line.split())
        assert args.command == "new"
