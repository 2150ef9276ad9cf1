"""Plain-text formatting shared by the CLI, the comparison and the report.

Core functions: :func:`table` (aligned columns with an underlined header), :func:`value`
(a number for a listing) and :func:`num` (a number for an effect or an interval).
"""

from __future__ import annotations

import math
from typing import Any

__all__ = ["table", "value", "num"]


def value(x: Any) -> str:
    """A value for a listing: floats with three decimals (or thousands), NaN as n/a."""
    if isinstance(x, float):
        if x != x:  # NaN
            return "n/a"
        return f"{x:,.3f}" if abs(x) < 1000 else f"{x:,.0f}"
    return str(x)


def num(x: float) -> str:
    """A number for an effect or an interval: as many digits as its size needs."""
    if not math.isfinite(x):
        return "n/a"
    a = abs(x)
    if a >= 1000:
        return f"{x:,.0f}"
    if a >= 10:
        return f"{x:.1f}"
    if a >= 1 or a == 0:
        return f"{x:.2f}"
    return f"{x:.3g}" if a < 0.01 else f"{x:.2f}"


def table(rows: list[tuple[Any, ...]], header: tuple[str, ...] | None = None) -> str:
    """Rows as aligned text columns (two spaces apart), the header underlined."""
    allrows = ([header] if header else []) + rows
    widths = [max(len(str(r[i])) for r in allrows) for i in range(len(allrows[0]))]
    lines = []
    for k, r in enumerate(allrows):
        lines.append("  ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True)).rstrip())
        if header and k == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)
