"""`board check`'s warning for items whose body is longer than a screen's page limit.

Why: on a full-colour screen such an item shows its summary and 「全文见…」 with a QR code
(or, when the editor writes `screen_text: full`, every page); the editor should know which
items will be shortened where, before residents see it. Why in `display`: only the slide
layout knows how many pages a body takes at a screen's sizes.
"""
from __future__ import annotations

from datetime import datetime

from generator.loader import Project
from generator.memo import Memo, digest, stat_digest
from generator.problems import Problem, Severity

from .fonts import FontChain, FontSpec
from .profiles import profile_for
from .screens import _image_path, screen_items
from .slidedata import slide_data
from .slides import FullFrame


def long_text_problems(project: Project, now: datetime) -> list[Problem]:
    """A warning per item and full-colour screen where the body exceeds `max_pages`."""
    config = project.config
    content = config.content_dir
    chains: dict[FontSpec, tuple[FontChain, FontChain]] = {}
    problems: list[Problem] = []
    memo: Memo | None = None
    for sid, screen in config.screens.items():
        if screen.color != "full":
            continue
        profile = profile_for(screen, config, project.root)
        if memo is None:
            memo = project.memo("longtext", stat_digest([*profile.fonts.regular, *profile.fonts.bold]))
        for item in screen_items(project.items, sid, now, config.display_days):
            if not item.body.strip():
                continue
            image = _image_path(item, config, project.root)
            source = project.digests.get(item.source)
            key = digest(sid, source, stat_digest([image] if image else [])) if source else None
            stored = memo.get(key) if key else None
            if stored is None:
                if profile.fonts not in chains:
                    chains[profile.fonts] = profile.fonts.chains()
                data = slide_data(item, config, image=image)
                needed, _shown, shortened = FullFrame(data, profile, chains[profile.fonts], image).body_plan()
                stored = [needed, shortened]
                if key:
                    memo.put(key, stored)
            needed, shortened = stored
            if needed <= profile.max_pages:
                continue
            rel = f"{content}/{item.source}"
            where = f"屏幕「{screen.name}」（{sid}）"
            if shortened:
                text = (f"《{item.title}》的正文在{where}上要 {needed} 页，超过每条最多 {profile.max_pages} 页"
                        f"（mkdocs.yml screens.{sid}.max_pages）：屏幕上只显示摘要和「全文见…」二维码。"
                        "要逐页显示全文，请在这条内容的开头写 screen_text: full")
                field = "screen_text" if item.screen_text else "summary"
                problems.append(Problem(rel, item.line_of(field), Severity.WARNING, text, field))
            elif not item.summary.strip() and (item.screen_text or profile.long_text) == "summary":
                text = (f"《{item.title}》的正文在{where}上要 {needed} 页，超过每条最多 {profile.max_pages} 页，"
                        "但没有写 summary（摘要），只能逐页显示全文；请写一句 summary，"
                        "或写 screen_text: full 表示就要逐页显示")
                problems.append(Problem(rel, 1, Severity.WARNING, text, "summary"))
    if memo is not None:
        memo.save()
    return problems

