"""Is a knife-edge a switch? The part of a lever's range where it jumps, looked at closer.

A lever is a knife-edge with a *steep start* when its largest jump between adjacent tenths
is the first one: a little of the lever does most of what all of it does. That is either
a switch (anything above zero does the same) or a response that keeps changing, over
orders of magnitude, inside the first tenth. A knife-edge of a parameter whose natural
axis is logarithmic is looked at on that axis when its jump lies in the first two tenths,
where that axis is finer than the tenths (:func:`steep_starts`). Every other knife-edge
(its largest jump further in: :func:`later_knife_edges`) is looked at across the tenth of
that jump: a tipping point (a run that starts or not) stays a step there, a steep but
continuous slope spreads over it.
Core functions: :func:`closer_values` (where to look), :func:`sweep_steep_starts`
(paired-seed sweeps of them) and :func:`steep_report` (the largest step there as a share
of what those values do, and a verdict).

How it looks closer (docs/validation.md §4.4):

* a parameter whose natural axis is logarithmic (:data:`~trustsim.experiments.
  lever_targets.LOG_SCALE`: rates, weights of daily evidence, money against log-normal
  wealth) is swept at 11 values evenly spaced in ratio over two decades below the top of
  its range (``high / 100`` to ``high``); when its range starts at zero, zero (the
  channel off) is swept too and the step from zero to ``high / 100`` is reported apart
  (``off_share``): it compares a channel off with one on, not two strengths;
* any other parameter is swept at 11 values evenly spaced across the first step of its
  coarse sweep (its first tenth: a hundredth of the range apart);
* a knife-edge further in (scale ``largest step``) is swept at 11 values evenly spaced
  across the tenth where its largest jump lies, whatever its kind.

Integer parameters take the distinct integers nearest to those values; a lever left with
fewer than three is not looked at (no closer values exist).

The verdict reads the closer values as the smoothness report reads the tenths (the same
35 % line, seeds and noise test): *smooth closer* when no step between adjacent closer
values exceeds 35 % of what those values do, else *a switch*; *inert closer* when those
values move less than the outcome's smallest effect that matters. The step from zero
(channel off) to the first ratio counts when it is above the line and moves at least
what matters: *a switch at zero* when the closer values are inert, *smooth closer, a step
from zero* when they are smooth. Any failed run makes the verdict *error*.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from trustsim.experiments.lever_targets import LOG_SCALE, TARGETS, Target
from trustsim.experiments.smoothness import (
    MAX_JUMP_SHARE,
    RunOne,
    grid,
    min_effect_of,
    smoothness_report,
    sweep_levers,
)
from trustsim.params import describe

__all__ = ["CLOSER_POINTS", "DECADES", "EARLY", "closer_values", "later_knife_edges",
           "steep_report", "steep_starts", "sweep_steep_starts"]

CLOSER_POINTS = 11
"""Values of each closer sweep (zero, the channel off, comes on top of them)."""

DECADES = 2
"""How many decades below the top of its range a log-scale parameter is swept."""

EARLY = 0.2
"""A knife-edge of a log-scale parameter is looked at on its log axis when its largest jump
ends within this share of the range (its first two tenths), where that axis is finer."""

_ACROSS = ("its largest jump lies further in: across the tenth of that jump (a tipping "
           "point stays a step there; a steep slope spreads over it)")

_COLUMNS = ["lever", "scenario", "outcome", "scale", "low", "high", "n_values",
            "coarse_share", "coarse_where", "closer_effect", "jump_share", "jump_at", "jump_to",
            "mean_jump_share", "off_share", "effect_p", "failed_runs", "verdict", "why"]


def steep_starts(report: pd.DataFrame) -> pd.DataFrame:
    """The knife-edges of a smoothness report to look at closer.

    Those whose largest jump is the range's first (a steep start), and every knife-edge of
    a :data:`LOG_SCALE` parameter whose largest jump ends within the first :data:`EARLY`
    of its range (its first two tenths): a rate's effect runs through its time scale, so a
    response that saturates reads as a jump between two low tenths (``inspection_rate``
    0.01 to 0.02 of 0-0.1) that equal ratios may spread, and a switch on that axis is still
    found (``a switch``). Higher up the log axis is coarser than the tenths: such a jump
    is looked at across its tenth instead (:func:`later_knife_edges`).
    """
    knife = report["verdict"] == "knife-edge"
    on_log = report["lever"].isin(list(LOG_SCALE))
    # only where the log axis is finer than the tenths: up to a fifth of the range its
    # steps (equal ratios, 10 ** 0.2 apart) are narrower than a tenth; above, coarser
    early = report["jump_to"] <= report["low"] + EARLY * (report["high"] - report["low"]) + 1e-12
    return report[knife & ((report["jump_where"] == "start") | (on_log & early))]


def later_knife_edges(report: pd.DataFrame) -> pd.DataFrame:
    """The knife-edges of a smoothness report that :func:`steep_starts` leaves out.

    Their largest jump lies further in than their first tenth (a rate's: further than its
    first two); they are looked at across the tenth of that jump (scale ``largest step``).
    """
    knife = report[report["verdict"] == "knife-edge"]
    return knife[~knife["lever"].isin(steep_starts(report)["lever"])]


def _is_int(name: str) -> bool:
    return any(r["name"] == name and r["type"] == "int" for r in describe())


def closer_values(name: str, low: float, high: float, *, first: float | None = None,
                  across: tuple[float, float] | None = None,
                  points: int = CLOSER_POINTS, decades: int = DECADES
                  ) -> tuple[str, list[float]]:
    """Where to look closer at a knife-edge of ``name`` swept over ``[low, high]``.

    Args:
        name: the parameter.
        low: the low end of its swept range.
        high: the high end.
        first: the end of the coarse sweep's first step (default: a tenth of the range).
        across: ``(a, b)``, the two adjacent values of a later knife-edge's largest jump:
            look across that step instead (scale ``largest step``, any kind of parameter).
        points: values on the closer axis.
        decades: the log axis spans ``high / 10**decades`` to ``high``.

    Returns:
        ``(scale, values)``: ``("log", ...)`` for a :data:`LOG_SCALE` parameter (``points``
        values evenly spaced in ratio from ``high / 10**decades`` to ``high``, after a
        leading 0 when ``low`` is 0; when ``low`` is above ``high / 10**decades`` the
        ratios start at ``low``; values of a range starting between 0 and ``high /
        10**decades`` below that are not swept), else ``("first step", ...)``:
        ``points`` values evenly spaced from ``low`` to ``first``. An integer parameter
        takes the distinct integers nearest to them (so fewer values, perhaps fewer than
        three). With ``across``: ``("largest step", ...)``, ``points`` values evenly
        spaced from ``a`` to ``b`` (integers as above).

    Raises:
        ValueError: an empty range, or a log-scale parameter whose top is not positive.

    Example:
        >>> closer_values("redemption_cap", 1.0, 100.0, points=3)
        ('log', [1.0, 10.0, 100.0])
        >>> closer_values("invest_share", 0.0, 1.0, points=3)
        ('first step', [0.0, 0.05, 0.1])
        >>> closer_values("initial_trust_mean", 0.0, 1.0, across=(0.5, 0.6), points=3)
        ('largest step', [0.5, 0.55, 0.6])
    """
    if not high > low or points < 2:
        raise ValueError(f"{name}: cannot look closer at [{low}, {high}]")
    if across is not None:
        a, b = (float(x) for x in across)
        if not low <= a < b <= high:
            raise ValueError(f"{name}: the step [{a}, {b}] is not in the range [{low}, {high}]")
        return "largest step", [float(v) for v in grid(name, points, a, b)]
    if name in LOG_SCALE:
        if not high > 0:
            raise ValueError(f"{name}: a log axis needs a positive top, not {high}")
        start = max(high / 10.0 ** decades, low)
        if not start > 0:
            raise ValueError(f"{name}: a log axis needs a positive start")
        scale, xs = "log", list(np.geomspace(start, high, points))
        if low == 0:
            xs = [0.0, *xs]
    else:  # the tenths' own grid (integers rounded as there), over the first step
        end = low + (high - low) / 10.0 if first is None else float(first)
        if not low < end <= high:
            raise ValueError(f"{name}: the first step [{low}, {end}] is not in the range")
        return "first step", [float(v) for v in grid(name, points, low, end)]
    if _is_int(name):
        return scale, [float(v) for v in dict.fromkeys(int(round(x)) for x in xs)]
    return scale, [round(float(x), 12) for x in xs]


def sweep_steep_starts(report: pd.DataFrame, *, seeds: int | Sequence[int] = 10,
                       users: int | None = None, workers: int = 1,
                       targets: Mapping[str, Target] | None = None,
                       run_one: RunOne | None = None, progress: Any = False,
                       points: int = CLOSER_POINTS) -> pd.DataFrame:
    """Sweep the closer values of every knife-edge of ``report``.

    Where to look is :func:`closer_values`: the steep starts and rates' early knife-edges
    (:func:`steep_starts`) on their log axis or first step, the others
    (:func:`later_knife_edges`) across their largest step.

    Args:
        report: a :func:`~trustsim.experiments.smoothness.smoothness_report`.
        seeds: the seeds of the report's sweep, as in
            :func:`~trustsim.experiments.smoothness.sweep_levers`.
        users: ``n_users`` for every run (default: each scenario's own size).
        workers: processes; 1 runs in this process.
        targets: lever -> :class:`Target` whose overrides apply (default :data:`TARGETS`).
        run_one: the run function (default: the real model).
        progress: a progress bar or log.
        points: values per closer sweep.

    Returns:
        The runs, as :func:`~trustsim.experiments.smoothness.sweep_levers` (empty when
        there is none). A lever with fewer than three closer values (an
        integer parameter over a short step) is left out.
    """
    targets = TARGETS if targets is None else targets
    closer: dict[str, Target] = {}
    later = set(later_knife_edges(report)["lever"])
    for r in report[report["verdict"] == "knife-edge"].itertuples(index=False):
        across = (float(r.jump_at), float(r.jump_to)) if r.lever in later else None
        _, values = closer_values(r.lever, float(r.low), float(r.high),
                                  first=float(r.jump_to), across=across, points=points)
        if len([v for v in values if v > 0 or across or r.lever not in LOG_SCALE]) < 3:
            continue  # an integer over a short step: no closer values exist
        base = targets.get(r.lever)
        closer[r.lever] = Target(r.scenario, r.outcome, "a closer look at a knife-edge",
                                 overrides=dict(base.overrides) if base else {},
                                 values=tuple(values))
    if not closer:
        return pd.DataFrame(columns=["lever", "scenario", "outcome", "value", "seed",
                                     "result", "error"])
    return sweep_levers(list(closer), seeds=seeds, users=users, workers=workers,
                        targets=closer, run_one=run_one, progress=progress)


def steep_report(closer_runs: pd.DataFrame, report: pd.DataFrame, *,
                 max_jump_share: float = MAX_JUMP_SHARE) -> pd.DataFrame:
    """Judge each knife-edge looked at closer (:func:`sweep_steep_starts`) on its values.

    Args:
        closer_runs: the runs of :func:`sweep_steep_starts`.
        report: the smoothness report of the whole ranges (its jump share is shown
            beside, as ``coarse_share``).
        max_jump_share: the largest step, as a share of what the closer values do, still
            called smooth.

    Returns:
        One row per lever: lever, scenario, outcome, scale (``log``, ``first step`` or
        ``largest step``),
        low and high (the closer values on the judged axis, zero left out), n_values,
        coarse_share and coarse_where (the tenths' largest jump: its share and where,
        ``start``, ``interior`` or ``end``), closer_effect (max - min of the judged
        medians, in the outcome's units), jump_share, jump_at and jump_to (the largest
        step on the judged values), mean_jump_share (the same share of the means over
        seeds: where each seed steps at its own point, a median of few seeds steps where
        the middle one does and the mean need not; the verdict reads the median),
        off_share (log scale from zero: the step from zero to the first ratio, as a share
        of everything the values with zero do; NaN otherwise), effect_p, failed_runs,
        verdict (``smooth closer``, ``a switch``, ``inert closer``, ``a switch at
        zero`` (the closer values do the same, and the step from zero does more than the
        line and at least what matters), ``smooth closer, a step from zero``, ``noise``,
        or ``error`` when any run failed) and why (the kind of axis, from :data:`LOG_SCALE`).
    """
    whole = report.set_index("lever")
    later = set(later_knife_edges(report)["lever"])
    out = []
    for lever, df in closer_runs.groupby("lever", sort=False):
        values = np.array(sorted(df["value"].unique()), dtype=float)
        log = lever in LOG_SCALE and lever not in later
        off = log and values[0] == 0
        scale = "largest step" if lever in later else "log" if log else "first step"
        why = (_ACROSS if lever in later else
               LOG_SCALE.get(lever, "not a rate, weight or amount of money: across the first "
                                    "step of the coarse sweep"))
        judged = df[df["value"] > 0] if off else df
        rec: dict[str, Any] = dict.fromkeys(_COLUMNS, math.nan)
        rec.update(lever=lever, scenario=df["scenario"].iloc[0],
                   outcome=df["outcome"].iloc[0], scale=scale,
                   coarse_share=float(whole.at[lever, "jump_share"]),
                   coarse_where=(str(whole.at[lever, "jump_where"])
                                 if "jump_where" in whole.columns else ""),
                   why=why)
        sub = smoothness_report(judged, max_jump_share=max_jump_share, n_boot=0)
        if not len(sub):
            continue
        s = sub.iloc[0]
        failed = int((df["error"].fillna("") != "").sum())
        rec.update(low=s["low"], high=s["high"], n_values=int(s["n_values"]),
                   closer_effect=s["total_effect"], jump_share=s["jump_share"],
                   jump_at=s["jump_at"], jump_to=s["jump_to"],
                   mean_jump_share=s["mean_jump_share"], effect_p=s["effect_p"],
                   failed_runs=failed)
        rec["verdict"] = "error" if failed else {
            "smooth": "smooth closer", "knife-edge": "a switch",
            "inert": "inert closer"}.get(s["verdict"], s["verdict"])
        if off and not failed:
            med = df.groupby("value")["result"].median().reindex(values).to_numpy(float)
            span = float(np.nanmax(med) - np.nanmin(med))
            step = abs(med[1] - med[0])
            rec["off_share"] = step / span if span > 0 else math.nan
            if rec["off_share"] > max_jump_share and step >= min_effect_of(rec["outcome"]):
                rec["verdict"] = {"inert closer": "a switch at zero",
                                  "smooth closer": "smooth closer, a step from zero"
                                  }.get(rec["verdict"], rec["verdict"])
        out.append(rec)
    return pd.DataFrame(out, columns=_COLUMNS)
