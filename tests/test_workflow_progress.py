"""generator.progress: a live counter on a terminal, a few plain lines in CI logs."""
from __future__ import annotations

import io

import pytest

from generator.progress import Progress, choose_mode, clip, display_width, format_seconds


class Clock:
    """A clock the test moves by hand, so heartbeat and redraw timing are deterministic."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class FakeTTY(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_plain_mode_prints_start_heartbeats_and_end_as_whole_lines() -> None:
    out, clock = io.StringIO(), Clock()
    with Progress("生成屏幕画面", total=100, unit="帧", stream=out, mode="plain", interval=10,
                  clock=clock) as p:
        for n in range(100):
            clock.now += 0.5  # 50 seconds in all: about five heartbeats, not a hundred lines
            p.advance(f"第{n}帧")
    lines = out.getvalue().splitlines()
    assert "\r" not in out.getvalue()
    assert lines[0] == "生成屏幕画面：开始，共 100 帧"
    assert lines[-1] == "生成屏幕画面：完成 100 帧，用时 50.0 秒"
    beats = lines[1:-1]
    assert 3 <= len(beats) <= 5
    assert beats[0].startswith("生成屏幕画面：20/100 帧（20%）")


def test_plain_mode_without_a_total_counts() -> None:
    out, clock = io.StringIO(), Clock()
    with Progress("推送", stream=out, mode="plain", clock=clock, unit="页") as p:
        p.advance()
        clock.now += 11
        p.advance("大厅屏")
    assert out.getvalue().splitlines() == ["推送：开始", "推送：2 页  大厅屏", "推送：完成 2 页，用时 11.0 秒"]


def test_tty_mode_redraws_one_line_and_ends_with_a_summary() -> None:
    out, clock = FakeTTY(), Clock()
    with Progress("生成海报", total=4, unit="页", stream=out, mode="tty", clock=clock) as p:
        for name in ("居务公开栏", "楼栋入口橱窗", "第3页", "第4页"):
            clock.now += 1
            p.advance(name)
    text = out.getvalue()
    assert text.count("\n") == 1  # only the final summary ends a line
    assert "\r生成海报 [##########..........] 2/4 页（50%）  楼栋入口橱窗" in text
    assert text.endswith("生成海报：完成 4 页，用时 4.0 秒\n")


def test_tty_mode_throttles_redraws() -> None:
    out, clock = FakeTTY(), Clock()
    with Progress("生成", total=10_000, stream=out, mode="tty", clock=clock) as p:
        for _ in range(10_000):
            p.advance()  # the clock does not move: only the first and last draws happen
    assert out.getvalue().count("\r") < 10


def test_log_prints_above_the_counter() -> None:
    out, clock = FakeTTY(), Clock()
    with Progress("生成", total=2, stream=out, mode="tty", clock=clock) as p:
        p.advance("一")
        p.log("门头屏：跳过 1 条草稿")
        p.advance("二")
    lines = [part.strip() for part in out.getvalue().replace("\r", "\n").split("\n") if part.strip()]
    assert "门头屏：跳过 1 条草稿" in lines


def test_an_exception_is_reported_and_not_swallowed() -> None:
    out = io.StringIO()
    with pytest.raises(RuntimeError):
        with Progress("生成网站", total=10, unit="条", stream=out, mode="plain", clock=Clock()) as p:
            p.advance()
            raise RuntimeError("boom")
    assert out.getvalue().splitlines()[-1] == "生成网站：中断，已完成 1/10 条（10%）"


def test_off_mode_is_silent() -> None:
    out = io.StringIO()
    with Progress("生成", total=3, stream=out, mode="off") as p:
        p.advance()
        p.log("x")
    assert out.getvalue() == "" and p.done == 1


def test_total_can_be_set_later_and_overshoot_is_capped() -> None:
    p = Progress("生成", stream=io.StringIO(), mode="off")
    p.total = 2
    p.advance(n=3)
    assert p.render(80) == "生成 [####################] 3/2 项（100%）"


def test_a_closed_stream_does_not_fail_the_command() -> None:
    out = io.StringIO()
    with Progress("生成", total=2, stream=out, mode="plain", interval=0, clock=Clock()) as p:
        out.close()
        p.advance()


def test_mode_choice() -> None:
    assert choose_mode(io.StringIO(), {}) == "plain"
    assert choose_mode(FakeTTY(), {}) == "tty"
    assert choose_mode(FakeTTY(), {"CI": "true"}) == "plain"
    assert choose_mode(FakeTTY(), {"TERM": "dumb"}) == "plain"
    assert choose_mode(io.StringIO(), {"BOARD_PROGRESS": "tty"}) == "tty"
    assert choose_mode(FakeTTY(), {"BOARD_PROGRESS": "off"}) == "off"


def test_chinese_text_is_measured_and_clipped_by_columns() -> None:
    assert display_width("停水a") == 5
    assert clip("停水通知", 5) == "停水"
    p = Progress("生成屏幕画面", total=10, stream=io.StringIO(), mode="off")
    p.advance("一个很长很长很长很长很长很长的标题")
    assert display_width(p.render(40)) <= 40


def test_format_seconds() -> None:
    assert format_seconds(3.21) == "3.2 秒"
    assert format_seconds(125) == "2 分 5 秒"
