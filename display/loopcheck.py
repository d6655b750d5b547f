"""`board check`'s warning for a screen whose rotation takes too long to come round.

Why in `display`: the length of a loop depends on how many pages each item's slides take, and
only the slide renderer knows that. Counts come from the render cache, or from laying the slide
out with the renderer's own code without drawing it, so they are exact and the check stays
cheap; the build draws the frames (display.prerender draws them while MkDocs builds pages).
"""
from __future__ import annotations

from datetime import datetime

from generator.config import option_line
from generator.loader import Project
from generator.problems import Problem, Severity

from .rotation import LoopReport, longest_loop
from .screens import default_cache_dir, screen_entries, window


def loop_reports(project: Project, now: datetime) -> list[LoopReport]:
    """The longest loop of every screen over the playlists' window (now + 7 days).

    Slides are laid out in this process, not in a pool: the layouts stay in the process's
    memo (`display.layout.fit`), where the long-text check finds the same bodies already
    fitted and the background drawing of a cold build (display.prerender, forked after the
    check) finds every slide's layout, instead of each laying them out again."""
    config = project.config
    start, end = window(now)
    out = []
    for sid, screen in config.screens.items():
        entries = screen_entries(project.items, config, now, sid, root=project.root,
                                 cache_dir=default_cache_dir(project.root), workers=1)
        out.append(longest_loop(entries, share=screen.urgent_share, tz=config.tz, start=start,
                                end=end, screen_hours=[str(h) for h in screen.hours], screen=sid,
                                name=screen.name, limit_minutes=screen.max_loop_minutes))
    return out


def loop_problems(project: Project, now: datetime) -> list[Problem]:
    """A warning per screen whose loop is longer than its `max_loop_minutes`."""
    problems = []
    path = project.config_file.name
    for report in loop_reports(project, now):
        if report.too_long:
            line = option_line(project.config_file, "screens", report.screen, "max_loop_minutes")
            problems.append(Problem(path, line, Severity.WARNING, report.message(),
                                    f"plugins.board.screens.{report.screen}.max_loop_minutes"))
    return problems
