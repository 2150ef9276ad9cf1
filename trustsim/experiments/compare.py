"""Strategy comparison with honest uncertainty: paired differences and bootstrap intervals.

Core functions: :func:`compare` (the tidy comparison table), :func:`verdict` and
:func:`write_compare` (the table as CSV and Parquet plus the figures). The words about the
table (:func:`~trustsim.experiments.text_table.format_table`,
:func:`~trustsim.experiments.wording.findings`) are in :mod:`trustsim.experiments.wording`
and re-exported here.

Runs of different strategies in an experiment share their seeds when they share scenario,
design point and replication (common random numbers), so each strategy is compared with
the baseline on *paired* runs: the difference is taken run by run, and its median gets a
percentile-bootstrap 95 % confidence interval (resampling pairs). The share of pairs in
which the strategy beats the baseline respects each outcome's direction
(:data:`DIRECTION`); ties count one half.

The verdict of a row (:func:`verdict`) reads the interval in the outcome's better
direction and against its smallest effect that matters ``m`` (the outcome registry's
``min_effect``, overridable per experiment): *negligible* when the whole interval lies
within ``[-m, +m]``; otherwise *better* when the whole interval is on the better side of
zero, *worse* when it is all on the worse side, *unclear* when it straddles zero -- or
when fewer than :data:`MIN_VERDICT_PAIRS` paired runs are compared: no 95 % interval of a
median can be had from so few.

A median hides what a strategy does in a few runs: where most paired differences are
exactly zero (no one leaves, no platform fails) and a few are large, the median and its
interval are zero. So *negligible* also needs the bootstrap 95 % interval of the **mean**
difference (``mean_ci_low, mean_ci_high``) to lie within ``[-m, +m]``; where it does not,
the verdict is read from the mean's interval instead (better, worse or unclear) and the
row carries the ``tail`` warning. Likewise an *unclear* row reads the mean's interval where
that is clearly better or worse and the median difference is within ``[-m, +m]``, or
points the same way with its interval ending exactly at 0 (many runs unchanged). A
binary outcome (``Outcome.binary``: ``recovered``, a
yes or no per run) is always read by the mean, the difference in the share of runs (the
median of differences of 0 and 1 moves only in halves).

Each row also carries warnings (:data:`WARNINGS`): fewer than :data:`MIN_PAIRS` pairs, a
better or worse verdict whose stated effect is smaller than what matters (``small``), a
verdict read from the mean (``tail``), a median verdict the mean's interval does not share
(``mean_differs``), no verdict by the median while the mean points the other way by what
matters (``mean_opposite``), a time that is a bound where a side never got there
(``censored``), paired differences clearly split in two groups (:func:`~trustsim.
experiments.stats.split_test`), failed runs, and -- on ``user_losses`` -- a rank that
changes once the money still at risk at the end of the runs is counted as lost.
"""

from __future__ import annotations

import zlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from trustsim import outcomes as registry
from trustsim.errors import suggest
from trustsim.experiments.stats import (
    MIN_VERDICT_PAIRS,
    boot_mean_ci,
    boot_median_ci,
    percentiles,
    split_test,
)
from trustsim.experiments.text_table import format_table
from trustsim.experiments.wording import findings, headline_outcome, sentence
from trustsim.scenario import ScenarioError

if TYPE_CHECKING:
    from trustsim.experiments.store import ExperimentResults

__all__ = ["DIRECTION", "COST", "OLD_COST", "MIN_PAIRS", "MIN_VERDICT_PAIRS", "WARNINGS",
           "compare", "default_baseline", "findings", "format_table", "headline_outcome",
           "sentence", "verdict", "write_compare"]

#: Which way is better for each outcome: +1 higher is better, -1 lower is better, 0 neither
#: (a descriptive outcome: no win share, no rank). Derived from ``trustsim.outcomes``.
DIRECTION: dict[str, int] = {n: o.direction for n, o in registry.OUTCOMES.items()}

