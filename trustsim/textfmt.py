"""Plain-text formatting shared by the CLI, the comparison and the report.

Core functions: :func:`table` (aligned columns with an underlined header), :func:`value`
(a number for a listing), :func:`short` (three digits, for short tables and figures),
:func:`num` (a number for an effect or an interval) and
:func:`nums` (an effect and its interval at one precision), :func:`fixed` and
:func:`decimals_for` (a table column of one outcome at one precision), :func:`wrap_lines`
and :func:`wrap_cjk` (titles and labels wrapped to a width, a Chinese character counting
two).
"""

from __future__ import annotations

import math
from typing import Any

__all__ = ["table", "value", "short", "num", "nums", "decimals_for", "fixed", "wrap_lines",
           "wrap_cjk"]


def value(x: Any) -> str:
    """A value for a listing: floats with three decimals (or thousands), NaN as n/a."""
    if isinstance(x, float):
        if x != x:  # NaN
            return "n/a"
        return f"{x:,.3f}" if abs(x) < 1000 else f"{x:,.0f}"
    return str(x)


def short(x: float) -> str:
    """A number for a short table or a figure: three significant digits, thousands in full.

    Never in e-notation (999.7 is ``1,000``, 0.00005 is ``0.00005``); NaN as n/a, an
    infinite value (a time never reached within the run) as ``inf``.

    Example:
        >>> [short(v) for v in (119.433, 2.33, 7876.6, 0.5641, 999.7, 5e-05, 0.0, -2845.3)]
        ['119', '2.33', '7,877', '0.564', '1,000', '0.00005', '0', '-2,845']
    """
    if not math.isfinite(x):
        return "n/a" if x != x else ("inf" if x > 0 else "-inf")
    text = f"{x + 0.0:.3g}"
    if "e" in text:
        if abs(x) >= 1:
            return f"{x:,.0f}"
        return f"{x:.{max(3, 2 - math.floor(math.log10(abs(x))))}f}".rstrip("0").rstrip(".")
    return text


def num(x: float) -> str:
    """A number for an effect or an interval: as many digits as its size needs (inf as inf)."""
    if not math.isfinite(x):
        return "n/a" if x != x else ("inf" if x > 0 else "-inf")
    x = x + 0.0  # -0.0 prints as 0
    a = abs(x)
    if a >= 1000:
        return f"{x:,.0f}"
    if a >= 10:
        return f"{x:.1f}"
    if a >= 1 or a == 0:
        return f"{x:.2f}"
    return f"{x:.3g}" if a < 0.01 else f"{x:.2f}"


def nums(*xs: float, apart: float = 0.0) -> list[str]:
    """Numbers read together (an effect and its interval) at one precision.

    ``apart``: a figure printed near them (the smallest effect that matters): they take
    the decimals that keep them apart from it too; it is not returned.

    As :func:`num` when any of them is 1 or more in size (with as many decimals as keep
    distinct numbers apart, at most six); below that they share the
    decimals the smallest non-zero one needs for a significant digit (at least two, at
    most six; values under a thousandth of the largest count as zero), so an interval never
    mixes ``0.00813`` with ``0.02``, and more while two different numbers would print alike
    (up to six).

    Example:
        >>> nums(0.0205, 0.00813, 0.024)
        ['0.021', '0.008', '0.024']
        >>> nums(0.13, 0.07, 0.19), nums(2276.0, 0.5, 3100.0)
        (['0.13', '0.07', '0.19'], ['2,276', '0.50', '3,100'])
        >>> nums(0.0498, 0.0463, 0.0533)   # distinct numbers never print alike
        ['0.050', '0.046', '0.053']
        >>> nums(1.4e-07, -0.0337, 0.0837)  # next to zero: zero at the interval's precision
        ['0.00', '-0.03', '0.08']
        >>> nums(99.96, 100.0)  # from 1 up too
        ['99.96', '100.00']
        >>> nums(0.016, 0.011, 0.05, apart=0.02)  # not "0.02" beside "(±0.02)"
        ['0.016', '0.011', '0.050']
        >>> nums(-0.0189, -0.026, -0.0105, apart=0.02)  # nor "-0.02"
        ['-0.019', '-0.026', '-0.011']
        >>> nums(0.0123, 0.00813, 0.024, apart=100.0)  # a far figure changes nothing
        ['0.012', '0.008', '0.024']
    """
    n = len(xs)
    own = [abs(x) for x in xs if math.isfinite(x)]  # the printed numbers pick the branch
    if apart and math.isfinite(apart) and (abs(apart) < 1 or (own and max(own) >= 1)):
        xs = (*xs, abs(apart), -abs(apart))  # on either side: "-0.02" beside "(±0.02)" too
    sizes = [abs(x) for x in xs if math.isfinite(x)]
    finite = [x for x in xs if math.isfinite(x)]
    if not own or max(own) >= 1:
        out = [num(x) for x in xs]
        # Distinct numbers stay distinct here too: 99.96 beside 100 both read "100.0".
        d = 1  # (read back as numbers: "10.00" and "10.0" print alike)
        apart = len({round(x, 6) for x in finite})  # (float noise is not a difference)
        while d <= 6 and len({float(t.replace(",", "")) for t, x in zip(out, xs, strict=True)
                              if math.isfinite(x)}) < apart:
            out = [num(x) if not math.isfinite(x) else f"{x + 0.0:,.{d}f}" for x in xs]
            d += 1
        return out[:n]
    # A value under a thousandth of the largest is zero at the interval's precision
    # (a median of 1e-7 beside -0.034 and 0.084 printed all three with six decimals).
    small = min((a for a in sizes if a > 1e-3 * max(sizes)), default=1.0)
    d = min(6, max(2, -math.floor(math.log10(small))))
    # Distinct numbers stay distinct: an interval 0.0463 to 0.0533 read "0.05 to 0.05".
    while d < 6 and len({round(x, d) for x in finite}) < len(set(finite)):
        d += 1
    # A value that rounds to zero prints without a sign ("-0.00" read as a tiny loss).
    return [(num(x) if not math.isfinite(x) else  # (n/a, or inf: never within the run)
             f"{x:.{d}f}" if round(x, d) != 0 else f"{0.0:.{d}f}") for x in xs[:n]]


