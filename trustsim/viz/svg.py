"""Light SVG drawings for the dashboard: line charts with bands, the network, a timeline.

Core functions: :func:`line_chart`, :func:`network_svg`, :func:`timeline_svg` and
:func:`trust_colour`. They return SVG text, built in a few milliseconds, so the dashboard can
redraw a chart on every step (a matplotlib PNG costs ~100 ms more per chart). Text and axes
use ``currentColor`` so the drawings follow the page's light or dark theme.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape

import numpy as np

from trustsim.viz.plots import OKABE_ITO

__all__ = ["Line", "Band", "line_chart", "network_svg", "timeline_svg", "trust_colour",
           "nice_ticks", "colour_of", "EVENT_STYLE"]

FONT = 'font-family="Roboto, Helvetica, Arial, sans-serif"'


def colour_of(k: int) -> str:
    """Colour of series ``k`` (Okabe-Ito, colour-blind safe, black left for totals)."""
    palette = OKABE_ITO[:-1]
    return palette[k % len(palette)]


@dataclass
class Line:
    """One series of a line chart.

    Attributes:
        label: legend text; colour: CSS colour; x, y: the points (NaN breaks the line).
        width: stroke width (px); dash: SVG dash pattern ("" for solid).
    """

    label: str
    colour: str
    x: Sequence[float]
    y: Sequence[float]
    width: float = 2.0
    dash: str = ""


@dataclass
class Band:
    """A shaded band between ``lo`` and ``hi`` over ``x`` (e.g. a 10-90 % envelope)."""

    colour: str
    x: Sequence[float]
    lo: Sequence[float]
    hi: Sequence[float]
    opacity: float = 0.2
    label: str = field(default="")


def nice_ticks(lo: float, hi: float, n: int = 5) -> list[float]:
    """Return round tick values covering [lo, hi] (about ``n`` of them)."""
    if not math.isfinite(lo) or not math.isfinite(hi):
        return [0.0]
    if hi <= lo:
        hi = lo + 1.0
    raw = (hi - lo) / max(n, 1)
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    first = math.ceil(lo / step - 1e-9) * step
    ticks = []
    v = first
    while v <= hi + 1e-9 * step:
        ticks.append(round(v, 10))
        v += step
    return ticks


def _fmt(v: float) -> str:
    a = abs(v)
    if a >= 1e6:
        return f"{v / 1e6:g}M"
    if a >= 1e4:
        return f"{v / 1e3:g}k"
    if a >= 100 or v == int(v):
        return f"{v:,.0f}"
    return f"{v:.2g}" if a < 0.1 else f"{v:.2f}".rstrip("0").rstrip(".")


def _points(x: np.ndarray, y: np.ndarray, sx, sy) -> list[str]:
    """Polyline point strings, split where y is NaN."""
    runs, cur = [], []
    for xi, yi in zip(x, y, strict=True):
        if math.isfinite(yi):
            cur.append(f"{sx(xi):.1f},{sy(yi):.1f}")
        elif cur:
            runs.append(" ".join(cur))
            cur = []
    if cur:
        runs.append(" ".join(cur))
    return runs


def line_chart(lines: Sequence[Line], *, bands: Sequence[Band] = (), width: int = 520,
               height: int = 250, xmax: float | None = None, ymin: float | None = None,
               ymax: float | None = None, ylabel: str = "", xlabel: str = "day",
               legend: bool = True, chart_id: str = "", marks: Sequence[float] = (),
               end_dots: bool = True) -> str:
    """Draw lines (and shaded bands) on shared axes; return SVG text.

    Args:
        lines: the series.
        bands: shaded envelopes drawn under the lines.
        width: drawing width in px (the drawing scales to its container).
        height: drawing height in px.
        xmax: right end of the x axis (default: the data's); x starts at 0.
        ymin: bottom of the y axis (default: 0 when all data are >= 0, else the data's).
        ymax: top of the y axis (default: the data's, padded).
        ylabel: y-axis title with its unit.
        xlabel: x-axis title with its unit.
        legend: draw a legend row under the plot.
        chart_id: ``id`` attribute of the ``<svg>`` (for tests and styling).
        marks: x values to mark with dashed vertical lines (e.g. crisis days).
        end_dots: draw a dot at the last value of each line.
    """
    ml, mr, mt = 56, 12, 10
    labelled = [ln for ln in lines if ln.label] if legend else []
    if len(labelled) > 9:  # many platforms: name the first few and the last (a total)
        hidden = len(labelled) - 8
        labelled = labelled[:7] + [Line(f"+{hidden} more", "none", [], []), labelled[-1]]
    n_leg = len(labelled)
    per_row = 3
    leg_rows = math.ceil(n_leg / per_row) if n_leg else 0
    mb = 34 + 18 * leg_rows
    pw, ph = width - ml - mr, height - mt - mb
    ys = [np.asarray(ln.y, dtype=float) for ln in lines]
    ys += [np.asarray(b.lo, dtype=float) for b in bands] + [np.asarray(b.hi, dtype=float)
                                                            for b in bands]
    finite = np.concatenate([y[np.isfinite(y)] for y in ys]) if ys else np.zeros(0)
    xs = [np.asarray(ln.x, dtype=float) for ln in lines] + [np.asarray(b.x, dtype=float)
                                                            for b in bands]
    xhi = xmax if xmax is not None else max((float(x.max()) for x in xs if len(x)),
                                            default=1.0)
    xhi = max(xhi, 1.0)
    lo = ymin if ymin is not None else (float(finite.min()) if len(finite) else 0.0)
    hi = ymax if ymax is not None else (float(finite.max()) if len(finite) else 1.0)
    if ymin is None and lo >= 0:
        lo = 0.0
    if ymax is None:
        hi = hi + 0.08 * (hi - lo) if hi > lo else lo + 1.0
    yt = nice_ticks(lo, hi, 4)
    if ymin is None:
        lo = min(lo, yt[0])
    if ymax is None:
        hi = max(hi, yt[-1])

    def sx(v: float) -> float:
        return ml + pw * v / xhi

    def sy(v: float) -> float:
        return mt + ph * (1.0 - (v - lo) / (hi - lo))

    out = [f'<svg {f"id={chr(34)}{chart_id}{chr(34)} " if chart_id else ""}'
           f'viewBox="0 0 {width} {height}" width="100%" preserveAspectRatio="xMidYMid meet" '
           f'xmlns="http://www.w3.org/2000/svg" {FONT} font-size="12" role="img">']
    for t in yt:
        if lo - 1e-12 <= t <= hi + 1e-12:
            out.append(f'<line x1="{ml}" x2="{ml + pw}" y1="{sy(t):.1f}" y2="{sy(t):.1f}" '
                       'stroke="currentColor" stroke-opacity="0.12"/>'
                       f'<text x="{ml - 6}" y="{sy(t) + 4:.1f}" text-anchor="end" '
                       f'fill="currentColor">{_fmt(t)}</text>')
    for t in nice_ticks(0, xhi, 6):
        if t <= xhi:
            out.append(f'<text x="{sx(t):.1f}" y="{mt + ph + 15}" text-anchor="middle" '
                       f'fill="currentColor">{_fmt(t)}</text>')
    out.append(f'<line x1="{ml}" x2="{ml + pw}" y1="{mt + ph}" y2="{mt + ph}" '
               'stroke="currentColor" stroke-opacity="0.5"/>')
    out.append(f'<text x="{ml + pw / 2:.0f}" y="{mt + ph + 29}" text-anchor="middle" '
               f'fill="currentColor" fill-opacity="0.8">{escape(xlabel)}</text>')
    if ylabel:
        out.append(f'<text transform="translate(13,{mt + ph / 2:.0f}) rotate(-90)" '
                   f'text-anchor="middle" fill="currentColor" fill-opacity="0.8">'
                   f'{escape(ylabel)}</text>')
    for mx in sorted(set(marks)):
        if 0 <= mx <= xhi:
            out.append(f'<line x1="{sx(mx):.1f}" x2="{sx(mx):.1f}" y1="{mt}" '
                       f'y2="{mt + ph}" stroke="currentColor" stroke-opacity="0.4" '
                       'stroke-dasharray="4 3"/>')
    for b in bands:
        x = np.asarray(b.x, dtype=float)
        lo_, hi_ = np.asarray(b.lo, dtype=float), np.asarray(b.hi, dtype=float)
        ok = np.isfinite(lo_) & np.isfinite(hi_)
        if ok.sum() < 2:
            continue
        top = [f"{sx(a):.1f},{sy(v):.1f}" for a, v in zip(x[ok], hi_[ok], strict=True)]
        bot = [f"{sx(a):.1f},{sy(v):.1f}" for a, v in zip(x[ok][::-1], lo_[ok][::-1],
                                                         strict=True)]
        out.append(f'<polygon class="band" points="{" ".join(top + bot)}" fill="{b.colour}" '
                   f'fill-opacity="{b.opacity}" stroke="none"/>')
    for ln in lines:
        x, y = np.asarray(ln.x, dtype=float), np.asarray(ln.y, dtype=float)
        dash = f' stroke-dasharray="{ln.dash}"' if ln.dash else ""
        for pts in _points(x, y, sx, sy):
            out.append(f'<polyline points="{pts}" fill="none" stroke="{ln.colour}" '
                       f'stroke-width="{ln.width}" stroke-linejoin="round"{dash}>'
                       f'<title>{escape(ln.label)}</title></polyline>')
        last = np.flatnonzero(np.isfinite(y))
        if end_dots and len(last):  # today's value, visible from the first day on
            i = int(last[-1])
            out.append(f'<circle cx="{sx(x[i]):.1f}" cy="{sy(y[i]):.1f}" r="{ln.width + 1:.1f}" '
                       f'fill="{ln.colour}"><title>{escape(ln.label)}: {_fmt(float(y[i]))}'
                       '</title></circle>')
    if n_leg:
        col_w = pw / per_row
        # as many characters as the column holds (~6.5 px each at 12 px): a wide chart
        # cut "timely_truthful_discl…" at 22 with room to spare (student trial)
        fits = max(12, int((col_w - 23) / 6.5))
        for k, ln in enumerate(labelled):
            lx = ml + col_w * (k % per_row)
            ly = mt + ph + 46 + 18 * (k // per_row)
            dash = f' stroke-dasharray="{ln.dash}"' if ln.dash else ""
            label = ln.label if len(ln.label) <= fits else ln.label[:fits - 1] + "…"
            out.append(f'<line x1="{lx:.1f}" x2="{lx + 18:.1f}" y1="{ly - 4}" y2="{ly - 4}" '
                       f'stroke="{ln.colour}" stroke-width="3"{dash}/>'
                       f'<text x="{lx + 23:.1f}" y="{ly}" fill="currentColor">'
                       f'{escape(label)}</text>')
    out.append("</svg>")
    return "".join(out)


# ----------------------------------------------------------------------------- network
# ColorBrewer RdYlBu, five stops: red (no trust), pale yellow (0.5), blue (full trust);
# readable with the common colour-vision deficiencies.
_STOPS = ((215, 25, 28), (253, 174, 97), (255, 255, 191), (171, 217, 233), (44, 123, 182))


def trust_colour(v: float) -> str:
    """Map trust in [0, 1] to a diverging colour: red (0), pale yellow (0.5), blue (1)."""
    if not math.isfinite(v):
        return "#999999"
    v = min(max(v, 0.0), 1.0) * (len(_STOPS) - 1)
    k = min(int(v), len(_STOPS) - 2)
    a, b, t = _STOPS[k], _STOPS[k + 1], v - k
    r, g, bl = (round(a[i] + (b[i] - a[i]) * t) for i in range(3))
    return f"#{r:02x}{g:02x}{bl:02x}"


def network_svg(pos: np.ndarray, edges: np.ndarray, values: np.ndarray, active: np.ndarray,
                *, size: int = 360, chart_id: str = "") -> str:
    """Draw a network sample: nodes at ``pos`` (n x 2 in [0, 1]) coloured by ``values``.

    Args:
        pos: node positions.
        edges: (m, 2) local node indices.
        values: trust per node (0-1).
        active: False for users who left (drawn hollow).
        size: drawing size (px, square plus a legend strip).
        chart_id: ``id`` attribute of the ``<svg>``.
    """
    pad, leg = 10, 34
    span = size - 2 * pad

    def px(p: np.ndarray) -> tuple[float, float]:
        return pad + span * float(p[0]), pad + span * float(p[1])

    out = [f'<svg {f"id={chr(34)}{chart_id}{chr(34)} " if chart_id else ""}'
           f'viewBox="0 0 {size} {size + leg}" width="100%" xmlns="http://www.w3.org/2000/svg" '
           f'{FONT} font-size="11" role="img">']
    if len(edges):
        d = "".join("M{:.1f},{:.1f}L{:.1f},{:.1f}".format(*px(pos[a]), *px(pos[b]))
                    for a, b in edges)
        out.append(f'<path d="{d}" stroke="currentColor" stroke-opacity="0.15" '
                   'stroke-width="0.7" fill="none"/>')
    for i in range(len(pos)):
        x, y = px(pos[i])
        if active[i]:
            out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4.2" '
                       f'fill="{trust_colour(float(values[i]))}" stroke="#333" '
                       'stroke-width="0.4"/>')
        else:
            out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.6" fill="none" '
                       'stroke="#999" stroke-width="1"/>')
    y0 = size + 8
    for k in range(50):
        out.append(f'<rect x="{60 + 4 * k}" y="{y0}" width="4.2" height="9" '
                   f'fill="{trust_colour(k / 49)}"/>')
    out.append(f'<text x="54" y="{y0 + 8}" text-anchor="end" fill="currentColor">trust 0</text>'
               f'<text x="266" y="{y0 + 8}" fill="currentColor">1</text>'
               f'<circle cx="300" cy="{y0 + 4}" r="3.6" fill="none" stroke="#999"/>'
               f'<text x="308" y="{y0 + 8}" fill="currentColor">left</text></svg>')
    return "".join(out)


# ----------------------------------------------------------------------------- timeline
EVENT_STYLE: dict[str, tuple[str, str]] = {
    # kind: (colour, shape) -- shape: circle, triangle, square, diamond, star
    "crisis": ("#000000", "star"),
    "incident": ("#D55E00", "triangle"),
    "status": ("#CC79A7", "square"),
    "regulator": ("#009E73", "diamond"),
    "protection": ("#009E73", "diamond"),
    "statement": ("#0072B2", "circle"),
}


def _marker(shape: str, x: float, y: float, colour: str, tip: str) -> str:
    title = f"<title>{escape(tip)}</title>"
    if shape == "triangle":
        return (f'<polygon points="{x:.1f},{y - 6:.1f} {x - 5.5:.1f},{y + 4:.1f} '
                f'{x + 5.5:.1f},{y + 4:.1f}" fill="{colour}">{title}</polygon>')
    if shape == "square":
        return (f'<rect x="{x - 4.5:.1f}" y="{y - 4.5:.1f}" width="9" height="9" '
                f'fill="{colour}">{title}</rect>')
    if shape == "diamond":
        return (f'<polygon points="{x:.1f},{y - 6:.1f} {x + 5:.1f},{y:.1f} {x:.1f},{y + 6:.1f} '
                f'{x - 5:.1f},{y:.1f}" fill="{colour}">{title}</polygon>')
    if shape == "star":
        pts = " ".join(f"{x + r * math.sin(k * math.pi / 5):.1f},"
                       f"{y - r * math.cos(k * math.pi / 5):.1f}"
                       for k, r in zip(range(10), [7, 3] * 5, strict=True))
        return f'<polygon points="{pts}" fill="{colour}">{title}</polygon>'
    return (f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{colour}" '
            f'fill-opacity="0.75">{title}</circle>')


def timeline_svg(events: Sequence[dict], rows: Sequence[str], *, xmax: float,
                 width: int = 900, chart_id: str = "") -> str:
    """Draw events on a day axis, one row per platform plus a sector row.

    Args:
        events: dicts with ``time``, ``row`` (index into ``rows``), ``kind``, ``text``.
        rows: row labels (platform names, then "sector").
        xmax: last day on the axis.
        width: drawing width (px).
        chart_id: ``id`` attribute of the ``<svg>``.
    """
    shown = list(rows)[:30]
    row_h, ml, mr, mt = 20, 110, 12, 8
    leg_y = mt + row_h * len(shown) + 32
    height = leg_y + 12
    pw = width - ml - mr
    xmax = max(xmax, 1.0)

    def sx(v: float) -> float:
        return ml + pw * min(max(v, 0.0), xmax) / xmax

    out = [f'<svg {f"id={chr(34)}{chart_id}{chr(34)} " if chart_id else ""}'
           f'viewBox="0 0 {width} {height}" width="100%" xmlns="http://www.w3.org/2000/svg" '
           f'{FONT} font-size="11" role="img">']
    for r, name in enumerate(shown):
        y = mt + row_h * r + row_h / 2
        label = name if len(name) <= 16 else name[:15] + "…"
        out.append(f'<line x1="{ml}" x2="{ml + pw}" y1="{y:.1f}" y2="{y:.1f}" '
                   'stroke="currentColor" stroke-opacity="0.12"/>'
                   f'<text x="{ml - 8}" y="{y + 4:.1f}" text-anchor="end" '
                   f'fill="currentColor">{escape(label)}</text>')
    axis_y = mt + row_h * len(shown) + 4
    for t in nice_ticks(0, xmax, 8):
        if t <= xmax:
            out.append(f'<text x="{sx(t):.1f}" y="{axis_y + 12}" text-anchor="middle" '
                       f'fill="currentColor">{_fmt(t)}</text>')
    for ev in events:
        r = ev["row"]
        if r >= len(shown):
            continue
        colour, shape = EVENT_STYLE.get(ev["kind"], ("#777777", "circle"))
        y = mt + row_h * r + row_h / 2
        out.append(_marker(shape, sx(float(ev["time"])), y, colour,
                           f'day {int(ev["time"])}: {ev["text"]}'))
    x = ml
    for kind, label in (("crisis", "crisis injected or scheduled"), ("incident", "incident"),
                        ("status", "status change"), ("regulator", "regulator"),
                        ("statement", "platform statement")):
        colour, shape = EVENT_STYLE[kind]
        out.append(_marker(shape, x + 6, leg_y - 4, colour, label)
                   + f'<text x="{x + 15}" y="{leg_y}" fill="currentColor">{label}</text>')
        x += 30 + 6.2 * len(label)
    out.append("</svg>")
    return "".join(out)
