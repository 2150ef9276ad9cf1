"""Scenario discovery from a sweep's results: which conditions lead to an outcome?

Core functions: :func:`discover` (PRIM, the Patient Rule Induction Method of Friedman and
Fisher 1999, as implemented by the EMA Workbench: the optional ``ema`` extra) and
:func:`format_discovery`. The cases of interest are the runs whose outcome is below (or
above) a threshold; the conditions are the experiment's design parameters, plus the
scenario and the strategy as categories when the results hold more than one. PRIM peels
the parameter space into a box where the cases concentrate: its *coverage* is the share of
all cases inside the box, its *density* the share of runs inside the box that are cases,
its *mass* the share of all runs inside it. Of the boxes on the peeling trajectory, the
densest one that keeps at least ``min_coverage`` of the cases is reported.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from trustsim.scenario import ScenarioError
from trustsim.textfmt import num
from trustsim.textfmt import table as table_text

if TYPE_CHECKING:
    from trustsim.experiments.store import ExperimentResults

__all__ = ["Discovery", "discover", "format_discovery"]


@dataclass
class Discovery:
    """A PRIM box and how it was found.

    Attributes:
        outcome: the outcome; rule: ``"< X"`` or ``"> X"``; threshold: X.
        n_runs: runs used; n_cases: runs whose outcome meets the rule.
        coverage, density, mass: of the chosen box (see the module docstring).
        box: index of the chosen box on the peeling trajectory.
        limits: one row per condition the box restricts: ``parameter, low, high``
            (a numeric range) or ``values`` (categories), and the full range.
        trajectory: PRIM's peeling trajectory (coverage, density, mass, restricted
            dimensions per box).
    """

    outcome: str
    rule: str
    threshold: float
    n_runs: int
    n_cases: int
    coverage: float
    density: float
    mass: float
    box: int
    limits: pd.DataFrame
    trajectory: pd.DataFrame


def _prim():
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # optional extras of the workbench warn
            from ema_workbench.analysis import prim
    except ImportError:
        raise ScenarioError("scenario discovery needs the EMA Workbench: "
                            "pip install -e '.[ema]' (make test installs it)",
                            key="discover") from None
    return prim


def discover(results: ExperimentResults, outcome: str, *, below: float | None = None,
             above: float | None = None, scenario: str | None = None,
             strategy: str | None = None, min_coverage: float = 0.5,
             peel_alpha: float = 0.05) -> Discovery:
    """Find the conditions under which ``outcome`` is below (or above) a threshold.

    Args:
        results: a sweep's results with a design over parameters.
        outcome: an outcome the experiment kept.
        below: the cases of interest are runs with ``outcome < below``.
        above: or runs with ``outcome > above`` (exactly one of the two).
        scenario: use this scenario's runs only (default: all, scenario a condition).
        strategy: use this strategy's runs only (default: all, strategy a condition).
        min_coverage: the reported box keeps at least this share of the cases.
        peel_alpha: share of runs peeled per PRIM step.

    Returns:
        The :class:`Discovery`.

    Raises:
        ScenarioError: an unknown outcome, scenario or strategy; no design parameters;
            no case or only cases; the EMA Workbench missing.
    """
    if (below is None) == (above is None):
        raise ScenarioError("give exactly one threshold", key="--below/--above",
                            value=f"below={below}, above={above}")
    s = results.summaries
    known = [o for o in results.manifest["outcomes"] if o in s.columns]
    if outcome not in known:
        raise ScenarioError("not an outcome of these results", key="outcome (--outcome)",
                            value=outcome, allowed=known)
    for key, name in (("scenario", scenario), ("strategy", strategy)):
        if name is not None:
            names = list(dict.fromkeys(s[key]))
            if name not in names:
                raise ScenarioError(f"no runs of this {key}", key=f"--{key}", value=name,
                                    allowed=names)
            s = s[s[key] == name]
    params = list(results.manifest["design"]["parameters"])
    if not params:
        raise ScenarioError("scenario discovery needs an experiment with a design over "
                            "parameters (design.parameters in the experiment file)",
                            file=str(results.folder))
    s = s[s[outcome].notna()]
    x = s[params].reset_index(drop=True).copy()
    for col in params:  # PRIM's box limits are floats (integer columns break them)
        if pd.api.types.is_numeric_dtype(x[col]) and not pd.api.types.is_bool_dtype(x[col]):
            x[col] = x[col].astype(float)
        else:
            x[col] = pd.Categorical(x[col].astype(str))
    for key in ("scenario", "strategy"):
        if s[key].nunique() > 1:
            x[key] = pd.Categorical(s[key].to_numpy())
    values = s[outcome].to_numpy(float)
    threshold = float(below if below is not None else above)
    y = values < threshold if below is not None else values > threshold
    rule = f"{'<' if below is not None else '>'} {num(threshold)}"
    if y.sum() == 0 or y.all():
        raise ScenarioError(f"{'no' if y.sum() == 0 else 'every'} run has {outcome} "
                            f"{rule}: PRIM needs both kinds of runs", key="--below"
                            if below is not None else "--above", value=threshold,
                            allowed=f"between {num(values.min())} and {num(values.max())}")
    prim = _prim()
    # The EMA Workbench's PRIM silently drops a column named "scenario" (its own
    # experiments' scenario ids): give ours another name for PRIM, and its own back after.
    inner = {c: f"{c} " if c == "scenario" else c for c in x.columns}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        box = prim.Prim(x.rename(columns=inner), y, peel_alpha=peel_alpha).find_box()
    traj = box.peeling_trajectory.reset_index(drop=True)
    ok = traj[traj["coverage"] >= min_coverage]
    k = int(ok.sort_values(["density", "coverage"], ascending=False).index[0]) if len(
        ok) else 0
    lims, full = box.box_lims[k], box.box_lims[0]
    rows = []
    for col in x.columns:
        a, f = lims[inner[col]], full[inner[col]]
        if isinstance(f.iloc[0], set):
            if a.iloc[0] != f.iloc[0]:
                rows.append({"parameter": col, "low": np.nan, "high": np.nan,
                             "values": ", ".join(sorted(map(str, a.iloc[0]))),
                             "full_low": np.nan, "full_high": np.nan})
        elif (a.iloc[0], a.iloc[1]) != (f.iloc[0], f.iloc[1]):
            rows.append({"parameter": col, "low": float(a.iloc[0]),
                         "high": float(a.iloc[1]), "values": "",
                         "full_low": float(f.iloc[0]), "full_high": float(f.iloc[1])})
    r = traj.iloc[k]
    return Discovery(outcome, rule, threshold, len(y), int(y.sum()), float(r["coverage"]),
                     float(r["density"]), float(r["mass"]), k,
                     pd.DataFrame(rows, columns=["parameter", "low", "high", "values",
                                                 "full_low", "full_high"]), traj)


def format_discovery(d: Discovery) -> str:
    """The box in words and a table of its limits."""
    head = (f"{d.n_cases} of {d.n_runs} runs have {d.outcome} {d.rule} "
            f"({100 * d.n_cases / d.n_runs:.0f} %).\n"
            f"PRIM box {d.box}: {100 * d.density:.0f} % of the runs inside it have "
            f"{d.outcome} {d.rule} (density), and it holds {100 * d.coverage:.0f} % of all "
            f"such runs (coverage) in {100 * d.mass:.0f} % of all runs (mass).")
    if d.limits.empty:
        return head + "\nThe box restricts no condition: the cases spread over the whole " \
                      "design."
    rows = [(r.parameter, r.values or f"{num(r.low)} to {num(r.high)}",
             "" if r.values else f"{num(r.full_low)} to {num(r.full_high)}")
            for r in d.limits.itertuples()]
    return head + "\nconditions of the box:\n" + table_text(
        rows, ("condition", "inside the box", "whole design"))
