"""The cost-effectiveness figure of one scenario: effect on an outcome against cost.

Core function: :func:`plot_cost_effect`. Each strategy is a point at (median extra cost
over the baseline in thousand CNY, the paired effect its verdict states: the median, or
the mean where the verdict reads the mean), with its 95 % interval as a vertical bar; the
baseline sits at (0, 0). A strategy is *dominated* when another is at least as effective
for no more money (one of the two strictly; costs less than
:data:`trustsim.outcomes.COST_MATTERS` apart count as the same, :func:`trustsim.pareto.
dominated`); dominated strategies are drawn as open markers and named so in the legend.
The baseline is drawn dominated only by a strategy shown to do better than it (verdict
``better``) for no more money: each strategy's effect is measured against the baseline, so
an interval across zero says the two may not differ. The efficient frontier joins the
strategies that are not dominated by the plain rule, cheapest first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from trustsim import i18n
from trustsim.outcomes import COST_MATTERS, stated_frame
from trustsim.pareto import dominated, frontier
from trustsim.viz.plots import strategy_colours, style, unit

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["cost_effect_points", "plot_cost_effect"]


def cost_effect_points(table: pd.DataFrame, scenario: str, outcome: str) -> pd.DataFrame:
    """The points of the figure: one row per strategy, baseline first.

    Columns: ``strategy, cost`` (median paired extra cost, thousand CNY, as in the tables;
    0 for the baseline), ``effect, ci_low, ci_high`` (paired effect on ``outcome`` and its
    interval, the mean where the row's verdict reads the mean; 0 for the baseline),
    ``verdict``, ``dominated`` and ``frontier`` (position on the efficient frontier,
    cheapest first; NaN when off it). Dominance compares effects in the
    outcome's better direction, and counts costs less than
    :data:`trustsim.outcomes.COST_MATTERS` apart as the same cost (every strategy pays for
    the regulator's inspections, a few thousand CNY more or less). The baseline is
    ``dominated`` only when a strategy whose verdict is ``better`` costs no more (an
    unclear median 51 thousand CNY lower, in the interventions' collapse, drew it as
    outdone by a strategy that may do nothing); the frontier is the plain rule's.
    """
    t = table[(table["scenario"] == scenario) & (table["outcome"] == outcome)]
    stated = stated_frame(t)  # the effect each row's verdict states, and its interval

    def col(name: str) -> np.ndarray:
        return np.where(t["is_baseline"], 0.0, stated[name].to_numpy(float))

    pts = pd.DataFrame({
        "strategy": t["strategy"].to_numpy(),
        "cost": np.where(t["is_baseline"], 0.0, t["extra_cost"].to_numpy(float)),
        "effect": col("effect"),
        "ci_low": col("low"),
        "ci_high": col("high"),
        "verdict": t["verdict"].to_numpy(),
        "is_baseline": t["is_baseline"].to_numpy(),
    })
    pts = pts.sort_values("is_baseline", ascending=False, kind="stable").reset_index(drop=True)
    sign = {"higher": 1, "lower": -1}.get(t["direction"].iloc[0] if len(t) else "", 1)
    tol = COST_MATTERS
    pts["dominated"] = dominated(sign * pts["effect"].to_numpy(), pts["cost"].to_numpy(), tol)
    base = pts["is_baseline"].to_numpy()
    if base.any():  # outdone only by a strategy shown better for no more money
        shown = (pts["verdict"] == "better").to_numpy() & ~base
        cost = pts["cost"].to_numpy(float)
        pts.loc[base, "dominated"] = bool((shown & ((cost <= 0) | (np.abs(cost) < tol))).any())
    order = frontier(sign * pts["effect"].to_numpy(), pts["cost"].to_numpy(), tol)
    pts["frontier"] = np.nan
    pts.loc[order, "frontier"] = np.arange(len(order), dtype=float)
    return pts


def plot_cost_effect(table: pd.DataFrame, scenario: str, outcome: str, *,
                     colours: dict[str, str] | None = None, lang: str = "en",
                     title: str = "") -> Figure:
    """Effect on ``outcome`` against extra cost, per strategy, for one scenario.

    Args:
        table: output of :func:`trustsim.compare` (with the cost columns).
        scenario: the scenario shown.
        outcome: the effect's outcome (the headline outcome in reports).
        colours: colour per strategy (default :func:`~trustsim.viz.plots.strategy_colours`).
        lang: ``en`` or ``zh``.
        title: figure title.
    """
    pts = cost_effect_points(table, scenario, outcome)
    base = str(table["baseline"].iloc[0]) if len(table) else ""
    colours = colours or strategy_colours(list(table["strategy"]), base)
    direction = table.loc[table["outcome"] == outcome, "direction"]
    direction = direction.iloc[0] if len(direction) else ""
    with style(lang):
        from matplotlib.figure import Figure

        fig = Figure(figsize=(8, 5.2), layout="constrained")
        ax = fig.subplots()
        ax.axhline(0, color="black", lw=0.8)
        front = pts.dropna(subset=["frontier"]).sort_values("frontier")
        if len(front) > 1:
            ax.plot(front["cost"], front["effect"], color="#555555", ls="--", lw=1.5,
                    label=i18n.tr("frontier", lang), zorder=1)
        for r in pts.itertuples():
            if not (np.isfinite(r.cost) and np.isfinite(r.effect)):
                continue
            c = colours.get(r.strategy, "#777777")
            name = i18n.strategy(r.strategy, lang)
            if r.is_baseline:
                name += i18n.tr("baseline_mark", lang)
            elif r.dominated:
                name += i18n.tr("dominated_mark", lang)
            err = [[max(r.effect - r.ci_low, 0)], [max(r.ci_high - r.effect, 0)]]
            ax.errorbar([r.cost], [r.effect], yerr=err, fmt="s" if r.is_baseline else "o",
                        ms=10, color=c, mfc="white" if r.dominated else c, mew=2, lw=2,
                        capsize=4, label=name, zorder=3)
        ax.set_xlabel(i18n.tr("cost_x", lang, base=i18n.strategy(base, lang)))
        side = {"higher": i18n.tr("up_better", lang),
                "lower": i18n.tr("down_better", lang)}.get(direction, "")
        ax.set_ylabel(i18n.tr("cost_y", lang, label=unit(outcome, lang), side=side))
        ax.grid(alpha=0.3)
        ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False)
        fig.suptitle(title or i18n.tr("cost_title", lang,
                                      scenario=i18n.scenario(scenario, lang)))
    return fig
