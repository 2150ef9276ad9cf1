"""Strategy comparison with honest uncertainty: paired differences and bootstrap intervals.

Core functions: :func:`compare` (the tidy comparison table), :func:`format_table` (a
readable on-screen table), :func:`findings` (plain-language sentences generated from the
numbers) and :func:`write_compare` (the table as CSV and Parquet plus the figures).

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
zero, *worse* when it is all on the worse side, *unclear* when it straddles zero.
"""

from __future__ import annotations

import zlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from trustsim import outcomes as registry
from trustsim.scenario import ScenarioError
from trustsim.textfmt import num as _num
from trustsim.textfmt import table as _table

if TYPE_CHECKING:
    from trustsim.experiments.store import ExperimentResults

__all__ = ["DIRECTION", "COST", "compare", "findings", "format_table", "headline_outcome",
           "verdict", "write_compare"]

#: Which way is better for each outcome: +1 higher is better, -1 lower is better, 0 neither
#: (a descriptive outcome: no win share, no rank). Derived from ``trustsim.outcomes``.
DIRECTION: dict[str, int] = {n: o.direction for n, o in registry.OUTCOMES.items()}

#: The outcome used as a strategy's cost (thousand CNY).
COST = "platform_spending"

PAIR_KEYS = ["scenario", "design_point", "replication", "seed"]

COLUMNS = ["scenario", "strategy", "outcome", "direction", "baseline", "is_baseline",
           "n_runs", "median", "p10", "p90", "n_pairs", "diff_median", "diff_mean",
           "ci_low", "ci_high", "min_effect", "n_better", "n_worse", "win_share", "verdict",
           "rank",
           "extra_cost", "effect_per_cost"]


