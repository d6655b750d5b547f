"""The rotation on a screen: which item plays next, with urgent items held to a bounded share.

Why a model of its own: a resident passing a lobby sees a few frames of a 10-minute loop. An
urgent notice must come round often, but if it takes every slot (as it once did: 157 of 157
frames in a minute) a 公示 in its last days is never seen. The rule, shared with the player
(`player.js`, function `nextFrame`) so that `board check`, `board slides` and the screen agree:

- an item's frames (its pages) play together, as one *block*;
- while urgent and normal items are live, the next block is urgent while the urgent seconds
  played are at most `urgent_share` of all seconds played (a running balance that never
  exceeds one block, so old history never starves either side); with 0.5 urgent and normal blocks
  alternate; urgent items rotate among themselves;
- a newly live urgent item starts at once (the balance is zero while no urgent item is live);
- the normal items play in playlist order; before that order wraps round, every live urgent
  item has played once in the pass (even above its share, e.g. one urgent and one normal item).

A *loop* is the sequence from a reset until every live item has played at least once; its
length is what the `max_loop_minutes` warning measures.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

Frame = dict[str, Any]  # a playlist.json frame entry


@dataclass(frozen=True)
class Block:
    """One item's consecutive frames in playlist order: they play together."""

    item: str
    title: str
    urgent: bool
    first: int  # playlist position of the first frame
    last: int  # playlist position of the last frame
    seconds: float
    frames: int


@dataclass
class Rotation:
    """The player's rotation state (mirrors `nextFrame` in player.js)."""

    share: float = 0.5
    balance: float = 0.0  # urgent seconds × (1 − share) − normal seconds × share
    last_urgent: int = -1
    last_normal: int = -1
    played: set[str] = field(default_factory=set)  # urgent items played in this loop

    def next_block(self, blocks: Sequence[Block]) -> Block | None:
        """The block to play after the previous one, given the blocks live now (playlist order)."""
        urgent = [b for b in blocks if b.urgent]
        normal = [b for b in blocks if not b.urgent]
        if not urgent or not normal:
            self.balance = 0.0  # an urgent arrival starts at once and owes nothing
        if not urgent and not normal:
            return None
        block = None
        if not urgent or (normal and self.balance > 0):
            block = next((b for b in normal if b.first > self.last_normal), None)
            if block is None:  # the normal rotation wraps; first every urgent item plays once
                if any(b.item not in self.played for b in urgent):
                    return self._urgent(urgent, forced=True)
                block = normal[0]
                self.played = set()
            self.last_normal = block.last
            self.balance -= block.seconds * self.share
            return block
        return self._urgent(urgent, forced=False)

    def _urgent(self, urgent: Sequence[Block], *, forced: bool) -> Block:
        order = [b for b in urgent if b.first > self.last_urgent] + [b for b in urgent
                                                                      if b.first <= self.last_urgent]
        if forced:
            order = [b for b in order if b.item not in self.played]
        block = order[0]
        self.last_urgent = block.last
        self.played.add(block.item)
        if not forced:  # a once-per-loop turn owes nothing: the balance stays within one block
            self.balance += block.seconds * (1 - self.share)
        return block


def blocks_of(frames: Iterable[tuple[int, Frame]]) -> list[Block]:
    """Group (position, frame) pairs, in playlist order, into runs of the same item."""
    out: list[Block] = []
    for pos, frame in frames:
        seconds = float(frame.get("duration") or 0)
        urgent = frame.get("priority") == "urgent"
        prev = out[-1] if out else None
        if prev is not None and prev.item == frame.get("item") and prev.last == pos - 1:
            out[-1] = Block(prev.item, prev.title, prev.urgent or urgent, prev.first, pos,
                            prev.seconds + seconds, prev.frames + 1)
        else:
            out.append(Block(str(frame.get("item")), str(frame.get("title") or ""), urgent,
                             pos, pos, seconds, 1))
    return out


def one_loop(blocks: Sequence[Block], share: float) -> list[Block]:
    """The blocks of one loop from a reset, in play order, until every live item has played."""
    if not blocks:
        return []
    rotation = Rotation(share)
    wanted = {b.item for b in blocks}
    seen: set[str] = set()
    out: list[Block] = []
    limit = 4 * len(blocks) + 4  # the rule always reaches every block; this only guards a bug
    while seen != wanted and len(out) < limit:
        block = rotation.next_block(blocks)
        assert block is not None
        out.append(block)
        seen.add(block.item)
    return out


def play_sequence(blocks: Sequence[Block], share: float, seconds: float) -> list[Block]:
    """Blocks played over `seconds` of a static set of live blocks (for tests and previews)."""
    rotation = Rotation(share)
    out: list[Block] = []
    elapsed = 0.0
    while elapsed < seconds and blocks:
        block = rotation.next_block(blocks)
        assert block is not None
        out.append(block)
        elapsed += max(block.seconds, 0.001)
    return out


# --- what is live when ---------------------------------------------------------------------------

