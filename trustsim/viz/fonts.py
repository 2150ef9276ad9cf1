"""Fonts that render Chinese in figures, found offline.

Core function: :func:`cjk_font`. ``make test`` and ``make run`` install Debian's
``fonts-wqy-microhei``; without a CJK font Chinese figures keep English labels.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["CJK_FAMILIES", "CJK_FONT_FILES", "cjk_font"]

#: Known places of CJK fonts that matplotlib may not have indexed (Debian's packages).
CJK_FONT_FILES = ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
                  "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
                  "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
CJK_FAMILIES = ("WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Noto Sans CJK SC",
                "Noto Sans CJK JP", "Source Han Sans SC", "SimHei", "Microsoft YaHei")


def cjk_font() -> str | None:
    """The family name of a font that renders Chinese, found offline (None if none).

    Looks for the families of :data:`CJK_FAMILIES` among matplotlib's fonts, after
    adding the files of :data:`CJK_FONT_FILES` that exist (a font installed after
    matplotlib built its cache is found too). ``make test`` installs Debian's
    ``fonts-wqy-microhei``.
    """
    from matplotlib import font_manager

    known = {f.name for f in font_manager.fontManager.ttflist}
    for path in CJK_FONT_FILES:
        if Path(path).exists() and not any(f.fname == path
                                           for f in font_manager.fontManager.ttflist):
            font_manager.fontManager.addfont(path)
            known = {f.name for f in font_manager.fontManager.ttflist}
    return next((f for f in CJK_FAMILIES if f in known), None)