def _summaries(results: ExperimentResults | pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """The summaries table and the experiment's outcome names (in order)."""
    if isinstance(results, pd.DataFrame):
        s = results
        known = [c for c in s.columns if c in DIRECTION]
        return s, known
    s = results.summaries
    return s, [o for o in results.manifest["outcomes"] if o in s.columns]


def _stable_seed(seed: int, *names: str) -> np.random.SeedSequence:
    """A seed for one group that does not depend on row or group order."""
    return np.random.SeedSequence([int(seed), *(zlib.crc32(n.encode()) for n in names)])


def _boot_median_ci(d: np.ndarray, n_boot: int, rng: np.random.Generator
                    ) -> tuple[float, float]:
    if len(d) == 0:
        return np.nan, np.nan
    if len(d) == 1 or np.ptp(d) == 0:
        return float(d[0]), float(d[0])
    idx = rng.integers(0, len(d), size=(n_boot, len(d)))
    meds = np.median(d[idx], axis=1)
    lo, hi = np.percentile(meds, [2.5, 97.5])
    return float(lo), float(hi)


def verdict(direction: int, ci_low: float, ci_high: float, min_effect: float = 0.0) -> str:
    """The verdict of a paired comparison from its 95 % interval.

    The interval is turned so that positive means "better" (multiplied by ``direction``),
    then:

    * ``negligible`` -- the whole interval lies within ``[-min_effect, +min_effect]``
      (with ``min_effect = 0`` only an interval of exactly zero: a tie);
    * ``better`` -- otherwise, the whole interval is above zero;
    * ``worse`` -- otherwise, the whole interval is below zero;
    * ``unclear`` -- the interval straddles zero and reaches beyond the threshold.

    A descriptive outcome (``direction`` 0) or a missing interval gets ``""``.

    Example:
        >>> verdict(-1, -26258.0, 1093.0, 100.0)   # lower is better, straddles zero
        'unclear'
        >>> verdict(-1, -3.0, -1.0, 0.5), verdict(1, 0.001, 0.004, 0.02)
        ('better', 'negligible')
    """
    if not direction or not (np.isfinite(ci_low) and np.isfinite(ci_high)):
        return ""
    lo, hi = sorted((direction * ci_low, direction * ci_high))
    m = max(float(min_effect), 0.0)
    if -m <= lo and hi <= m:
        return "negligible"
    if lo > 0:
        return "better"
    if hi < 0:
        return "worse"
    return "unclear"


def compare(results: ExperimentResults | pd.DataFrame, baseline: str | None = None,
            outcomes: list[str] | None = None, n_boot: int = 2000, seed: int = 0,
            min_effect: dict[str, float] | None = None) -> pd.DataFrame:
    """Compare every strategy with a baseline, per scenario and outcome, on paired runs.

    Args:
        results: an experiment's results (or a summaries DataFrame with ``scenario,
            strategy, design_point, replication`` (``seed`` optional) and outcome columns).
        baseline: the strategy to compare with (default ``do_nothing`` when present, else
            the first strategy).
        outcomes: outcomes to compare (default: every outcome the experiment kept).
        n_boot: bootstrap resamples for the confidence intervals.
        seed: seed of the bootstrap (the table is reproducible, and independent of row
            order).
        min_effect: smallest effects that matter, by outcome, overriding the outcome
            registry's (default: the experiment file's ``min_effect:``, then the registry).

    Returns:
        One row per scenario x strategy x outcome (plan order): ``direction`` (higher,
        lower or blank when neither is better), ``n_runs, median, p10, p90`` of the
        outcome; paired against the baseline: ``n_pairs``, ``diff_median`` (median of the
        run-by-run differences strategy - baseline) with its bootstrap 95 % interval
        ``ci_low, ci_high``, ``diff_mean``, ``n_better``/``n_worse`` and ``win_share``
        (share of pairs where the strategy beats the baseline, ties counting one half);
        ``min_effect`` (the smallest effect that matters) and ``verdict`` (better,
        worse, negligible or unclear: see :func:`verdict`);
        ``rank`` within scenario and outcome (1 = best median; baseline included);
        ``extra_cost`` (median paired extra platform spending, thousand CNY) and
        ``effect_per_cost`` (``diff_median`` per thousand CNY of ``extra_cost``, where
        the strategy costs more than the baseline). Baseline rows carry their own
        statistics and NaN differences.

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
        baseline = "do_nothing" if "do_nothing" in strategies else strategies[0]
    elif baseline not in strategies:
        raise ScenarioError("unknown baseline strategy", key="--baseline", value=baseline,
                            allowed=strategies)
    if outcomes is None:
        outcomes = known
    else:
        bad = [o for o in outcomes if o not in s.columns or o in PAIR_KEYS + ["strategy"]]
        if bad:
            raise ScenarioError("unknown outcome", key="--outcomes", value=bad[0],
                                allowed=known)
    thresholds = {n: o.min_effect for n, o in registry.OUTCOMES.items()}
    if not isinstance(results, pd.DataFrame):
        thresholds.update(results.manifest.get("min_effect") or {})
    thresholds.update(min_effect or {})
    keys = [k for k in PAIR_KEYS if k in s.columns]
    s = s.sort_values(["scenario", "strategy", *keys[1:]], kind="stable")
    scen_order = list(dict.fromkeys(results.summaries["scenario"] if not isinstance(
        results, pd.DataFrame) else s["scenario"]))
    has_cost = COST in s.columns
    rows: list[dict[str, Any]] = []
    for sc in scen_order:
        g = s[s["scenario"] == sc]
        base = g[g["strategy"] == baseline]
        for st in [x for x in strategies if x in set(g["strategy"])]:
            mine = g[g["strategy"] == st]
            pairs = mine.merge(base, on=keys, suffixes=("", "_b"))
            cost_d = ((pairs[COST] - pairs[f"{COST}_b"]).to_numpy(float)
                      if has_cost and st != baseline else np.array([]))
            extra_cost = float(np.nanmedian(cost_d)) if cost_d.size and not np.isnan(
                cost_d).all() else np.nan
            for o in outcomes:
                direction = DIRECTION.get(o, 0)
                y = mine[o].to_numpy(float)
                y = y[~np.isnan(y)]
                row: dict[str, Any] = {
                    "scenario": sc, "strategy": st, "outcome": o,
                    "direction": {1: "higher", -1: "lower"}.get(direction, ""),
                    "baseline": baseline, "is_baseline": st == baseline, "n_runs": len(y),
                    "median": float(np.median(y)) if len(y) else np.nan,
                    "p10": float(np.percentile(y, 10)) if len(y) else np.nan,
                    "p90": float(np.percentile(y, 90)) if len(y) else np.nan,
                    "n_pairs": 0, "diff_median": np.nan, "diff_mean": np.nan,
                    "ci_low": np.nan, "ci_high": np.nan,
                    "min_effect": thresholds.get(o, 0.0) if direction else np.nan,
                    "n_better": 0, "n_worse": 0,
                    "win_share": np.nan, "verdict": "", "rank": np.nan,
                    "extra_cost": np.nan, "effect_per_cost": np.nan}
                if st != baseline:
                    d = (pairs[o] - pairs[f"{o}_b"]).to_numpy(float)
                    d = d[~np.isnan(d)]
                    rng = np.random.default_rng(_stable_seed(seed, sc, st, o))
                    lo, hi = _boot_median_ci(d, n_boot, rng)
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
                        row["verdict"] = verdict(direction, lo, hi, row["min_effect"])
                    if (o != COST and extra_cost > 1e-9 and len(d)
                            and np.isfinite(extra_cost)):
                        row["effect_per_cost"] = row["diff_median"] / extra_cost
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
    return table


def headline_outcome(table: pd.DataFrame) -> str | None:
    """The outcome the summary leads with.

    ``final_trust`` when compared, else the first outcome that has a better direction.
    """
    outs = list(dict.fromkeys(table["outcome"]))
    for o in registry.primary_names():
        if o in outs:
            return o
    return next((o for o in outs if DIRECTION.get(o, 0)), None)


def _effect_phrase(outcome: str, diff: float, lo: float, hi: float, base: str) -> str:
    """The effect in words, with its interval in the same orientation as the words."""
    o = registry.OUTCOMES.get(outcome)
    if o is not None and o.better and np.isfinite(diff):
        direction = o.direction or 1
        good = direction * diff >= 0
        sign = 1 if diff >= 0 else -1
        a, b = sorted((sign * lo, sign * hi))
        words = (o.better if good else o.worse).format(v=_num(abs(diff)), b=base)
        return f"{words} (95% CI {_num(a)} to {_num(b)})"
    return (f"changes {outcome} by {'+' if diff >= 0 else ''}{_num(diff)} compared with "
            f"{base} (95% CI {_num(lo)} to {_num(hi)})")


def sentence(row: pd.Series | dict) -> str:
    """One plain-language sentence for a compared (non-baseline) row of the table."""
    r = dict(row)
    if r["n_pairs"] == 0:
        return (f"In {r['scenario']}, {r['strategy']} has no runs paired with "
                f"{r['baseline']} for {r['outcome']}.")
    effect = _effect_phrase(r["outcome"], r["diff_median"], r["ci_low"], r["ci_high"],
                            r["baseline"])
    text = f"In {r['scenario']}, {r['strategy']} {effect}"
    if r["direction"]:
        text += f", better in {r['n_better']} of {r['n_pairs']} paired runs"
    if r["verdict"] == "unclear":
        text += "; the interval includes no difference"
    elif r["verdict"] == "negligible":
        text += (f"; too small to matter (the interval lies within "
                 f"\u00b1{_num(r['min_effect'])})")
    return text + "."


def findings(table: pd.DataFrame, outcome: str | None = None) -> list[str]:
    """Plain-language findings, one sentence per scenario.

    Each names the best strategy on ``outcome`` (default :func:`headline_outcome`) with its
    paired effect and interval against the baseline.
    """
    outcome = outcome or headline_outcome(table)
    if outcome is None:
        return []
    out = []
    t = table[table["outcome"] == outcome]
    for sc, g in t.groupby("scenario", sort=False):
        others = g[~g["is_baseline"]]
        if others.empty:
            continue
        base = g["baseline"].iloc[0]
        key = others["diff_median"] * (DIRECTION.get(outcome, 0) or 1)
        best = others.loc[key.idxmax()] if key.notna().any() else others.iloc[0]
        if best["verdict"] == "better" or (not best["direction"] and best["n_pairs"]):
            out.append(f"{sentence(best)} It is the best response to {sc} on "
                       f"{outcome}.")
        elif best["verdict"] == "negligible":
            out.append(f"In {sc}, no strategy changes {outcome} by a margin that matters "
                       f"(\u00b1{_num(best['min_effect'])}) compared with {base}: the best, "
                       f"{best['strategy']}, "
                       + _effect_phrase(outcome, best["diff_median"], best["ci_low"],
                                        best["ci_high"], base) + ".")
        elif best["verdict"] == "unclear":
            out.append(f"In {sc}, no strategy is clearly better than {base} on {outcome}: "
                       f"the best, {best['strategy']}, "
                       + _effect_phrase(outcome, best["diff_median"], best["ci_low"],
                                        best["ci_high"], base)
                       + f", better in {best['n_better']} of {best['n_pairs']} paired runs.")
        else:
            out.append(f"In {sc}, every strategy does worse than {base} on {outcome}; the "
                       f"least bad is {best['strategy']} (median paired difference "
                       f"{_num(best['diff_median'])}, 95% CI {_num(best['ci_low'])} to "
                       f"{_num(best['ci_high'])}).")
    return out


def _band(r: Any) -> str:
    return f"{_num(r.median)} [{_num(r.p10)}, {_num(r.p90)}]"


def format_table(table: pd.DataFrame, outcomes: list[str] | None = None) -> str:
    """A readable text table: per scenario, one line per strategy x outcome.

    Columns: median [10 %, 90 %], paired effect vs the baseline with its 95 % interval,
    paired runs in which the strategy is better, rank, and effect per thousand CNY of
    extra platform spending.
    """
    if outcomes is not None:
        table = table[table["outcome"].isin(outcomes)]
    blocks = []
    header = ("strategy", "outcome", "median [p10, p90]", "effect vs base", "95% CI",
              "better in", "rank", "per 1k CNY")
    for sc, g in table.groupby("scenario", sort=False):
        base = g["baseline"].iloc[0]
        n = int(g["n_pairs"].max()) if len(g) else 0
        rows = []
        for r in g.itertuples():
            if r.is_baseline:
                eff = ci = better = "(baseline)"
                ci = better = ""
            else:
                eff = _num(r.diff_median)
                ci = f"{_num(r.ci_low)} to {_num(r.ci_high)}"
                better = f"{r.n_better}/{r.n_pairs}" if r.direction else ""
                eff += {"better": " +", "worse": " -", "negligible": " ~"}.get(r.verdict, "")
            rank = "" if not np.isfinite(r.rank) else str(int(r.rank))
            rows.append((r.strategy, r.outcome + {"higher": " ^", "lower": " v"}.get(
                r.direction, ""), _band(r), eff, ci, better, rank,
                _num(r.effect_per_cost) if np.isfinite(r.effect_per_cost) else ""))
        blocks.append(f"{sc} (baseline {base}; {n} paired runs)\n" + _table(rows, header))
    legend = ("^ higher is better, v lower is better; effect = median paired difference "
              "strategy - baseline; + better / - worse: the whole 95% bootstrap interval "
              "is on that side of zero; ~ negligible: the whole interval is within the "
              "smallest effect that matters; no mark: unclear; per 1k CNY = median effect "
              "per thousand CNY of median extra platform spending")
    return "\n\n".join(blocks) + "\n\n" + legend


def write_compare(results: ExperimentResults, table: pd.DataFrame,
                  out: str | Path | None = None, *, svg: bool = False) -> list[Path]:
    """Write ``compare.csv``, ``compare.parquet`` and the figures (PNG, SVG on request).

    Files go to ``out`` (default ``RESULTS/compare``), each written atomically.
    """
    from trustsim.outputs import atomic_write, write_frame
    from trustsim.viz.plots import comparison_figures

    folder = Path(out) if out is not None else results.folder / "compare"
    written = [write_frame(table, folder / "compare.csv"),
               write_frame(table, folder / "compare.parquet")]
    for name, fig in comparison_figures(results, table).items():
        for fmt in ("png", "svg") if svg else ("png",):
            written.append(atomic_write(
                folder / f"{name}.{fmt}",
                lambda p, fig=fig, fmt=fmt: fig.savefig(p, dpi=110, format=fmt)))
    return written
