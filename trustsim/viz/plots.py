"""Matplotlib figures of one run and of experiments.

One run: trust and AUM per platform. Experiments: median-and-band envelopes, forest plots
of paired effects, scenario x strategy heat maps, sensitivity-index bars. Core functions:
:func:`plot_run`, :func:`plot_envelopes`, :func:`plot_forest`, :func:`plot_heatmap`,
:func:`plot_sensitivity`. Colours come from the Okabe-Ito palette (colour-blind safe);
every axis is labelled with its unit.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["OKABE_ITO", "UNITS", "comparison_figures", "plot_envelopes", "plot_forest",
           "plot_heatmap", "plot_run", "plot_sensitivity", "unit"]

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
#: Units of time-series metrics and outcomes, for axis labels.
UNITS: dict[str, str] = {
    "mean_trust": "mean trust (0-1)", "sector_trust": "sector trust (0-1)",
    "aum": "AUM (thousand CNY)", "inflow": "inflow (thousand CNY/day)",
    "withdrawals_requested": "withdrawal requests (thousand CNY/day)",
    "withdrawals_paid": "withdrawals paid (thousand CNY/day)",
    "unpaid_queue": "unpaid withdrawals (thousand CNY)",
    "runs": "runs started (per day)", "active_users": "active users",
    "departed_users": "departed users", "user_losses": "user losses (thousand CNY)",
    "compensation_paid": "compensation (thousand CNY)",
    "platform_spending": "platform spending (thousand CNY)",
    "final_trust": "final trust (0-1)", "min_trust": "lowest trust (0-1)",
    "pre_crisis_trust": "pre-crisis trust (0-1)", "trust_lost": "trust lost (0-1)",
    "time_to_trough": "days to trough", "time_to_recover": "days to recover",
    "recovered": "share recovered (0-1)", "crisis_day": "crisis day",
    "peak_withdrawal_share": "peak withdrawals (share of AUM)",
    "aum_retained": "AUM retained (share of initial)",
    "failed_platforms": "failed platforms (count)",
    "users_departed": "users departed (share)",
}

#: Default panels of :func:`plot_envelopes`: the first metric of each group that exists.
ENVELOPE_GROUPS = (("mean_trust", "sector_trust"), ("aum",),
                   ("withdrawals_requested", "runs", "unpaid_queue", "withdrawals_paid"))


def _figure(**kw):
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure

    return Figure(layout="constrained", **kw)


def unit(name: str) -> str:
    """Axis label with unit for a metric or outcome (the name itself when unknown)."""
    return UNITS.get(name, name)


def plot_envelopes(timeseries: pd.DataFrame, metrics: list[str] | None = None,
                   scenarios: list[str] | None = None, title: str = "") -> Figure:
    """Median and 10-90 % band over runs, per day and strategy.

    One row of panels per metric (default: trust, AUM and withdrawals, whichever the
    results kept), one column per scenario; one colour per strategy (Okabe-Ito).

    Args:
        timeseries: :attr:`ExperimentResults.timeseries` (wide by metric).
        metrics: metric columns to plot.
        scenarios: scenarios to plot (default all, in table order).
        title: figure title.
    """
    if metrics is None:
        metrics = [next(m for m in grp if m in timeseries.columns)
                   for grp in ENVELOPE_GROUPS if any(m in timeseries.columns for m in grp)]
    scenarios = scenarios or list(dict.fromkeys(timeseries["scenario"]))
    strategies = list(dict.fromkeys(timeseries["strategy"]))
    nr, nc = max(1, len(metrics)), max(1, len(scenarios))
    fig = _figure(figsize=(3.6 * nc + 1, 2.4 * nr + 1))
    axes = fig.subplots(nr, nc, squeeze=False, sharex=True)
    q = (timeseries[timeseries["scenario"].isin(scenarios)]
         .groupby(["scenario", "strategy", "time"], sort=False)[metrics]
         .quantile([0.1, 0.5, 0.9]))
    for j, sc in enumerate(scenarios):
        for i, metric in enumerate(metrics):
            ax = axes[i][j]
            for k, st in enumerate(strategies):
                try:
                    g = q.loc[(sc, st)][metric].unstack()
                except KeyError:
                    continue
                colour = OKABE_ITO[k % len(OKABE_ITO)]
                ax.fill_between(g.index, g[0.1], g[0.9], color=colour, alpha=0.18, lw=0)
                ax.plot(g.index, g[0.5], color=colour, lw=1.6,
                        ls=("-", "--", "-.", ":")[k // len(OKABE_ITO) % 4], label=st)
            if i == 0:
                ax.set_title(sc)
            if j == 0:
                ax.set_ylabel(unit(metric))
            if i == nr - 1:
                ax.set_xlabel("day")
            ax.grid(alpha=0.3)
    handles, labels = axes[0][0].get_legend_handles_labels()
    if handles:
        fig.legend(handles, labels, loc="outside lower center", ncols=min(4, len(labels)),
                   fontsize="small")
    fig.suptitle(title or "Median and 10-90 % band over runs, per strategy")
    return fig


def plot_forest(table: pd.DataFrame, outcome: str, title: str = "") -> Figure:
    """Forest plot of paired effects against the baseline with their 95 % intervals.

    One row per scenario x strategy (baseline excluded): the median paired difference
    (dot) and its bootstrap 95 % interval (bar); a line at zero (no difference).

    Args:
        table: output of :func:`trustsim.compare`.
        outcome: the outcome to show.
        title: figure title.
    """
    t = table[(table["outcome"] == outcome) & ~table["is_baseline"]].reset_index(drop=True)
    strategies = list(dict.fromkeys(t["strategy"]))
    fig = _figure(figsize=(7.5, 0.32 * len(t) + 1.8))
    ax = fig.subplots()
    ylabels, y, pos = [], 0.0, []
    last = None
    for r in t.itertuples():
        if last is not None and r.scenario != last:
            y += 0.8
        pos.append(y)
        ylabels.append(f"{r.scenario}: {r.strategy}")
        last = r.scenario
        y += 1
    for k, st in enumerate(strategies):
        m = (t["strategy"] == st).to_numpy()
        ys = [p for p, keep in zip(pos, m, strict=True) if keep]
        d = t.loc[m]
        err = [(d["diff_median"] - d["ci_low"]).clip(lower=0),
               (d["ci_high"] - d["diff_median"]).clip(lower=0)]
        ax.errorbar(d["diff_median"], ys, xerr=err, fmt="osD^v<>p"[k % 8],
                    color=OKABE_ITO[k % len(OKABE_ITO)], capsize=3, label=st)
    ax.axvline(0, color="black", lw=0.8)
    ax.set_yticks(pos, ylabels, fontsize="small")
    ax.set_ylabel("scenario: strategy")
    ax.invert_yaxis()
    base = t["baseline"].iloc[0] if len(t) else "baseline"
    direction = t["direction"].iloc[0] if len(t) else ""
    better = {"higher": " (right is better)", "lower": " (left is better)"}.get(direction, "")
    ax.set_xlabel(f"paired difference vs {base}: {unit(outcome)}{better}")
    ax.grid(axis="x", alpha=0.3)
    fig.suptitle(title or f"Effect on {outcome}: median and 95 % bootstrap interval")
    return fig


def plot_heatmap(table: pd.DataFrame, outcome: str, value: str = "diff_median",
                 title: str = "") -> Figure:
    """Scenario x strategy heat map of one outcome, cells annotated with their values.

    ``value="diff_median"`` colours the paired effect vs the baseline on a diverging
    purple-orange scale (colour-blind safe) oriented so that purple is better whatever the
    outcome's direction; ``value="median"`` colours the outcome itself (cividis).
    """
    t = table[table["outcome"] == outcome]
    grid = t.pivot_table(index="scenario", columns="strategy", values=value, sort=False,
                         dropna=False)
    grid = grid.reindex(index=list(dict.fromkeys(t["scenario"])),
                        columns=list(dict.fromkeys(t["strategy"])))
    vals = grid.to_numpy(dtype=float)
    fig = _figure(figsize=(1.3 * grid.shape[1] + 3.2, 0.6 * grid.shape[0] + 2.2))
    ax = fig.subplots()
    direction = {"higher": 1, "lower": -1}.get(t["direction"].iloc[0] if len(t) else "", 1)
    if value == "diff_median":
        shown = vals * direction
        lim = np.nanmax(np.abs(shown)) if np.isfinite(shown).any() else 1.0
        lim = lim or 1.0
        im = ax.imshow(shown, cmap="PuOr_r", vmin=-lim, vmax=lim, aspect="auto")
        label = (f"paired difference vs {t['baseline'].iloc[0] if len(t) else 'baseline'}"
                 f"{' (sign flipped: lower is better)' if direction < 0 else ''}")
    else:
        im = ax.imshow(vals, cmap="cividis", aspect="auto")
        label = "median over runs"
    cb = fig.colorbar(im, ax=ax)
    cb.set_label(f"{label}\n{unit(outcome)}", fontsize="small")
    for (i, j), v in np.ndenumerate(vals):
        if np.isfinite(v):
            ax.text(j, i, f"{v:.3g}", ha="center", va="center", fontsize="small",
                    color="black", bbox={"facecolor": "white", "alpha": 0.6, "lw": 0,
                                         "pad": 1})
    ax.set_xticks(range(grid.shape[1]), grid.columns, rotation=30, ha="right")
    ax.set_yticks(range(grid.shape[0]), grid.index)
    ax.set_xlabel("strategy")
    ax.set_ylabel("scenario")
    what = "effect vs baseline" if value == "diff_median" else "median"
    fig.suptitle(title or f"{outcome}: {what}")
    return fig


def plot_sensitivity(table: pd.DataFrame, title: str = "") -> Figure:
    """Sensitivity-index bars (Sobol S1/ST or Morris mu*/sigma) of one scenario x strategy.

    See :func:`trustsim.experiments.sensitivity.plot_indices`.
    """
    from trustsim.experiments.sensitivity import plot_indices

    fig = plot_indices(table, title=title)
    for ax in fig.axes:
        if ax.axison:
            ax.set_ylabel("parameter")
    return fig


def comparison_figures(results, table: pd.DataFrame) -> dict[str, Figure]:
    """The figures of a comparison, keyed by file stem.

    Envelopes over time, and per headline outcome a forest plot and a heat map.
    """
    from trustsim.experiments.compare import headline_outcome
    from trustsim.outcomes import primary_names

    figs: dict[str, Figure] = {}
    ts = getattr(results, "timeseries", None)
    if ts is not None and len(ts) and "time" in ts.columns:
        figs["envelopes"] = plot_envelopes(ts, title=f"{getattr(results, 'name', '')}: "
                                           "median and 10-90 % band over runs")
    outs = list(dict.fromkeys(table["outcome"]))
    chosen = [o for o in primary_names() if o in outs][:3] or [headline_outcome(table)]
    for o in chosen:
        if o is None or table.loc[table["outcome"] == o, "n_pairs"].sum() == 0:
            continue
        figs[f"forest_{o}"] = plot_forest(table, o)
        figs[f"heatmap_{o}"] = plot_heatmap(table, o)
    return figs
