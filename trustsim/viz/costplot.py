"""The cost-effectiveness figure of one scenario: effect on an outcome against cost.

Core function: :func:`plot_cost_effect`. Each strategy is a point at (median extra cost
over the baseline in thousand CNY, the paired effect its verdict states: the median, or
the mean where the verdict reads the mean), with its 95 % interval as a vertical bar; the
baseline sits at (0, 0). A strategy is *dominated* when another is at least as effective
for no more money (one of the two strictly; costs less than
:data:`trustsim.money_outcomes.COST_MATTERS` apart count as the same,
:func:`trustsim.pareto.dominated`); dominated strategies are drawn as open markers and named
so in the legend. Effects are compared as the verdicts read them: a strategy not shown to
differ from the baseline by what matters (unclear, negligible, or better or worse by less
than what matters) counts as doing what the baseline does, so an interval across zero
never makes either one outdo the other. The efficient frontier joins the strategies not
dominated, cheapest first, each no worse than the one before it as drawn. A strategy the
recommendation holds back for the losses it leaves at risk
(:func:`trustsim.money_outcomes.held_back`) is crossed out and named so in the legend.
Points at about the same cost whose bars overlap are drawn side by side
(:func:`side_by_side`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from trustsim import i18n
from trustsim.money_outcomes import COST_MATTERS, held_back
from trustsim.outcomes import stated_frame
from trustsim.pareto import dominated, frontier
from trustsim.viz.plots import strategy_colours, style, thousands, unit

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["cost_caption", "cost_chart_marks", "cost_effect_points", "plot_cost_effect",
           "side_by_side"]


def cost_effect_points(table: pd.DataFrame, scenario: str, outcome: str,
                       held: set[str] = frozenset()) -> pd.DataFrame:  # type: ignore[assignment]
    """The points of the figure: one row per strategy, baseline first.

    ``held``: strategies the decision page holds back (crossed out): they neither dominate
    nor sit on the frontier, which is drawn among the others (a review found a held-back
    strategy making the recommended one "dominated", with no frontier left).

    Columns: ``strategy, cost`` (median paired extra cost, thousand CNY, as in the tables;
    0 for the baseline), ``effect, ci_low, ci_high`` (paired effect on ``outcome`` and its
    interval, the mean where the row's verdict reads the mean; 0 for the baseline),
    ``verdict``, ``judged`` (the effect dominance reads: the stated effect where the
    verdict is better or worse by at least what matters, else 0, the baseline's),
    ``dominated`` and ``frontier`` (position on the line of the efficient frontier, cheapest
    first; NaN when off it). Dominance compares judged effects in the outcome's better
    direction, and counts costs less than :data:`trustsim.money_outcomes.COST_MATTERS`
    apart as the same cost (every strategy pays for the regulator's inspections, a few
    thousand CNY more or less); a strategy that does what the baseline does at about its
    cost is dominated by it. An unclear median 51 thousand CNY lower, in the
    interventions' collapse, drew the baseline as outdone by a strategy that may do
    nothing. The frontier's line takes the strategies not dominated, cheapest first, and
    leaves out one drawn worse than a cheaper one on it (two that do not differ by what
    matters may sit either way round): such a strategy is drawn filled, off the line.
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
    warn = (t["warnings"].fillna("").astype(str) if "warnings" in t.columns
            else pd.Series("", index=t.index))
    shown = (pts["verdict"].isin(["better", "worse"]).to_numpy()
             & ~np.array(["small" in w.split(",") for w in warn], dtype=bool))
    effect = pts["effect"].to_numpy(float)
    pts["judged"] = np.where(~np.isfinite(effect), np.nan,  # not drawn: not compared
                             np.where(shown & ~pts["is_baseline"].to_numpy(), effect, 0.0))
    pts = pts.sort_values("is_baseline", ascending=False, kind="stable").reset_index(drop=True)
    sign = {"higher": 1, "lower": -1}.get(t["direction"].iloc[0] if len(t) else "", 1)
    tol = COST_MATTERS
    judged, cost = sign * pts["judged"].to_numpy(), pts["cost"].to_numpy()
    judged = np.where(pts["strategy"].isin(held).to_numpy(), np.nan, judged)
    base = 0 if len(pts) and pts.at[0, "is_baseline"] else None  # it wins ties
    pts["dominated"] = dominated(judged, cost, tol, base)
    line, best = [], -np.inf
    for i in frontier(judged, cost, tol, base):  # cheapest first; as drawn, never falling back
        if sign * pts.at[i, "effect"] >= best:
            line.append(i)
            best = sign * pts.at[i, "effect"]
    pts["frontier"] = np.nan
    pts.loc[line, "frontier"] = np.arange(len(line), dtype=float)
    return pts


def cost_chart_marks(table: pd.DataFrame, scenario: str, outcome: str
                     ) -> tuple[set[str], pd.DataFrame]:
    """What :func:`plot_cost_effect` draws: the strategies crossed out, and the points.

    Crossed out: held back by the decision page for the losses they may add; the points:
    :func:`cost_effect_points`.
    """
    # held back by the losses they may add (the decision page's rule): a chart forwarded
    # alone drew one on the frontier, unmarked (policy trial)
    held = held_back(table, scenario, outcome)  # (those better on the outcome drawn)
    return held, cost_effect_points(table, scenario, outcome, held)


def _drawn(pts: pd.DataFrame) -> np.ndarray:
    return (np.isfinite(pts["cost"].to_numpy(float))
            & np.isfinite(pts["effect"].to_numpy(float)))


def _frontier_line(pts: pd.DataFrame) -> pd.DataFrame:
    """The points the frontier's dashed line joins, cheapest first (drawn if two or more)."""
    return pts[_drawn(pts)].dropna(subset=["frontier"]).sort_values("frontier")


def cost_caption(table: pd.DataFrame, scenario: str, outcome: str, lang: str,
                 cost_matters: str) -> str:
    """The caption of :func:`plot_cost_effect`'s chart, saying only what it draws.

    The efficient frontier's dashed line where at least two points join it, the crossed-out
    marks where a strategy drawn is held back (a trial found the caption explaining a
    dashed line and crosses that a chart did not have). ``cost_matters``: the money that
    matters as the report writes it.
    """
    held, pts = cost_chart_marks(table, scenario, outcome)
    drawn = _drawn(pts)
    parts = ["cap_cost"]
    if len(_frontier_line(pts)) > 1:
        parts.append("cap_cost_frontier")
    if bool((pts["strategy"].isin(held).to_numpy() & drawn).any()):
        parts.append("cap_cost_crossed")
    parts.append("cap_cost_side")
    return ("" if lang == "zh" else " ").join(i18n.tr(k, lang, cm=cost_matters) for k in parts)


def side_by_side(cost: np.ndarray, low: np.ndarray, high: np.ndarray, step: float,
                 near: float = COST_MATTERS, pinned: int | None = None) -> np.ndarray:
    """Where to draw points whose markers would sit on one another: side by side.

    In order of cost (``pinned``, the baseline, first and never moved), a point less than
    ``step`` from one already placed whose bar (``low`` to ``high``) overlaps it moves a
    ``step`` further right of it (left where that would carry a point cheaper than the
    baseline past it), but never more than ``near`` from its own cost (costs closer than
    :data:`~trustsim.money_outcomes.COST_MATTERS` count as the same): every marker and
    bar shows (policy trial: deny_and_delay hid rapid_rebuttal, both at no extra cost).
    The others stay where they are; the tables give the costs themselves.

    Example:
        >>> side_by_side(np.array([0.0, 0.0, 0.0, 600.0]), np.array([-0.2, -0.21, 0.03, 0.0]),
        ...              np.array([-0.1, -0.1, 0.05, 0.1]), 30.0).tolist()
        [0.0, 30.0, 0.0, 600.0]
    """
    cost = np.asarray(cost, dtype=float)
    x = cost.copy()
    ok = np.isfinite(cost) & np.isfinite(low) & np.isfinite(high)
    placed: list[int] = []
    for i in sorted(np.flatnonzero(ok), key=lambda j: (j != pinned, cost[j], j)):
        xi = cost[i]
        while i != pinned:
            clash = [j for j in placed if abs(x[j] - xi) < step
                     and low[i] <= high[j] and low[j] <= high[i]]
            if not clash:
                break
            move = max(x[j] for j in clash) + step
            if pinned is not None and cost[i] < cost[pinned] <= move:  # stays cheaper
                move = min(x[j] for j in clash) - step
            if abs(move - cost[i]) > near:  # too far from what it costs: where it is
                xi = cost[i]
                break
            xi = move
        x[i] = xi
        placed.append(int(i))
    return x


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
    held, pts = cost_chart_marks(table, scenario, outcome)
    base = str(table["baseline"].iloc[0]) if len(table) else ""
    colours = colours or strategy_colours(list(table["strategy"]), base)
    direction = table.loc[table["outcome"] == outcome, "direction"]
    direction = direction.iloc[0] if len(direction) else ""
    # points at about the same cost whose bars overlap are drawn side by side (a
    # fortieth of the cost axis apart, within the money that matters)
    finite = pts["cost"][np.isfinite(pts["cost"])]
    span = float(finite.max() - finite.min()) if len(finite) else 0.0
    # (bars widened by a marker's half height: markers overlap before bars do)
    eff = pts["effect"].to_numpy(float)
    pad = 0.02 * float(np.ptp(eff[np.isfinite(eff)])) if np.isfinite(eff).any() else 0.0
    low = np.where(np.isfinite(pts["ci_low"]), pts["ci_low"], eff) - pad
    high = np.where(np.isfinite(pts["ci_high"]), pts["ci_high"], eff) + pad
    pinned = int(np.flatnonzero(pts["is_baseline"].to_numpy())[0]) if pts[
        "is_baseline"].any() else None
    pts["x"] = side_by_side(pts["cost"].to_numpy(float), low, high,
                            span / 40 if span > 0 else 1.0, pinned=pinned)
    with style(lang):
        from matplotlib.figure import Figure

        fig = Figure(figsize=(8, 5.2), layout="constrained")
        ax = fig.subplots()
        ax.axhline(0, color="black", lw=0.8)
        front = _frontier_line(pts)  # (none held back)
        if len(front) > 1:
            ax.plot(front["x"], front["effect"], color="#555555", ls="--", lw=1.5,
                    label=i18n.tr("frontier", lang), zorder=1)
        for r in pts.itertuples():
            if not (np.isfinite(r.cost) and np.isfinite(r.effect)):
                continue
            c = colours.get(r.strategy, "#777777")
            # "(baseline; dominated)": one bracket (trial: "(baseline) (dominated)"); the
            # baseline is dominated too where drawn open (trial: open, unexplained)
            marks = [i18n.tr(k, lang).strip(" ()（）") for k, on in (
                ("baseline_mark", r.is_baseline), ("dominated_mark", r.dominated),
                ("held_back_mark", r.strategy in held)) if on]
            name = i18n.strategy(r.strategy, lang) + ("" if not marks else (
                f"（{'，'.join(marks)}）" if lang == "zh" else f" ({'; '.join(marks)})"))
            err = [[max(r.effect - r.ci_low, 0)], [max(r.ci_high - r.effect, 0)]]
            ax.errorbar([r.x], [r.effect], yerr=err, fmt="s" if r.is_baseline else "o",
                        ms=10, color=c, mfc="white" if r.dominated else c, mew=2, lw=2,
                        capsize=4, label=name, zorder=3)
            if r.strategy in held:  # crossed out
                ax.plot([r.x], [r.effect], "x", ms=14, mew=2.5, color="black", zorder=4)
        # its unit on a line of its own: beside a wide legend one line ran off the figure
        # (policy trial: "st vs do_nothing (thousand CNY..." was all that showed)
        ax.set_xlabel(i18n.tr("cost_x", lang, base=i18n.strategy(base, lang))
                      .replace(" (", "\n(", 1).replace("（", "\n（", 1))
        side = {"higher": i18n.tr("up_better", lang),
                "lower": i18n.tr("down_better", lang)}.get(direction, "")
        ax.set_ylabel(i18n.tr("cost_y", lang, label=unit(outcome, lang), side=side))
        ax.grid(alpha=0.3)
        thousands(ax.xaxis, i18n.money_factor("cost", lang))  # 万元 in Chinese
        thousands(ax.yaxis, i18n.money_factor(outcome, lang))
        ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False)
        fig.suptitle(title or i18n.tr("cost_title", lang,
                                      scenario=i18n.scenario(scenario, lang)))
    return fig