#: The outcome used as a strategy's cost (thousand CNY): platform spending, public spending
#: (the regulator's inspections included) and investor-protection payouts. Results kept
#: before it existed fall back on
#: :data:`OLD_COST`, platform spending alone (a guarantee then looks free).
COST = registry.COST
OLD_COST = registry.OLD_COST

#: Fewer paired runs than this and a row carries the ``few_pairs`` warning.
MIN_PAIRS = 10

#: Warning codes of the ``warnings`` column (comma-separated) and what they mean.
WARNINGS: dict[str, str] = {
    "few_pairs": f"fewer than {MIN_PAIRS} paired runs: the interval is rough (fewer than "
                 f"{MIN_VERDICT_PAIRS}: no verdict, unclear)",
    "small": "better or worse, but the stated effect (the median, or a tail row's mean) is "
             "smaller than the smallest effect that matters: the interval does not "
             "include zero, but it does include changes too small to matter; such a "
             "strategy is not recommended",
    "split": "the paired differences are clearly split in two groups (dip test, 1 %): "
             "the median hides that the strategy does very different things in "
             "different runs",
    "tail": "the median does not settle it (it changes by less than what matters, or its "
            "interval reaches no change where many runs are unchanged), but the mean does "
            "(its interval is not negligible, or clearly better or worse): in some runs the "
            "strategy changes the outcome by much more (n_better and n_worse say in how "
            "many); the verdict reads the mean difference's interval",
    "mean_differs": "better or worse by the median, but the mean difference's interval "
                    "includes zero or lies on the other side (a few runs go the other way by "
                    "more): on average over runs the effect is not shown",
    "mean_opposite": "no verdict by the median (unclear, or a change too small to matter), "
                     "but the mean paired difference points the other way by at least what "
                     "matters: a few runs go much further the other way (n_better and "
                     "n_worse say how many); the median alone would mislead",
    "transfer": "losses after protection fall but total losses (money lost whoever bears "
                "it) do not: the cut is what the protection fund repays, a transfer, not "
                "priced per cost",
    "failed_runs": "some runs of this strategy or of the baseline failed and are left out",
    "censored": "in some paired runs the strategy or the baseline never recovered within the "
                "run: its time to recover counts the days left, a bound, not a measured time "
                "(the difference may be larger or smaller)",
    "horizon": "the rank on user losses changes when what the horizon hides is counted "
               "(losses_if_wound_up: the platforms still at risk at the end wound up; else "
               "all money at risk as lost), and the strategy leaves hidden losses that "
               "matter: part of its avoided losses may only be postponed",
}

#: The outcome whose ranking the horizon check repeats with the money still at risk; the
#: check prices that money with ``WOUND_UP`` when the results have it (what a wind-up of
#: the platforms at risk would cost), else counts all of it as lost.
LOSSES, AT_RISK, WOUND_UP = "user_losses", "money_at_risk", "losses_if_wound_up"
#: Money lost whoever bears it (before investor protection): what a transfer does not cut.
TOTAL = "total_losses"

PAIR_KEYS = ["scenario", "design_point", "replication", "seed"]

COLUMNS = ["scenario", "strategy", "outcome", "direction", "baseline", "is_baseline",
           "n_runs", "median", "p10", "p90", "n_pairs", "diff_median", "diff_mean",
           "ci_low", "ci_high", "mean_ci_low", "mean_ci_high", "min_effect", "n_better",
           "n_worse", "win_share", "verdict",
           "rank", "cost_basis", "cost_median", "cost_p10", "cost_p90", "extra_cost",
           "effect_per_cost",
           "n_failed", "split", "split_p", "rank_at_risk", "warnings", "headline"]


