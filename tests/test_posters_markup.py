"""Markdown bodies on paper: tables stay tables, numbered items keep their numbers."""
from __future__ import annotations

from display.posters.markup import Para, Table, parse


def test_blocks() -> None:
    body = """\
经研究，拟推荐以下居民：

| 姓名 | 楼栋 | 主要事迹 |
|---|:-:|---|
| 王秀英 | 2栋 | 坚持每月**带头**清理楼道 |
| 陈堃 | 14栋 |

## 一、主要措施

1. **设立公开栏**，接受监督；
2. 用好宣传阵地：
   每月更换内容
- 环保知识

![示意](images/a.png)

第一行
第二行 and
more text
"""
    blocks = parse(body)
    assert blocks[0] == Para("经研究，拟推荐以下居民：")
    assert blocks[1] == Table(("姓名", "楼栋", "主要事迹"),
                              (("王秀英", "2栋", "坚持每月带头清理楼道"), ("陈堃", "14栋", "")))
    assert blocks[2] == Para("一、主要措施", "heading")
    assert blocks[3] == Para("设立公开栏，接受监督；", "item", "1.")
    assert blocks[4] == Para("用好宣传阵地：每月更换内容", "item", "2.")
    assert blocks[5] == Para("环保知识", "item", "•")
    assert blocks[6] == Para("第一行第二行 and more text")
    assert len(blocks) == 7
