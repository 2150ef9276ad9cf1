"""The comparison table as text: per scenario, one line per strategy and outcome.

Core function: :func:`format_table` (what ``trustsim compare`` prints), with
:func:`warning_marks` (the table's short warning marks). The words it uses come from
:mod:`trustsim.experiments.wording`.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from trustsim import outcomes as registry
from trustsim.experiments.amounts import cost_matters_text, cost_num
from trustsim.experiments.wording import cost_basis, reads_mean, shows_per_cost, stated_effect
from trustsim.textfmt import num, nums, short
from trustsim.textfmt import table as table_text

__all__ = ["format_table", "warning_marks"]


def warning_marks(codes: str) -> str:
    """Short marks for the text table: ``!few !small !split !failed !horizon``."""
    short = {"few_pairs": "!few", "small": "!small", "split": "!split", "tail": "!tail",
             "mean_differs": "!mean", "mean_opposite": "!opposite", "censored": "!bound",
             "transfer": "!transfer",
             "failed_runs": "!failed",
             "horizon": "!horizon"}
    return " ".join(short.get(c, f"!{c}") for c in str(codes or "").split(",") if c)


def _band(r: Any) -> str:
    return f"{num(r.median)} [{num(r.p10)}, {num(r.p90)}]"


def format_table(table: pd.DataFrame, outcomes: list[str] | None = None) -> str:
    """A readable text table: per scenario, one line per strategy x outcome.

    ``outcomes``: those only, in that order under each strategy (default: all, as in
    ``table``).

    Each scenario block starts with every strategy's cost (its median and 10-90 % band:
    platform spending, public spending and investor-protection payouts, or platform
    spending alone for results kept without ``response_cost``; the legend says which).
    Columns: median [10 %, 90 %], paired effect vs the baseline with its 95 % interval,
    paired runs in which the strategy is better, rank, effect per million CNY of extra cost,
    and warnings.
    """
    full = table
    if outcomes is not None:  # those outcomes, in that order under each strategy
        table = table[table["outcome"].isin(outcomes)]
        order = {"_sc": {v: k for k, v in enumerate(dict.fromkeys(table["scenario"]))},
                 "_st": {v: k for k, v in enumerate(dict.fromkeys(table["strategy"]))},
                 "_o": {v: k for k, v in enumerate(outcomes)}}
        table = table.assign(**{c: table[col].map(m) for (c, m), col in
                                zip(order.items(), ("scenario", "strategy", "outcome"),
                                    strict=True)})
        table = table.sort_values(list(order), kind="stable")
    blocks = []
    header = ("strategy", "outcome", "median [p10, p90]", "effect vs base", "95% CI",
              "better in", "rank", "per 1M CNY", "warnings")
    for sc, g in table.groupby("scenario", sort=False):
        base = g["baseline"].iloc[0]
        n = int(g["n_pairs"].max()) if len(g) else 0
        rows = []
        for r in g.itertuples():
            if r.is_baseline:
                eff, ci, better = "(baseline)", "", ""
            else:
                # apart from what matters: "0.02 ... !small" read as "0.02 is below 0.02"
                eff, lo, hi = nums(*stated_effect(r), apart=float(r.min_effect or 0.0))
                ci = f"{lo} to {hi}" + (" (mean)" if reads_mean(r) else "")
                better = f"{r.n_better}/{r.n_pairs}" if r.direction else ""
                eff += {"better": " +", "worse": " -", "negligible": " ~"}.get(r.verdict, "")
            rank = "" if not np.isfinite(r.rank) else str(int(r.rank))
            free = (not r.is_baseline and np.isfinite(r.extra_cost)
                    and r.extra_cost < registry.COST_MATTERS
                    and r.outcome not in registry.COST_OUTCOMES)
            per = short(r.effect_per_cost) if shows_per_cost(r) else (
                "no extra cost that matters" if free else "")
            rows.append((r.strategy, r.outcome + {"higher": " ^", "lower": " v"}.get(
                r.direction, ""), _band(r), eff, ci, better, rank, per,
                warning_marks(r.warnings)))
        costs = full[(full["scenario"] == sc)].drop_duplicates("strategy")
        cost_line = "; ".join(
            f"{c.strategy} {cost_num(c.cost_median)} [{cost_num(c.cost_p10)}, "
            f"{cost_num(c.cost_p90)}]"
            for c in costs.itertuples() if np.isfinite(c.cost_median))
        head = f"{sc} (baseline {base}; {n} paired runs)"
        if cost_line:
            head += f"\ncost, thousand CNY (median [p10, p90]): {cost_line}"
        blocks.append(head + "\n" + table_text(rows, header))
    old = cost_basis(full) == registry.OLD_COST
    basis = ("platform spending only: these results did not keep response_cost, so "
             "investor-protection payouts are not counted" if old
             else "platform spending, public spending and investor-protection payouts; "
                  f"effect per 1M CNY only from {cost_matters_text()} of extra cost")
    legend = ("^ higher is better, v lower is better; effect = median paired difference "
              "strategy - baseline (the mean, marked (mean), for a yes-or-no outcome and "
              "!tail rows); + better / - worse: the whole 95% bootstrap interval "
              "is on that side of zero; ~ negligible: the whole interval is strictly "
              "within the smallest effect that matters; no mark: unclear; money outcomes "
              "and costs in thousand CNY; per 1M CNY = that effect per million CNY of "
              f"median extra cost ({basis}), shown where the verdict is better; warnings: "
              "!few fewer than 10 pairs (fewer than 6: no verdict), !small better or worse "
              "by an effect below what matters, !split paired differences split in two "
              "groups, !tail the median run changes less than what matters but the mean "
              "does not (effect and interval of the mean, marked (mean)), !mean better or "
              "worse by the median while the mean's interval includes zero or lies on the "
              "other side, !transfer losses after protection fall, total losses do not "
              "(what the fund repays; not priced), !failed failed "
              "runs left out, !horizon rank on losses falls once "
              "what the horizon hides counts")
    return "\n\n".join(blocks) + "\n\n" + legend


