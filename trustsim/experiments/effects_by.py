"""Paired effects split by a design parameter: where does a strategy stop working?

Core functions: :func:`compare_by` (the comparison table repeated within bins of one
design parameter) and :func:`format_by` (a text table: per scenario and strategy, the
effect with its interval in each bin). Bins of a numeric parameter with more distinct
values than bins are quantile bins of the design points (equal numbers of points); other
parameters get one bin per value. Pairs never cross bins: both runs of a pair share their
design point.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from trustsim.experiments.wording import reads_mean, stated_effect
from trustsim.scenario import ScenarioError
from trustsim.textfmt import num
from trustsim.textfmt import table as table_text

if TYPE_CHECKING:
    from trustsim.experiments.store import ExperimentResults

__all__ = ["compare_by", "format_by"]


def _bins(values: pd.Series, bins: int) -> tuple[pd.Series, list[tuple[str, float, float]]]:
    """Bin label per row, and (label, low, high) per bin in order."""
    numeric = pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values)
    uniq = sorted(values.dropna().unique())
    if numeric and len(uniq) > bins:
        cut = pd.qcut(values.astype(float), bins, duplicates="drop")
        cats = list(cut.cat.categories)
        lows = [float(values[cut == c].min()) for c in cats]
        highs = [float(values[cut == c].max()) for c in cats]
        labels = [f"{num(lo)}-{num(hi)}" for lo, hi in zip(lows, highs, strict=True)]
        mapping = dict(zip(cats, labels, strict=True))
        return cut.map(mapping).astype(str), list(zip(labels, lows, highs, strict=True))
    labels = [str(v) for v in uniq]
    order = [(lab, float(v) if numeric else np.nan, float(v) if numeric else np.nan)
             for lab, v in zip(labels, uniq, strict=True)]
    return values.astype(str), order


def compare_by(results: ExperimentResults, param: str, *, bins: int = 4,
               baseline: str | None = None, outcomes: list[str] | None = None,
               n_boot: int = 2000, seed: int = 0) -> pd.DataFrame:
    """The comparison table (:func:`trustsim.compare`) within bins of ``param``.

    Args:
        results: results of an experiment whose design varies ``param``.
        param: a design parameter (``design.parameters`` of the experiment file).
        bins: bins of a numeric parameter (quantiles of the design points).
        baseline: as for :func:`trustsim.compare`.
        outcomes: as for :func:`trustsim.compare`.
        n_boot: as for :func:`trustsim.compare`.
        seed: as for :func:`trustsim.compare`.

    Returns:
        The comparison's columns plus ``by`` (the parameter), ``bin`` (its label),
        ``bin_low``/``bin_high`` (its range; NaN for a choice) and ``n_points`` (design
        points in the bin), bins in increasing order.

    Raises:
        ScenarioError: ``param`` is not a design parameter, or ``bins`` < 1.
    """
    from trustsim.experiments.compare import compare

    params = list(results.manifest["design"]["parameters"])
    if param not in params:
        raise ScenarioError("not a parameter of the experiment's design", key="by (--by)",
                            value=param, allowed=params or "none: the experiment has no "
                            "design (add design.parameters to the experiment file)")
    if bins < 1:
        raise ScenarioError("must be at least 1", key="bins (--bins)", value=bins)
    s = results.summaries
    if s.empty:
        raise ScenarioError("no finished runs to compare", file=str(results.folder))
    label, order = _bins(s[param], bins)
    thresholds = results.manifest.get("min_effect") or {}
    if outcomes is not None:  # the experiment's, for the outcomes compared here (review)
        thresholds = {k: v for k, v in thresholds.items() if k in outcomes}
    parts = []
    for lab, lo, hi in order:
        sub = s[label == lab]
        if sub.empty:
            continue
        tab = compare(sub, baseline=baseline, outcomes=outcomes, n_boot=n_boot, seed=seed,
                      min_effect=thresholds)
        tab.insert(0, "n_points", int(sub["design_point"].nunique()))
        tab.insert(0, "bin_high", hi)
        tab.insert(0, "bin_low", lo)
        tab.insert(0, "bin", lab)
        tab.insert(0, "by", param)
        parts.append(tab)
    return pd.concat(parts, ignore_index=True)


def format_by(table: pd.DataFrame, outcome: str) -> str:
    """Per scenario, one line per strategy: the effect on ``outcome`` in each bin.

    Each cell is ``effect [low, high] mark`` with the marks of the comparison table
    (``+`` better, ``-`` worse, ``~`` negligible, none: unclear).
    """
    t = table[(table["outcome"] == outcome) & ~table["is_baseline"]]
    if t.empty:
        return f"no compared rows for {outcome}"
    param = t["by"].iloc[0]
    bins = list(dict.fromkeys(table["bin"]))
    blocks = []
    for sc, g in t.groupby("scenario", sort=False):
        rows = []
        for st, h in g.groupby("strategy", sort=False):
            cells = []
            for b in bins:
                r = h[h["bin"] == b]
                if r.empty or not r["n_pairs"].iloc[0]:
                    cells.append("")
                    continue
                r = r.iloc[0]
                mark = {"better": " +", "worse": " -", "negligible": " ~"}.get(r["verdict"], "")
                d, lo, hi = stated_effect(r)
                cells.append(f"{num(d)} [{num(lo)}, {num(hi)}]"
                             f"{' (mean)' if reads_mean(r) else ''}{mark}")
            rows.append((st, *cells))
        n = t[t["scenario"] == sc].groupby("bin", sort=False)["n_pairs"].max()
        header = ("strategy", *(f"{param} {b} ({int(n.get(b, 0))} pairs)" for b in bins))
        blocks.append(f"{sc}: effect on {outcome} vs {g['baseline'].iloc[0]}, by {param}\n"
                      + table_text(rows, header))
    return "\n\n".join(blocks)