def _instant(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def _minutes(text: str) -> int | None:
    head = text.strip().split(":")
    try:
        return int(head[0]) * 60 + int(head[1][:2])
    except (IndexError, ValueError):
        return None


def _hours(spec: Iterable[str]) -> list[tuple[int, int]]:
    out = []
    for text in spec:
        parts = [p for p in str(text).replace("—", "-").replace("至", "-").split("-") if p.strip()]
        if len(parts) == 2:
            a, b = _minutes(parts[0]), _minutes(parts[1])
            if a is not None and b is not None:
                out.append((a, b))
    return out


def _in_hours(windows: Sequence[tuple[int, int]], minutes: int) -> bool:
    if not windows:
        return True
    return any((a <= minutes < b) if a <= b else (minutes >= a or minutes < b) for a, b in windows)


def live_at(frames: Sequence[Frame], moment: datetime, tz: ZoneInfo,
            screen_hours: Sequence[str] = ()) -> list[tuple[int, Frame]]:
    """(position, frame) of the non-fallback frames that may play at `moment` (player's rules)."""
    wall = moment.astimezone(tz)
    minutes = wall.hour * 60 + wall.minute
    if not _in_hours(_hours(screen_hours), minutes):
        return []
    out = []
    for pos, frame in enumerate(frames):
        if frame.get("priority") == "fallback":
            continue
        start, end = _instant(frame.get("start")), _instant(frame.get("end"))
        if (start is not None and moment < start) or (end is not None and moment >= end):
            continue
        days = frame.get("days")
        if days and wall.isoweekday() not in days:
            continue
        if not _in_hours(_hours(frame.get("hours") or ()), minutes):
            continue
        out.append((pos, frame))
    return out


def _moments(frames: Sequence[Frame], start: datetime, end: datetime, tz: ZoneInfo,
             screen_hours: Sequence[str]) -> list[datetime]:
    """Instants where the live set may change: each window's start and each daily opening."""
    found = {start}
    openings = {a for a, _ in _hours(screen_hours)}
    for frame in frames:
        begins = _instant(frame.get("start"))
        if begins is not None and start < begins < end:
            found.add(begins)
        openings.update(a for a, _ in _hours(frame.get("hours") or ()))
    day: date = start.astimezone(tz).date()
    while datetime.combine(day, time(0), tz) < end:
        for minute in sorted(openings):
            moment = datetime.combine(day, time(minute // 60, minute % 60), tz)
            if start <= moment < end:
                found.add(moment)
        day += timedelta(days=1)
    return sorted(found)


@dataclass
class LoopReport:
    """The longest loop of one screen over a playlist's window."""

    screen: str
    name: str
    limit_minutes: int
    share: float
    moment: datetime | None = None
    blocks: list[Block] = field(default_factory=list)

    @property
    def seconds(self) -> float:
        return sum(b.seconds for b in self.blocks)

    @property
    def too_long(self) -> bool:
        return self.seconds > self.limit_minutes * 60

    def longest_items(self, count: int = 3) -> list[Block]:
        """The live items taking the most time in one loop (each item once, longest first)."""
        by_item: dict[str, Block] = {}
        for block in self.blocks:
            if block.item not in by_item:
                by_item[block.item] = block
        return sorted(by_item.values(), key=lambda b: (-b.seconds, b.first))[:count]

    def message(self) -> str:
        """The warning for the clerk (Chinese), naming the loop's longest items."""
        when = ""
        if self.moment is not None:
            m = self.moment
            when = f"（{m.month}月{m.day}日 {m.hour}:{m.minute:02d} 起）"
        longest = "、".join(f"《{b.title}》{b.frames} 帧 {duration_cn(b.seconds)}"
                            for b in self.longest_items())
        return (f"屏幕「{self.name}」轮播一圈要 {duration_cn(self.seconds)}{when}，超过 "
                f"max_loop_minutes 设定的 {self.limit_minutes} 分钟，路过的居民很难等到每条内容；"
                f"最占时间的是：{longest}。可以缩短正文、给内容设到期日期（expires）、"
                "让部分内容不上这块屏幕（screens），或调大 max_loop_minutes")


def duration_cn(seconds: float) -> str:
    """`14 分 30 秒`, `45 秒`."""
    total = round(seconds)
    minutes, rest = divmod(total, 60)
    if not minutes:
        return f"{rest} 秒"
    return f"{minutes} 分" + (f" {rest} 秒" if rest else "钟")


def longest_loop(frames: Sequence[Frame], *, share: float, tz: ZoneInfo, start: datetime,
                 end: datetime, screen_hours: Sequence[str] = (), screen: str = "",
                 name: str = "", limit_minutes: int = 10) -> LoopReport:
    """The longest loop at any moment in [start, end) where the live set may change."""
    report = LoopReport(screen, name or screen, limit_minutes, share)
    for moment in _moments(frames, start, end, tz, screen_hours):
        loop = one_loop(blocks_of(live_at(frames, moment, tz, screen_hours)), share)
        if sum(b.seconds for b in loop) > report.seconds:
            report.moment, report.blocks = moment, loop
    return report


def playlist_loop(playlist: dict[str, Any], *, share: float, limit_minutes: int) -> LoopReport:
    """`longest_loop` over a written playlist.json (its own window, time zone and hours)."""
    tz = ZoneInfo(playlist.get("timezone") or "Asia/Shanghai")
    start = datetime.fromisoformat(playlist["valid_from"])
    end = datetime.fromisoformat(playlist["valid_until"])
    return longest_loop(playlist.get("frames", []), share=share, tz=tz, start=start, end=end,
                        screen_hours=playlist.get("hours") or (), screen=playlist.get("screen", ""),
                        name=playlist.get("name", ""), limit_minutes=limit_minutes)
