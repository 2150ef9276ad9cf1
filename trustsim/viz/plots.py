"""Matplotlib figures of one run and of experiments, readable when printed.

One run: trust and AUM per platform. Experiments: median-and-band envelopes (one panel
per scenario and metric), forest plots of paired effects (one panel per scenario),
scenario x strategy heat maps, cost-effectiveness figures (one per scenario, in
:mod:`trustsim.viz.costplot`) and sensitivity-index bars. Core functions:
:func:`plot_run`, :func:`plot_envelopes`, :func:`plot_forest`, :func:`plot_heatmap`,
:func:`plot_sensitivity`, :func:`comparison_figures`, :func:`strategy_colours` and
:func:`style`.

Every experiment figure: text of at least 10 pt, at most :data:`MAX_LINES` strategies per
panel, one colour per strategy everywhere (:func:`strategy_colours`: the baseline black,
the others in Okabe-Ito order -- colour-blind safe), axes labelled with units, and
``lang="zh"`` for Chinese labels (a CJK font found offline: :func:`cjk_font`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from trustsim import i18n, textfmt
from trustsim.money_outcomes import decision_held
from trustsim.outcomes import places, said_below, stated_frame
from trustsim.viz.fonts import cjk_font

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["MAX_LINES", "OKABE_ITO", "cjk_font", "comparison_figures", "plot_envelopes",
           "plot_forest", "plot_heatmap", "plot_run", "plot_sensitivity", "strategy_colours",
           "style", "thousands", "unit"]

OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
             "#000000"]


def plot_run(platform_ts: pd.DataFrame, title: str = "", path: str | Path | None = None
             ) -> Figure:
    """Plot trust (0-1) and AUM (thousand CNY) per platform over days.

    Args:
        platform_ts: output of :meth:`TrustModel.platform_timeseries`.
        title: figure title.
        path: if given, save the figure there (PNG or SVG by suffix).

    Returns:
        The matplotlib Figure.
    """
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure

    fig = Figure(figsize=(9, 6), layout="constrained")
    ax_t, ax_a = fig.subplots(2, 1, sharex=True)
    for k, (name, g) in enumerate(platform_ts.groupby("platform", sort=False)):
        colour = OKABE_ITO[k % len(OKABE_ITO)]
        ax_t.plot(g["time"], g["trust"], color=colour, label=name)
        ax_a.plot(g["time"], g["aum"], color=colour, label=name)
    ax_t.set_ylabel("mean trust (0-1)")
    ax_t.set_ylim(0, 1)
    ax_a.set_ylabel("AUM (thousand CNY)")
    ax_a.set_xlabel("day")
    ax_t.legend(loc="best", fontsize="small", ncol=2)
    ax_t.grid(alpha=0.3)
    ax_a.grid(alpha=0.3)
    if title:
        fig.suptitle(title)
    if path is not None:
        fig.savefig(path, dpi=110)
    return fig


# --------------------------------------------------------------------------- experiments
#: Most strategies drawn in one panel of an envelope (baseline included).
MAX_LINES = 6

#: Default panels of :func:`plot_envelopes`: the first metric of each group that exists.
#: The trust panel draws the headline trust (``holder_trust``: every user who held money at
#: the start, failed platforms included) where the results kept it; the survivors' mean
#: (``mean_trust``) would show a collapse as a recovery.
ENVELOPE_GROUPS = (("holder_trust", "mean_trust", "sector_trust"), ("aum",),
                   ("withdrawals_requested", "runs", "unpaid_queue", "withdrawals_paid"))
#: Envelopes drawn summed over the days so far, with the label of the second name: a run
#: falls on another day in each replication, so the median of the daily counts sat at 0.
ENVELOPE_SUMMED = {"runs": "runs_so_far"}

def _in_order(column: pd.Series) -> list:
    """The distinct values of a column in order of first appearance.

    ``pd.unique`` keeps that order like ``dict.fromkeys`` and is vectorised: iterating over
    a long timeseries column value by value took seconds in the report.
    """
    return list(pd.unique(column))


@contextmanager
def style(lang: str = "en") -> Iterator[None]:
    """Matplotlib settings of every experiment figure: text of at least 10 pt, fonts.

    ``font.size`` is 12, so that matplotlib's relative size ``small`` is 10 pt. With
    ``lang="zh"`` a CJK font (:func:`cjk_font`) leads the font list, DejaVu Sans after it
    for Latin letters and digits.

    Raises:
        RuntimeError: ``lang="zh"`` and no CJK font is installed.
    """
    import matplotlib

    matplotlib.use("Agg", force=False)
    rc = {"font.size": 12, "axes.titlesize": 12, "axes.labelsize": 11,
          "xtick.labelsize": 10, "ytick.labelsize": 10, "legend.fontsize": 10,
          "figure.titlesize": 13, "axes.unicode_minus": False}
    if lang == "zh":
        family = cjk_font()
        if family is None:
            raise RuntimeError("no font that renders Chinese was found: install Debian's "
                               "fonts-wqy-microhei (or fonts-noto-cjk)")
        rc["font.family"] = [family, "DejaVu Sans"]
    with matplotlib.rc_context(rc):
        yield


def strategy_colours(strategies: list[str], baseline: str | None = None) -> dict[str, str]:
    """One colour per strategy, the same in every figure of a comparison.

    The baseline is black; the others take the Okabe-Ito colours in order (yellow last,
    as it is faint on white), repeating after seven.

    Example:
        >>> strategy_colours(["do_nothing", "disclose"], "do_nothing")
        {'do_nothing': '#000000', 'disclose': '#0072B2'}
    """
    palette = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442"]
    out: dict[str, str] = {}
    k = 0
    for st in dict.fromkeys(strategies):
        if st == baseline:
            out[st] = "#000000"
        else:
            out[st] = palette[k % len(palette)]
            k += 1
    return out


def _figure(**kw):
    from matplotlib.figure import Figure

    return Figure(layout="constrained", **kw)


def unit(name: str, lang: str = "en") -> str:
    """Axis label with unit for a metric or outcome (the name itself when unknown)."""
    return i18n.axis_label(name, lang)


def _baseline(table_or_ts: pd.DataFrame) -> str | None:
    if "baseline" in table_or_ts.columns and len(table_or_ts):
        return str(table_or_ts["baseline"].iloc[0])
    names = _in_order(table_or_ts["strategy"])
    return "do_nothing" if "do_nothing" in names else (names[0] if names else None)


def plot_envelopes(timeseries: pd.DataFrame, metrics: list[str] | None = None,
                   scenarios: list[str] | None = None, title: str = "", *,
                   strategies: list[str] | None = None, colours: dict[str, str] | None = None,
                   lang: str = "en", by_strategy: bool = False,
                   events: dict[str, list[float]] | None = None) -> Figure:
    """Median and 10-90 % band over runs, per day and strategy.

    One row of panels per metric (default: trust, AUM and withdrawals, whichever the
    results kept), one column per scenario; one colour per strategy
    (:func:`strategy_colours`). ``by_strategy``: small multiples of the first metric and
    scenario instead, one panel per strategy other than the baseline, each beside the
    baseline (grey band) on a shared scale, three panels a row; :func:`comparison_figures`
    draws these (policy trial: six overlapping bands read as one shade).

    Args:
        timeseries: :attr:`ExperimentResults.timeseries` (wide by metric).
        metrics: metric columns to plot.
        scenarios: scenarios to plot (default all, in table order).
        title: figure title.
        strategies: strategies to draw (default all; at most :data:`MAX_LINES` in a panel
            unless ``by_strategy``).
        colours: colour per strategy (default :func:`strategy_colours`).
        lang: ``en`` or ``zh`` (labels).
        by_strategy: one panel per strategy, each with the baseline.
        events: days to mark by scenario (a dotted line each: its scheduled crises).

    Raises:
        ValueError: more than :data:`MAX_LINES` strategies in one panel.
    """
    if metrics is None:
        metrics = [next(m for m in grp if m in timeseries.columns)
                   for grp in ENVELOPE_GROUPS if any(m in timeseries.columns for m in grp)]
    scenarios = scenarios or _in_order(timeseries["scenario"])
    every = _in_order(timeseries["strategy"])
    strategies = strategies or every
    if len(strategies) > MAX_LINES and not by_strategy:
        raise ValueError(f"at most {MAX_LINES} strategies per panel, got {len(strategies)}")
    base = _baseline(timeseries)
    colours = colours or strategy_colours(every, base)
    ts = timeseries[timeseries["scenario"].isin(scenarios)
                    & timeseries["strategy"].isin(strategies)].reset_index(drop=True)
    for m in set(metrics) & ENVELOPE_SUMMED.keys():  # each run's own sum so far (by index)
        ts = ts.assign(**{m: ts.sort_values("time", kind="stable").groupby(
            ["scenario", "strategy", "design_point", "replication"], sort=False)[m].cumsum()})
    q = ts.groupby(["scenario", "strategy", "time"], sort=False)[metrics].quantile(
        [0.1, 0.5, 0.9])
    # panels: (row, column, scenario, metric, strategies drawn, panel title)
    if by_strategy:
        own = [s for s in strategies if s != base] or strategies
        nc = min(3, len(own))
        nr = -(-len(own) // nc)
        panels = [(k // nc, k % nc, scenarios[0], metrics[0],
                   [s for s in (base, st) if s in strategies], i18n.strategy(st, lang))
                  for k, st in enumerate(own)]
    else:
        nr, nc = max(1, len(metrics)), max(1, len(scenarios))
        panels = [(i, j, sc, metric, strategies, i18n.scenario(sc, lang)
                   if i == 0 and (nc > 1 or not title) else "")  # one scenario: the title
                  for j, sc in enumerate(scenarios) for i, metric in enumerate(metrics)]
    with style(lang):
        fig = _figure(figsize=((3.9 if by_strategy else 5.5) * nc + 1,
                               (2.6 if by_strategy else 3.2) * nr + 1.2))
        axes = fig.subplots(nr, nc, squeeze=False, sharex=True, sharey=by_strategy)
        for ax in axes.flat[len(panels):]:  # (the last row's empty cells)
            ax.set_axis_off()
        legend: dict[str, Any] = {}
        for i, j, sc, metric, drawn, name in panels:
            ax = axes[i][j]
            for st in drawn:
                try:
                    g = q.loc[(sc, st)][metric].unstack()
                except KeyError:
                    continue
                c = colours.get(st, "#777777")  # (the baseline black: its band grey)
                ax.fill_between(g.index, g[0.1], g[0.9], color=c, lw=0,
                                alpha=0.2 if by_strategy else 0.15)
                legend.setdefault(st, ax.plot(g.index, g[0.5], color=c, lw=2,
                                              label=i18n.strategy(st, lang))[0])
            for day in (events or {}).get(sc, []):  # (trial: no figure marked the crisis)
                legend.setdefault("", ax.axvline(day, color="#777777", ls=":", lw=1.2,
                                                 label=i18n.tr("crisis_mark", lang)))
            ax.set_title(name)
            if j == 0 and not by_strategy:
                ax.set_ylabel(unit(ENVELOPE_SUMMED.get(metric, metric), lang))
            if i == nr - 1 or (by_strategy and (i + 1) * nc + j >= len(panels)):
                ax.set_xlabel(i18n.tr("day", lang))
                ax.xaxis.set_tick_params(labelbottom=True)
            ax.grid(alpha=0.3)
        for i, j, _, metric, _, _ in panels:  # "150,000" as the tables write it, in 万元
            thousands(axes[i][j].yaxis, i18n.money_factor(metric, lang))  # in Chinese
        if by_strategy:  # once for the figure: a long label outgrew a row of panels
            label = unit(ENVELOPE_SUMMED.get(metrics[0], metrics[0]), lang)
            fig.supylabel(textfmt.wrap_lines(label, int(11 * fig.get_figheight())))
        if legend:
            labels = [h.get_label() for h in legend.values()]
            fig.legend(list(legend.values()), labels, loc="outside lower center",
                       ncols=min(3, len(labels)))
        # wrapped to the figure's width: a one-scenario title ran off both sides (trial)
        fig.suptitle(textfmt.wrap_lines(title or i18n.tr("envelope_title", lang),
                                 int(9.5 * fig.get_figwidth())))
    return fig


def _forest_panel(ax, t: pd.DataFrame, colours: dict[str, str], lang: str,
                  held: set[str] = frozenset()) -> None:  # type: ignore[assignment]
    ys = np.arange(len(t))
    m = float(t["min_effect"].iloc[0]) if len(t) and np.isfinite(t["min_effect"].iloc[0]) \
        else 0.0
    if m > 0:
        ax.axvspan(-m, m, color="#cccccc", alpha=0.5, lw=0)
    ax.axvline(0, color="black", lw=0.8)
    stated = stated_frame(t)  # the effect each verdict reads: the mean where it reads it
    for y, r, (eff, low, high, of_mean) in zip(ys, t.itertuples(), stated.itertuples(
            index=False), strict=True):
        c = colours.get(r.strategy, "#777777")
        solid = r.verdict in ("better", "worse")
        lo = max(eff - low, 0) if np.isfinite(low) else 0
        hi = max(high - eff, 0) if np.isfinite(high) else 0
        # a mean is drawn as a diamond, a median as a dot
        ax.errorbar([eff], [y], xerr=[[lo], [hi]], fmt="D" if of_mean else "o", color=c,
                    capsize=4, ms=8, mfc=c if solid else "white", mew=2, lw=2)
        if r.strategy in held:  # crossed out, as on the cost chart
            ax.plot([eff], [y], "x", ms=13, mew=2.5, color="black", zorder=4)
    opposite = {str(s) for s, w in zip(t["strategy"], t.get("warnings", pd.Series(
        "", index=t.index)).fillna("").astype(str), strict=True)
        if "mean_opposite" in w.split(",")}  # (trial: drawn level with the best, unmarked)
    ax.set_yticks(ys, [i18n.strategy(s, lang) + (i18n.tr("of_mean", lang) if m else "")
                       + (i18n.tr("held_back_mark", lang) if s in held else "")
                       + (i18n.tr("opposite_mark", lang) if s in opposite else "")
                       for s, m in zip(t["strategy"], stated["of_mean"], strict=True)])
    ax.set_ylim(len(t) - 0.5, -0.5)
    ax.grid(axis="x", alpha=0.3)


def plot_forest(table: pd.DataFrame, outcome: str, title: str = "", *,
                scenarios: list[str] | None = None, colours: dict[str, str] | None = None,
                lang: str = "en") -> Figure:
    """Forest plot of paired effects against the baseline, one panel per scenario.

    One row per strategy (baseline excluded): the median paired difference (dot) and its
    bootstrap 95 % interval (bar); a line at zero (no difference) and a grey band of plus
    or minus the smallest effect that matters. Filled dots are verdicts *better* or
    *worse*, open dots *unclear* or *negligible*. A strategy the decision holds back for
    losses left at risk (:func:`trustsim.money_outcomes.decision_held`) is crossed out and
    named so.

    Args:
        table: output of :func:`trustsim.compare`.
        outcome: the outcome to show.
        title: figure title.
        scenarios: scenarios to show (default all).
        colours: colour per strategy (default :func:`strategy_colours`).
        lang: ``en`` or ``zh``.

    Raises:
        ScenarioError: ``outcome`` is not in the table (it drew an empty figure: trial).
    """
    known = list(dict.fromkeys(table["outcome"]))
    if outcome not in known:
        from trustsim.errors import ScenarioError, suggest

        raise ScenarioError("not an outcome of this comparison", key="outcome", value=outcome,
                            allowed=known, suggestion=suggest(outcome, known))
    t = table[(table["outcome"] == outcome) & ~table["is_baseline"]].reset_index(drop=True)
    scenarios = scenarios or _in_order(t["scenario"])
    colours = colours or strategy_colours(list(table["strategy"]), _baseline(table))
    sizes = [max(1, int((t["scenario"] == sc).sum())) for sc in scenarios] or [1]
    base = i18n.strategy(_baseline(table) or "baseline", lang)
    direction = t["direction"].iloc[0] if len(t) else ""
    with style(lang):
        fig = _figure(figsize=(8, 0.45 * sum(sizes) + 1.1 * len(sizes) + 1.2))
        axes = fig.subplots(len(sizes), 1, squeeze=False, sharex=True,
                            gridspec_kw={"height_ratios": sizes})[:, 0]
        for ax, sc in zip(axes, scenarios, strict=False):
            # a strategy the decision holds back for losses left at risk is marked so
            # (policy trial: drawn filled and "better" while the page held it back)
            _forest_panel(ax, t[t["scenario"] == sc], colours, lang,
                          decision_held(table, sc, outcome))
            ax.set_title(i18n.scenario(sc, lang), loc="left")
            ax.set_ylabel(i18n.tr("strategy", lang))
        side = {"higher": i18n.tr("right_better", lang),
                "lower": i18n.tr("left_better", lang)}.get(direction, "")
        text = i18n.tr("forest_x", lang, base=base, label=unit(outcome, lang), side=side)
        if len(text) > 50 and side:  # its own line (it ran off: "left is bett...": trials)
            text = (i18n.tr("forest_x", lang, base=base, label=unit(outcome, lang), side="")
                    + "\n" + side.strip())
        text = textfmt.wrap_lines(text, int(9.5 * fig.get_figwidth()))
        axes[-1].set_xlabel(text)
        thousands(axes[-1].xaxis, i18n.money_factor(outcome, lang))
        fig.suptitle(title or i18n.tr("forest_title", lang,
                                      outcome=i18n.outcome(outcome, lang)))
    return fig


def thousands(axis: Any, factor: float = 1.0) -> None:
    """Tick labels of ``axis`` with thousands separators (-12,000), as the tables write them.

    Only axes reaching 1,000 change (language review: "-12000" on a chart beside "-11,124"
    in its table); smaller ones keep matplotlib's own labels. A horizontal axis of such
    numbers keeps to five ticks, so that the longer labels do not run into each other
    ("10,00012,00014,000" in a forwarded cost figure: policy trial). ``factor``: the
    labels show the data times it (:func:`trustsim.i18n.money_factor`: money drawn in
    thousand CNY, labelled in 万元), on an axis of any size.
    """
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    lo, hi = (axis.axes.get_xlim() if axis is axis.axes.xaxis else axis.axes.get_ylim())
    big = max(abs(lo), abs(hi)) >= 1000  # (in data: the same ticks in either language)
    if not big and factor == 1.0:
        return  # matplotlib's own labels (and offsets) for small numbers

    def label(value: float, pos: int | None) -> str:
        v = round(value * factor, 9)  # (250 x 0.1 is 25.000000000000004)
        text = f"{v:,.0f}" if float(v).is_integer() else f"{v:,g}"
        return text.replace("-", "\u2212")

    axis.set_major_formatter(FuncFormatter(label))
    if big and axis is axis.axes.xaxis:
        axis.set_major_locator(MaxNLocator(nbins=5))


def plot_heatmap(table: pd.DataFrame, outcome: str, value: str = "diff_median",
                 title: str = "", *, lang: str = "en") -> Figure:
    """Scenario x strategy heat map of one outcome, cells annotated with their values.

    ``value="diff_median"`` colours the paired effect vs the baseline on a diverging
    purple-orange scale (colour-blind safe) oriented so that **purple is better and orange
    worse** whatever the outcome's direction; only cells whose verdict is better or worse
    are coloured (unclear and negligible cells stay light grey, the baseline white).
    Effects more than ten times apart are coloured on a symmetric log scale, so a
    small decided effect is not left white beside a large one.
    ``value="median"`` colours the outcome itself (cividis). Cells give their number at
    the outcome's one precision, as its tables (:func:`trustsim.textfmt.decimals_for`), or
    to three significant digits, thousands in full (``-2,845``); a mean (a ``tail`` row) is
    marked ``*`` and the note under the figure says so; a strategy the decision holds back
    for losses left at risk (:func:`trustsim.money_outcomes.decision_held`) is marked ``†``,
    with its note too.
    """
    from matplotlib.colors import Normalize, SymLogNorm

    t = table[table["outcome"] == outcome]
    if value == "diff_median" and len(t):  # the effect each verdict reads (a mean marked *)
        stated = stated_frame(t)
        t = t.assign(diff_median=stated["effect"], _mean=stated["of_mean"])
    grid = t.pivot_table(index="scenario", columns="strategy", values=value, sort=False,
                         dropna=False)
    rows, cols = _in_order(t["scenario"]), _in_order(t["strategy"])
    grid = grid.reindex(index=rows, columns=cols)
    vals = grid.to_numpy(dtype=float)
    direction = {"higher": 1, "lower": -1}.get(t["direction"].iloc[0] if len(t) else "", 1)
    with style(lang):
        fig = _figure(figsize=(1.6 * grid.shape[1] + 3.6, 0.7 * grid.shape[0] + 2.8))
        ax = fig.subplots()
        if value == "diff_median":
            verdicts = t.pivot_table(index="scenario", columns="strategy", values="verdict",
                                     aggfunc="first", sort=False).reindex(index=rows,
                                                                          columns=cols)
            decided = verdicts.isin(["better", "worse"]).to_numpy()
            lim = np.nanmax(np.abs(vals[decided])) if decided.any() else 1.0
            lim = lim or 1.0
            ax.imshow(np.where(np.isnan(vals), 1.0, 0.9)[..., None] * np.ones(3),
                      aspect="auto")
            # The colour bar reads the cells' own numbers; for a lower-is-better outcome
            # the scale is reversed, so that purple is still the better side. Effects
            # more than ten times apart get a symmetric log scale: on a linear
            # one a -11,124 cell left the recommended -380 nearly white (policy trial).
            small = np.nanmin(np.abs(vals[decided])) if decided.any() else lim
            norm = (SymLogNorm(linthresh=small / 2, linscale=0.3, vmin=-lim, vmax=lim)
                    if 0 < small and lim / small > 10 else Normalize(vmin=-lim, vmax=lim))
            im = ax.imshow(np.ma.masked_where(~decided, vals),
                           cmap="PuOr" if direction > 0 else "PuOr_r", norm=norm,
                           aspect="auto")
            base = i18n.strategy(str(t["baseline"].iloc[0]) if len(t) else "", lang)
            # which colour is better on a line of its own: with one scenario the figure
            # is short, and one long line ran off it (policy trial: "(colour: low")
            label = i18n.tr("heat_effect", lang, base=base) + (
                "\n" + i18n.tr("sign_flipped", lang).strip() if direction < 0 else "")
        else:
            im = ax.imshow(np.ma.masked_invalid(vals), cmap="cividis", aspect="auto")
            label = i18n.tr("heat_median", lang)
        cb = fig.colorbar(im, ax=ax)
        shown = i18n.money_factor(outcome, lang)  # money labelled in 万元 in Chinese
        if value == "diff_median" and isinstance(im.norm, SymLogNorm):  # decades and 0 only
            ks = range(int(np.ceil(np.log10(small))), int(np.floor(np.log10(lim))) + 1)
            ticks = sorted([0.0, *(sign * 10.0 ** k for k in ks for sign in (-1, 1))])
            cb.set_ticks(ticks, labels=[textfmt.short(x * shown) for x in ticks])
            cb.ax.minorticks_off()  # (symlog's minor ticks crowded into a smudge at 0)
        elif shown != 1.0:
            thousands(cb.ax.yaxis, shown)
        height = fig.get_figheight() * 72 / cb.ax.yaxis.label.get_fontsize()  # in ems
        cb.set_label(textfmt.wrap_lines(f"{label}\n{unit(outcome, lang)}",
                                 int(0.85 * height * 1.9)))
        means = (t.pivot_table(index="scenario", columns="strategy", values="_mean",
                               aggfunc="first", sort=False).reindex(index=rows, columns=cols)
                 .fillna(False).to_numpy(bool) if "_mean" in t.columns
                 else np.zeros(vals.shape, bool))
        # a strategy the decision holds back for losses it may add: † (policy trial)
        held = np.array([[c in held for c in cols] for held in (
            decision_held(table, r, outcome) if value == "diff_median" else set()
            for r in rows)],
            bool).reshape(len(rows), len(cols))
        opposite = np.zeros(vals.shape, bool)  # a median whose mean points the other way: ‡
        if value == "diff_median" and "warnings" in t.columns:
            flags = t.assign(_opp=t["warnings"].fillna("").astype(str).str.split(",").map(
                lambda c: "mean_opposite" in c))
            opposite = (flags.pivot_table(index="scenario", columns="strategy", values="_opp",
                                          aggfunc="first", sort=False)
                        .reindex(index=rows, columns=cols).fillna(False).to_numpy(bool))
        # one precision for the outcome, as its tables (a tenth of what matters: "-0.200"
        # beside "-0.137", not "-0.2"); else three digits, thousands in full; inf
        m = t["min_effect"].to_numpy(float) if "min_effect" in t.columns else np.array([])
        m = m[np.isfinite(m)]
        d = places(outcome, lang, float(m[0]) if len(m) else None, sentence=False)
        own = str(t["baseline"].iloc[0]) if value == "diff_median" and len(t) else None
        below = (t.assign(_below=[said_below(v, w) for v, w in zip(
            t["verdict"], t["warnings"], strict=True)]).pivot_table(
            index="scenario", columns="strategy", values="_below", aggfunc="first",
            sort=False).reindex(index=rows, columns=cols).fillna(False).to_numpy(bool)
            if value == "diff_median" and {"verdict", "warnings"} <= set(t.columns)
            else np.zeros(vals.shape, bool))
        for (i, j), v in np.ndenumerate(vals):
            if np.isnan(v) and cols[j] == own:  # (an empty white column read as missing)
                ax.text(j, i, i18n.tr("baseline", lang), ha="center", va="center",
                        fontsize=10, color="#555555")
            if not np.isnan(v):  # (said below what matters: not printed as it, as tables)
                cell = (textfmt.fixed(v * shown, decimals=d, apart=float(m[0]) * shown
                                      if below[i, j] and len(m) else 0.0)[0]
                        if d is not None else textfmt.short(v * shown))
                ax.text(j, i, cell + ("*" if means[i, j] else "")
                        + ("†" if held.size and held[i, j] else "")
                        + ("‡" if opposite[i, j] else ""), ha="center",
                        va="center", fontsize=10,
                        color="black", bbox={"facecolor": "white", "alpha": 0.7, "lw": 0,
                                             "pad": 1})
        ax.set_xticks(range(grid.shape[1]), [i18n.strategy(c, lang) for c in grid.columns],
                      rotation=30, ha="right")
        ax.set_yticks(range(grid.shape[0]), [i18n.scenario(r, lang) for r in grid.index])
        # The figure says what * means, also when forwarded without the report.
        ax.set_xlabel(i18n.tr("strategy", lang) + ("\n\n" + i18n.tr("heat_mean_note", lang)
                                                   if means.any() else "")
                      + ("\n" + i18n.tr("heat_held_note", lang) if held.any() else "")
                      + ("\n" + i18n.tr("heat_opposite_note", lang) if opposite.any() else ""))
        ax.set_ylabel(i18n.tr("scenario", lang))
        what = i18n.tr("effect_vs_baseline" if value == "diff_median" else "median", lang)
        fig.suptitle(title or f"{i18n.outcome(outcome, lang)}{'：' if lang == 'zh' else ': '}"
                              f"{what}")
    return fig


def plot_sensitivity(table: pd.DataFrame, title: str = "", *, lang: str = "en") -> Figure:
    """Sensitivity-index bars (Sobol S1/ST or Morris mu*/sigma) of one scenario x strategy.

    See :func:`trustsim.viz.sensitivity_plot.plot_indices` (index names stay symbols).
    """
    from trustsim.viz.sensitivity_plot import plot_indices

    with style(lang):
        fig = plot_indices(table, title=title, lang=lang)
        for ax in fig.axes:
            if ax.axison:
                ax.set_ylabel(i18n.tr("parameter", lang))
    return fig


def comparison_figures(results, table: pd.DataFrame, lang: str = "en") -> dict[str, Figure]:
    """The figures of a comparison, keyed by file stem.

    Per scenario: ``envelope_METRIC_SCENARIO`` (one panel per strategy, each beside the
    baseline: ``plot_envelopes(..., by_strategy=True)``) and
    ``cost_SCENARIO`` (cost-effectiveness on the headline outcome); per lead outcome (the
    headline first, then the primary outcomes; three in all) ``forest_OUTCOME`` (one panel
    per scenario) and ``heatmap_OUTCOME``. A strategy has the same colour in all of them.
    """
    from trustsim.outcomes import lead_names, table_headline
    from trustsim.viz.costplot import plot_cost_effect

    figs: dict[str, Figure] = {}
    baseline = _baseline(table)
    colours = strategy_colours(list(table["strategy"]), baseline)
    scenarios = _in_order(table["scenario"])
    ts = getattr(results, "timeseries", None)
    settings = (getattr(results, "manifest", None) or {}).get("settings") or {}
    days = {sc: [float(c["time"]) for c in v.get("crises") or [] if isinstance(
        c.get("time"), int | float)] for sc, v in (settings.get("scenarios") or {}).items()}
    if ts is not None and len(ts) and "time" in ts.columns:
        metrics = [next(m for m in grp if m in ts.columns)
                   for grp in ENVELOPE_GROUPS if any(m in ts.columns for m in grp)]
        for sc in scenarios:
            for metric in metrics:
                figs[f"envelope_{metric}_{sc}"] = plot_envelopes(
                    ts, [metric], [sc], colours=colours, lang=lang, by_strategy=True,
                    events=days,
                    title=i18n.tr("envelope_title_one", lang, scenario=i18n.scenario(
                        sc, lang), metric=unit(ENVELOPE_SUMMED.get(metric, metric), lang)))
    head = table_headline(table)  # an experiment's headline: key, else final_trust
    if head is not None and COST_COLUMN in table.columns and np.isfinite(
            table["extra_cost"].to_numpy(float)).any():
        for sc in scenarios:
            figs[f"cost_{sc}"] = plot_cost_effect(table, sc, head, colours=colours,
                                                  lang=lang)
    outs = _in_order(table["outcome"])
    # the headline first (the decision page decides on it), then the short tables' outcomes
    chosen = lead_names(outs, head, 3) or [head]
    for o in chosen:
        if o is None or table.loc[table["outcome"] == o, "n_pairs"].sum() == 0:
            continue
        figs[f"forest_{o}"] = plot_forest(table, o, colours=colours, lang=lang)
        figs[f"heatmap_{o}"] = plot_heatmap(table, o, lang=lang)
    return figs


COST_COLUMN = "cost_median"