def decimals_for(matters: float) -> int | None:
    """Decimals that show a tenth of an outcome's smallest effect that matters.

    One precision for every figure of an outcome in a table (policy trial: "0.0199",
    "0.003" and "0.00540" in one column); None without such an effect.

    Example:
        >>> decimals_for(0.02), decimals_for(100.0), decimals_for(0.6), decimals_for(0.0)
        (3, 0, 2, None)
    """
    if not (math.isfinite(matters) and matters > 0):
        return None
    return max(0, math.ceil(-math.log10(matters / 10.0) - 1e-9))


def fixed(*xs: float, decimals: int, apart: float = 0.0) -> list[str]:
    """Numbers at one precision, ``decimals`` places, thousands separated (a table column).

    Zero, and a value that rounds to it, print without a sign; n/a and inf as :func:`num`.
    ``apart``: a figure printed near them (the smallest effect that matters): one that is
    not it but would print as it (or as its negative) takes one more place, all of them
    with it ("0.0199" beside "±0.02", not "0.020"), up to six.

    Example:
        >>> fixed(0.0754, -0.0199, 0.00005, -0.0, decimals=3)
        ['0.075', '-0.020', '0.000', '0.000']
        >>> fixed(21301.99, 157.4, -0.4, decimals=0)
        ['21,302', '157', '0']
        >>> fixed(0.0199, 0.012, 0.03, decimals=3, apart=0.02)
        ['0.0199', '0.0120', '0.0300']
    """
    d = decimals
    if apart and math.isfinite(apart):
        m = round(abs(apart), 9)
        while d < 6 and any(math.isfinite(x) and round(abs(x), 9) != m
                            and round(abs(x), d) == round(m, d) for x in xs):
            d += 1
    return [num(x) if not math.isfinite(x) else
            f"{x + 0.0:,.{d}f}" if round(x, d) != 0 else f"{0.0:.{d}f}" for x in xs]


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


def wrap_lines(text: str, width: int) -> str:
    """Each line of ``text`` wrapped to ``width`` characters (a Chinese one counts two)."""
    import textwrap

    out = []
    for line in text.split("\n"):
        if any(ord(ch) > 0x2E7F for ch in line):  # CJK: a character counts two
            out += wrap_cjk(line, max(width, 4)) or [""]
        else:  # (never inside "10-90": trial read "10-90 / % band")
            out += textwrap.wrap(line, max(width, 10), break_on_hyphens=False) or [""]
    return "\n".join(out)


def wrap_cjk(line: str, width: int) -> list[str]:
    """A line with Chinese wrapped to ``width`` (a CJK character counts two).

    Never inside a run of Latin letters, digits and signs ("10–90%" stays whole: a policy
    trial read "10–9 / 0% 区间").
    """
    import re

    tokens = re.findall(r"[\x00-\u2e7f]+|.", line)  # runs of non-CJK, or one CJK char
    out, cur, size = [], "", 0
    for tok in tokens:
        w = sum(2 if ord(ch) > 0x2E7F else 1 for ch in tok)
        if cur and size + w > width:
            out.append(cur.rstrip())
            cur, size = tok.lstrip(), w
        else:
            cur, size = cur + tok, size + w
    return out + ([cur.rstrip()] if cur.strip() else [])
