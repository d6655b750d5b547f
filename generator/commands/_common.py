"""What every subcommand needs: the project loaded once, "now" resolved once, problems printed."""
from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path

from ..config import ConfigError
from ..lifecycle import TodayError, resolve_now
from ..loader import Project, find_config, load_project
from ..problems import ProblemList


class Abort(Exception):
    """Stop the command with a message for the user and an exit code."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def open_project(args: argparse.Namespace) -> tuple[Project, datetime]:
    """Load config and content; raise Abort(code 2) when the config cannot be used."""
    try:
        config_file = Path(args.config_file) if args.config_file else find_config(Path.cwd())
        project = load_project(config_file)
    except ConfigError as exc:
        raise Abort(str(exc)) from None
    if project is None or project.config.community == "":
        print_problems(project.problems if project else ProblemList(), "text")
        raise Abort("mkdocs.yml 的配置有错误，请按上面的提示修改后再试。")
    try:
        now = resolve_now(args.today, project.config.tz)
    except TodayError as exc:
        raise Abort(str(exc)) from None
    return project, now


def full_check(project: Project, now: datetime) -> ProblemList:
    """Everything `board check` reports; `board build` runs the same before writing anything."""
    from display.coverage import coverage_problems

    from ..archetypes import placeholder_problems
    from ..check import check_project

    problems = check_project(project, now)
    problems.extend(placeholder_problems(project, now))
    problems.extend(coverage_problems(project, now))
    if not problems.errors and project.config.screens:  # items with errors may not render
        from display.longtext import long_text_problems
        from display.loopcheck import loop_problems

        problems.extend(loop_problems(project, now))
        problems.extend(long_text_problems(project, now))
    return problems


def require_no_errors(project: Project, now: datetime, consequence: str) -> ProblemList:
    """Run the full check; on errors print them and stop (exit 1), saying what was not done.

    Returns the problems (warnings only) so that a command can show them too.
    """
    problems = full_check(project, now)
    if problems.errors:
        print_problems(problems, "text")
        raise Abort(f"有 {len(problems.errors)} 个错误，{consequence}", code=1)
    return problems


def show_warnings(problems: ProblemList) -> None:
    """Warnings do not stop a command, but nobody reads what is never printed."""
    if problems.warnings:
        print_problems(ProblemList(problems.warnings), "text")
        say(f"有 {len(problems.warnings)} 个警告（不影响这次生成），请按上面的提示尽快处理。")


def screen_of(project: Project, screen_id: str):  # noqa: ANN201 - generator.config.Screen
    """The screen with this id, or Abort(2) listing the ones mkdocs.yml defines."""
    screens = project.config.screens
    if screen_id not in screens:
        known = "、".join(screens) or "（mkdocs.yml 里还没有定义屏幕）"
        raise Abort(f"没有编号为「{screen_id}」的屏幕；可用的屏幕：{known}")
    return screens[screen_id]


def print_problems(problems: ProblemList, fmt: str, stream=None) -> None:  # noqa: ANN001
    stream = stream or sys.stdout
    if fmt == "json":
        print(problems.to_json(), file=stream)
        return
    for problem in problems.sorted():
        print(problem.github() if fmt == "github" else problem.format(), file=stream)


def say(message: str) -> None:
    print(message, file=sys.stderr)
