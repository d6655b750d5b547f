"""Progress for long commands (`build`, `slides`, `posters`, `push`, `export`).

On a terminal a clerk sees one live line that counts up; in CI logs (not a terminal) the same
calls print a few plain lines (start, a heartbeat every ten seconds, the end), because a
redrawn line turns into thousands of log lines there. Usage::

    from generator.progress import Progress

    with Progress("生成屏幕画面", total=len(frames), unit="帧") as progress:
        for frame in frames:
            render(frame)
            progress.advance(frame.title)   # the label is optional
        progress.log("门头屏：已跳过 2 条草稿")  # a message that does not break the counter

`total` may be None (unknown; only a count is shown) or set later (`progress.total = n`).
Output goes to stderr, so stdout stays clean for results (paths, JSON). `BOARD_PROGRESS`
forces a mode: `tty` (live), `plain` (lines) or `off` (nothing; the caller reports results).
"""
from __future__ import annotations

import os
import shutil
import sys
import time
import unicodedata
from collections.abc import Callable
from types import TracebackType
from typing import TextIO

ENV_MODE = "BOARD_PROGRESS"
MODES = ("tty", "plain", "off")
REDRAW_SECONDS = 0.1  # a live line redrawn more often only costs time
BAR_CELLS = 20


def choose_mode(stream: TextIO, environ: dict[str, str] | None = None) -> str:
    """`tty` for an interactive terminal, `plain` for logs and pipes, unless BOARD_PROGRESS says."""
    env = os.environ if environ is None else environ
    forced = env.get(ENV_MODE, "").strip().lower()
    if forced in MODES:
        return forced
    try:
        interactive = stream.isatty()
    except (AttributeError, ValueError):  # a closed or unusual stream
        interactive = False
    if not interactive or env.get("CI") or env.get("TERM") == "dumb":
        return "plain"
    return "tty"


def display_width(text: str) -> int:
    """Terminal columns: a Chinese character takes two."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def clip(text: str, columns: int) -> str:
    """`text` cut to at most `columns` terminal columns (never half a Chinese character)."""
    out, used = [], 0
    for ch in text:
        width = 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
        if used + width > columns:
            break
        out.append(ch)
        used += width
    return "".join(out)


def format_seconds(seconds: float) -> str:
    if seconds < 60:
        return f"{seconds:.1f} 秒"
    minutes, rest = divmod(int(round(seconds)), 60)
    return f"{minutes} 分 {rest} 秒"


class Progress:
    """A counter for one long step; see the module docstring for how to use it."""

    def __init__(self, title: str, total: int | None = None, *, unit: str = "项",
                 stream: TextIO | None = None, mode: str | None = None,
                 interval: float = 10.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.title = title
        self.total = total
        self.unit = unit
        self.done = 0
        self.label = ""
        self.stream = stream if stream is not None else sys.stderr
        self.mode = mode if mode in MODES else choose_mode(self.stream)
        self.interval = interval  # plain mode: seconds between heartbeat lines
        self._clock = clock
        self._started = 0.0
        self._last_output = 0.0
        self._drawn_width = 0  # tty mode: columns of the line currently on screen
        self._open = False

    # -- lifecycle ------------------------------------------------------------------------------

    def __enter__(self) -> Progress:
        self.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close(failed=exc_type is not None)

    def start(self) -> None:
        self._started = self._last_output = self._clock()
        self._open = True
        if self.mode == "plain":
            amount = f"，共 {self.total} {self.unit}" if self.total is not None else ""
            self._line(f"{self.title}：开始{amount}")
        elif self.mode == "tty":
            self._draw()

    def close(self, failed: bool = False) -> None:
        """Print the final line (once): how many were done and how long it took."""
        if not self._open:
            return
        self._open = False
        elapsed = format_seconds(self._clock() - self._started)
        if failed:
            message = f"{self.title}：中断，已完成 {self._count()}"
        else:
            message = f"{self.title}：完成 {self.done} {self.unit}，用时 {elapsed}"
        if self.mode == "tty":
            self._clear()
        if self.mode != "off":
            self._line(message)

    # -- progress -------------------------------------------------------------------------------

    def advance(self, label: str = "", n: int = 1) -> None:
        """Count `n` more done; `label` names what was just done (an item title, a page)."""
        self.done += n
        self.label = label
        if not self._open or self.mode == "off":
            return
        now = self._clock()
        if self.mode == "tty":
            finished = self.total is not None and self.done >= self.total
            if finished or now - self._last_output >= REDRAW_SECONDS:
                self._last_output = now
                self._draw()
        elif now - self._last_output >= self.interval:
            self._line(f"{self.title}：{self._count()}" + (f"  {label}" if label else ""))

    def log(self, message: str) -> None:
        """A message of its own line, printed above the live counter."""
        if self.mode == "off":
            return
        if self.mode == "tty" and self._open:
            self._clear()
            self._line(message)
            self._draw()
        else:
            self._line(message)

    # -- output ---------------------------------------------------------------------------------

    def _count(self) -> str:
        if self.total:
            percent = min(100, self.done * 100 // self.total)
            return f"{self.done}/{self.total} {self.unit}（{percent}%）"
        return f"{self.done} {self.unit}"

    def render(self, columns: int) -> str:
        """The live line, at most `columns` wide (public so tests can look at it)."""
        if self.total:
            filled = min(BAR_CELLS, self.done * BAR_CELLS // self.total)
            bar = "[" + "#" * filled + "." * (BAR_CELLS - filled) + "] "
        else:
            bar = ""
        text = f"{self.title} {bar}{self._count()}" + (f"  {self.label}" if self.label else "")
        return clip(text, columns)

    def _draw(self) -> None:
        columns = max(20, shutil.get_terminal_size((80, 24)).columns - 1)
        text = self.render(columns)
        width = display_width(text)
        pad = " " * max(0, self._drawn_width - width)
        self._write("\r" + text + pad)
        self._drawn_width = width

    def _clear(self) -> None:
        if self._drawn_width:
            self._write("\r" + " " * self._drawn_width + "\r")
            self._drawn_width = 0

    def _line(self, text: str) -> None:
        self._last_output = self._clock()
        self._write(text + "\n")

    def _write(self, text: str) -> None:
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError):  # a closed pipe must not fail the build it reports on
            pass
