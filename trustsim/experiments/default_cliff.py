"""Is a default on a cliff? The response around it, five times finer than the tenths.

Each suspect lever is swept again around its default. Core functions:
:func:`local_window` (the values around a default), :func:`sweep_defaults` (paired-seed
sweeps of those windows) and :func:`default_report` (the steps next to the default as a
share of the lever's whole effect, and a verdict).

Why (docs/validation.md §4.1, item 11):
:func:`trustsim.experiments.smoothness.smoothness_report` reads each lever on the tenths of
its range, so a default inside a steep first tenth shares that tenth's whole jump, whether
the response is a cliff there or a slope too fine for the grid to see. Here the window of a
fifth of the range centred on the default (kept inside the range) is swept at 11 values, a
fiftieth of the range apart, on the same scenario, outcome and seeds; the steps next to the
default are divided by the lever's total effect over its whole range (from the smoothness
report). A default is *on a cliff* when one of those steps exceeds the same 35 % share: a
fiftieth of the range does more than a third of all the lever does. Otherwise the response
is *gradual* at the default.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from trustsim.experiments.lever_targets import TARGETS, Target
from trustsim.experiments.smoothness import MAX_JUMP_SHARE, RunOne, default_jump, sweep_levers

__all__ = ["LOCAL_POINTS", "LOCAL_WIDTH", "default_report", "local_window",
           "skipped_as_noise", "suspects", "sweep_defaults"]

LOCAL_POINTS = 11
"""Values in each window around a default."""

LOCAL_WIDTH = 0.2
"""The window's width as a share of the lever's swept range (a tenth each side)."""


def local_window(default: float, low: float, high: float, *,
                 width: float = LOCAL_WIDTH) -> tuple[float, float]:
    """The window of ``width`` x (high - low) centred on ``default``, clipped to the range.

    A default near an end keeps the window's width by shifting it inside the range.

    Raises:
        ValueError: a default outside [low, high] or an empty range.
    """
    if not high > low or not low <= default <= high:
        raise ValueError(f"default {default} is not inside the range [{low}, {high}]")
    half = 0.5 * width * (high - low)
    lo, hi = default - half, default + half
    if lo < low:
        lo, hi = low, min(high, low + 2 * half)
    if hi > high:
        lo, hi = max(low, high - 2 * half), high
    return float(lo), float(hi)


def suspects(report: pd.DataFrame, *,
             max_jump_share: float = MAX_JUMP_SHARE) -> pd.DataFrame:
    """The rows of a smoothness report whose default sits in a tenth above the line.

    A lever judged ``noise`` is left out: its steps are the seeds', not the lever's, and a
    finer sweep would only resolve the seeds' noise more finely.
    """
    steep = report["default_jump_share"] > max_jump_share
    return report[steep & (report["verdict"] != "noise")]


def skipped_as_noise(report: pd.DataFrame, *,
                     max_jump_share: float = MAX_JUMP_SHARE) -> pd.DataFrame:
    """The rows :func:`suspects` leaves out: a default in a steep tenth of a ``noise`` lever.

    The summary lists them; they are not swept again around their defaults.
    """
    steep = report["default_jump_share"] > max_jump_share
    return report[steep & (report["verdict"] == "noise")]


def sweep_defaults(report: pd.DataFrame, *, seeds: int | Sequence[int] = 10,
                   users: int | None = None, points: int = LOCAL_POINTS,
                   width: float = LOCAL_WIDTH, workers: int = 1,
                   targets: Mapping[str, Target] | None = None,
                   run_one: RunOne | None = None, progress: Any = False,
                   max_jump_share: float = MAX_JUMP_SHARE) -> pd.DataFrame:
    """Sweep the window around the default of every suspect lever of ``report``.

    Args:
        report: a :func:`~trustsim.experiments.smoothness.smoothness_report`; its suspects
            (:func:`suspects`) are swept, each on its own scenario and outcome.
        seeds: the seeds of the report's sweep (the steps are compared with its total
            effect), as in :func:`~trustsim.experiments.smoothness.sweep_levers`.
        users: ``n_users`` for every run (default: each scenario's own size).
        workers: processes; 1 runs in this process.
        run_one: the run function (default: the real model).
        progress: a progress bar or log.
        points: values per window.
        width: the window's width as a share of the lever's swept range.
        targets: lever -> :class:`Target` whose overrides apply (default :data:`TARGETS`).
        max_jump_share: which defaults are suspect.

    Returns:
        The runs, as :func:`~trustsim.experiments.smoothness.sweep_levers` (empty when
        there is no suspect).
    """
    targets = TARGETS if targets is None else targets
    local: dict[str, Target] = {}
    for r in suspects(report, max_jump_share=max_jump_share).itertuples(index=False):
        lo, hi = local_window(float(r.default), float(r.low), float(r.high), width=width)
        base = targets.get(r.lever)
        local[r.lever] = Target(r.scenario, r.outcome, "around the default", lo, hi,
                                overrides=dict(base.overrides) if base else {})
    if not local:
        return pd.DataFrame(columns=["lever", "scenario", "outcome", "value", "seed",
                                     "result", "error"])
    return sweep_levers(list(local), seeds=seeds, users=users, points=points,
                        workers=workers, targets=local, run_one=run_one, progress=progress)


def default_report(local_runs: pd.DataFrame, report: pd.DataFrame, *,
                   max_jump_share: float = MAX_JUMP_SHARE) -> pd.DataFrame:
    """Judge each swept default: the step next to it as a share of the whole effect.

    Args:
        local_runs: the runs of :func:`sweep_defaults`.
        report: the smoothness report of the whole ranges (its ``total_effect`` is the
            denominator, its ``default_jump_share`` the coarse figure shown beside).
        max_jump_share: the largest share of the whole effect a step beside the default may
            move and still be called gradual.

    Returns:
        One row per lever: lever, default, low and high (the window), coarse_share (the
        tenth around the default in the smoothness report), local_share (the larger
        median step beside the default over the window's grid, / total effect),
        window_effect (max - min of the window's medians, / total effect), failed_runs and
        verdict (``gradual``, ``on a cliff``, or ``error`` when runs failed).
    """
    whole = report.set_index("lever")
    out = []
    for lever, df in local_runs.groupby("lever", sort=False):
        values = np.array(sorted(df["value"].unique()), dtype=float)
        med = (df.groupby("value")["result"].median().reindex(values).to_numpy(float))
        total = float(whole.at[lever, "total_effect"])
        default = float(whole.at[lever, "default"])
        failed = int((df["error"].fillna("") != "").sum())
        rec = {"lever": lever, "default": default, "low": values[0], "high": values[-1],
               "coarse_share": float(whole.at[lever, "default_jump_share"]),
               "local_share": math.nan, "window_effect": math.nan,
               "failed_runs": failed, "verdict": "error"}
        if not failed and not np.isnan(med).any() and total > 0:
            steps = np.abs(np.diff(med)) / total
            local = default_jump(values, steps, default)
            rec.update(local_share=local,
                       window_effect=float((med.max() - med.min()) / total),
                       verdict="on a cliff" if local > max_jump_share else "gradual")
        out.append(rec)
    return pd.DataFrame(out, columns=["lever", "default", "low", "high", "coarse_share",
                                      "local_share", "window_effect", "failed_runs",
                                      "verdict"])