def _summaries(results: ExperimentResults | pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """The summaries table and the experiment's outcome names (in order)."""
    if isinstance(results, pd.DataFrame):
        s = results
        known = [c for c in s.columns if c in DIRECTION]
        return s, known
    s = results.summaries
    return s, [o for o in results.manifest["outcomes"] if o in s.columns]


def _failed_counts(results: ExperimentResults | pd.DataFrame) -> dict[tuple[str, str], int]:
    """Failed runs per (scenario, strategy) (none known for a bare DataFrame)."""
    if isinstance(results, pd.DataFrame):
        return {}
    failed = results.failed
    if failed.empty:
        return {}
    return {k: int(v) for k, v in failed.groupby(["scenario", "strategy"]).size().items()}


def _stable_seed(seed: int, *names: str) -> np.random.SeedSequence:
    """A seed for one group that does not depend on row or group order."""
    return np.random.SeedSequence([int(seed), *(zlib.crc32(n.encode()) for n in names)])


#: Outcomes that are a bound in a run that never got there -> the outcome saying if it did.
CENSORED_BY = {"time_to_recover": "recovered"}


def _censored(pairs: pd.DataFrame, outcome: str, kept: np.ndarray) -> bool:
    """Whether a pair behind ``outcome``'s difference has a side that never got there."""
    flag = CENSORED_BY.get(outcome)
    return flag in pairs.columns and bool(((pairs[flag].to_numpy(float) == 0) | (
        pairs[f"{flag}_b"].to_numpy(float) == 0))[kept].any())


def _paired(pairs: pd.DataFrame, col: str) -> np.ndarray:
    """Run-by-run differences ``col`` - ``col_b``; those within float rounding are 0.

    A sum computed in another order differs in its last bits: ``total_losses`` equal in
    every run showed an effect of 4.55e-13 thousand CNY, "negligible" (policy trial).
    """
    a, b = pairs[col].to_numpy(float), pairs[f"{col}_b"].to_numpy(float)
    with np.errstate(invalid="ignore"):  # inf - inf: the same outcome (both never), 0 below
        d = a - b
        # (a run that never got there beside one that did is +-inf, not a tie: review)
        d[(a == b) | (np.isfinite(d)
                      & (np.abs(d) <= 1e-12 * np.maximum(np.abs(a), np.abs(b))))] = 0.0
    return d


def _quantiles(y: np.ndarray) -> tuple[float, float, float]:
    y = y[~np.isnan(y)]
    if not len(y):
        return np.nan, np.nan, np.nan
    p10, med, p90 = percentiles(y, [10, 50, 90])
    return float(med), float(p10), float(p90)


def verdict(direction: int, ci_low: float, ci_high: float, min_effect: float = 0.0,
            n_pairs: int | None = None) -> str:
    """The verdict of a paired comparison from its 95 % interval.

    The interval is turned so that positive means "better" (multiplied by ``direction``),
    then:

    * ``negligible`` -- the whole interval lies strictly inside ``(-min_effect,
      +min_effect)``: an interval that reaches the smallest effect that matters takes in a
      change that matters (with ``min_effect = 0`` only an interval of exactly zero: a tie);
    * ``better`` -- otherwise, the whole interval is above zero;
    * ``worse`` -- otherwise, the whole interval is below zero;
    * ``unclear`` -- the interval straddles zero and reaches beyond the threshold; or
      ``n_pairs`` (when given) is below :data:`MIN_VERDICT_PAIRS`, too few paired runs
      for any 95 % interval of a median.

    A descriptive outcome (``direction`` 0) or a missing interval gets ``""``.

    Example:
        >>> verdict(-1, -26258.0, 1093.0, 100.0)   # lower is better, straddles zero
        'unclear'
        >>> verdict(-1, -3.0, -1.0, 0.5), verdict(1, 0.001, 0.004, 0.02)
        ('better', 'negligible')
        >>> verdict(-1, -3.0, -1.0, 0.5, n_pairs=5)   # too few pairs to tell
        'unclear'
        >>> verdict(1, 0.0, 0.5, 0.5)   # recovered (0/1) in one pair in two: it matters
        'unclear'
    """
    if not direction or not (np.isfinite(ci_low) and np.isfinite(ci_high)):
        return ""
    if n_pairs is not None and n_pairs < MIN_VERDICT_PAIRS:
        return "unclear"
    lo, hi = sorted((direction * ci_low, direction * ci_high))
    m = max(float(min_effect), 0.0)
    if (-m < lo and hi < m) or lo == hi == 0.0:
        return "negligible"
    if lo > 0:
        return "better"
    if hi < 0:
        return "worse"
    return "unclear"


def default_baseline(strategies: list[str], manifest: dict[str, Any]) -> str | None:
    """The baseline a comparison reads without ``--baseline``.

    The experiment file's ``baseline:`` (``manifest``), else ``do_nothing`` when among
    ``strategies``, else the first of them (None without any).
    """
    named = manifest.get("baseline")
    if named in strategies:
        return named
    return "do_nothing" if "do_nothing" in strategies else (strategies[0] if strategies
                                                            else None)


def _tail(on_median: str, diff_median: float, min_effect: float, on_mean: str,
          direction: int, pinned: bool = False) -> bool:
    """Whether a row's verdict reads the mean's interval (the ``tail`` warning).

    Where the median does not settle it, the mean must agree: a *negligible* median needs
    a negligible mean; an *unclear* one gives way to a mean that is clearly better or worse
    when the median is within ``min_effect``, or points the same way with its interval
    ``pinned`` at exactly 0 by runs that changed nothing. Not where the median's interval
    merely straddles 0: noise alone would then often pass one test or the other.

    History: until 2026-12-07 only a negligible median gave way, so a strategy adding 294
    thousand CNY of losses on average (68 to 566) read "unclear" beside one adding 143
    that read "worse"; then only a median within ``min_effect``, so money at risk higher in
    13 of 20 runs and lower in none, mean 2,388 (609 to 4,804), read "not clear" (policy
    trials).
    """
    if on_median == "negligible":
        return on_mean != "negligible"
    if on_median != "unclear" or on_mean not in ("better", "worse"):
        return False
    return abs(diff_median) < min_effect or (pinned and (on_mean == "better") == (
        direction * diff_median > 0))


def compare(results: ExperimentResults | pd.DataFrame, baseline: str | None = None,
            outcomes: list[str] | None = None, n_boot: int = 2000, seed: int = 0,
            min_effect: dict[str, float] | None = None,
            headline: str | None = None) -> pd.DataFrame:
    """Compare every strategy with a baseline, per scenario and outcome, on paired runs.

    Args:
        results: an experiment's results (or a summaries DataFrame with ``scenario,
            strategy, design_point, replication`` (``seed`` optional) and outcome columns).
        baseline: the strategy to compare with (default: the experiment file's
            ``baseline:``, else ``do_nothing`` when present, else the first strategy).
        outcomes: outcomes to compare (default: every outcome the experiment kept).
        n_boot: bootstrap resamples for the confidence intervals.
        seed: seed of the bootstrap (the table is reproducible, and independent of row
            order).
        min_effect: smallest effects that matter, by outcome, overriding the outcome
            registry's (default: the experiment file's ``min_effect:``, then the registry).
        headline: the outcome the comparison decides on, marked in the ``headline``
            column (default: the experiment file's ``headline:``; else the outcome readers
            lead with, ``final_trust`` when compared: :func:`headline_outcome`).

    Returns:
        One row per scenario x strategy x outcome (plan order): ``direction`` (higher,
        lower or blank when neither is better), ``n_runs, median, p10, p90`` of the
        outcome; paired against the baseline: ``n_pairs``, ``diff_median`` (median of the
        run-by-run differences strategy - baseline) with its bootstrap 95 % interval
        ``ci_low, ci_high``, ``diff_mean`` with its interval ``mean_ci_low,
        mean_ci_high`` (the tail check of *negligible*, module docstring),
        ``n_better``/``n_worse`` and ``win_share``
        (share of pairs where the strategy beats the baseline, ties counting one half);
        ``min_effect`` (the smallest effect that matters) and ``verdict`` (better,
        worse, negligible or unclear: see :func:`verdict`);
        ``rank`` within scenario and outcome (1 = best median; baseline included);
        the strategy's own cost in the scenario, ``cost_median, cost_p10, cost_p90``
        (``cost_basis`` names the outcome: :data:`COST`, platform spending, public spending
        (the regulator's inspections included) and investor-protection payouts, thousand
        CNY; :data:`OLD_COST`, platform spending alone, for results kept without it);
        ``extra_cost`` (median paired extra cost, thousand CNY) and
        ``effect_per_cost`` (the stated effect, ``diff_median`` or a ``tail`` row's
        ``diff_mean``, per million CNY of ``extra_cost``, where
        the strategy costs at least :data:`~trustsim.money_outcomes.COST_MATTERS` more than the
        baseline and its verdict is better: nothing else is priced); ``n_failed`` (failed
        runs of the
        strategy in the scenario); ``split``/``split_p`` (paired differences clearly
        split in two, and the dip test's p-value); ``rank_at_risk`` (on ``user_losses``
        rows: the rank by ``losses_if_wound_up`` when it was kept, else by user losses plus
        money still at risk, when both were kept);
        ``warnings`` (comma-separated codes of :data:`WARNINGS`); ``headline`` (true on
        the rows of the headline outcome). Baseline rows carry
        their own statistics and NaN differences.

    Raises:
        ScenarioError: no finished runs, an unknown baseline or outcome.

    Example:
        >>> tab = compare(load_results("results/smoke"))     # doctest: +SKIP
        >>> print(format_table(tab))                           # doctest: +SKIP
    """
    s, known = _summaries(results)
    if s.empty:
        raise ScenarioError("no finished runs to compare",
                            file=str(getattr(results, "folder", "")) or None)
    strategies = list(dict.fromkeys(s["strategy"]))
    if baseline is None:
        baseline = default_baseline(strategies, (getattr(results, "manifest", None) or {}))
    elif baseline not in strategies:
        raise ScenarioError("unknown baseline strategy", key="baseline (--baseline)",
                            value=baseline, allowed=strategies,
                            suggestion=suggest(baseline, strategies))
    if outcomes is None:
        outcomes = known
    else:
        bad = [o for o in outcomes if o not in s.columns or o in PAIR_KEYS + ["strategy"]]
        if bad:
            raise ScenarioError("unknown outcome", key="outcomes (--outcomes)", value=bad[0],
                                allowed=known, suggestion=suggest(bad[0], known))
    for name, value in (min_effect or {}).items():  # (trial: a typo or -0.1 was taken)
        if name not in outcomes:
            raise ScenarioError("not a compared outcome", key=f"min_effect.{name}",
                                allowed=outcomes, suggestion=suggest(name, outcomes))
        if (isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0
                or not np.isfinite(value)):
            raise ScenarioError("must be a number, 0 or more", key=f"min_effect.{name}",
                                value=value, allowed=">= 0")
    if not isinstance(n_boot, (int, np.integer)) or n_boot < 20:
        raise ScenarioError("too few bootstrap resamples for a 95% interval",  # (0: crash)
                            key="n_boot (--n-boot)", value=n_boot,
                            allowed=">= 20 (2000 by default)")
    thresholds = {n: o.min_effect for n, o in registry.OUTCOMES.items()}
    if not isinstance(results, pd.DataFrame):
        thresholds.update(results.manifest.get("min_effect") or {})
    thresholds.update(min_effect or {})
    if headline is None and not isinstance(results, pd.DataFrame):
        headline = results.manifest.get("headline")
    if headline is not None and (headline not in outcomes or not DIRECTION.get(headline)):
        ranked = [o for o in outcomes if DIRECTION.get(o)]
        raise ScenarioError("the headline must be a compared outcome with a better "
                            "direction", key="headline", value=headline, allowed=ranked,
                            suggestion=suggest(headline, ranked))
    if headline is None:  # the outcome readers lead with anyway (policy trial: the column
        headline = registry.headline_among(list(outcomes), None)  # was false on every row)
    failed = _failed_counts(results)
    keys = [k for k in PAIR_KEYS if k in s.columns]
    scen_order = list(dict.fromkeys(s["scenario"]))
    s = s.sort_values(["scenario", "strategy", *keys[1:]], kind="stable")
    cost_col = COST if COST in s.columns else OLD_COST
    has_cost = cost_col in s.columns
    rows: list[dict[str, Any]] = []
    for sc in scen_order:
        g = s[s["scenario"] == sc]
        base = g[g["strategy"] == baseline]
        for st in [x for x in strategies if x in set(g["strategy"])]:
            mine = g[g["strategy"] == st]
            pairs = mine.merge(base, on=keys, suffixes=("", "_b"))
            # to the yuan: float noise of a strategy that spends nothing shows as 0
            cost = tuple(np.round(_quantiles(mine[cost_col].to_numpy(float)), 3)) \
                if has_cost else (np.nan,) * 3
            cost_d = (_paired(pairs, cost_col) if has_cost and st != baseline
                      else np.array([]))
            extra_cost = float(np.round(np.nanmedian(cost_d), 3)) + 0.0 if cost_d.size and \
                not np.isnan(cost_d).all() else np.nan  # to the yuan, as the costs (no -0)
            n_failed = failed.get((sc, st), 0)
            for o in outcomes:
                direction = DIRECTION.get(o, 0)
                y = mine[o].to_numpy(float)
                med, p10, p90 = _quantiles(y)
                row: dict[str, Any] = {
                    "scenario": sc, "strategy": st, "outcome": o,
                    "direction": {1: "higher", -1: "lower"}.get(direction, ""),
                    "baseline": baseline, "is_baseline": st == baseline,
                    "n_runs": int((~np.isnan(y)).sum()), "median": med, "p10": p10,
                    "p90": p90, "n_pairs": 0, "diff_median": np.nan, "diff_mean": np.nan,
                    "ci_low": np.nan, "ci_high": np.nan, "mean_ci_low": np.nan,
                    "mean_ci_high": np.nan,
                    "min_effect": thresholds.get(o, 0.0) if direction else np.nan,
                    "n_better": 0, "n_worse": 0,
                    "win_share": np.nan, "verdict": "", "rank": np.nan,
                    "cost_basis": cost_col if has_cost else "",
                    "cost_median": cost[0], "cost_p10": cost[1], "cost_p90": cost[2],
                    "extra_cost": np.nan, "effect_per_cost": np.nan, "n_failed": n_failed,
                    "split": False, "split_p": np.nan, "rank_at_risk": np.nan,
                    "warnings": "", "headline": o == headline}
                warn = []
                if n_failed or failed.get((sc, baseline), 0):
                    warn.append("failed_runs")
                if st != baseline:
                    d = _paired(pairs, o)
                    if _censored(pairs, o, ~np.isnan(d)):
                        warn.append("censored")
                    d = d[~np.isnan(d)]
                    # One resampling of the pairs for every outcome of this strategy: equal
                    # outcomes get equal intervals (until 2026-12-06 each drew its own, and
                    # total_losses and losses_if_wound_up, equal, showed different ones).
                    rng = np.random.default_rng(_stable_seed(seed, sc, st))
                    lo, hi = boot_median_ci(d, n_boot, rng)
                    # its own stream: the median's interval is what it was without it
                    mlo, mhi = boot_mean_ci(d, n_boot, np.random.default_rng(
                        _stable_seed(seed, sc, st, "mean")))
                    row.update(mean_ci_low=mlo, mean_ci_high=mhi)
                    row.update(n_pairs=len(d), ci_low=lo, ci_high=hi,
                               diff_median=float(np.median(d)) if len(d) else np.nan,
                               diff_mean=float(np.mean(d)) if len(d) else np.nan,
                               extra_cost=extra_cost)
                    if direction and len(d):
                        better = int((direction * d > 0).sum())
                        worse = int((direction * d < 0).sum())
                        row.update(n_better=better, n_worse=worse,
                                   win_share=(better + 0.5 * (len(d) - better - worse))
                                   / len(d))
                        row["verdict"] = verdict(direction, lo, hi, row["min_effect"],
                                                 len(d))
                        on_mean = verdict(direction, mlo, mhi, row["min_effect"], len(d))
                        if registry.is_binary(o):  # a difference in the share of runs
                            row["verdict"] = on_mean
                        elif _tail(row["verdict"], row["diff_median"], row["min_effect"],
                                   on_mean, direction, 0.0 in (lo, hi)):
                            row["verdict"] = on_mean
                            warn.append("tail")
                    # the effect the verdict states (outcomes.reads_mean: the mean of a tail
                    # row or a binary outcome, else the median)
                    stated = (row["diff_mean"] if registry.reads_mean(o, ",".join(warn))
                              else row["diff_median"])
                    if direction and len(d):
                        if (row["verdict"] in ("better", "worse")
                                and abs(stated) < row["min_effect"]):
                            warn.append("small")
                        # the mean's interval must lie on the same side of zero (any size)
                        if (row["verdict"] in ("better", "worse") and "tail" not in warn
                                and not registry.is_binary(o)
                                and verdict(direction, mlo, mhi, 0.0, len(d)) != row["verdict"]):
                            warn.append("mean_differs")
                        # no verdict by the median, and the mean the other way by what
                        # matters (policy trial: rapid_rebuttal +0.046 by its median, 13 of
                        # 20 runs, -0.041 on average, with no warning)
                        if (row["verdict"] in ("unclear", "negligible") and "tail" not in warn
                                and not registry.is_binary(o)
                                and row["diff_median"] * row["diff_mean"] < 0
                                and abs(row["diff_mean"]) >= row["min_effect"]):
                            warn.append("mean_opposite")
                    if (o not in registry.COST_OUTCOMES and len(d) and np.isfinite(extra_cost)
                            and extra_cost >= registry.COST_MATTERS
                            and row["verdict"] == "better"):
                        # per million CNY (the cost is in thousand CNY), as every table
                        # and report shows it; not on an extra cost too small to matter,
                        # nor on an effect not clearly better (nothing to price: an
                        # unclear one's ratio in the CSV read as a price, outside trial)
                        row["effect_per_cost"] = 1000.0 * stated / extra_cost
                    row["split"], row["split_p"] = split_test(d)
                    if len(d) < MIN_PAIRS:
                        warn.insert(0, "few_pairs")
                    if row["split"]:
                        warn.append("split")
                row["warnings"] = ",".join(warn)
                rows.append(row)
    table = pd.DataFrame(rows, columns=COLUMNS)
    # rank within scenario x outcome by median, in the outcome's better direction
    for o in outcomes:
        direction = DIRECTION.get(o, 0)
        if not direction:
            continue
        m = table["outcome"] == o
        table.loc[m, "rank"] = (table.loc[m, "median"] * direction).groupby(
            table.loc[m, "scenario"]).rank(ascending=False, method="min")
    if LOSSES in outcomes and (WOUND_UP in s.columns or AT_RISK in s.columns):
        _horizon_ranks(table, s)
    if TOTAL in outcomes:
        _transfers(table)
    table.attrs["bootstrap"] = {"n_boot": int(n_boot), "seed": int(seed)}  # (about.json)
    return table


def _transfers(table: pd.DataFrame) -> None:
    """Flag losses after protection that fall only because someone else pays them.

    Where a strategy cuts ``losses_if_wound_up`` but not ``total_losses`` (the same money,
    the horizon's included, before investor protection: lost whoever bears it), the cut is
    what the protection fund repays: a transfer. Those rows (and ``user_losses`` where it
    is cut too) carry ``transfer`` and no effect per cost, which read as "-995 thousand CNY
    per million spent" for a fund whose cost is what it repays (policy trial). A cut in
    realised losses that the horizon takes back is the ``horizon`` warning's, not this.
    """
    for _, g in table.groupby(["scenario", "strategy"], sort=False):
        verdicts = dict(zip(g["outcome"], g["verdict"], strict=True))
        if verdicts.get(WOUND_UP) != "better" or verdicts.get(TOTAL) in (None, "", "better"):
            continue
        cut = g.index[g["outcome"].isin([LOSSES, WOUND_UP]) & (g["verdict"] == "better")]
        table.loc[cut, "effect_per_cost"] = np.nan
        table.loc[cut, "warnings"] = [",".join(filter(None, [w, "transfer"]))
                                      for w in table.loc[cut, "warnings"]]


def _horizon_ranks(table: pd.DataFrame, s: pd.DataFrame) -> None:
    """Rank by losses with what the horizon hides; flag the user-loss rows that fall.

    What the horizon hides is priced by ``losses_if_wound_up`` when the results have it
    (realised losses plus what winding up the platforms still at risk would cost users, each
    weighted by how much it is at risk: ``money_outcomes.at_risk_weight``),
    else it is all the money at risk (``user_losses + money_at_risk``: every weighted claim
    counted as lost, an upper bound). Only a strategy whose own median hidden loss reaches
    the smallest effect that matters for user losses is flagged: a rank moved by small
    change (or only by other strategies' hidden losses) says nothing about that
    strategy's postponed losses. Only a move down the ranking is flagged.
    """
    total = s[WOUND_UP] if WOUND_UP in s.columns else s[LOSSES] + s[AT_RISK]
    by = [s["scenario"], s["strategy"]]
    med = total.groupby(by).median()
    at_risk = (total - s[LOSSES]).groupby(by).median()
    m = table["outcome"] == LOSSES
    idx = pd.MultiIndex.from_frame(table.loc[m, ["scenario", "strategy"]])
    vals = pd.Series(med.reindex(idx).to_numpy(), index=table.index[m])
    table.loc[m, "rank_at_risk"] = vals.groupby(table.loc[m, "scenario"]).rank(
        method="min")
    own = pd.Series(at_risk.reindex(idx).to_numpy(), index=table.index[m])
    # Flagged only where counting the hidden losses moves the strategy *down* the ranking
    # (rank 1 is the best): a strategy that climbs when they are counted has postponed
    # less than others, not more.
    moved = (table.loc[m, "rank_at_risk"] > table.loc[m, "rank"]) & (
        own >= table.loc[m, "min_effect"])
    moved = moved[moved].index
    table.loc[moved, "warnings"] = [",".join(filter(None, [w, "horizon"]))
                                   for w in table.loc[moved, "warnings"]]


def write_compare(results: ExperimentResults, table: pd.DataFrame,
                  out: str | Path | None = None, *, svg: bool = False,
                  figures: dict[str, Any] | None = None) -> list[Path]:
    """Write ``compare.csv``, ``compare.parquet`` and the figures (PNG, SVG on request).

    Files go to ``out`` (default ``RESULTS/compare``), each written atomically; figures
    of an earlier comparison in that folder that this one does not draw are removed (an
    experiment whose strategies changed leaves no stale figure behind). ``figures``: the
    figures of :func:`~trustsim.viz.plots.comparison_figures`, when already drawn.
    """
    from trustsim.outputs import about, atomic_write, write_frame, write_json
    from trustsim.viz.plots import comparison_figures

    folder = Path(out) if out is not None else results.folder / "compare"
    pairs = table.loc[~table["is_baseline"].astype(bool), "n_pairs"].dropna()
    made = about(results, baseline=str(table["baseline"].iloc[0]) if len(table) else None,
                 paired_runs=[int(pairs.min()), int(pairs.max())] if len(pairs) else None,
                 interval="95% percentile bootstrap of the median paired difference (of "
                          "the mean on tail rows and yes-or-no outcomes)",
                 bootstrap=table.attrs.get("bootstrap"),
                 min_effect=dict(zip(table["outcome"], table["min_effect"], strict=True)))
    written = [write_frame(table, folder / "compare.csv"),
               write_frame(table, folder / "compare.parquet"),
               write_json(made, folder / "about.json")]
    figures = figures if figures is not None else comparison_figures(results, table)
    for name, fig in figures.items():
        for fmt in ("png", "svg") if svg else ("png",):
            written.append(atomic_write(
                folder / f"{name}.{fmt}",
                lambda p, fig=fig, fmt=fmt: fig.savefig(p, dpi=110, format=fmt)))
    keep = {p.name for p in written}
    for old in [*folder.glob("*.png"), *folder.glob("*.svg")]:
        if old.name not in keep:
            old.unlink(missing_ok=True)
    return written
