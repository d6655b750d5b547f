"""Pagination of rows: whole blocks move, splittable ones continue behind their 续 rows."""
from __future__ import annotations

from display.posters.flow import Block, Row, paginate


def rows(n: int, h: int = 10, kind: str = "line") -> list[Row]:
    return [Row(h, kind=kind) for _ in range(n)]


def test_blocks_that_fit_share_a_page() -> None:
    pages = paginate([Block(rows(3)), Block(rows(3), gap_before=5)], lambda i: 100)
    assert len(pages) == 1
    assert [p.y for p in pages[0]] == [0, 35]


def test_unsplittable_block_moves_whole() -> None:
    pages = paginate([Block(rows(6)), Block(rows(6), splittable=False)], lambda i: 100)
    assert len(pages) == 2
    assert pages[1][0].y == 0 and pages[1][0].first and pages[1][0].last


def test_split_repeats_continuation_rows_and_never_shrinks() -> None:
    cont = [Row(10, kind="cont-title"), Row(10, kind="head")]
    block = Block([Row(10, kind="head")] + rows(25), continuation=cont)
    pages = paginate([block], lambda i: 100)
    assert len(pages) == 3
    assert pages[0][0].rows[0].kind == "head"
    for page in pages[1:]:
        assert [r.kind for r in page[0].rows[:2]] == ["cont-title", "head"]
    lines = sum(1 for page in pages for p in page for r in p.rows if r.kind == "line")
    assert lines == 25
    assert all(p.height <= 100 for page in pages for p in page)
    assert pages[-1][0].last and not pages[0][0].last


def test_keep_with_next_and_orphans() -> None:
    title = Row(10, keep_with_next=True, kind="title")
    block = Block([title] + rows(5))
    pages = paginate([Block(rows(8)), block], lambda i: 100)
    # 20 px left on page 1: title + 1 line would be an orphan (min_rows 2) -> moves whole
    assert len(pages) == 2 and pages[1][0].rows[0].kind == "title"


def test_widow_control_leaves_two_rows_for_the_next_page() -> None:
    pages = paginate([Block(rows(11))], lambda i: 100)
    assert [len(p[0].rows) for p in pages] == [9, 2]


def test_oversized_row_is_placed_rather_than_looping() -> None:
    pages = paginate([Block([Row(150)]), Block(rows(2))], lambda i: 100)
    assert len(pages) == 2


def test_empty_issue_has_one_page() -> None:
    assert paginate([], lambda i: 100) == [[]]


def test_first_page_can_be_shorter() -> None:
    pages = paginate([Block(rows(15))], lambda i: 60 if i == 0 else 100)
    assert [len(p[0].rows) for p in pages] == [6, 9]
